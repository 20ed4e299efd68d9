"""Checks on the real kernel that Jupyter's stop button ends a loop driven by a Progress bar within a
few seconds, and that the kernel keeps working afterwards.

IJava answers the interrupt at once, while the cell's thread is still running; the bar's "interrupted"
summary only reaches the notebook when that thread draws it before the kernel finishes the request. So
the summary is reported, not required: after an interrupt a bar may keep its last live state.

    JUPYTER_PATH=target/lab/share/jupyter python3 src/test/notebooks/kernel_interrupt_check.py
"""
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

LOOP = """try (Progress bar = Lab.progress("endless", 1_000_000_000L)) {
    for (long i = 0; ; i++) bar.step(Math.sqrt(i));
}"""


def run(kc, code, timeout):
    """Executes code; returns (reply content, iopub messages of that request)."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    msgs = []
    while True:
        try:
            m = kc.get_iopub_msg(timeout=2)
        except queue.Empty:
            break
        if m["parent_header"].get("msg_id") == msg_id:
            msgs.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
    return reply["content"], msgs


def main():
    km, kc = start_new_kernel(kernel_name="java", startup_timeout=120)
    try:
        content, _ = run(kc, "import org.residuallab.notebook.*;\nLab.init();", 120)
        assert content["status"] == "ok", f"Lab.init() failed: {content}"
        msg_id = kc.execute(LOOP)
        time.sleep(4)
        started = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=30)
        stopped_after = time.monotonic() - started
        content = reply["content"]
        assert content["status"] == "error", f"the loop was not stopped by the interrupt: {content}"
        htmls = []
        while True:
            try:
                m = kc.get_iopub_msg(timeout=2)
            except queue.Empty:
                break
            if m["msg_type"] in ("display_data", "update_display_data"):
                htmls.append(m["content"]["data"].get("text/plain", ""))
        last = htmls[-1] if htmls else ""
        assert htmls, "the bar never showed"
        assert stopped_after < 10, f"the loop took {stopped_after:.1f} s to stop"
        content, _ = run(kc, "1 + 1", 30)
        assert content["status"] == "ok", f"the kernel did not recover after the interrupt: {content}"
        print(f"  ✔ stopped {stopped_after:.1f} s after the interrupt ({reply['content'].get('ename')}); the kernel still works")
        print(f"    the bar reads: {last}" + ("" if "interrupted at step" in last else
                                              "  (its summary lost the race with the kernel's reply)"))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print(f"✘ interrupt check: {e}", file=sys.stderr)
        sys.exit(1)
