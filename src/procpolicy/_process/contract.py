"""The contract (合同): ``AWARDED ─Contracted→ CONTRACTED ─Supervised→ CONTRACTED``.

The contract is signed soon after the award, its term stays within the
limit (one year, or up to three for a stable, funded service), it stays
within the budget, and daily supervision (日常监管) is recorded during the
contract period.  ``contract.term`` and ``contract.within_budget`` judge a
renewal too (see ``closure``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from procpolicy._process._base import (
    NOT_APPLICABLE,
    PASS,
    ContractPeriod,
    Facts,
    Need,
    Result,
    Stage,
    Step,
    changes,
    check,
    fail,
)
from procpolicy._process.procurement import budget_needs, within_budget
from procpolicy._validate import ZERO
from procpolicy.events import Contracted, Renewed, Supervised
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "CONTRACTED",
    "SUPERVISED",
    "anniversary",
    "contract_deadline",
    "contract_term",
    "contract_within_budget",
    "contracted",
    "supervision_within_term",
    "term_months",
    "term_text",
]


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


def anniversary(start: date, years: int) -> date:
    """``start + relativedelta(years=years)``: 29 February falls back to the 28th.

    Examples:
        >>> anniversary(date(2016, 2, 29), 1)
        datetime.date(2017, 2, 28)
    """
    # ``contract.term`` runs on every Contracted and Renewed event: this costs
    # ~4 k instructions a call against ~46 k for adding a relativedelta.
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        return start.replace(year=start.year + years, day=28)


def term_text(start: date, end: date) -> str:
    """An inclusive period's length in words: ``12 months and 3 days``."""
    months, days = term_months(start, end)
    return f"{months} months" + (f" and {days} days" if days else "")


_new_period = changes("periods", "supervisions", "period_evaluation")


def contracted(facts: Facts, event: Contracted | Renewed) -> Facts:
    """The fold of a contract or a renewal: a new period, nothing supervised yet."""
    period = ContractPeriod(
        event.start,
        event.end,
        event.amount,
        event.stable,
        event.day,
        renewal=isinstance(event, Renewed),
    )
    return _new_period(facts, (facts.periods, period), None, None)


# -- contract.deadline --------------------------------------------------------
def _deadline_needs(project: Project, rules: RuleSet) -> Need:
    most = rules.parameters.max_days_award_to_contract
    award = project.award
    if award is None:
        return Need(
            f"sign within {most} days of the award", f"中标后{most}日内签订合同"
        )
    latest = award.day + timedelta(days=most)
    return Need(
        f"sign no later than {latest}, {most} days after the award of {award.day} "
        f"({rules.source('max_days_award_to_contract')})",
        f"应在{latest}前(中标通知书发出之日起{most}日内)签订合同",
        str(latest),
        (("latest", str(latest)), ("maximum", str(most))),
    )


@check(
    "contract.deadline",
    "合同签订期限",
    "The contract is signed soon after award",
    Citation("gpl", "Art 46"),
    reads=("max_days_award_to_contract",),
    requires=_deadline_needs,
)
def contract_deadline(project: Project, event: Contracted, rules: RuleSet) -> Result:
    """The contract is signed within the days allowed after the award."""
    award = project.award
    if award is None:
        return NOT_APPLICABLE
    days = (event.day - award.day).days
    most = rules.parameters.max_days_award_to_contract
    if days <= most:
        return PASS
    return fail(
        f"the contract was signed {days} days after the award ({award.day}); at most "
        f"{most} days are allowed ({rules.source('max_days_award_to_contract')})",
        f"中标({award.day})后第{days}日才签订合同, 应在{most}日内签订",
        days=days,
        maximum=most,
    )


# -- contract.term ------------------------------------------------------------
def _term_needs(project: Project, rules: RuleSet) -> Need:
    params = rules.parameters
    ordinary, stable = params.max_contract_years, params.max_stable_contract_years
    return Need(
        f"a term of at most {ordinary * 12} months, or {stable * 12} for a stable, "
        f"funded service ({rules.source('max_contract_years')}; "
        f"{rules.source('max_stable_contract_years')})",
        f"合同履行期限一般不超过{ordinary}年, 符合条件的不超过{stable}年",
        f"{ordinary * 12} / {stable * 12} months",
        (("limit_months", str(ordinary * 12)), ("stable_months", str(stable * 12))),
    )


@check(
    "contract.term",
    "合同期限",
    "Contract term within the limit",
    Citation("mof-102", "Art 24"),
    reads=("max_contract_years", "max_stable_contract_years"),
    requires=_term_needs,
)
def contract_term(
    project: Project, event: Contracted | Renewed, rules: RuleSet
) -> Result:
    """A term of one year, or up to three for a stable, funded service."""
    params = rules.parameters
    if event.stable:
        name, years = "max_stable_contract_years", params.max_stable_contract_years
    else:
        name, years = "max_contract_years", params.max_contract_years
    # Inclusive end: a term of N years ends the day before the N-th anniversary.
    if event.end < anniversary(event.start, years):
        return PASS
    kind = "a stable, funded service" if event.stable else "a contract"
    months = term_months(event.start, event.end)[0]
    return fail(
        f"the term {event.start} to {event.end} is "
        f"{term_text(event.start, event.end)}; "
        f"{kind} may run at most {years * 12} months ({rules.source(name)})",
        f"合同履行期限{event.start}至{event.end}共{months}个月, 超过{years}年",
        months=months,
        limit_months=years * 12,
    )


# -- contract.within_budget ---------------------------------------------------
@check(
    "contract.within_budget",
    "合同不超预算",
    "The contract stays within the budget",
    Citation(
        "budget-law",
        "Art 13",
        note="cy-2017-87 also keeps the term within the annual budget; its article "
        "number is not confirmed",
    ),
    requires=budget_needs,
)
def contract_within_budget(
    project: Project, event: Contracted | Renewed, rules: RuleSet
) -> Result:
    """The contract (or a renewal) is within the budget.

    Each renewal is compared with `Budgeted.amount` on its own (ASSUMED: the
    budget is read as the money of one contract period, each renewal year
    budgeted at the same level, as no event re-budgets a renewal).
    """
    if isinstance(event, Renewed):
        return within_budget(project, event.amount, "renewal", "续约金额")
    return within_budget(project, event.amount, "contract", "合同金额")


CONTRACTED = Step(
    Contracted,
    frozenset({Stage.AWARDED}),
    Stage.CONTRACTED,
    contracted,
    (contract_deadline, contract_term, contract_within_budget),
)
"""``AWARDED ─Contracted→ CONTRACTED``."""


# -- supervision.within_term --------------------------------------------------
def _supervision_needs(project: Project, rules: RuleSet) -> Need:
    period = project.contract
    if period is None:
        return Need("a record within the contract period", "日常考评应在合同履行期内")
    return Need(
        f"a record dated no earlier than {period.start}, when the period "
        f"{period.start} to {period.end} starts",
        f"日常考评不得早于合同履行期开始日{period.start}",
        str(period.start),
        (("earliest", str(period.start)),),
    )


@check(
    "supervision.within_term",
    "日常监管",
    "Daily supervision belongs to the contract period",
    Citation("ay-evaluation", "三衔接: 日常监管", verified=False),
    requires=_supervision_needs,
)
def supervision_within_term(
    project: Project, event: Supervised, rules: RuleSet
) -> Result:
    """A daily evaluation is about the current period.

    A record after the period's end is its close-out, still before the
    evaluation (the stage graph sees to that); only one before it starts
    cannot be about this period.
    """
    period = project.contract
    if period is None:
        return NOT_APPLICABLE
    if period.start <= event.day:
        return PASS
    return fail(
        f"a daily evaluation on {event.day} comes before the contract period "
        f"{period.start} to {period.end} starts",
        f"日常考评({event.day})早于合同履行期({period.start}至{period.end})",
        day=event.day,
        start=period.start,
        end=period.end,
    )


_SUPERVISIONS = Facts._fields.index("supervisions")
_NO_TALLY = (None, 0, ZERO)


def _supervised(facts: Facts, event: Supervised) -> Facts:
    """A daily evaluation joins the period's `Tally` (running count and sum)."""
    chain, count, total = facts.supervisions or _NO_TALLY
    values: list[object] = list(facts)
    values[_SUPERVISIONS] = ((chain, event), count + 1, total + event.score)
    return tuple.__new__(Facts, values)


SUPERVISED = Step(
    Supervised,
    frozenset({Stage.CONTRACTED}),
    Stage.CONTRACTED,
    _supervised,
    (supervision_within_term,),
)
"""``CONTRACTED ─Supervised→ CONTRACTED`` (日常考评)."""
