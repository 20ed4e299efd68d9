"""Builds the static site of the executed notebooks: readable offline, with no CDN.

    python3 src/test/notebooks/build_site.py [--executed target/notebooks] [--out site] [--strict]

For every curriculum notebook notebooks/NN-*.ipynb it reads the executed copy that bin/test-notebooks wrote
to EXECUTED/NN-*.ipynb (outputs in, the tests' check cells already removed) and writes

  OUT/index.html            each notebook's title, study time, objectives and key chart (a thumbnail), then
                            the teacher section (notebooks/solutions/*.ipynb) and the glossary
  OUT/NN-name.html          the notebook with its outputs; images embedded as data: URIs
  OUT/solutions/NAME.html   each executed solution notebook (EXECUTED/solutions/NAME.ipynb or EXECUTED/NAME.ipynb)
  OUT/glossary.html         notebooks/glossary.md, when there is one
  OUT/thumbs/NN-name.png    the key charts
  OUT/static/*.css          JupyterLab's notebook styles (from nbconvert's lab template) and the site's own

Pages load nothing from the network: the template drops nbconvert's require.js and MathJax CDN tags; a notebook
whose markdown has $math$ gets Debian's MathJax (libjs-mathjax) copied to OUT/mathjax.

The orientation comes from notebook metadata ``residual_lab``: ``study_minutes``, ``objectives`` and
``key_chart`` (a cell id). Without them the builder falls back (title and "You will" list from the first
markdown cell, the first chart as thumbnail) and warns; with --strict each lack is an error. Links to other
notebooks and to glossary.md point to their pages; links to other files of the repository to --repo-url.
After building it verifies the site (every notebook listed, thumbnails present, no remote script or
stylesheet) and exits 1 on any problem.
"""
import argparse
import base64
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "site", "notebook.html.j2")
CURRICULUM = re.compile(r"^\d\d-.*\.ipynb$")
MATH = re.compile(r"(?<![\\$])\$\$?[^$\s][^$]*\$")
DEFAULT_REPO = "https://github.com/residual-lab/residual-lab"
MATHJAX_DIR = "/usr/share/javascript/mathjax"


# --- reading a notebook's orientation ------------------------------------------------------------------

def first_markdown(nb):
    return next((c.source for c in nb.cells if c.cell_type == "markdown"), "")


def title_of(nb, fallback):
    m = re.search(r"^#\s+(.+?)\s*$", first_markdown(nb), re.M)
    return m.group(1) if m else fallback


def listed_after(text, heading):
    """The '- ' items of the first list after a line containing `heading`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if heading.lower() in line.lower():
            items = []
            for rest in lines[i + 1:]:
                if rest.strip().startswith(("- ", "* ")):
                    items.append(rest.strip()[2:].strip())
                elif items and rest.startswith("  ") and rest.strip():
                    items[-1] += " " + rest.strip()
                elif items or rest.strip():
                    break
            return items
    return []


def orientation(nb, name, strict):
    """(title, minutes or None, objectives, key chart cell id or None) and the problems (errors if strict, else warnings)."""
    meta = nb.metadata.get("residual_lab", {})
    problems = []
    title = title_of(nb, name)
    minutes, objectives, key = meta.get("study_minutes"), meta.get("objectives"), meta.get("key_chart")
    if not (isinstance(minutes, int) and minutes > 0):
        problems.append(f"{name}: metadata residual_lab.study_minutes is {minutes!r}, want a whole number of minutes")
        m = re.search(r"Study time: about (\d+) minutes", first_markdown(nb))
        minutes = int(m.group(1)) if m else None
    else:
        m = re.search(r"Study time: about (\d+) minutes", first_markdown(nb))
        if not m or int(m.group(1)) != minutes:
            problems.append(f"{name}: the first markdown cell should say \"*Study time: about {minutes} minutes*\" "
                            f"as its metadata does" + (f", not {m.group(1)}" if m else ""))
    if not (isinstance(objectives, list) and objectives and all(isinstance(o, str) and o.strip() for o in objectives)):
        problems.append(f"{name}: metadata residual_lab.objectives is {objectives!r}, want a list of sentences")
        objectives = listed_after(first_markdown(nb), "You will") or listed_after(first_markdown(nb), "What you will")
    if not isinstance(key, str) or not key:
        problems.append(f"{name}: metadata residual_lab.key_chart is {key!r}, want the id of its most telling chart's cell")
        key = None
    return title, minutes, objectives, key, problems


def png_of(cell):
    for out in cell.get("outputs", []):
        png = out.get("data", {}).get("image/png")
        if png:
            return png if isinstance(png, str) else "".join(png)
    return None


def key_chart(nb, name, key):
    """The key chart's PNG (base64) and a problem if the named cell has none; falls back to the first chart."""
    if key:
        cell = next((c for c in nb.cells if c.get("id") == key), None)
        if cell is None:
            return fallback_chart(nb), f"{name}: residual_lab.key_chart names cell id '{key}', which the notebook does not have"
        png = png_of(cell)
        if png is None:
            return fallback_chart(nb), f"{name}: residual_lab.key_chart cell '{key}' has no image/png output in the executed copy"
        return png, None
    return fallback_chart(nb), None


def fallback_chart(nb):
    tagged = [c for c in nb.cells if "plot" in c.metadata.get("tags", [])]
    for cell in tagged + list(nb.cells):
        png = png_of(cell)
        if png:
            return png
    return None


# --- rendering -----------------------------------------------------------------------------------------

_EXPORTER = []


def exporter():
    """nbconvert's HTML exporter with the site's template (made once: loading templates takes a second)."""
    if not _EXPORTER:
        from nbconvert import HTMLExporter
        e = HTMLExporter(template_name="lab", template_file=TEMPLATE)
        e.embed_images = True  # markdown images become data: URIs
        e.exclude_anchor_links = True
        _EXPORTER.append(e)
    return _EXPORTER[0]


def rewrite_links(page, targets, repo_url, source_dir, root_prefix, repo_dir):
    """hrefs to rendered notebooks and the glossary point to their pages; other relative files of the repository
    (repo_dir, the folder above notebooks/) to repo_url."""
    def fix(m):
        attr, url = m.group(1), html.unescape(m.group(2))
        if re.match(r"^(?:[a-z]+:|#|//)", url) or url in ("index.html", "../index.html"):
            return m.group(0)
        path, _, frag = url.partition("#")
        base = os.path.basename(path)
        if base in targets:
            new = root_prefix + targets[base] + ("#" + frag if frag else "")
        else:
            repo_path = os.path.normpath(os.path.join(os.path.relpath(source_dir, repo_dir), path))
            if repo_path.startswith(".."):
                return m.group(0)
            new = f"{repo_url}/blob/main/{repo_path}" + ("#" + frag if frag else "")
        return f'{attr}="{html.escape(new, quote=True)}"'
    return re.sub(r'(<a\b[^>]*?\bhref)="([^"]*)"', fix, page)


def render_notebook(nb, source_dir, title, prefix, uses_math):
    resources = {"metadata": {"path": source_dir, "name": title}, "site_prefix": prefix,
                 "site_mathjax": prefix + "mathjax/MathJax.js?config=TeX-AMS_HTML" if uses_math else ""}
    page, _ = exporter().from_notebook_node(nb, resources=resources)
    return page


def slug(text):
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text.strip().lower()))


def render_glossary(path, prefix):
    from nbconvert.filters.markdown import markdown2html
    with open(path, encoding="utf-8") as f:
        body = markdown2html(f.read())
    body = re.sub(r'<h([1-3]) id="[^"]*">(.*?)</h\1>',
                  lambda m: f'<h{m.group(1)} id="{slug(re.sub("<[^>]+>", "", html.unescape(m.group(2))))}">{m.group(2)}</h{m.group(1)}>', body)
    return page_shell("Glossary", f'<main class="rl-text">{body}</main>', prefix)


def page_shell(title, body, prefix):
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{html.escape(title)} · residual-lab</title>\n'
            f'<link rel="stylesheet" href="{prefix}static/site.css">\n</head>\n<body>\n'
            f'<nav class="rl-nav"><a href="{prefix}index.html">residual-lab</a></nav>\n{body}\n</body>\n</html>\n')


def index_page(entries, solutions, has_glossary, repo_url, commit):
    cards = []
    for e in entries:
        thumb = (f'<a href="{e["page"]}"><img class="rl-thumb" src="{e["thumb"]}" alt="key chart of {html.escape(e["title"])}"></a>'
                 if e["thumb"] else '<div class="rl-thumb rl-nothumb">no chart</div>')
        minutes = f'<p class="rl-minutes">Study time: about {e["minutes"]} minutes</p>' if e["minutes"] else ""
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in e["objectives"])
        cards.append(f'<article class="rl-card" id="{html.escape(e["name"])}">{thumb}<div>'
                     f'<h2><a href="{e["page"]}">{html.escape(e["title"])}</a></h2>{minutes}'
                     + (f'<p>You will</p><ul class="rl-objectives">{objectives}</ul>' if objectives else "")
                     + '</div></article>')
    teacher = ""
    if solutions:
        items = "".join(f'<li><a href="{s["page"]}">{html.escape(s["title"])}</a></li>' for s in solutions)
        teacher = (f'<section class="rl-teacher" id="teachers"><h2>For teachers</h2><p>The solutions of the exercises, '
                   f'each run through its notebook\'s self-check, with typical wrong answers and what the check says.</p>'
                   f'<ul>{items}</ul></section>')
    glossary = '<p><a href="glossary.html">Glossary</a> of the terms the notebooks use.</p>' if has_glossary else ""
    body = (f'<main class="rl-index"><h1>residual-lab</h1><p>Why residual connections work, by experiment: the notebooks '
            f'below, executed by the tests, with every output. Run them yourself from '
            f'<a href="{html.escape(repo_url)}">{html.escape(repo_url)}</a>.</p>{glossary}'
            + "".join(cards) + teacher
            + f'<footer>Built from commit {html.escape(commit)}.</footer></main>')
    return page_shell("Notebooks", body, "")


# --- the site ------------------------------------------------------------------------------------------

def executed_copy(executed, name, sub=None):
    candidates = ([os.path.join(executed, sub, name)] if sub else []) + [os.path.join(executed, name)]
    return next((p for p in candidates if os.path.exists(p)), None)


def build(notebooks_dir, executed, out, strict, repo_url, log=print):
    """Builds the site; returns the problems (errors). Warnings are printed when not strict."""
    errors = []

    def problem(text):
        if strict:
            errors.append(text)
        else:
            log(f"  warning: {text}")

    sources = sorted(p for p in glob.glob(os.path.join(notebooks_dir, "*.ipynb")) if CURRICULUM.match(os.path.basename(p)))
    solution_sources = sorted(glob.glob(os.path.join(notebooks_dir, "solutions", "*.ipynb")))
    if not sources:
        return [f"no curriculum notebooks (NN-name.ipynb) in {notebooks_dir}"]
    glossary_md = os.path.join(notebooks_dir, "glossary.md")
    repo_dir = os.path.dirname(os.path.abspath(notebooks_dir))
    targets = {os.path.basename(p): os.path.basename(p)[:-6] + ".html" for p in sources}
    targets.update({os.path.basename(p): "solutions/" + os.path.basename(p)[:-6] + ".html" for p in solution_sources})
    if os.path.exists(glossary_md):
        targets["glossary.md"] = "glossary.html"

    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "thumbs"))
    os.makedirs(os.path.join(out, "static"))
    write_css(out)

    math_needed = False
    entries = []
    for src in sources:
        name = os.path.basename(src)[:-6]
        path = executed_copy(executed, name + ".ipynb")
        if path is None:
            problem(f"{name}: no executed copy {os.path.join(executed, name + '.ipynb')} (run bin/test-notebooks first); "
                    f"its page shows the notebook without outputs")
            path = src
        nb = nbformat.read(path, as_version=4)
        title, minutes, objectives, key, problems = orientation(nb, name, strict)
        png, chart_problem = key_chart(nb, name, key)
        for p in problems + ([chart_problem] if chart_problem else []):
            problem(p)
        if png is None:
            problem(f"{name}: no chart (image/png output) to show as its thumbnail")
        uses_math = any(c.cell_type == "markdown" and MATH.search(c.source) for c in nb.cells)
        math_needed |= uses_math
        page = render_notebook(nb, os.path.dirname(os.path.abspath(src)), title, "", uses_math)
        write(out, name + ".html", rewrite_links(page, targets, repo_url, os.path.dirname(os.path.abspath(src)), "", repo_dir))
        thumb = None
        if png:
            thumb = f"thumbs/{name}.png"
            with open(os.path.join(out, thumb), "wb") as f:
                f.write(base64.b64decode(png))
        entries.append({"name": name, "title": title, "minutes": minutes, "objectives": objectives or [],
                        "thumb": thumb, "page": name + ".html"})

    solutions = []
    for src in solution_sources:
        name = os.path.basename(src)[:-6]
        path = executed_copy(executed, name + ".ipynb", "solutions")
        if path is None:
            problem(f"solutions/{name}: no executed copy in {executed}/solutions/ or {executed}/ (run bin/test-notebooks first)")
            continue
        nb = nbformat.read(path, as_version=4)
        title = title_of(nb, name)
        uses_math = any(c.cell_type == "markdown" and MATH.search(c.source) for c in nb.cells)
        math_needed |= uses_math
        page = render_notebook(nb, os.path.dirname(os.path.abspath(src)), title, "../", uses_math)
        write(out, f"solutions/{name}.html", rewrite_links(page, targets, repo_url, os.path.dirname(os.path.abspath(src)), "../", repo_dir))
        solutions.append({"title": title, "page": f"solutions/{name}.html"})

    if os.path.exists(glossary_md):
        write(out, "glossary.html", rewrite_links(render_glossary(glossary_md, ""), targets, repo_url, os.path.abspath(notebooks_dir), "", repo_dir))
    if math_needed:
        if os.path.exists(os.path.join(MATHJAX_DIR, "MathJax.js")):
            shutil.copytree(MATHJAX_DIR, os.path.join(out, "mathjax"), symlinks=False)
        else:
            errors.append(f"a notebook has $math$ but {MATHJAX_DIR}/MathJax.js is missing: apt-get install libjs-mathjax")
    write(out, "index.html", index_page(entries, solutions, os.path.exists(glossary_md), repo_url, commit_id()))
    errors += verify(out, [e["name"] for e in entries], [s["page"] for s in solutions])
    return errors


def write_css(out):
    from nbconvert import HTMLExporter
    lab = None
    for base in HTMLExporter(template_name="lab").template_paths:
        if os.path.exists(os.path.join(base, "static", "index.css")):
            lab = os.path.join(base, "static")
            break
    if lab is None:
        raise SystemExit("cannot find nbconvert's lab template styles (static/index.css)")
    with open(os.path.join(out, "static", "notebook.css"), "w", encoding="utf-8") as f:
        for css in ("index.css", "theme-light.css"):
            with open(os.path.join(lab, css), encoding="utf-8") as g:
                f.write(g.read() + "\n")
    shutil.copy(os.path.join(HERE, "site", "site.css"), os.path.join(out, "static", "site.css"))


def write(out, rel, text):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def commit_id():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              check=True).stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


REMOTE = [re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I),
          re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", re.I),
          re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//", re.I),
          re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I)]


def verify(out, names, solution_pages):
    """Problems with a built site: a notebook the index does not list, a missing thumbnail or page, a remote resource."""
    problems = []
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        index = f.read()
    for name in names:
        if f'href="{name}.html"' not in index:
            problems.append(f"index.html does not link {name}.html")
        if not os.path.exists(os.path.join(out, name + ".html")):
            problems.append(f"{name}.html is missing")
        thumb = f"thumbs/{name}.png"
        if f'src="{thumb}"' in index and not os.path.getsize(os.path.join(out, thumb)) > 0:
            problems.append(f"{thumb} is empty")
    for page in solution_pages:
        if f'href="{page}"' not in index:
            problems.append(f"index.html does not link {page}")
    for src in re.findall(r'<img class="rl-thumb" src="([^"]+)"', index):
        if not os.path.exists(os.path.join(out, src)):
            problems.append(f"index.html shows {src}, which does not exist")
    for root, _, files in os.walk(out):
        if os.path.relpath(root, out).startswith("mathjax"):
            continue
        for fn in files:
            if fn.endswith((".html", ".css")):
                with open(os.path.join(root, fn), encoding="utf-8") as f:
                    text = f.read()
                for pattern in REMOTE:
                    m = pattern.search(text)
                    if m:
                        problems.append(f"{os.path.relpath(os.path.join(root, fn), out)} loads from the network: {m.group(0)[:120]}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebooks", default="notebooks", help="the notebooks' sources (default notebooks)")
    parser.add_argument("--executed", default="target/notebooks", help="the executed copies (default target/notebooks)")
    parser.add_argument("--out", default="site", help="where the site goes (default site)")
    parser.add_argument("--strict", action="store_true",
                        help="a curriculum notebook without study_minutes, objectives or key_chart, or without an executed copy, is an error")
    parser.add_argument("--repo-url", default=DEFAULT_REPO, help=f"where links to repository files point (default {DEFAULT_REPO})")
    args = parser.parse_args(argv)
    print(f"▶ site: {args.out}/ from {args.executed}/" + (" (strict)" if args.strict else ""), flush=True)
    errors = build(args.notebooks, args.executed, args.out, args.strict, args.repo_url.rstrip("/"))
    for e in errors:
        print(f"    ✘ {e}")
    if errors:
        return 1
    pages = sum(len([f for f in fs if f.endswith(".html")]) for _, _, fs in os.walk(args.out))
    print(f"    ✔ {pages} pages in {args.out}/ (open {args.out}/index.html); nothing loads from the network")
    return 0


if __name__ == "__main__":
    sys.exit(main())
