"""The national rules and the evaluation-to-budget link of issue 12.

Each rule is judged passing, failing and, where a fact can be missing,
undetermined, with its id, the figures in its message and its dated basis:
``contract.supplement`` (gpl Art 49), ``contract.published`` (gpl-reg
Art 50, in working days), ``method.add_on`` (gpl Art 31(3)), ``tender.period``
per method (gpl Art 35, ck-2014-214 Art 10, mof-74), ``evaluation.weights``,
``evaluation.targets`` (三衔接) and ``settlement.cost_comparison``
(加强资金管理).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy._process.contract import within_working_days
from procpolicy.calendar import add_working_days, working_days_between
from procpolicy.evaluation import Achieved, Direction, Indicator, IndicatorSystem
from procpolicy.labels import Label
from procpolicy.project import fold
from procpolicy.testing import _driver as driver
from tests._lifecycle import TARGETS, cleaning_2015

V = pp.Verdict
WF = pp.Workflow(pp.presets.anyang())
NATIONAL = pp.Workflow(pp.presets.national())
C = cleaning_2015()
TARGET = TARGETS[0].name
"""道路保洁达标率 %, the target the cleaning budget sets."""
WIDE = attrs.evolve(C.budgeted, amount=Decimal(900_000))
"""The cleaning budget with room for supplements (900,000 for a 760,000 contract)."""


def result(
    project: pp.Project, event: E.Event, rule_id: str, wf: pp.Workflow = WF
) -> pp.RuleResult:
    """The result of ``rule_id`` when ``wf`` judges ``event``."""
    judgement = wf.judge(project, event)
    assert judgement.violations == wf.check(project, event)
    return next(r for r in judgement.results if r.rule.id == rule_id)


def documents(found: pp.RuleResult | pp.Violation) -> list[str]:
    """The documents of a result's basis, in order."""
    return [c.document for c in found.basis]


def shifted(events: tuple[E.Event, ...], days: int) -> tuple[E.Event, ...]:
    """The events ``days`` later, periods too (a lifecycle of another year)."""
    moved = []
    for event in events:
        changes: dict[str, object] = {"at": event.at + timedelta(days=days)}
        if isinstance(event, E.Contracted | E.Renewed):
            changes |= {
                "start": event.start + timedelta(days=days),
                "end": event.end + timedelta(days=days),
            }
        moved.append(attrs.evolve(event, **changes))  # type: ignore[arg-type]
    return tuple(moved)


def contracted(*events: E.Event) -> pp.Project:
    """The cleaning project under contract (wide budget), then ``events``."""
    return fold((C.drafted, WIDE, *C[2:6], *events))


def supplement(days: int, amount: int) -> E.Amended:
    return E.Amended(
        at=C.contracted.at + timedelta(days=days),
        amount=Decimal(amount),
        reason="追加背街小巷保洁",
    )


class TestEvents:
    def test_the_new_events_load_with_their_defaults(self) -> None:
        """Old data loads: the new fields default to unknown or empty."""
        started = E.ProcurementStarted(at=C.started.at, method=pp.Method.OPEN_TENDERING)
        assert started.deadline is None
        assert started.original_contract is None
        assert C.evaluated.achieved == ()
        assert C.evaluated.indicators is None
        back = pp.serialization.from_dict(
            E.Event, {"type": "ContractPublished", "at": "2015-03-23T09:00:00"}
        )
        assert back == E.ContractPublished(at=datetime(2015, 3, 23, 9))

    def test_a_supplement_needs_a_positive_amount_and_a_reason(self) -> None:
        """An Amended event with no money or no reason is invalid input."""
        with pytest.raises(pp.InvalidInput, match=r"Amended\.amount"):
            E.Amended(at=C.contracted.at, amount=Decimal(0), reason="x")
        with pytest.raises(pp.InvalidInput, match=r"Amended\.reason"):
            E.Amended(at=C.contracted.at, amount=Decimal(1), reason="")

    def test_an_evaluation_reports_each_name_once(self) -> None:
        """Reporting one target twice is invalid input naming Evaluated.achieved."""
        twice = (Achieved(TARGET, Decimal(96)), Achieved(TARGET, Decimal(97)))
        with pytest.raises(pp.InvalidInput, match=r"Evaluated\.achieved: .* twice"):
            attrs.evolve(C.evaluated, achieved=twice)

    def test_the_new_events_are_steps_of_the_contract(self) -> None:
        """Amended and ContractPublished follow a contract and keep it under way."""
        project = contracted()
        assert {E.Amended, E.ContractPublished} <= WF.allowed(project)
        after = WF.apply(
            project, E.ContractPublished(at=C.contracted.at + timedelta(days=1))
        )
        after = WF.apply(after, supplement(10, 38_000))
        assert after.stage is pp.Stage.CONTRACTED
        assert after.supplemented == Decimal(38_000)
        assert after.published is not None


class TestContractSupplement:
    def test_a_supplement_within_a_tenth_passes(self) -> None:
        """38,000 yuan added to a 760,000 contract (5 %) passes gpl Art 49."""
        found = result(contracted(), supplement(10, 38_000), "contract.supplement")
        assert found.verdict is V.PASSED
        assert documents(found) == ["gpl"]

    def test_a_second_supplement_bringing_the_total_to_eleven_percent_is_refused(
        self,
    ) -> None:
        """5 % then 6 %: 83,600 of 760,000 (11 %) is refused; 76,000 is the most."""
        project = WF.apply(contracted(), supplement(10, 38_000))
        second = supplement(20, 45_600)
        with pytest.raises(pp.TransitionRefused) as refused:
            WF.apply(project, second)
        (violation,) = refused.value.violations
        assert violation.rule.id == "contract.supplement"
        assert "83,600.00 yuan (11.0% of the contract's 760,000.00 yuan)" in (
            violation.message
        )
        assert "45,600.00 now and 38,000.00 before" in violation.message
        assert "at most 10%, 76,000.00 yuan (gpl Art 49)" in violation.message
        assert [(c.document, c.article) for c in violation.basis] == [("gpl", "Art 49")]
        assert violation.basis[0].provenance is pp.Provenance.TEXT

    def test_the_total_may_reach_exactly_a_tenth(self) -> None:
        """38,000 then 38,000: 76,000 is 10 % exactly, which passes."""
        project = WF.apply(contracted(), supplement(10, 38_000))
        assert WF.check(project, supplement(20, 38_000)) == ()

    def test_a_renewal_is_a_new_contract_with_no_supplement(self) -> None:
        """Supplements count per contract period: a renewal starts from none."""
        project = contracted(supplement(10, 76_000))
        assert project.supplemented == Decimal(76_000)
        renewed = fold(
            (
                *project.history,
                *C[6:10],
                E.Renewed(
                    at=datetime(2016, 4, 6, 9),
                    start=date(2016, 4, 1),
                    end=date(2017, 3, 31),
                    amount=Decimal(760_000),
                ),
            )
        )
        assert renewed.supplemented == 0
        assert (
            WF.check(
                renewed, attrs.evolve(supplement(0, 76_000), at=datetime(2016, 5, 1))
            )
            == ()
        )

    def test_a_supplement_beyond_the_budget_is_refused(self) -> None:
        """The budget bounds the contract with its supplements (预算法 Art 13)."""
        project = fold(C[:6])  # a budget of 800,000 for a contract of 760,000
        found = result(project, supplement(10, 40_001), "contract.within_budget")
        assert found.verdict is V.FAILED
        assert "800,040.00" not in found.message
        assert "800,001.00 yuan exceeds the budget of 800,000.00" in found.message
        assert (
            result(project, supplement(10, 40_000), "contract.within_budget").verdict
            is V.PASSED
        )

    def test_the_payment_may_include_what_the_supplements_added(self) -> None:
        """A 90-point period pays the contract and its supplement, no more."""
        project = fold((*contracted(supplement(10, 38_000)).history, *C[6:9]))
        assert WF.check(project, attrs.evolve(C.settled, paid=Decimal(798_000))) == ()
        over = attrs.evolve(C.settled, paid=Decimal("798000.01"))
        found = result(project, over, "settlement.payment")
        assert found.verdict is V.FAILED
        assert "798,000.00" in found.message

    def test_the_requirement_gives_what_may_still_be_added(self) -> None:
        """After 38,000 of 76,000, a supplement of 38,000 more at most."""
        project = contracted(supplement(10, 38_000))
        need = next(
            r
            for r in WF.requirements(project, E.Amended)
            if r.rule.id == "contract.supplement"
        )
        assert need.bound == "38,000.00"
        assert "at most 10% of the contract's 760,000.00 yuan" in need.message
        before = next(
            r
            for r in WF.requirements(fold(C[:2]), E.Amended)
            if r.rule.id == "contract.supplement"
        )
        assert before.bound == ""

    def test_no_cap_in_force_does_not_reach_a_supplement(self) -> None:
        """A framework without gpl's cap leaves supplements unjudged."""
        loose = pp.Workflow(pp.PolicyFramework(()))
        assert (
            result(
                contracted(), supplement(10, 500_000), "contract.supplement", loose
            ).verdict
            is V.NOT_APPLICABLE
        )
        assert (
            result(fold(C[:2]), supplement(10, 1), "contract.supplement").verdict
            is V.NOT_APPLICABLE
        )


class TestContractPublished:
    def test_a_contract_published_within_two_working_days_passes(self) -> None:
        """Signed Friday 2015-03-20, published Tuesday 03-24: two working days."""
        found = result(
            fold(C[:6]),
            E.ContractPublished(at=datetime(2015, 3, 24, 9)),
            "contract.published",
        )
        assert found.verdict is V.PASSED
        assert documents(found) == ["gpl", "gpl-reg"]

    def test_a_contract_published_on_the_third_working_day_is_refused(self) -> None:
        """Published Wednesday 03-25, three working days after signing: refused."""
        found = result(
            fold(C[:6]),
            E.ContractPublished(at=datetime(2015, 3, 25, 9)),
            "contract.published",
        )
        assert found.verdict is V.FAILED
        assert (
            "signed 2015-03-20 was published 2015-03-25, 3 working days later"
            in found.message
        )
        assert "at most 2 are allowed (gpl-reg Art 50" in found.message
        assert "ASSUMED" not in found.message
        law, regulation = found.basis
        assert (law.document, law.article) == ("gpl", "Art 11")
        assert (regulation.document, regulation.article) == ("gpl-reg", "Art 50")
        assert regulation.provenance is pp.Provenance.REPORTED
        assert "law's Art 50" in regulation.note

    def test_a_publication_on_a_day_off_after_the_last_working_day_is_refused(
        self,
    ) -> None:
        """Signed Wednesday 2015-04-15, due Friday 04-17: Saturday 04-18 is late.

        Only two working days (Thursday and Friday) have passed by the
        Saturday, but the period ended on the Friday, the day the requirement
        names (found by the designed-steps property test).
        """
        signed_wednesday = (date(2015, 4, 15) - C.contracted.day).days
        project = fold(shifted(C[:6], signed_wednesday))
        on_friday = E.ContractPublished(at=datetime(2015, 4, 17, 9))
        on_saturday = E.ContractPublished(at=datetime(2015, 4, 18, 9))
        assert result(project, on_friday, "contract.published").verdict is V.PASSED
        found = result(project, on_saturday, "contract.published")
        assert found.verdict is V.FAILED
        assert (
            "signed 2015-04-15 was published 2015-04-18, a day off after "
            "2015-04-17, the last of the 2 working days allowed (gpl-reg Art 50"
        ) in found.message
        assert dict(found.facts)["working_days"] == "2"
        need = next(
            r
            for r in WF.requirements(project, E.ContractPublished)
            if r.rule.id == "contract.published"
        )
        assert need.bound == "2015-04-17"  # the guard and its requirement agree

    @given(
        st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)),
        st.integers(min_value=0, max_value=10),
        st.integers(min_value=-4, max_value=4),
    )
    def test_on_time_is_no_later_than_the_last_working_day(
        self, signed: date, most: int, around: int
    ) -> None:
        """The guard's test is ``day <= add_working_days(signed, most)``, exactly.

        Days a few either side of the last day (where a day off after it
        lies), never before the signing; over the official schedule's years
        and the weekday-only ones after them, zero working days allowed too.
        """
        latest = add_working_days(signed, most)
        day = max(signed, latest + timedelta(days=around))
        elapsed = working_days_between(signed, day)
        assert within_working_days(signed, day, most, elapsed) is (day <= latest)

    def test_with_no_working_day_allowed_the_day_of_signing_is_on_time(self) -> None:
        """A document allowing 0 working days: the signing day itself, even a day off.

        Signed and published on Sunday 2015-04-19 (a day off): on time, since
        ``add_working_days(day, 0)`` is the day itself; published the Monday
        after, late.
        """
        same_day = pp.PolicyDocument(
            id="ay-same-day",
            title=Label("当日公告", "Published the day it is signed"),
            layer=pp.Layer.SUPPORTING,
            effective=date(2015, 1, 1),
            sets=pp.Overrides(max_working_days_to_publish_contract=0),
        )
        strict = pp.Workflow(pp.presets.anyang().with_document(same_day))
        sunday = (date(2015, 4, 19) - C.contracted.day).days
        project = fold(shifted(C[:6], sunday))
        on_sunday = E.ContractPublished(at=datetime(2015, 4, 19, 18))
        on_monday = E.ContractPublished(at=datetime(2015, 4, 20, 9))
        assert (
            result(project, on_sunday, "contract.published", strict).verdict is V.PASSED
        )
        late = result(project, on_monday, "contract.published", strict)
        assert late.verdict is V.FAILED
        assert "1 working days later; at most 0 are allowed" in late.message

    def test_working_days_follow_the_official_schedule(self) -> None:
        """Signed 2016-09-30: the National Day week is off, Sunday 10-09 is worked."""
        days = (date(2016, 9, 30) - C.contracted.day).days
        project = fold(shifted(C[:6], days))
        on_time = E.ContractPublished(at=datetime(2016, 10, 9, 9))
        late = E.ContractPublished(at=datetime(2016, 10, 10, 9))
        assert result(project, on_time, "contract.published").verdict is V.PASSED
        assert (
            "3 working days later"
            in result(project, late, "contract.published").message
        )

    def test_an_evaluation_without_a_recorded_publication_is_undetermined(self) -> None:
        """No publication before the evaluation: undetermined, the due day named."""
        found = result(fold(C[:8]), C.evaluated, "contract.published")
        assert found.verdict is V.UNDETERMINED
        assert found.unknown == "ContractPublished"
        assert "due within 2 working days, by 2015-03-24" in found.message
        assert documents(found) == ["gpl", "gpl-reg"]

    def test_an_evaluation_after_the_publication_does_not_judge_it_again(self) -> None:
        """Once published, the evaluation leaves the rule to the publication."""
        published = E.ContractPublished(at=datetime(2015, 3, 23, 9))
        project = fold((*C[:6], published, *C[6:8]))
        assert (
            result(project, C.evaluated, "contract.published").verdict
            is V.NOT_APPLICABLE
        )
        again = E.ContractPublished(at=datetime(2015, 6, 1, 9))
        assert (
            result(fold((*C[:6], published)), again, "contract.published").verdict
            is V.NOT_APPLICABLE
        )
        assert fold((*C[:6], published, again)).published == published

    def test_before_the_regulation_no_publication_deadline_applies(self) -> None:
        """In 2014 (gpl-reg is in force from 2015-03-01) the rule does not reach."""
        project = fold(shifted(C[:8], -700))
        evaluated = shifted((C.evaluated,), -700)[0]  # 2014-04-25
        assert (
            result(project, evaluated, "contract.published").verdict is V.NOT_APPLICABLE
        )
        need = next(
            r
            for r in WF.requirements(project, E.ContractPublished)
            if r.rule.id == "contract.published"
        )
        assert need.bound == ""

    def test_outside_the_known_years_the_message_says_it_fell_back(self) -> None:
        """In 2030 the schedule is unknown: weekends only (ASSUMED), and it says so."""
        days = (date(2030, 3, 22) - C.contracted.day).days  # a Friday
        project = fold(shifted(C[:6], days))
        late = E.ContractPublished(at=datetime(2030, 3, 27, 9))
        found = result(project, late, "contract.published")
        assert found.verdict is V.FAILED
        assert "3 working days later" in found.message
        assert "Monday to Friday (ASSUMED)" in found.message
        evaluated = fold(shifted(C[:8], days))
        later = shifted((C.evaluated,), days)[0]
        assert "(ASSUMED)" in result(evaluated, later, "contract.published").message

    def test_the_requirement_gives_the_last_day(self) -> None:
        """Signed 2015-03-20: publish no later than 2015-03-24."""
        need = next(
            r
            for r in WF.requirements(fold(C[:6]), E.ContractPublished)
            if r.rule.id == "contract.published"
        )
        assert need.bound == "2015-03-24"
        assert "2 working days after signing on 2015-03-20" in need.message


class TestAddOn:
    ADD_ON = E.ProcurementStarted(
        at=C.started.at,
        method=pp.Method.SINGLE_SOURCE,
        grounds=frozenset({pp.MethodGround.ADD_ON}),
        original_contract=Decimal(8_000_000),
    )

    def test_an_add_on_of_a_tenth_of_the_original_contract_passes(self) -> None:
        """800,000 yuan added to an 8,000,000 contract (10 %) passes."""
        found = result(fold(C[:3]), self.ADD_ON, "method.add_on")
        assert found.verdict is V.PASSED
        assert documents(found) == ["gpl"]

    def test_an_add_on_above_a_tenth_is_refused(self) -> None:
        """800,000 yuan against a 7,000,000 contract (11.4 %) is refused."""
        event = attrs.evolve(self.ADD_ON, original_contract=Decimal(7_000_000))
        found = result(fold(C[:3]), event, "method.add_on")
        assert found.verdict is V.FAILED
        assert (
            "the add-on of 800,000.00 yuan is 11.4% of the original contract's "
            "7,000,000.00 yuan" in found.message
        )
        assert "at most 10%, 700,000.00 yuan" in found.message
        (basis,) = found.basis
        assert (basis.document, basis.article) == ("gpl", "Art 31(3)")
        assert basis.provenance is pp.Provenance.REPORTED

    def test_an_add_on_without_the_original_contract_is_undetermined(self) -> None:
        """Without ProcurementStarted.original_contract the share is unknown."""
        event = attrs.evolve(self.ADD_ON, original_contract=None)
        found = result(fold(C[:3]), event, "method.add_on")
        assert found.verdict is V.UNDETERMINED
        assert found.unknown == "ProcurementStarted.original_contract"
        assert "an add-on of 800,000.00 yuan may cost at most 10%" in found.message

    def test_a_purchase_that_is_not_an_add_on_is_not_reached(self) -> None:
        """A consultation grounded on nothing is not an add-on."""
        assert (
            result(fold(C[:3]), C.started, "method.add_on").verdict is V.NOT_APPLICABLE
        )
        loose = pp.Workflow(pp.PolicyFramework(()))
        assert (
            result(fold(C[:3]), self.ADD_ON, "method.add_on", loose).verdict
            is V.NOT_APPLICABLE
        )

    def test_the_requirement_gives_the_share(self) -> None:
        """The requirement names the share of the original contract."""
        need = next(
            r
            for r in WF.requirements(fold(C[:3]), E.ProcurementStarted)
            if r.rule.id == "method.add_on"
        )
        assert need.bound == "10%"


class TestTenderPeriod:
    def consultation(self, deadline: date | None) -> E.ProcurementStarted:
        return attrs.evolve(C.started, deadline=deadline)

    def test_a_consultation_with_a_nine_day_response_period_is_refused(self) -> None:
        """Documents issued 2015-02-16, responses due 02-25: 9 days, 10 needed."""
        with pytest.raises(pp.TransitionRefused) as refused:
            WF.apply(fold(C[:3]), self.consultation(date(2015, 2, 25)))
        (violation,) = refused.value.violations
        assert violation.rule.id == "tender.period"
        assert (
            "leaves 9 days to respond "
            "(documents issued 2015-02-16, deadline 2015-02-25)" in violation.message
        )
        assert "at least 10 are required (ck-2014-214 Art 10" in violation.message
        assert documents(violation) == ["gpl", "mof-74", "ck-2014-214"]
        ck = violation.basis[2]
        assert (ck.article, ck.provenance) == ("Art 10", pp.Provenance.REPORTED)

    def test_a_consultation_with_ten_days_passes(self) -> None:
        """Responses due 2015-02-26, ten days after issue: passes."""
        found = result(
            fold(C[:3]), self.consultation(date(2015, 2, 26)), "tender.period"
        )
        assert found.verdict is V.PASSED

    def test_with_a_deadline_the_award_waits_for_it(self) -> None:
        """The period is judged at the start; the award may not precede the deadline."""
        project = fold((*C[:3], self.consultation(date(2015, 2, 26))))
        quick = attrs.evolve(C.awarded, at=datetime(2015, 2, 20, 9))
        found = result(project, quick, "tender.period")
        assert found.verdict is V.FAILED
        assert "before the response deadline 2015-02-26" in found.message
        assert "早于响应截止日期2015-02-26" in found.zh
        on_time = attrs.evolve(C.awarded, at=datetime(2015, 2, 26, 9))
        assert result(project, on_time, "tender.period").verdict is V.PASSED

    def test_without_a_deadline_the_start_leaves_it_to_the_award(self) -> None:
        """No deadline at the start: not judged there."""
        assert (
            result(fold(C[:3]), C.started, "tender.period").verdict is V.NOT_APPLICABLE
        )

    def test_without_a_deadline_an_award_too_soon_is_refused(self) -> None:
        """A consultation awarded 9 days after issue cannot have left 10."""
        found = result(
            fold(C[:4]),
            attrs.evolve(C.awarded, at=datetime(2015, 2, 25, 9)),
            "tender.period",
        )
        assert found.verdict is V.FAILED
        assert (
            "the award on 2015-02-25 came 9 days after "
            "the documents were issued (2015-02-16)" in found.message
        )
        assert "so no award before 2015-02-26" in found.message

    def test_without_a_deadline_a_later_award_is_undetermined(self) -> None:
        """Awarded 22 days after issue: the deadline is unknown, so undetermined."""
        found = result(fold(C[:4]), C.awarded, "tender.period")
        assert found.verdict is V.UNDETERMINED
        assert found.unknown == "ProcurementStarted.deadline"
        assert "to 2015-02-26 or later" in found.message

    def test_negotiation_counts_three_working_days(self) -> None:
        """Issued 2016-09-30: due 10-09 is 2 working days (refused), 10-10 is 3."""
        days = (date(2016, 9, 30) - C.started.day).days
        opening = shifted(C[:3], days)
        negotiation = E.ProcurementStarted(
            at=datetime(2016, 9, 30, 9),
            method=pp.Method.COMPETITIVE_NEGOTIATION,
            grounds=frozenset({pp.MethodGround.TECHNICALLY_COMPLEX}),
            deadline=date(2016, 10, 9),
        )
        found = result(fold(opening), negotiation, "tender.period")
        assert found.verdict is V.FAILED
        assert "leaves 2 working days to respond" in found.message
        assert "at least 3 are required (mof-74 Art 29; Art 45" in found.message
        mof = next(c for c in found.basis if c.document == "mof-74")
        assert mof.provenance is pp.Provenance.REPORTED
        assert "unconfirmed" in mof.note
        enough = attrs.evolve(negotiation, deadline=date(2016, 10, 10))
        assert result(fold(opening), enough, "tender.period").verdict is V.PASSED

    def test_a_request_for_quotations_awarded_too_soon_is_refused(self) -> None:
        """Quotations issued Friday 2015-03-06, awarded Tuesday: 2 working days."""
        started = E.ProcurementStarted(
            at=datetime(2015, 3, 6, 9), method=pp.Method.REQUEST_FOR_QUOTATIONS
        )
        project = fold((*C[:3], started))
        found = result(
            project,
            attrs.evolve(C.awarded, at=datetime(2015, 3, 10, 9)),
            "tender.period",
        )
        assert found.verdict is V.FAILED
        assert "came 2 working days after" in found.message
        assert "no award before 2015-03-11" in found.message

    def test_a_single_source_has_no_response_period(self) -> None:
        """Single source: not reached."""
        single = attrs.evolve(TestAddOn.ADD_ON, deadline=date(2015, 2, 17))
        assert result(fold(C[:3]), single, "tender.period").verdict is V.NOT_APPLICABLE
        assert (
            result(fold((*C[:3], single)), C.awarded, "tender.period").verdict
            is V.NOT_APPLICABLE
        )

    def test_an_award_without_a_procedure_is_not_reached(self) -> None:
        """An award out of order (no procedure) leaves the period to stage.order."""
        assert (
            result(fold(C[:3]), C.awarded, "tender.period").verdict is V.NOT_APPLICABLE
        )

    def test_the_requirement_gives_the_earliest_award(self) -> None:
        """A consultation issued 2015-02-16 may be awarded from 2015-02-26."""
        need = next(
            r
            for r in WF.requirements(fold(C[:4]), E.Awarded)
            if r.rule.id == "tender.period"
        )
        assert need.bound == "2015-02-26"
        before = next(
            r
            for r in WF.requirements(fold(C[:3]), E.ProcurementStarted)
            if r.rule.id == "tender.period"
        )
        assert (
            "at least 20 days for a tender, 10 for a consultation and 3 working days"
            in before.message
        )


class TestEvaluationWeights:
    def third_party(self, weight: str) -> E.Evaluated:
        return attrs.evolve(
            C.evaluated,
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.THIRD_PARTY,
                internal_score=Decimal(90),
                external_score=Decimal(88),
                internal_weight=Decimal(weight),
                third_party="某评估公司",
            ),
        )

    def test_a_third_party_evaluation_weighted_as_the_rules_say_passes(self) -> None:
        """Internal 0.4, third party 0.6, as ay-evaluation says: passes."""
        found = result(fold(C[:8]), self.third_party("0.4"), "evaluation.weights")
        assert found.verdict is V.PASSED

    def test_a_third_party_evaluation_weighted_half_under_a_preset_of_0_4_is_refused(
        self,
    ) -> None:
        """Weighting the internal score 0.5 where the rules say 0.4 is refused."""
        with pytest.raises(pp.TransitionRefused) as refused:
            WF.apply(fold(C[:8]), self.third_party("0.5"))
        (violation,) = refused.value.violations
        assert violation.rule.id == "evaluation.weights"
        assert (
            "weighs the internal score 0.5 and the third party's 0.5"
            in violation.message
        )
        assert "the rules in force say 0.4 and 0.6" in violation.message
        assert documents(violation) == ["ay-evaluation"]
        assert violation.basis[0].provenance is pp.Provenance.REPORTED

    def test_an_internal_evaluation_or_no_rule_on_weights_is_not_reached(self) -> None:
        """An internal evaluation weighs itself alone; national rules set no weight."""
        assert (
            result(fold(C[:8]), C.evaluated, "evaluation.weights").verdict
            is V.NOT_APPLICABLE
        )
        found = result(
            fold(C[:8]), self.third_party("0.5"), "evaluation.weights", NATIONAL
        )
        assert found.verdict is V.NOT_APPLICABLE

    def test_the_requirement_gives_the_weight(self) -> None:
        """The requirement gives the weight in force, or says none is set."""
        need = next(
            r
            for r in WF.requirements(fold(C[:8]), E.Evaluated)
            if r.rule.id == "evaluation.weights"
        )
        assert need.bound == "0.4"
        none = next(
            r
            for r in NATIONAL.requirements(fold(C[:8]), E.Evaluated)
            if r.rule.id == "evaluation.weights"
        )
        assert none.bound == ""


SYSTEM = IndicatorSystem(
    (
        Indicator(
            name=Label(TARGET, "Cleaning pass rate"), points=60, target=95, unit="%"
        ),
        Indicator(
            name=Label("投诉次数", "Complaints"),
            points=40,
            target=2,
            direction=Direction.LOWER_IS_BETTER,
        ),
    )
)
"""60 points for the budget's target, 40 for complaints (two at most)."""


class TestEvaluationTargets:
    def test_an_evaluation_that_reports_every_target_passes(self) -> None:
        """The cleaning rate reported achieved at 96 %: passes."""
        event = attrs.evolve(C.evaluated, achieved=(Achieved(TARGET, Decimal(96)),))
        found = result(fold(C[:8]), event, "evaluation.targets")
        assert found.verdict is V.PASSED
        assert documents(found) == ["ay-evaluation"]

    def test_a_missed_target_reported_is_not_a_breach_of_the_rule(self) -> None:
        """Reported at 80 % against 95 %: the rule is about reporting; it passes."""
        event = attrs.evolve(C.evaluated, achieved=(Achieved(TARGET, Decimal(80)),))
        assert result(fold(C[:8]), event, "evaluation.targets").verdict is V.PASSED

    def test_an_evaluation_that_does_not_report_a_target_is_undetermined(self) -> None:
        """No achieved value for 道路保洁达标率 %: undetermined, the target named."""
        found = result(fold(C[:8]), C.evaluated, "evaluation.targets")
        assert found.verdict is V.UNDETERMINED
        assert found.unknown == "Evaluated.achieved"
        assert f"does not report the achieved value of {TARGET}" in found.message

    def third_party(self, external: str, *achieved: Achieved) -> E.Evaluated:
        return attrs.evolve(
            C.evaluated,
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.THIRD_PARTY,
                internal_score=Decimal(90),
                external_score=Decimal(external),
                internal_weight=Decimal("0.4"),
            ),
            achieved=achieved,
            indicators=SYSTEM,
        )

    REPORT = (Achieved(TARGET, Decimal(76)), Achieved("Complaints", Decimal(4)))
    """76 % of 95 % earns 48 of 60; 4 complaints for 2 earn 20 of 40: 68.00."""

    def test_the_indicator_systems_score_is_the_one_used(self) -> None:
        """A third party scoring 68.00, the system's score of the values, passes."""
        found = result(
            fold(C[:8]), self.third_party("68", *self.REPORT), "evaluation.targets"
        )
        assert found.verdict is V.PASSED

    def test_a_score_other_than_the_indicator_systems_is_refused(self) -> None:
        """A third party scoring 85 where the system gives 68.00 is refused."""
        found = result(
            fold(C[:8]), self.third_party("85", *self.REPORT), "evaluation.targets"
        )
        assert found.verdict is V.FAILED
        assert (
            "scores the reported values 68.00 points, but the third party's score is 85"
            in found.message
        )

    def test_an_internal_evaluation_uses_the_system_for_its_own_score(self) -> None:
        """An internal evaluation's score is compared with the system's."""
        event = attrs.evolve(
            self.third_party("68", *self.REPORT),
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(90)
            ),
        )
        found = result(fold(C[:8]), event, "evaluation.targets")
        assert found.verdict is V.FAILED
        assert "the internal score is 90" in found.message

    def test_an_indicator_without_a_value_is_undetermined(self) -> None:
        """The system's complaints indicator unreported: undetermined, named."""
        found = result(
            fold(C[:8]), self.third_party("68", self.REPORT[0]), "evaluation.targets"
        )
        assert found.verdict is V.UNDETERMINED
        assert "Complaints" in found.message

    def test_values_the_system_cannot_score_are_refused(self) -> None:
        """A negative count of complaints cannot be scored."""
        report = (self.REPORT[0], Achieved("投诉次数", Decimal(-1)))
        found = result(
            fold(C[:8]), self.third_party("68", *report), "evaluation.targets"
        )
        assert found.verdict is V.FAILED
        assert "cannot score the reported values" in found.message

    def test_where_targets_are_not_part_of_the_process_the_rule_does_not_reach(
        self,
    ) -> None:
        """The national rules alone, or a budget without targets: not reached."""
        assert (
            result(fold(C[:8]), C.evaluated, "evaluation.targets", NATIONAL).verdict
            is V.NOT_APPLICABLE
        )
        bare = fold((C.drafted, attrs.evolve(C.budgeted, targets=()), *C[2:8]))
        assert (
            result(bare, C.evaluated, "evaluation.targets").verdict is V.NOT_APPLICABLE
        )

    def test_the_requirement_lists_the_targets(self) -> None:
        """The requirement names every target to report."""
        need = next(
            r
            for r in WF.requirements(fold(C[:8]), E.Evaluated)
            if r.rule.id == "evaluation.targets"
        )
        assert need.bound == TARGET
        none = next(
            r
            for r in NATIONAL.requirements(fold(C[:8]), E.Evaluated)
            if r.rule.id == "evaluation.targets"
        )
        assert none.bound == ""


class TestCostComparison:
    def test_a_service_that_costs_less_than_before_passes(self) -> None:
        """Paid 760,000 against 950,000 before: passes."""
        found = result(fold(C[:9]), C.settled, "settlement.cost_comparison")
        assert found.verdict is V.PASSED
        assert documents(found) == ["ay-evaluation"]

    def dearer(self) -> pp.Project:
        """The cleaning project with a cost before purchase of 700,000."""
        cheap = attrs.evolve(C.budgeted, cost_before=Decimal(700_000))
        return fold((C.drafted, cheap, *C[2:9]))

    def test_a_service_that_costs_more_without_a_reason_is_refused(self) -> None:
        """Paid 760,000 against 700,000 before, no reason: refused."""
        with pytest.raises(pp.TransitionRefused) as refused:
            WF.apply(self.dearer(), C.settled)
        (violation,) = refused.value.violations
        assert violation.rule.id == "settlement.cost_comparison"
        assert (
            "cost 760,000.00 yuan, 60,000.00 more than the 700,000.00 yuan"
            in violation.message
        )
        assert documents(violation) == ["ay-evaluation"]
        assert violation.basis[0].provenance is pp.Provenance.REPORTED

    def test_a_reason_explains_a_higher_cost(self) -> None:
        """The same payment with a reason passes."""
        explained = attrs.evolve(C.settled, cost_reason="服务范围扩大到背街小巷")
        assert WF.check(self.dearer(), explained) == ()

    def test_without_the_cost_before_it_is_undetermined(self) -> None:
        """No Budgeted.cost_before: undetermined, the fact named."""
        unknown = fold((C.drafted, attrs.evolve(C.budgeted, cost_before=None), *C[2:9]))
        found = result(unknown, C.settled, "settlement.cost_comparison")
        assert found.verdict is V.UNDETERMINED
        assert found.unknown == "Budgeted.cost_before"

    def test_the_national_rules_alone_do_not_require_it(self) -> None:
        """Not reached under the national preset, nor without a budget."""
        assert (
            result(
                self.dearer(), C.settled, "settlement.cost_comparison", NATIONAL
            ).verdict
            is V.NOT_APPLICABLE
        )
        assert (
            result(fold(C[:1]), C.settled, "settlement.cost_comparison").verdict
            is V.NOT_APPLICABLE
        )

    def test_the_requirement_gives_the_cost_before(self) -> None:
        """The requirement names the cost before purchase."""
        need = next(
            r
            for r in WF.requirements(self.dearer(), E.Settled)
            if r.rule.id == "settlement.cost_comparison"
        )
        assert need.bound == "700,000.00"
        none = next(
            r
            for r in NATIONAL.requirements(self.dearer(), E.Settled)
            if r.rule.id == "settlement.cost_comparison"
        )
        assert none.bound == ""


class TestPresets:
    def test_the_national_documents_set_the_new_figures(self) -> None:
        """gpl, gpl-reg, ck-2014-214 and mof-74 set the figures of the new rules."""
        rules = pp.presets.national().at(date(2016, 1, 1))
        p = rules.parameters
        assert (p.max_supplement_ratio, p.max_add_on_ratio) == (
            Decimal("0.1"),
            Decimal("0.1"),
        )
        assert p.max_working_days_to_publish_contract == 2
        assert (p.min_consultation_days, p.min_response_working_days) == (10, 3)
        assert (
            rules.source("max_working_days_to_publish_contract").document == "gpl-reg"
        )
        assert rules.source("min_response_working_days").document == "mof-74"

    def test_mof_74_is_in_force_from_february_2014(self) -> None:
        """财政部令第74号 took effect on 2014-02-01."""
        framework = pp.presets.national()
        assert framework.at(date(2014, 1, 31)).parameters.min_response_working_days == 0
        assert framework.at(date(2014, 2, 1)).parameters.min_response_working_days == 3
        doc = next(d for d in framework.documents if d.id == "mof-74")
        assert doc.provenance is pp.Provenance.REPORTED

    def test_the_consultation_period_outlives_the_supplementary_notice(self) -> None:
        """ck-2015-124 takes 214's place for services, keeping its ten days."""
        assert (
            pp.presets.anyang().at(date(2020, 1, 1)).parameters.min_consultation_days
            == 10
        )


DETERMINISTIC = settings(max_examples=60, derandomize=True, database=None)
"""For the tests that reach every branch of the designer: the same run each time."""


class TestDesigner:
    """The testing kit designs the new events and fields with their verdicts."""

    def design(
        self, data: st.DataObject, project: pp.Project, designer: str
    ) -> tuple[driver.Step, frozenset[str], driver._Context]:
        context = driver._Context(
            data.draw, WF, project, loose=data.draw(st.booleans())
        )
        step = getattr(driver, designer)(context)
        found = frozenset(v.rule.id for v in WF.check(project, step.event))
        return step, found, context

    @DETERMINISTIC
    @given(st.data())
    def test_designed_procedures_break_what_they_say(self, data: st.DataObject) -> None:
        """Deadlines and add-ons: a designed start breaks exactly what it says."""
        step, found, _ = self.design(data, fold(C[:3]), "_procurement_started")
        assert step.breaks == found

    @DETERMINISTIC
    @given(st.data())
    def test_designed_awards_break_what_they_say(self, data: st.DataObject) -> None:
        """A consultation's award: ten days after issue, or fewer to break it."""
        step, found, _ = self.design(data, fold(C[:4]), "_awarded")
        assert step.breaks == found

    @DETERMINISTIC
    @given(st.data())
    def test_designed_supplements_and_publications_break_what_they_say(
        self, data: st.DataObject
    ) -> None:
        """Supplements within the tenth and the budget, publications in time."""
        for designer in ("_amended", "_contract_published"):
            step, found, _ = self.design(data, contracted(), designer)
            assert step.breaks == found

    @DETERMINISTIC
    @given(st.data())
    def test_designed_evaluations_and_payments_break_what_they_say(
        self, data: st.DataObject
    ) -> None:
        """Weights as the rules say; a dearer service says why, or breaks the rule."""
        third = fold((attrs.evolve(C.drafted, scope=pp.Scope.CITYWIDE), *C[1:8]))
        step, found, _ = self.design(data, third, "_evaluated")
        assert step.breaks == found
        cheap = attrs.evolve(C.budgeted, cost_before=Decimal(700_000))
        step, found, _ = self.design(
            data, fold((C.drafted, cheap, *C[2:9])), "_settled"
        )
        assert step.breaks == found

    @DETERMINISTIC
    @given(st.data(), st.sampled_from(("0.1", "0.000000000001")))
    def test_an_add_on_cut_short_is_too_small_and_still_an_amount(
        self, data: st.DataObject, ratio: str
    ) -> None:
        """The original contract designed short makes the add-on exceed its share."""
        context = driver._Context(data.draw, WF, fold(C[:3]), loose=True)
        share = Decimal(ratio)
        original = driver._original_contract(
            context, Decimal(800_000), share, short=True
        )
        assert original is not None
        assert Decimal(0) < original < Decimal(10) ** 15
        assert original * share < Decimal(800_000)

    def test_without_a_cap_the_budget_bounds_the_supplements(self) -> None:
        """No cap in force: what the budget leaves is the room."""
        room = driver._supplement_room(contracted(), pp.Parameters())
        assert room == Decimal(900_000 - 760_000)
