"""Portfolio audits and counterfactuals, and the portfolio rule method.splitting."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy._process.splitting import splits
from procpolicy.portfolio import Audit, Counterfactual, audit, counterfactual
from procpolicy.simulation import anyang_rollout, run
from procpolicy.testing import strategies
from tests._lifecycle import cleaning_2015

FW = pp.presets.anyang()
C = cleaning_2015()


def purchase(
    project_id: str,
    amount: int,
    method: pp.Method,
    *,
    year: int = 2016,
    **grounds: bool,
) -> tuple[E.Event, ...]:
    """A 2016 purchase of municipal sanitation, up to its procurement start."""
    drafted = attrs.evolve(C.drafted, project_id=project_id, at=datetime(year, 2, 2, 9))
    budgeted = attrs.evolve(
        C.budgeted,
        at=datetime(year, 2, 10, 9),
        amount=Decimal(amount),
        separate_line=True,
    )
    disclosed = attrs.evolve(C.disclosed, at=datetime(year, 2, 12, 9))
    started = E.ProcurementStarted(
        at=datetime(year, 2, 16, 9),
        method=method,
        grounds=frozenset(
            {pp.MethodGround.DEVIATION_APPROVED} if grounds.get("approved") else ()
        ),
    )
    return (drafted, budgeted, disclosed, started)


CONSULT = pp.Method.COMPETITIVE_CONSULTATION


def splitting(result: Audit) -> list[tuple[str, int]]:
    return [
        (r["project_id"], r["index"])
        for r in result.records()
        if "method.splitting" in r["failed"].split()
    ]


class TestSplitting:
    def test_two_consultations_that_add_up_to_a_tender_fail(self) -> None:
        """1.2 m + 1.0 m of one buyer, category and year: both starts fail."""
        result = audit(
            [purchase("A-1", 1_200_000, CONSULT), purchase("A-2", 1_000_000, CONSULT)],
            FW,
        )
        assert splitting(result) == [("A-1", 3), ("A-2", 3)]
        assert result.refused() == ("A-1", "A-2")
        assert result.by_rule()["method.splitting"] == (2, 0)

    def test_the_message_names_the_figures(self) -> None:
        """The failure gives the total and the threshold, in zh and en."""
        histories = [
            purchase("A-1", 1_200_000, CONSULT),
            purchase("A-2", 1_000_000, CONSULT),
        ]
        first = splits(histories, FW.rules_on)[0]
        assert "2,200,000.00" in first.en
        assert "2,000,000.00" in first.en
        assert "化整为零" in first.zh

    def test_below_the_threshold_together_passes(self) -> None:
        """1.0 m + 0.9 m stays below 2 m: no splitting."""
        result = audit(
            [purchase("A-1", 1_000_000, CONSULT), purchase("A-2", 900_000, CONSULT)],
            FW,
        )
        assert splitting(result) == []

    def test_open_tendering_and_approval_are_not_splitting(self) -> None:
        """An open tender, or another method approved beforehand, passes."""
        result = audit(
            [
                purchase("A-1", 1_200_000, pp.Method.OPEN_TENDERING),
                purchase("A-2", 1_000_000, CONSULT, approved=True),
                purchase("A-3", 500_000, CONSULT),
            ],
            FW,
        )
        assert splitting(result) == [("A-3", 3)]

    def test_other_years_buyers_and_single_projects_are_apart(self) -> None:
        """Different budget years do not add up; one project alone is not split."""
        result = audit(
            [
                purchase("A-1", 1_200_000, CONSULT, year=2016),
                purchase("A-2", 1_000_000, CONSULT, year=2017),
            ],
            FW,
        )
        assert splitting(result) == []

    def test_exactly_the_threshold_together_is_splitting(self) -> None:
        """1.2 m + 0.8 m reaches the 2 m threshold: at it, a tender was due."""
        result = audit(
            [purchase("A-1", 1_200_000, CONSULT), purchase("A-2", 800_000, CONSULT)],
            FW,
        )
        assert splitting(result) == [("A-1", 3), ("A-2", 3)]

    def test_a_lone_purchase_judged_first_hides_no_later_group(self) -> None:
        """A group of one (another year) before a split pair: the pair still fails."""
        histories = [
            purchase("A-0", 1_500_000, CONSULT, year=2015),
            purchase("A-1", 1_200_000, CONSULT),
            purchase("A-2", 1_000_000, CONSULT),
        ]
        assert [(s.project_id, s.index) for s in splits(histories, FW.rules_on)] == [
            ("A-1", 3),
            ("A-2", 3),
        ]

    def test_a_restart_by_another_method_is_judged_too(self) -> None:
        """A failed open tender restarted by consultation: the restart is split."""
        tender = purchase("A-1", 1_200_000, pp.Method.OPEN_TENDERING)
        failed = E.ProcurementFailed(at=datetime(2016, 3, 10, 9), reason="无合格投标")
        started = tender[3]
        assert isinstance(started, E.ProcurementStarted)
        restart = attrs.evolve(started, at=datetime(2016, 3, 14, 9), method=CONSULT)
        histories = [(*tender, failed, restart), purchase("A-2", 1_000_000, CONSULT)]
        assert [(s.project_id, s.index) for s in splits(histories, FW.rules_on)] == [
            ("A-1", 5),
            ("A-2", 3),
        ]

    def test_a_restart_after_the_threshold_fell_is_judged_by_the_new_one(
        self,
    ) -> None:
        """Below 2 m at the first start; the restart meets a threshold of 1 m."""
        lower = pp.PolicyDocument(
            id="x-threshold",
            title=pp.Label("降低公开招标数额标准", "A lower open-tender threshold"),
            layer=pp.Layer.IMPLEMENTATION,
            effective=date(2016, 3, 1),
            sets=pp.Overrides(open_tender_threshold=1_000_000),
            articles={"open_tender_threshold": "§1"},
        )
        framework = FW.with_document(lower)
        first = purchase("A-1", 800_000, CONSULT)
        failed = E.ProcurementFailed(at=datetime(2016, 2, 20, 9), reason="无合格响应")
        restart = attrs.evolve(first[3], at=datetime(2016, 3, 2, 9))
        histories = [(*first, failed, restart), purchase("A-2", 500_000, CONSULT)]
        found = [(s.project_id, s.index) for s in splits(histories, framework.rules_on)]
        assert found == [("A-1", 5)]

    def test_a_history_with_no_draft_or_no_budget_is_left_out(self) -> None:
        """Only a drafted, budgeted purchase belongs to a group."""
        pair = [
            purchase("A-1", 1_200_000, CONSULT),
            purchase("A-2", 1_000_000, CONSULT),
        ]
        unbudgeted = (pair[0][0], *pair[0][2:])
        undrafted = pair[1][1:]
        assert splits([unbudgeted, pair[1]], FW.rules_on) == ()
        assert splits([pair[0], undrafted], FW.rules_on) == ()
        assert len(splits(pair, FW.rules_on)) == 2

    def test_splitting_is_a_registered_rule_with_a_dated_basis(self) -> None:
        """method.splitting cites gpl Art 28 and has a basis every day."""
        rule = pp.RULES["method.splitting"]
        assert "Art 28" in rule.citation.article
        assert FW.at(date(2016, 1, 1)).basis("method.splitting")


class TestAudit:
    def test_rows_agree_with_the_workflow_audit(self) -> None:
        """Each row's failed ids are those of Workflow.audit's judgement."""
        histories = run(anyang_rollout().with_years([2015]), 3).histories()
        rows = audit(histories, FW).records()
        wf = pp.Workflow(FW)
        expected = [
            " ".join(v.rule.id for v in j.violations)
            for h in histories
            for j in wf.audit(h)
        ]
        got = [r["failed"] for r in rows]
        mine = [" ".join(x for x in g.split() if x != "method.splitting") for g in got]
        assert mine == expected

    def test_an_executor_gives_the_same_rows_and_reports_progress(self) -> None:
        """A thread pool (any Executor) gives the same audit; progress counts."""
        histories = run(anyang_rollout().with_years([2015]), 5).histories()
        calls: list[tuple[int, int]] = []
        with ThreadPoolExecutor(2) as pool:
            threaded = audit(
                histories, FW, executor=pool, progress=lambda d, t: calls.append((d, t))
            )
        assert threaded == audit(histories, FW)
        assert calls[-1] == (len(histories), len(histories))
        serial: list[tuple[int, int]] = []
        audit(histories, FW, progress=lambda d, t: serial.append((d, t)))
        assert serial[-1] == calls[-1]

    def test_strict_counts_an_unknown_fact_as_failed(self) -> None:
        """strict=True: the undetermined rules become failed ones."""
        life = (*C[:4], attrs.evolve(C.awarded, bidders=None))
        lax = audit([life], FW).records()[-1]
        strict = audit([life], FW, strict=True).records()[-1]
        assert "tender.bidders" in lax["undetermined"].split()
        assert lax["allowed"]
        assert "tender.bidders" in strict["failed"].split()
        assert not strict["allowed"]

    def test_summary_counts_projects_and_events(self) -> None:
        """summary() counts what records() lists; the HTML shows the rules."""
        result = audit([C, (*C[:4], attrs.evolve(C.awarded, bidders=1))], FW)
        summary = result.summary()
        assert summary["projects"] == 1  # the same project id twice
        assert summary["events"] == len(C) + 5
        assert summary["refused_events"] == 1
        assert "<th>rule</th>" in result._repr_html_()
        assert "tender.bidders" in result._repr_html_()

    @pytest.mark.parametrize(
        ("histories", "message"),
        [
            ([[]], r"histories\[0\]: must start with a Drafted"),
            ([C, [C.budgeted]], r"histories\[1\]: must start with a Drafted"),
            ([[C.drafted, "x"]], r"histories\[0\]\[1\]: must be an event"),
        ],
    )
    def test_bad_histories_are_invalid_input(
        self, histories: list[list[object]], message: str
    ) -> None:
        """A history that does not open with Drafted, or holds a non-event."""
        with pytest.raises(pp.InvalidInput, match=message):
            audit(histories, FW)  # type: ignore[arg-type]


class TestCounterfactual:
    def test_the_same_framework_changes_nothing(self) -> None:
        """counterfactual(hs, fw, fw).changed() is empty."""
        histories = run(anyang_rollout().with_years([2015]), 2).histories()
        result = counterfactual(histories, FW, FW)
        assert result.changed() == []
        assert result.summary() == {}

    def test_a_halved_threshold_fails_the_consultations_above_it(self) -> None:
        """Halving the open-tender threshold: consultations of 1 m+ newly fail."""
        halved = pp.Reform(
            id="halved",
            title=pp.Label("公开招标数额标准减半", "Open-tender threshold halved"),
            effective=date(2014, 1, 1),
            sets=pp.Overrides(open_tender_threshold=Decimal(1_000_000)),
        ).apply(FW)
        histories = [
            purchase("B-1", 1_500_000, CONSULT),
            purchase("B-2", 900_000, CONSULT, year=2017),
        ]
        result = counterfactual(histories, FW, halved)
        assert result.changed() == [
            {
                "project_id": "B-1",
                "index": 3,
                "event": "ProcurementStarted",
                "rule": "method.permitted",
                "baseline": "PASSED",
                "alternative": "FAILED",
            }
        ]
        assert result.summary() == {"method.permitted": (1, 0)}
        assert "method.permitted" in result._repr_html_()

    def test_a_doubled_threshold_is_honoured(self) -> None:
        """Doubling it (a loosening) lets a 3 m consultation pass."""
        doubled = pp.Reform(
            id="doubled",
            title=pp.Label("公开招标数额标准加倍", "Open-tender threshold doubled"),
            effective=date(2014, 1, 1),
            sets=pp.Overrides(open_tender_threshold=Decimal(4_000_000)),
        ).apply(FW)
        result = counterfactual([purchase("B-3", 3_000_000, CONSULT)], FW, doubled)
        assert result.summary() == {"method.permitted": (0, 1)}

    def test_a_rule_that_becomes_undetermined_is_neither_failed_nor_passed(
        self,
    ) -> None:
        """PASSED → UNDETERMINED is a change, counted in neither column."""
        before = Audit((("P", 1, E.Awarded, date(2015, 3, 10), (), ()),))
        after = Audit(
            (("P", 1, E.Awarded, date(2015, 3, 10), (), ("tender.bidders",)),)
        )
        result = Counterfactual(before, after)
        assert [r["alternative"] for r in result.changed()] == ["UNDETERMINED"]
        assert result.summary() == {"tender.bidders": (0, 0)}

    def test_a_rule_failed_under_both_is_not_a_change(self) -> None:
        """Only the rules whose verdict differs are listed."""
        before = Audit(
            (("P", 3, E.ProcurementStarted, date(2016, 2, 16), ("a.b",), ()),)
        )
        after = Audit(
            (("P", 3, E.ProcurementStarted, date(2016, 2, 16), ("a.b", "c.d"), ()),)
        )
        rows = Counterfactual(before, after).changed()
        assert [(r["rule"], r["baseline"], r["alternative"]) for r in rows] == [
            ("c.d", "PASSED", "FAILED")
        ]


class TestLaws:
    @settings(max_examples=30)
    @given(st.lists(strategies.event_sequences(FW, max_size=15), max_size=4))
    def test_a_framework_against_itself_changes_nothing(
        self, histories: list[tuple[E.Event, ...]]
    ) -> None:
        """counterfactual(hs, fw, fw).changed() == [] for any histories."""
        assert counterfactual(histories, FW, FW).changed() == []

    @settings(max_examples=30)
    @given(strategies.event_sequences(FW, max_size=15))
    def test_audit_rows_agree_with_the_workflow_audit(
        self, history: tuple[E.Event, ...]
    ) -> None:
        """One history: each row's failed ids are its judgement's violations."""
        rows = audit([history], FW).records()
        judged = pp.Workflow(FW).audit(history)
        assert [r["failed"].split() for r in rows] == [
            [v.rule.id for v in j.violations] for j in judged
        ]
