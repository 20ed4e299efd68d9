"""Runs every notebook on the installed IJava kernel with Jupyter's own executor and checks it.

    python3 src/test/notebooks/run_notebooks.py [--out target/notebooks] [--timeout 120] [NOTEBOOK ...]

For each notebook (default: notebooks/*.ipynb) it reads the notebook's sidecar, DIR/checks/NAME.json next to
DIR/NAME.ipynb, if there is one. The sidecar holds the test's own code and the claims the notebook's text
makes, so that the notebook students read has neither::

    {"notebook": "03-side-by-side.ipynb",
     "checks": [{"after": "c11",
                 "code": ["GradientFlow flow = GradientFlow.of(partA.probes(), \"plain-sigmoid-d20\");",
                          "Lab.claim(\"plain_ratio\", flow.ratioAt(0));",
                          "Lab.claim(\"winner\", \"residual\");"],
                 "claims": {"plain_ratio": ["< 1e-6", "> 0"],
                            "winner": "== residual"}}],
     "claims": {}}

Each check's code (a string, or a list of lines) runs as a code cell of its own right after the cell whose
nbformat ``id`` is ``after``; checks after the same cell run in the sidecar's order. Code prints claims as
``CLAIM name=value`` lines (``Lab.claim(name, value)``) and ``claims`` states what each must satisfy: a condition
is ``<, <=, >, >=, ==, !=`` followed by a number, another claim's name or a word, or ``in [low, high]``
(inclusive), or a list of conditions. The optional top-level ``claims`` holds expectations that belong to no
check in particular. The injected cells are removed again before the executed notebook is written.

Before the kernel starts it fails the notebook (and does not run it) when the notebook calls ``Lab.claim`` or
keeps expectations in its metadata (``residual_lab.claims``, tag ``claim``) — both belong in the sidecar — or
when the sidecar cannot be read or names a cell id the notebook does not have. After the run it fails the
notebook when

  * a cell raised an error, or wrote to stderr (unless the cell is tagged ``stderr-ok``);
  * a cell tagged ``plot`` produced no image/png, or a blank one;
  * a cell tagged ``progress`` does not end with a progress summary line (``rl-progress-done``);
  * a claim fails, a printed claim has no expectation, or an expectation's claim was printed by no cell;
  * the kernel's peak resident memory passed --max-rss-mb (default 1536).

Messages number cells as the notebook students see does; a check is "check after cell N (id X) of SIDECAR".
A notebook may raise the per-cell timeout with ``"residual_lab": {"cell_timeout": 300}`` in its metadata.
Executed notebooks (without the checks) go to OUT as .ipynb and .html, their images to OUT/<name>/, the
kernel's log to OUT/<name>.kernel.log, and a report (wall time, slowest cell, peak memory, claims) to
OUT/report.json and the terminal.
"""
import argparse
import base64
import copy
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


def check_claims(nb, sidecar="", notebook_claims=None):
    """Problems with the claims of an executed notebook (checks included), and the claims it printed.

    Expectations come from the injected check cells and from `notebook_claims`, the sidecar's top-level ones.
    """
    problems, printed, expected = [], {}, {}
    for name, exp in (notebook_claims or {}).items():
        expected[name] = (f"{sidecar} (top-level claims)", exp)
    for where, cell in zip(cell_labels(nb), nb.cells):
        if cell.cell_type != "code":
            continue
        for name, exp in check_of(cell).get("claims", {}).items():
            expected[name] = (where, exp)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                for line in out.get("text", "").splitlines():
                    m = CLAIM_LINE.match(line)
                    if m:
                        if m.group(1) in printed:
                            problems.append(f"{where}: claim {m.group(1)} printed twice")
                        printed[m.group(1)] = m.group(2)
                    elif line.startswith("CLAIM"):
                        problems.append(f"{where}: unreadable claim line '{line}' (want CLAIM name=value)")
    for name, value in printed.items():
        if name not in expected:
            problems.append(f"claim {name}={value} has no expectation: add it to the sidecar {sidecar or '(none)'}")
    for name, (where, exp) in expected.items():
        if name not in printed:
            problems.append(f"{where} expects claim {name}, but no cell printed it")
            continue
        for cond in conditions_of(exp):
            why = check_condition(name, printed[name], cond, printed)
            if why:
                problems.append(f"{where}: {why}")
    return problems, printed


# --- sidecars: the checks that run after the students' cells ---------------------------------------------

def sidecar_path(notebook_path):
    """DIR/checks/NAME.json for DIR/NAME.ipynb."""
    folder, name = os.path.split(notebook_path)
    return os.path.join(folder, "checks", os.path.splitext(name)[0] + ".json")


def is_expectation(exp):
    return isinstance(exp, str) or (isinstance(exp, list) and exp and all(isinstance(c, str) for c in exp))


def load_sidecar(path, notebook_name):
    """The sidecar at `path` as {"checks": [{"after", "code", "claims"}], "claims": {...}}, and what is wrong with it."""
    empty = {"checks": [], "claims": {}}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        return empty, [f"cannot read the sidecar {path}: {e}"]
    if not isinstance(data, dict):
        return empty, [f"{path}: want a JSON object with \"checks\", not {type(data).__name__}"]
    problems = [f"{path}: unknown key '{k}' (want notebook, checks, claims)"
                for k in data if k not in ("notebook", "checks", "claims")]
    if "notebook" in data and data["notebook"] != notebook_name:
        problems.append(f"{path} says it belongs to notebook '{data['notebook']}', not '{notebook_name}'")
    claims = data.get("claims", {})
    if not isinstance(claims, dict) or not all(is_expectation(e) for e in claims.values()):
        problems.append(f"{path}: top-level \"claims\" must map names to a condition or a list of conditions")
        claims = {}
    seen = set(claims)
    checks = []
    raw_checks = data.get("checks", [])
    if not isinstance(raw_checks, list):
        return empty, problems + [f"{path}: \"checks\" must be a list"]
    for k, ch in enumerate(raw_checks, 1):
        where = f"{path}, check {k}"
        if not isinstance(ch, dict):
            problems.append(f"{where}: want an object with after, code and claims")
            continue
        problems += [f"{where}: unknown key '{key}' (want after, code, claims)"
                     for key in ch if key not in ("after", "code", "claims")]
        after, code, exp = ch.get("after"), ch.get("code"), ch.get("claims")
        if not isinstance(after, str) or not after:
            problems.append(f"{where}: \"after\" must be the id of a cell in {notebook_name}")
        if isinstance(code, list) and all(isinstance(line, str) for line in code):
            code = "\n".join(code)
        if not isinstance(code, str) or not code.strip():
            problems.append(f"{where}: \"code\" must be Java code, a string or a list of lines")
        if not isinstance(exp, dict) or not exp or not all(is_expectation(e) for e in exp.values()):
            problems.append(f"{where}: \"claims\" must map each claim the code prints to a condition or a list of conditions")
            exp = {}
        for name in exp:
            if name in seen:
                problems.append(f"{where}: claim {name} has a second expectation")
            seen.add(name)
        checks.append({"after": after, "code": code, "claims": exp})
    return {"checks": checks, "claims": claims}, problems


def lint_notebook(nb, sidecar):
    """Problems with a notebook that still carries test code or expectations that belong in its sidecar."""
    problems = []
    if nb.metadata.get("residual_lab", {}).get("claims"):
        problems.append(f"the notebook's metadata holds residual_lab.claims: move them to the sidecar {sidecar}")
    for where, cell in zip(cell_labels(nb), nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{where} (id {cell.get('id')})"
        if "Lab.claim" in cell.source:
            problems.append(f"{where} calls Lab.claim: the notebook students read has no claims; "
                            f"move the claim code and its expectation to the sidecar {sidecar}")
        if cell.metadata.get("residual_lab", {}).get("claims") or "claim" in cell.metadata.get("tags", []):
            problems.append(f"{where} keeps claim expectations in its metadata (residual_lab.claims or tag 'claim'): "
                            f"move them to the sidecar {sidecar}")
    return problems


def check_of(cell):
    """The sidecar check an injected cell runs ({} for the notebook's own cells)."""
    return cell.metadata.get("residual_lab", {}).get("check", {})


def cell_labels(nb):
    """How messages name each cell: "cell N" as students number them, or "check after cell N (id X) of SIDECAR"."""
    labels, n = [], 0
    for cell in nb.cells:
        check = check_of(cell)
        if check:
            labels.append(f"check after cell {check['after_cell']} (id {check['after']}) of {check['sidecar']}")
        else:
            n += 1
            labels.append(f"cell {n}")
    return labels


def inject_checks(nb, sidecar, sidecar_name):
    """A copy of `nb` with each check's code as a code cell right after the cell it names, and problems."""
    index = {cell.get("id"): i for i, cell in enumerate(nb.cells)}
    placed, problems = {}, []
    for k, check in enumerate(sidecar["checks"], 1):
        if check["after"] in index:
            placed.setdefault(check["after"], []).append((k, check))
        else:
            hint = "" if any(c.get("id") for c in nb.cells) else " (its cells have no ids: save it as nbformat 4.5)"
            problems.append(f"{sidecar_name}, check {k}: runs after cell id '{check['after']}', "
                            f"but the notebook has no cell with that id{hint}")
    out = copy.deepcopy(nb)
    out.cells = []
    for i, cell in enumerate(nb.cells):
        out.cells.append(copy.deepcopy(cell))
        for k, check in placed.get(cell.get("id"), []):
            injected = nbformat.v4.new_code_cell(check["code"])
            injected.id = f"rl-check-{k}"
            injected.metadata["residual_lab"] = {"check": {
                "sidecar": sidecar_name, "index": k, "after": check["after"], "after_cell": i + 1,
                "claims": check["claims"]}}
            out.cells.append(injected)
    return out, problems


def without_checks(nb):
    """A copy of `nb` without the injected cells, execution counts renumbered as if they had never run."""
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if not check_of(cell)]
    count = 0
    for cell in out.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for o in cell.outputs:
                if o.get("output_type") == "execute_result":
                    o["execution_count"] = count
    return out


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
    """Problems with the cells' outputs, and the images of the notebook's own cells as (cell number, k, base64)."""
    problems, images, number = [], [], 0
    for where, cell in zip(cell_labels(nb), nb.cells):
        number += 0 if check_of(cell) else 1
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{where} raised {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and "stderr-ok" not in tags:
                problems.append(f"{where} wrote to stderr: {out.get('text', '').strip()[:300]}")
        pngs = outputs_with(cell, "image/png")
        if not check_of(cell):
            images += [(number, k + 1, out["data"]["image/png"]) for k, out in enumerate(pngs)]
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


def prepare(path):
    """The notebook at `path` with its sidecar's checks injected, the sidecar, and the problems found before running."""
    nb = nbformat.read(path, as_version=4)
    side = sidecar_path(path)
    problems = lint_notebook(nb, side)
    sidecar = {"checks": [], "claims": {}}
    if os.path.exists(side):
        sidecar, sidecar_problems = load_sidecar(side, os.path.basename(path))
        problems += sidecar_problems
    nb_run, inject_problems = inject_checks(nb, sidecar, side)
    return nb_run, sidecar, problems + inject_problems


def write_outputs(nb_run, out_dir, name, images):
    """Writes the executed notebook without its checks as OUT/NAME.ipynb and .html, and its images to OUT/NAME/."""
    nb = without_checks(nb_run)
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


def run_one(path, out_dir, timeout, max_rss_mb):
    name = os.path.splitext(os.path.basename(path))[0]
    nb, sidecar, problems = prepare(path)
    side = sidecar_path(path)
    result = {"notebook": path, "sidecar": side if os.path.exists(side) else None, "problems": problems,
              "cells": [], "checks": [], "claims": {}, "peak_rss_mb": None, "seconds": 0.0}
    if problems:  # the notebook or its sidecar is wrong: fix that before spending minutes on a run
        for stale in (name + ".ipynb", name + ".html"):
            if os.path.exists(os.path.join(out_dir, stale)):
                os.remove(os.path.join(out_dir, stale))
        return result
    meta = nb.metadata.get("residual_lab", {})
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "java":
        result["problems"].append(f"kernelspec is '{kernel}', not 'java' (set metadata.kernelspec.name)")
    cell_timeout = int(meta.get("cell_timeout", timeout))
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="java", allow_errors=False,
                            startup_timeout=120, resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    log_path = os.path.join(out_dir, name + ".kernel.log")
    started, ran, number = time.monotonic(), 0, 0
    with open(log_path, "w") as log:
        try:
            with client.setup_kernel(stdout=log, stderr=log):
                info = client.wait_for_reply(client.kc.kernel_info())
                nb.metadata["language_info"] = info["content"]["language_info"]
                result["kernel_ready_s"] = round(time.monotonic() - started, 2)
                for index, cell in enumerate(nb.cells):
                    check = check_of(cell)
                    number += 0 if check else 1
                    t0 = time.monotonic()
                    try:
                        client.execute_cell(cell, index)
                    finally:
                        if cell.cell_type == "code":
                            ran += 1
                            seconds = round(time.monotonic() - t0, 2)
                            if check:
                                result["checks"].append({"after_cell": check["after_cell"], "after": check["after"],
                                                         "seconds": seconds})
                            else:
                                result["cells"].append({"cell": number, "seconds": seconds})
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
    claim_problems, claims = check_claims(nb, side, sidecar["claims"])
    result["claims"] = claims
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    if ran > 0:  # when no cell ran, every check would fail: the reason it did not run is enough
        result["problems"] += cell_problems + claim_problems
    if ran < code_cells and not result["problems"]:
        result["problems"].append(f"only {ran} of {code_cells} code cells ran (checks included)")
    rss = result["peak_rss_mb"]
    if rss is not None and rss > max_rss_mb:
        result["problems"].append(f"the kernel's peak resident memory was {rss:.0f} MB, over the {max_rss_mb} MB limit")

    write_outputs(nb, out_dir, name, images)
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
