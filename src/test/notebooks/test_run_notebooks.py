"""Unit tests of the notebook runner's checks (no kernel needed): python3 -m unittest discover src/test/notebooks"""
import base64
import glob
import json
import os
import shutil
import struct
import sys
import tempfile
import unittest
import warnings
import zlib

import nbformat

sys.path.insert(0, os.path.dirname(__file__))
import run_notebooks as rn  # noqa: E402


def png(width, height, pixel):
    """A PNG of `width`x`height` RGB pixels given by pixel(x, y) -> (r, g, b), as base64."""
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(data).decode()


def notebook(*cells):
    """A notebook of code cells given as (source, tags, outputs); their ids are "a", "b", "c", ..."""
    nb = nbformat.v4.new_notebook()
    for k, (source, tags, outputs) in enumerate(cells):
        c = nbformat.v4.new_code_cell(source)
        c.id = "abcdefghij"[k]
        c.metadata["tags"] = tags
        c.outputs = outputs
        nb.cells.append(c)
    return nb


def stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def sidecar(*checks, claims=None):
    """A loaded sidecar: checks given as (after, code, claims)."""
    return {"checks": [{"after": a, "code": code, "claims": exp} for a, code, exp in checks], "claims": claims or {}}


def executed(nb, side, *check_outputs, name="checks/nb.json"):
    """`nb` with the checks of `side` injected, each injected cell given the next of `check_outputs`."""
    run, problems = rn.inject_checks(nb, side, name)
    assert problems == [], problems
    injected = [c for c in run.cells if rn.check_of(c)]
    for cell, outputs in zip(injected, check_outputs):
        cell.outputs = outputs
    return run


class ConditionTest(unittest.TestCase):
    def test_numeric_conditions_hold_or_say_why_not(self):
        self.assertIsNone(rn.check_condition("r", "3.2E-5", "< 1e-3", {}))
        self.assertIsNone(rn.check_condition("r", "0.5", "in [0.1, 10]", {}))
        self.assertIsNone(rn.check_condition("r", "10", "<= 10", {}))
        self.assertEqual("claim r=11.0 is not in [0.1, 10]", rn.check_condition("r", "11.0", "in [0.1, 10]", {}))
        self.assertEqual("claim r=0.5 does not satisfy '> 1'", rn.check_condition("r", "0.5", "> 1", {}))

    def test_a_condition_may_name_another_claim(self):
        claims = {"plain_loss": "1.09", "residual_loss": "0.12"}
        self.assertIsNone(rn.check_condition("residual_loss", "0.12", "< plain_loss", claims))
        self.assertEqual("claim residual_loss=0.12 does not satisfy '> plain_loss (1.09)'",
                         rn.check_condition("residual_loss", "0.12", "> plain_loss", claims))

    def test_words_compare_for_equality_only(self):
        self.assertIsNone(rn.check_condition("winner", "residual", "== residual", {}))
        self.assertIsNotNone(rn.check_condition("winner", "plain", "== residual", {}))
        self.assertIn("needs two numbers", rn.check_condition("winner", "plain", "< 3", {}))

    def test_an_unreadable_condition_is_an_error(self):
        self.assertIn("cannot read the condition", rn.check_condition("r", "1", "about 3", {}))


class ClaimsTest(unittest.TestCase):
    def test_printed_claims_are_checked_against_the_sidecar(self):
        nb = executed(notebook(("x = 1", [], [])), sidecar(("a", "Lab.claim(...)", {"a": "< 1", "b": ["> 0", "> a"]})),
                      [stdout("hello\nCLAIM a=0.5\nCLAIM b=2\n")])
        problems, printed = rn.check_claims(nb, "checks/nb.json")
        self.assertEqual([], problems)
        self.assertEqual({"a": "0.5", "b": "2"}, printed)

    def test_a_false_claim_fails_and_names_the_check_by_the_students_cell_number(self):
        nb = executed(notebook(("", [], []), ("", [], [])), sidecar(("b", "", {"a": "< 1"})), [stdout("CLAIM a=5\n")])
        self.assertEqual(["check after cell 2 (id b) of checks/nb.json: claim a=5 does not satisfy '< 1'"],
                         rn.check_claims(nb, "checks/nb.json")[0])

    def test_a_claim_that_no_cell_printed_fails(self):
        nb = executed(notebook(("", [], [])), sidecar(("a", "", {"a": "< 1", "missing": "> 0"})), [stdout("CLAIM a=0\n")],
                      name="notebooks/checks/00-x.json")
        self.assertEqual(["check after cell 1 (id a) of notebooks/checks/00-x.json expects claim missing, "
                          "but no cell printed it"], rn.check_claims(nb, "notebooks/checks/00-x.json")[0])

    def test_a_claim_without_expectation_fails_and_so_does_a_top_level_one_never_printed(self):
        nb = notebook(("", [], [stdout("CLAIM stray=1\n")]))
        problems = rn.check_claims(nb, "checks/nb.json", {"overall": "> 0"})[0]
        self.assertIn("claim stray=1 has no expectation: add it to the sidecar checks/nb.json", problems)
        self.assertIn("checks/nb.json (top-level claims) expects claim overall, but no cell printed it", problems)

    def test_a_condition_may_name_a_claim_printed_by_another_check(self):
        nb = executed(notebook(("", [], []), ("", [], [])),
                      sidecar(("a", "", {"plain": "> 1"}), ("b", "", {"residual": "< plain"})),
                      [stdout("CLAIM plain=1.1\n")], [stdout("CLAIM residual=0.1\n")])
        self.assertEqual([], rn.check_claims(nb, "checks/nb.json")[0])


class SidecarTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, relative, text):
        path = os.path.join(self.tmp, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_the_sidecar_of_a_notebook_sits_in_checks_next_to_it(self):
        self.assertEqual(os.path.join("notebooks", "checks", "03-side-by-side.json"),
                         rn.sidecar_path(os.path.join("notebooks", "03-side-by-side.ipynb")))

    def test_checks_run_right_after_their_cells_in_the_sidecars_order(self):
        nb = notebook(("first", [], []), ("second", [], []), ("third", [], []))
        side = sidecar(("c", "check 1", {"x": "> 0"}), ("a", "check 2", {"y": "> 0"}), ("a", "check 3", {"z": "> 0"}))
        run, problems = rn.inject_checks(nb, side, "checks/nb.json")
        self.assertEqual([], problems)
        self.assertEqual(["first", "check 2", "check 3", "second", "third", "check 1"], [c.source for c in run.cells])
        self.assertEqual(["cell 1", "check after cell 1 (id a) of checks/nb.json", "check after cell 1 (id a) of checks/nb.json",
                          "cell 2", "cell 3", "check after cell 3 (id c) of checks/nb.json"], rn.cell_labels(run))
        self.assertEqual(3, len(nb.cells), "the notebook itself is left alone")
        nbformat.validate(run)

    def test_a_check_after_a_cell_id_the_notebook_lacks_fails(self):
        _, problems = rn.inject_checks(notebook(("x", [], [])), sidecar(("c13", "code", {"x": "> 0"})),
                                       "notebooks/checks/03-side-by-side.json")
        self.assertEqual(["notebooks/checks/03-side-by-side.json, check 1: runs after cell id 'c13', "
                          "but the notebook has no cell with that id"], problems)

    def test_code_may_be_a_list_of_lines(self):
        path = self.write("checks/nb.json", json.dumps({"notebook": "nb.ipynb", "checks": [
            {"after": "a", "code": ["double r = 0.5;", "Lab.claim(\"r\", r);"], "claims": {"r": ["> 0", "< 1"]}}]}))
        side, problems = rn.load_sidecar(path, "nb.ipynb")
        self.assertEqual([], problems)
        self.assertEqual(sidecar(("a", "double r = 0.5;\nLab.claim(\"r\", r);", {"r": ["> 0", "< 1"]})), side)

    def test_a_broken_sidecar_says_what_is_wrong_and_where(self):
        path = self.write("checks/nb.json", json.dumps({"notebook": "other.ipynb", "check": [], "checks": [
            {"after": "a", "code": "x", "claims": {}},
            {"after": "a", "code": "", "claims": {"r": "> 0"}},
            {"after": "b", "code": "y", "claims": {"r": "< 1"}, "tags": ["plot"]}]}))
        problems = rn.load_sidecar(path, "nb.ipynb")[1]
        self.assertEqual([f"{path}: unknown key 'check' (want notebook, checks, claims)",
                          f"{path} says it belongs to notebook 'other.ipynb', not 'nb.ipynb'",
                          f"{path}, check 1: \"claims\" must map each claim the code prints to a condition or a list of conditions",
                          f"{path}, check 2: \"code\" must be Java code, a string or a list of lines",
                          f"{path}, check 3: unknown key 'tags' (want after, code, claims)",
                          f"{path}, check 3: claim r has a second expectation"], problems)
        self.assertIn("cannot read the sidecar", rn.load_sidecar(self.write("checks/bad.json", "{"), "bad.ipynb")[1][0])

    def test_a_notebook_that_still_calls_lab_claim_fails_before_it_runs(self):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("Lab.claim(\"r\", 0.5);")]
        nb.cells[1].id = "c01"
        path = os.path.join(self.tmp, "nb.ipynb")
        nbformat.write(nb, path)
        problems = rn.prepare(path)[2]
        self.assertEqual([f"cell 2 (id c01) calls Lab.claim: the notebook students read has no claims; move the claim "
                          f"code and its expectation to the sidecar {os.path.join(self.tmp, 'checks', 'nb.json')}"], problems)

    def test_expectations_left_in_cell_metadata_fail(self):
        nb = notebook(("x = 1;", ["claim"], []))
        nb.cells[0].metadata["residual_lab"] = {"claims": {"r": "> 0"}}
        self.assertEqual(["cell 1 (id a) keeps claim expectations in its metadata (residual_lab.claims or tag 'claim'): "
                          "move them to the sidecar checks/nb.json"], rn.lint_notebook(nb, "checks/nb.json"))

    def test_prepare_reads_the_sidecar_and_reports_its_problems(self):
        nb = notebook(("x = 1;", [], []))
        path = os.path.join(self.tmp, "nb.ipynb")
        nbformat.write(nb, path)
        self.assertEqual((1, []), (len(rn.prepare(path)[0].cells), rn.prepare(path)[2]), "no sidecar: nothing to inject")
        side = self.write("checks/nb.json", json.dumps({"checks": [{"after": "a", "code": "Lab.claim(\"x\", x);",
                                                                   "claims": {"x": "== 1"}},
                                                                  {"after": "zz", "code": "y", "claims": {"y": "> 0"}}]}))
        run, _, problems = rn.prepare(path)
        self.assertEqual(["x = 1;", "Lab.claim(\"x\", x);"], [c.source for c in run.cells])
        self.assertEqual([f"{side}, check 2: runs after cell id 'zz', but the notebook has no cell with that id"], problems)

    def test_the_written_notebook_and_html_have_no_checks(self):
        nb = notebook(("double r = 0.5;", [], []), ("r * 2", [], []))
        run = executed(nb, sidecar(("a", "Lab.claim(\"secret_claim\", r);", {"secret_claim": "> 0"})),
                       [stdout("CLAIM secret_claim=0.5\n")])
        for count, cell in enumerate(run.cells, 1):
            cell.execution_count = count
        run.cells[2].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1.0"}, execution_count=3)]
        with warnings.catch_warnings():  # nbconvert's own use of a deprecated nbformat argument
            warnings.simplefilter("ignore", DeprecationWarning)
            rn.write_outputs(run, self.tmp, "nb", [])
        written = nbformat.read(os.path.join(self.tmp, "nb.ipynb"), as_version=4)
        self.assertEqual(["a", "b"], [c.id for c in written.cells])
        self.assertEqual([1, 2], [c.execution_count for c in written.cells])
        self.assertEqual(2, written.cells[1].outputs[0]["execution_count"])
        with open(os.path.join(self.tmp, "nb.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertFalse("secret_claim" in html, "the check's code is in the HTML")
        self.assertTrue("In&nbsp;[2]:" in html and "Out[2]:" in html and "In&nbsp;[3]" not in html, "numbered 1, 2")
        self.assertEqual(3, len(run.cells), "the executed notebook keeps its checks for the report")


class RepositoryTest(unittest.TestCase):
    """Every notebook in the repository is clean and its sidecar fits it (no kernel needed)."""

    def test_every_notebook_fits_its_sidecar(self):
        root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
        paths = sorted(glob.glob(os.path.join(root, "notebooks", "*.ipynb"))
                       + glob.glob(os.path.join(root, "src", "test", "notebooks", "*.ipynb")))
        self.assertTrue(paths)
        for path in paths:
            with self.subTest(notebook=os.path.relpath(path, root)):
                run, side, problems = rn.prepare(path)
                self.assertEqual([], problems)
                self.assertTrue(all(not c.get("outputs") for c in run.cells), "notebooks are stored without outputs")


class CellsTest(unittest.TestCase):
    def image_output(self, b64):
        return nbformat.v4.new_output("display_data", data={"image/png": b64, "text/plain": "chart"})

    def test_a_plot_cell_needs_a_real_image(self):
        chart = png(120, 80, lambda x, y: (x * 2 % 256, y * 3 % 256, (x * y) % 256))
        blank = png(120, 80, lambda x, y: (255, 255, 255))
        nb = notebook(("a", ["plot"], [self.image_output(chart)]),
                      ("b", ["plot"], [self.image_output(blank)]),
                      ("c", ["plot"], [stdout("text only")]))
        problems, images = rn.check_cells(nb)
        self.assertEqual(["cell 2: image 120x80 looks blank (only 2 distinct byte values)",
                          "cell 3 is tagged 'plot' but produced no image/png"], problems)
        self.assertEqual(2, len(images))

    def test_errors_and_stderr_fail_unless_allowed(self):
        err = nbformat.v4.new_output("error", ename="IllegalArgumentException", evalue="depth must be >= 1", traceback=[])
        warn = nbformat.v4.new_output("stream", name="stderr", text="WARN something")
        nb = notebook(("a", [], [err]), ("b", [], [warn]), ("c", ["stderr-ok"], [warn]))
        self.assertEqual(["cell 1 raised IllegalArgumentException: depth must be >= 1",
                          "cell 2 wrote to stderr: WARN something"], rn.check_cells(nb)[0])

    def test_a_progress_cell_must_end_with_its_summary(self):
        done = nbformat.v4.new_output("display_data", data={"text/html": "<div class=\"rl-progress-done\">✔ 10 steps</div>"})
        frozen = nbformat.v4.new_output("display_data", data={"text/html": "<div class=\"rl-progress\"><progress/></div>"})
        nb = notebook(("a", ["progress"], [done]), ("b", ["progress"], [frozen]))
        self.assertEqual(["cell 2 is tagged 'progress' but does not end with a progress summary line"], rn.check_cells(nb)[0])

    def test_cells_keep_the_students_numbers_around_checks_and_a_failing_check_is_named(self):
        err = nbformat.v4.new_output("error", ename="NullPointerException", evalue="flow", traceback=[])
        chart = png(120, 80, lambda x, y: (x * 2 % 256, y * 3 % 256, (x * y) % 256))
        nb = executed(notebook(("a", [], []), ("b", ["plot"], [self.image_output(chart)]), ("c", [], [err])),
                      sidecar(("a", "check", {"r": "> 0"})), [err])
        problems, images = rn.check_cells(nb)
        self.assertEqual(["check after cell 1 (id a) of checks/nb.json raised NullPointerException: flow",
                          "cell 3 raised NullPointerException: flow"], problems)
        self.assertEqual([2], [cell for cell, _, _ in images])


if __name__ == "__main__":
    unittest.main()
