"""Rewrite the generated part of the reference pages in ``docs/``.

Run it from the project root after changing a rule, a parameter, a preset or
the stage graph::

    python docs/regenerate.py

Each page listed in `procpolicy.reference.PAGES` keeps its hand-written
introduction above `procpolicy.reference.MARKER`; everything below the marker
is replaced by what the generator produces.  ``tests/unit/test_reference.py``
fails until the pages are regenerated and committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from procpolicy.reference import PAGES, splice

DOCS = Path(__file__).resolve().parent


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
    for name in changed:
        sys.stdout.write(f"rewrote docs/{name}\n")
    if not changed:
        sys.stdout.write("every generated page is up to date\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
