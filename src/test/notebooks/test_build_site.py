"""Tests of the site builder on small notebooks it writes itself: the index, thumbnails, offline pages, strictness."""
import base64
import contextlib
import io
import os
import re
import tempfile
import unittest

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import build_site

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
with open(os.path.join(REPO, "notebooks", "images", "gradient-norms.png"), "rb") as _f:
    PNG = _f.read()
REMOTE_SCRIPT_OR_STYLE = re.compile(r"<script\b[^>]*\bsrc=[\"']?https?://|<link\b[^>]*\bhref=[\"']?https?://|@import[^;]*https?://", re.I)


def chart_cell(cell_id):
    cell = new_code_cell("chart", id=cell_id)
    cell.outputs = [new_output("display_data", data={"image/png": base64.b64encode(PNG).decode()})]
    return cell


def notebook(title, minutes=None, objectives=None, key=None, extra=()):
    intro = f"# {title}\n\n" + (f"*Study time: about {minutes} minutes*\n\nYou will\n" if minutes else "")
    intro += "".join(f"- {o}\n" for o in objectives or [])
    nb = new_notebook(cells=[new_markdown_cell(intro, id="c00"), *extra, chart_cell("c05"),
                             new_markdown_cell("## What we saw\n\n- a fact", id="c09")])
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java", "language": "java"}
    if minutes:
        nb.metadata["residual_lab"] = {"study_minutes": minutes, "objectives": objectives, "key_chart": key or "c05"}
    return nb


class SiteTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = self.tmp.name
        self.src, self.executed, self.out = (os.path.join(root, d) for d in ("notebooks", "executed", "site"))
        for d in (self.src, self.executed, os.path.join(self.src, "solutions"), os.path.join(self.src, "images"),
                  os.path.join(self.executed, "solutions")):
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(self.src, "images", "figure.png"), "wb") as f:
            f.write(PNG)
        links = new_markdown_cell("See [the next one](01-plain.ipynb), the [skip path](glossary.md#skip-path), "
                                  "the [README](../README.md) and ![a figure](images/figure.png).", id="c01")
        self.write("00-first.ipynb", notebook("First steps", 20, ["measure a gradient", "compare two nets"], extra=[links]))
        self.write("01-plain.ipynb", notebook("Plain nets"))
        self.write("solutions/01-plain-solutions.ipynb", notebook("Plain nets: solutions"))
        with open(os.path.join(self.src, "glossary.md"), "w") as f:
            f.write("# Glossary\n\n## Skip path\n\nThe identity path.\n\n## Residual block\n\nx + F(x).\n")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, nb, executed=True):
        for d in (self.src, self.executed) if executed else (self.src,):
            nbformat.write(nb, os.path.join(d, name))

    def build(self, strict=False):
        log = io.StringIO()
        with contextlib.redirect_stdout(log):
            errors = build_site.build(self.src, self.executed, self.out, strict, "https://example.org/o/r")
        return errors, log.getvalue()

    def read(self, rel):
        with open(os.path.join(self.out, rel), encoding="utf-8") as f:
            return f.read()

    def test_the_index_lists_every_notebook_with_its_title_study_time_and_objectives(self):
        errors, _ = self.build()
        self.assertEqual([], errors)
        index = self.read("index.html")
        for page, title in (("00-first.html", "First steps"), ("01-plain.html", "Plain nets")):
            self.assertIn(f'href="{page}"', index)
            self.assertIn(title, index)
            self.assertTrue(os.path.exists(os.path.join(self.out, page)))
        self.assertIn("Study time: about 20 minutes", index)
        self.assertIn("<li>measure a gradient</li><li>compare two nets</li>", index)
        self.assertIn('href="solutions/01-plain-solutions.html"', index)
        self.assertIn("For teachers", index)
        self.assertTrue(os.path.exists(os.path.join(self.out, "solutions", "01-plain-solutions.html")))

    def test_every_listed_notebook_has_its_key_chart_as_a_thumbnail(self):
        self.build()
        index = self.read("index.html")
        thumbs = re.findall(r'<img class="rl-thumb" src="([^"]+)"', index)
        self.assertEqual(["thumbs/00-first.png", "thumbs/01-plain.png"], thumbs)
        for t in thumbs:
            with open(os.path.join(self.out, t), "rb") as f:
                self.assertEqual(PNG, f.read())

    def test_no_page_loads_a_script_or_stylesheet_from_the_network(self):
        self.build()
        pages = [os.path.join(r, f) for r, _, fs in os.walk(self.out) for f in fs if f.endswith((".html", ".css"))]
        self.assertGreaterEqual(len(pages), 5)
        for page in pages:
            with open(page, encoding="utf-8") as f:
                text = f.read()
            self.assertIsNone(REMOTE_SCRIPT_OR_STYLE.search(text), page)
            self.assertNotIn("require.js", text, page)
            self.assertNotIn("cdnjs", text, page)

    def test_pages_embed_images_and_link_each_other_the_glossary_and_the_repository(self):
        self.build()
        page = self.read("00-first.html")
        links = re.findall(r'<a href="([^"]*)"', page)
        self.assertEqual(["index.html", "01-plain.html", "glossary.html#skip-path", "https://example.org/o/r/blob/main/README.md"], links)
        self.assertEqual(["data:image/png;base64,"] * 2, [s[:22] for s in re.findall(r'<img src="([^"]*)"', page)])
        self.assertIn('id="skip-path"', self.read("glossary.html"))
        self.assertIn('href="../static/notebook.css"', self.read("solutions/01-plain-solutions.html"))

    def test_strict_mode_fails_a_notebook_without_its_orientation_but_the_default_warns(self):
        errors, log = self.build(strict=False)
        self.assertEqual([], errors)
        self.assertIn("warning: 01-plain: metadata residual_lab.study_minutes is None", log)
        errors, _ = self.build(strict=True)
        self.assertTrue(any("01-plain: metadata residual_lab.objectives" in e for e in errors), errors)
        self.assertFalse(any("00-first" in e for e in errors), errors)

    def test_strict_mode_fails_a_key_chart_that_names_a_cell_without_a_chart(self):
        self.write("01-plain.ipynb", notebook("Plain nets", 10, ["see"], key="c00"))
        errors, _ = self.build(strict=True)
        self.assertEqual(["01-plain: residual_lab.key_chart cell 'c00' has no image/png output in the executed copy"], errors)

    def test_strict_mode_fails_a_notebook_that_was_not_executed(self):
        self.write("02-late.ipynb", notebook("Late", 5, ["wait"]), executed=False)
        errors, _ = self.build(strict=True)
        self.assertTrue(any(e.startswith("02-late: no executed copy") for e in errors), errors)
        errors, _ = self.build(strict=False)
        self.assertEqual([], errors)
        self.assertIn('href="02-late.html"', self.read("index.html"))

    def test_the_verifier_catches_a_remote_script(self):
        self.build()
        with open(os.path.join(self.out, "01-plain.html"), "a", encoding="utf-8") as f:
            f.write('<script src="https://cdn.example.org/x.js"></script>')
        problems = build_site.verify(self.out, ["00-first", "01-plain"], [])
        self.assertEqual(1, len(problems))
        self.assertIn("01-plain.html loads from the network", problems[0])


if __name__ == "__main__":
    unittest.main()
