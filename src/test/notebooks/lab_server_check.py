"""Checks that the notebook server bin/lab starts is not open to others: it listens on 127.0.0.1 only (the server
and the kernel it starts bind no other address), refuses requests without its token, serves them with it, and keeps
the token off its command line (other users see command lines in ps). Also: --ip names what it would expose.

    python3 src/test/notebooks/lab_server_check.py          (after bin/lab --install-only --prefix target/lab)
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def status(url, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=body)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def tree(pid):
    """pid and all its descendants."""
    pids, todo = set(), [pid]
    while todo:
        p = todo.pop()
        pids.add(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def listening(pids):
    """(address, port) of every listening TCP socket that one of pids holds."""
    inodes = set()
    for p in pids:
        try:
            for fd in os.listdir(f"/proc/{p}/fd"):
                try:
                    link = os.readlink(f"/proc/{p}/fd/{fd}")
                except OSError:
                    continue
                m = re.match(r"socket:\[(\d+)\]", link)
                if m:
                    inodes.add(m.group(1))
        except OSError:
            pass
    found = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[3] != "0A" or f[9] not in inodes:   # 0A: LISTEN
                continue
            addr, port = f[1].split(":")
            raw = bytes.fromhex(addr)
            if v6:
                words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
                ip = socket.inet_ntop(socket.AF_INET6, b"".join(words))
            else:
                ip = socket.inet_ntop(socket.AF_INET, raw[::-1])
            found.append((ip, int(port, 16)))
    return found


def main():
    port = free_port()
    log = open(os.path.join(ROOT, "target", "lab-server-check.log"), "w")
    lab = subprocess.Popen([os.path.join(ROOT, "bin", "lab"), "--prefix", os.path.join(ROOT, "target", "lab"), "--no-browser",
                            "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = None
        for _ in range(600):
            text = open(log.name).read()
            m = re.search(rf"http://127\.0\.0\.1:{port}/tree\?token=([0-9a-f]+)", text)
            if m:
                url, token = m.group(0), m.group(1)
                break
            assert lab.poll() is None, f"bin/lab stopped before serving:\n{text}"
            time.sleep(0.5)
        assert url, "bin/lab printed no URL within 5 minutes"
        base = f"http://127.0.0.1:{port}"
        assert len(token) >= 32, f"a short token: {token}"
        # without the token: refused (the API with 403, pages by a redirect to the login page)
        for path in ("/api/contents", "/api/kernels", "/api/sessions", "/api/terminals"):
            code = status(base + path)
            assert code in (401, 403), f"GET {path} without the token answered {code}"
        code = status(base + "/api/kernels", "POST", b"{}")
        assert code in (401, 403), f"starting a kernel without the token answered {code}"
        code = status(base + "/api/contents?token=" + "0" * len(token))
        assert code in (401, 403), f"a wrong token answered {code}"
        req = urllib.request.Request(base + "/tree")
        opener = urllib.request.build_opener(NoRedirect())
        try:
            r = opener.open(req, timeout=30)
            code, where = r.status, ""
        except urllib.error.HTTPError as e:
            code, where = e.code, e.headers.get("Location", "")
        assert code in (302, 401, 403) and (code != 302 or "login" in where), f"/tree without the token: {code} {where}"
        # with the token: served, and a kernel starts
        assert status(base + "/api/contents?token=" + token) == 200, "the token is refused"
        req = urllib.request.Request(base + "/api/kernels?token=" + token, method="POST", data=json.dumps({"name": "java"}).encode())
        with urllib.request.urlopen(req, timeout=60) as r:
            kernel = json.load(r)["id"]
        time.sleep(3)
        # nothing listens beyond 127.0.0.1: the server and its kernel
        pids = tree(lab.pid)
        sockets = listening(pids)
        assert any(p == port for _, p in sockets), f"the server's port {port} is not among {sockets} (pids {sorted(pids)})"
        others = [(ip, p) for ip, p in sockets if ip not in ("127.0.0.1", "::1", "::ffff:127.0.0.1")]
        assert not others, f"listening beyond 127.0.0.1: {others}"
        # the token is not on any command line of the server's processes
        for p in pids:
            try:
                cmdline = open(f"/proc/{p}/cmdline", "rb").read().decode(errors="replace")
            except OSError:
                continue
            assert token not in cmdline, f"the token is on the command line of process {p}: other users see it in ps"
        status(base + f"/api/kernels/{kernel}?token={token}", "DELETE")
        print(f"  ✔ bin/lab: {len(sockets)} listening sockets of the server and its kernel, all on 127.0.0.1; "
              f"requests without the token or with a wrong one refused (403), with it served; the token is on no command line")
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
    # --ip says what it exposes
    help_text = subprocess.run([os.path.join(ROOT, "bin", "lab"), "--help"], capture_output=True, text=True).stdout
    assert "--ip ADDR" in help_text and "exposes" in help_text, f"bin/lab --help does not explain --ip:\n{help_text}"
    print("  ✔ bin/lab --help says what --ip exposes")
    return 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print(f"✘ lab server check: {e}", file=sys.stderr)
        sys.exit(1)
