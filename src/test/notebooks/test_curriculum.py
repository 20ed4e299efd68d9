"""The curriculum's shared conventions, checked without a kernel: every notebook NN-*.ipynb opens with its study
time and objectives and ends with "What we saw"; glossary links resolve; every notebook with an exercise has a
solutions notebook with a sidecar.

    python3 -m unittest discover -s src/test/notebooks -p 'test_*.py'
"""
import glob
import json
import os
import re
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
GLOSSARY = os.path.join(NOTEBOOKS, "glossary.md")
ANCHORS = ["skip-path", "residual-block", "residual-stream", "plain-twin", "vanishing-gradient", "degradation",
           "saturation", "batch-normalisation", "post-activation", "pre-activation", "shortcut-options", "bottleneck",
           "branch-scale", "rezero", "layer-norm-placement", "warm-up", "rank-collapse", "attention", "gradient-probe",
           "update-ratio"]
GLOSSARY_LINK = re.compile(r"\]\((?:\.\./)?glossary\.md#([A-Za-z0-9_-]+)\)")
EXERCISE_CALL = re.compile(r"\b[A-Z]\w*Exercise\.check\(")


def curriculum():
    return sorted(glob.glob(os.path.join(NOTEBOOKS, "[0-9][0-9]-*.ipynb")))


def solutions():
    return sorted(glob.glob(os.path.join(NOTEBOOKS, "solutions", "*.ipynb")))


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def glossary_anchors():
    with open(GLOSSARY, encoding="utf-8") as f:
        return re.findall(r'<a id="([^"]+)"></a>\n## \S', f.read())


class GlossaryTest(unittest.TestCase):
    def test_every_agreed_term_has_an_anchor_and_a_heading(self):
        anchors = glossary_anchors()
        self.assertEqual(sorted(set(anchors)), sorted(anchors), "an anchor is defined twice")
        missing = [a for a in ANCHORS if a not in anchors]
        self.assertEqual([], missing, f"glossary.md lacks the anchors {missing}")

    def test_every_glossary_link_in_a_notebook_resolves(self):
        anchors = set(glossary_anchors())
        for path in curriculum() + solutions():
            for cell in read(path)["cells"]:
                for anchor in GLOSSARY_LINK.findall(text(cell)):
                    with self.subTest(notebook=os.path.basename(path), anchor=anchor):
                        self.assertIn(anchor, anchors, f"{os.path.basename(path)} links to glossary.md#{anchor}, which does not exist")


class OrientationTest(unittest.TestCase):
    def test_each_notebook_opens_with_study_time_and_objectives_as_its_metadata_says(self):
        for path in curriculum():
            with self.subTest(notebook=os.path.basename(path)):
                nb = read(path)
                meta = nb["metadata"].get("residual_lab", {})
                minutes, objectives = meta.get("study_minutes"), meta.get("objectives")
                self.assertIsInstance(minutes, int, "metadata residual_lab.study_minutes")
                self.assertTrue(objectives and all(isinstance(o, str) and o for o in objectives), "metadata residual_lab.objectives")
                first = nb["cells"][0]
                self.assertEqual("markdown", first["cell_type"])
                head = text(first)
                self.assertTrue(head.startswith("# "), "the first cell starts with the title")
                self.assertIn(f"*Study time: about {minutes} minutes*", head)
                listed = head.split("**You will**\n", 1)[1].split("\n\n")[0] if "**You will**\n" in head else ""
                items = [i.strip() for i in re.split(r"^- ", listed, flags=re.M) if i.strip()]
                self.assertEqual([" ".join(o.split()) for o in objectives], [" ".join(i.split()) for i in items],
                                 "the 'You will' list shows the objectives of the metadata")

    def test_each_notebooks_key_chart_is_a_plot_cell(self):
        for path in curriculum():
            with self.subTest(notebook=os.path.basename(path)):
                nb = read(path)
                key = nb["metadata"].get("residual_lab", {}).get("key_chart")
                cells = [c for c in nb["cells"] if c.get("id") == key]
                self.assertEqual(1, len(cells), f"key_chart '{key}' names no cell")
                self.assertIn("plot", cells[0]["metadata"].get("tags", []), f"key_chart '{key}' is not tagged plot")

    def test_each_notebook_ends_with_what_we_saw(self):
        for path in curriculum():
            with self.subTest(notebook=os.path.basename(path)):
                last = [c for c in read(path)["cells"] if c["cell_type"] == "markdown"][-1]
                self.assertTrue(text(last).startswith("## What we saw\n"), "the last markdown cell is '## What we saw'")
                self.assertRegex(text(last), r"\n- ", "with bullets")


class TeacherPackTest(unittest.TestCase):
    def test_every_notebook_with_an_exercise_has_a_checked_solutions_notebook(self):
        for path in curriculum():
            nb = read(path)
            if not any(c["cell_type"] == "code" and EXERCISE_CALL.search(text(c)) for c in nb["cells"]):
                continue
            name = os.path.splitext(os.path.basename(path))[0]
            with self.subTest(notebook=name):
                solution = os.path.join(NOTEBOOKS, "solutions", name + "-solutions.ipynb")
                self.assertTrue(os.path.exists(solution), f"no {os.path.relpath(solution, ROOT)}")
                self.assertTrue(os.path.exists(os.path.join(NOTEBOOKS, "solutions", "checks", name + "-solutions.json")),
                                "its sidecar")
                checkers = set(EXERCISE_CALL.findall("".join(text(c) for c in nb["cells"])))
                solved = set(EXERCISE_CALL.findall("".join(text(c) for c in read(solution)["cells"])))
                self.assertEqual(set(), checkers - solved, "every checker of the notebook runs in its solutions")


if __name__ == "__main__":
    unittest.main()
