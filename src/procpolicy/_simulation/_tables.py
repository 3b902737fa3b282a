"""Plain-text and HTML tables for results in a terminal or a notebook."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["html_table", "text_table"]


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to width (CJK counts double); the first left-aligned."""
    widths = [
        max(_width(h), *(_width(r[i]) for r in rows)) if rows else _width(h)
        for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(
            _pad(cell, width, i)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in (headers, *rows)
    ]
    lines.insert(1, "  ".join("─" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # noqa: PLR2004


def _pad(text: str, width: int, index: int) -> str:
    gap = " " * (width - _width(text))
    return text + gap if index == 0 else gap + text


def html_table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> str:
    """An HTML table with a caption; every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
