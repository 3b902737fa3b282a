"""The domain of dates (1949-10-01 to 2199-12-31): refused outside, safe inside.

Every date that enters procpolicy (an event's ``at`` and period, a document's
dates) lies in the domain, and every parameter that feeds date arithmetic is
bounded (99 years, 36 500 days, 1188 months).  These tests reproduce the
crashes of issue 14 (each raised ``ValueError`` or ``OverflowError`` from
inside the library before the domain) and prove that the workflow never
raises at either end of the domain with every parameter at its maximum.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import serialization
from procpolicy._validate import EARLIEST_DAY, LATEST_DAY
from procpolicy.testing import strategies
from tests._lifecycle import BUYER, FIRM, cleaning_2015

UTC_MINUS_5 = timezone(timedelta(hours=-5))
BEFORE, AFTER = EARLIEST_DAY - timedelta(days=1), LATEST_DAY + timedelta(days=1)
OUTSIDE = [date.min, BEFORE, AFTER, date(9999, 1, 1), date.max]
"""Days just outside the domain, and the ends of Python's calendar."""
LARGEST = Decimal("999999999999999.99")
"""The largest finite figure a value holds."""
MAXIMA: dict[str, Any] = {
    "open_tender_threshold": LARGEST,
    "decentralised_limit": LARGEST,
    "third_party_threshold": LARGEST,
    "supervision_tolerance": LARGEST,
    "max_contract_years": 99,
    "max_stable_contract_years": 99,
    "renewal_term_cap_years": 99,
    "min_tender_days": 36_500,
    "max_days_award_to_contract": 36_500,
    "supervision_interval_months": 1188,
}
"""Every bounded parameter at its maximum."""
MINIMA: dict[str, Any] = {
    "max_contract_years": 1,
    "max_stable_contract_years": 1,
    "renewal_term_cap_years": 1,
    "min_tender_days": 0,
    "max_days_award_to_contract": 0,
    "supervision_interval_months": 1,
}
"""The date parameters at their smallest (a monthly schedule, one-year terms)."""
BOUNDED = {name: value for name, value in MAXIMA.items() if isinstance(value, int)}
"""The integer parameters and their maxima."""


def contracted(start: date, end: date, at: datetime | None = None) -> E.Contracted:
    moment = at or datetime(2015, 3, 1)
    return E.Contracted(at=moment, start=start, end=end, amount=Decimal(1))


def renewed(start: date, end: date) -> E.Renewed:
    moment = datetime(2015, 3, 1)
    return E.Renewed(at=moment, start=start, end=end, amount=Decimal(1))


class TestTheDomain:
    def test_the_domain_runs_from_the_founding_to_the_end_of_2199(self) -> None:
        """1949-10-01 to 2199-12-31, the bounds docs/security.md defends."""
        assert (date(1949, 10, 1), date(2199, 12, 31)) == (EARLIEST_DAY, LATEST_DAY)

    def test_every_preset_document_lies_inside_the_domain(self) -> None:
        """The real documents are far inside it (a refusal cannot hit them)."""
        for framework in (pp.presets.national(), pp.presets.anyang()):
            for doc in framework.documents:
                assert EARLIEST_DAY <= doc.effective <= LATEST_DAY
                assert doc.expires is None or doc.expires <= LATEST_DAY


class TestEventDates:
    def test_a_contract_starting_in_9999_is_refused_when_built(self) -> None:
        """Issue 14: ``start=date(9999, 1, 1)`` crashed the term guard (year 10000)."""
        with pytest.raises(pp.InvalidInput, match=r"^Contracted\.start: must be betw"):
            contracted(date(9999, 1, 1), date(9999, 6, 30))

    def test_a_contract_ending_on_the_last_day_of_python_is_refused(self) -> None:
        """Issue 14: ``end=date.max`` overflowed the term's length in months."""
        with pytest.raises(pp.InvalidInput, match=r"^Contracted\.end: must be between"):
            contracted(date(2015, 4, 1), date.max)

    def test_a_renewal_in_9999_is_refused_when_built(self) -> None:
        """Issue 14: a renewal in 9999 crashed the renewal-cap guard."""
        with pytest.raises(pp.InvalidInput, match=r"^Renewed\.start: must be between"):
            renewed(date(9999, 1, 1), date(9999, 12, 31))

    @pytest.mark.parametrize("kind", [E.Contracted, E.Renewed])
    @pytest.mark.parametrize("name", ["start", "end"])
    @pytest.mark.parametrize("day", OUTSIDE, ids=str)
    def test_a_period_date_outside_the_domain_is_refused_by_name(
        self, kind: Any, name: str, day: date
    ) -> None:
        """Each period date is checked on its own, and the message names it."""
        fields = {"start": date(2015, 4, 1), "end": date(2015, 4, 1), name: day}
        if name == "start":
            fields["end"] = max(day, fields["end"])
        with pytest.raises(pp.InvalidInput, match=rf"^{kind.__name__}\.{name}: "):
            kind(at=datetime(2015, 3, 1), amount=Decimal(1), **fields)

    def test_the_ends_of_the_domain_are_accepted(self) -> None:
        """The longest contract the domain holds: 1949-10-01 to 2199-12-31."""
        event = contracted(EARLIEST_DAY, LATEST_DAY, datetime(1949, 10, 1))
        assert (event.start, event.end, event.day) == (
            EARLIEST_DAY,
            LATEST_DAY,
            EARLIEST_DAY,
        )

    def test_a_subclass_of_date_in_the_domain_is_a_date(self) -> None:
        """The check is by value, not by exact type (a `date` subclass passes)."""

        class Day(date):
            pass

        assert contracted(Day(2015, 4, 1), Day(2199, 12, 31)).end == LATEST_DAY
        with pytest.raises(pp.InvalidInput, match=r"^Contracted\.end: must be betw"):
            contracted(Day(2015, 4, 1), Day(2200, 1, 1))

    def test_a_date_time_is_not_a_period_date(self) -> None:
        """A datetime for ``start`` is refused as before, by type."""
        with pytest.raises(pp.InvalidInput, match="must be a date, not a datetime"):
            contracted(datetime(2015, 4, 1), date(2015, 5, 1))


class TestEventMoments:
    def test_an_aware_moment_off_the_calendar_in_china_is_invalid_input(
        self,
    ) -> None:
        """Issue 14: 9999-12-31 23:00 at UTC-5 raised OverflowError (Beijing: 10000)."""
        moment = datetime(9999, 12, 31, 23, tzinfo=UTC_MINUS_5)
        with pytest.raises(pp.InvalidInput, match=r"^Retendered\.at: must fall betw"):
            E.Retendered(at=moment)

    @pytest.mark.parametrize(
        "moment",
        [
            datetime(1949, 9, 30, 23, 59, 59),
            datetime(2200, 1, 1),
            datetime(2199, 12, 31, 16, tzinfo=UTC),  # 2200-01-01 00:00 in China
            datetime(1949, 9, 30, 15, 59, tzinfo=UTC),  # 23:59 the day before
            datetime(1949, 9, 30, 23, 59, 59, 999999, tzinfo=E.CST),
            datetime(2200, 1, 1, tzinfo=E.CST),
            datetime(2200, 1, 1, tzinfo=timezone(timedelta(hours=8))),
            datetime.min,  # noqa: DTZ901 - a naive moment is read in China
            datetime.max,  # noqa: DTZ901
            datetime.min.replace(tzinfo=UTC),
            datetime.max.replace(tzinfo=UTC_MINUS_5),
        ],
        ids=str,
    )
    def test_a_moment_whose_day_in_china_is_outside_is_refused(
        self, moment: datetime
    ) -> None:
        """The day that counts is the day in China Standard Time."""
        with pytest.raises(pp.InvalidInput, match=r"China Standard Time, not "):
            E.Retendered(at=moment)

    def test_a_moment_that_is_not_a_datetime_is_refused_by_type(self) -> None:
        """A date or a string for ``at`` names the type it got."""
        with pytest.raises(pp.InvalidInput, match="^Retendered.at: must be a datetime"):
            E.Retendered(at=date(2015, 1, 1))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("moment", "day"),
        [
            (datetime(1949, 10, 1), EARLIEST_DAY),
            (datetime.combine(LATEST_DAY, time.max), LATEST_DAY),
            (datetime(1949, 9, 30, 16, tzinfo=UTC), EARLIEST_DAY),
            (datetime(2199, 12, 31, 15, 59, tzinfo=UTC), LATEST_DAY),
            (datetime(2199, 12, 31, 10, 59, tzinfo=UTC_MINUS_5), LATEST_DAY),
            (datetime(1949, 10, 1, tzinfo=E.CST), EARLIEST_DAY),
            (datetime.combine(LATEST_DAY, time.max, E.CST), LATEST_DAY),
            (datetime(1949, 10, 1, tzinfo=timezone(timedelta(hours=8))), EARLIEST_DAY),
        ],
        ids=str,
    )
    def test_a_moment_on_either_end_is_accepted(
        self, moment: datetime, day: date
    ) -> None:
        """Moments on the first and last day, naive or aware, are events."""
        assert E.Retendered(at=moment).day == day

    @given(strategies.events(), st.sampled_from([BEFORE, AFTER]))
    def test_every_event_refuses_a_moment_outside_the_domain(
        self, event: E.Event, day: date
    ) -> None:
        """``at`` is checked by every event class, naming the class and field."""
        with pytest.raises(pp.InvalidInput, match=rf"^{type(event).__name__}\.at: "):
            attrs.evolve(event, at=datetime.combine(day, time(12)))


class TestDocumentDates:
    def document(self, **fields: Any) -> pp.PolicyDocument:
        base = {
            "id": "edge",
            "title": pp.Label("边界", "Edge"),
            "layer": pp.Layer.NATIONAL,
            "effective": date(2015, 1, 1),
        }
        return pp.PolicyDocument(**{**base, **fields})

    def test_a_document_expiring_on_the_last_day_of_python_is_refused(self) -> None:
        """Before the domain, ``expires=date.max`` overflowed the framework's bounds."""
        with pytest.raises(pp.InvalidInput, match=r"^PolicyDocument\.expires: must"):
            self.document(expires=date.max)

    @pytest.mark.parametrize("day", OUTSIDE, ids=str)
    def test_an_effective_date_outside_the_domain_is_refused(self, day: date) -> None:
        """``effective`` is checked, naming the field."""
        with pytest.raises(pp.InvalidInput, match=r"^PolicyDocument\.effective: "):
            self.document(effective=day)

    def test_a_document_at_the_ends_of_the_domain_joins_a_framework(self) -> None:
        """A document in force from the first day to the last is a document."""
        doc = self.document(effective=EARLIEST_DAY, expires=LATEST_DAY)
        framework = pp.presets.national().with_document(doc)
        assert framework.boundaries()[0] == EARLIEST_DAY
        assert framework.at(LATEST_DAY).is_in_force("edge")


class TestParameterBounds:
    def test_a_term_limit_of_a_million_years_is_refused(self) -> None:
        """Issue 14: a term of 10**6 years loaded, then every contract crashed."""
        with pytest.raises(pp.InvalidInput, match=r"max_contract_years: must be at m"):
            pp.Overrides(max_contract_years=10**6)

    def test_a_stored_term_limit_of_a_million_years_is_refused_at_its_path(
        self,
    ) -> None:
        """Through `from_dict`, the refusal names the stored field."""
        with pytest.raises(pp.InvalidInput) as caught:
            serialization.from_dict(pp.Overrides, {"max_contract_years": 10**6})
        expected = "Overrides.max_contract_years: must be at most 99, got 1000000"
        assert caught.value.messages == (f"{expected} @ $.max_contract_years",)

    @pytest.mark.parametrize(("name", "most"), BOUNDED.items())
    def test_each_bounded_parameter_takes_its_maximum_and_no_more(
        self, name: str, most: int
    ) -> None:
        """The maximum is accepted, one more is refused naming the parameter."""
        at_most: dict[str, Any] = {name: most}
        one_more: dict[str, Any] = {name: most + 1}
        assert pp.Overrides(**at_most).get(name) == most
        assert pp.Parameters(**at_most).get(name) == most
        with pytest.raises(pp.InvalidInput, match=rf"Parameters\.{name}: must be at"):
            pp.Parameters(**one_more)

    def test_the_unregulated_values_are_the_maxima(self) -> None:
        """No document may be looser than a framework with no document at all."""
        loose = pp.Parameters()
        for name in ("max_contract_years", "max_days_award_to_contract"):
            assert loose.get(name) == MAXIMA[name]


# -- the workflow at both ends -------------------------------------------------------
def edge_framework(figures: dict[str, Any], day: date) -> pp.PolicyFramework:
    """The national framework with one document setting ``figures`` from ``day``.

    Built with `with_document`, then moved to ``day`` with `replace`.
    """
    doc = pp.PolicyDocument(
        id="edge-figures",
        title=pp.Label("边界参数", "Edge figures"),
        layer=pp.Layer.NATIONAL,
        effective=EARLIEST_DAY,
        sets=pp.Overrides(**figures),
        catalogue=pp.Catalogue(categories=frozenset(pp.ServiceCategory)),
        articles=dict.fromkeys([*figures, "catalogue"], "§1"),
    )
    framework = pp.presets.national().with_document(doc)
    if day == EARLIEST_DAY:
        return framework
    return framework.replace(attrs.evolve(doc, effective=day, expires=LATEST_DAY))


def lifecycle(day: date) -> list[E.Event]:
    """Every kind of event, all on ``day``, in an order the stage graph allows."""
    moment = datetime.combine(day, time(9))
    evaluation = pp.Evaluation(
        evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(95)
    )
    return [
        E.Drafted(
            at=moment,
            project_id="EDGE-1",
            title="边界 Edge",
            purchaser=BUYER,
            category=pp.ServiceCategory.MUNICIPAL_SANITATION,
        ),
        E.Budgeted(at=moment, amount=LARGEST, separate_line=True),
        E.Disclosed(at=moment, items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(at=moment, method=pp.Method.OPEN_TENDERING),
        E.ProcurementFailed(at=moment, reason="流标 no bids"),
        E.ProcurementStarted(at=moment, method=pp.Method.OPEN_TENDERING),
        E.Awarded(at=moment, undertaker=FIRM, amount=LARGEST, bidders=3),
        E.Contracted(at=moment, start=day, end=day, amount=LARGEST),
        E.Supervised(at=moment, score=Decimal(90)),
        E.Evaluated(at=moment, evaluation=evaluation),
        E.Settled(at=moment, paid=LARGEST),
        E.Renewed(at=moment, start=day, end=day, amount=LARGEST, stable=True),
        E.Supervised(at=moment, score=Decimal(90)),
        E.Evaluated(at=moment, evaluation=evaluation),
        E.Settled(at=moment, paid=LARGEST),
        E.Retendered(at=moment),
        E.Closed(at=moment, accountable="x"),
    ]


def candidates(day: date) -> list[E.Event]:
    """Each kind of event on ``day``, with the widest periods the domain holds."""
    first, last = datetime.combine(day, time.min), datetime.combine(day, time.max)
    aware = first.replace(tzinfo=E.CST).astimezone(UTC_MINUS_5)
    widest = [
        contracted(EARLIEST_DAY, LATEST_DAY, last),
        contracted(day, LATEST_DAY, first),
        contracted(EARLIEST_DAY, day, aware),
        E.Renewed(at=last, start=EARLIEST_DAY, end=LATEST_DAY, amount=Decimal(1)),
        E.Renewed(at=aware, start=day, end=LATEST_DAY, amount=LARGEST),
        E.Cancelled(at=last, reason="撤销 called off"),
        E.ProcurementStarted(
            at=first, method=pp.Method.OPEN_TENDERING, deadline=LATEST_DAY
        ),
        E.ProcurementStarted(at=last, method=pp.Method.OPEN_TENDERING, deadline=day),
    ]
    return [*lifecycle(day), *widest]


ENDS = [EARLIEST_DAY, LATEST_DAY]
FIGURES = {"maxima": MAXIMA, "minima": MINIMA}


class TestTheWorkflowAtTheEnds:
    @pytest.mark.parametrize("day", ENDS, ids=str)
    @pytest.mark.parametrize("figures", FIGURES.values(), ids=FIGURES.keys())
    @pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
    def test_check_never_raises_on_either_end_with_extreme_parameters(
        self, day: date, figures: dict[str, Any], strict: bool
    ) -> None:
        """Every kind of event, after every prefix of a lifecycle, is judged."""
        workflow = pp.Workflow(edge_framework(figures, day), strict=strict)
        history = lifecycle(day)
        judged = 0
        for end in range(1, len(history) + 1):
            project = pp.project.fold(history[:end])
            for event in candidates(day):
                verdict = workflow.check(project, event)
                assert isinstance(verdict, tuple)
                judged += 1
            assert isinstance(workflow.allowed(project), frozenset)
            assert isinstance(workflow.missing_supervisions(project, LATEST_DAY), tuple)
        assert judged == len(history) * len(candidates(day))

    @pytest.mark.parametrize("day", ENDS, ids=str)
    def test_a_lifecycle_on_either_end_runs_through_apply(self, day: date) -> None:
        """Where the rules allow it, the events on the edge day are applied."""
        workflow = pp.Workflow(edge_framework(MAXIMA, day))
        project = workflow.start(lifecycle(day)[0])  # type: ignore[arg-type]
        for event in lifecycle(day)[1:]:
            if not workflow.check(project, event):
                project = workflow.apply(project, event)
        assert {event.day for event in project.history} == {day}
        assert project.stage not in {pp.Stage.DRAFT, pp.Stage.BUDGETED}

    @settings(max_examples=max(20, settings().max_examples))
    @given(
        strategies.events(),
        st.sampled_from(ENDS),
        st.sampled_from(list(FIGURES.values())),
    )
    @example(contracted(EARLIEST_DAY, LATEST_DAY), EARLIEST_DAY, MAXIMA)
    @example(contracted(LATEST_DAY, LATEST_DAY), LATEST_DAY, MAXIMA)
    @example(renewed(EARLIEST_DAY, LATEST_DAY), EARLIEST_DAY, MAXIMA)
    @example(renewed(LATEST_DAY, LATEST_DAY), LATEST_DAY, MINIMA)
    @example(
        E.Retendered(at=datetime(2199, 12, 31, 10, 59, tzinfo=UTC_MINUS_5)),
        LATEST_DAY,
        MAXIMA,
    )
    @example(E.Retendered(at=datetime(1949, 10, 1)), EARLIEST_DAY, MINIMA)
    def test_any_event_of_the_domain_is_judged_without_raising(
        self, event: E.Event, day: date, figures: dict[str, Any]
    ) -> None:
        """Events anywhere in the domain (its ends often) never crash a guard."""
        workflow = pp.Workflow(edge_framework(figures, day))
        history = lifecycle(day)
        for end in (1, 5, 8, 11, 12, len(history)):
            project = pp.project.fold(history[:end])
            assert isinstance(workflow.check(project, event), tuple)

    def test_the_stored_project_of_the_last_day_loads_and_replays(self) -> None:
        """A lifecycle moved to 2199 round-trips and is judged the same."""
        workflow = pp.Workflow(edge_framework(MAXIMA, LATEST_DAY))
        shift = LATEST_DAY - cleaning_2015().closed.day
        moved = []
        for event in cleaning_2015():
            fields: dict[str, Any] = {"at": event.at + shift}
            if isinstance(event, E.Contracted):
                fields |= {"start": event.start + shift, "end": event.end + shift}
            moved.append(attrs.evolve(event, **fields))
        project = pp.project.fold(moved)
        stored = serialization.to_dict(project)
        assert serialization.from_dict(pp.Project, stored) == project
        for index, event in enumerate(moved[1:], start=1):
            assert isinstance(
                workflow.check(pp.project.fold(moved[:index]), event), tuple
            )


class _Found(Exception):  # noqa: N818 - a signal, not an error
    """Raised from inside a test run to stop at the first value found."""


def draws(strategy: st.SearchStrategy[Any], wanted: Any, examples: int = 500) -> Any:
    """The first value of ``strategy`` (derandomized) for which ``wanted`` holds.

    Unlike `hypothesis.find`, it does not shrink what it found: it only shows
    that the strategy reaches such a value.
    """

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        if wanted(value):
            raise _Found(value)

    try:
        run()
    except _Found as found:
        return found.args[0]
    pytest.fail(f"no value in {examples} examples")


class TestStrategiesReachTheEdges:
    """The testing kit's strategies draw the ends of every stated domain."""

    @pytest.mark.parametrize("day", ENDS, ids=str)
    def test_events_fall_on_either_end_of_the_domain(self, day: date) -> None:
        """An event on the first and one on the last day, naive and aware."""
        naive = draws(strategies.events(), lambda e: e.day == day)
        aware = draws(
            strategies.events(), lambda e: e.day == day and e.at.tzinfo is not None
        )
        assert (naive.day, aware.day) == (day, day)

    def test_periods_reach_both_ends(self) -> None:
        """Contract periods start on the first day and end on the last."""
        first = draws(
            strategies.events(E.Contracted), lambda e: e.start == EARLIEST_DAY
        )
        last = draws(strategies.events(E.Renewed), lambda e: e.end == LATEST_DAY)
        assert (first.start, last.end) == (EARLIEST_DAY, LATEST_DAY)

    def test_documents_take_effect_and_expire_on_the_ends(self) -> None:
        """A document in force from the first day, one expiring on the last."""
        early = draws(strategies.documents(), lambda d: d.effective == EARLIEST_DAY)
        late = draws(strategies.documents(), lambda d: d.expires == LATEST_DAY)
        assert (early.effective, late.expires) == (EARLIEST_DAY, LATEST_DAY)

    @pytest.mark.parametrize(("name", "most"), BOUNDED.items())
    def test_every_bounded_parameter_is_drawn_at_its_maximum(
        self, name: str, most: int
    ) -> None:
        """`parameter_values` and `overrides` reach each maximum."""
        assert draws(strategies.parameter_values(name), lambda v: v == most) == most
        drawn = draws(strategies.overrides(names=[name]), lambda o: o.get(name) == most)
        assert drawn.get(name) == most

    def test_frameworks_stay_in_the_recent_span(self) -> None:
        """Frameworks, for designed histories, add documents of 2000 to 2030."""

        @settings(max_examples=20, database=None, derandomize=True)
        @given(strategies.frameworks(base=pp.presets.national(), min_size=1))
        def check(framework: pp.PolicyFramework) -> None:
            added = framework.documents[len(pp.presets.national().documents) :]
            assert all(
                date(2000, 1, 1) <= d.effective <= date(2030, 12, 31) for d in added
            )

        check()
