"""一落实: the responsibility-target assessment of departments."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import serialization
from procpolicy.labels import Label
from procpolicy.oversight import (
    FIGURES,
    Inspection,
    JointMeeting,
    ServiceBudgetLine,
    TargetWeights,
    assess_departments,
)
from procpolicy.parties import Role
from procpolicy.presets.anyang import PARKS, STREET_LAMPS
from procpolicy.simulation import anyang_rollout, combine, run, run_many
from procpolicy.testing import strategies
from tests._ids import plain_id
from tests._lifecycle import BUYER, cleaning_2015, lamps_2014

WF = pp.Workflow(pp.presets.anyang())
RULES = pp.presets.anyang().at(date(2016, 6, 1))


def poor_and_closed(accountable: str | None) -> pp.Project:
    """The 2015 project graded 差, paid 70 %, closed with or without a name."""
    events: list[E.Event] = [
        *cleaning_2015()[:6],
        E.Supervised(at=datetime(2015, 6, 1), score=Decimal(50)),
        E.Evaluated(
            at=datetime(2016, 3, 25),
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(52)
            ),
        ),
        E.Settled(at=datetime(2016, 4, 5), paid=Decimal(532_000)),
        E.Closed(at=datetime(2016, 4, 10), accountable=accountable),
    ]
    return pp.project.fold(events)


class TestAssessment:
    def test_totals_are_sums_over_projects(self) -> None:
        """Budget, contract and payment totals add up per department."""
        good = WF.replay(cleaning_2015())
        other = attrs.evolve(BUYER, department="民政局")
        pilot = pp.project.fold(
            [attrs.evolve(lamps_2014()[0], purchaser=other), *lamps_2014()[1:]]
        )
        report = assess_departments([good, pilot], RULES)
        assert [d.department for d in report.departments] == ["城管局", "民政局"]
        city = report.department("城管局")
        assert (
            city.projects,
            city.budgeted,
            city.contracted,
            city.paid,
            city.withheld,
        ) == (1, Decimal(800_000), Decimal(760_000), Decimal(760_000), Decimal(0))
        assert city.grade_count(pp.Grade.EXCELLENT) == 1
        assert city.average_score == Decimal("90.00")
        assert city.target_score == Decimal("100.00")
        civil = report.department("民政局")
        assert (civil.procured, civil.disclosed_in_full, civil.average_score) == (
            1,
            1,
            None,
        )

    def test_withheld_money_and_accountability(self) -> None:
        """A 差 project paid 70 % withholds 30 %; naming someone counts a case."""
        named = poor_and_closed("城管局副局长")
        report = assess_departments([named], RULES)
        row = report.department("城管局")
        assert row.withheld == Decimal(228_000)
        assert (row.poor_results, row.accountability_cases) == (1, 1)
        assert row.grade_count(pp.Grade.POOR) == 1
        # grades: nothing 良 or better, so those 15 points are lost
        assert row.target_score == Decimal("85.00")

    def test_a_poor_result_nobody_answers_for_costs_points(self) -> None:
        """Without a name, the 10 accountability points are lost too."""
        row = assess_departments([poor_and_closed(None)], RULES).department("城管局")
        assert (row.poor_results, row.accountability_cases) == (1, 0)
        assert row.target_score == Decimal("75.00")

    def test_a_period_ended_without_evaluation_is_missing(self) -> None:
        """An ended contract period with no evaluation counts against the department."""
        unevaluated = pp.project.fold(cleaning_2015()[:8])
        report = assess_departments([unevaluated], RULES, as_of=date(2016, 6, 1))
        row = report.department("城管局")
        assert (row.evaluations_due, row.evaluations_missing) == (1, 1)
        early = assess_departments([unevaluated], RULES)
        assert early.department("城管局").evaluations_due == 0
        assert early.as_of == date(2015, 9, 1)

    def test_renewed_periods_are_paired_with_their_evaluations(self) -> None:
        """Two periods, each evaluated, are both due and none missing."""
        events: list[E.Event] = [
            *cleaning_2015()[:10],
            E.Renewed(
                at=datetime(2016, 4, 20),
                start=date(2016, 4, 1),
                end=date(2017, 3, 31),
                amount=Decimal(760_000),
            ),
            E.Supervised(at=datetime(2016, 6, 1), score=Decimal(90)),
            E.Evaluated(
                at=datetime(2017, 3, 25),
                evaluation=pp.Evaluation(
                    evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(90)
                ),
            ),
            E.Settled(at=datetime(2017, 4, 5), paid=Decimal(700_000)),
        ]
        p = pp.project.fold(events)
        row = assess_departments([p], RULES, as_of=date(2017, 6, 1)).department(
            "城管局"
        )
        assert (row.evaluations_due, row.evaluations_missing) == (2, 0)
        assert row.withheld == Decimal(60_000)
        assert row.paid == Decimal(1_460_000)

    def test_records_are_plain_rows(self) -> None:
        """records() gives one dict per department with grade columns."""
        rows = assess_departments([WF.replay(cleaning_2015())], RULES).records()
        assert rows[0]["department"] == "城管局"
        assert rows[0]["grade_excellent"] == 1
        assert rows[0]["target_score"] == Decimal("100.00")

    def test_no_projects_no_departments(self) -> None:
        """An empty assessment is empty."""
        assert assess_departments([], RULES).departments == ()

    def test_bad_input_is_named(self) -> None:
        """A non-project or an unknown department, is InvalidInput."""
        with pytest.raises(pp.InvalidInput, match=r"projects\[0\]: must be a Project"):
            assess_departments(["x"], RULES)  # type: ignore[list-item]
        with pytest.raises(
            pp.InvalidInput, match="department '财政局' was not assessed"
        ):
            assess_departments([], RULES).department("财政局")

    def test_weights_must_add_up_to_100(self) -> None:
        """A custom scheme is accepted when its points add up."""
        with pytest.raises(pp.InvalidInput, match="add up to 120"):
            TargetWeights(disclosure=50)
        row = assess_departments(
            [poor_and_closed(None)],
            RULES,
            weights=TargetWeights(
                disclosure=25,
                evaluation=25,
                grades=25,
                accountability=25,
                money=0,
                principle=0,
            ),
        ).department("城管局")
        assert row.target_score == Decimal("50.00")


# -- 一落实 in full: inspections, joint meetings, budget lines ----------------------
RULES_2014 = pp.presets.anyang().at(date(2014, 6, 1))
CHECK = Inspection(
    id="督查-2016-01",
    at=date(2016, 5, 20),
    inspector="审计局",
    department="城管局",
    findings=[
        Label("未公开考评标准", "Standards not published"),
        Label("日常考评记录不全", "Daily evaluations incomplete"),
    ],
    project_ids=["AY-2015-007"],
)
MEETING = JointMeeting(
    id="联席-2016",
    at=date(2016, 5, 25),
    departments=["财政局", "城管局", "审计局"],
    decisions=[Label("继续购买道路保洁", "Keep buying street cleaning")],
)


def line(
    line_id: str,
    *,
    bought: bool,
    category: pp.ServiceCategory = pp.ServiceCategory.MUNICIPAL_SANITATION,
    year: int = 2016,
    department: str = "城管局",
    amount: int = 100_000,
    project_id: str | None = None,
) -> ServiceBudgetLine:
    """A service budget line of the street-cleaning department."""
    return ServiceBudgetLine(
        id=line_id,
        department=department,
        year=year,
        category=category,
        amount=amount,
        bought=bought,
        project_id=project_id,
    )


def cleaning_costing(before: int, reason: str = "") -> pp.Project:
    """The 2015 cleaning project with another cost before purchase."""
    steps = list(cleaning_2015())
    steps[1] = attrs.evolve(cleaning_2015().budgeted, cost_before=Decimal(before))
    steps[9] = attrs.evolve(cleaning_2015().settled, cost_reason=reason)
    return pp.project.fold(steps)


class TestRecords:
    def test_an_inspection_names_its_inspector_department_and_findings(self) -> None:
        """An inspection is a supervision department's act, with its findings."""
        assert CHECK.role is Role.SUPERVISION
        assert (CHECK.inspector, CHECK.department) == ("审计局", "城管局")
        assert CHECK.findings[0].en == "Standards not published"
        assert CHECK.project_ids == ("AY-2015-007",)

    def test_a_joint_meeting_is_convened_by_the_government(self) -> None:
        """The leading group convenes the joint meeting; departments are a set."""
        assert MEETING.role is Role.GOVERNMENT
        assert MEETING.departments == frozenset({"财政局", "城管局", "审计局"})
        assert MEETING.decisions[0].zh == "继续购买道路保洁"

    def test_a_budget_line_is_the_functional_departments(self) -> None:
        """A budget line, bought or not, is the purchasing department's to act on."""
        bought = line("L1", bought=True, project_id="AY-2015-007")
        assert bought.role is Role.FUNCTIONAL
        assert (bought.amount, bought.project_id) == (Decimal(100_000), "AY-2015-007")
        lamps = STREET_LAMPS
        item = ServiceBudgetLine(
            id="L2",
            department="城管局",
            year=2014,
            category=lamps.category,
            item=lamps,
            amount=1,
            bought=False,
        )
        assert item.item is lamps

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"id": " "}, r"Inspection\.id: must not be empty"),
            ({"at": datetime(2016, 5, 20)}, r"Inspection\.at: must be a date"),
            ({"at": date(1900, 1, 1)}, r"Inspection\.at: must be between"),
            (
                {"inspector": "城管局"},
                r"Inspection\.inspector: '城管局' inspects itself",
            ),
            ({"department": ""}, r"Inspection\.department: must not be empty"),
            ({"findings": ("未公开",)}, r"Inspection\.findings: members must be Label"),
            ({"project_ids": ("A", "A")}, r"Inspection\.project_ids: 'A' named twice"),
            ({"project_ids": ("",)}, r"Inspection\.project_ids: must not be empty"),
            ({"project_ids": (1,)}, r"Inspection\.project_ids: members must be str"),
        ],
        ids=lambda v: plain_id(str(v)[:30]),
    )
    def test_a_bad_inspection_is_refused_naming_the_field(
        self, changes: dict[str, Any], message: str
    ) -> None:
        """Each bad field of an inspection raises InvalidInput naming it."""
        with pytest.raises(pp.InvalidInput, match=message):
            attrs.evolve(CHECK, **changes)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"departments": ["财政局"]}, r"JointMeeting\.departments: at least two"),
            ({"departments": ["财政局", " "]}, r"JointMeeting\.departments: must not"),
            ({"departments": "财政局"}, r"JointMeeting\.departments: must be a frozen"),
            (
                {"decisions": ("继续",)},
                r"JointMeeting\.decisions: members must be Label",
            ),
            ({"at": "2016-05-25"}, r"JointMeeting\.at: must be date, not str"),
        ],
        ids=lambda v: plain_id(str(v)[:30]),
    )
    def test_a_bad_joint_meeting_is_refused_naming_the_field(
        self, changes: dict[str, Any], message: str
    ) -> None:
        """Each bad field of a joint meeting raises InvalidInput naming it."""
        with pytest.raises(pp.InvalidInput, match=message):
            attrs.evolve(MEETING, **changes)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"year": True}, r"ServiceBudgetLine\.year: must be an int"),
            ({"year": 1900}, r"ServiceBudgetLine\.year: must be at least 1949"),
            ({"amount": Decimal(-1)}, r"ServiceBudgetLine\.amount"),
            ({"bought": 1}, r"ServiceBudgetLine\.bought: must be bool"),
            ({"category": "SANITATION"}, r"ServiceBudgetLine\.category: must be"),
            ({"project_id": "AY-1"}, r"ServiceBudgetLine\.project_id: a line kept"),
            (
                {"item": PARKS},
                r"ServiceBudgetLine\.item: .* is filed under URBAN_AUX",
            ),
        ],
        ids=lambda v: plain_id(str(v)[:30]),
    )
    def test_a_bad_budget_line_is_refused_naming_the_field(
        self, changes: dict[str, Any], message: str
    ) -> None:
        """Each bad field of a budget line raises InvalidInput naming it."""
        with pytest.raises(pp.InvalidInput, match=message):
            attrs.evolve(line("L1", bought=False), **changes)

    def test_the_weights_have_six_parts(self) -> None:
        """The default scheme adds money and the purchase principle (ASSUMED)."""
        w = TargetWeights()
        parts = (w.disclosure, w.evaluation, w.grades, w.accountability)
        assert parts == tuple(map(Decimal, (30, 25, 15, 10)))
        assert (w.money, w.principle) == (Decimal(10), Decimal(10))
        with pytest.raises(pp.InvalidInput, match="add up to 90"):
            TargetWeights(principle=0)


class TestInspectionsAndMeetings:
    def test_inspections_and_findings_count_for_the_department_inspected(
        self,
    ) -> None:
        """An inspection and its findings show on the department inspected only."""
        other = attrs.evolve(CHECK, id="督查-2016-02", department="民政局", findings=())
        report = assess_departments(
            [WF.replay(cleaning_2015())], RULES, inspections=[CHECK, other]
        )
        city = report.department("城管局")
        assert (city.inspections, city.inspection_findings) == (1, 2)
        assert city.sources("inspections") == ("督查-2016-01",)
        assert city.sources("inspection_findings") == ("督查-2016-01",) * 2
        civil = report.department("民政局")
        assert (civil.projects, civil.inspections, civil.inspection_findings) == (
            0,
            1,
            0,
        )
        # an inspection moves no point of the score (ASSUMED)
        assert city.target_score == Decimal("100.00")

    def test_records_after_the_assessment_day_are_left_out(self) -> None:
        """Records after ``as_of`` (lines of later years) do not count."""
        late = attrs.evolve(CHECK, at=date(2016, 7, 1))
        report = assess_departments(
            [],
            RULES,
            as_of=date(2016, 6, 1),
            inspections=[late],
            joint_meetings=[attrs.evolve(MEETING, at=date(2016, 7, 2))],
            budget_lines=[line("L1", bought=False, year=2017)],
        )
        assert report.departments == ()

    def test_the_default_assessment_day_is_the_latest_record(self) -> None:
        """Without ``as_of`` the latest event, inspection or meeting sets the day."""
        report = assess_departments(
            [WF.replay(cleaning_2015())], RULES, inspections=[CHECK]
        )
        assert report.as_of == date(2016, 5, 20)
        report = assess_departments([], RULES, joint_meetings=[MEETING])
        assert (report.as_of, report.departments) == (date(2016, 5, 25), ())

    def test_a_meeting_counts_for_each_department_present(self) -> None:
        """A joint meeting shows on every assessed department that attended it."""
        civil = attrs.evolve(BUYER, department="民政局")
        pilot = pp.project.fold(
            [attrs.evolve(lamps_2014()[0], purchaser=civil), *lamps_2014()[1:]]
        )
        report = assess_departments(
            [WF.replay(cleaning_2015()), pilot], RULES, joint_meetings=[MEETING]
        )
        assert report.department("城管局").joint_meetings == 1
        assert report.department("城管局").sources("joint_meetings") == ("联席-2016",)
        assert report.department("民政局").joint_meetings == 0

    def test_two_records_of_one_kind_may_not_share_an_id(self) -> None:
        """Records are traced by id: a repeated id is refused, naming the kind."""
        with pytest.raises(pp.InvalidInput, match=r"inspections: the id\(s\) '督查"):
            assess_departments([], RULES, inspections=[CHECK, CHECK])
        with pytest.raises(pp.InvalidInput, match=r"joint_meetings\[0\]: must be a"):
            assess_departments([], RULES, joint_meetings=[CHECK])  # type: ignore[list-item]
        with pytest.raises(pp.InvalidInput, match=r"budget_lines\[0\]: must be a"):
            assess_departments([], RULES, budget_lines=["L"])  # type: ignore[list-item]
        twice = [WF.replay(cleaning_2015())] * 2
        assert assess_departments(twice, RULES).department("城管局").projects == 2


class TestMoney:
    def test_a_service_that_costs_less_than_before_needs_no_reason(self) -> None:
        """The finance department's comparison: 950 000 before, 760 000 after."""
        row = assess_departments([WF.replay(cleaning_2015())], RULES).department(
            "城管局"
        )
        assert (row.cost_compared, row.cost_unexplained) == (1, 0)
        assert (row.cost_before, row.cost_after) == (Decimal(950_000), Decimal(760_000))
        assert row.sources("cost_compared") == ("AY-2015-007",)

    def test_a_service_that_costs_more_without_a_reason_shows(self) -> None:
        """加强资金管理: more than before, no reason: a finding, 10 points lost."""
        row = assess_departments([cleaning_costing(700_000)], RULES).department(
            "城管局"
        )
        assert (row.cost_compared, row.cost_unexplained) == (1, 1)
        assert row.sources("cost_unexplained") == ("AY-2015-007",)
        assert row.target_score == Decimal("90.00")

    def test_a_reason_explains_a_higher_cost(self) -> None:
        """A recorded reason clears the finding."""
        explained = cleaning_costing(700_000, "扩大保洁面积 cleaning a larger area")
        row = assess_departments([explained], RULES).department("城管局")
        assert (row.cost_compared, row.cost_unexplained) == (1, 0)
        assert row.target_score == Decimal("100.00")

    def test_without_a_cost_before_there_is_nothing_to_compare(self) -> None:
        """A budget without ``cost_before`` is not compared (and costs no points)."""
        steps = list(cleaning_2015())
        steps[1] = attrs.evolve(cleaning_2015().budgeted, cost_before=None)
        row = assess_departments([pp.project.fold(steps)], RULES).department("城管局")
        assert (row.cost_compared, row.cost_before, row.target_score) == (
            0,
            Decimal(0),
            Decimal("100.00"),
        )


class TestPurchasePrinciple:
    def test_a_catalogue_service_kept_in_house_is_a_finding(self) -> None:
        """原则上都要向社会购买: a listed line not bought shows and costs points."""
        lines = [
            line("L1", bought=True, project_id="AY-2015-007"),
            line("L2", bought=False, amount=300_000),
            line("L3", bought=True),
            line("L4", bought=True),
        ]
        row = assess_departments(
            [WF.replay(cleaning_2015())], RULES, budget_lines=lines
        ).department("城管局")
        assert (row.catalogue_lines, row.in_house_lines) == (4, 1)
        assert row.in_house_amount == Decimal(300_000)
        assert row.sources("in_house_lines") == ("L2",)
        assert row.sources("catalogue_lines") == ("L1", "L2", "L3", "L4")
        # three of four lines bought: 7.5 of the 10 points
        assert row.target_score == Decimal("97.50")

    def test_a_service_the_catalogue_does_not_list_is_no_finding(self) -> None:
        """Social work was not in the 2014 catalogue: kept in house, no breach."""
        social = line("L1", bought=False, category=pp.ServiceCategory.SOCIAL_WORK)
        report = assess_departments(
            [], RULES_2014, as_of=date(2016, 12, 31), budget_lines=[social]
        )
        row = report.department("城管局")
        assert (row.catalogue_lines, row.in_house_lines) == (0, 0)
        listed = assess_departments(
            [], RULES, as_of=date(2016, 12, 31), budget_lines=[social]
        )
        assert listed.department("城管局").in_house_lines == 1

    def test_a_listed_item_is_judged_by_the_item(self) -> None:
        """Under the pilot catalogue, street lamps are listed; another item is not."""
        lamps = STREET_LAMPS
        listed = ServiceBudgetLine(
            id="L1",
            department="城管局",
            year=2014,
            category=lamps.category,
            item=lamps,
            amount=1,
            bought=False,
        )
        other = attrs.evolve(
            listed, id="L2", item=attrs.evolve(lamps, code="AY-2014-99")
        )
        row = assess_departments(
            [], RULES_2014, as_of=date(2014, 12, 31), budget_lines=[listed, other]
        ).department("城管局")
        assert row.sources("in_house_lines") == ("L1",)


class TestTraceability:
    def test_every_count_names_its_records(self) -> None:
        """Each figure of `FIGURES` has as many record ids as its count."""
        row = assess_departments(
            [poor_and_closed("城管局副局长")],
            RULES,
            as_of=date(2016, 6, 1),
            inspections=[CHECK],
            joint_meetings=[MEETING],
            budget_lines=[line("L1", bought=False)],
        ).department("城管局")
        counts = {name: getattr(row, name, None) for name in FIGURES}
        counts["graded"] = sum(n for _, n in row.grades)
        for name, count in counts.items():
            assert len(row.sources(name)) == count, name
        assert row.sources("evaluations_due") == ("AY-2015-007@2015-04-01",)
        assert row.sources("poor_results") == ("AY-2015-007",)
        assert row.sources("accountability_cases") == ("AY-2015-007",)

    def test_an_unknown_figure_is_refused(self) -> None:
        """``sources`` names the figures it knows."""
        row = assess_departments([WF.replay(cleaning_2015())], RULES).department(
            "城管局"
        )
        with pytest.raises(pp.InvalidInput, match="'paid' is not a figure"):
            row.sources("paid")

    def test_records_have_the_new_columns(self) -> None:
        """A table row carries inspections, meetings, costs and in-house lines."""
        rows = assess_departments(
            [WF.replay(cleaning_2015())], RULES, inspections=[CHECK]
        ).records()
        assert rows[0]["inspections"] == 1
        assert rows[0]["cost_before"] == Decimal(950_000)
        assert rows[0]["in_house_lines"] == 0
        assert list(rows[0])[-1] == "target_score"


class TestSerialisation:
    @pytest.mark.parametrize(
        "value",
        [CHECK, MEETING, line("L1", bought=True, project_id="P"), TargetWeights()],
        ids=lambda v: type(v).__name__,
    )
    def test_the_records_round_trip(self, value: object) -> None:
        """``from_dict(to_dict(x)) == x`` for each record of oversight."""
        data = serialization.to_dict(value)
        assert serialization.from_dict(type(value), data) == value

    @settings(max_examples=30)
    @given(
        st.one_of(
            strategies.inspections(),
            strategies.joint_meetings(),
            strategies.service_budget_lines(),
            strategies.target_weights(),
        )
    )
    def test_any_record_round_trips_through_json(self, value: object) -> None:
        """Every drawn record survives ``to_dict``, JSON text and ``from_dict``."""
        data = serialization.to_dict(value)
        text = json.dumps(data, ensure_ascii=False)
        assert serialization.loads(type(value), text) == value

    @pytest.mark.parametrize(
        "value",
        [CHECK, MEETING, line("L1", bought=False)],
        ids=lambda v: plain_id(v.id),
    )
    def test_the_records_are_frozen(self, value: object) -> None:
        """A record of oversight refuses assignment."""
        with pytest.raises(AttributeError):
            value.id = "other"  # type: ignore[attr-defined]

    def test_values_knows_the_new_classes(self) -> None:
        """``strategies.values`` covers the records of oversight."""
        for cls in (Inspection, JointMeeting, ServiceBudgetLine, TargetWeights):
            assert strategies.values(cls) is not None


class TestProperties:
    @settings(max_examples=40)
    @given(
        st.lists(strategies.inspections(), max_size=6, unique_by=lambda i: i.id),
        st.lists(strategies.joint_meetings(), max_size=4, unique_by=lambda m: m.id),
        st.lists(
            strategies.service_budget_lines(years=st.integers(2014, 2017)),
            max_size=8,
            unique_by=lambda b: b.id,
        ),
        st.dates(date(1950, 1, 1), date(2199, 1, 1)),
    )
    def test_totals_are_sums_over_records(
        self,
        checks: list[Inspection],
        meetings: list[JointMeeting],
        lines: list[ServiceBudgetLine],
        as_of: date,
    ) -> None:
        """Inspections, findings, meetings and in-house money add up over records."""
        report = assess_departments(
            [],
            RULES,
            as_of=as_of,
            inspections=checks,
            joint_meetings=meetings,
            budget_lines=lines,
        )
        seen = [i for i in checks if i.at <= as_of]
        kept = [b for b in lines if b.year <= as_of.year]
        rows = report.departments
        assert sum(r.inspections for r in rows) == len(seen)
        assert sum(r.inspection_findings for r in rows) == sum(
            len(i.findings) for i in seen
        )
        in_house = [
            b for b in kept if not b.bought and RULES.catalogue.covers(b.category)
        ]
        assert sum(r.in_house_lines for r in rows) == len(in_house)
        assert sum((r.in_house_amount for r in rows), Decimal(0)) == sum(
            (b.amount for b in in_house), Decimal(0)
        )
        for r in rows:
            present = [
                m for m in meetings if m.at <= as_of and r.department in m.departments
            ]
            assert r.joint_meetings == len(present)
            for name in ("inspections", "joint_meetings", "in_house_lines"):
                assert len(r.sources(name)) == getattr(r, name)
            assert Decimal(0) <= r.target_score <= Decimal(100)

    @settings(max_examples=25)
    @given(strategies.target_weights())
    def test_a_department_with_nothing_to_measure_earns_every_point(
        self, weights: TargetWeights
    ) -> None:
        """Whatever the weights, a part with nothing to measure earns its points."""
        row = assess_departments(
            [], RULES, inspections=[CHECK], weights=weights
        ).department("城管局")
        assert row.target_score == Decimal("100.00")


class TestSimulatedRollout:
    """Acceptance: the simulated rollout shows 一落实, every figure traced."""

    RESULT = run(anyang_rollout(), seed=1)

    def test_the_rollout_shows_inspections_meetings_costs_and_the_principle(
        self,
    ) -> None:
        """Every department was inspected and met; costs were compared; lines kept."""
        report = self.RESULT.assess()
        rows = report.departments
        assert report.as_of == date(2017, 12, 31)
        assert all(r.inspections >= 1 and r.joint_meetings == 4 for r in rows)
        assert sum(r.inspection_findings for r in rows) > 0
        assert all(r.cost_compared == r.projects for r in rows)
        assert sum(r.in_house_lines for r in rows) > 0
        assert sum(r.catalogue_lines for r in rows) == len(self.RESULT.budget_lines())

    def test_every_figure_is_traceable_to_a_record(self) -> None:
        """Each count names as many records, and each record exists in the run."""
        report = self.RESULT.assess()
        known = {
            "project": {pp.project.fold(h).id for h in self.RESULT.histories()},
            "inspection": {i.id for i in self.RESULT.inspections()},
            "meeting": {m.id for m in self.RESULT.joint_meetings()},
            "line": {b.id for b in self.RESULT.budget_lines()},
        }
        kind = {
            "inspections": "inspection",
            "inspection_findings": "inspection",
            "joint_meetings": "meeting",
            "catalogue_lines": "line",
            "in_house_lines": "line",
        }
        for row in report.departments:
            for name in FIGURES:
                ids = row.sources(name)
                count = (
                    sum(n for _, n in row.grades)
                    if name == "graded"
                    else getattr(row, name)
                )
                assert len(ids) == count, (row.department, name)
                where = known[kind.get(name, "project")]
                assert {i.split("@")[0] for i in ids} <= where, (row.department, name)

    def test_the_last_inspection_of_a_year_lists_its_refusals(self) -> None:
        """Findings name the rule and the projects refused, on 31 December."""
        found = [i for i in self.RESULT.inspections() if i.findings]
        assert found
        refused = {(r.year, r.project_id) for r in self.RESULT.rows if r.refusals}
        for check in found:
            assert (check.at.month, check.at.day) == (12, 31)
            assert {(check.at.year, p) for p in check.project_ids} <= refused
            assert "refused" in check.findings[0].en

    def test_the_schedule_is_a_scenario_field(self) -> None:
        """Four inspections a year fall at quarter ends; none and all-in-house work."""
        scenario = anyang_rollout().with_years([2014])
        quarterly = attrs.evolve(
            scenario, inspections_per_year=4, joint_meetings_per_year=0
        )
        result = run(quarterly, seed=1)
        days = sorted({i.at.isoformat() for i in result.inspections()})
        assert days == ["2014-03-31", "2014-06-30", "2014-09-30", "2014-12-31"]
        assert result.joint_meetings() == ()
        every = run(attrs.evolve(scenario, in_house_share=Decimal(1)), seed=1)
        lines = every.budget_lines()
        assert sum(not b.bought for b in lines) == sum(b.bought for b in lines) == 5
        none = run(attrs.evolve(scenario, in_house_share=Decimal(0)), seed=1)
        assert all(b.bought for b in none.budget_lines())

    def test_the_inspector_is_no_purchasing_department(self) -> None:
        """A scenario whose inspector is a purchaser is refused."""
        with pytest.raises(pp.InvalidInput, match=r"Scenario\.inspector: '城管局'"):
            attrs.evolve(anyang_rollout(), inspector="城管局")

    def test_the_records_are_the_same_for_any_executor(self) -> None:
        """run_many in threads gives the same inspections, meetings and lines."""
        scenario = anyang_rollout().with_years([2015])
        serial = run_many(scenario, [1, 2])
        with ThreadPoolExecutor(2) as pool:
            threaded = run_many(scenario, [1, 2], executor=pool)
        for one, other in zip(serial, threaded, strict=True):
            assert one.inspections() == other.inspections()
            assert one.joint_meetings() == other.joint_meetings()
            assert one.budget_lines() == other.budget_lines()
        both = combine(serial)
        ids = [i.id for i in both.inspections()]
        assert len(ids) == len(set(ids))

    def test_a_result_without_its_scenario_cannot_derive_them(self) -> None:
        """A hand-built result says why it has no oversight records."""
        bare = attrs.evolve(self.RESULT, scenario=None)
        for method in ("inspections", "joint_meetings", "budget_lines", "assess"):
            with pytest.raises(pp.InvalidInput, match=f"{method}: this result"):
                getattr(bare, method)()
