"""What a notebook user expects: frames, a sequence of rules, named columns, facts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import cast

import attrs
import pandas as pd
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import portfolio, presets, serialization
from procpolicy.simulation import anyang_rollout, compare, run
from tests._lifecycle import cleaning_2015, upto
from tests.unit.test_display import tables


@pytest.fixture(scope="module")
def result() -> pp.simulation.SimulationResult:
    """One run of the Anyang rollout over two years."""
    return run(anyang_rollout().with_years([2014, 2015]), 1)


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


class TestToFrame:
    def test_a_simulation_frame_has_one_typed_row_per_project_year(
        self, result: pp.simulation.SimulationResult
    ) -> None:
        """Counts int64, money float64, flags bool, the contract's days Int64."""
        frame = result.to_frame()
        assert list(frame.columns) == list(result.rows[0].columns())
        assert len(frame) == len(result)
        dtypes = _dtypes(frame)
        assert dtypes["year"] == "int64"
        assert dtypes["seed"] == "int64"
        assert dtypes["refusals"] == "int64"
        assert dtypes["days_to_contract"] == "Int64"
        assert dtypes["paid"] == "float64"
        assert dtypes["score"] == "float64"
        assert dtypes["cancelled"] == "bool"
        assert pd.api.types.is_string_dtype(frame["project_id"])
        assert frame["paid"].sum() == pytest.approx(float(result.total().paid))

    def test_a_comparison_frame_has_year_metric_and_numbers(
        self, result: pp.simulation.SimulationResult
    ) -> None:
        """Year int64, metric text, before/after/change float64."""
        other = run(anyang_rollout().with_years([2014, 2015]), 2)
        comparison = compare(result, other)
        frame = comparison.to_frame()
        assert list(frame.columns) == ["year", "metric", "before", "after", "change"]
        assert len(frame) == len(comparison)
        dtypes = _dtypes(frame)
        assert dtypes["year"] == "int64"
        assert {dtypes[c] for c in ("before", "after", "change")} == {"float64"}

    def test_an_audit_frame_has_days_and_flags(self) -> None:
        """Day datetime64, allowed bool, index int64."""
        histories = [tuple(cleaning_2015())]
        audit = portfolio.audit(histories, presets.anyang())
        frame = audit.to_frame()
        assert list(frame.columns) == [
            "project_id",
            "index",
            "event",
            "day",
            "allowed",
            "failed",
            "undetermined",
        ]
        dtypes = _dtypes(frame)
        assert dtypes["day"] == "datetime64[ns]"
        assert dtypes["allowed"] == "bool"
        assert dtypes["index"] == "int64"
        assert frame["day"].iloc[0] == pd.Timestamp("2015-02-02")
        assert frame["allowed"].all()

    def test_a_counterfactual_frame_names_each_changed_verdict(self) -> None:
        """One row per rule whose verdict changed; index int64."""
        lifecycle = cleaning_2015()
        late = attrs.evolve(lifecycle.awarded, bidders=2)
        histories = [(*lifecycle[:4], late, *lifecycle[5:])]
        fw = presets.anyang()
        before_the_law = fw.frozen_at(date(2000, 1, 1))
        changed = portfolio.counterfactual(histories, fw, before_the_law)
        frame = changed.to_frame()
        assert list(frame.columns) == [
            "project_id",
            "index",
            "event",
            "rule",
            "baseline",
            "alternative",
        ]
        assert len(frame) == len(changed.changed()) > 0
        assert "tender.bidders" in set(frame["rule"])
        assert _dtypes(frame)["index"] == "int64"

    def test_an_empty_audit_gives_an_empty_frame_with_the_columns(self) -> None:
        """No rows: the columns and dtypes are still there."""
        frame = portfolio.audit([], presets.anyang()).to_frame()
        assert len(frame) == 0
        assert _dtypes(frame)["day"] == "datetime64[ns]"

    def test_without_pandas_the_error_says_how_to_install_it(
        self, monkeypatch: pytest.MonkeyPatch, result: pp.simulation.SimulationResult
    ) -> None:
        """An ImportError naming the pandas extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"procpolicy\[pandas\]"):
            result.to_frame()


class TestSummaries:
    def test_the_year_summary_names_its_column_year(
        self, result: pp.simulation.SimulationResult
    ) -> None:
        """summary() rows have 'year' (and 'key', kept for compatibility)."""
        rows = result.summary()
        assert [r["year"] for r in rows] == [2014, 2015]
        assert all(r["key"] == r["year"] for r in rows)
        assert next(iter(rows[0])) == "year"

    def test_the_department_summary_names_its_column_department(
        self, result: pp.simulation.SimulationResult
    ) -> None:
        """by_department() summaries write 'department' first."""
        rows = [s.as_dict() for s in result.by_department()]
        assert {r["department"] for r in rows} == {r.department for r in result}
        assert next(iter(rows[0])) == "department"
        assert next(iter(result.total().as_dict())) == "key"

    def test_the_grouping_does_not_change_equality(self) -> None:
        """Two summaries of the same totals are equal whatever they group."""
        summary = pp.simulation.Summary
        assert summary(key=2015, group="year") == summary(key=2015)


class TestComparisonHtml:
    def test_money_is_shown_in_wan_yuan_like_the_result_table(
        self, result: pp.simulation.SimulationResult
    ) -> None:
        """Money metrics read in 万元; counts stay whole."""
        other = run(anyang_rollout().with_years([2014, 2015]), 2)
        comparison = compare(result, other)
        (table,) = tables(comparison._repr_html_())
        assert "万元" in table.caption
        rows = {(row[0], row[1]): row for row in table.rows}
        paid = comparison.of("paid")[0]
        row = rows[(str(paid.year), "paid 万元")]
        assert row[2] == f"{Decimal(paid.before) / 10_000:,.1f}"
        counts = [row for row in table.rows if "万元" not in row[1]]
        assert all(
            "." not in row[2] for row in counts if row[1] != "mean_days_to_contract"
        )


class TestRegistry:
    def test_the_rules_are_a_sequence(self) -> None:
        """RULES[0], RULES[:2], RULES[-1] and RULES['id'] all work."""
        rules = pp.RULES
        assert isinstance(cast("object", rules), Sequence)
        assert rules[0] is rules.rules[0]
        assert rules[:2] == rules.rules[:2]
        assert rules[-1].id == rules.ids()[-1]
        assert rules["tender.period"].id == "tender.period"
        assert rules.index(rules["tender.period"]) == rules.ids().index("tender.period")
        assert rules.count(rules["tender.period"]) == 1

    def test_membership_takes_an_id_or_a_rule(self) -> None:
        """An id or a rule of the registry is in it; anything else is not."""
        rule = pp.RULES["tender.period"]
        assert "tender.period" in pp.RULES
        assert rule in pp.RULES
        other = attrs.evolve(rule, title=pp.Label("别的", "Other"))
        assert other not in pp.RULES
        assert 3 not in pp.RULES
        assert "no.such_rule" not in pp.RULES

    @pytest.mark.parametrize("key", ["no.such_rule", 1.5])
    def test_an_unknown_key_is_invalid_input(self, key: object) -> None:
        """Neither an id nor a position: InvalidInput."""
        with pytest.raises(pp.InvalidInput, match="no rule"):
            pp.RULES[key]  # type: ignore[call-overload]


class TestFactsInJson:
    def _violation(self) -> pp.Violation:
        wf = pp.Workflow(presets.anyang())
        lifecycle = cleaning_2015()
        project = upto(tuple(lifecycle), E.ProcurementStarted)
        few = attrs.evolve(lifecycle.awarded, bidders=1)
        (violation, *_) = (
            v for v in wf.check(project, few) if v.rule.id == "tender.bidders"
        )
        return violation

    def test_facts_are_written_as_an_object(self) -> None:
        """to_dict gives {name: value}, in the rule's order."""
        violation = self._violation()
        stored = serialization.to_dict(violation)
        assert stored["facts"] == dict(violation.facts)
        assert list(stored["facts"]) == [name for name, _ in violation.facts]
        assert serialization.from_dict(pp.Violation, stored) == violation

    def test_facts_stored_as_pairs_are_still_read(self) -> None:
        """The old form, a list of [name, value] pairs, reads the same."""
        violation = self._violation()
        stored = serialization.to_dict(violation)
        stored["facts"] = [list(pair) for pair in violation.facts]
        assert serialization.from_dict(pp.Violation, stored) == violation

    @pytest.mark.parametrize("facts", [["bidders"], {"bidders": 1}, "x", [["a", 1]]])
    def test_other_facts_are_refused_with_the_path(self, facts: object) -> None:
        """Anything else: InvalidInput pointing at facts."""
        stored = serialization.to_dict(self._violation())
        stored["facts"] = facts
        with pytest.raises(pp.InvalidInput, match="facts"):
            serialization.from_dict(pp.Violation, stored)

    def test_a_judgement_round_trips_with_its_facts(self) -> None:
        """Results inside a judgement store their facts as objects too."""
        wf = pp.Workflow(presets.anyang())
        lifecycle = cleaning_2015()
        project = upto(tuple(lifecycle), E.ProcurementStarted)
        judgement = wf.judge(project, attrs.evolve(lifecycle.awarded, bidders=1))
        stored = serialization.to_dict(judgement)
        assert all(isinstance(r["facts"], dict) for r in stored["results"])
        assert serialization.from_dict(pp.rules.Judgement, stored) == judgement
