"""Designing workflow steps: events built from the rules in force, with a verdict.

A `Step` is an event and the rule ids it is *designed* to break.  The designer
reads the rules in force on the event's own day and builds the next event of a
project so that it passes (``breaks`` empty), or so that it breaks one chosen
rule (a boundary value: one day short, one cent over).  Its verdict is an
oracle written apart from the guards: `procpolicy.testing` checks the
workflow against it, so a guard that drifts from the rules is caught.

The designer's own reading of the rules lives here, in small predicates that
mirror the guards without sharing their code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from functools import cache
from typing import Any, Final, TypeVar

import attrs
from attrs import field, frozen
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from procpolicy._repr import fields_repr
from procpolicy._validate import MAX_MAGNITUDE, instance, optional, set_of
from procpolicy.calendar import add_working_days
from procpolicy.catalogue import CatalogueItem, ServiceCategory
from procpolicy.evaluation import (
    Achieved,
    Evaluation,
    Evaluator,
    Scope,
    SocialImpact,
    round_score,
)
from procpolicy.events import (
    CST,
    EVENT_TYPES,
    Amended,
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Contracted,
    ContractPublished,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementFailed,
    ProcurementStarted,
    Renewed,
    Retendered,
    Settled,
    Supervised,
)
from procpolicy.parameters import DisclosureItem, Grade, GradeBands, Parameters
from procpolicy.parties import (
    Purchaser,
    PurchaserKind,
    SupplierCondition,
    Undertaker,
    UndertakerKind,
)
from procpolicy.policy import Layer, PolicyFramework, RuleSet
from procpolicy.procurement import Method, MethodGround, grounds_for
from procpolicy.project import STAGE_AFTER, Project, Stage
from procpolicy.workflow import TRANSITIONS, Workflow

__all__ = ["Draw", "Step", "day_of", "days_for", "design_next", "design_start"]

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[Any]], Any]
"""A Hypothesis ``draw`` (from `hypothesis.strategies.composite` or ``data()``)."""

_CENT: Final = Decimal("0.01")
_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
_FAR: Final = 3650
"""Days beyond which a limit is treated as no limit when designing a break."""
_NO_DEADLINE: Final = Parameters().max_working_days_to_publish_contract
"""The unregulated publication deadline: the rule does not reach the case."""
_EXACT: Final = Context(prec=64)
"""Exact products of two bounded decimals."""
_WORKING_DAY_METHODS: Final = frozenset(
    {Method.COMPETITIVE_NEGOTIATION, Method.REQUEST_FOR_QUOTATIONS}
)


@frozen(repr=False)
class Step:
    """An event and the rules it is designed to break.

    Examples:
        >>> from procpolicy import events
        >>> Step(events.Retendered(at=datetime(2016, 1, 4))).is_valid
        True
    """

    __repr__ = fields_repr

    event: Event = field(validator=instance(Event))
    breaks: frozenset[str] | None = field(
        default=frozenset(), validator=optional(set_of(str))
    )
    """Ids of the rules the event is designed to break: empty when it is
    designed to pass, ``None`` for an event drawn at random (no prediction)."""

    @property
    def is_valid(self) -> bool:
        """Whether the event is designed to pass every rule."""
        return self.breaks == frozenset()


def day_of(at: datetime) -> date:
    """The China Standard Time date of ``at`` (naive values are CST)."""
    instant = at.replace(tzinfo=CST) if at.utcoffset() is None else at.astimezone(CST)
    return instant.date()


def _in_order(members: Iterable[T], kind: Iterable[T]) -> list[T]:
    chosen = set(members)
    return [m for m in kind if m in chosen]


def _pick(draw: Draw, options: Sequence[tuple[int, T]]) -> T:
    """A weighted choice that shrinks towards the first option."""
    roll = draw(st.integers(0, sum(w for w, _ in options) - 1))
    for weight, option in options:  # pragma: no branch - the roll is in range
        if roll < weight:
            return option
        roll -= weight
    raise AssertionError  # pragma: no cover


def _break(draw: Draw, options: Sequence[str], loose: bool) -> str | None:  # noqa: FBT001
    """The rule to break: ``None`` unless ``loose`` and one can be broken."""
    return draw(st.sampled_from(options)) if loose and options else None


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _money(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    """Amounts to the cent within ``low``–``high`` (rounded inwards)."""
    return st.integers(
        int((low * 100).to_integral_value(ROUND_CEILING)),
        int((high * 100).to_integral_value(ROUND_FLOOR)),
    ).map(_cents)


SCORES: Final = _money(_ZERO, _HUNDRED)
"""Scores on the 0–100 scale, to the cent."""


def _scores(
    low: Decimal, high: Decimal, bands: GradeBands
) -> st.SearchStrategy[Decimal]:
    """Scores within ``low``–``high``, good ones first, and the edges.

    Most real scores are good, so the draw leans to ``high``; the ends of
    the range, a grade's lowest score and the cent below it are drawn too,
    to judge the edges.
    """
    floor = int((low * 100).to_integral_value(ROUND_CEILING))
    top = int((high * 100).to_integral_value(ROUND_FLOOR))
    edges = [_cents(floor), _cents(top)] + [
        edge + step
        for edge in (bands.excellent, bands.good, bands.fair)
        for step in (-_CENT, _ZERO)
        if low <= edge + step <= high
    ]
    good_first = st.integers(0, top - floor).map(lambda n: _cents(top - n))
    return st.one_of(good_first, st.sampled_from(edges))


TEXTS: Final = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Z"]),
    min_size=1,
    max_size=12,
)
"""Short non-blank texts of any script."""
NAMES: Final = st.sampled_from(
    ("安阳市城市管理局", "城管", "道路保洁", "社区服务", "Anyang Clean Co.", "绿地管养")
)
"""Names and reasons for designed events: cheap to draw, plain to read."""
_TIMEZONES: Final = (None, CST, UTC)


# -- the designer's reading of the rules --------------------------------------
def _grade(total: Decimal, bands: GradeBands) -> Grade:
    for grade, least in (
        (Grade.EXCELLENT, bands.excellent),
        (Grade.GOOD, bands.good),
        (Grade.FAIR, bands.fair),
    ):
        if total >= least:
            return grade
    return Grade.POOR


def _entry_breaks(project: Project, rules: RuleSet) -> frozenset[str]:
    """What budgeting will refuse because of the drafted facts."""
    drafted, params, catalogue = project.drafted, rules.parameters, rules.catalogue
    listed = (
        catalogue.covers(drafted.item)
        if drafted.item is not None
        else catalogue.lists_whole(drafted.category)
    )
    return frozenset(
        rule
        for rule, broken in (
            ("catalogue.listed", not listed),
            ("catalogue.prohibited", bool(drafted.involves & params.prohibited)),
            (
                "purchaser.eligible",
                drafted.purchaser.kind not in params.eligible_purchasers,
            ),
        )
        if broken
    )


def _method_ok(
    method: Method, amount: Decimal, grounds: frozenset[MethodGround], rules: RuleSet
) -> bool:
    params = rules.parameters
    needed = grounds_for(method)
    return (
        method in rules.methods
        and method is not Method.REQUEST_FOR_QUOTATIONS
        and (
            not needed or amount < params.decentralised_limit or bool(needed & grounds)
        )
        and (
            method is Method.OPEN_TENDERING
            or amount < params.open_tender_threshold
            or MethodGround.DEVIATION_APPROVED in grounds
        )
    )


def _least_bidders(method: Method, params: Parameters) -> int:
    if method.is_tendering:
        return params.min_tender_bidders
    return (
        params.min_consultation_suppliers
        if method is Method.COMPETITIVE_CONSULTATION
        else 0
    )


def _third_party_needed(project: Project, params: Parameters) -> bool:
    drafted = project.drafted
    return (
        project.budgeted >= params.third_party_threshold
        or (
            params.third_party_for_high_impact
            and drafted.social_impact is SocialImpact.HIGH
        )
        or (params.third_party_without_fixed_site and drafted.fixed_site is False)
        or (params.third_party_for_citywide and drafted.scope is Scope.CITYWIDE)
    )


def _earliest_response(method: Method, issued: date, params: Parameters) -> date | None:
    """The first day responses may be due under ``method``; None without a minimum."""
    if method.is_tendering:
        days = params.min_tender_days
    elif method is Method.COMPETITIVE_CONSULTATION:
        days = params.min_consultation_days
    elif method in _WORKING_DAY_METHODS:
        least = params.min_response_working_days
        return add_working_days(issued, least) if least else None
    else:
        return None
    return issued + timedelta(days=days) if days else None


def _weights_set(rules: RuleSet) -> bool:
    return "internal_weight" in {name for name, _ in rules.sources}


def _supplement_room(project: Project, params: Parameters) -> Decimal:
    """What supplements may still add: within the cap in force and the budget."""
    period = project.contract
    assert period is not None  # noqa: S101 - CONTRACTED has a period
    budget_room = project.budgeted - period.amount - project.supplemented
    ratio = params.max_supplement_ratio
    if not ratio.is_finite():
        return budget_room
    cap = _EXACT.multiply(period.amount, ratio) - project.supplemented
    # To the fen, like every designed amount: a payment's bound is rounded to it.
    return min(cap, budget_room).quantize(_CENT, ROUND_FLOOR, context=_EXACT)


def _mean(scores: Sequence[Decimal]) -> Decimal | None:
    return round_score(sum(scores, _ZERO) / len(scores)) if scores else None


def _cycle_start(project: Project) -> date:
    return [p.start for p in project.periods if not p.renewal][-1]


def _years_after(day: date, years: int) -> date:
    return day + relativedelta(years=years)


def _first_supervision_day(project: Project) -> date:
    period = project.contract
    assert period is not None  # noqa: S101 - only asked under contract
    return max(project.last_event.day, period.start)


def _renewal_room(project: Project, rules: RuleSet) -> bool:
    """Whether a renewal could pass now: grade good enough and room under the cap."""
    period, evaluation = project.contract, project.evaluation
    assert period is not None  # noqa: S101 - SETTLED has both
    assert evaluation is not None  # noqa: S101
    params = rules.parameters
    start = max(period.end + timedelta(days=1), project.last_event.day)
    cap_end = _years_after(_cycle_start(project), params.renewal_term_cap_years)
    return (
        _grade(evaluation.total, params.grade_bands).is_at_least(
            params.renewal_min_grade
        )
        and start < cap_end
    )


# -- time --------------------------------------------------------------------
@frozen(repr=False)
class _Context:
    __repr__ = fields_repr
    draw: Draw
    workflow: Workflow
    project: Project
    loose: bool
    broken: list[str] = field(factory=list)
    """The rules the designer chose to break (at most one)."""

    def breaking(self, options: Sequence[str]) -> str | None:
        """The rule to break, among ``options``: see `_break`."""
        rule = _break(self.draw, options, self.loose)
        self.broken.extend([rule] if rule else [])
        return rule

    @property
    def last(self) -> datetime:
        return self.project.last_event.at

    def later(self, low: int, high: int) -> datetime:
        """The last event's time, ``low`` to ``high`` days on."""
        return self.last + timedelta(days=self.draw(st.integers(low, high)))

    def on(self, day: date) -> datetime:
        """The last event's time of day, on ``day``."""
        return self.last + timedelta(days=(day - day_of(self.last)).days)

    def rules(self, at: datetime) -> RuleSet:
        return self.workflow.rules_at(day_of(at))

    def money(self, low: Decimal, high: Decimal) -> Decimal:
        """An amount within ``low``–``high``; ``high`` itself half the time."""
        return self.draw(st.just(high) | _money(low, high))  # type: ignore[no-any-return]

    def over(self, limit: Decimal) -> Decimal:
        """An amount above ``limit``: a cent over half the time, else up to a fifth."""
        most = max(_CENT, (limit / 5).quantize(_CENT))
        excess: Decimal = self.draw(st.just(_CENT) | _money(_CENT, most))
        return limit + excess

    def edge(self, low: int, high: int, edge: int) -> int:
        """An integer within ``low``–``high``; ``edge`` itself half the time."""
        return self.draw(st.just(edge) | st.integers(low, high))  # type: ignore[no-any-return]

    def text(self) -> str:
        return self.draw(NAMES)  # type: ignore[no-any-return]


def _step(event: Event, breaks: Iterable[str | None]) -> Step:
    return Step(event, frozenset(b for b in breaks if b is not None))


# -- the first event -----------------------------------------------------------
def days_for(
    framework: PolicyFramework, earliest: date | None = None, latest: date | None = None
) -> tuple[date, date]:
    """The days a first event may fall on.

    By default from the first local document (or 2014) to the end of 2024.
    """
    local = [d.effective for d in framework.documents if d.layer is not Layer.NATIONAL]
    first = earliest or (min(local) if local else date(2014, 1, 1))
    return first, latest or max(first, date(2024, 12, 31))


def design_start(
    draw: Draw,
    framework: PolicyFramework,
    earliest: date,
    latest: date,
    *,
    loose: bool = False,
) -> Step:
    """A `Drafted` event on a day in ``earliest``–``latest``.

    Designed valid, it names a category or item the catalogue of its day
    lists and an eligible purchaser.  Loose, it may taint the project (an
    unlisted category, a prohibited item, an ineligible purchaser), which
    budgeting will refuse.
    """
    day = draw(st.dates(earliest, latest))
    naive = datetime.combine(
        day, time(draw(st.integers(8, 17)), draw(st.integers(0, 59)))
    )
    zone = draw(st.sampled_from(_TIMEZONES))
    at = naive if zone is None else naive.replace(tzinfo=CST).astimezone(zone)
    rules = framework.at(day)
    params, catalogue = rules.parameters, rules.catalogue
    listed: list[tuple[ServiceCategory, CatalogueItem | None]] = [
        (c, None) for c in ServiceCategory if catalogue.lists_whole(c)
    ]
    listed += [(i.category, i) for i in sorted(catalogue.items, key=lambda i: i.code)]
    unlisted = [c for c in ServiceCategory if not catalogue.lists_whole(c)]
    eligible = _in_order(params.eligible_purchasers, PurchaserKind)
    ineligible = [k for k in PurchaserKind if k not in params.eligible_purchasers]
    taint = _break(
        draw,
        [
            rule
            for rule, possible in (
                ("catalogue.listed", bool(unlisted)),
                ("catalogue.prohibited", bool(params.prohibited)),
                ("purchaser.eligible", bool(ineligible)),
            )
            if possible
        ],
        loose,
    )
    category, item = (
        draw(st.sampled_from(listed))
        if listed and taint != "catalogue.listed"
        else (draw(st.sampled_from(unlisted)), None)
    )
    involves = (
        draw(
            st.frozensets(
                st.sampled_from(sorted(params.prohibited, key=_name)), min_size=1
            )
        )
        if taint == "catalogue.prohibited"
        else frozenset()
    )
    kinds = (
        ineligible if taint == "purchaser.eligible" else eligible or list(PurchaserKind)
    )
    drafted = Drafted(
        at=at,
        project_id=f"T-{day.year}-{draw(st.integers(1, 999)):03d}",
        title=draw(NAMES),
        purchaser=Purchaser(draw(NAMES), draw(NAMES), draw(st.sampled_from(kinds))),
        category=category,
        involves=involves,
        item=item,
        social_impact=draw(st.sampled_from(SocialImpact)),
        fixed_site=draw(st.booleans()),
        scope=draw(st.sampled_from(Scope)),
    )
    return Step(drafted)


def _name(member: Any) -> str:
    return str(member.name)


# -- one designer per event --------------------------------------------------
def _budgeted(c: _Context) -> Step:
    at = c.later(0, 30)
    rules = c.rules(at)
    params = rules.parameters
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("budget.separate_line", params.separate_budget_line),
                ("budget.targets", params.targets_required),
            )
            if possible
        ]
    )
    edges = [
        v + d
        for v in (
            params.open_tender_threshold,
            params.decentralised_limit,
            params.third_party_threshold,
        )
        if v.is_finite()
        for d in (-_CENT, _ZERO)
        if v + d > 0
    ]
    amount = c.draw(
        st.one_of(
            _money(Decimal(1000), Decimal(5_000_000)),
            st.sampled_from(edges) if edges else st.nothing(),
        )
    )
    separate = (
        broken != "budget.separate_line"
        if params.separate_budget_line
        else c.draw(st.booleans())
    )
    least = 1 if params.targets_required else 0
    targets = (
        ()
        if broken == "budget.targets"
        else tuple(c.draw(st.lists(_targets(), min_size=least, max_size=2)))
    )
    event = Budgeted(
        at=at,
        amount=amount,
        separate_line=separate,
        targets=targets,
        cost_before=c.draw(st.none() | _money(_ZERO, Decimal(6_000_000))),
    )
    return _step(event, (*_entry_breaks(c.project, rules), broken))


def _targets() -> st.SearchStrategy[Any]:
    from procpolicy.evaluation import PerformanceTarget  # noqa: PLC0415 - tiny

    return st.builds(PerformanceTarget, NAMES, _money(_ZERO, _HUNDRED))


def _disclosed(c: _Context) -> Step:
    at = c.later(0, 30)
    required = c.rules(at).parameters.disclosure_required
    extra = c.draw(st.frozensets(st.sampled_from(DisclosureItem)))
    broken = c.breaking(["disclosure.complete"] if required else [])
    left_out = (
        {c.draw(st.sampled_from(_in_order(required, DisclosureItem)))}
        if broken
        else set()
    )
    items = (required | extra) - left_out
    # Nothing refuses a disclosure; an incomplete one is refused at procurement.
    return Step(Disclosed(at=at, items=items, channel=c.draw(st.just("") | NAMES)))


def _procurement_started(c: _Context) -> Step:
    at = c.later(0, 30)
    rules = c.rules(at)
    project = c.project
    grounds = c.draw(st.frozensets(st.sampled_from(MethodGround), max_size=2))
    proven = (
        {MethodGround.NO_QUALIFIED_BIDS}
        if any(m.is_tendering for m, _ in project.failures)
        else set()
    )
    shown = grounds | proven
    params = rules.parameters
    issued = day_of(at)
    ok = [m for m in Method if _method_ok(m, project.budgeted, shown, rules)]
    bad = [m for m in Method if m not in ok]
    timed = [m for m in ok if _earliest_response(m, issued, params)]
    ratio = params.max_add_on_ratio
    add_on = MethodGround.ADD_ON in grounds and ratio.is_finite() and ratio > 0
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("method.permitted", True),
                ("tender.period", bool(timed)),
                ("method.add_on", add_on),
            )
            if possible
        ]
    )
    pool = (
        bad
        if broken == "method.permitted"
        else timed
        if broken == "tender.period"
        else ok or [Method.OPEN_TENDERING]
    )
    method = c.draw(st.sampled_from(pool))
    event = ProcurementStarted(
        at=at,
        method=method,
        grounds=grounds,
        deadline=_deadline(c, method, issued, params, short=broken == "tender.period"),
        original_contract=_original_contract(
            c, project.budgeted, ratio, short=broken == "method.add_on"
        )
        if add_on
        else c.draw(st.none() | _money(_CENT, Decimal(5_000_000))),
    )
    return _step(event, _started_breaks(event, project, rules, permitted=method in ok))


def _deadline(
    c: _Context, method: Method, issued: date, params: Parameters, *, short: bool
) -> date | None:
    """A response deadline: too soon when ``short``, else none or long enough."""
    earliest = _earliest_response(method, issued, params)
    if short:
        assert earliest is not None  # noqa: S101 - only a timed method is cut short
        return issued + timedelta(c.draw(st.integers(0, (earliest - issued).days - 1)))
    if earliest is None or c.draw(st.booleans()):
        return None
    return earliest + timedelta(days=c.edge(0, 30, 0))


def _original_contract(
    c: _Context, amount: Decimal, ratio: Decimal, *, short: bool
) -> Decimal | None:
    """The original contract of an add-on: too small when ``short``, else large.

    None (unknown) half the time when designed to pass, and always when the
    least that passes would be past the bound of amounts.
    """
    raw = amount / ratio
    top = MAX_MAGNITUDE / 4
    if short:
        cap = min(raw, top).quantize(_CENT, ROUND_FLOOR)
        cut: Decimal = c.draw(_money(_ZERO, cap / 2))
        return max(_CENT, cap - _CENT - cut)
    if raw >= top or c.draw(st.booleans()):
        return None
    least = raw.quantize(_CENT, ROUND_CEILING)
    extra: Decimal = c.draw(st.just(_ZERO) | _money(_ZERO, least))
    return least + extra


def _started_breaks(
    event: ProcurementStarted, project: Project, rules: RuleSet, *, permitted: bool
) -> tuple[str | None, ...]:
    params = rules.parameters
    missing = params.disclosure_required - project.disclosed
    earliest = _earliest_response(event.method, event.day, params)
    short = earliest is not None and event.deadline is not None
    original, ratio = event.original_contract, params.max_add_on_ratio
    over = (
        MethodGround.ADD_ON in event.grounds
        and ratio.is_finite()
        and original is not None
        and project.budgeted > _EXACT.multiply(original, ratio)
    )
    return (
        "disclosure.complete" if missing else None,
        None if permitted else "method.permitted",
        "tender.period" if short and event.deadline < earliest else None,  # type: ignore[operator]
        "method.add_on" if over else None,
    )


def _procurement_failed(c: _Context) -> Step:
    return Step(ProcurementFailed(at=c.later(0, 60), reason=c.text()))


def _awarded(c: _Context) -> Step:
    project = c.project
    started = project.procurement
    assert started is not None  # noqa: S101 - PROCURING has a procedure
    method, budget = started.method, project.budgeted
    hint = c.rules(c.last).parameters
    # Without a recorded deadline the award is judged against the minimum
    # response period after issue; with one (the period was judged at the
    # start) the award may not come before the deadline.
    earliest = (
        _earliest_response(method, started.day, hint)
        if started.deadline is None
        else started.deadline
    )
    ineligible = [k for k in UndertakerKind if k not in hint.eligible_undertakers]
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("tender.period", earliest is not None),
                ("tender.bidders", _least_bidders(method, hint) > 0),
                ("undertaker.eligible", bool(ineligible or hint.required_conditions)),
                ("award.within_budget", True),
            )
            if possible
        ]
    )
    shortest = (earliest - started.day).days if earliest is not None else 0
    gap = (
        c.edge(0, shortest - 1, shortest - 1)
        if broken == "tender.period"
        else shortest + c.edge(0, 30, 0)
    )
    at = c.on(started.day + timedelta(days=gap))
    params = c.rules(at).parameters
    least = _least_bidders(method, hint)
    bidders = (
        c.draw(st.integers(0, least - 1))
        if broken == "tender.bidders"
        else c.draw(st.none() | st.integers(least, least + 5))
    )
    conditions = hint.required_conditions | c.draw(
        st.frozensets(st.sampled_from(SupplierCondition))
    )
    unfit = broken == "undertaker.eligible"
    drop_condition = unfit and not ineligible
    conditions -= (
        {
            c.draw(
                st.sampled_from(_in_order(hint.required_conditions, SupplierCondition))
            )
        }
        if drop_condition
        else set()
    )
    kinds = (
        ineligible
        if unfit and ineligible
        else _in_order(hint.eligible_undertakers, UndertakerKind)
        or list(UndertakerKind)
    )
    kind = c.draw(st.sampled_from(kinds))
    amount = (
        c.over(budget) if broken == "award.within_budget" else c.money(_ZERO, budget)
    )
    event = Awarded(
        at=at,
        undertaker=Undertaker(c.text(), kind, conditions),
        amount=amount,
        bidders=bidders,
    )
    due = (
        _earliest_response(method, started.day, params)
        if started.deadline is None
        else started.deadline
    )
    return _step(
        event,
        (
            "tender.period" if due is not None and event.day < due else None,
            "tender.bidders"
            if bidders is not None and bidders < _least_bidders(method, params)
            else None,
            "undertaker.eligible"
            if kind not in params.eligible_undertakers
            or params.required_conditions - conditions
            else None,
            "award.within_budget" if amount > budget else None,
        ),
    )


def _term_end(c: _Context, start: date, limit: date, *, too_long: bool) -> date:
    """An inclusive end: before ``limit`` (at most three years on), or not."""
    if too_long:
        return limit + timedelta(days=c.edge(0, 60, 0))
    latest = min(limit, _years_after(start, 3)) - timedelta(days=1)
    longest = max(0, (latest - start).days)
    return start + timedelta(days=c.edge(0, longest, longest))


def _contracted(c: _Context) -> Step:
    project = c.project
    award = project.award
    assert award is not None  # noqa: S101 - AWARDED has an award
    budget = project.budgeted
    most = c.rules(c.last).parameters.max_days_award_to_contract
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("contract.deadline", most < _FAR),
                ("contract.term", True),
                ("contract.within_budget", True),
            )
            if possible
        ]
    )
    gap = (
        most + c.edge(1, 30, 1)
        if broken == "contract.deadline"
        else c.edge(0, min(most, 60), min(most, 60))
    )
    at = c.on(award.day + timedelta(days=gap))
    params = c.rules(at).parameters
    stable = c.draw(st.booleans())
    years = params.max_stable_contract_years if stable else params.max_contract_years
    start = day_of(at) + timedelta(days=c.draw(st.integers(0, 60)))
    limit = _years_after(start, years)
    end = _term_end(c, start, limit, too_long=broken == "contract.term")
    amount = (
        c.over(budget) if broken == "contract.within_budget" else c.money(_ZERO, budget)
    )
    event = Contracted(at=at, start=start, end=end, amount=amount, stable=stable)
    return _step(
        event,
        (
            "contract.deadline"
            if (event.day - award.day).days > params.max_days_award_to_contract
            else None,
            "contract.term" if end >= limit else None,
            "contract.within_budget" if amount > budget else None,
        ),
    )


def _publication_due(project: Project, params: Parameters) -> date | None:
    """The last day to publish the current contract; None when not judged."""
    period = project.contract
    most = params.max_working_days_to_publish_contract
    if period is None or project.published is not None or most >= _NO_DEADLINE:
        return None
    return add_working_days(period.signed, most)


def _contract_published(c: _Context) -> Step:
    project = c.project
    last = project.last_event.day
    due = _publication_due(project, c.rules(c.last).parameters)
    broken = c.breaking(["contract.published"] if due is not None else [])
    if due is None:
        day = last + timedelta(days=c.edge(0, 30, 0))
    elif broken:
        day = max(due + timedelta(days=1), last) + timedelta(days=c.edge(0, 30, 0))
    else:
        day = last + timedelta(days=c.edge(0, max(0, (due - last).days), 0))
    event = ContractPublished(at=c.on(day))
    late = _publication_due(project, c.rules(event.at).parameters)
    return _step(event, ("contract.published" if late and day > late else None,))


def _amended(c: _Context) -> Step:
    project = c.project
    at = c.later(0, 60)
    params = c.rules(at).parameters
    room = _supplement_room(project, params)
    period = project.contract
    assert period is not None  # noqa: S101 - CONTRACTED has a period
    ratio = params.max_supplement_ratio
    capped = ratio.is_finite()
    cap = _EXACT.multiply(period.amount, ratio) if capped else _ZERO
    broken = c.breaking(
        ["contract.supplement", "contract.within_budget"]
        if capped and cap < MAX_MAGNITUDE / 4
        else ["contract.within_budget"]
    )
    if broken == "contract.supplement":
        amount = c.over(max(_ZERO, cap - project.supplemented))
    elif broken == "contract.within_budget":
        left = project.budgeted - period.amount - project.supplemented
        amount = c.over(max(_ZERO, left))
    else:
        amount = c.money(_CENT, max(_CENT, room))
    event = Amended(at=at, amount=amount, reason=c.text())
    total = project.supplemented + amount
    return _step(
        event,
        (
            "contract.supplement" if capped and total > cap else None,
            "contract.within_budget"
            if period.amount + total > project.budgeted
            else None,
        ),
    )


def _supervised(c: _Context) -> Step:
    period = c.project.contract
    assert period is not None  # noqa: S101 - CONTRACTED has a period
    last = c.project.last_event.day
    # Only a record dated before the period starts breaks the rule, and only a
    # contract signed ahead of its start leaves room for one.
    broken = c.breaking(["supervision.within_term"] if last < period.start else [])
    if broken:
        day = last + timedelta(c.draw(st.integers(0, (period.start - last).days - 1)))
    else:
        first = _first_supervision_day(c.project)
        room = (period.end - first).days
        day = first + timedelta(
            c.draw(st.integers(0, min(45, room) if room >= 0 else 30))
        )
    event = Supervised(
        at=c.on(day),
        score=c.draw(
            _scores(_ZERO, _HUNDRED, c.rules(c.on(day)).parameters.grade_bands)
        ),
        note=c.draw(st.just("") | NAMES),
    )
    within = period.start <= event.day
    return _step(event, (None if within else "supervision.within_term",))


def _evaluated(c: _Context) -> Step:
    at = c.later(0, 30)
    rules = c.rules(at)
    params = rules.parameters
    weighed = _weights_set(rules)
    project = c.project
    third = _third_party_needed(project, params)
    tolerance = params.supervision_tolerance
    average = _mean(project.supervision_scores)
    bounded = tolerance.is_finite() and average is not None
    beyond = (
        [
            s
            for s in (average + tolerance + _CENT, average - tolerance - _CENT)
            if _ZERO <= s <= _HUNDRED
        ]
        if bounded and average is not None
        else []
    )
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("evaluation.evaluator", third),
                ("evaluation.consistent", bool(beyond)),
                ("evaluation.weights", weighed),
            )
            if possible
        ]
    )
    evaluator = (
        Evaluator.INTERNAL
        if broken == "evaluation.evaluator"
        else Evaluator.THIRD_PARTY
        if third or broken == "evaluation.weights"
        else c.draw(st.sampled_from(Evaluator))
    )
    if broken == "evaluation.consistent":
        internal = c.draw(st.sampled_from(beyond))
    elif bounded and average is not None:
        internal = c.draw(
            _scores(
                max(_ZERO, average - tolerance),
                min(_HUNDRED, average + tolerance),
                params.grade_bands,
            )
        )
    else:
        internal = c.draw(_scores(_ZERO, _HUNDRED, params.grade_bands))
    external = evaluator is Evaluator.THIRD_PARTY
    # An internal evaluation keeps the defaults: no external score, weight 1.
    third_party: dict[str, Any] = (
        {
            "external_score": c.draw(_scores(_ZERO, _HUNDRED, params.grade_bands)),
            "internal_weight": _weight(
                c, params.internal_weight, weighed=weighed, broken=broken
            ),
            "third_party": c.text(),
        }
        if external
        else {}
    )
    evaluation = Evaluation(evaluator=evaluator, internal_score=internal, **third_party)
    consistent = not tolerance.is_finite() or (
        average is not None and abs(internal - average) <= tolerance
    )
    # Reports every target set at budgeting half the time (else the rule
    # evaluation.targets is undetermined, which does not refuse).
    budget = project.budget
    names = dict.fromkeys(t.name for t in budget.targets) if budget else {}
    achieved = (
        tuple(Achieved(n, c.draw(_money(_ZERO, _HUNDRED))) for n in names)
        if c.draw(st.booleans())
        else ()
    )
    weight = evaluation.internal_weight
    return _step(
        Evaluated(at=at, evaluation=evaluation, achieved=achieved),
        (
            "evaluation.evaluator" if third and not external else None,
            None if consistent else "evaluation.consistent",
            "evaluation.weights"
            if external and weighed and weight != params.internal_weight
            else None,
        ),
    )


def _weight(
    c: _Context, required: Decimal, *, weighed: bool, broken: str | None
) -> Decimal:
    """The internal weight: the one in force, another one to break it, or any."""
    if broken == "evaluation.weights":
        others = [w for w in (required - _CENT, required + _CENT) if _ZERO <= w <= 1]
        return c.draw(st.sampled_from(others))  # type: ignore[no-any-return]
    return required if weighed else c.money(_ZERO, Decimal(1))


def _allowed_payment(project: Project, params: Parameters) -> Decimal:
    period, evaluation = project.contract, project.evaluation
    assert period is not None  # noqa: S101 - EVALUATED has both
    assert evaluation is not None  # noqa: S101
    ratio = params.payment_ratios.ratio(_grade(evaluation.total, params.grade_bands))
    amount = period.amount + project.supplemented
    return _EXACT.multiply(amount, ratio).quantize(_CENT, context=_EXACT)


def _settled(c: _Context) -> Step:
    at = c.later(0, 30)
    params = c.rules(at).parameters
    project = c.project
    allowed = _allowed_payment(project, params)
    budget = project.budget
    before = budget.cost_before if budget is not None else None
    compared = params.cost_comparison_required and before is not None
    broken = c.breaking(
        [
            rule
            for rule, possible in (
                ("settlement.payment", True),
                (
                    "settlement.cost_comparison",
                    compared and before is not None and before + _CENT <= allowed,
                ),
            )
            if possible
        ]
    )
    if broken == "settlement.payment":
        paid = c.over(allowed)
    elif broken == "settlement.cost_comparison":
        assert before is not None  # noqa: S101 - only a known cost is compared
        paid = c.money(before + _CENT, allowed)
    else:
        paid = c.money(_ZERO, allowed)
    dearer = compared and before is not None and paid > before
    reason = (
        ""
        if broken == "settlement.cost_comparison"
        else c.text()
        if dearer
        else c.draw(st.just("") | NAMES)
    )
    event = Settled(at=at, paid=paid, cost_reason=reason)
    return _step(
        event,
        (
            "settlement.payment" if paid > allowed else None,
            "settlement.cost_comparison" if dearer and not reason.strip() else None,
        ),
    )


def _renewed(c: _Context) -> Step:
    project = c.project
    period, evaluation = project.contract, project.evaluation
    assert period is not None  # noqa: S101 - SETTLED has both
    assert evaluation is not None  # noqa: S101
    at = c.later(0, 30)
    params = c.rules(at).parameters
    budget = project.budgeted
    first = _cycle_start(project)
    broken = c.breaking(["renewal.term_cap", "contract.term", "contract.within_budget"])
    overlap = broken == "renewal.term_cap" and c.draw(st.booleans())
    start = (
        period.end - timedelta(days=c.draw(st.integers(0, 30)))
        if overlap
        else max(period.end + timedelta(days=1), day_of(at))
        + timedelta(days=c.draw(st.integers(0, 30)))
    )
    stable = c.draw(st.booleans())
    years = params.max_stable_contract_years if stable else params.max_contract_years
    cap = _years_after(first, params.renewal_term_cap_years)
    term = _years_after(start, years)
    if broken == "renewal.term_cap" and not overlap:
        end = max(cap, start) + timedelta(days=c.draw(st.integers(0, 60)))
    elif broken == "contract.term":
        end = _term_end(c, start, term, too_long=True)
    else:
        end = _term_end(
            c, start, max(start + timedelta(days=1), min(cap, term)), too_long=False
        )
    amount = (
        c.over(budget) if broken == "contract.within_budget" else c.money(_ZERO, budget)
    )
    event = Renewed(at=at, start=start, end=end, amount=amount, stable=stable)
    grade = _grade(evaluation.total, params.grade_bands)
    return _step(
        event,
        (
            None if grade.is_at_least(params.renewal_min_grade) else "renewal.grade",
            "renewal.term_cap" if start <= period.end or end >= cap else None,
            "contract.term" if end >= term else None,
            "contract.within_budget" if amount > budget else None,
        ),
    )


def _retendered(c: _Context) -> Step:
    return Step(Retendered(at=c.later(0, 30)))


def _closed(c: _Context) -> Step:
    at = c.later(0, 30)
    params = c.rules(at).parameters
    project = c.project
    last = project.evaluated or (
        project.evaluations[-1] if project.evaluations else None
    )
    line = params.accountability_grade
    grade = _grade(last.evaluation.total, params.grade_bands) if last else None
    needed = line is not None and grade is not None and line.is_at_least(grade)
    broken = c.breaking(["closure.accountability"] if needed else [])
    accountable = (
        c.draw(st.sampled_from((None, " ")))
        if broken
        else c.text()
        if needed
        else c.draw(st.none() | NAMES)
    )
    unnamed = not (accountable or "").strip()
    return _step(
        Closed(at=at, accountable=accountable),
        ("closure.accountability" if needed and unnamed else None,),
    )


def _cancelled(c: _Context) -> Step:
    return Step(Cancelled(at=c.later(0, 30), reason=c.text()))


_DESIGNERS: Final[dict[type[Event], Callable[[_Context], Step]]] = {
    Budgeted: _budgeted,
    Disclosed: _disclosed,
    ProcurementStarted: _procurement_started,
    ProcurementFailed: _procurement_failed,
    Awarded: _awarded,
    Contracted: _contracted,
    ContractPublished: _contract_published,
    Amended: _amended,
    Supervised: _supervised,
    Evaluated: _evaluated,
    Settled: _settled,
    Renewed: _renewed,
    Retendered: _retendered,
    Closed: _closed,
    Cancelled: _cancelled,
}

# -- choosing the next event ----------------------------------------------------
_WEIGHTS: Final[dict[type[Event], int]] = {
    Budgeted: 30,
    Disclosed: 30,
    ProcurementStarted: 30,
    Contracted: 30,
    Settled: 30,
    Awarded: 20,
    ContractPublished: 20,
    Closed: 10,
    Evaluated: 10,
    Renewed: 8,
    Supervised: 6,
    Retendered: 4,
    Amended: 3,
    ProcurementFailed: 2,
    Cancelled: 1,
}
_ORDER: Final = tuple(_WEIGHTS)
"""Event classes, the usual way forward first (a choice shrinks towards it)."""


@cache
def _distance(stage: Stage, target: Stage) -> int | None:
    """Fewest events from ``stage`` to ``target``; None when it cannot be reached.

    Only the target itself may be a terminal stage on the way.
    """
    seen, frontier, steps = {stage}, [stage], 0
    while frontier:
        if target in frontier:
            return steps
        steps += 1
        frontier = [
            t.target
            for s in frontier
            for t in TRANSITIONS
            if s in t.sources
            and t.target not in seen
            and (t.target is target or not t.target.is_terminal)
        ]
        seen.update(frontier)
    return None


def _blocked(project: Project, rules: RuleSet) -> set[type[Event]]:
    """Event classes that cannot pass now, whatever their figures."""
    stage, params = project.stage, rules.parameters
    blocked: set[type[Event]] = set()
    if stage is Stage.DRAFT and _entry_breaks(project, rules):
        blocked.add(Budgeted)
    if stage is Stage.DISCLOSED and params.disclosure_required - project.disclosed:
        blocked.add(ProcurementStarted)
    # A daily evaluation may come any day from the period's start (after its
    # end it is the close-out), so Supervised is never blocked under contract.
    if (
        stage is Stage.CONTRACTED
        and params.supervision_tolerance.is_finite()
        and not project.supervisions
    ):
        blocked.add(Evaluated)
    if stage is Stage.SETTLED and not _renewal_room(project, rules):
        blocked.add(Renewed)
    if stage is Stage.CONTRACTED:
        room = _supplement_room(project, params)
        if room < _CENT:
            blocked.add(Amended)
        due = _publication_due(project, params)
        late = due is not None and due < project.last_event.day
        # Published once, a contract is not published again (it would pass).
        if late or project.published is not None:
            blocked.add(ContractPublished)
    return blocked


def _options(
    workflow: Workflow, project: Project, target: Stage | None, *, hurry: bool
) -> list[tuple[int, type[Event]]]:
    allowed = workflow.allowed(project)
    blocked = _blocked(project, workflow.rules_at(project.last_event.day))
    kinds = [k for k in _ORDER if k in allowed and k not in blocked] or [
        k for k in _ORDER if k in allowed
    ]
    if target is not None:
        kinds = [k for k in kinds if _distance(STAGE_AFTER[k], target) is not None]
        if hurry and kinds:
            kinds = [min(kinds, key=lambda k: _distance(STAGE_AFTER[k], target) or 0)]
    return [(_WEIGHTS[k], k) for k in kinds]


def _wrong_stage(c: _Context, events: Callable[[type[Event]], Any]) -> Step:
    allowed = c.workflow.allowed(c.project)
    kind = c.draw(st.sampled_from([k for k in EVENT_TYPES if k not in allowed]))
    event = attrs.evolve(c.draw(events(kind)), at=c.later(0, 30))
    return Step(event, frozenset({"stage.order"}))


def _too_early(step: Step, c: _Context) -> Step:
    back = timedelta(
        days=c.draw(st.integers(0, 30)), seconds=c.draw(st.integers(1, 3600))
    )
    event = attrs.evolve(step.event, at=c.last - back)
    return Step(event, frozenset({"history.chronology"}))


def design_next(
    draw: Draw,
    workflow: Workflow,
    project: Project,
    *,
    loose: bool = False,
    target: Stage | None = None,
    hurry: bool = False,
    events: Callable[[type[Event]], Any],
) -> Step | None:
    """The next step of ``project``, or None when a valid one cannot be designed.

    Designed valid unless ``loose``: then it breaks a rule on purpose (a
    boundary figure, an event out of order or out of time) or is drawn at
    random from ``events``.  With ``target``, only events from which that
    stage can still be reached are chosen (``hurry``: by the shortest way).
    """
    options = _options(workflow, project, target, hurry=hurry)
    how = (
        draw(
            st.sampled_from(
                ("break", "time", "stage", "any") if options else ("stage", "any")
            )
        )
        if loose
        else "valid"
    )
    if not options and not loose:
        return None
    if how == "any":
        return Step(draw(events(draw(st.sampled_from(EVENT_TYPES)))), None)
    context = _Context(draw, workflow, project, loose=how == "break")
    if how == "stage":
        return _wrong_stage(context, events)
    step = _DESIGNERS[_pick(draw, options)](context)
    # An event with no rule of its own to break (a cancellation, a
    # re-tender) breaks the chronology instead.
    unbroken = context.loose and not context.broken
    return _too_early(step, context) if how == "time" or unbroken else step
