"""The generated reference pages: their content, and no drift in ``docs/``."""

from __future__ import annotations

import difflib
import importlib.util
import itertools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType

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
    BASIS_FROM,
    BASIS_HEADING,
    MARKER,
    PAGES,
    WORKFLOW_SVG,
    assumptions_markdown,
    basis_markdown,
    parameters_markdown,
    rules_markdown,
    splice,
    workflow_markdown,
)
from procpolicy.rules import Provenance
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


def _registry_table() -> str:
    """The rules page's first table: the registry, before the dated basis."""
    return rules_markdown().split(BASIS_HEADING)[0]


def _section(text: str, heading: str) -> str:
    """The part of ``text`` under ``### heading``, up to the next heading."""
    return text.split(f"### {heading}\n")[1].split("\n###", maxsplit=1)[0]


def _workflow_ids() -> set[str]:
    return {rule.id for edge in TRANSITIONS for rule in edge.rules} | {"stage.order"}


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
        rows = _rows(_registry_table())[1:]
        ids = [row.split(" | ")[0].strip("| `") for row in rows]
        assert ids == list(RULES.ids())

    def test_a_row_gives_titles_citation_and_provenance(self) -> None:
        """A row shows the Chinese and English title, the clause and how sure it is."""
        rule = RULES["contract.term"]
        cells = _row_of(_registry_table(), "`contract.term`")
        assert cells == [
            "`contract.term`",
            rule.title.zh,
            rule.title.en,
            reference._cite(rule.citation),
            reference._status(rule.citation),
        ]

    def test_an_unsure_citation_is_marked_with_its_note(self) -> None:
        """A rule whose citation is not TEXT is flagged and says what it rests on."""
        unsure = [r for r in RULES if r.citation.provenance is not Provenance.TEXT]
        assert unsure
        for rule in unsure:
            cells = _row_of(_registry_table(), f"| `{rule.id}` |")
            assert cells[-1].startswith(f"**{rule.citation.provenance.name.lower()}**")

    @pytest.mark.parametrize(
        ("citation", "expected"),
        [
            (Citation("gpl", "Art 35"), "text"),
            (Citation("gpl", "Art 35", note="n"), "text; n"),
            (Citation("gpl", "Art 35", verified=False), "**reported**"),
            (Citation("gpl", "Art 35", verified=False, note="n"), "**reported**: n"),
            (
                Citation("x", note="assumption: ours", provenance=Provenance.ASSUMED),
                "**assumed**: ours",
            ),
            (Citation("x", provenance=Provenance.ASSUMED), "**assumed**"),
        ],
    )
    def test_status_covers_every_kind_of_citation(
        self, citation: Citation, expected: str
    ) -> None:
        """The provenance text distinguishes text, reported, assumed, with a note."""
        assert reference._status(citation) == expected

    def test_the_table_counts_the_rules_and_the_basis_follows(self) -> None:
        """The registry table ends with the number of rules; the basis comes next."""
        text = rules_markdown()
        assert f"\n{len(RULES)} rules.\n\n{BASIS_HEADING}\n\n" in text
        assert text.endswith(basis_markdown())


class TestBasisMarkdown:
    def test_every_workflow_rule_has_rows_in_registry_order(self) -> None:
        """Only the workflow's rules appear, each in one run, in registry order."""
        ids = [r.split(" | ")[0].strip("| `") for r in _rows(basis_markdown())[1:]]
        runs = list(dict.fromkeys(ids))
        assert runs == [i for i in RULES.ids() if i in _workflow_ids()]
        assert len(ids) >= len(runs)

    def test_stretches_are_contiguous_from_2014_and_the_last_is_open(self) -> None:
        """Each rule's stretches start on 2014-01-01, follow on, and end open."""
        rows = [
            [c.strip() for c in r.strip("|").split(" | ")]
            for r in _rows(basis_markdown())[1:]
        ]
        for rule_id in _workflow_ids():
            mine = [r for r in rows if r[0] == f"`{rule_id}`"]
            assert mine[0][1] == BASIS_FROM.isoformat()
            assert mine[-1][2] == ""
            for before, after in itertools.pairwise(mine):
                end = date.fromisoformat(before[2])
                assert date.fromisoformat(after[1]) == end + timedelta(days=1)
                assert before[3] != after[3], (rule_id, before, after)

    def test_a_row_shows_the_basis_in_force_with_provenance(self) -> None:
        """The 2020 row of catalogue.listed names mof-102 Art 12, Art 14 as text."""
        fw = presets.anyang()
        (row,) = [
            r
            for r in _rows(basis_markdown())
            if r.startswith("| `catalogue.listed` | 2020-03-01 |")
        ]
        expected = "; ".join(
            reference._cite_with_provenance(c)
            for c in fw.at(date(2020, 3, 1)).basis("catalogue.listed")
        )
        assert row.endswith(f"| {expected} |")
        assert "`mof-102` Art 12, Art 14 (text)" in expected
        first = _row_of(basis_markdown(), "| `catalogue.listed` | 2014-01-01 |")
        assert "mof-102" not in first[3]

    def test_another_framework_and_first_day_can_be_shown(self) -> None:
        """Under national law alone from 2021, contract.term is mof-102 Art 24."""
        text = basis_markdown(presets.national(), first=date(2021, 1, 1))
        cells = _row_of(text, "| `contract.term` |")
        assert cells[1:] == [
            "2021-01-01",
            "",
            "`cy-2017-87` 三 (reported); `mof-102` Art 24 (text)",
        ]


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
        assert cells[3:] == ["higher", "0", "20", "`gpl` Art 35", "text"]

    def test_an_assumed_value_is_marked_and_linked(self) -> None:
        """A value resting on an assumption is marked and links to the presets page."""
        cells = _row_of(parameters_markdown(), "`open_tender_threshold`")
        assert cells[4:7] == ["no limit", "2,000,000", "`ay-implementation` 采购方式"]
        assert cells[7] == "**assumed** ([why](presets.md))"

    def test_a_reported_document_is_marked(self) -> None:
        """A value from a document of unconfirmed date is marked reported."""
        cells = _row_of(parameters_markdown(), "`eligible_undertakers`")
        assert cells[-2:] == ["`czz-2014-96` Art 6", "**reported**"]

    def test_an_unset_value_says_so(self) -> None:
        """A value no document sets is reported as the unregulated default."""
        cells = _row_of(parameters_markdown(), "`excluded_methods`")
        assert cells[-4:] == [
            "(none)",
            "(none)",
            "not set: the unregulated default",
            "**assumed** (no document sets it)",
        ]

    def test_a_term_limit_default_means_no_limit(self) -> None:
        """The large default of a term or deadline limit is explained."""
        cells = _row_of(parameters_markdown(), "`max_contract_years`")
        assert cells[4] == "no limit"

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
        assert cells[5:] == ["1", "`mof-102` Art 24", "text"]


class TestAssumptionsMarkdown:
    def test_every_document_is_listed_with_its_provenance(self) -> None:
        """Each document of the preset has a row with its dates and provenance."""
        section = _section(assumptions_markdown(), "Documents and how sure we are")
        ids = [r.split(" | ")[0].strip("| `") for r in _rows(section)[1:]]
        assert ids == [d.id for d in presets.anyang().documents]
        cells = _row_of(section, "`czz-2014-96`")
        assert cells[2:] == ["NATIONAL", "2014-12-15", "2020-02-29", "**reported**"]
        assert _row_of(section, "`gpl`")[-1] == "text"
        assert _row_of(section, "`ay-oversight`")[-1] == "**assumed**"

    def test_the_assumed_documents_are_listed_with_their_reason(self) -> None:
        """The documents this library infers are listed with what they rest on."""
        section = _section(assumptions_markdown(), "Documents this library assumes")
        fw = presets.anyang()
        ids = [r.split(" | ")[0].strip("| `") for r in _rows(section)[1:]]
        assert ids == [d.id for d in fw.documents if d.provenance is Provenance.ASSUMED]
        doc = fw.document("ay-budget-2016")
        assert _row_of(section, "`ay-budget-2016`") == [
            "`ay-budget-2016`",
            doc.title.en,
            doc.assumption("effective"),
        ]

    def test_every_value_has_a_row_with_its_provenance(self) -> None:
        """Each value a document sets, and each catalogue, has a row, as it cites."""
        fw = presets.anyang()
        section = _section(assumptions_markdown(), "Values and their provenance")
        expected = sum(len(d.sets) + (d.catalogue is not None) for d in fw.documents)
        assert len(_rows(section)) - 1 == expected
        cells = _row_of(section, "`cy-2017-87` | `max_stable_contract_years`")
        assert cells[2] == "三"
        assert cells[3].startswith("**assumed**: the notice keeps a contract")
        assert _row_of(section, "`gpl` | `min_tender_days`")[2:] == ["Art 35", "text"]

    def test_every_assumption_of_the_anyang_preset_is_listed(self) -> None:
        """Each (document, key) assumption of the preset has a row."""
        section = _section(assumptions_markdown(), "Assumed values, dates and bases")
        expected = sum(len(d.assumptions) for d in presets.anyang().documents)
        assert len(_rows(section)) - 1 == expected

    def test_a_document_date_comes_first_then_values_then_rules(self) -> None:
        """Within a document the date comes first, then values, then rule bases."""
        section = _section(assumptions_markdown(), "Assumed values, dates and bases")
        rows = [r for r in _rows(section) if r.startswith("| `ay-implementation` |")]
        assert rows[0].startswith("| `ay-implementation` | in force from 2014-01-01 |")
        assert "`open_tender_threshold` = 2,000,000" in rows[1]
        assert "the basis of `catalogue.prohibited` (以钱养人→以钱养事)" in rows[-4]
        assert "the basis of `renewal.term_cap` (合同管理)" in rows[-1]

    def test_a_catalogue_assumption_is_described(self) -> None:
        """An assumption about a listed catalogue is named as such."""
        doc = _document(
            catalogue=Catalogue(categories={ServiceCategory.SOCIAL_WORK}),
            articles={"catalogue": "§1"},
            assumptions={"catalogue": "read from a news report"},
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        section = _section(text, "Assumed values, dates and bases")
        assert _row_of(section, "read from a news report") == [
            "`test-doc`",
            "the catalogue it lists",
            "read from a news report",
        ]
        values = _section(text, "Values and their provenance")
        assert _row_of(values, "`test-doc`") == [
            "`test-doc`",
            "the catalogue it lists",
            "§1",
            "**assumed**: read from a news report",
        ]

    def test_a_framework_without_assumptions_says_none(self) -> None:
        """With nothing assumed, those two sections say 'None.'."""
        doc = _document(
            sets=Overrides(min_tender_days=20), articles={"min_tender_days": "1"}
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        assert text.count("\nNone.\n") == 2
        assert not _rows(_section(text, "Documents this library assumes"))
        assert not _rows(_section(text, "Assumed values, dates and bases"))

    def test_an_assumed_set_value_prints_its_members(self) -> None:
        """An assumed set shows its members by name."""
        doc = _document(
            sets=Overrides(prohibited={Prohibited.FINANCING}),
            articles={"prohibited": "二"},
            assumptions={"prohibited": "a reading"},
            verified=False,
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        section = _section(text, "Assumed values, dates and bases")
        assert _row_of(section, "a reading")[1] == "`prohibited` = FINANCING (融资行为)"
        documents = _section(text, "Documents and how sure we are")
        assert _row_of(documents, "测试文件")[2:] == [
            "NATIONAL",
            "2015-01-01",
            "",
            "**reported**",
        ]

    def test_an_assumed_basis_names_its_rule(self) -> None:
        """An assumption about a rule a document establishes names the rule."""
        doc = _document(
            establishes={"contract.term": "§4"},
            assumptions={"contract.term": "our reading"},
            provenance=Provenance.ASSUMED,
        )
        text = assumptions_markdown(PolicyFramework((doc,)))
        section = _section(text, "Assumed values, dates and bases")
        assert _row_of(section, "our reading")[1] == "the basis of `contract.term` (§4)"
        inferred = _section(text, "Documents this library assumes")
        assert _row_of(inferred, "`test-doc`") == ["`test-doc`", "Test document", ""]


class TestWorkflowMarkdown:
    def test_the_diagram_is_the_workflows_mermaid(self) -> None:
        """The mermaid fence holds exactly `Workflow.to_mermaid()`."""
        text = workflow_markdown()
        assert "\n```mermaid\n" + Workflow().to_mermaid() + "\n```\n" in text

    def test_the_page_opens_with_the_drawn_graph(self) -> None:
        """The first line shows the SVG Graphviz drew of `Workflow.to_dot()`."""
        first = workflow_markdown().splitlines()[0]
        assert first.startswith("![The stage graph")
        assert first.endswith(f"]({WORKFLOW_SVG})")


def _regenerate() -> ModuleType:
    """docs/regenerate.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("regenerate", DOCS / "regenerate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestWorkflowPicture:
    def test_the_committed_svg_has_exactly_the_graphs_edges(self) -> None:
        """The committed SVG draws every edge of to_dot(), labelled, and no other."""
        regenerate = _regenerate()
        svg = (DOCS / WORKFLOW_SVG).read_text(encoding="utf-8")
        drawn = regenerate.svg_edges(svg)
        expected = regenerate.dot_edges(Workflow().to_dot())
        assert sum(expected.values()) == sum(len(edge.sources) for edge in TRANSITIONS)
        assert drawn == expected, (
            f"docs/{WORKFLOW_SVG} is out of date: run `{REGENERATE}` with Graphviz "
            "installed and commit the picture"
        )

    def test_an_edge_missing_from_the_picture_is_seen(self) -> None:
        """The comparison fails when one edge of the SVG is dropped."""
        regenerate = _regenerate()
        svg = (DOCS / WORKFLOW_SVG).read_text(encoding="utf-8")
        start = svg.index('<g id="edge1" class="edge">')
        end = svg.index("</g>", start) + len("</g>")
        fewer = regenerate.svg_edges(svg[:start] + svg[end:])
        assert fewer != regenerate.dot_edges(Workflow().to_dot())

    def test_every_edge_has_a_row(self) -> None:
        """One table row per transition, with its event, stages and guard rules."""
        rows = _rows(workflow_markdown())[1:]
        assert len(rows) == len(TRANSITIONS)
        cells = _row_of(workflow_markdown(), "| `Settled` |")
        (edge,) = [e for e in TRANSITIONS if e.event.__name__ == "Settled"]
        assert cells[:3] == ["`Settled`", "EVALUATED (已考评)", "SETTLED (已拨付)"]
        assert cells[3] == ", ".join(f"`{rule.id}`" for rule in edge.rules)
        assert cells[3].startswith("`history.chronology`, `settlement.evaluated`")

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
