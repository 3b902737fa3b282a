"""Histories shared between successive projects, and facts kept while folding."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import portfolio, presets, serialization
from procpolicy.evaluation import mean
from procpolicy.project import fold
from tests._lifecycle import cleaning_2015

WF = pp.Workflow()
CLEANING = cleaning_2015()


def contracted() -> pp.Project:
    """The 2015 cleaning project, under contract with nothing supervised."""
    return fold(CLEANING[: CLEANING.index(CLEANING.contracted) + 1])


def supervised(count: int, project: pp.Project | None = None) -> pp.Project:
    """``count`` daily evaluations folded in, an hour apart, scores 80.00 to 99.99."""
    project = project or contracted()
    start = datetime(2015, 4, 2, 9)
    history = [
        E.Supervised(
            at=start + timedelta(hours=i), score=Decimal(8000 + i * 37 % 2000) / 100
        )
        for i in range(count)
    ]
    return fold((*project.history, *history))


class TestSharedHistory:
    def test_apply_appends_the_event_to_the_history(self):
        """`apply` gives the history before with the event after it."""
        before = contracted()
        after = WF.apply(before, CLEANING.supervised)
        assert after.history == (*before.history, CLEANING.supervised)
        assert before.history == fold(before.history).history

    def test_history_is_a_tuple_of_events_and_kept(self):
        """``history`` is a tuple, built once per project."""
        project = contracted()
        assert type(project.history) is tuple
        assert project.history is project.history
        assert len(project) == len(CLEANING[:6])

    def test_the_last_event_is_the_last_of_the_history(self):
        """`last_event` reads the chain's last link, the history's last item."""
        project = supervised(3)
        assert project.last_event is project.history[-1]

    def test_a_replayed_project_equals_and_hashes_like_the_original(self):
        """Equality and the hash are those of the history, not of the objects."""
        project = WF.replay(CLEANING)
        again = WF.replay(CLEANING)
        assert project == again
        assert hash(project) == hash(again)
        assert project != contracted()

    def test_a_project_equals_no_other_kind_of_value(self):
        """Never equal to a tuple; other values decide (NotImplemented)."""
        project = contracted()
        assert project != project.history
        assert project.__eq__(project.history) is False
        assert project.__eq__("x") is NotImplemented

    def test_a_project_does_not_equal_the_record_of_its_values(self):
        """Stored as a tuple, a project still compares only with projects."""
        project = contracted()
        values = (project.stage, project._events, project._facts, project.last_event)
        assert tuple.__eq__(project, values)  # the record itself
        assert project != values
        assert not project == values  # noqa: SIM201 - the == operator itself
        assert project != "x"

    @pytest.mark.parametrize(
        "use",
        [
            iter,
            list,
            lambda p: p[0],
            lambda p: p.stage in p,
            lambda p: p + (),  # noqa: RUF005 - concatenation itself
            lambda p: p * 2,
            lambda p: 2 * p,
            lambda p: p.count(p.stage),
            lambda p: p.index(p.stage),
        ],
        ids=["iter", "list", "index", "in", "add", "mul", "rmul", "count", "index()"],
    )
    def test_a_project_is_not_a_sequence(self, use):
        """The tuple beneath is not an interface: its events are ``history``."""
        with pytest.raises(TypeError, match=r"not a sequence; .* \.history"):
            use(contracted())

    @pytest.mark.parametrize("order", ["__lt__", "__le__", "__gt__", "__ge__"])
    def test_projects_are_not_ordered(self, order):
        """``<`` and its kin are refused as for any unordered value."""
        project = contracted()
        assert getattr(project, order)(project) is NotImplemented
        with pytest.raises(TypeError):
            _ = project < project  # noqa: PLR0124 - the operator itself

    def test_a_project_is_true_and_copies_and_pickles_to_an_equal_one(self):
        """``bool`` is True whatever the tuple holds; copies keep the history."""
        project = supervised(2)
        assert bool(project)
        for again in (
            copy.copy(project),
            copy.deepcopy(project),
            pickle.loads(pickle.dumps(project)),  # noqa: S301 - our own bytes
        ):
            assert type(again) is pp.Project
            assert again == project
            assert again.stage is project.stage
            assert again.supervision_mean == project.supervision_mean

    def test_a_refused_event_leaves_the_history_as_it_was(self):
        """The shared chain is never extended in place."""
        project = contracted()
        with pytest.raises(pp.TransitionRefused):
            WF.apply(project, CLEANING.settled)
        assert project.history == CLEANING[:6]


class TestLongHistories:
    def test_thousands_of_daily_evaluations_fold_and_replay(self):
        """A long period folds and replays to the same project (linear, not timed)."""
        project = supervised(3_000)
        assert len(project.supervisions) == 3_000
        assert WF.replay(project.history) == project

    def test_the_running_mean_is_the_mean_of_the_scores(self):
        """`supervision_mean` equals `evaluation.mean` of every score."""
        project = supervised(257)
        assert project.supervision_mean == mean(project.supervision_scores)

    def test_no_daily_evaluation_has_no_mean(self):
        """Before any `Supervised` the mean is None."""
        assert contracted().supervision_mean is None

    def test_a_renewal_starts_the_count_again(self):
        """A new period has no daily evaluations and no mean."""
        project = WF.replay(CLEANING[:-1])
        renewed = WF.apply(
            project,
            E.Renewed(
                at=datetime(2016, 4, 6, 9),
                start=CLEANING.contracted.end + timedelta(days=1),
                end=CLEANING.contracted.end.replace(year=2017),
                amount=Decimal(760_000),
            ),
        )
        assert project.supervision_mean == Decimal(90)
        assert (renewed.supervisions, renewed.supervision_mean) == ((), None)
        assert len(renewed.periods) == 2
        assert renewed.contracted == Decimal(1_520_000)

    def test_a_retender_starts_the_count_again(self):
        """After `Retendered` the supervisions of the last cycle are gone."""
        project = WF.replay(CLEANING[:-1])
        again = WF.apply(project, E.Retendered(at=datetime(2016, 4, 6, 9)))
        assert (again.supervisions, again.supervision_mean) == ((), None)
        assert again.evaluations == (CLEANING.evaluated,)


class TestMaterialisedFacts:
    def test_the_sequences_read_back_in_order(self):
        """Disclosures, periods, evaluations and payments come back oldest first."""
        project = WF.replay(CLEANING)
        assert project.disclosures == (CLEANING.disclosed,)
        assert project.supervisions == (CLEANING.supervised, CLEANING.supervised_again)
        assert project.settlements == (CLEANING.settled,)
        assert project.paid == Decimal(760_000)
        assert project.contract is project.periods[-1]
        assert project.renewals == 0

    def test_a_failed_procedure_is_kept_with_its_method(self):
        """`failures` pairs each failed procedure with its method."""
        project = fold(CLEANING[:4])
        failed = E.ProcurementFailed(at=datetime(2015, 3, 1, 9), reason="无人响应")
        after = WF.apply(project, failed)
        assert after.failures == ((CLEANING.started.method, failed),)

    def test_the_cost_comparison_reads_the_last_payment(self):
        """No payment, no comparison; then the last payment's amount."""
        assert contracted().cost_comparison is None
        comparison = WF.replay(CLEANING).cost_comparison
        assert comparison is not None
        assert comparison.after == CLEANING.settled.paid


class TestLazyModules:
    def test_importing_procpolicy_builds_no_serialization_converter(self):
        """``import procpolicy`` leaves the lazy modules (and cattrs) unimported."""
        code = (
            "import sys, procpolicy; "
            "print(sorted(m for m in ('procpolicy.serialization', 'procpolicy.presets',"
            " 'procpolicy.portfolio', 'procpolicy._audit', 'cattrs')"
            " if m in sys.modules))"
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "[]"

    def test_the_lazy_modules_are_attributes_of_the_package(self):
        """``pp.serialization`` imports the module on first use; ``dir`` lists it."""
        assert pp.__getattr__("serialization") is serialization
        assert pp.__getattr__("presets") is presets
        assert pp.__getattr__("Reform") is portfolio.Reform
        assert {"serialization", "presets", "Reform", "Workflow"} <= set(dir(pp))

    def test_an_unknown_attribute_is_an_attribute_error(self):
        """Anything else is still missing."""
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            pp.__getattr__("nope")


def _assert_same_moment(instant: datetime, expected: datetime) -> None:
    """``instant`` is ``expected`` field for field, fold included, in `CST`."""
    assert type(instant) is datetime
    assert instant.timetuple() == expected.timetuple()
    assert (instant.microsecond, instant.fold) == (expected.microsecond, expected.fold)
    assert instant.tzinfo is E.CST


class TestEventMoments:
    def test_a_naive_moment_is_read_in_china_standard_time(self):
        """``instant`` is ``at`` in CST (fold kept), ``day`` its date."""
        at = datetime(2015, 11, 1, 1, 30, fold=1)
        event = E.Supervised(at=at, score=Decimal(90))
        assert event.instant == at.replace(tzinfo=E.CST)
        assert (event.instant.tzinfo, event.instant.fold) == (E.CST, 1)
        assert event.day == at.date()

    @given(
        at=st.datetimes(
            min_value=datetime(1949, 10, 1), max_value=datetime(2199, 12, 31, 23, 59)
        )
    )
    @example(at=datetime(1949, 10, 1))
    @example(at=datetime(2199, 12, 31, 23, 59, 59, 999999, fold=1))
    @example(at=datetime(2000, 1, 1))
    def test_the_instant_of_any_naive_moment_is_its_wall_time_in_cst(self, at):
        """The arithmetic equals ``replace(tzinfo=CST)`` field for field."""
        event = E.Closed(at=at)
        expected = at.replace(tzinfo=E.CST)
        _assert_same_moment(event.instant, expected)
        assert event.day == at.date()

    @given(
        at=st.datetimes(
            min_value=datetime(1949, 10, 1), max_value=datetime(2199, 12, 31, 23, 59)
        ),
        fold=st.sampled_from((0, 1)),
    )
    @example(at=datetime(1949, 10, 1), fold=0)
    @example(at=datetime(2199, 12, 31, 23, 59, 59, 999999), fold=1)
    def test_a_fixed_plus_eight_moment_is_china_standard_time(self, at, fold):
        """``timezone(+8h)`` (what a payload reads back) gives ``astimezone(CST)``."""
        aware = at.replace(tzinfo=timezone(timedelta(hours=8)), fold=fold)
        event = E.Closed(at=aware)
        expected = aware.astimezone(E.CST)
        _assert_same_moment(event.instant, expected)
        assert event.day == expected.date() == at.date()
        assert event.at is aware

    def test_a_fixed_plus_eight_moment_with_fold_one_gets_fold_zero(self):
        """As ``astimezone`` gives: a fixed offset has no repeated hour."""
        at = datetime(2015, 5, 1, 9, fold=1, tzinfo=timezone(timedelta(hours=8)))
        event = E.Supervised(at=at, score=Decimal(90))
        assert (event.instant.fold, event.instant.tzinfo) == (0, E.CST)
        assert event.instant == at

    @given(
        at=st.datetimes(
            min_value=datetime(1949, 9, 28), max_value=datetime(2200, 1, 3)
        ),
        hours=st.integers(-23, 23),
    )
    @example(at=datetime(1949, 9, 30, 23, 59, 59, 999999), hours=8)
    @example(at=datetime(2200, 1, 1), hours=8)
    @example(at=datetime(1949, 10, 1), hours=8)
    def test_fixed_offsets_are_admitted_exactly_when_their_cst_day_is(self, at, hours):
        """The +08:00 fast path of the validator agrees with the conversion."""
        aware = at.replace(tzinfo=timezone(timedelta(hours=hours)))
        day = aware.astimezone(E.CST).date()
        if date(1949, 10, 1) <= day <= date(2199, 12, 31):
            assert E.Closed(at=aware).day == day
        else:
            with pytest.raises(pp.InvalidInput, match="in China Standard Time"):
                E.Closed(at=aware)

    def test_a_datetime_subclass_keeps_its_class_in_the_instant(self):
        """A subclass of datetime goes through ``replace``, as before."""

        class Moment(datetime):
            """A datetime subclass (pandas' Timestamp is one)."""

        event = E.Supervised(at=Moment(2015, 5, 1, 9), score=Decimal(90))
        assert type(event.instant) is Moment
        assert event.instant.tzinfo is E.CST

    def test_an_aware_moment_is_converted_to_china_standard_time(self):
        """23:00 UTC is the next day in Beijing."""
        at = datetime(2015, 5, 1, 23, tzinfo=UTC)
        event = E.Supervised(at=at, score=Decimal(90))
        assert event.day == date(2015, 5, 2)
        assert event.instant == at


class TestCommonCaseValidation:
    def test_a_str_subclass_takes_the_full_check(self):
        """Text in a subclass of ``str`` is accepted, blank text refused."""

        class Text(str):
            """A str subclass."""

            __slots__ = ()

        drafted = CLEANING.drafted
        assert E.Cancelled(at=drafted.at, reason=Text("无人")).reason == "无人"
        assert E.Supervised(at=drafted.at, score=Decimal(1), note=Text("a")).note == "a"
        with pytest.raises(pp.InvalidInput, match="must not be empty"):
            E.Cancelled(at=drafted.at, reason=Text("  "))

    def test_a_date_subclass_takes_the_full_check(self):
        """A subclass of ``date`` inside the domain is accepted, outside refused."""

        class Day(date):
            """A date subclass."""

        contracted = CLEANING.contracted
        start = Day(2015, 4, 1)
        event = E.Contracted(
            at=contracted.at, start=start, end=contracted.end, amount=contracted.amount
        )
        assert event.start == date(2015, 4, 1)
        with pytest.raises(pp.InvalidInput, match="must be between"):
            E.Contracted(
                at=contracted.at,
                start=Day(1900, 1, 1),
                end=contracted.end,
                amount=contracted.amount,
            )

    def test_a_datetime_for_a_date_is_refused(self):
        """``datetime`` is a subclass of ``date`` and still not a date."""
        contracted = CLEANING.contracted
        with pytest.raises(pp.InvalidInput, match="must be a date, not a datetime"):
            E.Contracted(
                at=contracted.at,
                start=datetime(2015, 4, 1),
                end=contracted.end,
                amount=contracted.amount,
            )
