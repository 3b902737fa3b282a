"""Sphinx configuration of the procpolicy documentation.

The build must work offline and with warnings as errors
(``sphinx-build -W --keep-going -q -b html docs docs/_build/html``), so
nothing here fetches anything: no intersphinx, no remote images.
"""

from __future__ import annotations

import logging
from importlib.metadata import metadata
from typing import TYPE_CHECKING, Any

from pygments.lexers.special import TextLexer
from sphinx.ext.napoleon.docstring import GoogleDocstring

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_META = metadata("procpolicy")

# -- Project -------------------------------------------------------------------
project = _META["Name"]
author = _META["Author"] or "procpolicy developers"
_LICENSE = _META["License-Expression"] or "Apache-2.0"
copyright = f"{author}; licence {_LICENSE}"
release = _META["Version"]
version = ".".join(release.split(".")[:2])
language = "en"

# -- General -------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "matplotlib.sphinxext.plot_directive",
    "sphinx_copybutton",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
# Cross-references to names outside the documented modules (builtins, attrs,
# Decimal …) would need intersphinx, which fetches inventories: stay lenient.
nitpicky = False
# Docstrings write `Name` for a cross-reference (as attrs does): link it when
# the name resolves, print it as code when it does not.
default_role = "py:obj"

# -- MyST ------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings up to ### get stable anchors, so pages can link to sections.
myst_heading_anchors = 3

# -- autodoc and napoleon (Google style) -------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}
# The modules use `from __future__ import annotations`; autodoc evaluates the
# string annotations in each module's namespace. Names imported only under
# TYPE_CHECKING cannot be evaluated and stay as plain text, which is harmless
# (nitpicky is off).
autodoc_typehints_format = "short"
# Napoleon's own hook is switched off and `_google_docstring` below runs the
# same Google-style parser (see there why).
napoleon_google_docstring = False
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- matplotlib plot directive (docs/research.md draws a figure at build time) -----
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]

# -- copy button (sphinx-copybutton): copy the code, not the prompts or output ------
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# -- HTML --------------------------------------------------------------------------
html_theme = "furo"
html_title = "procpolicy — 政府购买服务 policy as code"
# docs/_static/procpolicy.css: Chinese table cells keep their words together,
# wide code blocks wrap; workflow.svg is the stage graph (docs/regenerate.py).
html_static_path = ["_static"]
html_css_files = ["procpolicy.css"]
html_show_sourcelink = False
# Search splits Chinese text into words with jieba (the docs extra), so a
# search for 单列 or 绩效评价 finds the pages that use the term.
html_search_language = "zh"
try:
    import jieba
except ImportError:  # pragma: no cover - Sphinx then warns that search is weaker
    pass
else:
    jieba.setLogLevel(logging.WARNING)  # not its dictionary's debug lines


_FIELD_KINDS = frozenset({"attribute", "data", "property"})


def _google_docstring(  # noqa: PLR0917 - the signature of the Sphinx event
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    lines: list[str],
) -> None:
    """Parse a docstring in Google style, reading field docstrings as prose.

    Napoleon reads the first line of an attribute's docstring as Google's
    inline "type: description" form, so a field whose docstring begins
    "Stable dotted id: contract.term ..." would render with the type
    "Stable dotted id".  procpolicy documents fields in prose on the line
    below them (STYLE.md) and autodoc already shows each field's annotated
    type, so fields, module data and properties are parsed as plain bodies:
    their sections ("Examples:" and the like) still work.
    """
    kind: Any = "object" if what in _FIELD_KINDS else what
    parsed = GoogleDocstring(lines, app.config, app, kind, name, obj, options)
    lines[:] = parsed.lines()


def setup(app: Sphinx) -> None:
    """Register what the pages need beyond the extensions above.

    The generated workflow page shows its Mermaid diagram as a plain code
    block (no Mermaid extension, nothing fetched); Pygments has no Mermaid
    lexer, so the fence is highlighted as plain text instead of warning.
    """
    app.add_lexer("mermaid", TextLexer)
    app.connect("autodoc-process-docstring", _google_docstring)
