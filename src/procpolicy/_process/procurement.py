"""Procurement (政府采购衔接): starting, failing and awarding a procedure.

Steps: ``DISCLOSED ─ProcurementStarted→ PROCURING``, ``PROCURING
─ProcurementFailed→ DISCLOSED`` (the project may restart, by another method
too) and ``PROCURING ─Awarded→ AWARDED``.  The method follows the Government
Procurement Law (方式灵活、程序简便、竞争有序), the tender stays open long
enough, enough suppliers take part, the undertaker may deliver services and
the award stays within the budget.
"""

from __future__ import annotations

from datetime import date
from decimal import Context, Decimal
from typing import TYPE_CHECKING, NamedTuple

from procpolicy._process._base import (
    FACT_FAILURES,
    FACT_PROCUREMENT,
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
    unknown_because,
)
from procpolicy._process.disclosure import disclosure_complete
from procpolicy.calendar import add_working_days, caveat, working_days_between
from procpolicy.events import Awarded, ProcurementFailed, ProcurementStarted
from procpolicy.procurement import Method, MethodGround, assess_method, method_problems
from procpolicy.rules import Citation, Provenance

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "AWARDED",
    "FAILED",
    "STARTED",
    "award_within_budget",
    "method_add_on",
    "method_permitted",
    "proven_grounds",
    "tender_bidders",
    "tender_period",
    "undertaker_eligible",
    "yuan",
]

_NO_GROUNDS: frozenset[MethodGround] = frozenset()
_EXACT = Context(prec=64)
"""Exact products of two bounded decimals (no rounding before comparing)."""
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


def _method_permitted(
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


method_permitted = check(
    "method.permitted",
    "采购方式",
    "A procurement method the law permits",
    Citation(
        "gpl",
        "Art 26–32; ck-2014-214 Art 3",
        provenance=Provenance.REPORTED,
        note="REGULATIONS.md gives these articles without a [C] mark; "
        "ck-2014-214's date is unverified",
    ),
    reads=("open_tender_threshold", "decentralised_limit", "excluded_methods"),
    requires=_method_needs,
)(_method_permitted)


_fail = changes("failures", "procurement")


def _failed(facts: Facts, event: ProcurementFailed) -> Facts:
    procurement, failures = facts[FACT_PROCUREMENT], facts[FACT_FAILURES]
    if procurement is not None:
        failures = (failures, (procurement.method, event))
    return _fail(facts, failures, None)


FAILED = Step(ProcurementFailed, frozenset({Stage.PROCURING}), Stage.DISCLOSED, _failed)
"""``PROCURING ─ProcurementFailed→ DISCLOSED`` (流标: may restart)."""


# -- tender.period ------------------------------------------------------------
_WORKING_DAY_METHODS = frozenset(
    {Method.COMPETITIVE_NEGOTIATION, Method.REQUEST_FOR_QUOTATIONS}
)


class _Period(NamedTuple):
    """A method's least response period: its length, unit and parameter."""

    least: int
    working: bool
    """Working days (工作日), not calendar days."""
    name: str

    @property
    def unit(self) -> str:
        return "working days" if self.working else "days"

    @property
    def zh_unit(self) -> str:
        return "个工作日" if self.working else "日"

    def earliest(self, issued: date) -> date:
        """The first day the responses may be due (and the award made)."""
        if self.working:
            return add_working_days(issued, self.least)
        return date.fromordinal(issued.toordinal() + self.least)  # + timedelta, in C

    def length(self, issued: date, end: date) -> int:
        """The period from ``issued`` to ``end``, counted in its unit."""
        if self.working:
            return working_days_between(issued, end)
        return (end - issued).days


_PERIOD_PARAMETER: dict[Method, tuple[str, bool]] = {
    **{m: ("min_tender_days", False) for m in Method if m.is_tendering},
    Method.COMPETITIVE_CONSULTATION: ("min_consultation_days", False),
    **dict.fromkeys(_WORKING_DAY_METHODS, ("min_response_working_days", True)),
}
"""Per method, the parameter of its least response period and whether it counts
working days (工作日); single source and framework agreements have none."""


_new_period = tuple.__new__


def _period_of(method: Method, rules: RuleSet) -> _Period | None:
    """The least response period of ``method`` in force, None when there is none."""
    found = _PERIOD_PARAMETER.get(method)
    if found is None:
        return None
    name, working = found
    least: int = getattr(rules.parameters, name)
    # tuple.__new__: the NamedTuple's own __new__ is a Python call, on every award
    return _new_period(_Period, (least, working, name)) if least else None


def _period_needs(project: Project, rules: RuleSet) -> Need:
    started = project.procurement
    period = _period_of(started.method, rules) if started is not None else None
    if started is None or period is None:
        params = rules.parameters
        return Need(
            f"a response period of at least {params.min_tender_days} days for a "
            f"tender, {params.min_consultation_days} for a consultation and "
            f"{params.min_response_working_days} working days for negotiation "
            "and requests for quotations, from the documents' issue to the "
            "deadline (ProcurementStarted.deadline)",
            f"招标不少于{params.min_tender_days}日, 磋商不少于"
            f"{params.min_consultation_days}日, 谈判、询价不少于"
            f"{params.min_response_working_days}个工作日",
        )
    earliest = period.earliest(started.day)
    return Need(
        f"award no earlier than {earliest}: the documents were issued "
        f"{started.day} and leave at least {period.least} {period.unit} to "
        f"respond ({rules.source(period.name)}"
        f"{caveat(started.day, earliest) if period.working else ''})",
        f"采购文件{started.day}发出, 响应期限不少于{period.least}{period.zh_unit}, "
        f"最早{earliest}确定成交",
        str(earliest),
        (("earliest", str(earliest)), ("minimum", str(period.least))),
    )


def _tender_period(
    project: Project, event: ProcurementStarted | Awarded, rules: RuleSet
) -> Result:
    """From the documents' issue to the response deadline, at least the minimum.

    The documents are issued on the `ProcurementStarted` day.  With a
    ``deadline`` the period is judged there; without one it is judged at the
    award: an award sooner than the minimum after issue proves the period too
    short (FAILED), a later one leaves it unknown (UNDETERMINED).  Tendering
    and consultation count calendar days, negotiation and requests for
    quotations working days (`procpolicy.calendar`).
    """
    started = event if isinstance(event, ProcurementStarted) else project.procurement
    period = _period_of(started.method, rules) if started is not None else None
    if started is None or period is None:
        return NOT_APPLICABLE
    if started.deadline is not None:
        # Judged at the start, where the deadline is known; the award must
        # then wait for it (suppliers respond until the deadline).
        if isinstance(event, Awarded):
            return _after_deadline(event, started.deadline)
        return _deadline_period(started, started.deadline, period, rules)
    if isinstance(event, ProcurementStarted):
        return NOT_APPLICABLE  # judged at the award
    return _award_period(started, event, period, rules)


tender_period = check(
    "tender.period",
    "响应期限",
    "Suppliers have long enough to respond",
    # Tendering's; consultation (ck-2014-214 Art 10) and negotiation and
    # quotations (mof-74) are in the basis of the documents that establish them.
    Citation("gpl", "Art 35"),
    reads=("min_tender_days", "min_consultation_days", "min_response_working_days"),
    requires=_period_needs,
    unknowns=("ProcurementStarted.deadline",),
)(_tender_period)


def _after_deadline(award: Awarded, deadline: date) -> Result:
    """An award comes no sooner than the response deadline it follows."""
    if award.day >= deadline:
        return PASS
    return fail(
        f"the award on {award.day} comes before the response deadline {deadline}: "
        "suppliers could still respond",
        f"{award.day}确定成交, 早于响应截止日期{deadline}, 供应商仍可递交响应文件",
        award=award.day,
        deadline=deadline,
    )


def _deadline_period(
    started: ProcurementStarted, deadline: date, period: _Period, rules: RuleSet
) -> Result:
    """The period from the documents' issue to the recorded deadline."""
    issued = started.day
    length = period.length(issued, deadline)
    if length >= period.least:
        return PASS
    note = caveat(issued, deadline) if period.working else ""
    return fail(
        f"{started.method} leaves {length} {period.unit} to respond (documents "
        f"issued {issued}, deadline {deadline}); at least {period.least} are "
        f"required ({rules.source(period.name)}{note})",
        f"{started.method.zh}响应期限{length}{period.zh_unit}({issued}至"
        f"{deadline}), 不得少于{period.least}{period.zh_unit}",
        days=length,
        minimum=period.least,
    )


def _award_period(
    started: ProcurementStarted, event: Awarded, period: _Period, rules: RuleSet
) -> Result:
    """Without a deadline: an award too soon proves the period short."""
    issued = started.day
    earliest = period.earliest(issued)
    if event.day < earliest:
        source = rules.source(period.name)
        note = caveat(issued, earliest) if period.working else ""
        length = period.length(issued, event.day)
        return fail(
            f"the award on {event.day} came {length} {period.unit} after the "
            f"documents were issued ({issued}); {started.method} leaves at least "
            f"{period.least} {period.unit} to respond, so no award before "
            f"{earliest} ({source}{note})",
            f"采购文件{issued}发出, {event.day}即确定成交, 仅{length}{period.zh_unit}, "
            f"响应期限不得少于{period.least}{period.zh_unit}",
            days=length,
            minimum=period.least,
        )

    def explain() -> tuple[str, str]:
        source = rules.source(period.name)
        note = caveat(issued, earliest) if period.working else ""
        return (
            (
                "the response deadline is not recorded "
                f"(ProcurementStarted.deadline); {started.method} leaves at least "
                f"{period.least} {period.unit} from the documents' issue on {issued}, "
                f"to {earliest} or later ({source}{note})"
            ),
            (
                f"未记录响应截止时间, 响应期限应不少于{period.least}{period.zh_unit}"
                f"(自{issued}起, 不早于{earliest})"
            ),
        )

    return unknown_because("ProcurementStarted.deadline", explain)


# -- method.add_on --------------------------------------------------------------
def _add_on_needs(project: Project, rules: RuleSet) -> Need:
    ratio = rules.parameters.max_add_on_ratio
    return Need(
        f"an add-on (ADD_ON) costs at most {ratio:.0%} of the original contract, "
        f"recorded in ProcurementStarted.original_contract "
        f"({rules.source('max_add_on_ratio')})",
        f"添购资金总额不超过原合同金额的{ratio:.0%}",
        f"{ratio:.0%}",
        (("ratio", str(ratio)),),
    )


def _method_add_on(
    project: Project, event: ProcurementStarted, rules: RuleSet
) -> Result:
    """添购: a single source from the original supplier within the share allowed.

    The add-on's cost is the purchase's budget (`Budgeted.amount`), compared
    with the original contract's amount (``original_contract``).
    """
    if MethodGround.ADD_ON not in event.grounds:
        return NOT_APPLICABLE
    ratio = rules.parameters.max_add_on_ratio
    if not ratio.is_finite():
        return NOT_APPLICABLE
    amount = project.budgeted
    original = event.original_contract
    if original is None:
        return unknown(
            "ProcurementStarted.original_contract",
            f"the original contract's amount is not recorded "
            f"(ProcurementStarted.original_contract); an add-on of "
            f"{yuan(amount)} yuan may cost at most {ratio:.0%} of it "
            f"({rules.source('max_add_on_ratio')})",
            f"未记录原合同金额, 添购{yuan(amount)}元不得超过原合同金额的{ratio:.0%}",
        )
    most = _EXACT.multiply(original, ratio)
    if amount <= most:
        return PASS
    return fail(
        f"the add-on of {yuan(amount)} yuan is {amount / original:.1%} of the "
        f"original contract's {yuan(original)} yuan; at most {ratio:.0%}, "
        f"{yuan(most)} yuan ({rules.source('max_add_on_ratio')})",
        f"添购{yuan(amount)}元, 占原合同金额{yuan(original)}元的"
        f"{amount / original:.1%}, 超过{ratio:.0%}",
        amount=amount,
        original=original,
        most=most,
        ratio=ratio,
    )


method_add_on = check(
    "method.add_on",
    "添购",
    "An add-on costs at most a tenth of the original contract",
    Citation("gpl", "Art 31(3)", verified=False),
    reads=("max_add_on_ratio",),
    requires=_add_on_needs,
    unknowns=("ProcurementStarted.original_contract",),
)(_method_add_on)


STARTED = Step(
    ProcurementStarted,
    frozenset({Stage.DISCLOSED}),
    Stage.PROCURING,
    sets("procurement"),
    (disclosure_complete, method_permitted, method_add_on, tender_period),
)
"""``DISCLOSED ─ProcurementStarted→ PROCURING``."""


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


def _tender_bidders(project: Project, event: Awarded, rules: RuleSet) -> Result:
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


tender_bidders = check(
    "tender.bidders",
    "供应商数量",
    "Enough bidders or suppliers took part",
    Citation("gpl", "Art 36; ck-2015-124"),
    reads=("min_tender_bidders", "min_consultation_suppliers"),
    requires=_bidders_needs,
    unknowns=("Awarded.bidders",),
)(_tender_bidders)


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


def _undertaker_eligible(project: Project, event: Awarded, rules: RuleSet) -> Result:
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


undertaker_eligible = check(
    "undertaker.eligible",
    "承接主体资格",
    "The undertaker may deliver services",
    Citation("mof-102", "Art 6–8; gpl Art 22"),
    reads=("eligible_undertakers", "required_conditions"),
    requires=_undertaker_needs,
)(_undertaker_eligible)


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


def _award_within_budget(project: Project, event: Awarded, rules: RuleSet) -> Result:
    """No budget, no purchase: the award is within the budget."""
    return within_budget(project, event.amount, "award", "成交金额")


award_within_budget = check(
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
)(_award_within_budget)


AWARDED = Step(
    Awarded,
    frozenset({Stage.PROCURING}),
    Stage.AWARDED,
    sets("award"),
    (tender_period, tender_bidders, undertaker_eligible, award_within_budget),
)
"""``PROCURING ─Awarded→ AWARDED``."""
