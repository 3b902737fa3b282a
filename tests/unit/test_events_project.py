"""Events validate themselves; a project's views come from its history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.presets.anyang import PARKS
from tests._lifecycle import FIRM, cleaning_2015

LIFE = cleaning_2015()
AT = datetime(2015, 1, 1)


class TestEventValidation:
    @pytest.mark.parametrize(
        ("make", "fragment"),
        [
            (
                lambda: E.Retendered(at=date(2015, 1, 1)),  # type: ignore[arg-type]
                "Retendered.at: must be a datetime",
            ),
            (
                lambda: E.Budgeted(at=AT, amount=Decimal(0), separate_line=True),
                "Budgeted.amount: must be above 0",
            ),
            (lambda: E.Budgeted(at=AT, amount=-5, separate_line=True), "at least 0"),
            (lambda: E.Budgeted(at=AT, amount=1.5, separate_line=True), "use Decimal"),  # type: ignore[arg-type]
            (
                lambda: E.Budgeted(at=AT, amount=5, separate_line="yes"),  # type: ignore[arg-type]
                "Budgeted.separate_line: must be bool",
            ),
            (
                lambda: E.Contracted(
                    at=AT, start=date(2015, 2, 1), end=date(2015, 1, 31), amount=1
                ),
                "Contracted.end: 2015-01-31 is before start",
            ),
            (
                lambda: E.Renewed(
                    at=AT, start=date(2015, 2, 1), end=date(2015, 1, 31), amount=1
                ),
                "Renewed.end",
            ),
            (lambda: E.Supervised(at=AT, score=Decimal(101)), "Supervised.score"),
            (
                lambda: E.Awarded(at=AT, undertaker=FIRM, amount=1, bidders=-1),
                "Awarded.bidders",
            ),
            (
                lambda: E.Cancelled(at=AT, reason=""),
                "Cancelled.reason: must not be empty",
            ),
            (lambda: E.Disclosed(at=AT, items={"PROJECT"}), "Disclosed.items"),
            (lambda: attrs.evolve(LIFE[0], item=PARKS), "AY-2014-02 is filed under"),
            (lambda: E.Closed(at=AT, accountable=3), "Closed.accountable"),  # type: ignore[arg-type]
        ],
    )
    def test_bad_values_are_invalid_input(self, make: object, fragment: str) -> None:
        """Every malformed event names the field."""
        with pytest.raises(pp.InvalidInput, match=fragment):
            make()  # type: ignore[operator]

    def test_convenient_inputs_are_converted(self) -> None:
        """Ints and decimal strings become Decimals; lists become sets and tuples."""
        b = E.Budgeted(
            at=AT,
            amount="12.50",
            separate_line=True,
            targets=[pp.PerformanceTarget("x", 1)],
        )
        assert b.amount == Decimal("12.50")
        assert isinstance(b.targets, tuple)
        d = E.Disclosed(at=AT, items=[pp.DisclosureItem.PROJECT])
        assert d.items == {pp.DisclosureItem.PROJECT}

    def test_every_event_knows_its_kind(self) -> None:
        """The serialisation tag is the class name."""
        for cls in E.EVENT_TYPES:
            assert cls.kind == cls.__name__

    def test_day_is_the_china_date(self) -> None:
        """A naive time is read as China Standard Time."""
        event = E.Retendered(at=datetime(2015, 1, 1, 23, 30))
        assert event.day == date(2015, 1, 1)
        assert event.instant.utcoffset() == E.CST.utcoffset(None)


class TestProjectViews:
    def test_views_before_anything_happens(self) -> None:
        """A fresh draft has no budget, method, undertaker or contract."""
        p = pp.project.fold(LIFE[:1])
        assert (p.budget, p.method, p.undertaker, p.contract, p.evaluation) == (
            None,
            None,
            None,
            None,
            None,
        )
        assert p.budgeted == Decimal(0)
        assert p.paid == Decimal(0)
        assert p.cost_comparison is None
        assert p.closing is None
        assert p.title == LIFE[0].title
        assert p.drafted is LIFE[0]

    def test_views_of_a_closed_project(self) -> None:
        """Every fact the history established is visible."""
        p = pp.project.fold(LIFE)
        assert p.id == "AY-2015-007"
        assert p.category is pp.ServiceCategory.MUNICIPAL_SANITATION
        assert p.purchaser.department == "城管局"
        assert p.method is pp.Method.COMPETITIVE_CONSULTATION
        assert p.procurement is LIFE[3]
        assert p.award is LIFE[4]
        assert p.undertaker == FIRM
        assert p.contract == pp.ContractPeriod(
            date(2015, 4, 1),
            date(2016, 3, 31),
            Decimal(760_000),
            False,
            date(2015, 3, 20),
        )
        assert p.supervision_scores == (Decimal(88), Decimal(92))
        assert p.supervisions == (LIFE[6], LIFE[7])
        assert p.evaluations == (LIFE[8],)
        assert p.evaluated is LIFE[8]
        assert p.settlements == (LIFE[9],)
        assert (p.contracted, p.paid, p.renewals, p.retenders) == (
            Decimal(760_000),
            Decimal(760_000),
            0,
            0,
        )
        assert p.disclosed == set(pp.DisclosureItem)
        assert p.disclosures == (LIFE[2],)
        assert p.closing is LIFE[10]
        assert p.last_event is LIFE[10]
        assert p.cost_comparison == pp.CostComparison(
            before=Decimal(950_000), after=Decimal(760_000)
        )

    def test_a_retender_starts_a_new_cycle(self) -> None:
        """The old undertaker is remembered; award, method and scores reset."""
        p = pp.project.fold([*LIFE[:10], E.Retendered(at=datetime(2016, 4, 20))])
        assert p.stage is pp.Stage.DISCLOSED
        assert (p.award, p.method, p.evaluation, p.supervisions) == (
            None,
            None,
            None,
            (),
        )
        assert p.previous_undertaker == FIRM
        assert p.retenders == 1
        assert p.periods[0].end == date(2016, 3, 31)

    def test_a_renewal_starts_a_period_with_no_evaluation_or_supervision(
        self,
    ) -> None:
        """A renewed period is not yet evaluated; the earlier evaluation is kept."""
        renewal = E.Renewed(
            at=datetime(2016, 4, 20),
            start=date(2016, 4, 1),
            end=date(2017, 3, 31),
            amount=Decimal(760_000),
        )
        p = pp.project.fold([*LIFE[:10], renewal])
        assert (p.evaluated, p.evaluation, p.supervisions) == (None, None, ())
        assert p.evaluations == (LIFE[8],)
        assert p.contract is not None
        assert (p.contract.start, p.contract.renewal) == (date(2016, 4, 1), True)

    def test_a_failure_is_recorded_with_its_method(self) -> None:
        """ProcurementFailed clears the procedure and keeps the method."""
        failed = E.ProcurementFailed(at=datetime(2015, 3, 1), reason="流标")
        p = pp.project.fold([*LIFE[:4], failed])
        assert p.failures == ((pp.Method.COMPETITIVE_CONSULTATION, failed),)
        assert p.procurement is None
        assert p.stage is pp.Stage.DISCLOSED

    def test_a_failure_without_a_procedure_records_nothing(self) -> None:
        """A trusted fold of an out-of-order failure does not invent a method."""
        p = pp.project.fold(
            [*LIFE[:3], E.ProcurementFailed(at=datetime(2015, 3, 1), reason="x")]
        )
        assert p.failures == ()

    def test_a_supplement_without_a_contract_belongs_to_no_period(self) -> None:
        """A trusted fold of an out-of-order supplement keeps it, for no period."""
        amended = E.Amended(at=datetime(2015, 3, 1), amount=Decimal(10), reason="x")
        p = pp.project.fold([LIFE[0], amended])
        assert (p.contract, p.supplemented) == (None, Decimal(10))

    def test_a_second_draft_changes_nothing_in_a_trusted_fold(self) -> None:
        """The fold keeps the first draft's facts."""
        p = pp.project.fold([LIFE[0], attrs.evolve(LIFE[0], title="其他")])
        assert p.title == LIFE[0].title

    def test_a_retender_before_any_award_remembers_no_one(self) -> None:
        """Without an award there is no previous undertaker."""
        p = pp.project.fold([*LIFE[:3], E.Retendered(at=datetime(2015, 3, 1))])
        assert p.previous_undertaker is None

    def test_fold_refuses_what_is_not_a_history(self) -> None:
        """Empty, not starting with Drafted, or holding non-events."""
        with pytest.raises(pp.InvalidInput, match="must start with a Drafted"):
            pp.project.fold([])
        with pytest.raises(pp.InvalidInput, match=r"history\[1\]: must be an event"):
            pp.project.fold([LIFE[0], "Budgeted"])
        with pytest.raises(pp.InvalidInput, match=r"history\[1\]: must be an event"):
            pp.project.fold([LIFE[0], E.Event(at=AT)])

    def test_stages_know_whether_they_end_a_project(self) -> None:
        """Only CLOSED and CANCELLED are terminal."""
        assert {s for s in pp.Stage if s.is_terminal} == {
            pp.Stage.CLOSED,
            pp.Stage.CANCELLED,
        }
