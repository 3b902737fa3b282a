"""docs/notebook.ipynb, executed with nbclient: each rich display, plot and frame.

The notebook is run once, in a fresh kernel, and each test reads the outputs
of the cell its tag names: the HTML tables are parsed (no snapshot of bytes).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.unit.test_display import Table, tables

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.ipynb"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs() -> dict[str, list[Any]]:
    """The outputs of each tagged cell, the notebook executed from its folder."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    found: dict[str, list[Any]] = {}
    for cell in notebook.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            found[tag] = list(cell.get("outputs", []))
    return found


def _html(outputs: dict[str, list[Any]], tag: str) -> list[Table]:
    (output,) = [o for o in outputs[tag] if "text/html" in o.get("data", {})]
    return tables(output["data"]["text/html"])


def _printed(outputs: dict[str, list[Any]], tag: str) -> dict[str, str]:
    (stream,) = [o for o in outputs[tag] if o["output_type"] == "stream"]
    value: dict[str, str] = ast.literal_eval(stream["text"])
    return value


class TestNotebook:
    def test_no_cell_raised(self, outputs: dict[str, list[Any]]) -> None:
        """No output is an error (nbclient stops at one anyway)."""
        assert outputs["setup"] == []
        assert not [
            o for cell in outputs.values() for o in cell if o["output_type"] == "error"
        ]

    def test_the_framework_shows_its_documents(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """A table of the documents: layer, id, titles, dates, provenance."""
        (table,) = _html(outputs, "framework")
        assert table.headers[:2] == ["layer", "document"]
        assert any(row[1] == "mof-102" for row in table.rows)

    def test_the_rule_set_shows_values_sources_and_provenance(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """One row per parameter and the catalogue."""
        (table,) = _html(outputs, "ruleset")
        assert table.headers == ["parameter", "中文", "value", "source", "provenance"]
        assert [
            "max_contract_years",
            "合同履行期限",
            "1",
            "mof-102 Art 24",
            "TEXT",
        ] in (table.rows)

    def test_the_project_shows_its_facts_and_history(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """Facts first (its stage), then one history row per event."""
        facts, history = _html(outputs, "project")
        assert facts.rows[0] == ["stage 阶段", "DRAFT (立项)"]
        assert history.headers == ["#", "day", "event", "details"]
        assert [row[2] for row in history.rows] == ["Drafted"]

    def test_the_refusal_lists_each_rule_broken(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """Rule, title, message, 中文 and basis of each violation."""
        (table,) = _html(outputs, "refused")
        assert table.caption.startswith("Budgeted refused 拒绝")
        assert table.headers == ["rule", "规则", "message", "中文", "basis"]
        assert "budget.targets" in [row[0] for row in table.rows]

    def test_the_judgement_gives_every_verdict(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """Each rule of the edge with its verdict."""
        (table,) = _html(outputs, "judgement")
        assert table.headers[2] == "verdict"
        assert "FAILED (不通过)" in [row[2] for row in table.rows]

    def test_the_finding_shows_its_message_in_both_languages(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """A finding's table names its rule and its Chinese message."""
        (table,) = _html(outputs, "finding")
        assert table.headers[:3] == ["rule", "规则", "rule (en)"]
        assert table.rows[0][0] == "framework.core_roles"

    def test_the_workflow_is_a_mermaid_diagram(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """JupyterLab draws the text/markdown output's mermaid block."""
        (output,) = outputs["workflow"]
        assert output["data"]["text/markdown"].startswith("```mermaid\nstateDiagram-v2")

    def test_the_timeline_plot_renders_once(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """One PNG image of the figure, shown as the cell ends."""
        images = [o for o in outputs["plot"] if "image/png" in o.get("data", {})]
        assert len(images) == 1
        assert len(images[0]["data"]["image/png"]) > 1000

    def test_the_simulation_frame_has_typed_columns(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """Counts int64, money float64, flags bool, the days to contract Int64."""
        dtypes = _printed(outputs, "frame")
        assert dtypes["year"] == "int64"
        assert dtypes["paid"] == "float64"
        assert dtypes["cancelled"] == "bool"
        assert dtypes["days_to_contract"] == "Int64"

    def test_the_audit_frame_has_days_and_flags(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """Day datetime64, allowed bool, index int64."""
        dtypes = _printed(outputs, "audit")
        assert dtypes["day"] == "datetime64[ns]"
        assert dtypes["allowed"] == "bool"
        assert dtypes["index"] == "int64"

    def test_the_comparison_shows_money_in_wan_yuan(
        self, outputs: dict[str, list[Any]]
    ) -> None:
        """The comparison's table writes money metrics in 万元."""
        (table,) = _html(outputs, "comparison")
        assert table.headers == ["year", "metric", "before", "after", "change"]
        assert any(row[1].endswith(" 万元") for row in table.rows)
