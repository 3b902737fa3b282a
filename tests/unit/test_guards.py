"""Every guard of the workflow: one case where it passes, one where it is broken.

Each broken case asserts the rule id and that the message names the figures.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.presets.anyang import STREET_LAMPS
from tests._lifecycle import BUYER, FIRM, TARGETS, cleaning_2015, lamps_2014

WF = pp.Workflow(pp.presets.anyang())
LIFE = cleaning_2015()
D, B, DI, PS, AW, CO, S1, S2, EV, SE, CL = LIFE


def before(index: int, events: list[E.Event] | None = None) -> pp.Project:
    """The project just before event ``index`` of a lifecycle."""
    return WF.replay((events or LIFE)[:index])


def ids(project: pp.Project, event: E.Event) -> list[str]:
    return [v.rule.id for v in WF.check(project, event)]


def only(project: pp.Project, event: E.Event, rule_id: str) -> pp.Violation:
    """The single violation of ``rule_id``, after checking it is the only one."""
    found = WF.check(project, event)
    assert [v.rule.id for v in found] == [rule_id], found
    return found[0]


def drafted(**changes: object) -> E.Drafted:
    return attrs.evolve(D, **changes)  # type: ignore[arg-type]


def budgeted(day: datetime, **changes: object) -> E.Budgeted:
    return attrs.evolve(B, at=day, **changes)  # type: ignore[arg-type]


class TestStageAndTime:
    def test_events_out_of_stage_are_refused(self) -> None:
        """An award at DRAFT names the stage and what it needs."""
        v = only(before(1), AW, "stage.order")
        assert "cannot follow stage DRAFT; it needs PROCURING" in v.message
        assert ("stage", "DRAFT") in v.facts

    def test_events_in_stage_pass(self) -> None:
        """Budgeting a drafted project passes."""
        assert WF.check(before(1), B) == ()

    def test_events_may_not_go_back_in_time(self) -> None:
        """A budget dated before the draft is refused with both times."""
        v = only(
            before(1),
            attrs.evolve(B, at=D.at - timedelta(days=1)),
            "history.chronology",
        )
        assert "2015-02-01 09:00:00" in v.message
        assert "2015-02-02 09:00:00" in v.message

    def test_same_instant_is_not_going_back(self) -> None:
        """Two events at the same moment are in order."""
        assert WF.check(before(1), attrs.evolve(B, at=D.at)) == ()


class TestBudgeting:
    def test_catalogue_listed_passes_for_a_listed_category(self) -> None:
        """Municipal sanitation is listed in 2015."""
        assert "catalogue.listed" not in ids(before(1), B)

    def test_catalogue_listed_refuses_an_unlisted_category(self) -> None:
        """Social work is not listed in 2014; the catalogue version is named."""
        p = WF.start(
            drafted(at=datetime(2014, 3, 1), category=pp.ServiceCategory.SOCIAL_WORK)
        )
        v = only(p, budgeted(datetime(2014, 3, 5)), "catalogue.listed")
        assert (
            "社工服务 (Social-work services) is not in the guiding catalogue"
            in v.message
        )
        assert "ay-catalogue-2014" in v.message

    def test_catalogue_listed_asks_for_the_item_when_only_items_are_listed(
        self,
    ) -> None:
        """In 2014 street sanitation is listed only as the street-lamp item."""
        p = WF.start(drafted(at=datetime(2014, 3, 1)))
        v = only(p, budgeted(datetime(2014, 3, 5)), "catalogue.listed")
        assert "only single items of 市政环卫" in v.message
        assert "Daily maintenance of urban street-lamp facilities" in v.message
        assert (
            WF.check(
                WF.start(drafted(at=datetime(2014, 3, 1), item=STREET_LAMPS)),
                budgeted(datetime(2014, 3, 5)),
            )
            == ()
        )

    def test_catalogue_listed_refuses_an_unlisted_item(self) -> None:
        """An item of an unlisted category is refused by name."""
        item = pp.CatalogueItem(
            "X-1",
            pp.Label("社区矫正", "Community correction"),
            pp.ServiceCategory.SOCIAL_WORK,
        )
        p = WF.start(
            drafted(
                at=datetime(2014, 3, 1),
                item=item,
                category=pp.ServiceCategory.SOCIAL_WORK,
            )
        )
        v = only(p, budgeted(datetime(2014, 3, 5)), "catalogue.listed")
        assert "Community correction" in v.message

    def test_catalogue_prohibited_refuses_the_negative_list(self) -> None:
        """Staffing is barred by Anyang from 2014, and the source is named."""
        p = WF.start(drafted(involves={pp.Prohibited.STAFFING}))
        v = only(p, B, "catalogue.prohibited")
        assert "ay-implementation" in v.message
        assert ("items", "STAFFING") in v.facts

    def test_catalogue_prohibited_follows_the_date(self) -> None:
        """Bundled works pass in 2015 and are refused after cy-2017-87."""
        p = WF.start(drafted(involves={pp.Prohibited.GOODS_OR_WORKS}))
        assert "catalogue.prohibited" not in ids(p, B)
        late = WF.start(
            drafted(at=datetime(2018, 1, 2), involves={pp.Prohibited.GOODS_OR_WORKS})
        )
        v = only(
            late,
            budgeted(datetime(2018, 1, 5), separate_line=True),
            "catalogue.prohibited",
        )
        assert "cy-2017-87" in v.message

    def test_purchaser_eligible(self) -> None:
        """A class-1 public institution may not buy services; a state organ may."""
        school = pp.Purchaser(
            "市第一中学", "教育局", pp.PurchaserKind.PUBLIC_INSTITUTION_CLASS1
        )
        v = only(WF.start(drafted(purchaser=school)), B, "purchaser.eligible")
        assert "公益一类事业单位" in v.message
        assert ("kind", "PUBLIC_INSTITUTION_CLASS1") in v.facts
        assert "purchaser.eligible" not in ids(before(1), B)

    def test_separate_budget_line_from_2016(self) -> None:
        """Off the separate line is refused in 2016, fine in 2015 and on the line."""
        p = WF.start(drafted(at=datetime(2016, 2, 1)))
        v = only(p, budgeted(datetime(2016, 2, 5)), "budget.separate_line")
        assert "ay-budget-2016" in v.message
        assert WF.check(p, budgeted(datetime(2016, 2, 5), separate_line=True)) == ()

    def test_targets_at_budgeting(self) -> None:
        """A budget without performance targets is refused."""
        v = only(before(1), attrs.evolve(B, targets=()), "budget.targets")
        assert "ay-process" in v.message


class TestProcurement:
    def test_disclosure_complete(self) -> None:
        """Procurement before the evaluation standards are published is refused."""
        partial = attrs.evolve(
            DI, items={pp.DisclosureItem.PROJECT, pp.DisclosureItem.CONTENT}
        )
        p = WF.apply(before(2), partial)
        v = only(p, PS, "disclosure.complete")
        assert "UNDERTAKER_REQUIREMENTS" in dict(v.facts)["missing"]
        assert "绩效评价标准" in v.message
        assert WF.check(before(3), PS) == ()

    def test_disclosure_accumulates_over_several_publications(self) -> None:
        """Two partial publications together satisfy the rule."""
        first = attrs.evolve(
            DI, items={pp.DisclosureItem.PROJECT, pp.DisclosureItem.CONTENT}
        )
        p = WF.apply(before(2), first)
        p = pp.project.advanced(p, attrs.evolve(DI, at=DI.at + timedelta(hours=1)))
        assert WF.check(p, PS) == ()

    def test_method_permitted_refuses_single_source_without_ground(self) -> None:
        """Single source for 800,000 yuan needs a ground; the amount is named."""
        v = only(
            before(3),
            attrs.evolve(PS, method=pp.Method.SINGLE_SOURCE),
            "method.permitted",
        )
        assert "800,000.00 yuan" in v.message
        assert "ONLY_ONE_SUPPLIER" in v.message
        with_ground = attrs.evolve(
            PS,
            method=pp.Method.SINGLE_SOURCE,
            grounds={pp.MethodGround.ONLY_ONE_SUPPLIER},
        )
        assert WF.check(before(3), with_ground) == ()

    def test_a_failed_tender_proves_no_qualified_bids(self) -> None:
        """After a failed open tender, negotiation needs no declared ground."""
        tender = attrs.evolve(PS, method=pp.Method.OPEN_TENDERING)
        p = WF.apply(before(3), tender)
        p = WF.apply(
            p, E.ProcurementFailed(at=datetime(2015, 3, 10), reason="只有两家投标")
        )
        negotiation = E.ProcurementStarted(
            at=datetime(2015, 3, 12), method=pp.Method.COMPETITIVE_NEGOTIATION
        )
        assert WF.check(p, negotiation) == ()
        assert p.failures[0][0] is pp.Method.OPEN_TENDERING
        assert "method.permitted" in ids(before(3), attrs.evolve(negotiation, at=PS.at))

    def test_tender_period(self) -> None:
        """An open tender awarded after 10 days is refused; 20 days pass."""
        p = WF.apply(before(3), attrs.evolve(PS, method=pp.Method.OPEN_TENDERING))
        v = only(p, attrs.evolve(AW, at=PS.at + timedelta(days=10)), "tender.period")
        assert "came 10 days after" in v.message
        assert "at least 20 days" in v.message
        assert WF.check(p, attrs.evolve(AW, at=PS.at + timedelta(days=20))) == ()

    def test_tender_period_of_a_consultation_is_ten_days(self) -> None:
        """A consultation awarded in five days is refused (ck-2014-214); ten pass."""
        v = only(
            before(4), attrs.evolve(AW, at=PS.at + timedelta(days=5)), "tender.period"
        )
        assert "at least 10 days" in v.message
        assert (
            WF.check(before(4), attrs.evolve(AW, at=PS.at + timedelta(days=10))) == ()
        )

    def test_tender_bidders(self) -> None:
        """Two bidders void a tender; two suppliers suffice in a later consultation."""
        p = WF.apply(before(3), attrs.evolve(PS, method=pp.Method.OPEN_TENDERING))
        v = only(p, attrs.evolve(AW, bidders=2), "tender.bidders")
        assert "2 bidder(s)" in v.message
        assert "at least 3" in v.message
        late = attrs.evolve(AW, at=datetime(2015, 7, 1), bidders=2)
        assert WF.check(before(4), late) == ()
        early = attrs.evolve(AW, bidders=2)
        assert "at least 3" in only(before(4), early, "tender.bidders").message
        assert WF.check(before(4), attrs.evolve(AW, bidders=None)) == ()

    def test_tender_bidders_not_counted_for_other_methods(self) -> None:
        """Single source has one supplier by nature."""
        single = attrs.evolve(
            PS,
            method=pp.Method.SINGLE_SOURCE,
            grounds={pp.MethodGround.ONLY_ONE_SUPPLIER},
        )
        p = WF.apply(before(3), single)
        assert WF.check(p, attrs.evolve(AW, bidders=1)) == ()

    def test_undertaker_eligible(self) -> None:
        """A class-1 institution, or a firm missing conditions, may not deliver."""
        school = pp.Undertaker(
            "市一中",
            pp.UndertakerKind.PUBLIC_INSTITUTION_CLASS1,
            frozenset(pp.SupplierCondition),
        )
        v = only(before(4), attrs.evolve(AW, undertaker=school), "undertaker.eligible")
        assert "公益一类事业单位" in v.message
        thin = attrs.evolve(FIRM, conditions={pp.SupplierCondition.CIVIL_LIABILITY})
        v = only(before(4), attrs.evolve(AW, undertaker=thin), "undertaker.eligible")
        assert "NO_MAJOR_VIOLATIONS" in v.message
        assert "gpl Art 22" in v.message

    def test_award_within_budget(self) -> None:
        """An award of 900,000 against a budget of 800,000 is 100,000 over."""
        v = only(
            before(4), attrs.evolve(AW, amount=Decimal(900_000)), "award.within_budget"
        )
        assert "exceeds the budget of 800,000.00 yuan by 100,000.00" in v.message
        assert WF.check(before(4), attrs.evolve(AW, amount=Decimal(800_000))) == ()


class TestContract:
    def test_contract_deadline(self) -> None:
        """Signing 40 days after the award is refused; 30 days pass."""
        v = only(
            before(5),
            attrs.evolve(CO, at=AW.at + timedelta(days=40)),
            "contract.deadline",
        )
        assert "40 days after the award" in v.message
        assert "at most 30" in v.message
        assert (
            WF.check(before(5), attrs.evolve(CO, at=AW.at + timedelta(days=30))) == ()
        )

    @pytest.mark.parametrize(
        ("end", "stable", "months"),
        [
            (date(2017, 3, 31), False, "24 months; a contract may run at most 12"),
            (
                date(2016, 4, 1),
                False,
                "12 months and 1 days; a contract may run at most 12",
            ),
            (
                date(2018, 4, 1),
                True,
                "36 months and 1 days; a stable, funded service may run at most 36",
            ),
        ],
    )
    def test_contract_term_refused(self, end: date, stable: bool, months: str) -> None:
        """Terms past the limit name their length in months and the limit."""
        v = only(before(5), attrs.evolve(CO, end=end, stable=stable), "contract.term")
        assert months in v.message

    @pytest.mark.parametrize(
        ("start", "end", "stable"),
        [
            (date(2015, 4, 1), date(2016, 3, 31), False),
            (date(2015, 3, 1), date(2016, 2, 29), False),
            (date(2015, 4, 1), date(2018, 3, 31), True),
        ],
    )
    def test_contract_term_allowed(self, start: date, end: date, stable: bool) -> None:
        """A year ends the day before its anniversary (inclusive end)."""
        assert (
            WF.check(before(5), attrs.evolve(CO, start=start, end=end, stable=stable))
            == ()
        )

    def test_a_term_from_29_february_ends_before_28_february(self) -> None:
        """From a leap day, one year runs to 2017-02-27 inclusive."""
        leap = attrs.evolve(
            CO, at=datetime(2016, 3, 20), start=date(2016, 2, 29), end=date(2017, 2, 27)
        )
        events: list[E.Event] = [
            attrs.evolve(e, at=e.at.replace(year=2016)) for e in LIFE[:5]
        ]
        events[1] = attrs.evolve(B, at=B.at.replace(year=2016), separate_line=True)
        p = WF.replay(events)
        assert WF.check(p, leap) == ()
        v = only(p, attrs.evolve(leap, end=date(2017, 2, 28)), "contract.term")
        assert "12 months" in v.message

    def test_a_close_out_supervision_after_the_period_is_accepted(self) -> None:
        """A record after the end, before the evaluation, belongs to the period."""
        late = attrs.evolve(S1, at=datetime(2016, 4, 2))
        assert WF.check(before(6), late) == ()

    def test_contract_within_budget(self) -> None:
        """A contract above the budget is refused with the excess."""
        v = only(
            before(5),
            attrs.evolve(CO, amount=Decimal(850_000)),
            "contract.within_budget",
        )
        assert "by 50,000.00" in v.message

    def test_supervision_within_term(self) -> None:
        """A daily evaluation before the contract starts is refused."""
        v = only(
            before(6),
            attrs.evolve(S1, at=datetime(2015, 3, 25)),
            "supervision.within_term",
        )
        assert (
            "2015-03-25 comes before the contract period 2015-04-01 to 2016-03-31"
            in (v.message)
        )
        assert WF.check(before(6), S1) == ()


class TestEvaluation:
    def big(self) -> list[E.Event]:
        """The lifecycle with a 1,200,000 yuan budget: a third party must evaluate."""
        events = list(LIFE)
        events[1] = attrs.evolve(B, amount=Decimal(1_200_000))
        return events

    def test_evaluator_must_be_a_third_party_for_big_projects(self) -> None:
        """An internal evaluation of a 1.2 million project is refused, with why."""
        v = only(before(8, self.big()), EV, "evaluation.evaluator")
        assert "1,200,000" in v.message
        third = attrs.evolve(
            EV,
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.THIRD_PARTY,
                internal_score=Decimal(90),
                external_score=Decimal(85),
                internal_weight=Decimal("0.4"),
            ),
        )
        assert WF.check(before(8, self.big()), third) == ()

    def test_internal_evaluation_is_fine_for_small_projects(self) -> None:
        """800,000 yuan at one site: the purchaser evaluates."""
        assert WF.check(before(8), EV) == ()

    def test_internal_score_must_agree_with_daily_scores(self) -> None:
        """70 against a daily mean of 90 is 20 points off; 5 are allowed."""
        off = attrs.evolve(
            EV,
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(70)
            ),
        )
        v = only(before(8), off, "evaluation.consistent")
        assert "differs from the mean daily score 90.00 by 20.00 points" in v.message
        assert "at most 5" in v.message

    def test_an_evaluation_without_daily_records_rests_on_nothing(self) -> None:
        """No Supervised event in the period: refused."""
        v = only(
            before(6),
            attrs.evolve(EV, at=datetime(2016, 3, 25)),
            "evaluation.consistent",
        )
        assert "no daily evaluation" in v.message

    def test_no_consistency_rule_without_a_tolerance(self) -> None:
        """Under national rules alone any internal score stands."""
        wf = pp.Workflow(
            pp.presets.national().with_document(
                pp.presets.anyang().document("ay-catalogue-2015")
            )
        )
        p = pp.project.fold(LIFE[:6])
        assert "evaluation.consistent" not in [v.rule.id for v in wf.check(p, EV)]


class TestMoney:
    def settled_grade(self, score: int) -> list[E.Event]:
        """The lifecycle with daily and internal scores of ``score``."""
        events = list(LIFE)
        events[6] = attrs.evolve(S1, score=Decimal(score))
        events[7] = attrs.evolve(S2, score=Decimal(score))
        events[8] = attrs.evolve(
            EV,
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(score)
            ),
        )
        return events

    def test_settlement_needs_an_evaluation(self) -> None:
        """Paying during the contract cites 花钱必问效 as well as the stage."""
        found = ids(before(8), SE)
        assert found == ["stage.order", "settlement.evaluated"]
        assert "no evaluation of the period 2015-04-01 to 2016-03-31" in (
            WF.check(before(8), SE)[1].message
        )
        assert WF.check(before(9), SE) == ()

    def test_payment_capped_by_the_grade(self) -> None:
        """良 (85 points) pays at most 95 %: full payment is refused."""
        events = self.settled_grade(85)
        v = only(before(9, events), SE, "settlement.payment")
        assert (
            "exceeds 722,000.00 yuan: 95% of the contract amount 760,000.00"
            in v.message
        )
        assert "良 (Good)" in v.message
        assert (
            WF.check(before(9, events), attrs.evolve(SE, paid=Decimal(722_000))) == ()
        )

    def test_renewal_needs_a_good_grade(self) -> None:
        """中 (70 points) may not renew; the minimum grade is named."""
        events = self.settled_grade(70)
        p = WF.replay([*events[:9], attrs.evolve(SE, paid=Decimal(646_000))])
        renewal = E.Renewed(
            at=datetime(2016, 4, 20),
            start=date(2016, 4, 1),
            end=date(2017, 3, 31),
            amount=Decimal(760_000),
        )
        v = only(p, renewal, "renewal.grade")
        assert "below 良 (Good), the lowest that may renew" in v.message
        assert WF.check(before(10), renewal) == ()

    def test_renewals_stay_within_the_cap(self) -> None:
        """A third one-year renewal would make four years: refused."""
        p = before(10)
        for year in (2016, 2017):
            p = WF.apply(
                p,
                E.Renewed(
                    at=datetime(year, 4, 20),
                    start=date(year, 4, 1),
                    end=date(year + 1, 3, 31),
                    amount=Decimal(760_000),
                ),
            )
            p = WF.apply(p, E.Supervised(at=datetime(year, 6, 1), score=Decimal(90)))
            p = WF.apply(p, attrs.evolve(EV, at=datetime(year + 1, 3, 25)))
            p = WF.apply(p, attrs.evolve(SE, at=datetime(year + 1, 4, 5)))
        third = E.Renewed(
            at=datetime(2018, 4, 20),
            start=date(2018, 4, 1),
            end=date(2019, 3, 31),
            amount=Decimal(760_000),
        )
        v = only(p, third, "renewal.term_cap")
        assert "2015-04-01 to 2019-03-31, 48 months; at most 36 months" in v.message
        assert p.renewals == 2

    def test_a_renewal_may_not_overlap_the_current_period(self) -> None:
        """Starting before the current period ends is refused."""
        overlap = E.Renewed(
            at=datetime(2016, 4, 20),
            start=date(2016, 3, 1),
            end=date(2017, 2, 28),
            amount=Decimal(760_000),
        )
        v = only(before(10), overlap, "renewal.term_cap")
        assert "before the current period ends 2016-03-31" in v.message

    def test_a_poor_result_closes_only_with_someone_accountable(self) -> None:
        """差 without a name is refused (无效必问责); with a name it closes."""
        events = self.settled_grade(50)
        p = WF.replay([*events[:9], attrs.evolve(SE, paid=Decimal(532_000))])
        v = only(p, CL, "closure.accountability")
        assert "差 (Poor)" in v.message
        assert "无效必问责" in v.message
        assert WF.check(p, attrs.evolve(CL, accountable="城管局 张某")) == ()
        assert WF.check(p, attrs.evolve(CL, accountable="  ")) != ()

    def test_a_good_result_closes_without_a_name(self) -> None:
        """No one need answer for 优."""
        assert WF.check(before(10), CL) == ()


class TestPilot2014:
    def test_the_2014_street_lamp_pilot_passes(self) -> None:
        """The pilot item, tendered openly, passes to the award."""
        assert WF.replay(lamps_2014()).stage is pp.Stage.AWARDED
        assert TARGETS
        assert BUYER.kind is pp.PurchaserKind.STATE_ORGAN
