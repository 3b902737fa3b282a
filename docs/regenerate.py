"""Rewrite the generated part of the reference pages in ``docs/``.

Run it from the project root after changing a rule, a parameter, a preset or
the stage graph::

    python docs/regenerate.py

Each page listed in `procpolicy.reference.PAGES` keeps its hand-written
introduction above `procpolicy.reference.MARKER`; everything below the marker
is replaced by what the generator produces.  ``tests/unit/test_reference.py``
fails until the pages are regenerated and committed.

The stage graph of the workflow page, ``docs/_static/workflow.svg``, is drawn
from `procpolicy.Workflow.to_dot` by Graphviz (``dot``, with `DOT_OPTIONS`)
when its edges differ from the graph's; without Graphviz it is left as
committed, and the test says it is out of date.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from procpolicy import Workflow
from procpolicy.reference import PAGES, WORKFLOW_SVG, splice

DOCS = Path(__file__).resolve().parent

DOT_OPTIONS = (
    "-Tsvg",
    "-Grankdir=TB",
    "-Nfontname=sans-serif",
    "-Efontname=sans-serif",
    "-Nfontsize=12",
    "-Efontsize=10",
)
"""Graphviz options: top to bottom (narrower than to_dot's left to right)."""

_DOT_EDGE = re.compile(r'^\s*(\w+) -> (\w+) \[label="(.*)"\];$', re.MULTILINE)
_SVG = "{http://www.w3.org/2000/svg}"

Edge = tuple[str, str, str]
"""source stage, target stage, label."""


def dot_edges(dot: str) -> Counter[Edge]:
    """The edges of a DOT graph as `Workflow.to_dot` writes it."""
    return Counter(_DOT_EDGE.findall(dot))


def svg_edges(svg: str) -> Counter[Edge]:
    """The edges of an SVG Graphviz drew: each group of class ``edge``."""
    found: Counter[Edge] = Counter()
    for group in ET.fromstring(svg).iter(f"{_SVG}g"):  # noqa: S314 - our own file
        if group.get("class") != "edge":
            continue
        title = group.findtext(f"{_SVG}title") or ""
        source, _, target = title.partition("->")
        label = " ".join(t.text or "" for t in group.iter(f"{_SVG}text"))
        found[source, target, label] += 1
    return found


def redraw_workflow(docs: Path = DOCS) -> bool:
    """Redraw the stage graph when its edges differ from `Workflow.to_dot`'s.

    Returns:
        Whether the picture was redrawn.
    """
    dot = Workflow().to_dot()
    path = docs / WORKFLOW_SVG
    if path.exists() and svg_edges(path.read_text(encoding="utf-8")) == dot_edges(dot):
        return False
    graphviz = shutil.which("dot")
    if graphviz is None:
        sys.stderr.write(
            f"Graphviz's dot is not installed: docs/{WORKFLOW_SVG} is stale\n"
        )
        return False
    drawn = subprocess.run(  # noqa: S603 - our own graph, a fixed program
        [graphviz, *DOT_OPTIONS], input=dot, capture_output=True, text=True, check=True
    )
    path.write_text(drawn.stdout, encoding="utf-8")
    return True


def regenerate(docs: Path = DOCS) -> list[str]:
    """Rewrite every generated page under ``docs`` that is out of date.

    Returns:
        The names of the pages rewritten.
    """
    changed = []
    for name, generate in PAGES.items():
        path = docs / name
        text = path.read_text(encoding="utf-8")
        fresh = splice(text, generate())
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            changed.append(name)
    return changed


def main() -> int:
    """Regenerate the pages and say which changed."""
    changed = regenerate()
    if redraw_workflow():
        changed.append(WORKFLOW_SVG)
    for name in changed:
        sys.stdout.write(f"rewrote docs/{name}\n")
    if not changed:
        sys.stdout.write("every generated page is up to date\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
