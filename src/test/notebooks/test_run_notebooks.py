"""Unit tests of the notebook runner's checks (no kernel needed): python3 -m unittest discover src/test/notebooks"""
import base64
import os
import struct
import sys
import unittest
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


def notebook(*cells, claims=None):
    nb = nbformat.v4.new_notebook()
    if claims:
        nb.metadata["residual_lab"] = {"claims": claims}
    for source, tags, meta, outputs in cells:
        c = nbformat.v4.new_code_cell(source)
        c.metadata["tags"] = tags
        if meta:
            c.metadata["residual_lab"] = meta
        c.outputs = outputs
        nb.cells.append(c)
    return nb


def stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


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
    def test_printed_claims_are_checked_against_the_cell_metadata(self):
        nb = notebook(("Lab.claim(...)", ["claim"], {"claims": {"a": "< 1", "b": ["> 0", "> a"]}},
                       [stdout("hello\nCLAIM a=0.5\nCLAIM b=2\n")]))
        problems, printed = rn.check_claims(nb)
        self.assertEqual([], problems)
        self.assertEqual({"a": "0.5", "b": "2"}, printed)

    def test_a_false_claim_fails(self):
        nb = notebook(("", ["claim"], {"claims": {"a": "< 1"}}, [stdout("CLAIM a=5\n")]))
        self.assertEqual(["cell 1: claim a=5 does not satisfy '< 1'"], rn.check_claims(nb)[0])

    def test_claims_without_expectations_and_expectations_without_claims_fail(self):
        nb = notebook(("", [], None, [stdout("CLAIM stray=1\n")]), claims={"missing": "> 0"})
        problems = rn.check_claims(nb)[0]
        self.assertTrue(any("stray=1 has no expectation" in p for p in problems), problems)
        self.assertTrue(any("expects claim missing but no cell printed it" in p for p in problems), problems)

    def test_a_claim_cell_must_print_a_claim(self):
        nb = notebook(("", ["claim"], None, [stdout("no claims here\n")]))
        self.assertEqual(["cell 1 is tagged 'claim' but printed no CLAIM line"], rn.check_claims(nb)[0])


class CellsTest(unittest.TestCase):
    def image_output(self, b64):
        return nbformat.v4.new_output("display_data", data={"image/png": b64, "text/plain": "chart"})

    def test_a_plot_cell_needs_a_real_image(self):
        chart = png(120, 80, lambda x, y: (x * 2 % 256, y * 3 % 256, (x * y) % 256))
        blank = png(120, 80, lambda x, y: (255, 255, 255))
        nb = notebook(("a", ["plot"], None, [self.image_output(chart)]),
                      ("b", ["plot"], None, [self.image_output(blank)]),
                      ("c", ["plot"], None, [stdout("text only")]))
        problems, images = rn.check_cells(nb)
        self.assertEqual(["cell 2: image 120x80 looks blank (only 2 distinct byte values)",
                          "cell 3 is tagged 'plot' but produced no image/png"], problems)
        self.assertEqual(2, len(images))

    def test_errors_and_stderr_fail_unless_allowed(self):
        err = nbformat.v4.new_output("error", ename="IllegalArgumentException", evalue="depth must be >= 1", traceback=[])
        warn = nbformat.v4.new_output("stream", name="stderr", text="WARN something")
        nb = notebook(("a", [], None, [err]), ("b", [], None, [warn]), ("c", ["stderr-ok"], None, [warn]))
        self.assertEqual(["cell 1 raised IllegalArgumentException: depth must be >= 1",
                          "cell 2 wrote to stderr: WARN something"], rn.check_cells(nb)[0])

    def test_a_progress_cell_must_end_with_its_summary(self):
        done = nbformat.v4.new_output("display_data", data={"text/html": "<div class=\"rl-progress-done\">✔ 10 steps</div>"})
        frozen = nbformat.v4.new_output("display_data", data={"text/html": "<div class=\"rl-progress\"><progress/></div>"})
        nb = notebook(("a", ["progress"], None, [done]), ("b", ["progress"], None, [frozen]))
        self.assertEqual(["cell 2 is tagged 'progress' but does not end with a progress summary line"], rn.check_cells(nb)[0])


if __name__ == "__main__":
    unittest.main()
