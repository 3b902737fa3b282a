"""After payment: renewal, re-tender, closure (续约, 再次招评标, 无效必问责).

Steps: ``SETTLED ─Renewed→ CONTRACTED``, ``SETTLED ─Retendered→ DISCLOSED``,
``SETTLED ─Closed→ CLOSED`` and ``DRAFT…AWARDED ─Cancelled→ CANCELLED``.
The evaluation's result is the basis for renewing the contract: only with a
good enough grade, and the original term and its renewals stay within the
cap; a poor result closes only with someone held accountable.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from procpolicy._process._base import (
    FACT_AWARD,
    FACT_RETENDERS,
    NOT_APPLICABLE,
    PASS,
    Facts,
    Need,
    Result,
    Stage,
    Step,
    changes,
    check,
    fail,
    sets,
)
from procpolicy._process.contract import (
    anniversary,
    contract_term,
    contract_within_budget,
    contracted,
    term_text,
)
from procpolicy._process.evaluation import period_grade
from procpolicy.events import Cancelled, Closed, Renewed, Retendered
from procpolicy.parties import Role
from procpolicy.rules import Citation, Provenance

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "CANCELLED",
    "CLOSED",
    "RENEWED",
    "RETENDERED",
    "closure_accountability",
    "renewal_grade",
    "renewal_term_cap",
]


# -- renewal.grade ------------------------------------------------------------
def _grade_needs(project: Project, rules: RuleSet) -> Need:
    least = rules.parameters.renewal_min_grade
    return Need(
        f"a grade of {least} or better in the last evaluation "
        f"({rules.source('renewal_min_grade')})",
        f"考评等级须达到{least.zh}及以上方可续约",
        least.name,
        (("minimum", least.name),),
    )


def _renewal_grade(project: Project, event: Any, rules: RuleSet) -> Result:
    """The last evaluation earned at least the grade that may renew."""
    evaluated = project.evaluated
    if evaluated is None:
        return NOT_APPLICABLE
    least = rules.parameters.renewal_min_grade
    grade = period_grade(evaluated, rules)
    if grade.is_at_least(least):
        return PASS
    total = evaluated.evaluation.total
    return fail(
        f"the grade {grade} ({total} points) is below {least}, "
        f"the lowest that may renew ({rules.source('renewal_min_grade')}); "
        "tender again",
        f"考评等级{grade.zh}({total}分)低于{least.zh}, 不得续约, 应重新招标",
        grade=grade.name,
        minimum=least.name,
    )


renewal_grade = check(
    "renewal.grade",
    "续约依据",
    "Renewal only with a good enough grade",
    Citation(
        "ay-evaluation",
        "三考: 续约合同或再次招评标优先",
        verified=False,
        note="the article makes the result the basis of renewal; the minimum grade "
        "is the preset's assumption",
    ),
    reads=("renewal_min_grade", "grade_bands"),
    requires=_grade_needs,
    reads_event=False,
)(_renewal_grade)


# -- renewal.term_cap ---------------------------------------------------------
def cycle_start(project: Project) -> date | None:
    """Start of the first period since the last award (renewals chain from it)."""
    start = None
    for period in project.periods:
        if not period.renewal:
            start = period.start
    return start


def _cap_needs(project: Project, rules: RuleSet) -> Need:
    cap = rules.parameters.renewal_term_cap_years
    first, period = cycle_start(project), project.contract
    if first is None or period is None:
        return Need(
            f"the contract and its renewals within {cap * 12} months",
            f"合同及续约累计不超过{cap}年",
        )
    last = anniversary(first, cap)
    return Need(
        f"a renewal starting after {period.end} and ending before {last} "
        f"({cap * 12} months from {first}; {rules.source('renewal_term_cap_years')})",
        f"续约期应在{period.end}之后开始, 在{last}之前结束(累计不超过{cap}年)",
        str(last),
        (("after", str(period.end)), ("before", str(last))),
    )


def _renewal_term_cap(project: Project, event: Renewed, rules: RuleSet) -> Result:
    """A renewal follows the current period, and the cycle stays within the cap."""
    first = cycle_start(project)
    period = project.contract
    problems, zh = [], []
    if period is not None and event.start <= period.end:
        problems.append(
            f"the renewal starts {event.start}, before the current period ends "
            f"{period.end}"
        )
        zh.append(f"续约期{event.start}开始, 早于本期结束日{period.end}")
    if first is not None:
        cap = rules.parameters.renewal_term_cap_years
        if event.end >= anniversary(first, cap):
            problems.append(
                f"the contract and its renewals would run {first} to {event.end}, "
                f"{term_text(first, event.end)}; at most {cap * 12} months "
                f"({rules.source('renewal_term_cap_years')})"
            )
            zh.append(f"合同及续约{first}至{event.end}累计超过{cap}年")
    if not problems:
        return PASS
    return fail("; ".join(problems), "续约累计期限超限: " + "; ".join(zh))


renewal_term_cap = check(
    "renewal.term_cap",
    "续约年限",
    "Original term and renewals stay within the cap",
    Citation(
        "mof-102",
        "Art 24",
        provenance=Provenance.ASSUMED,
        note="the cap on contract plus renewals is assumed to be Art 24's longest term",
    ),
    reads=("renewal_term_cap_years",),
    requires=_cap_needs,
)(_renewal_term_cap)


RENEWED = Step(
    Renewed,
    frozenset({Stage.SETTLED}),
    Stage.CONTRACTED,
    contracted,
    (renewal_grade, renewal_term_cap, contract_term, contract_within_budget),
)
"""``SETTLED ─Renewed→ CONTRACTED`` (续约)."""


_retender = changes(
    "retenders",
    "previous_undertaker",
    "procurement",
    "award",
    "supervisions",
    "period_evaluation",
)


def _retendered(facts: Facts, _event: Retendered) -> Facts:
    award = facts[FACT_AWARD]
    undertaker = award.undertaker if award else None
    retenders = facts[FACT_RETENDERS] + 1
    return _retender(facts, retenders, undertaker, None, None, None, None)


RETENDERED = Step(Retendered, frozenset({Stage.SETTLED}), Stage.DISCLOSED, _retendered)
"""``SETTLED ─Retendered→ DISCLOSED`` (再次招评标)."""


# -- closure.accountability ---------------------------------------------------
def _accountability_needs(project: Project, rules: RuleSet) -> Need:
    line = rules.parameters.accountability_grade
    if line is None:
        return Need("no grade calls for accountability", "无问责等级要求")
    return Need(
        f"at or below the grade {line}, name who is held accountable "
        f"(Closed.accountable; {rules.source('accountability_grade')})",
        f"考评等级为{line.zh}及以下的, 须明确责任人(无效必问责)",
        line.name,
    )


def _closure_accountability(project: Project, event: Closed, rules: RuleSet) -> Result:
    """无效必问责: a poor last grade names who answers for it."""
    evaluated = project.evaluated
    if evaluated is None:  # the current period's evaluation, else the last one
        evaluations = project.evaluations
        evaluated = evaluations[-1] if evaluations else None
    line = rules.parameters.accountability_grade
    if evaluated is None or line is None:
        return NOT_APPLICABLE
    grade = period_grade(evaluated, rules)
    if not line.is_at_least(grade) or (event.accountable or "").strip():
        return PASS
    total = evaluated.evaluation.total
    return fail(
        f"the last grade is {grade} ({total} points): name who is "
        "held accountable (Closed.accountable) — 无效必问责 "
        f"({rules.source('accountability_grade')})",
        f"最近一次考评等级为{grade.zh}({total}分): 无效必问责, 须明确责任人",
        grade=grade.name,
    )


closure_accountability = check(
    "closure.accountability",
    "无效必问责",
    "A poor result closes only with someone held accountable",
    Citation(
        "ay-oversight",
        "一落实: 花钱必问效, 无效必问责",
        provenance=Provenance.ASSUMED,
        note="the article reports the principle; the document is inferred",
    ),
    reads=("accountability_grade", "grade_bands"),
    requires=_accountability_needs,
    role=Role.SUPERVISION,
)(_closure_accountability)


CLOSED = Step(
    Closed,
    frozenset({Stage.SETTLED}),
    Stage.CLOSED,
    sets("end"),
    (closure_accountability,),
)
"""``SETTLED ─Closed→ CLOSED``."""

CANCELLED = Step(
    Cancelled,
    frozenset(
        {Stage.DRAFT, Stage.BUDGETED, Stage.DISCLOSED, Stage.PROCURING, Stage.AWARDED}
    ),
    Stage.CANCELLED,
    sets("end"),
)
"""``DRAFT…AWARDED ─Cancelled→ CANCELLED`` (撤销)."""
