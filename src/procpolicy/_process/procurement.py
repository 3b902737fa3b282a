"""Procurement (政府采购衔接): starting, failing and awarding a procedure.

Steps: ``DISCLOSED ─ProcurementStarted→ PROCURING``, ``PROCURING
─ProcurementFailed→ DISCLOSED`` (the project may restart, by another method
too) and ``PROCURING ─Awarded→ AWARDED``.  The method follows the Government
Procurement Law (方式灵活、程序简便、竞争有序), the tender stays open long
enough, enough suppliers take part, the undertaker may deliver services and
the award stays within the budget.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from procpolicy._process._base import (
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
    unknown,
)
from procpolicy._process.disclosure import disclosure_complete
from procpolicy.events import Awarded, ProcurementFailed, ProcurementStarted
from procpolicy.procurement import Method, MethodGround, assess_method, method_problems
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "AWARDED",
    "FAILED",
    "STARTED",
    "award_within_budget",
    "method_permitted",
    "proven_grounds",
    "tender_bidders",
    "tender_period",
    "undertaker_eligible",
    "yuan",
]

_NO_GROUNDS: frozenset[MethodGround] = frozenset()
_FAILED_TENDER = frozenset({MethodGround.NO_QUALIFIED_BIDS})


def yuan(value: Decimal) -> str:
    """An amount in yuan with thousands separators, or "no limit"."""
    return f"{value:,.2f}" if value.is_finite() else "no limit"


def proven_grounds(project: Project) -> frozenset[MethodGround]:
    """The grounds the history proves: a failed tender proves no qualified bids."""
    failures = project.failures
    # Most projects never failed: no generator for ``any`` and shared sets.
    if failures and any(method.is_tendering for method, _ in failures):
        return _FAILED_TENDER
    return _NO_GROUNDS


# -- method.permitted ---------------------------------------------------------
def _method_needs(project: Project, rules: RuleSet) -> Need:
    threshold = rules.parameters.open_tender_threshold
    available = ", ".join(m.name for m in Method if m in rules.methods)
    return Need(
        f"a method the law permits for {yuan(project.budgeted)} yuan: at or above "
        f"{yuan(threshold)} yuan open tendering unless approved "
        f"({rules.source('open_tender_threshold')}); methods in force: {available}",
        f"采购方式须符合政府采购法; 公开招标数额标准{yuan(threshold)}元",
        yuan(threshold),
        (("open_tender_threshold", str(threshold)),),
    )


@check(
    "method.permitted",
    "采购方式",
    "A procurement method the law permits",
    Citation("gpl", "Art 26–32; ck-2014-214 Art 3; ck-2015-124"),
    reads=("open_tender_threshold", "decentralised_limit", "excluded_methods"),
    requires=_method_needs,
)
def method_permitted(
    project: Project, event: ProcurementStarted, rules: RuleSet
) -> Result:
    """怎么买: the method exists, and the amount and grounds allow it."""
    grounds = event.grounds | proven_grounds(project)
    amount = project.budgeted
    if not method_problems(event.method, amount, grounds, rules):
        return PASS
    verdict = assess_method(event.method, amount, grounds, rules)
    return fail(
        f"{event.method} may not be used for {yuan(amount)} yuan: "
        + "; ".join(verdict.reasons),
        f"预算{yuan(amount)}元的项目不得采用{event.method.zh}",
        method=event.method.name,
        amount=amount,
    )


STARTED = Step(
    ProcurementStarted,
    frozenset({Stage.DISCLOSED}),
    Stage.PROCURING,
    sets("procurement"),
    (disclosure_complete, method_permitted),
)
"""``DISCLOSED ─ProcurementStarted→ PROCURING``."""


_fail = changes("failures", "procurement")


def _failed(facts: Facts, event: ProcurementFailed) -> Facts:
    method = facts.procurement.method if facts.procurement else None
    failures = facts.failures if method is None else (facts.failures, (method, event))
    return _fail(facts, failures, None)


FAILED = Step(ProcurementFailed, frozenset({Stage.PROCURING}), Stage.DISCLOSED, _failed)
"""``PROCURING ─ProcurementFailed→ DISCLOSED`` (流标: may restart)."""


# -- tender.period ------------------------------------------------------------
def _period_needs(project: Project, rules: RuleSet) -> Need:
    started = project.procurement
    least = rules.parameters.min_tender_days
    if started is None or not started.method.is_tendering:
        return Need(
            f"a tender stays open at least {least} days", f"招标期限不少于{least}日"
        )
    earliest = started.day + timedelta(days=least)
    return Need(
        f"award no earlier than {earliest}: the tender opened {started.day} and "
        f"stays open at least {least} days ({rules.source('min_tender_days')})",
        f"招标自{started.day}起不少于{least}日, 最早{earliest}确定中标",
        str(earliest),
        (("earliest", str(earliest)), ("minimum", str(least))),
    )


@check(
    "tender.period",
    "招标期限",
    "The tender stays open long enough",
    Citation("gpl", "Art 35"),
    reads=("min_tender_days",),
    requires=_period_needs,
)
def tender_period(project: Project, event: Awarded, rules: RuleSet) -> Result:
    """A tender stays open at least the minimum number of days."""
    started = project.procurement
    if started is None or not started.method.is_tendering:
        return NOT_APPLICABLE
    days = (event.day - started.day).days
    least = rules.parameters.min_tender_days
    if days >= least:
        return PASS
    return fail(
        f"the tender ran {days} days ({started.day} to {event.day}); at least {least} "
        f"days are required ({rules.source('min_tender_days')})",
        f"招标期限{days}日({started.day}至{event.day}), 不得少于{least}日",
        days=days,
        minimum=least,
    )


# -- tender.bidders -----------------------------------------------------------
def _bidders_minimum(method: Method | None, rules: RuleSet) -> tuple[int, str] | None:
    params = rules.parameters
    if method is not None and method.is_tendering:
        return params.min_tender_bidders, "min_tender_bidders"
    if method is Method.COMPETITIVE_CONSULTATION:
        return params.min_consultation_suppliers, "min_consultation_suppliers"
    return None


def _bidders_needs(project: Project, rules: RuleSet) -> Need:
    minimum = _bidders_minimum(project.method, rules)
    if minimum is None:
        return Need(
            "no minimum number of suppliers for this method",
            "该采购方式无供应商数量要求",
        )
    least, name = minimum
    return Need(
        f"at least {least} bidders or suppliers take part, recorded in "
        f"Awarded.bidders ({rules.source(name)})",
        f"参与供应商不少于{least}家",
        str(least),
        (("minimum", str(least)),),
    )


@check(
    "tender.bidders",
    "供应商数量",
    "Enough bidders or suppliers took part",
    Citation("gpl", "Art 36; ck-2015-124"),
    reads=("min_tender_bidders", "min_consultation_suppliers"),
    requires=_bidders_needs,
    unknowns=("Awarded.bidders",),
)
def tender_bidders(project: Project, event: Awarded, rules: RuleSet) -> Result:
    """A tender needs enough bidders; consultation enough suppliers."""
    minimum = _bidders_minimum(project.method, rules)
    if minimum is None:
        return NOT_APPLICABLE
    least, name = minimum
    if event.bidders is None:
        return unknown(
            "Awarded.bidders",
            f"the number of bidders is not recorded (Awarded.bidders); at least "
            f"{least} are required ({rules.source(name)})",
            f"未记录参与供应商数量, 至少应有{least}家",
        )
    if event.bidders >= least:
        return PASS
    method = project.method
    return fail(
        f"{event.bidders} bidder(s) took part in {method}; at least {least} are "
        f"required ({rules.source(name)})",
        f"参与供应商{event.bidders}家, 不足{least}家",
        bidders=event.bidders,
        minimum=least,
    )


# -- undertaker.eligible ------------------------------------------------------
def _undertaker_needs(project: Project, rules: RuleSet) -> Need:
    params = rules.parameters
    kinds = ", ".join(sorted(k.name for k in params.eligible_undertakers))
    conditions = ", ".join(sorted(c.name for c in params.required_conditions))
    return Need(
        f"the undertaker is one of {kinds} and shows {conditions or 'no condition'} "
        f"({rules.source('eligible_undertakers')})",
        "承接主体须符合资格条件",
        kinds,
    )


@check(
    "undertaker.eligible",
    "承接主体资格",
    "The undertaker may deliver services",
    Citation("mof-102", "Art 6–8; gpl Art 22"),
    reads=("eligible_undertakers", "required_conditions"),
    requires=_undertaker_needs,
)
def undertaker_eligible(project: Project, event: Awarded, rules: RuleSet) -> Result:
    """向谁买: the undertaker's kind may deliver, and it meets the conditions."""
    who = event.undertaker
    params = rules.parameters
    problems = []
    if who.kind not in params.eligible_undertakers:
        problems.append(
            f"{who.name} is a {who.kind}, which may not deliver purchased services "
            f"({rules.source('eligible_undertakers')})"
        )
    missing = params.required_conditions - who.conditions
    if missing:
        names = ", ".join(c.name for c in sorted(missing, key=lambda c: c.name))
        problems.append(
            f"{who.name} has not shown: {names} ({rules.source('required_conditions')})"
        )
    if not problems:
        return PASS
    return fail(
        "; ".join(problems),
        f"承接主体{who.name}({who.kind.zh})不符合条件"
        + (
            "; 未证明: "
            + "、".join(c.zh for c in sorted(missing, key=lambda c: c.name))
            if missing
            else ""
        ),
        kind=who.kind.name,
        missing=",".join(sorted(c.name for c in missing)),
    )


# -- award.within_budget ------------------------------------------------------
def within_budget(project: Project, amount: Decimal, what: str, zh: str) -> Result:
    """An amount within the purchase's budget (`Budgeted.amount`)."""
    budget = project.budget
    if budget is None:
        return NOT_APPLICABLE
    if amount <= budget.amount:
        return PASS
    return fail(
        f"the {what} of {yuan(amount)} yuan exceeds the budget of "
        f"{yuan(budget.amount)} yuan by {yuan(amount - budget.amount)}",
        f"{zh}{yuan(amount)}元超出预算{yuan(budget.amount)}元",
        amount=amount,
        budget=budget.amount,
    )


def budget_needs(project: Project, rules: RuleSet) -> Need:
    """At most the budget."""
    most = yuan(project.budgeted)
    return Need(f"at most the budget, {most} yuan", f"不超过预算{most}元", most)


@check(
    "award.within_budget",
    "成交不超预算",
    "The award stays within the budget",
    Citation(
        "budget-law",
        "Art 13; mof-102 Art 14",
        note="mof-102 Art 16 (the medium-term plan) is confirmed in substance, "
        "not in its number",
    ),
    requires=budget_needs,
)
def award_within_budget(project: Project, event: Awarded, rules: RuleSet) -> Result:
    """No budget, no purchase: the award is within the budget."""
    return within_budget(project, event.amount, "award", "成交金额")


AWARDED = Step(
    Awarded,
    frozenset({Stage.PROCURING}),
    Stage.AWARDED,
    sets("award"),
    (tender_period, tender_bidders, undertaker_eligible, award_within_budget),
)
"""``PROCURING ─Awarded→ AWARDED``."""
