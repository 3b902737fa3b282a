"""Rich displays for a notebook: HTML tables and short reprs, strings only.

Each public value with a ``_repr_html_`` hands itself to one function here,
which returns HTML with every text escaped (`html.escape`).  Nothing here
reads a file or a clock: the builders are pure.  Money is shown in 万元
(10 000 yuan), like the simulation tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from procpolicy.labels import BilingualEnum

if TYPE_CHECKING:
    from procpolicy.errors import TransitionRefused
    from procpolicy.policy import PolicyFramework, RuleSet
    from procpolicy.project import Project
    from procpolicy.rules import Citation, Finding, Judgement, RuleResult, Violation
    from procpolicy.workflow import Workflow

__all__ = [
    "finding_html",
    "framework_html",
    "framework_repr",
    "judgement_html",
    "project_html",
    "refused_html",
    "result_html",
    "ruleset_html",
    "ruleset_repr",
    "show",
    "table",
    "violation_html",
    "workflow_markdown",
]

_DETAIL_WIDTH = 80
"""Characters of an event's details shown in the history table."""


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table with a caption and a header row; every cell escaped.

    Examples:
        >>> table("T", ("a",), [("<b>",)])
        '<table class="procpolicy"><caption>T</caption><thead><tr><th>a</th></tr>...'
    """
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="procpolicy"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def show(value: object, name: str = "") -> str:
    """A value as the library writes it: one rendering of "no limit".

    A term, deadline, amount or ratio no document limits reads ``no limit``
    (the unregulated default of a limit, `procpolicy.parameters.is_unlimited`);
    an accountability grade no document sets reads ``none``.

    Examples:
        >>> show(99, "max_contract_years"), show(1, "max_contract_years")
        ('no limit', '1')
        >>> show(None, "accountability_grade"), show(Decimal("Infinity"))
        ('none', 'no limit')
    """
    from procpolicy.parameters import is_unlimited  # noqa: PLC0415 - light import

    if name and is_unlimited(name, value):
        return "no limit"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(show(v) for v in value)) + "}"
    if isinstance(value, BilingualEnum):
        return value.name
    if isinstance(value, Decimal) and value.is_infinite():
        return "no limit"
    if value is None:
        return "none"
    return str(value)


def _basis(basis: Sequence[Citation], fallback: Citation) -> str:
    return "; ".join(map(str, basis or (fallback,)))


def _wan(value: Decimal) -> str:
    return f"{value / 10_000:,.1f}"


# -- a project -------------------------------------------------------------------
def project_repr(project: Project) -> str:
    """``Project('AY-2014-001', stage=DRAFT, 1 event(s))``: short, one line."""
    return (
        f"Project({project.id!r}, stage={project.stage.name}, "
        f"{len(project.history)} event(s))"
    )


def _brief(value: object) -> str:
    """A field of an event in a few words: a party or a target by its name."""
    from procpolicy.labels import Label  # noqa: PLC0415 - light import

    if isinstance(value, tuple):
        return "(" + ", ".join(_brief(v) for v in value) + ")"
    if isinstance(value, Label):
        return value.zh
    name = getattr(value, "name", None)
    if isinstance(name, (str, Label)) and not isinstance(value, BilingualEnum):
        return _brief(name)
    return show(value)


def _details(event: object) -> str:
    import attrs  # noqa: PLC0415 - every event is an attrs class

    fields = attrs.fields(type(event))  # type: ignore[arg-type]
    text = ", ".join(
        f"{f.name}={_brief(getattr(event, f.name))}"
        for f in fields
        if f.init
        and f.name not in {"at", "project_id", "title"}
        and getattr(event, f.name) != f.default
    )
    return text if len(text) <= _DETAIL_WIDTH else text[: _DETAIL_WIDTH - 1] + "…"


def project_html(project: Project) -> str:
    """The project's key facts, then its history: one row per event."""
    purchaser = project.purchaser
    facts = [
        ("stage 阶段", f"{project.stage.name} ({project.stage.zh})"),
        ("id", project.id),
        ("title 名称", project.title),
        ("purchaser 购买主体", f"{purchaser.name} ({purchaser.kind.zh})"),
        ("category 类别", f"{project.category.name} ({project.category.zh})"),
        ("budget 预算 万元", _wan(project.budgeted)),
        ("events 事件", str(len(project.history))),
    ]
    history = [
        (str(i), event.day.isoformat(), type(event).__name__, _details(event))
        for i, event in enumerate(project.history)
    ]
    return table(f"Project 项目 {project.id}", ("fact", "value"), facts) + table(
        "History 历史", ("#", "day", "event", "details"), history
    )


# -- rules in force and the framework ----------------------------------------------
def _stretch(rules: RuleSet) -> str:
    start = rules.valid_from.isoformat() if rules.valid_from else "…"
    until = rules.valid_until.isoformat() if rules.valid_until else "…"
    return f"{start} – {until}"


def ruleset_repr(rules: RuleSet) -> str:
    """``RuleSet(2016-01-01 – 2020-12-31, 12 document(s))``: short, one line."""
    return f"RuleSet({_stretch(rules)}, {len(rules.documents)} document(s))"


def ruleset_html(rules: RuleSet) -> str:
    """Each parameter with its value, the document that set it and provenance."""
    from procpolicy.parameters import Parameters  # noqa: PLC0415 - light import

    set_by = dict(rules.sources)
    rows = []
    for name in Parameters.names():
        cite = rules.source(name)
        rows.append(
            (
                name,
                Parameters.label(name).zh,
                show(rules.parameters.get(name), name),
                str(cite) if name in set_by else "not set: the unregulated default",
                cite.provenance.name,
            )
        )
    listed = ", ".join(
        c.name
        for c in sorted(rules.catalogue.covered_categories(), key=lambda c: c.name)
    )
    cite = rules.source("catalogue")
    rows.append(
        ("catalogue", "指导性目录", listed or "none", str(cite), cite.provenance.name)
    )
    return table(
        f"RuleSet 规则 {_stretch(rules)}: {len(rules.documents)} document(s) in force",
        ("parameter", "中文", "value", "source", "provenance"),
        rows,
    )


def framework_repr(framework: PolicyFramework) -> str:
    """``PolicyFramework(16 document(s): mof-102, …)``: short, one line."""
    ids = [d.id for d in framework.documents]
    shown = ", ".join(ids[:4]) + (", …" if len(ids) > 4 else "")  # noqa: PLR2004
    return f"PolicyFramework({len(ids)} document(s): {shown})"


def framework_html(framework: PolicyFramework) -> str:
    """The documents by layer, then by date."""
    docs = sorted(framework.documents, key=lambda d: (d.layer.depth, d.effective))
    rows = [
        (
            f"{d.layer.name} ({d.layer.zh})",
            d.id,
            d.title.zh,
            d.title.en,
            d.effective.isoformat(),
            d.expires.isoformat() if d.expires else "in force",
            d.provenance.name,
        )
        for d in docs
    ]
    return table(
        f"PolicyFramework 政策体系: {len(docs)} document(s)",
        ("layer", "document", "中文", "English", "effective", "expires", "provenance"),
        rows,
    )


# -- outcomes of the rules -----------------------------------------------------------
_OUTCOME = ("rule", "规则", "message", "中文", "basis")


def _violation_row(v: Violation) -> tuple[str, ...]:
    return (
        v.rule.id,
        v.rule.title.zh,
        v.message,
        v.zh,
        _basis(v.basis, v.rule.citation),
    )


def violation_html(violation: Violation) -> str:
    """The rule broken, the message in English and Chinese, the dated basis."""
    return table("Violation 违规", _OUTCOME, [_violation_row(violation)])


def refused_html(refused: TransitionRefused) -> str:
    """Every rule the refused event breaks, one row each."""
    name = type(refused.event).__name__
    caption = f"{name} refused 拒绝: {len(refused.violations)} rule(s) broken"
    return table(caption, _OUTCOME, [_violation_row(v) for v in refused.violations])


_RESULT = ("rule", "规则", "verdict", "message", "中文", "basis")


def _result_row(r: RuleResult) -> tuple[str, ...]:
    verdict = f"{r.verdict.name} ({r.verdict.zh})"
    basis = _basis(r.basis, r.rule.citation)
    return (r.rule.id, r.rule.title.zh, verdict, r.message, r.zh, basis)


def result_html(result: RuleResult) -> str:
    """One rule's verdict, its message and its basis."""
    return table("RuleResult 判定", _RESULT, [_result_row(result)])


def judgement_html(judgement: Judgement) -> str:
    """Every rule of the event's edge with its verdict."""
    name = type(judgement.event).__name__
    state = "allowed 允许" if judgement.allowed else "refused 拒绝"
    return table(
        f"Judgement 判定 {name}: {state}",
        _RESULT,
        [_result_row(r) for r in judgement.results],
    )


def finding_html(finding: Finding) -> str:
    """The rule and its title, the message in English and Chinese, fix, basis."""
    rule = finding.rule
    row = (
        rule.id,
        rule.title.zh,
        rule.title.en,
        f"{finding.severity.name} ({finding.severity.zh})",
        ", ".join(finding.documents),
        finding.message,
        finding.zh,
        finding.hint,
        str(rule.citation),
    )
    return table(
        "Finding 问题",
        (
            "rule",
            "规则",
            "rule (en)",
            "severity",
            "documents",
            "message",
            "中文",
            "fix",
            "basis",
        ),
        [row],
    )


def workflow_markdown(workflow: Workflow) -> str:
    """The stage graph as a fenced ``mermaid`` block, which JupyterLab draws."""
    return f"```mermaid\n{workflow.to_mermaid()}\n```\n"
