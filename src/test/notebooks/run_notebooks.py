"""Runs every notebook on the installed IJava kernel with Jupyter's own executor and checks it.

    python3 src/test/notebooks/run_notebooks.py [--out target/notebooks] [--timeout 120] [NOTEBOOK ...]

For each notebook (default: notebooks/*.ipynb) it executes all cells headless with nbclient on kernel
"java", then fails the notebook when

  * a cell raised an error, or wrote to stderr (unless the cell is tagged ``stderr-ok``);
  * a cell tagged ``plot`` produced no image/png, or a blank one;
  * a cell tagged ``progress`` does not end with a progress summary line (``rl-progress-done``);
  * a claim fails: code prints ``CLAIM name=value`` lines (``Lab.claim(name, value)``) and the cell's
    metadata states what each must satisfy::

        "metadata": {"tags": ["claim"],
                     "residual_lab": {"claims": {"plain_ratio": "< 1e-3",
                                                 "residual_ratio": "in [0.1, 10]",
                                                 "residual_loss": ["< 0.2", "< plain_loss"],
                                                 "winner": "== residual"}}}

    A condition is ``<, <=, >, >=, ==, !=`` followed by a number, another claim's name or a word, or
    ``in [low, high]`` (inclusive). Expectations may also sit in the notebook's metadata under
    ``residual_lab.claims``. Every printed claim needs an expectation, every expectation a printed
    claim, and a cell tagged ``claim`` must print at least one;
  * the kernel's peak resident memory passed --max-rss-mb (default 1536).

A notebook may raise the per-cell timeout with ``"residual_lab": {"cell_timeout": 300}`` in its
metadata. Executed notebooks go to OUT as .ipynb and .html, their images to OUT/<name>/, the kernel's
log to OUT/<name>.kernel.log, and a report (wall time, slowest cell, peak memory) to OUT/report.json
and the terminal.
"""
import argparse
import base64
import glob
import json
import os
import re
import shutil
import struct
import sys
import time
import zlib

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

CLAIM_LINE = re.compile(r"^CLAIM ([A-Za-z_][A-Za-z0-9_.-]*)=(\S+)\s*$")
CONDITION = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$")
RANGE = re.compile(r"^\s*in\s*\[\s*(\S+)\s*,\s*(\S+)\s*\]\s*$")


# --- claims ---------------------------------------------------------------------------------------------

def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def resolve(token, claims):
    """A condition's right-hand side: a number, another claim's value, or a plain word."""
    n = as_number(token)
    if n is not None:
        return n, token
    if token in claims:
        v = claims[token]
        return (as_number(v) if as_number(v) is not None else v), f"{token} ({v})"
    return token, token


def check_condition(name, value, condition, claims):
    """None when `value` (a string) satisfies `condition`, else why not."""
    m = RANGE.match(condition)
    if m:
        lo, lo_txt = resolve(m.group(1), claims)
        hi, hi_txt = resolve(m.group(2), claims)
        v = as_number(value)
        if v is None or not isinstance(lo, float) or not isinstance(hi, float):
            return f"claim {name}={value}: 'in [{lo_txt}, {hi_txt}]' needs numbers"
        return None if lo <= v <= hi else f"claim {name}={value} is not in [{lo_txt}, {hi_txt}]"
    m = CONDITION.match(condition)
    if not m:
        return (f"claim {name}: cannot read the condition '{condition}' "
                f"(use <, <=, >, >=, ==, != followed by a number, a claim name or a word, or 'in [a, b]')")
    op, token = m.group(1), m.group(2)
    rhs, rhs_txt = resolve(token, claims)
    lhs = as_number(value)
    if lhs is None or not isinstance(rhs, float):
        if op not in ("==", "!="):
            return f"claim {name}={value}: '{op} {rhs_txt}' needs two numbers"
        lhs, rhs = value, claims.get(token, token)
    holds = {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs, "==": lhs == rhs, "!=": lhs != rhs} \
        if isinstance(lhs, float) else {"==": lhs == rhs, "!=": lhs != rhs}
    return None if holds[op] else f"claim {name}={value} does not satisfy '{op} {rhs_txt}'"


def conditions_of(expectation):
    return [expectation] if isinstance(expectation, str) else list(expectation)


def check_claims(nb):
    """Problems with the notebook's claims, and the claims it printed."""
    problems, printed, expected = [], {}, {}
    for name, exp in nb.metadata.get("residual_lab", {}).get("claims", {}).items():
        expected[name] = ("notebook metadata", exp)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {i + 1}"
        for name, exp in cell.metadata.get("residual_lab", {}).get("claims", {}).items():
            expected[name] = (where, exp)
        found = 0
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                for line in out.get("text", "").splitlines():
                    m = CLAIM_LINE.match(line)
                    if m:
                        found += 1
                        if m.group(1) in printed:
                            problems.append(f"{where}: claim {m.group(1)} printed twice")
                        printed[m.group(1)] = m.group(2)
                    elif line.startswith("CLAIM"):
                        problems.append(f"{where}: unreadable claim line '{line}' (want CLAIM name=value)")
        if "claim" in cell.metadata.get("tags", []) and found == 0:
            problems.append(f"{where} is tagged 'claim' but printed no CLAIM line")
    for name, value in printed.items():
        if name not in expected:
            problems.append(f"claim {name}={value} has no expectation: add it to the cell's metadata "
                            f"residual_lab.claims")
    for name, (where, exp) in expected.items():
        if name not in printed:
            problems.append(f"{where} expects claim {name} but no cell printed it")
            continue
        for cond in conditions_of(exp):
            why = check_condition(name, printed[name], cond, printed)
            if why:
                problems.append(f"{where}: {why}")
    return problems, printed


# --- images and progress --------------------------------------------------------------------------------

def png_problem(b64):
    """None when the base64 text is a PNG with a non-trivial picture, else what is wrong."""
    try:
        data = base64.b64decode(b64)
    except Exception as e:  # noqa: BLE001 - any decoding failure is the answer
        return f"image/png is not base64 ({e})"
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "image/png does not start with the PNG signature"
    width, height = struct.unpack(">II", data[16:24])
    if width < 50 or height < 50:
        return f"image is only {width}x{height} pixels"
    pos, idat = 8, b""
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    try:
        raw = zlib.decompress(idat)
    except zlib.error as e:
        return f"image data does not decompress ({e})"
    if len(set(raw)) < 8:
        return f"image {width}x{height} looks blank (only {len(set(raw))} distinct byte values)"
    return None


def outputs_with(cell, mime):
    return [o for o in cell.get("outputs", []) if mime in o.get("data", {})]


def check_cells(nb):
    problems, images = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where, tags = f"cell {i + 1}", cell.metadata.get("tags", [])
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{where} raised {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and "stderr-ok" not in tags:
                problems.append(f"{where} wrote to stderr: {out.get('text', '').strip()[:300]}")
        pngs = outputs_with(cell, "image/png")
        for k, out in enumerate(pngs):
            images.append((i + 1, k + 1, out["data"]["image/png"]))
        if "plot" in tags:
            if not pngs:
                problems.append(f"{where} is tagged 'plot' but produced no image/png")
            for out in pngs:
                why = png_problem(out["data"]["image/png"])
                if why:
                    problems.append(f"{where}: {why}")
        if "progress" in tags:
            html = " ".join(o["data"]["text/html"] for o in outputs_with(cell, "text/html"))
            if "rl-progress-done" not in html or "<progress" in html:
                problems.append(f"{where} is tagged 'progress' but does not end with a progress summary line")
    return problems, images


# --- running ----------------------------------------------------------------------------------------------

def peak_rss_mb(client):
    """The kernel's peak resident set (VmHWM) in MB, or None where /proc does not tell."""
    try:
        pid = client.km.provisioner.pid
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (AttributeError, OSError, ValueError):
        return None
    return None


def run_one(path, out_dir, timeout, max_rss_mb):
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get("residual_lab", {})
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    result = {"notebook": path, "problems": [], "cells": [], "peak_rss_mb": None}
    if kernel != "java":
        result["problems"].append(f"kernelspec is '{kernel}', not 'java' (set metadata.kernelspec.name)")
    cell_timeout = int(meta.get("cell_timeout", timeout))
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="java", allow_errors=False,
                            startup_timeout=120, resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    log_path = os.path.join(out_dir, name + ".kernel.log")
    started = time.monotonic()
    with open(log_path, "w") as log:
        try:
            with client.setup_kernel(stdout=log, stderr=log):
                info = client.wait_for_reply(client.kc.kernel_info())
                nb.metadata["language_info"] = info["content"]["language_info"]
                result["kernel_ready_s"] = round(time.monotonic() - started, 2)
                for index, cell in enumerate(nb.cells):
                    t0 = time.monotonic()
                    try:
                        client.execute_cell(cell, index)
                    finally:
                        if cell.cell_type == "code":
                            result["cells"].append({"cell": index + 1, "seconds": round(time.monotonic() - t0, 2)})
                            # cold start: from launching the kernel to the first code cell's result
                            result.setdefault("first_result_s", round(time.monotonic() - started, 2))
                result["peak_rss_mb"] = peak_rss_mb(client)
        except CellTimeoutError as e:
            result["problems"].append(f"a cell ran past the {cell_timeout} s timeout: {str(e).strip()[:300]}")
        except CellExecutionError:
            pass  # the error output is in the cell; check_cells reports it
        except DeadKernelError as e:
            result["problems"].append(f"the kernel died: {e} (see {log_path}; out of memory?)")
        except Exception as e:  # noqa: BLE001 - a kernel that will not start, a broken spec...
            result["problems"].append(f"could not run: {type(e).__name__}: {e}")
    result["seconds"] = round(time.monotonic() - started, 2)

    cell_problems, images = check_cells(nb)
    claim_problems, claims = check_claims(nb)
    result["claims"] = claims
    ran = len(result["cells"])
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    if ran > 0:  # when no cell ran, every check would fail: the reason it did not run is enough
        result["problems"] += cell_problems + claim_problems
    if ran < code_cells and not result["problems"]:
        result["problems"].append(f"only {ran} of {code_cells} code cells ran")
    rss = result["peak_rss_mb"]
    if rss is not None and rss > max_rss_mb:
        result["problems"].append(f"the kernel's peak resident memory was {rss:.0f} MB, over the {max_rss_mb} MB limit")

    nbformat.write(nb, os.path.join(out_dir, name + ".ipynb"))
    html, _ = HTMLExporter().from_notebook_node(nb)
    with open(os.path.join(out_dir, name + ".html"), "w", encoding="utf-8") as f:
        f.write(html)
    img_dir = os.path.join(out_dir, name)
    shutil.rmtree(img_dir, ignore_errors=True)
    os.makedirs(img_dir)
    for cell_no, k, b64 in images:
        with open(os.path.join(img_dir, f"cell{cell_no:02d}-{k}.png"), "wb") as f:
            f.write(base64.b64decode(b64))
    if result["problems"]:
        with open(log_path) as f:
            result["kernel_log_tail"] = f.read()[-2000:]
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--out", default="target/notebooks", help="where executed notebooks and the report go")
    parser.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds (default 120)")
    parser.add_argument("--max-rss-mb", type=int, default=1536, help="kernel memory limit in MB (default 1536)")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted(glob.glob("notebooks/*.ipynb"))
    if not paths:
        print("no notebooks found (looked for notebooks/*.ipynb)", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    results = []
    for path in paths:
        print(f"▶ {path}", flush=True)
        r = run_one(path, args.out, args.timeout, args.max_rss_mb)
        results.append(r)
        for p in r["problems"]:
            print(f"    ✘ {p}", flush=True)
        if r["problems"] and r.get("kernel_log_tail", "").strip():
            print("    kernel log (tail):\n      " + r["kernel_log_tail"].strip().replace("\n", "\n      "))

    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("\nnotebook                               result   wall s  kernel ready s  first result s  slowest cell   peak MB  claims")
    for r in results:
        slow = max(r["cells"], key=lambda c: c["seconds"], default=None)
        slow_txt = f"#{slow['cell']} {slow['seconds']:.1f}s" if slow else "-"
        rss = f"{r['peak_rss_mb']:.0f}" if r["peak_rss_mb"] is not None else "?"
        print(f"{os.path.basename(r['notebook']):<38} {'ok' if not r['problems'] else 'FAIL':<8} {r['seconds']:>6.1f}"
              f"  {r.get('kernel_ready_s', 0):>14.1f}  {r.get('first_result_s', 0):>14.1f}  {slow_txt:<13} {rss:>7}"
              f"  {len(r['claims'])}")
    total = sum(r["seconds"] for r in results)
    failed = [r for r in results if r["problems"]]
    print(f"\n{len(results) - len(failed)} of {len(results)} notebooks passed in {total:.1f} s; "
          f"executed copies and HTML in {args.out}/")
    series = [r for r in results if os.path.dirname(os.path.abspath(r["notebook"])) == os.path.abspath("notebooks")]
    if series:
        rss = [r["peak_rss_mb"] for r in series if r["peak_rss_mb"] is not None]
        print(f"curriculum (notebooks/): {len(series)} notebooks in {sum(r['seconds'] for r in series):.1f} s, "
              f"slowest {max(r['seconds'] for r in series):.1f} s, cold start to the first result at most "
              f"{max(r.get('first_result_s', 0) for r in series):.1f} s, peak kernel memory at most "
              f"{max(rss) if rss else float('nan'):.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
