"""The contract (合同): ``AWARDED ─Contracted→ CONTRACTED ─Supervised→ CONTRACTED``.

The contract is signed soon after the award, its term stays within the
limit (one year, or up to three for a stable, funded service), it stays
within the budget, and daily supervision (日常监管) is recorded during the
contract period.  ``contract.term`` and ``contract.within_budget`` judge a
renewal too (see ``closure``).

Steps ``CONTRACTED ─Amended→ CONTRACTED`` and ``CONTRACTED
─ContractPublished→ CONTRACTED``: supplementary contracts (补充合同) add
together at most a tenth of the contract (gpl Art 49), and the contract is
published within two working days of signing (gpl-reg Art 50; 合同公告).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any, cast

from dateutil.relativedelta import relativedelta

from procpolicy._process._base import (
    FACT_AMENDED,
    FACT_PERIODS,
    FACT_PUBLISHED,
    FACT_SUPERVISIONS,
    NOT_APPLICABLE,
    PASS,
    Chain,
    ContractPeriod,
    Facts,
    Need,
    Result,
    Stage,
    Step,
    changes,
    check,
    fail,
    unknown_because,
)
from procpolicy._process.procurement import budget_needs, within_budget, yuan
from procpolicy._validate import ZERO
from procpolicy.calendar import (
    add_working_days,
    caveat,
    is_working_day,
    working_days_between,
)
from procpolicy.events import (
    Amended,
    Contracted,
    ContractPublished,
    Evaluated,
    Renewed,
    Supervised,
)
from procpolicy.parameters import Parameters
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "AMENDED",
    "CONTRACTED",
    "PUBLISHED",
    "SUPERVISED",
    "anniversary",
    "contract_deadline",
    "contract_term",
    "contract_within_budget",
    "contracted",
    "supervision_within_term",
    "term_months",
    "term_text",
    "within_working_days",
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
    return _new_period(facts, (facts[FACT_PERIODS], period), None, None)


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


def _contract_deadline(project: Project, event: Contracted, rules: RuleSet) -> Result:
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


contract_deadline = check(
    "contract.deadline",
    "合同签订期限",
    "The contract is signed soon after award",
    Citation("gpl", "Art 46"),
    reads=("max_days_award_to_contract",),
    requires=_deadline_needs,
)(_contract_deadline)


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


def _contract_term(
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


contract_term = check(
    "contract.term",
    "合同期限",
    "Contract term within the limit",
    Citation("mof-102", "Art 24"),
    reads=("max_contract_years", "max_stable_contract_years"),
    requires=_term_needs,
)(_contract_term)


# -- contract.within_budget ---------------------------------------------------
def _contract_within_budget(
    project: Project, event: Contracted | Renewed, rules: RuleSet
) -> Result:
    """The contract (or a renewal) is within the budget.

    Each renewal is compared with `Budgeted.amount` on its own (ASSUMED: the
    budget is read as the money of one contract period, each renewal year
    budgeted at the same level, as no event re-budgets a renewal).
    A supplementary contract (`Amended`) is judged with the contract it
    supplements: the period's amount, the supplements before it and its own
    amount together.
    """
    if isinstance(event, Renewed):
        return within_budget(project, event.amount, "renewal", "续约金额")
    if isinstance(event, Amended):
        period = project.contract
        if period is None:
            return NOT_APPLICABLE
        total = period.amount + project.supplemented + event.amount
        return within_budget(
            project, total, "contract with its supplements", "合同及补充合同金额"
        )
    return within_budget(project, event.amount, "contract", "合同金额")


contract_within_budget = check(
    "contract.within_budget",
    "合同不超预算",
    "The contract stays within the budget",
    Citation(
        "budget-law",
        "Art 13",
        note="cy-2017-87 §三 (reported) also keeps the term within the annual budget",
    ),
    requires=budget_needs,
)(_contract_within_budget)


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


def _supervision_within_term(
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


supervision_within_term = check(
    "supervision.within_term",
    "日常监管",
    "Daily supervision belongs to the contract period",
    Citation("ay-evaluation", "三衔接: 日常监管", verified=False),
    requires=_supervision_needs,
)(_supervision_within_term)


_NO_TALLY = (None, 0, ZERO)


def _supervised(facts: Facts, event: Supervised) -> Facts:
    """A daily evaluation joins the period's `Tally` (running count and sum)."""
    values: list[Any] = list(facts)
    chain, count, total = values[FACT_SUPERVISIONS] or _NO_TALLY
    values[FACT_SUPERVISIONS] = ((chain, event), count + 1, total + event.score)
    return tuple(values)


SUPERVISED = Step(
    Supervised,
    frozenset({Stage.CONTRACTED}),
    Stage.CONTRACTED,
    _supervised,
    (supervision_within_term,),
)
"""``CONTRACTED ─Supervised→ CONTRACTED`` (日常考评)."""


# -- contract.supplement ------------------------------------------------------
_EXACT = Context(prec=64)
"""Exact products of two bounded decimals (no rounding before comparing)."""


def _supplement_needs(project: Project, rules: RuleSet) -> Need:
    ratio = rules.parameters.max_supplement_ratio
    period = project.contract
    if period is None or not ratio.is_finite():
        return Need(
            "supplements within the share of the contract the rules allow",
            "补充合同金额不超过规定比例",
        )
    most = _EXACT.multiply(period.amount, ratio)
    left = max(most - project.supplemented, Decimal(0))
    return Need(
        f"a supplement of at most {yuan(left)} yuan: all supplements together at "
        f"most {ratio:.0%} of the contract's {yuan(period.amount)} yuan, "
        f"{yuan(project.supplemented)} added so far "
        f"({rules.source('max_supplement_ratio')})",
        f"补充合同金额最多{yuan(left)}元(所有补充合同累计不超过原合同金额的"
        f"{ratio:.0%})",
        yuan(left),
        (("most", str(left)), ("ratio", str(ratio))),
    )


def _contract_supplement(project: Project, event: Amended, rules: RuleSet) -> Result:
    """All supplements of the current contract stay within the share allowed.

    The share is of the current period's contract (`Contracted.amount`, or a
    renewal's): a renewal is a new contract and starts with no supplement.
    """
    period = project.contract
    ratio = rules.parameters.max_supplement_ratio
    if period is None or not ratio.is_finite():
        return NOT_APPLICABLE
    before = project.supplemented
    total = before + event.amount
    most = _EXACT.multiply(period.amount, ratio)
    if total <= most:
        return PASS
    if period.amount:
        share = zh_share = f"{total / period.amount:.1%}"
    else:  # a contract of nothing: the supplements are all of it
        share, zh_share = "all", "全部"
    return fail(
        f"the supplements would add {yuan(total)} yuan ({share} of the contract's "
        f"{yuan(period.amount)} yuan): {yuan(event.amount)} now and {yuan(before)} "
        f"before; together at most {ratio:.0%}, {yuan(most)} yuan "
        f"({rules.source('max_supplement_ratio')})",
        f"补充合同累计{yuan(total)}元, 占原合同金额{yuan(period.amount)}元的"
        f"{zh_share}, 超过{ratio:.0%}({yuan(most)}元)",
        total=total,
        contract=period.amount,
        most=most,
        ratio=ratio,
    )


contract_supplement = check(
    "contract.supplement",
    "补充合同",
    "Supplementary contracts add at most a tenth of the contract",
    Citation("gpl", "Art 49"),
    reads=("max_supplement_ratio",),
    requires=_supplement_needs,
)(_contract_supplement)


def _current(facts: Facts) -> ContractPeriod | None:
    """The current contract period: the last of the periods, if any."""
    periods: Chain = facts[FACT_PERIODS]
    return cast("ContractPeriod", periods[-1]) if periods else None


_set_amended = changes("amended")


def _amended(facts: Facts, event: Amended) -> Facts:
    """The supplement's amount joins the current period's total."""
    period = _current(facts)
    amended = facts[FACT_AMENDED]
    before = amended[1] if amended is not None and amended[0] is period else ZERO
    return _set_amended(facts, (period, before + event.amount))


AMENDED = Step(
    Amended,
    frozenset({Stage.CONTRACTED}),
    Stage.CONTRACTED,
    _amended,
    (contract_supplement, contract_within_budget),
)
"""``CONTRACTED ─Amended→ CONTRACTED`` (补充合同)."""


# -- contract.published -------------------------------------------------------
_UNREGULATED_DAYS = Parameters().max_working_days_to_publish_contract
"""No document sets a publication deadline: the rule does not reach the case."""


def _published_needs(project: Project, rules: RuleSet) -> Need:
    most = rules.parameters.max_working_days_to_publish_contract
    period = project.contract
    if period is None or most >= _UNREGULATED_DAYS:
        return Need(
            "publish the contract as the rules in force say",
            "按规定公告政府采购合同",
        )
    latest = add_working_days(period.signed, most)
    return Need(
        f"publish no later than {latest}, {most} working days after signing on "
        f"{period.signed} ({rules.source('max_working_days_to_publish_contract')}"
        f"{caveat(period.signed, latest)})",
        f"应在{latest}前(合同签订之日起{most}个工作日内)公告合同",
        str(latest),
        (("latest", str(latest)), ("maximum", str(most))),
    )


def within_working_days(signed: date, day: date, most: int, elapsed: int) -> bool:
    """Whether ``day`` is no later than the ``most``-th working day after ``signed``.

    That is ``day <= add_working_days(signed, most)``, from ``elapsed``, the
    working days after ``signed`` up to ``day`` (which the guard counts
    anyway), without `add_working_days`' search (about 2 % of a simulated
    project-year's instructions when it was called): fewer working days than allowed
    have passed; or exactly as many and ``day`` is itself a working day, the
    last of the period (a day off after it is late); or ``day`` is the day of
    signing (with ``most`` 0 the period is that day, working or not).

    Examples:
        >>> from datetime import date
        >>> signed = date(2015, 4, 15)  # a Wednesday; Friday 04-17 is the last day
        >>> [within_working_days(signed, date(2015, 4, d), 2, n)
        ...  for d, n in ((16, 1), (17, 2), (18, 2), (20, 3))]
        [True, True, False, False]
    """
    if elapsed < most or day == signed:
        return True
    return elapsed == most and is_working_day(day)


def _contract_published(
    project: Project, event: ContractPublished | Evaluated, rules: RuleSet
) -> Result:
    """The contract (or renewal) is published within the working days allowed.

    The period ends with its last working day (the requirement's day,
    `add_working_days`): a publication on a day off after it is late, though
    it comes no more working days after the signing than allowed.

    Judged when the publication is recorded (`ContractPublished`: the first
    of the period; a later one changes nothing and is not judged), and at
    the evaluation while none is recorded: then it is undetermined, since a
    publication may have gone unrecorded.  Working days follow
    `procpolicy.calendar`; outside its known years the message says it fell
    back to Monday to Friday (ASSUMED).
    """
    period = project.contract
    most = rules.parameters.max_working_days_to_publish_contract
    if period is None or most >= _UNREGULATED_DAYS or project.published is not None:
        return NOT_APPLICABLE
    signed = period.signed
    if isinstance(event, Evaluated):

        def explain() -> tuple[str, str]:
            latest = add_working_days(signed, most)
            return (
                (
                    f"no publication of the contract signed {signed} is recorded "
                    f"(ContractPublished); it was due within {most} working days, by "
                    f"{latest} ({rules.source('max_working_days_to_publish_contract')}"
                    f"{caveat(signed, latest)})"
                ),
                f"未记录{signed}签订的合同的公告, 应在{most}个工作日内({latest}前)公告",
            )

        return unknown_because("ContractPublished", explain)
    elapsed = working_days_between(signed, event.day)
    if within_working_days(signed, event.day, most, elapsed):
        return PASS
    if elapsed <= most:  # a day off after the last working day of the period
        latest = add_working_days(signed, most)
        how = f"a day off after {latest}, the last of the {most} working days allowed"
        zh = f"(非工作日)才公告, 晚于{most}个工作日的最后一日{latest}"
    else:
        how = f"{elapsed} working days later; at most {most} are allowed"
        zh = f"才公告, 已过{elapsed}个工作日, 应在{most}个工作日内公告"
    return fail(
        f"the contract signed {signed} was published {event.day}, {how} "
        f"({rules.source('max_working_days_to_publish_contract')}"
        f"{caveat(signed, event.day)})",
        f"合同{signed}签订, {event.day}{zh}",
        working_days=elapsed,
        maximum=most,
        signed=signed,
    )


contract_published = check(
    "contract.published",
    "合同公告",
    "The contract is published within two working days of signing",
    Citation(
        "gpl-reg",
        "Art 50",
        verified=False,
        note="REGULATIONS.md gives this as the law's Art 50, which bars changing "
        "a contract at will; the two working days are the implementing "
        "regulation's Art 50 (in force 2015-03-01), read in third-party copies",
    ),
    reads=("max_working_days_to_publish_contract",),
    requires=_published_needs,
    unknowns=("ContractPublished",),
)(_contract_published)


_set_published = changes("published")


def _first_publication(facts: Facts, event: ContractPublished) -> Facts:
    """The first publication of the current period is kept (later ones repeat it)."""
    period = _current(facts)
    published = facts[FACT_PUBLISHED]
    if published is not None and published[0] is period:
        return facts
    return _set_published(facts, (period, event))


PUBLISHED = Step(
    ContractPublished,
    frozenset({Stage.CONTRACTED}),
    Stage.CONTRACTED,
    _first_publication,
    (contract_published,),
)
"""``CONTRACTED ─ContractPublished→ CONTRACTED`` (合同公告)."""
