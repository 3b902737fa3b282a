"""The workflow's guards: each a pure function citing one rule.

A guard is ``(project, event, rules) -> tuple[Violation, ...]`` and returns
``()`` when the event passes.  Guards tolerate a project at the wrong stage
(they skip what they cannot judge), so a refusal lists every rule broken.
A *state* guard does not read the event: `Workflow.requirements` runs those
without one (``event`` is then None).

Guards run on every event, so they read the project's facts tuple
(``project._facts``, whose fields are C-level getters) rather than going
through `Project`'s properties, one Python call each; this module belongs to
the fold's package and keeps to what the fold writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from attrs import frozen
from dateutil.relativedelta import relativedelta

from procpolicy import rules as R  # noqa: N812
from procpolicy.evaluation import (
    Evaluator,
    EvaluatorFactors,
    choose_evaluator,
    mean,
    third_party_triggers,
)
from procpolicy.events import (
    Awarded,
    Budgeted,
    Closed,
    Contracted,
    Evaluated,
    Event,
    ProcurementStarted,
    Renewed,
    Settled,
    Supervised,
)
from procpolicy.parameters import Grade
from procpolicy.policy import RuleSet
from procpolicy.procurement import (
    Method,
    MethodGround,
    assess_method,
    method_problems,
)
from procpolicy.project import Project
from procpolicy.rules import Rule, Violation

__all__ = ["GUARDS", "Guard", "term_months"]

GuardFn = Callable[[Project, Any, RuleSet], tuple[Violation, ...]]
NONE: tuple[Violation, ...] = ()
_ZERO = Decimal(0)
_CENT = Decimal("0.01")  # parsed once: ~1.7 k instructions less per settlement


@frozen
class Guard:
    """A rule and the function that checks it."""

    rule: Rule
    check: GuardFn
    reads_event: bool = True
    """False for a state guard, which judges the project alone."""


def _v(rule: Rule, en: str, zh: str = "", **facts: object) -> tuple[Violation, ...]:
    return (Violation(rule, en, zh, tuple((k, str(v)) for k, v in facts.items())),)


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}" if value.is_finite() else "no limit"


def term_months(start: date, end: date) -> tuple[int, int]:
    """The length of an inclusive period as (months, extra days).

    A period from 2015-03-01 to 2016-02-29 is exactly 12 months: its end is
    the day before the anniversary.

    Examples:
        >>> term_months(date(2015, 3, 1), date(2016, 2, 29))
        (12, 0)
        >>> term_months(date(2015, 3, 1), date(2016, 3, 1))
        (12, 1)
    """
    delta = relativedelta(end + timedelta(days=1), start)
    return delta.years * 12 + delta.months, delta.days


def _anniversary(start: date, years: int) -> date:
    """``start + relativedelta(years=years)``: 29 February falls back to the 28th.

    Examples:
        >>> _anniversary(date(2016, 2, 29), 1)
        datetime.date(2017, 2, 28)
    """
    # ``contract.term`` runs on every Contracted and Renewed event: this costs
    # ~4 k instructions a call against ~46 k for adding a relativedelta (the
    # same date; see docs/performance.md for how gains are measured).
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        return start.replace(year=start.year + years, day=28)


def _term_text(start: date, end: date) -> str:
    months, days = term_months(start, end)
    return f"{months} months" + (f" and {days} days" if days else "")


# -- budgeting -------------------------------------------------------------
def catalogue_listed(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    drafted = project.drafted
    catalogue = rules.catalogue
    what = drafted.item if drafted.item is not None else drafted.category
    if drafted.item is None and catalogue.lists_whole(drafted.category):
        return NONE
    if drafted.item is not None and catalogue.covers(drafted.item):
        return NONE
    source = rules.source("catalogue")
    if drafted.item is None and catalogue.covers(drafted.category):
        items = ", ".join(
            i.name.en
            for i in sorted(catalogue.items_of(drafted.category), key=lambda i: i.code)
        )
        return _v(
            R.CATALOGUE_LISTED,
            f"only single items of {drafted.category} are listed ({items}) by "
            f"{source}; "
            "name the item the project buys (Drafted.item)",
            f"目录仅列入{drafted.category.zh}中的部分项目, 须指明项目",
            category=drafted.category.name,
            catalogue=source.document,
        )
    return _v(
        R.CATALOGUE_LISTED,
        f"{what if drafted.item is None else drafted.item.name} is not in the "
        f"guiding catalogue in force on {_day(project, event)} ({source})",
        "未纳入指导性目录",
        category=drafted.category.name,
        catalogue=source.document,
    )


def _day(project: Project, event: Event | None) -> date:
    return event.day if event is not None else project.last_event.day


def catalogue_prohibited(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    hits = project.drafted.involves & rules.parameters.prohibited
    if not hits:
        return NONE
    parts = []
    for item in sorted(hits, key=lambda i: i.name):
        cite = rules.prohibition_source(item)
        parts.append(f"{item} ({cite})")
    return _v(
        R.CATALOGUE_PROHIBITED,
        "the content is on the negative list: " + "; ".join(parts),
        "属于负面清单事项, 不得作为政府购买服务内容",
        items=",".join(sorted(i.name for i in hits)),
    )


def purchaser_eligible(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    kind = project.purchaser.kind
    if kind in rules.parameters.eligible_purchasers:
        return NONE
    return _v(
        R.PURCHASER_ELIGIBLE,
        f"{project.purchaser.name} is a {kind}, which may not buy services "
        f"({rules.source('eligible_purchasers')})",
        f"{kind.zh}不能作为购买主体",
        kind=kind.name,
    )


def budget_separate_line(
    project: Project, event: Budgeted, rules: RuleSet
) -> tuple[Violation, ...]:
    if event.separate_line or not rules.parameters.separate_budget_line:
        return NONE
    return _v(
        R.BUDGET_SEPARATE_LINE,
        f"from {rules.source('separate_budget_line').document} the money must sit "
        "on the "
        "separate purchase-of-services budget line (separate_line=True)",
        "应单列政府购买服务预算",
    )


def budget_targets(
    project: Project, event: Budgeted, rules: RuleSet
) -> tuple[Violation, ...]:
    if event.targets or not rules.parameters.targets_required:
        return NONE
    return _v(
        R.BUDGET_TARGETS,
        "no performance target is set with the budget; the rules in force "
        f"({rules.source('targets_required')}) require them",
        "编制预算时应设定绩效目标",
    )


# -- procurement -------------------------------------------------------------
def disclosure_complete(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    missing = rules.parameters.disclosure_required - project._facts.disclosed
    if not missing:
        return NONE
    names = ", ".join(f"{i}" for i in sorted(missing, key=lambda i: i.name))
    return _v(
        R.DISCLOSURE_COMPLETE,
        f"not yet published: {names} ({rules.source('disclosure_required')})",
        "采购前应公开项目、内容、承接主体要求和绩效评价标准",
        missing=",".join(sorted(i.name for i in missing)),
    )


_NO_GROUNDS: frozenset[MethodGround] = frozenset()
_FAILED_TENDER = frozenset({MethodGround.NO_QUALIFIED_BIDS})


def proven_grounds(project: Project) -> frozenset[MethodGround]:
    """The grounds the history proves: a failed tender proves no qualified bids."""
    failures = project._facts.failures
    # Most projects never failed: no generator for ``any`` and shared sets,
    # ~1.3 k instructions a call instead of ~3.6 k.
    if failures and any(method.is_tendering for method, _ in failures):
        return _FAILED_TENDER
    return _NO_GROUNDS


def method_permitted(
    project: Project, event: ProcurementStarted, rules: RuleSet
) -> tuple[Violation, ...]:
    grounds = event.grounds | proven_grounds(project)
    budget = project._facts.budget
    amount = budget.amount if budget is not None else _ZERO
    if not method_problems(event.method, amount, grounds, rules):
        return NONE
    verdict = assess_method(event.method, project.budgeted, grounds, rules)
    return _v(
        R.METHOD_PERMITTED,
        f"{event.method} may not be used for {_yuan(project.budgeted)} yuan: "
        + "; ".join(verdict.reasons),
        f"不得采用{event.method.zh}",
        method=event.method.name,
        amount=project.budgeted,
    )


def tender_period(
    project: Project, event: Awarded, rules: RuleSet
) -> tuple[Violation, ...]:
    started = project._facts.procurement
    if started is None or not started.method.is_tendering:
        return NONE
    days = (event.day - started.day).days
    least = rules.parameters.min_tender_days
    if days >= least:
        return NONE
    return _v(
        R.TENDER_PERIOD,
        f"the tender ran {days} days ({started.day} to {event.day}); at least {least} "
        f"days are required ({rules.source('min_tender_days')})",
        f"招标期限{days}日, 不得少于{least}日",
        days=days,
        minimum=least,
    )


def tender_bidders(
    project: Project, event: Awarded, rules: RuleSet
) -> tuple[Violation, ...]:
    started = project._facts.procurement
    method = started.method if started is not None else None
    if event.bidders is None or method is None:
        return NONE
    params = rules.parameters
    if method.is_tendering:
        least, name = params.min_tender_bidders, "min_tender_bidders"
    elif method is Method.COMPETITIVE_CONSULTATION:
        least, name = params.min_consultation_suppliers, "min_consultation_suppliers"
    else:
        return NONE
    if event.bidders >= least:
        return NONE
    return _v(
        R.TENDER_BIDDERS,
        f"{event.bidders} bidder(s) took part in {method}; at least {least} are "
        "required "
        f"({rules.source(name)})",
        f"供应商不足{least}家",
        bidders=event.bidders,
        minimum=least,
    )


def undertaker_eligible(
    project: Project, event: Awarded, rules: RuleSet
) -> tuple[Violation, ...]:
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
        return NONE
    return _v(
        R.UNDERTAKER_ELIGIBLE,
        "; ".join(problems),
        "承接主体不符合条件",
        kind=who.kind.name,
        missing=",".join(sorted(c.name for c in missing)),
    )


def _within_budget(rule: Rule, what: str) -> GuardFn:
    """A guard: the event's amount is within the purchase's budget.

    An award, a contract and each renewal are compared with `Budgeted.amount`
    on its own.  For a renewal that is an assumption, stated in the docs: the
    budget is read as the money of one contract period, each renewal year
    being budgeted at the same level (no event re-budgets a renewal), so the
    total contracted over renewals may exceed it.
    """

    def check(project: Project, event: Any, rules: RuleSet) -> tuple[Violation, ...]:
        budget = project._facts.budget
        if budget is None or event.amount <= budget.amount:
            return NONE
        return _v(
            rule,
            f"the {what} of {_yuan(event.amount)} yuan exceeds the budget of "
            f"{_yuan(budget.amount)} yuan by {_yuan(event.amount - budget.amount)}",
            "超出预算",
            amount=event.amount,
            budget=budget.amount,
        )

    return check


# -- contract ----------------------------------------------------------------
def contract_deadline(
    project: Project, event: Contracted, rules: RuleSet
) -> tuple[Violation, ...]:
    award = project._facts.award
    if award is None:
        return NONE
    days = (event.day - award.day).days
    most = rules.parameters.max_days_award_to_contract
    if days <= most:
        return NONE
    return _v(
        R.CONTRACT_DEADLINE,
        f"the contract was signed {days} days after the award ({award.day}); at most "
        f"{most} days are allowed ({rules.source('max_days_award_to_contract')})",
        f"应在中标通知书发出之日起{most}日内签订合同",
        days=days,
        maximum=most,
    )


def contract_term(
    project: Project, event: Contracted | Renewed, rules: RuleSet
) -> tuple[Violation, ...]:
    params = rules.parameters
    name = "max_stable_contract_years" if event.stable else "max_contract_years"
    years = (
        params.max_stable_contract_years if event.stable else params.max_contract_years
    )
    # Inclusive end: a term of N years ends the day before the N-th anniversary.
    if event.end < _anniversary(event.start, years):
        return NONE
    kind = "a stable, funded service" if event.stable else "a contract"
    return _v(
        R.CONTRACT_TERM,
        f"the term {event.start} to {event.end} is "
        f"{_term_text(event.start, event.end)}; "
        f"{kind} may run at most {years * 12} months ({rules.source(name)})",
        f"合同履行期限超过{years}年",
        months=term_months(event.start, event.end)[0],
        limit_months=years * 12,
    )


def supervision_within_term(
    project: Project, event: Supervised, rules: RuleSet
) -> tuple[Violation, ...]:
    # A record after the period's end is its close-out, still before the
    # evaluation (the stage graph sees to that); only one before it starts
    # cannot be about this period.
    periods = project._facts.periods
    period = periods[-1] if periods else None
    if period is None or period.start <= event.day:
        return NONE
    return _v(
        R.SUPERVISION_WITHIN_TERM,
        f"a daily evaluation on {event.day} comes before the contract period "
        f"{period.start} to {period.end} starts",
        "日常考评应在合同履行期内",
        day=event.day,
        start=period.start,
        end=period.end,
    )


# -- evaluation and money ------------------------------------------------------
def factors(project: Project) -> EvaluatorFactors:
    """The 谁来考 factors of a project: its budget and its drafted facts."""
    drafted = project.drafted
    return EvaluatorFactors(
        amount=project.budgeted,
        social_impact=drafted.social_impact,
        fixed_site=drafted.fixed_site,
        scope=drafted.scope,
    )


def evaluation_evaluator(
    project: Project, event: Evaluated, rules: RuleSet
) -> tuple[Violation, ...]:
    if event.evaluation.evaluator is Evaluator.THIRD_PARTY:
        return NONE
    facts = project._facts
    drafted = facts.drafted
    if not third_party_triggers(
        facts.budget.amount if facts.budget is not None else _ZERO,
        drafted.social_impact,
        drafted.scope,
        rules,
        fixed_site=drafted.fixed_site,
    ):
        return NONE
    choice = choose_evaluator(factors(project), rules)
    return _v(
        R.EVALUATION_EVALUATOR,
        "a third party must evaluate this project: " + "; ".join(choice.reasons),
        "应由第三方考评",
    )


def evaluation_consistent(
    project: Project, event: Evaluated, rules: RuleSet
) -> tuple[Violation, ...]:
    tolerance = rules.parameters.supervision_tolerance
    if not tolerance.is_finite():
        return NONE
    internal = event.evaluation.internal_score
    average = mean([s.score for s in project._facts.supervisions])
    # The citation is looked up only for a message: ~12 k instructions a call.
    if average is None:
        return _v(
            R.EVALUATION_CONSISTENT,
            f"no daily evaluation (Supervised) was recorded in this period, so the "
            f"internal score {internal} rests on nothing "
            f"({rules.source('supervision_tolerance')})",
            "无日常考评记录",
        )
    gap = abs(internal - average)
    if gap <= tolerance:
        return NONE
    return _v(
        R.EVALUATION_CONSISTENT,
        f"the internal score {internal} differs from the mean daily score {average} by "
        f"{gap} points; at most {tolerance} are allowed "
        f"({rules.source('supervision_tolerance')})",
        "内部评分与日常考评不一致",
        internal=internal,
        mean=average,
        tolerance=tolerance,
    )


def settlement_evaluated(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    facts = project._facts
    if facts.period_evaluation is not None:
        return NONE
    period = facts.periods[-1] if facts.periods else None
    which = f"the period {period.start} to {period.end}" if period else "this project"
    return _v(
        R.SETTLEMENT_EVALUATED,
        f"no evaluation of {which} is recorded: no payment without one (花钱必问效)",
        "未经绩效考评不得拨付资金",
    )


def _grade(evaluated: Evaluated, rules: RuleSet) -> Grade:
    # An evaluation's total is already a valid 0–100 score (Evaluation checks
    # its scores and weight), so the bands in force grade it directly, as
    # RuleSet.grade does after checking it again: ~5 k instructions less a call.
    return rules.parameters.grade_bands.grade(evaluated.evaluation.total)


def grade_of(project: Project, rules_at: Callable[[date], RuleSet]) -> Grade | None:
    """The grade of the current period's evaluation, by the bands on its day."""
    evaluated = project.evaluated
    if evaluated is None:
        return None
    return rules_at(evaluated.day).grade(evaluated.evaluation.total)


def settlement_payment(
    project: Project, event: Settled, rules: RuleSet
) -> tuple[Violation, ...]:
    facts = project._facts
    period = facts.periods[-1] if facts.periods else None
    evaluated = facts.period_evaluation
    if period is None or evaluated is None:
        return NONE
    grade = _grade(evaluated, rules)
    ratio = rules.parameters.payment_ratios.ratio(grade)
    allowed = (period.amount * ratio).quantize(_CENT)
    if event.paid <= allowed:
        return NONE
    return _v(
        R.SETTLEMENT_PAYMENT,
        f"paying {_yuan(event.paid)} yuan exceeds {_yuan(allowed)} yuan: "
        f"{ratio:.0%} of the contract amount "
        f"{_yuan(period.amount)} for the grade {grade} "
        f"({evaluated.evaluation.total} points; {rules.source('payment_ratios')})",
        f"按考评等级{grade.zh}最多拨付{ratio:.0%}",
        paid=event.paid,
        allowed=allowed,
        grade=grade.name,
        ratio=ratio,
    )


def renewal_grade(
    project: Project, event: Any, rules: RuleSet
) -> tuple[Violation, ...]:
    evaluated = project.evaluated
    least = rules.parameters.renewal_min_grade
    if evaluated is None:
        return NONE
    grade = _grade(evaluated, rules)
    if grade.is_at_least(least):
        return NONE
    return _v(
        R.RENEWAL_GRADE,
        f"the grade {grade} ({evaluated.evaluation.total} points) is below {least}, "
        f"the lowest that may renew ({rules.source('renewal_min_grade')}); "
        "tender again",
        f"考评等级{grade.zh}, 不得续约",
        grade=grade.name,
        minimum=least.name,
    )


def renewal_term_cap(
    project: Project, event: Renewed, rules: RuleSet
) -> tuple[Violation, ...]:
    first = _cycle_start(project)
    period = project.contract
    problems = []
    if period is not None and event.start <= period.end:
        problems.append(
            f"the renewal starts {event.start}, before the current period ends "
            f"{period.end}"
        )
    if first is not None:
        cap = rules.parameters.renewal_term_cap_years
        if event.end >= _anniversary(first, cap):
            problems.append(
                f"the contract and its renewals would run {first} to {event.end}, "
                f"{_term_text(first, event.end)}; at most {cap * 12} months "
                f"({rules.source('renewal_term_cap_years')})"
            )
    if not problems:
        return NONE
    return _v(R.RENEWAL_TERM_CAP, "; ".join(problems), "续约累计期限超限")


def _cycle_start(project: Project) -> date | None:
    """Start of the first period since the last award (renewals chain from it)."""
    start = None
    for period in project.periods:
        if not period.renewal:
            start = period.start
    return start


def closure_accountability(
    project: Project, event: Closed, rules: RuleSet
) -> tuple[Violation, ...]:
    facts = project._facts
    evaluated = facts.period_evaluation or (
        facts.evaluations[-1] if facts.evaluations else None
    )
    line = rules.parameters.accountability_grade
    if evaluated is None or line is None:
        return NONE
    grade = _grade(evaluated, rules)
    if not line.is_at_least(grade) or (event.accountable or "").strip():
        return NONE
    return _v(
        R.CLOSURE_ACCOUNTABILITY,
        f"the last grade is {grade} ({evaluated.evaluation.total} points): name who is "
        "held accountable (Closed.accountable) — 无效必问责 "
        f"({rules.source('accountability_grade')})",
        "无效必问责: 须明确责任人",
        grade=grade.name,
    )


GUARDS: Mapping[type[Event], tuple[Guard, ...]] = MappingProxyType(
    {
        Budgeted: (
            Guard(R.CATALOGUE_LISTED, catalogue_listed, reads_event=False),
            Guard(R.CATALOGUE_PROHIBITED, catalogue_prohibited, reads_event=False),
            Guard(R.PURCHASER_ELIGIBLE, purchaser_eligible, reads_event=False),
            Guard(R.BUDGET_SEPARATE_LINE, budget_separate_line),
            Guard(R.BUDGET_TARGETS, budget_targets),
        ),
        ProcurementStarted: (
            Guard(R.DISCLOSURE_COMPLETE, disclosure_complete, reads_event=False),
            Guard(R.METHOD_PERMITTED, method_permitted),
        ),
        Awarded: (
            Guard(R.TENDER_PERIOD, tender_period),
            Guard(R.TENDER_BIDDERS, tender_bidders),
            Guard(R.UNDERTAKER_ELIGIBLE, undertaker_eligible),
            Guard(
                R.AWARD_WITHIN_BUDGET, _within_budget(R.AWARD_WITHIN_BUDGET, "award")
            ),
        ),
        Contracted: (
            Guard(R.CONTRACT_DEADLINE, contract_deadline),
            Guard(R.CONTRACT_TERM, contract_term),
            Guard(
                R.CONTRACT_WITHIN_BUDGET,
                _within_budget(R.CONTRACT_WITHIN_BUDGET, "contract"),
            ),
        ),
        Supervised: (Guard(R.SUPERVISION_WITHIN_TERM, supervision_within_term),),
        Evaluated: (
            Guard(R.EVALUATION_EVALUATOR, evaluation_evaluator),
            Guard(R.EVALUATION_CONSISTENT, evaluation_consistent),
        ),
        Settled: (
            Guard(R.SETTLEMENT_EVALUATED, settlement_evaluated, reads_event=False),
            Guard(R.SETTLEMENT_PAYMENT, settlement_payment),
        ),
        Renewed: (
            Guard(R.RENEWAL_GRADE, renewal_grade, reads_event=False),
            Guard(R.RENEWAL_TERM_CAP, renewal_term_cap),
            Guard(R.CONTRACT_TERM, contract_term),
            Guard(
                R.CONTRACT_WITHIN_BUDGET,
                _within_budget(R.CONTRACT_WITHIN_BUDGET, "renewal"),
            ),
        ),
        Closed: (Guard(R.CLOSURE_ACCOUNTABILITY, closure_accountability),),
    }
)
"""The guards of each event class, in the order they are judged."""
