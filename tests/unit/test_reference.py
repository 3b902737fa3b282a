"""The generated reference pages: their content, and no drift in ``docs/``."""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from procpolicy import (
    RULES,
    Catalogue,
    Citation,
    Grade,
    InvalidInput,
    Label,
    Layer,
    Overrides,
    Parameters,
    PolicyDocument,
    PolicyFramework,
    Prohibited,
    ServiceCategory,
    presets,
    reference,
)
from procpolicy.reference import (
    MARKER,
    PAGES,
    assumptions_markdown,
    parameters_markdown,
    rules_markdown,
    splice,
    workflow_markdown,
)
from procpolicy.workflow import TRANSITIONS, Workflow

DOCS = Path(__file__).resolve().parents[2] / "docs"
REGENERATE = "python docs/regenerate.py"


def _rows(text: str) -> list[str]:
    """The body rows of every Markdown table in ``text``."""
    return [
        line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("|---")
    ]


def _row_of(text: str, needle: str) -> list[str]:
    """The cells of the one table row that contains ``needle``."""
    (row,) = [line for line in _rows(text) if needle in line]
    return [cell.strip() for cell in row.strip("|").split(" | ")]


def _document(**changes: object) -> PolicyDocument:
    values: dict[str, object] = {
        "id": "test-doc",
        "title": Label("测试文件", "Test document"),
        "layer": Layer.NATIONAL,
        "effective": date(2015, 1, 1),
    }
    values.update(changes)
    return PolicyDocument(**values)  # type: ignore[arg-type]


class TestRulesMarkdown:
    def test_every_rule_has_one_row_in_registry_order(self) -> None:
        """Each rule of the registry appears once, in the registry's order."""
        ids = [row.split(" | ")[0].strip("| `") for row in _rows(rules_markdown())[1:]]
        assert ids == list(RULES.ids())

    def test_a_row_gives_titles_and_citation(self) -> None:
        """A row shows the Chinese and English title and the cited clause."""
        cells = _row_of(rules_markdown(), "`contract.term`")
        assert cells == [
            "`contract.term`",
            "合同期限",
            "Contract term within the limit",
            "`mof-102` Art 24",
            "verified",
        ]

    def test_an_unverified_citation_is_marked_with_its_note(self) -> None:
        """An unverified citation is flagged and says what it rests on."""
        cells = _row_of(rules_markdown(), "`settlement.payment`")
        assert cells[-1].startswith("**unverified**: no national rule ties")

    def test_a_verified_citation_keeps_its_note(self) -> None:
        """A verified citation with a note shows the note after 'verified'."""
        cells = _row_of(rules_markdown(), "`framework.loosening`")
        assert cells[-1] == "verified; a structural rule of the 1+3+N model (DESIGN.md)"

    @pytest.mark.parametrize(
        ("citation", "expected"),
        [
            (Citation("gpl", "Art 35"), "verified"),
            (Citation("gpl", "Art 35", note="n"), "verified; n"),
            (Citation("gpl", "Art 35", verified=False), "**unverified**"),
            (Citation("gpl", "Art 35", verified=False, note="n"), "**unverified**: n"),
        ],
    )
    def test_status_covers_every_kind_of_citation(
        self, citation: Citation, expected: str
    ) -> None:
        """The status text distinguishes verified, unverified, with or without note."""
        assert reference._status(citation) == expected

    def test_the_table_counts_the_rules(self) -> None:
        """The table ends with the number of rules."""
        assert rules_markdown().endswith(f"\n{len(RULES)} rules.\n")


class TestParametersMarkdown:
    def test_every_parameter_has_one_row_in_declaration_order(self) -> None:
        """Each Parameters field appears once, in declaration order."""
        text = parameters_markdown()
        names = [row.split(" | ")[0].strip("| `") for row in _rows(text)[1:]]
        assert names == list(Parameters.names())

    def test_the_header_names_the_day(self) -> None:
        """The value column is headed by the day it shows, the article's by default."""
        assert "| in force 2017-07-11 |" in parameters_markdown()
        assert "| in force 2021-01-01 |" in parameters_markdown(day=date(2021, 1, 1))

    def test_a_national_value_cites_its_article(self) -> None:
        """A value set by a verified national document cites it plainly."""
        cells = _row_of(parameters_markdown(), "`min_tender_days`")
        assert cells[3:] == ["higher", "0", "20", "`gpl` Art 35"]

    def test_an_assumed_value_is_marked_and_linked(self) -> None:
        """A value resting on an assumption is marked and links to the presets page."""
        cells = _row_of(parameters_markdown(), "`open_tender_threshold`")
        assert cells[4:6] == ["no limit", "2,000,000"]
        assert cells[6].endswith("— **assumption** ([why](presets.md))")

    def test_an_unverified_document_is_marked(self) -> None:
        """A value from a document of unconfirmed date is marked unverified."""
        cells = _row_of(parameters_markdown(), "`eligible_undertakers`")
        assert cells[-1] == "`czz-2014-96` Art 6 — **unverified**"

    def test_an_unset_value_says_so(self) -> None:
        """A value no document sets is reported as the unregulated default."""
        cells = _row_of(parameters_markdown(), "`excluded_methods`")
        assert cells[-3:] == ["(none)", "(none)", "not set: the unregulated default"]

    def test_a_term_limit_default_means_no_limit(self) -> None:
        """The large default of a term or deadline limit is explained."""
        cells = _row_of(parameters_markdown(), "`max_contract_years`")
        assert cells[4] == "99 (no limit)"

    def test_values_of_every_kind_are_readable(self) -> None:
        """Booleans, enums, sets, tables and None print as words, not reprs."""
        text = parameters_markdown()
        assert _row_of(text, "`separate_budget_line`")[4:6] == ["no", "yes"]
        assert _row_of(text, "`renewal_min_grade`")[4:6] == ["POOR (差)", "GOOD (良)"]
        assert _row_of(text, "`accountability_grade`")[4:6] == ["(none)", "POOR (差)"]
        assert _row_of(text, "`grade_bands`")[5] == "优≥90 良≥80 中≥60"
        assert _row_of(text, "`internal_weight`")[5] == "0.4"
        prohibited = _row_of(text, "`prohibited`")[5]
        assert prohibited.startswith(
            "DIRECT_GOVERNMENT_DUTY (应当由政府直接履职的事项), "
        )

    def test_another_framework_and_day_can_be_shown(self) -> None:
        """The table follows the framework and day it is given."""
        text = parameters_markdown(presets.national(), day=date(2021, 1, 1))
        cells = _row_of(text, "`max_contract_years`")
        assert cells[5:] == ["1", "`mof-102` Art 24"]


class TestAssumptionsMarkdown:
    def test_every_assumption_of_the_anyang_preset_is_listed(self) -> None:
        """Each (document, key) assumption of the preset has a row."""
        text = assumptions_markdown()
        expected = sum(len(d.assumptions) for d in presets.anyang().documents)
        section = text.split("### Documents")[0]
        assert len(_rows(section)) - 1 == expected

    def test_a_document_date_comes_first_then_values_in_parameter_order(self) -> None:
        """Within a document the date comes first, then values in Parameters order."""
        text = assumptions_markdown()
        rows = [r for r in _rows(text) if r.startswith("| `ay-implementation` |")]
        assert rows[0].startswith("| `ay-implementation` | in force from 2014-01-01 |")
        assert "`open_tender_threshold` = 2,000,000" in rows[1]

    def test_every_unverified_document_is_listed(self) -> None:
        """Each document marked verified=False has a row with its dates."""
        section = assumptions_markdown().split("### Documents")[1]
        ids = [r.split(" | ")[0].strip("| `") for r in _rows(section)[1:]]
        unverified = [d.id for d in presets.anyang().documents if not d.verified]
        assert ids == unverified
        cells = _row_of(section, "`czz-2014-96`")
        assert cells[2:] == ["2014-12-15", "2020-02-29"]

    def test_a_catalogue_assumption_is_described(self) -> None:
        """An assumption about a listed catalogue is named as such."""
        doc = _document(
            catalogue=Catalogue(categories={ServiceCategory.SOCIAL_WORK}),
            articles={"catalogue": "§1"},
            assumptions={"catalogue": "read from a news report"},
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        cells = _row_of(text, "read from a news report")
        assert cells == [
            "`test-doc`",
            "the catalogue it lists",
            "read from a news report",
        ]

    def test_a_framework_without_assumptions_says_none(self) -> None:
        """With nothing to list, each section says 'None.'."""
        doc = _document(
            sets=Overrides(min_tender_days=20), articles={"min_tender_days": "1"}
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        assert text.count("\nNone.\n") == 2
        assert not _rows(text)

    def test_an_assumed_set_value_prints_its_members(self) -> None:
        """An assumed set shows its members by name."""
        doc = _document(
            sets=Overrides(prohibited={Prohibited.FINANCING}),
            articles={"prohibited": "二"},
            assumptions={"prohibited": "a reading"},
            verified=False,
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        assert _row_of(text, "a reading")[1] == "`prohibited` = FINANCING (融资行为)"
        assert _row_of(text, "测试文件")[2:] == ["2015-01-01", ""]


class TestWorkflowMarkdown:
    def test_the_diagram_is_the_workflows_mermaid(self) -> None:
        """The mermaid fence holds exactly `Workflow.to_mermaid()`."""
        text = workflow_markdown()
        assert text.startswith("```mermaid\n" + Workflow().to_mermaid() + "\n```\n")

    def test_every_edge_has_a_row(self) -> None:
        """One table row per transition, with its event, stages and guard rules."""
        rows = _rows(workflow_markdown())[1:]
        assert len(rows) == len(TRANSITIONS)
        cells = _row_of(workflow_markdown(), "| `Settled` |")
        assert cells == [
            "`Settled`",
            "EVALUATED (已考评)",
            "SETTLED (已拨付)",
            "`history.chronology`, `settlement.evaluated`, `settlement.payment`",
        ]

    def test_an_edge_from_several_stages_lists_them_in_stage_order(self) -> None:
        """Cancellation, allowed from five stages, lists them in graph order."""
        cells = _row_of(workflow_markdown(), "| `Cancelled` |")
        assert cells[1].startswith("DRAFT (立项), BUDGETED (已编入预算), ")


class TestSplice:
    def test_splice_replaces_what_follows_the_marker(self) -> None:
        """The introduction stays; everything after the marker is replaced."""
        page = f"# Intro\n\nText.\n\n{MARKER}\n\nold table\n"
        assert splice(page, "new\n") == f"# Intro\n\nText.\n\n{MARKER}\n\nnew\n"

    def test_splice_is_idempotent(self) -> None:
        """Splicing the same text twice gives the same page."""
        once = splice(f"# Intro\n{MARKER}", "new\n")
        assert splice(once, "new\n") == once

    def test_a_page_without_marker_is_refused(self) -> None:
        """A page with no marker raises InvalidInput that names the marker."""
        with pytest.raises(InvalidInput, match="no marker line"):
            splice("# Intro\n", "new\n")


class TestCommittedPages:
    @pytest.mark.parametrize("name", sorted(PAGES))
    def test_committed_page_matches_the_generator(self, name: str) -> None:
        """The generated part of each page in docs/ is what the generator gives."""
        page = (DOCS / name).read_text(encoding="utf-8")
        assert MARKER in page, f"docs/{name} lost its marker line {MARKER!r}"
        expected = splice(page, PAGES[name]())
        if page != expected:
            diff = "\n".join(
                list(
                    difflib.unified_diff(
                        page.splitlines(),
                        expected.splitlines(),
                        f"docs/{name} (committed)",
                        f"docs/{name} (generated)",
                        lineterm="",
                    )
                )[:40]
            )
            pytest.fail(
                f"docs/{name} has drifted from procpolicy.reference; run "
                f"`{REGENERATE}` from the project root and commit the result.\n{diff}"
            )

    def test_every_generated_page_is_in_the_toctree(self) -> None:
        """Each generated page is listed in docs/index.md."""
        index = (DOCS / "index.md").read_text(encoding="utf-8")
        for name in PAGES:
            assert f"\n{name.removesuffix('.md')}\n" in index


class TestShow:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (frozenset(), "(none)"),
            (Grade.GOOD, "GOOD (良)"),
            (Decimal("Infinity"), "no limit"),
            (Decimal(2_000_000), "2,000,000"),
            (True, "yes"),
            (False, "no"),
            (None, "(none)"),
            (30, "30"),
        ],
    )
    def test_values_print_as_words(self, value: object, expected: str) -> None:
        """Each kind of parameter value has a plain printed form."""
        assert reference._show(value) == expected
