"""Rich displays: the HTML a notebook shows, parsed (no snapshot of bytes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from typing import cast

import pytest

import procpolicy as pp
from procpolicy import _display, presets
from procpolicy import events as E  # noqa: N812
from tests._lifecycle import cleaning_2015, upto


@dataclass
class Table:
    """One parsed table: its caption, header cells and body rows."""

    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """Each table of a page, parsed with the standard library."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._text: list[str] | None = None
        self._row: list[str] = []
        self._head = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th", "caption"}:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._text is not None:
            self.tables[-1].caption = "".join(self._text)
        elif tag in {"td", "th"} and self._text is not None:
            self._row.append("".join(self._text))
        elif tag == "tr" and self._head:
            self.tables[-1].headers = self._row
        elif tag == "tr":
            self.tables[-1].rows.append(self._row)
        if tag in {"td", "th", "caption"}:
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def tables(html: str) -> list[Table]:
    """The tables of ``html``."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


def _refused() -> pp.TransitionRefused:
    wf = pp.Workflow(presets.anyang())
    project = upto(tuple(cleaning_2015()), E.Drafted)
    event = E.Budgeted(at=datetime(2015, 2, 10), amount=Decimal(1), separate_line=False)
    with pytest.raises(pp.TransitionRefused) as caught:
        wf.apply(project, event)
    return caught.value


class TestProject:
    def test_the_html_shows_the_facts_and_the_history(self) -> None:
        """Two tables: key facts (stage first) and one history row per event."""
        project = pp.project.fold(tuple(cleaning_2015()))
        facts, history = tables(project._repr_html_())
        assert facts.headers == ["fact", "value"]
        assert facts.rows[0] == ["stage 阶段", "CLOSED (已结项)"]
        assert ["id", "AY-2015-007"] in facts.rows
        assert ["budget 预算 万元", "80.0"] in facts.rows
        assert history.headers == ["#", "day", "event", "details"]
        assert len(history.rows) == len(project.history)
        assert history.rows[1][:3] == ["1", "2015-02-10", "Budgeted"]
        assert history.rows[0][3].startswith("purchaser=安阳市城市管理局")
        assert "targets=(道路保洁达标率 %)" in history.rows[1][3]

    def test_the_repr_is_one_short_line(self) -> None:
        """The repr names the id, stage and number of events, not the history."""
        project = pp.project.fold(tuple(cleaning_2015()))
        text = repr(project)
        assert text == "Project('AY-2015-007', stage=CLOSED, 11 event(s))"

    def test_long_event_details_are_cut(self) -> None:
        """Details longer than a line end with an ellipsis."""
        project = pp.project.fold(tuple(cleaning_2015()))
        _, history = tables(project._repr_html_())
        longest = max(len(row[3]) for row in history.rows)
        assert longest <= 80
        assert any(row[3].endswith("…") for row in history.rows)


class TestRulesAndFramework:
    def test_the_rule_set_lists_every_parameter_with_its_source(self) -> None:
        """One row per parameter and the catalogue: value, source, provenance."""
        rules = presets.anyang().at(date(2021, 1, 1))
        (table,) = tables(rules._repr_html_())
        assert table.headers == [
            "parameter",
            "中文",
            "value",
            "source",
            "provenance",
        ]
        rows = {row[0]: row for row in table.rows}
        assert len(rows) == len(pp.Parameters.names()) + 1
        assert rows["max_contract_years"][2:] == ["1", "mof-102 Art 24", "TEXT"]
        assert rows["catalogue"][1] == "指导性目录"
        assert "SOCIAL_WORK" in rows["catalogue"][2]

    def test_a_value_no_document_sets_reads_no_limit(self) -> None:
        """Before any document, limits read 'no limit' and cite the default."""
        rules = presets.anyang().at(date(1990, 1, 1))
        (table,) = tables(rules._repr_html_())
        rows = {row[0]: row for row in table.rows}
        assert rows["max_contract_years"][2] == "no limit"
        assert rows["max_contract_years"][3] == "not set: the unregulated default"
        assert rows["accountability_grade"][2] == "none"
        assert rows["catalogue"][2] == "none"

    def test_the_rule_set_repr_is_short(self) -> None:
        """The repr gives the stretch of days and the number of documents."""
        fw = presets.anyang()
        first = fw.at(date(1990, 1, 1))
        assert repr(first).startswith("RuleSet(… – ")
        last = fw.at(fw.boundaries()[-1])
        assert repr(last) == (
            f"RuleSet({last.valid_from} – …, {len(last.documents)} document(s))"
        )

    def test_the_framework_lists_documents_by_layer_then_date(self) -> None:
        """National documents first; within a layer, oldest first."""
        fw = presets.anyang()
        (table,) = tables(fw._repr_html_())
        assert table.headers == [
            "layer",
            "document",
            "中文",
            "English",
            "effective",
            "expires",
            "provenance",
        ]
        assert len(table.rows) == len(fw)
        layers = [row[0] for row in table.rows]
        assert layers[0].startswith("NATIONAL")
        assert layers[-1].startswith("SUPPORTING")
        national = [row[4] for row in table.rows if row[0].startswith("NATIONAL")]
        assert national == sorted(national)

    def test_the_framework_repr_names_the_first_documents(self) -> None:
        """Four ids, then an ellipsis; a small framework shows them all."""
        fw = presets.anyang()
        assert repr(fw).startswith(f"PolicyFramework({len(fw)} document(s): ")
        assert repr(fw).endswith(", …)")
        small = pp.PolicyFramework(fw.documents[:1])
        assert repr(small) == f"PolicyFramework(1 document(s): {fw.documents[0].id})"


class TestOutcomes:
    def test_a_refusal_lists_each_violation_with_zh_and_basis(self) -> None:
        """One row per violation: rule, title, message, 中文, basis."""
        refused = _refused()
        (table,) = tables(refused._repr_html_())
        assert table.caption == (
            f"Budgeted refused 拒绝: {len(refused.violations)} rule(s) broken"
        )
        assert table.headers == ["rule", "规则", "message", "中文", "basis"]
        ids = [row[0] for row in table.rows]
        assert ids == [v.rule.id for v in refused.violations]

    def test_a_violation_shows_its_basis(self) -> None:
        """The basis cell holds the citations in force that day."""
        violation = _refused().violations[0]
        (table,) = tables(violation._repr_html_())
        (row,) = table.rows
        assert row[0] == violation.rule.id
        assert row[2] == violation.message
        assert row[4] == "; ".join(
            map(str, violation.basis or (violation.rule.citation,))
        )

    def test_a_judgement_lists_every_rule_with_its_verdict(self) -> None:
        """The caption says allowed or refused; each result has a verdict."""
        wf = pp.Workflow(presets.anyang())
        lifecycle = tuple(cleaning_2015())
        project = upto(lifecycle, E.Drafted)
        judgement = wf.judge(project, lifecycle[1])
        (table,) = tables(judgement._repr_html_())
        assert table.caption == "Judgement 判定 Budgeted: allowed 允许"
        assert table.headers == [
            "rule",
            "规则",
            "verdict",
            "message",
            "中文",
            "basis",
        ]
        assert len(table.rows) == len(judgement.results)
        assert {row[2] for row in table.rows} <= {
            f"{v.name} ({v.zh})" for v in pp.rules.Verdict
        }
        refused = wf.judge(project, cast("E.Event", _refused().event))
        assert tables(refused._repr_html_())[0].caption.endswith("refused 拒绝")

    def test_a_rule_result_is_one_row(self) -> None:
        """A single result shows its rule and verdict."""
        wf = pp.Workflow(presets.anyang())
        lifecycle = tuple(cleaning_2015())
        result = wf.judge(upto(lifecycle, E.Drafted), lifecycle[1]).results[0]
        (table,) = tables(result._repr_html_())
        (row,) = table.rows
        assert row[0] == result.rule.id
        assert row[2].startswith(result.verdict.name)

    def test_a_finding_shows_rule_titles_message_fix_and_basis(self) -> None:
        """Rule id, its title in zh and en, severity, message, fix, citation."""
        (finding, *_) = presets.anyang().without("ay-process").check()
        (table,) = tables(finding._repr_html_())
        assert table.headers == [
            "rule",
            "规则",
            "rule (en)",
            "severity",
            "documents",
            "message",
            "中文",
            "fix",
            "basis",
        ]
        (row,) = table.rows
        assert row[:3] == [
            finding.rule.id,
            finding.rule.title.zh,
            finding.rule.title.en,
        ]
        assert row[3] == "ERROR (错误)"
        assert row[5] == finding.message
        assert row[6] == finding.zh
        assert finding.zh

    def test_text_is_escaped(self) -> None:
        """Markup in a message is shown as text, not interpreted."""
        rule = pp.RULES["tender.period"]
        violation = pp.Violation(rule, "<script>alert(1)</script>")
        html = violation._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


class TestWorkflow:
    def test_the_stage_graph_is_a_mermaid_block(self) -> None:
        """JupyterLab draws a fenced mermaid block; it holds `to_mermaid()`."""
        wf = pp.Workflow()
        text = wf._repr_markdown_()
        assert text.startswith("```mermaid\nstateDiagram-v2\n")
        assert text == f"```mermaid\n{wf.to_mermaid()}\n```\n"


class TestShow:
    @pytest.mark.parametrize(
        ("name", "value", "shown"),
        [
            ("max_contract_years", 99, "no limit"),
            ("max_days_award_to_contract", 36500, "no limit"),
            ("open_tender_threshold", Decimal("Infinity"), "no limit"),
            ("max_contract_years", 3, "3"),
            ("min_tender_days", 0, "0"),
            ("accountability_grade", None, "none"),
            ("accountability_grade", pp.Grade.POOR, "POOR"),
            ("", Decimal("Infinity"), "no limit"),
            ("", None, "none"),
        ],
    )
    def test_one_rendering_of_no_limit(
        self, name: str, value: object, shown: str
    ) -> None:
        """A limit at its unregulated default reads 'no limit'; other values as set."""
        assert _display.show(value, name) == shown

    def test_a_diff_shows_no_limit_not_the_sentinel(self) -> None:
        """RuleSet.diff writes 'no limit → 1', never 99 or 36500."""
        fw = presets.anyang()
        changes = {
            c.name: c for c in fw.at(date(2013, 12, 31)).diff(fw.at(date(2014, 1, 1)))
        }
        assert str(changes["max_contract_years"]) == (
            "parameter max_contract_years: no limit → 1"
        )
        assert changes["accountability_grade"].before == "none"
        assert not any(
            "99" in (c.before, c.after) or "36500" in (c.before, c.after)
            for c in changes.values()
        )

    def test_labels_in_event_details_read_in_chinese(self) -> None:
        """A label (a target's or an item's name) shows its Chinese text."""
        assert _display._brief((pp.Label("路灯", "Lamps"), 3)) == "(路灯, 3)"

    def test_sets_are_shown_sorted(self) -> None:
        """A set of members is written by name, in order."""
        value = frozenset({pp.Grade.POOR, pp.Grade.GOOD})
        assert _display.show(value) == "{GOOD, POOR}"
