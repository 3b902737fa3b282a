"""The command line: demo, rules and check, with their exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

import procpolicy as pp
from procpolicy import serialization as S  # noqa: N812
from procpolicy.cli import main
from tests._lifecycle import cleaning_2015


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


class TestDemo:
    def test_demo_walks_the_framework(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Layers, questions, catalogue years, changes, a source and two refusals."""
        code, out = run(capsys, "demo")
        assert code == 0
        for fragment in (
            "实施办法(1)",
            "买什么 (What to buy)",
            "2015:  7 categories",
            "2015 → 2016",
            "max_contract_years = 1",
            "[catalogue.listed]",
            "[catalogue.prohibited]",
            "[budget.separate_line]",
        ):
            assert fragment in out

    def test_python_dash_m_runs_the_cli(self) -> None:
        """`python -m procpolicy rules` works as a module entry point."""
        done = subprocess.run(
            [sys.executable, "-m", "procpolicy", "rules"],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )
        assert done.returncode == 0
        assert "contract.term" in done.stdout


class TestRules:
    def test_rules_lists_the_registry(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every rule id appears, with zh, en and citation."""
        code, out = run(capsys, "rules")
        assert code == 0
        for rule in pp.RULES:
            assert rule.id in out
        assert "合同期限 — Contract term within the limit" in out

    def test_rules_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json gives the registry as data that loads back."""
        code, out = run(capsys, "rules", "--json")
        data = json.loads(out)
        assert code == 0
        assert [S.from_dict(pp.Rule, r) for r in data] == list(pp.RULES)


class TestCheck:
    def write(self, tmp_path: Path, events: Sequence[pp.events.Event]) -> str:
        path = tmp_path / "project.json"
        path.write_text(S.dumps(pp.project.fold(events)), encoding="utf-8")
        return str(path)

    def test_a_clean_history_exits_0(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every event passes; nothing may follow a closed project."""
        code, out = run(capsys, "check", self.write(tmp_path, cleaning_2015()))
        assert code == 0
        assert "every event passes" in out
        assert "allowed next: (none" in out

    def test_a_broken_history_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A two-year contract is refused with zh, en and citation."""
        life = cleaning_2015()
        events: list[pp.events.Event] = list(life)
        events[5] = pp.events.Contracted(
            at=life.contracted.at,
            start=date(2015, 4, 1),
            end=date(2017, 3, 31),
            amount=life.contracted.amount,
        )
        code, out = run(capsys, "check", self.write(tmp_path, events))
        assert code == 1
        assert "event 5 (Contracted) is refused" in out
        assert "[contract.term] 合同期限 / Contract term within the limit" in out
        assert "依据 cites: mof-102 Art 24" in out
        assert "allowed next: Cancelled, Contracted" in out

    def test_json_report(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json reports stage, refused event, violations and what may follow."""
        events = cleaning_2015()[:5]
        code, out = run(capsys, "check", self.write(tmp_path, events), "--json")
        report = json.loads(out)
        assert code == 0
        assert report["stage"] == "AWARDED"
        assert report["violations"] == []
        assert report["allowed_next"] == ["Cancelled", "Contracted"]

    def test_a_bare_list_of_events_is_accepted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A JSON list of events is read as a history."""
        path = tmp_path / "events.json"
        path.write_text(
            json.dumps([S.to_dict(e) for e in cleaning_2015()[:3]]), encoding="utf-8"
        )
        code, out = run(capsys, "check", str(path))
        assert code == 0
        assert "stage 已公开 (Disclosed) after 3 event(s)" in out

    def test_stdin_is_read_with_a_dash(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`procpolicy check -` reads the history from standard input."""
        text = S.dumps(pp.project.fold(cleaning_2015()[:2]))
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        code, _ = run(capsys, "check", "-")
        assert code == 0

    @pytest.mark.parametrize(
        ("content", "fragment"),
        [
            ("{", "not JSON"),
            ('{"schema": "x", "history": []}', "'schema' must be"),
            (None, "No such file"),
        ],
    )
    def test_unreadable_input_exits_2(
        self,
        tmp_path: Path,
        content: str | None,
        fragment: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Broken JSON, a bad payload or a missing file: exit 2 and a clear message."""
        path = tmp_path / "in.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        code, out = run(capsys, "check", str(path))
        assert code == 2
        assert fragment in out
        code, out = run(capsys, "check", str(path), "--json")
        assert code == 2
        assert json.loads(out)["error"]
