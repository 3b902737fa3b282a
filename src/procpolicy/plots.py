"""Figures of the rules over time and of simulations (matplotlib, optional).

Install the extra: ``pip install procpolicy[plots]``.  Each function draws
one figure with ``matplotlib.pyplot`` and returns it; nothing is written or
shown (call ``fig.savefig(...)`` or let a notebook show it; there, assign
it, ``fig = plots.timeline(...)``, and the inline backend shows it once as
the cell ends).  matplotlib is imported inside the functions, so ``import
procpolicy.plots`` costs nothing without it.  Chinese labels need a font
with Chinese glyphs (`_CJK_FAMILIES`); without one the labels are English.

Examples:
    >>> from procpolicy import plots, presets
    >>> fig = plots.timeline(presets.anyang(), "max_contract_years")
    >>> len(fig.axes), len(fig.axes[0].patches)
    (1, 3)
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from procpolicy._display import show
from procpolicy.errors import InvalidInput
from procpolicy.labels import Label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from procpolicy._simulation._result import SimulationResult
    from procpolicy._timeline import Stretch
    from procpolicy.catalogue import Catalogue
    from procpolicy.policy import PolicyFramework

__all__ = ["catalogue", "refusals", "spending", "timeline"]

_CATALOGUE = Label("指导性目录", "the guiding catalogue")

_MARGIN_YEARS = 2
"""Years drawn before the first and after the last day the rules change."""


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - the optional extra
    except ImportError as exc:  # pragma: no cover - matplotlib is a test dependency
        raise ImportError(
            "procpolicy.plots needs matplotlib: pip install 'procpolicy[plots]'"
        ) from exc
    return plt


_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
"""Fonts with Chinese glyphs, tried in order; without one, labels are English."""


def _value(stretch: Stretch, name: str) -> str:
    if name == "catalogue":
        count = len(cast("Catalogue", stretch.value).covered_categories())
        return f"{count} categories"
    return show(stretch.value, name)


def _cjk_family() -> str | None:
    """The first font of `_CJK_FAMILIES` installed, or None."""
    from matplotlib import font_manager  # noqa: PLC0415 - the optional extra

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((f for f in _CJK_FAMILIES if f in installed), None)


def _text(zh: str, en: str) -> tuple[str, dict[str, Any]]:
    """The Chinese text in a font that has it; the English one without such a font."""
    family = _cjk_family()
    if family is None:
        return en, {}
    return zh, {"fontfamily": [family, "DejaVu Sans"]}


def _any(text: str) -> tuple[str, dict[str, Any]]:
    """Text that may hold Chinese; without a Chinese font its glyphs read ``?``."""
    family = _cjk_family()
    if family is None:
        return text.encode("ascii", "replace").decode("ascii"), {}
    return text, {"fontfamily": [family, "DejaVu Sans"]}


def _window(
    framework: PolicyFramework, since: date | None, until: date | None
) -> tuple[date, date]:
    bounds = framework.boundaries()
    first = bounds[0] if bounds else date(2000, 1, 1)
    last = bounds[-1] if bounds else date(2000, 1, 1)
    since = since or date(first.year - _MARGIN_YEARS, 1, 1)
    until = until or date(last.year + _MARGIN_YEARS, 12, 31)
    if until < since:
        raise InvalidInput(f"until: {until} is before since ({since})")
    return since, until


def _num(day: date) -> float:
    """The day as matplotlib's date number (days since its epoch, 1970-01-01)."""
    return float((day - _EPOCH).days)


_EPOCH = date(1970, 1, 1)


def _clip(stretch: Stretch, since: date, until: date) -> tuple[date, date] | None:
    start = max(stretch.start or since, since)
    end = min(stretch.end or until, until)
    return (start, end) if start <= end else None


def timeline(
    framework: PolicyFramework,
    name: str,
    *,
    since: date | None = None,
    until: date | None = None,
) -> Figure:
    """A parameter's stretches as bars along time, each labelled with its value.

    The bar's colour tells the provenance (text, reported, assumed); the
    label is the value and the document that set it.  ``since`` and
    ``until`` bound the days drawn (by default two years either side of the
    days the rules change).

    Raises:
        InvalidInput: for an unknown name, or ``until`` before ``since``.
    """
    from procpolicy.parameters import Parameters  # noqa: PLC0415

    plt = _pyplot()
    stretches = framework.timeline(name)
    since, until = _window(framework, since, until)
    fig, ax = plt.subplots(figsize=(9, 2.2))
    colours = {"TEXT": "tab:green", "REPORTED": "tab:orange", "ASSUMED": "tab:grey"}
    for stretch in stretches:
        span = _clip(stretch, since, until)
        if span is None:
            continue
        left, right = _num(span[0]), _num(span[1]) + 1
        ax.barh(
            0,
            right - left,
            left=left,
            color=colours[stretch.provenance.name],
            edgecolor="white",
        )
        text, font = _any(f"{_value(stretch, name)}\n{stretch.citation.document}")
        ax.text(
            (left + right) / 2, 0, text, ha="center", va="center", fontsize=8, **font
        )
    ax.xaxis_date()
    ax.set_yticks([])
    label = Parameters.label(name) if name != "catalogue" else _CATALOGUE
    title, font = _text(f"{name} {label.zh}", f"{name}: {label.en}")
    ax.set_title(title, **font)
    fig.tight_layout()
    return cast("Figure", fig)


def catalogue(
    framework: PolicyFramework,
    *,
    since: date | None = None,
    until: date | None = None,
) -> Figure:
    """Which categories the guiding catalogue lists, over the years.

    One row per category ever listed; a dark bar where it is listed whole,
    a light one where only single items of it are.
    """
    from procpolicy.catalogue import ServiceCategory  # noqa: PLC0415

    plt = _pyplot()
    stretches = framework.timeline("catalogue")
    since, until = _window(framework, since, until)
    listed = [
        c
        for c in ServiceCategory
        if any(c in cast("Catalogue", s.value).covered_categories() for s in stretches)
    ]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(listed) + 1.2))
    for row, category in enumerate(listed):
        for stretch in stretches:
            span = _clip(stretch, since, until)
            cat = cast("Catalogue", stretch.value)
            if span is None or not cat.covers(category):
                continue
            whole = cat.lists_whole(category)
            left, right = _num(span[0]), _num(span[1]) + 1
            ax.barh(
                row,
                right - left,
                left=left,
                color="tab:blue" if whole else "lightsteelblue",
                edgecolor="white",
            )
    font = _text("", "")[1]
    ticks = [f"{c.zh} {c.name}" if font else c.name for c in listed]
    ax.set_yticks(range(len(listed)), ticks, fontsize=8, **font)
    ax.invert_yaxis()
    ax.xaxis_date()
    title, font = _text("指导性目录 The guiding catalogue", "The guiding catalogue")
    ax.set_title(f"{title} (dark: whole category; light: single items)", **font)
    fig.tight_layout()
    return cast("Figure", fig)


def spending(result: SimulationResult) -> Figure:
    """Cost before purchase and spend per year (万元 per run), with the share saved."""
    plt = _pyplot()
    years = result.by_year()
    runs = max(len(result.seeds), 1)
    xs = [int(s.key) for s in years]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.38
    before = [float(s.cost_before) / 1e4 / runs for s in years]
    spend = [float(s.spend) / 1e4 / runs for s in years]
    ax.bar([x - width / 2 for x in xs], before, width, label="cost before purchase")
    ax.bar([x + width / 2 for x in xs], spend, width, label="spend (paid + fees)")
    for x, s, y in zip(xs, years, spend, strict=True):
        if s.savings_rate is not None:
            ax.annotate(
                f"{s.savings_rate:.0%}", (x + width / 2, y), ha="center", fontsize=8
            )
    ax.set_xticks(xs)
    ylabel, font = _text("万元 (10 000 yuan) per run", "10 000 yuan per run")
    ax.set_ylabel(ylabel, **font)
    ax.set_title("Spending and savings")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return cast("Figure", fig)


def refusals(result: SimulationResult) -> Figure:
    """Refusals met in a simulation, by rule (registry order)."""
    plt = _pyplot()
    counts = result.refusals()
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(counts) + 1.2))
    ax.barh(range(len(counts)), [n for _, n in counts], color="tab:red")
    ax.set_yticks(range(len(counts)), [rule for rule, _ in counts], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("events refused")
    ax.set_title("Refusals by rule")
    fig.tight_layout()
    return cast("Figure", fig)
