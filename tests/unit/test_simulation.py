"""The simulator: scenarios, seeded runs through the workflow, results, what-ifs."""

from __future__ import annotations

import csv
import io
import itertools
import json
import multiprocessing
import pickle
import random
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

import procpolicy as pp
from procpolicy import cli, presets
from procpolicy.portfolio import Reform
from procpolicy.presets.anyang import EVALUATION, PARKS, PROCESS, STREET_LAMPS
from procpolicy.simulation import (
    ANYANG_TEMPLATES,
    ASSUMPTIONS,
    METRICS,
    Lapses,
    Origin,
    ProjectYear,
    Scenario,
    SimulationResult,
    Summary,
    Triangular,
    UndertakerType,
    anyang_rollout,
    combine,
    compare,
    run,
    run_many,
)

MONEY = ("cost_before", "contracted", "paid", "withheld", "fees", "spend", "savings")
FIRST_YEARS = anyang_rollout().with_years(range(2014, 2017))
"""2014–2016: the pilots, the seven categories, the four additions (~60 rows)."""


def supporting(doc_id: str, **values: Any) -> pp.PolicyDocument:
    """A supporting (N) document from 2014 that sets ``values``."""
    return pp.PolicyDocument(
        id=doc_id,
        title=pp.Label("假设文件", "A what-if document"),
        layer=pp.Layer.SUPPORTING,
        effective=date(2014, 1, 1),
        sets=pp.Overrides(**values),
        articles=dict.fromkeys(values, "what-if"),
    )


def third_party_everywhere() -> pp.PolicyFramework:
    """Anyang, had it required third-party evaluation for every project."""
    return presets.anyang().with_document(
        supporting("ay-third-party-all", third_party_threshold=Decimal(0))
    )


def harsher_payments() -> pp.PolicyFramework:
    """Anyang with a harsher payment schedule: 100 / 90 / 75 / 50 per cent."""
    schedule = pp.PaymentSchedule(
        Decimal("1.00"), Decimal("0.90"), Decimal("0.75"), Decimal("0.50")
    )
    return presets.anyang().with_document(
        supporting("ay-harsh-pay", payment_ratios=schedule)
    )


def without_setting(doc: pp.PolicyDocument, name: str) -> pp.PolicyDocument:
    """``doc`` without the value ``name`` (and its article and assumption)."""
    return attrs.evolve(
        doc,
        sets=pp.Overrides(**{k: v for k, v in doc.sets if k != name}),
        articles={k: v for k, v in doc.articles if k != name},
        assumptions={k: v for k, v in doc.assumptions if k != name},
    )


def rows_of(result: SimulationResult) -> dict[str, list[ProjectYear]]:
    """The rows of each project, in year order."""
    found: dict[str, list[ProjectYear]] = defaultdict(list)
    for row in result.rows:
        found[row.project_id].append(row)
    return found


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    """One run of 2014–2016 with seed 11."""
    return run(FIRST_YEARS, 11)


class TestScenario:
    def test_the_default_scenario_is_the_anyang_rollout(self) -> None:
        """`Scenario()` is `anyang_rollout()`, under ``presets.anyang()``."""
        assert Scenario() == anyang_rollout()
        assert anyang_rollout().framework == presets.anyang()
        assert anyang_rollout().years == (2014, 2015, 2016, 2017)

    def test_the_rollout_follows_the_article_year_by_year(self) -> None:
        """Pilot items in 2014, the seven categories in 2015, four more in 2016."""
        templates = anyang_rollout().templates
        assert [t.item for t in templates if t.start == 2014] == [
            STREET_LAMPS,
            PARKS,
        ]
        seven = {t.category for t in templates if t.start == 2015}
        assert seven == set(list(pp.ServiceCategory)[:7])
        later = {t.category for t in templates if t.start == 2016}
        assert later == set(list(pp.ServiceCategory)[7:])

    def test_every_template_is_listed_by_the_catalogue_of_its_first_year(self) -> None:
        """No template starts before the catalogue in force lists what it buys."""
        fw = presets.anyang()
        for t in anyang_rollout().templates:
            catalogue = fw.at(date(t.start, 1, 8)).catalogue
            assert catalogue.covers(t.item or t.category), t.code
            assert t.item is not None or catalogue.lists_whole(t.category), t.code

    def test_every_assumption_names_a_field_of_the_scenario(self) -> None:
        """Each entry of ``ASSUMPTIONS`` is about a scenario field (or the calendar)."""
        fields = {a.name for a in attrs.fields(Scenario)} | {"calendar"}
        for name, rests_on in ASSUMPTIONS:
            assert name.split(".")[0].split(" ")[0] in fields, name
            assert rests_on

    def test_years_may_be_given_as_a_range_or_a_list(self) -> None:
        """A range or a list of years becomes a tuple."""
        assert Scenario(years=range(2014, 2016)).years == (2014, 2015)
        assert Scenario(years=[2016]).years == (2016,)
        assert Scenario().with_years(range(2015, 2017)).years == (2015, 2016)

    def test_with_framework_changes_only_the_framework(self) -> None:
        """The what-if scenario keeps everything but the rules."""
        what_if = anyang_rollout().with_framework(third_party_everywhere())
        assert what_if.framework == third_party_everywhere()
        assert attrs.evolve(what_if, framework=presets.anyang()) == anyang_rollout()

    def test_scaled_multiplies_the_projects_of_every_template(self) -> None:
        """``scaled(3)`` starts three times as many projects."""
        scenario = anyang_rollout()
        assert scenario.scaled(3).project_count() == 3 * scenario.project_count()
        assert scenario.scaled(3).templates[2].added_per_year == 3

    def test_project_count_counts_the_starts_within_the_years(self) -> None:
        """Two lamps and three parks in 2014; the 2015 templates start 17."""
        assert anyang_rollout().with_years([2014]).project_count() == 5
        assert anyang_rollout().with_years([2015]).project_count() == 17
        assert anyang_rollout().with_years([2014, 2015]).project_count() == 22

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: Scenario(years=()), "Scenario.years"),
            (lambda: Scenario(years=(2015, 2014)), "Scenario.years"),
            (lambda: Scenario(years=(True,)), "Scenario.years"),
            (lambda: Scenario(years=("2014",)), "Scenario.years"),
            (lambda: Scenario(framework="anyang"), "Scenario.framework"),  # type: ignore[arg-type]
            (
                lambda: Scenario(departments=(*anyang_rollout().departments[:1],) * 2),
                "Scenario.departments",
            ),
            (
                lambda: Scenario(departments=anyang_rollout().departments[1:]),
                "Scenario.templates",
            ),
            (
                lambda: Scenario(templates=ANYANG_TEMPLATES[:1] * 2),
                "Scenario.templates",
            ),
            (
                lambda: Scenario(
                    undertakers=(
                        UndertakerType(
                            kind=pp.UndertakerKind.INDIVIDUAL,
                            count=1,
                            quality=Triangular(60, 80, 90),
                        ),
                    )
                ),
                "Scenario.templates",
            ),
            (
                lambda: Scenario(award_ratio=Triangular("0.9", "1", "1.1")),
                "Scenario.award_ratio",
            ),
            (lambda: Scenario(renewal_rate=Decimal(2)), "Scenario.renewal_rate"),
            (lambda: Scenario(supervision_noise=-1), "Scenario.supervision_noise"),
            (
                lambda: Scenario(third_party_fee=Decimal("1.5")),
                "Scenario.third_party_fee",
            ),
            (lambda: Scenario(third_party_fee=0.5), "Scenario.third_party_fee"),  # type: ignore[arg-type]
            (
                lambda: Scenario(supervision_interval_months=0),
                "Scenario.supervision_interval_months",
            ),
            (lambda: Scenario().scaled(0), "Scenario.scaled"),
            (lambda: Scenario().scaled(True), "Scenario.scaled"),
            (lambda: Lapses(targets=Decimal(-1)), "Lapses.targets"),
            (lambda: Triangular(3, 2, 1), "Triangular"),
            (lambda: Triangular("x", 2, 3), "Triangular.low"),
            (
                lambda: UndertakerType(
                    kind=pp.UndertakerKind.ENTERPRISE,
                    count=0,
                    quality=Triangular(50, 60, 70),
                ),
                "UndertakerType.count",
            ),
            (
                lambda: UndertakerType(
                    kind=pp.UndertakerKind.ENTERPRISE,
                    count=1,
                    quality=Triangular(50, 60, 170),
                ),
                "UndertakerType.quality",
            ),
            (
                lambda: attrs.evolve(
                    ANYANG_TEMPLATES[0], cost_before=Triangular(-1, 1, 2)
                ),
                "ProjectTemplate.cost_before",
            ),
            (
                lambda: attrs.evolve(ANYANG_TEMPLATES[0], budget=Triangular(0, 1, 2)),
                "ProjectTemplate.budget",
            ),
            (
                lambda: attrs.evolve(
                    ANYANG_TEMPLATES[0], category=pp.ServiceCategory.SOCIAL_WORK
                ),
                "ProjectTemplate.item",
            ),
            (
                lambda: attrs.evolve(ANYANG_TEMPLATES[0], targets=("95 %",)),
                "ProjectTemplate.targets",
            ),
        ],
    )
    def test_bad_values_are_refused_naming_the_field(
        self, build: Callable[[], object], field: str
    ) -> None:
        """Each bad value raises `InvalidInput` whose message names the field."""
        with pytest.raises(pp.InvalidInput, match=field.replace(".", r"\.")):
            build()

    def test_triangular_draws_stay_within_bounds(self) -> None:
        """Draws lie between low and high; the mean is (low + mode + high) / 3."""
        spread = Triangular(10, 20, 60)
        rng = random.Random(0)  # noqa: S311 - a seeded draw, not cryptography
        assert all(10 <= spread.sample(rng) <= 60 for _ in range(200))
        assert spread.mean == 30
        assert Triangular(5, 5, 5).sample(rng) == 5

    def test_lapses_none_never_breaks_a_rule(self) -> None:
        """``Lapses.none()`` sets every probability to 0."""
        assert set(attrs.asdict(Lapses.none()).values()) == {Decimal(0)}


class TestRun:
    def test_the_same_seed_gives_the_same_result(
        self, result: SimulationResult
    ) -> None:
        """A run is a function of the scenario and the seed."""
        assert run(FIRST_YEARS, 11) == result
        assert run(FIRST_YEARS, 12) != result

    def test_rows_come_project_by_project_in_year_order(
        self, result: SimulationResult
    ) -> None:
        """Each project has rows for consecutive years, from the year it starts."""
        assert result.seeds == (11,)
        assert result.years == (2014, 2015, 2016)
        for project_id, rows in rows_of(result).items():
            start = int(project_id.split("-")[-2])
            assert [r.year for r in rows] == list(range(start, start + len(rows)))
            assert rows[0].origin is Origin.NEW
            assert all(r.seed == 11 for r in rows)

    def test_progress_is_reported_after_every_project(self) -> None:
        """``progress(done, total)`` counts projects up to `project_count`."""
        calls: list[tuple[int, int]] = []
        run(FIRST_YEARS, 1, progress=lambda done, total: calls.append((done, total)))
        total = FIRST_YEARS.project_count()
        assert calls == [(i, total) for i in range(1, total + 1)]

    @pytest.mark.parametrize(
        ("scenario", "seed", "field"),
        [("anyang", 1, "run.scenario"), (FIRST_YEARS, "1", "run.seed")],
    )
    def test_bad_arguments_are_refused(
        self, scenario: Any, seed: Any, field: str
    ) -> None:
        """A scenario that is not a `Scenario`, or a seed that is not an int."""
        with pytest.raises(pp.InvalidInput, match=field.replace(".", r"\.")):
            run(scenario, seed)

    def test_payment_follows_the_grade_and_the_schedule_in_force(
        self, result: SimulationResult
    ) -> None:
        """Paid = contract × ratio of the grade; the grade is the score's band."""
        fw = presets.anyang()
        for row in result.rows:
            if row.cancelled:
                continue
            rules = fw.at(date(row.year, 12, 28))
            assert row.score is not None
            assert row.grade is rules.grade(row.score)
            ratio = rules.outcome(row.grade).payment_ratio
            assert row.paid == (row.contracted * ratio).quantize(Decimal("0.01"))
            assert row.withheld == row.contracted - row.paid >= 0

    def test_renewals_need_a_good_grade_and_stop_at_the_term_cap(
        self, result: SimulationResult
    ) -> None:
        """A renewal follows 良 or better; no cycle runs past three contract years."""
        renewed = 0
        for rows in rows_of(result).values():
            streak = 0
            for before, after in itertools.pairwise(rows):
                if after.origin is Origin.RENEWED:
                    renewed += 1
                    assert before.grade is not None
                    assert before.grade.is_at_least(pp.Grade.GOOD)
                    streak += 1
                    assert streak <= 2
                else:
                    streak = 0
        assert renewed > 0

    def test_poor_results_close_with_someone_accountable(self) -> None:
        """Under Anyang every 差 closes the project with accountability (无效必问责)."""
        found = run(anyang_rollout().scaled(2), 3)
        poor = [r for r in found.rows if r.grade is pp.Grade.POOR]
        assert poor
        assert all(r.closed and r.accountable for r in poor)
        projects = rows_of(found)
        assert all(projects[r.project_id][-1] is r for r in poor)

    def test_third_parties_evaluate_where_the_factors_call_for_them(
        self, result: SimulationResult
    ) -> None:
        """Street lamps have no fixed site, so a third party evaluates them; a fee."""
        lamps = [r for r in result.rows if r.project_id.startswith("lamps")]
        assert {r.evaluator for r in lamps} == {pp.Evaluator.THIRD_PARTY}
        assert all(
            r.fee == (r.contracted * Decimal("0.02")).quantize(Decimal("0.01"))
            for r in lamps
        )
        internal = [r for r in result.rows if r.evaluator is pp.Evaluator.INTERNAL]
        assert internal
        assert all(r.fee == 0 for r in internal)

    def test_daily_evaluation_follows_the_framework_or_the_scenario(
        self, result: SimulationResult
    ) -> None:
        """Monthly under Anyang (10 from March, 12 in a renewal); or as set."""
        assert {r.supervisions for r in result.rows if r.origin is Origin.NEW} == {10}
        assert {r.supervisions for r in result.rows if r.origin is Origin.RENEWED} == {
            12
        }
        quarterly = attrs.evolve(FIRST_YEARS, supervision_interval_months=3)
        rows = run(quarterly, 11).rows
        assert {r.supervisions for r in rows if r.origin is Origin.NEW} == {4}

    def test_a_framework_without_daily_evaluation_still_records_one(self) -> None:
        """With no interval in force, one daily evaluation backs the internal score."""
        fw = presets.anyang().replace(
            without_setting(EVALUATION, "supervision_interval_months")
        )
        rows = run(FIRST_YEARS.with_years([2014]).with_framework(fw), 2).rows
        assert {r.supervisions for r in rows} == {1}

    def test_refusals_are_counted_by_rule_id_and_then_mended(self) -> None:
        """A purchaser who always lapses meets each rule once per occasion."""
        always = Lapses(
            separate_line=1, targets=1, evaluator=1, overpayment=1, accountability=1
        )
        scenario = attrs.evolve(anyang_rollout().scaled(2), lapses=always)
        found = run(scenario, 5)
        counts = dict(found.refusals())
        new = [r for r in found.rows if r.origin is Origin.NEW]
        assert counts["budget.targets"] == len(new)
        assert counts["budget.separate_line"] == sum(r.year >= 2016 for r in new)
        third = sum(r.evaluator is pp.Evaluator.THIRD_PARTY for r in found.rows)
        assert counts["evaluation.evaluator"] == third
        cut = sum(r.grade is not pp.Grade.EXCELLENT for r in found.rows)
        assert counts["settlement.payment"] == cut
        assert counts["closure.accountability"] == sum(
            r.accountable for r in found.rows
        )
        assert not any(r.cancelled for r in found.rows)
        assert run(attrs.evolve(scenario, lapses=Lapses.none()), 5).refusals() == ()

    def test_a_lapse_the_rules_allow_is_no_refusal(self) -> None:
        """Without the targets rule, a budget without targets passes."""
        fw = presets.anyang().replace(without_setting(PROCESS, "targets_required"))
        scenario = attrs.evolve(
            FIRST_YEARS.with_years([2014]).with_framework(fw),
            lapses=attrs.evolve(Lapses.none(), targets=Decimal(1)),
        )
        assert run(scenario, 1).refusals() == ()

    def test_a_purchase_the_catalogue_does_not_list_is_cancelled(self) -> None:
        """National rules list nothing: every purchase is refused and cancelled."""
        found = run(FIRST_YEARS.with_framework(presets.national()), 1)
        assert all(r.cancelled and r.refusals == ("catalogue.listed",) for r in found)
        assert found.total().paid == 0
        assert found.total().project_years == FIRST_YEARS.project_count()

    def test_a_method_no_rule_permits_cancels_the_purchase(self) -> None:
        """With every method excluded, procurement is refused (method.permitted)."""
        excluded = supporting("ay-no-methods", excluded_methods=set(pp.Method))
        fw = presets.anyang().with_document(excluded)
        found = run(FIRST_YEARS.with_years([2014]).with_framework(fw), 1)
        assert all(r.cancelled for r in found)
        assert {r.refusals for r in found} == {("method.permitted",)}

    def test_an_undertaker_the_rules_exclude_cancels_the_purchase(self) -> None:
        """Only state organs bid: from 2015 no award passes (undertaker.eligible)."""
        organs = UndertakerType(
            kind=pp.UndertakerKind.STATE_ORGAN, count=2, quality=Triangular(70, 80, 90)
        )
        templates = tuple(
            attrs.evolve(t, kinds={pp.UndertakerKind.STATE_ORGAN})
            for t in ANYANG_TEMPLATES
        )
        scenario = attrs.evolve(
            FIRST_YEARS.with_years([2015]), undertakers=(organs,), templates=templates
        )
        found = run(scenario, 1)
        assert all(r.cancelled for r in found)
        assert {r.refusals for r in found} == {("undertaker.eligible",)}
        assert {r.undertaker_kind for r in found} == {None}

    def test_a_tender_that_runs_out_of_year_is_called_off(self) -> None:
        """A 330-day tender period leaves no time for a contract: cancelled."""
        fw = presets.anyang().with_document(supporting("ay-slow", min_tender_days=330))
        found = run(FIRST_YEARS.with_years([2014]).with_framework(fw), 1)
        tendered = [r for r in found if r.method is pp.Method.OPEN_TENDERING]
        assert tendered
        assert all(r.cancelled and not r.refusals for r in tendered)
        assert all(r.undertaker is not None for r in tendered)

    def test_without_renewals_every_next_period_is_tendered_again(self) -> None:
        """``renewal_rate=0``: no renewals, re-tenders instead."""
        found = run(attrs.evolve(FIRST_YEARS, renewal_rate=0), 4)
        assert not any(r.origin is Origin.RENEWED for r in found.rows)
        assert any(r.origin is Origin.RETENDERED for r in found.rows)

    def test_an_incumbent_with_priority_wins_the_re_tender_when_favoured(self) -> None:
        """``incumbent_advantage=1``: a well-graded incumbent keeps the service."""
        scenario = attrs.evolve(FIRST_YEARS, renewal_rate=0, incumbent_advantage=1)
        kept = 0
        for rows in rows_of(run(scenario, 4)).values():
            for before, after in itertools.pairwise(rows):
                if before.grade is not None and before.grade.is_at_least(pp.Grade.GOOD):
                    assert after.undertaker == before.undertaker
                    kept += 1
        assert kept > 0


class TestResult:
    def test_year_summaries_are_the_sums_of_the_records(
        self, result: SimulationResult
    ) -> None:
        """Every money metric and count of a year is the sum over its rows."""
        records = result.records(exact=True)
        for summary in result.by_year():
            mine = [r for r in records if r["year"] == summary.key]
            assert summary.project_years == len(mine)
            assert summary.paid == sum(r["paid"] for r in mine)
            assert summary.contracted == sum(r["contracted"] for r in mine)
            assert summary.withheld == sum(r["withheld"] for r in mine)
            assert summary.fees == sum(r["fee"] for r in mine)
            assert summary.savings == sum(r["savings"] for r in mine)
            assert summary.cost_before == sum(r["cost_before"] for r in mine)
            assert summary.refusals == sum(r["refusals"] for r in mine)
            assert summary.renewals == sum(r["origin"] == "RENEWED" for r in mine)
            grades = summary.excellent + summary.good + summary.fair + summary.poor
            assert grades == sum(r["grade"] is not None for r in mine)

    def test_department_and_year_summaries_add_up_to_the_total(
        self, result: SimulationResult
    ) -> None:
        """Whether grouped by year or by department, the totals agree."""
        total = result.total()
        for name in METRICS:
            assert sum(s.metric(name) for s in result.by_year()) == total.metric(name)
            by_department = sum(s.metric(name) for s in result.by_department())
            assert by_department == total.metric(name)
        assert total.key == "all"
        assert {s.key for s in result.by_department()} == {r.department for r in result}

    def test_records_are_plain_rows_with_floats(self, result: SimulationResult) -> None:
        """Rows have the CSV columns; money as float, or Decimal when exact."""
        row = result.records()[0]
        assert tuple(row) == ProjectYear.columns()
        assert isinstance(row["paid"], float)
        assert isinstance(row["category"], str)
        assert isinstance(result.records(exact=True)[0]["paid"], Decimal)
        assert len(result.records()) == len(result)

    def test_the_summary_is_a_small_table_per_year(
        self, result: SimulationResult
    ) -> None:
        """`summary` gives one plain row per year with every metric and the rate."""
        rows = result.summary()
        assert [r["key"] for r in rows] == [2014, 2015, 2016]
        assert set(METRICS) < set(rows[0])
        assert isinstance(rows[0]["savings_rate"], float)
        assert isinstance(result.summary(exact=True)[0]["savings_rate"], Decimal)

    def test_savings_rate_needs_a_cost_before(self) -> None:
        """No cost before purchase, no rate."""
        assert Summary(key=2014).savings_rate is None
        assert Summary(key=2014).as_dict()["savings_rate"] is None
        rate = Summary(key=1, cost_before=Decimal(200), paid=Decimal(150)).savings_rate
        assert rate == Decimal("0.2500")

    def test_an_unknown_metric_is_refused(self) -> None:
        """`Summary.metric` names the metrics it knows."""
        with pytest.raises(pp.InvalidInput, match="metric: 'profit'"):
            Summary(key=1).metric("profit")

    def test_refusals_can_be_read_per_year(self) -> None:
        """The counts of each year add up to the counts of the run."""
        found = run(attrs.evolve(FIRST_YEARS, lapses=Lapses(targets=1)), 2)
        per_year: dict[str, int] = defaultdict(int)
        for year in found.years:
            for rule_id, n in found.refusals(year):
                per_year[rule_id] += n
        assert dict(found.refusals()) == per_year
        assert found.refusals(2014) == (("budget.targets", 5),)

    def test_the_text_and_html_tables_show_each_year(
        self, result: SimulationResult
    ) -> None:
        """`table` and `_repr_html_` have a row per year and the refusals."""
        text = result.table()
        assert str(result) == text
        lines = text.splitlines()
        assert lines[0].startswith("year")
        assert [line.split()[0] for line in lines[2:5]] == ["2014", "2015", "2016"]
        assert lines[-1].startswith("refusals by rule:")
        page = result._repr_html_()
        assert page.count("<tr>") == 4
        assert "project-years" in page

    def test_an_empty_result_says_so(self) -> None:
        """No rows: zeros, a dash for the rate, no refusals."""
        empty = run(FIRST_YEARS.with_years([2010]), 1)
        assert len(empty) == 0
        assert "–" in empty.table()
        assert empty.table().endswith("refusals by rule: none")

    def test_combine_pools_the_rows_of_several_runs(self) -> None:
        """Seeds and rows are concatenated; totals are over all runs."""
        one, two = run(FIRST_YEARS, 1), run(FIRST_YEARS, 2)
        both = combine([one, two])
        assert both.seeds == (1, 2)
        assert both.rows == one.rows + two.rows
        assert both.total().paid == one.total().paid + two.total().paid
        assert "seed 1, 2" in both._repr_html_()
        many = combine(run_many(FIRST_YEARS.with_years([2014]), range(6)))
        assert "…" in many._repr_html_()

    @pytest.mark.parametrize(
        ("parts", "message"),
        [
            ((), "at least one result"),
            (
                (
                    run(FIRST_YEARS.with_years([2014]), 1),
                    run(FIRST_YEARS.with_years([2015]), 1),
                ),
                "different years",
            ),
        ],
    )
    def test_combine_refuses_what_cannot_be_pooled(
        self, parts: tuple[SimulationResult, ...], message: str
    ) -> None:
        """No result at all, or runs of different years."""
        with pytest.raises(pp.InvalidInput, match=message):
            combine(parts)


class TestCompare:
    def test_a_result_does_not_differ_from_itself(
        self, result: SimulationResult
    ) -> None:
        """Nothing to list, and the table says so."""
        same = compare(result, run(FIRST_YEARS, 11))
        assert len(same) == 0
        assert same.table() == "no differences"

    def test_a_harsher_payment_schedule_withholds_more_and_changes_nothing_else(
        self, result: SimulationResult
    ) -> None:
        """Same grades, same decisions; only paid, withheld, spend and savings move."""
        harsh = run(FIRST_YEARS.with_framework(harsher_payments()), 11)
        found = compare(result, harsh)
        assert {d.metric for d in found.differences} == {
            "paid",
            "withheld",
            "spend",
            "savings",
        }
        assert all(d.change > 0 for d in found.of("withheld"))
        assert all(d.change < 0 for d in found.of("paid"))
        assert [d.year for d in found.of("withheld")] == [2014, 2015, 2016]

    def test_third_party_evaluation_everywhere_costs_fees_and_is_stricter(self) -> None:
        """More third-party evaluations, more fees, lower first-year scores."""
        scenario = anyang_rollout().scaled(2)
        base = run(scenario, 8)
        what_if = run(scenario.with_framework(third_party_everywhere()), 8)
        found = compare(base, what_if)
        assert all(d.change > 0 for d in found.of("third_party"))
        assert all(d.change > 0 for d in found.of("fees"))
        assert {d.year for d in found.of("third_party")} == set(scenario.years)
        assert all(r.evaluator is pp.Evaluator.THIRD_PARTY for r in what_if.rows)
        # First years pair up exactly: the same project, undertaker and noise.
        first = {(r.project_id, r.year): r for r in base.rows if r.origin is Origin.NEW}
        changed = [
            (first[r.project_id, r.year].score, r.score)
            for r in what_if.rows
            if (r.project_id, r.year) in first
            and first[r.project_id, r.year].evaluator is pp.Evaluator.INTERNAL
        ]
        assert len(changed) > 20
        drop = sum(float(a) - float(b) for a, b in changed if a and b) / len(changed)
        assert drop > 0.5  # the purchaser's leniency, no longer alone

    def test_differences_show_as_rows_text_and_html(
        self, result: SimulationResult
    ) -> None:
        """Each difference has a year, a metric, before, after and the change."""
        found = compare(result, run(FIRST_YEARS.with_framework(harsher_payments()), 11))
        first = found.differences[0]
        assert str(first).startswith(f"{first.year} {first.metric}: ")
        assert first.change == first.after - first.before
        row = found.records()[0]
        assert set(row) == {"year", "metric", "before", "after", "change"}
        assert isinstance(row["change"], float)
        assert isinstance(found.records(exact=True)[0]["change"], Decimal)
        assert "withheld" in found.table()
        assert str(found) == found.table()
        assert found._repr_html_().count("<tr>") == len(found) + 1

    def test_refusal_counts_are_compared_rule_by_rule(self) -> None:
        """A rule met more often shows as ``refusals[rule id]``."""
        lapsing = attrs.evolve(FIRST_YEARS, lapses=Lapses(targets=1))
        found = compare(run(FIRST_YEARS, 3), run(lapsing, 3))
        targets = found.of("refusals[budget.targets]")
        assert [(d.year, d.before) for d in targets] == [
            (2014, 0),
            (2015, 0),
            (2016, 0),
        ]
        assert all(isinstance(d.after, int) and d.after > 0 for d in targets)
        counts = found.records()
        assert any(r["metric"] == "refusals[budget.targets]" for r in counts)

    def test_years_in_one_result_only_compare_with_nothing(self) -> None:
        """A year the first result lacks is compared with an empty year."""
        short = run(FIRST_YEARS.with_years([2014]), 1)
        longer = run(FIRST_YEARS.with_years([2014, 2015]), 1)
        found = compare(short, longer)
        assert {d.year for d in found.differences} == {2015}
        assert all(d.before == 0 for d in found.differences)
        (added,) = found.of("project_years")
        assert added.after == len(longer.rows) - len(short.rows)


def _run_many_serial() -> tuple[SimulationResult, ...]:
    return tuple(run(FIRST_YEARS, s) for s in (1, 2, 3))


class TestRunMany:
    def test_without_an_executor_it_runs_each_seed_in_order(self) -> None:
        """`run_many` equals one `run` per seed; progress counts runs."""
        calls: list[tuple[int, int]] = []
        found = run_many(
            FIRST_YEARS, [1, 2, 3], progress=lambda d, t: calls.append((d, t))
        )
        assert found == _run_many_serial()
        assert calls == [(1, 3), (2, 3), (3, 3)]

    @pytest.mark.slow
    def test_a_process_pool_gives_the_same_results(self) -> None:
        """Spawned interpreters, other hash seeds: the same results, in seed order."""
        calls: list[int] = []
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
            found = run_many(
                FIRST_YEARS,
                (1, 2, 3),
                executor=pool,
                progress=lambda d, _: calls.append(d),
            )
        assert found == _run_many_serial()
        assert calls == [1, 2, 3]

    @pytest.mark.slow
    def test_a_dask_cluster_gives_the_same_results(self) -> None:
        """``client.get_executor()`` of a Dask cluster is one more executor."""
        import distributed

        with (
            distributed.LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=1,
                threads_per_worker=1,
                processes=False,
                dashboard_address=None,
            ) as cluster,
            distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            found = run_many(FIRST_YEARS, [1, 2, 3], executor=client.get_executor())
        assert found == _run_many_serial()

    def test_seeds_must_be_ints(self) -> None:
        """A seed of another type is refused before anything runs."""
        with pytest.raises(pp.InvalidInput, match=r"run_many\.seeds: .* float"):
            run_many(FIRST_YEARS, [1, 2.5])  # type: ignore[list-item]


class TestCommandLine:
    def test_simulate_prints_the_summary_table(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``procpolicy simulate`` prints a table per year and the refusals."""
        code = cli.main(
            ["simulate", "--seed", "4", "--years", "2014-2015", "--runs", "2"]
        )
        out = capsys.readouterr().out
        assert code == 0
        assert "2 run(s) (seeds 4–5)" in out
        assert "\n2014 " in out
        assert "\n2015 " in out
        assert "refusals by rule:" in out

    def test_simulate_as_json_matches_the_library(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--json`` holds the summary and the records of `combine`d runs."""
        cli.main(["simulate", "--years", "2014", "--runs", "2", "--json"])
        report = json.loads(capsys.readouterr().out)
        expected = combine(run_many(FIRST_YEARS.with_years([2014]), [0, 1]))
        assert report["seeds"] == [0, 1]
        assert report["summary"] == expected.summary()
        assert report["records"] == expected.records()
        assert report["refusals"] == dict(expected.refusals())

    def test_simulate_as_csv_has_one_row_per_project_year(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--csv`` writes the record columns and one row per project-year."""
        cli.main(["simulate", "--years", "2014-2015", "--csv", "--scale", "2"])
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        expected = run(FIRST_YEARS.with_years([2014, 2015]).scaled(2), 0)
        assert len(rows) == len(expected)
        assert tuple(rows[0]) == ProjectYear.columns()

    def test_simulate_shows_progress_on_stderr(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--progress`` draws a bar on stderr; stdout keeps the table."""
        cli.main(["simulate", "--years", "2014", "--runs", "2", "--progress"])
        captured = capsys.readouterr()
        assert "simulate" in captured.err
        assert "10/10" in captured.err
        assert captured.out.startswith("procpolicy simulate")

    @pytest.mark.slow
    def test_simulate_in_worker_processes_gives_the_same_table(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--workers 2`` runs the seeds in a process pool: the same output."""
        args = ["simulate", "--years", "2014", "--runs", "2", "--progress"]
        cli.main(args)
        serial = capsys.readouterr()
        cli.main([*args, "--workers", "2"])
        parallel = capsys.readouterr()
        assert parallel.out == serial.out
        assert "10/10" in parallel.err

    @pytest.mark.parametrize(
        "args",
        [
            ["--years", "2017-2014"],
            ["--years", "twenty"],
            ["--runs", "0"],
            ["--scale", "x"],
            ["--json", "--csv"],
        ],
    )
    def test_bad_arguments_exit_with_usage(
        self, args: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The parser refuses them with exit code 2 and the usage."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["simulate", *args])
        assert exit_info.value.code == 2
        assert "usage:" in capsys.readouterr().err


# -- histories, the method mix and days to contract ------------------------------------
HALVED = Reform(
    id="halved-2016",
    title=pp.Label("公开招标数额标准减半", "Open-tender threshold halved"),
    effective=date(2016, 1, 1),
    sets={"open_tender_threshold": 1_000_000},
)
DOUBLED = attrs.evolve(
    HALVED,
    id="doubled-2016",
    title=pp.Label("公开招标数额标准翻倍", "Open-tender threshold doubled"),
    sets={"open_tender_threshold": 4_000_000},
)


class TestHistories:
    def test_one_history_per_project_each_replaying_cleanly(
        self, result: SimulationResult
    ) -> None:
        """Every history starts with Drafted and replays under Anyang's rules."""
        histories = result.histories()
        assert len(histories) == len({r.project_id for r in result})
        assert [h[0].project_id for h in histories] == list(  # type: ignore[attr-defined]
            dict.fromkeys(r.project_id for r in result)
        )
        wf = pp.Workflow(presets.anyang())
        for history in histories:
            assert isinstance(history[0], pp.events.Drafted)
            assert wf.replay(history).history == history

    def test_renewals_and_retenders_are_in_them(self, result: SimulationResult) -> None:
        """Renewed and Retendered events are in the histories of those projects."""
        kinds = [{type(e).__name__ for e in h} for h in result.histories()]
        assert any("Renewed" in k for k in kinds)
        assert any("Retendered" in k for k in kinds)
        renewed = sum(r.origin is Origin.RENEWED for r in result)
        assert renewed == sum(
            isinstance(e, pp.events.Renewed) for h in result.histories() for e in h
        )

    def test_refused_attempts_are_left_out(self) -> None:
        """Lapsing purchasers: refusals counted on the rows, none in the histories."""
        lapsing = attrs.evolve(FIRST_YEARS, lapses=Lapses(targets=1, overpayment=1))
        found = run(lapsing, 3)
        assert sum(len(r.refusals) for r in found) > 0
        wf = pp.Workflow(lapsing.framework)
        for history in found.histories():
            assert wf.replay(history).history == history

    def test_histories_survive_pickling_and_executors(
        self, result: SimulationResult
    ) -> None:
        """A pickled result, and run_many on a thread pool, give the same histories."""
        copy = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own value
        assert copy.histories() == result.histories()
        with ThreadPoolExecutor(max_workers=2) as pool:
            pooled = run_many(FIRST_YEARS, [11, 12], executor=pool)
        assert pooled == run_many(FIRST_YEARS, [11, 12])
        assert all(p.scenario is FIRST_YEARS for p in pooled)
        assert pooled[0].histories() == result.histories()
        both = combine(pooled)
        assert both.histories() == (*pooled[0].histories(), *pooled[1].histories())

    def test_a_result_without_its_scenario_cannot_replay(
        self, result: SimulationResult
    ) -> None:
        """Built by hand, or combined from two scenarios: InvalidInput says why."""
        by_hand = SimulationResult(
            seeds=result.seeds, years=result.years, rows=result.rows
        )
        assert by_hand == result
        with pytest.raises(pp.InvalidInput, match="does not know its scenario"):
            by_hand.histories()
        other = run(FIRST_YEARS.with_framework(harsher_payments()), 11)
        mixed = combine([result, other])
        with pytest.raises(pp.InvalidInput, match="different scenarios"):
            mixed.histories()


class TestMethodMixAndDaysToContract:
    def test_rows_carry_the_days_from_disclosure_to_contract(
        self, result: SimulationResult
    ) -> None:
        """32 days for a tender, 25 for consultation, none without a new contract."""
        for row in result:
            if row.origin is Origin.RENEWED or row.cancelled:
                assert row.days_to_contract is None
            elif row.method is pp.Method.OPEN_TENDERING:
                assert row.days_to_contract == 4 + 21 + 7
            else:
                assert row.method is pp.Method.COMPETITIVE_CONSULTATION
                assert row.days_to_contract == 4 + 14 + 7
        assert result.records()[0]["days_to_contract"] == 32

    def test_summaries_count_contracts_per_method(
        self, result: SimulationResult
    ) -> None:
        """The method mix adds up to the contracts procured; the mean is the days'."""
        for summary in result.by_year():
            mine = [r for r in result if r.year == summary.key and r.days_to_contract]
            assert summary.procured == len(mine)
            assert sum(n for _, n in summary.methods) == len(mine)
            for method in pp.Method:
                count = sum(r.method is method for r in mine)
                assert summary.method_count(method) == count
                assert summary.as_dict()[f"method[{method.name}]"] == count
            days = Decimal(sum(r.days_to_contract or 0 for r in mine)) / len(mine)
            assert summary.mean_days_to_contract == days.quantize(Decimal("0.1"))
        assert Summary(key=2014).mean_days_to_contract is None
        assert Summary(key=2014).as_dict()["mean_days_to_contract"] is None

    def test_the_halved_threshold_moves_the_method_mix(self) -> None:
        """More open tenders, fewer consultations from 2016, longer to contract."""
        scenario = anyang_rollout()
        before = run(scenario, 2017)
        after = run(scenario.with_framework(HALVED.apply(scenario.framework)), 2017)
        found = compare(before, after)
        tenders = found.of("method[OPEN_TENDERING]")
        consultations = found.of("method[COMPETITIVE_CONSULTATION]")
        assert tenders
        assert {d.year for d in tenders} <= {2016, 2017}
        assert all(d.change > 0 for d in tenders)
        assert all(d.change < 0 for d in consultations)
        assert all(d.change > 0 for d in found.of("mean_days_to_contract"))
        assert "method[OPEN_TENDERING]" in found.table()

    def test_the_doubled_threshold_moves_it_the_other_way(self) -> None:
        """A loosening: fewer open tenders from 2016."""
        scenario = anyang_rollout()
        before = run(scenario, 2017)
        after = run(scenario.with_framework(DOUBLED.apply(scenario.framework)), 2017)
        found = compare(before, after)
        tenders = found.of("method[OPEN_TENDERING]")
        assert tenders
        assert all(d.change < 0 for d in tenders)
        assert all(d.change < 0 for d in found.of("mean_days_to_contract"))
