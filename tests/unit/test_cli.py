"""The command line: every command, its output and its exit codes, in process.

``tests/unit/test_cli_process.py`` runs the command line in a subprocess for
what only a real process shows (pipes, FIFOs, ``/dev/zero``, no traceback).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest

import procpolicy as pp
from procpolicy import cli, ocds, presets
from procpolicy import serialization as S  # noqa: N812
from procpolicy.simulation import ProjectYear, anyang_rollout, combine, run
from tests._lifecycle import cleaning_2015
from tests._ocds_schema import Validators, errors

Capsys = pytest.CaptureFixture[str]


class Ran(NamedTuple):
    code: int
    out: str
    err: str


def run_cli(capsys: Capsys, *argv: str) -> Ran:
    """``procpolicy ARGV…`` in this process: the exit code, stdout and stderr."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)


def stored(tmp_path: Path, events: Sequence[pp.events.Event], name: str) -> str:
    path = tmp_path / name
    path.write_text(S.dumps(pp.project.fold(events)), encoding="utf-8")
    return str(path)


def broken_term() -> list[pp.events.Event]:
    """The 2015 cleaning lifecycle with a two-year contract at history[5]."""
    life = cleaning_2015()
    events: list[pp.events.Event] = list(life)
    events[5] = pp.events.Contracted(
        at=life.contracted.at,
        start=date(2015, 4, 1),
        end=date(2017, 3, 31),
        amount=life.contracted.amount,
    )
    return events


def renamed(events: Sequence[pp.events.Event], **changes: Any) -> list[Any]:
    """The events with the ``Drafted`` fields changed (another project)."""
    first = events[0]
    assert isinstance(first, pp.events.Drafted)
    fields = {a: getattr(first, a) for a in ("at", "title", "purchaser", "category")}
    return [
        pp.events.Drafted(**{"project_id": first.project_id, **fields, **changes}),
        *events[1:],
    ]


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Put ``data`` on standard input, as bytes under a text stream."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def one_line(err: str) -> str:
    """The single line of ``err``; fails on none, more or a traceback."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


class TestDemo:
    def test_demo_walks_the_framework(self, capsys: Capsys) -> None:
        """Layers, questions, catalogue years, changes, a source and two refusals."""
        ran = run_cli(capsys, "demo")
        assert ran.code == cli.EXIT_OK
        for fragment in (
            "实施办法(1)",
            "买什么 (What to buy)",
            "2015:  7 categories",
            "2015 → 2016",
            "max_contract_years = 1",
            "[catalogue.listed]",
            "[catalogue.prohibited]",
            "[budget.separate_line]",
            "`procpolicy ocds FILE.json`",
        ):
            assert fragment in ran.out

    def test_the_demo_runs_under_the_national_preset(self, capsys: Capsys) -> None:
        """``--framework national`` walks the national documents alone."""
        ran = run_cli(capsys, "demo", "--framework", "national")
        assert ran.code == cli.EXIT_OK
        assert "gpl-reg" in ran.out
        assert "ay-implementation" not in ran.out


class TestRules:
    def test_rules_lists_the_registry(self, capsys: Capsys) -> None:
        """Every rule id appears, with zh, en and citation."""
        ran = run_cli(capsys, "rules")
        assert ran.code == cli.EXIT_OK
        for rule in pp.RULES:
            assert rule.id in ran.out
        assert "合同期限 — Contract term within the limit" in ran.out

    def test_rules_as_json(self, capsys: Capsys) -> None:
        """--json gives the registry as data that loads back."""
        ran = run_cli(capsys, "rules", "--json")
        assert ran.code == cli.EXIT_OK
        assert [S.from_dict(pp.Rule, r) for r in json.loads(ran.out)] == list(pp.RULES)


class TestExplain:
    def test_explain_prints_every_rule_of_every_event(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """--explain: a line per rule with its verdict in zh and en, and the basis."""
        ran = run_cli(
            capsys, "check", "--explain", stored(tmp_path, broken_term(), "p.json")
        )
        assert ran.code == cli.EXIT_BROKEN
        assert "history[1] Budgeted 2015-02-10: allowed 允许" in ran.out
        assert "✓ 通过 PASSED" in ran.out
        assert "– 不适用 NOT_APPLICABLE" in ran.out
        assert "history[5] Contracted 2015-03-20: refused 拒绝" in ran.out
        assert "✗ 不通过 FAILED" in ran.out
        assert "[contract.term] 合同期限 / Contract term within the limit" in ran.out
        assert "依据 basis: mof-102" not in ran.out  # a 2015 refusal cites 2015 law

    def test_explain_as_json_gives_the_judgements(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """--explain --json: one judgement per event judged, with verdict names."""
        ran = run_cli(
            capsys,
            "check",
            "--explain",
            "--json",
            stored(tmp_path, broken_term(), "p.json"),
        )
        report = json.loads(ran.out)
        judgements = report["judgements"]
        assert [j["index"] for j in judgements] == [1, 2, 3, 4, 5]
        last = judgements[-1]
        assert last["allowed"] is False
        verdicts = {r["rule"]: r["verdict"] for r in last["results"]}
        assert verdicts["contract.term"] == "FAILED"
        assert verdicts["stage.order"] == "PASSED"

    def test_strict_refuses_on_an_unknown_fact(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """--strict: an award without the number of bidders is refused."""
        life = cleaning_2015()
        award = attrs.evolve(life.awarded, bidders=None)
        path = stored(tmp_path, [*life[:4], award], "p.json")
        assert run_cli(capsys, "check", path).code == cli.EXIT_OK
        ran = run_cli(capsys, "check", "--strict", path)
        assert ran.code == cli.EXIT_BROKEN
        assert "cannot be judged" in ran.out
        assert "Awarded.bidders" in ran.out


class TestCheck:
    def test_a_clean_history_exits_0(self, tmp_path: Path, capsys: Capsys) -> None:
        """Every event passes; nothing may follow a closed project."""
        ran = run_cli(capsys, "check", stored(tmp_path, cleaning_2015(), "p.json"))
        assert ran.code == cli.EXIT_OK
        assert "after history[0]–history[10] (11 events accepted)" in ran.out
        assert "every event passes" in ran.out
        assert "allowed next: (none" in ran.out
        assert ran.err == ""

    def test_a_broken_history_exits_1_numbering_events_as_the_history(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """The refused event is history[5], after history[0]–history[4]."""
        ran = run_cli(capsys, "check", stored(tmp_path, broken_term(), "p.json"))
        assert ran.code == cli.EXIT_BROKEN
        assert "after history[0]–history[4] (5 events accepted)" in ran.out
        assert "history[5] (Contracted) is refused:" in ran.out
        assert "[contract.term] 合同期限 / Contract term within the limit" in ran.out
        assert "依据 basis: ay-implementation 合同管理" in ran.out  # 2015: no mof-102
        assert "allowed next: Cancelled, Contracted" in ran.out

    def test_a_single_event_is_history_0(self, tmp_path: Path, capsys: Capsys) -> None:
        """One accepted event reads ``history[0] (1 event accepted)``."""
        ran = run_cli(capsys, "check", stored(tmp_path, cleaning_2015()[:1], "p.json"))
        assert ran.code == cli.EXIT_OK
        assert "after history[0] (1 event accepted)" in ran.out

    def test_the_json_report_numbers_the_refused_event_as_the_history(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """``refused_event`` is i of history[i]; violations load back."""
        path = stored(tmp_path, broken_term(), "p.json")
        ran = run_cli(capsys, "check", path, "--json")
        report = json.loads(ran.out)
        assert ran.code == cli.EXIT_BROKEN
        assert report["events_accepted"] == report["refused_event"] == 5
        assert [v["rule"]["id"] for v in report["violations"]] == ["contract.term"]

    def test_json_report_of_a_clean_history(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """--json reports stage, no refused event and what may follow."""
        path = stored(tmp_path, cleaning_2015()[:5], "p.json")
        ran = run_cli(capsys, "check", path, "--json")
        report = json.loads(ran.out)
        assert ran.code == cli.EXIT_OK
        assert report["stage"] == "AWARDED"
        assert report["refused_event"] is None
        assert report["violations"] == []
        assert report["allowed_next"] == ["Cancelled", "Contracted"]

    def test_the_national_preset_judges_by_national_rules(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """Under national law alone, no catalogue lists street cleaning."""
        path = stored(tmp_path, cleaning_2015(), "p.json")
        ran = run_cli(capsys, "check", path, "--framework", "national")
        assert ran.code == cli.EXIT_BROKEN
        assert "history[1] (Budgeted) is refused:" in ran.out
        assert "[catalogue.listed]" in ran.out

    def test_a_bare_list_of_events_is_accepted(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A JSON list of events is read as a history."""
        path = tmp_path / "events.json"
        path.write_text(
            json.dumps([S.to_dict(e) for e in cleaning_2015()[:3]]), encoding="utf-8"
        )
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_OK
        assert "stage 已公开 (Disclosed) after history[0]–history[2]" in ran.out

    def test_a_history_that_does_not_start_with_drafted_exits_2(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """The workflow's refusal to start is invalid input, on one line."""
        path = tmp_path / "events.json"
        path.write_text(
            json.dumps([S.to_dict(e) for e in cleaning_2015()[1:3]]), encoding="utf-8"
        )
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err).startswith("procpolicy check: ")

    def test_a_second_drafted_is_numbered_as_the_history(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A repeated Drafted at history[2] is refused as such, by stage.order."""
        life = list(cleaning_2015())
        ran = run_cli(capsys, "check", stored(tmp_path, life, "p.json"))
        assert ran.code == cli.EXIT_OK
        path = tmp_path / "twice.json"
        data = S.to_dict(pp.project.fold(life))
        data["history"].insert(2, data["history"][0])
        path.write_text(json.dumps(data), encoding="utf-8")
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_BROKEN
        assert "after history[0]–history[1] (2 events accepted)" in ran.out
        assert "history[2] (Drafted) is refused:" in ran.out
        assert "[stage.order]" in ran.out

    def test_a_violation_without_chinese_text_has_no_empty_line(self) -> None:
        """A violation with no ``zh`` prints its rule, message and citation only."""
        rule = next(iter(pp.RULES))
        lines = cli._violation_lines(pp.Violation(rule=rule, message="out of order"))
        assert lines == [
            f"  ✗ [{rule.id}] {rule.title.zh} / {rule.title.en}",
            "      out of order",
            f"      依据 basis: {rule.citation}",
        ]


class TestStandardInput:
    def test_stdin_is_read_with_a_dash(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """`procpolicy check -` reads the history from standard input."""
        stdin_of(monkeypatch, S.dumps(pp.project.fold(cleaning_2015()[:2])).encode())
        assert run_cli(capsys, "check", "-").code == cli.EXIT_OK

    def test_a_text_stream_in_place_of_stdin_is_read_too(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """A host that puts a `StringIO` in place of stdin is read, bounded."""
        text = S.dumps(pp.project.fold(cleaning_2015()[:2]))
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        assert run_cli(capsys, "check", "-").code == cli.EXIT_OK
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        ran = run_cli(capsys, "check", "-", "--max-bytes", "10")
        assert ran.code == cli.EXIT_INVALID
        assert "larger than 10 bytes" in ran.err

    def test_no_stdin_at_all_exits_2(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """With standard input closed (``sys.stdin`` None) the dash is refused."""
        monkeypatch.setattr(sys, "stdin", None)
        ran = run_cli(capsys, "check", "-")
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err) == "procpolicy check: -: there is no standard input"

    def test_deep_nesting_on_stdin_exits_2(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """100 000 nested lists on stdin: refused, no RecursionError."""
        stdin_of(monkeypatch, b"[" * 100_000 + b"]" * 100_000)
        ran = run_cli(capsys, "check", "-")
        assert ran.code == cli.EXIT_INVALID
        assert "nested far deeper than 32 levels" in one_line(ran.err)


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "fragment"),
        [
            (b"{", "not JSON: Expecting property name"),
            (b'{"schema": "x", "history": []}', "'schema' must be"),
            (b"[" * 100_000 + b"]" * 100_000, "nested far deeper than 32 levels"),
            (b'{"a": \xff}', "not UTF-8: byte 0xff at offset 6"),
            (b"[" + b"1" * 5000 + b"]", "not JSON: Exceeds the limit"),
            (None, "No such file or directory"),
        ],
    )
    def test_unreadable_input_exits_2_with_one_line(
        self, tmp_path: Path, content: bytes | None, fragment: str, capsys: Capsys
    ) -> None:
        """Broken JSON, a bad payload, deep nesting, non-UTF-8, a missing file."""
        path = tmp_path / "in.json"
        if content is not None:
            path.write_bytes(content)
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert ran.out == ""
        line = one_line(ran.err)
        assert line.startswith(f"procpolicy check: {path}: ")
        assert fragment in line

    def test_with_json_the_error_is_the_json_document(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """--json puts the error on stdout as ``{"error": …}``, same exit code."""
        path = tmp_path / "in.json"
        path.write_text("{", encoding="utf-8")
        ran = run_cli(capsys, "check", str(path), "--json")
        error = json.loads(ran.out)["error"]
        assert ran.code == cli.EXIT_INVALID
        assert ran.err == ""
        assert error["exit_code"] == cli.EXIT_INVALID
        assert (error["kind"], error["file"]) == ("input", str(path))
        assert error["messages"][0].startswith("not JSON: Expecting property name")

    def test_every_loader_message_is_on_the_one_line(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """Two problems of a payload are joined with '; ' on one line."""
        data = S.to_dict(pp.project.fold(cleaning_2015()[:2]))
        data["history"][0]["title"] = 5
        data["history"][1]["amount"] = "x"
        path = tmp_path / "in.json"
        path.write_text(json.dumps(data), "utf-8")
        with pytest.raises(pp.InvalidInput) as raised:
            S.from_dict(pp.Project, data)
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert len(raised.value.messages) > 1
        messages = "; ".join(raised.value.messages)
        assert one_line(ran.err) == f"procpolicy check: {path}: {messages}"

    def test_a_directory_exits_2(self, tmp_path: Path, capsys: Capsys) -> None:
        """A directory is refused with the system's reason."""
        ran = run_cli(capsys, "check", str(tmp_path))
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err) == f"procpolicy check: {tmp_path}: Is a directory"

    def test_a_byte_order_mark_is_accepted(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """UTF-8 with a BOM (as some editors save it) reads as UTF-8."""
        path = tmp_path / "bom.json"
        text = S.dumps(pp.project.fold(cleaning_2015()[:2]))
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert run_cli(capsys, "check", str(path)).code == cli.EXIT_OK

    def test_a_file_past_max_bytes_is_refused_unread(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """One byte over ``--max-bytes`` is refused; exactly at it is read."""
        path = Path(stored(tmp_path, cleaning_2015()[:2], "p.json"))
        size = path.stat().st_size
        ran = run_cli(capsys, "check", str(path), "--max-bytes", str(size - 1))
        assert ran.code == cli.EXIT_INVALID
        assert f"larger than {size - 1} bytes (--max-bytes)" in one_line(ran.err)
        ran = run_cli(capsys, "check", str(path), "--max-bytes", str(size))
        assert ran.code == cli.EXIT_OK

    def test_the_default_byte_bound_follows_the_loader_limits(self) -> None:
        """12.8 MB: 64 bytes for each of the 200 000 values `Limits` allows."""
        assert S.DEFAULT_LIMITS.max_nodes * 64 == cli.DEFAULT_MAX_BYTES == 12_800_000

    def test_control_characters_in_a_message_stay_on_one_line(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A file name with a newline is escaped, not printed raw."""
        path = tmp_path / "two\nlines.json"
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert "two\\nlines.json" in one_line(ran.err)

    def test_an_end_date_of_9999_exits_2_naming_the_field(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A contract ending 9999-12-31 is refused at load, not a crash (exit 3)."""
        data = S.to_dict(pp.project.fold(cleaning_2015()))
        data["history"][5]["end"] = "9999-12-31"
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err).endswith("@ $.history[5].end")

    def test_a_path_with_a_nul_character_exits_2(self, capsys: Capsys) -> None:
        """A path no system can open (a host passing argv) is invalid input."""
        ran = run_cli(capsys, "check", "a\0b.json")
        assert ran.code == cli.EXIT_INVALID
        assert "cannot be opened: embedded null byte" in one_line(ran.err)


class TestEncoding:
    def test_a_lone_surrogate_is_escaped_not_a_crash(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A stored id with a lone surrogate prints escaped; exit 0."""
        data = S.to_dict(pp.project.fold(cleaning_2015()[:2]))
        data["history"][0]["project_id"] = "AY-\ud800"
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        ran = run_cli(capsys, "check", str(path))
        assert ran.code == cli.EXIT_OK
        assert ran.out.startswith("project AY-\\ud800: stage")
        ran = run_cli(capsys, "check", str(path), "--json")
        assert json.loads(ran.out)["project"] == "AY-\ud800"

    def test_an_ascii_terminal_gets_escapes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With an ASCII standard output, Chinese text is escaped, not an error."""
        raw = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
        assert cli.main(["rules"]) == cli.EXIT_OK
        assert "\\u6d41\\u7a0b" in raw.getvalue().decode("ascii")


class TestErrors:
    def test_an_internal_error_exits_3_and_suggests_debug(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """A bug is one line naming the exception, pointing at --debug."""
        monkeypatch.setattr(cli, "_rules", self.crash)
        ran = run_cli(capsys, "rules")
        line = one_line(ran.err)
        assert ran.code == cli.EXIT_INTERNAL == 3
        assert line.startswith("procpolicy rules: internal error (RuntimeError: ")
        assert "run again with --debug" in line

    def test_an_internal_error_with_json_is_the_json_document(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """--json reports a bug in the document too, with kind 'internal'."""
        monkeypatch.setattr(cli, "_rules", self.crash)
        ran = run_cli(capsys, "rules", "--json")
        error = json.loads(ran.out)["error"]
        assert ran.code == cli.EXIT_INTERNAL
        assert (error["exit_code"], error["kind"]) == (3, "internal")

    @pytest.mark.parametrize("argv", [["--debug", "rules"], ["rules", "--debug"]])
    def test_debug_lets_the_traceback_through(
        self, monkeypatch: pytest.MonkeyPatch, argv: list[str]
    ) -> None:
        """--debug, before or after the command, re-raises the exception."""
        monkeypatch.setattr(cli, "_rules", self.crash)
        with pytest.raises(RuntimeError, match="a bug"):
            cli.main(argv)

    def test_debug_shows_where_input_was_refused_too(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With --debug an unreadable input is raised, not reported."""
        monkeypatch.setattr(sys, "stdin", None)
        with pytest.raises(cli._InputError, match="no standard input"):
            cli.main(["--debug", "check", "-"])

    def test_invalid_input_from_a_command_exits_2(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """`InvalidInput` raised by the library is invalid input, not a bug."""

        def refuse(_: argparse.Namespace) -> int:
            raise pp.InvalidInput("field: must be something else")

        monkeypatch.setattr(cli, "_rules", refuse)
        ran = run_cli(capsys, "rules")
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err) == "procpolicy rules: field: must be something else"

    def test_ctrl_c_exits_130_quietly(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """An interrupt is one line and exit 130; with --debug it propagates."""

        def interrupted(_: argparse.Namespace) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(cli, "_rules", interrupted)
        ran = run_cli(capsys, "rules")
        assert ran.code == cli.EXIT_INTERRUPTED == 130
        assert one_line(ran.err) == "procpolicy rules: interrupted"
        with pytest.raises(KeyboardInterrupt):
            cli.main(["--debug", "rules"])

    def test_a_usage_error_is_argparse_exit_2(self, capsys: Capsys) -> None:
        """An unknown command exits 2 with the usage, as argparse does."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["frobnicate"])
        assert exit_info.value.code == cli.EXIT_INVALID
        assert "usage: procpolicy" in capsys.readouterr().err

    @staticmethod
    def crash(_: argparse.Namespace) -> int:
        msg = "a bug\nover two lines"
        raise RuntimeError(msg)


class BrokenStdout(io.StringIO):
    """A standard output whose reader has gone: every write fails."""

    def __init__(self, fd: int | None = None) -> None:
        super().__init__()
        self.fd = fd

    def write(self, _: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation("fileno")
        return self.fd


class TestBrokenPipe:
    def test_a_closed_pipe_ends_quietly_with_141(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """`procpolicy rules | head -2`: no traceback, no message, exit 141."""
        monkeypatch.setattr(sys, "stdout", BrokenStdout())
        assert cli.main(["rules"]) == cli.EXIT_PIPE == 141
        assert capsys.readouterr().err == ""

    def test_stdout_is_pointed_at_the_null_device(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The docs' recipe: the descriptor then writes nowhere, without error."""
        with (tmp_path / "out").open("w") as file:
            monkeypatch.setattr(sys, "stdout", BrokenStdout(file.fileno()))
            assert cli.main(["simulate", "--years", "2014", "--csv"]) == cli.EXIT_PIPE
            file.write("after")
        assert (tmp_path / "out").read_text() == ""

    def test_a_broken_pipe_is_not_an_error_even_with_debug(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--debug shows errors, and a closed pipe is not one."""
        monkeypatch.setattr(sys, "stdout", BrokenStdout())
        assert cli.main(["--debug", "rules", "--json"]) == cli.EXIT_PIPE


class TestVersion:
    def test_version_is_the_installed_distribution(self, capsys: Capsys) -> None:
        """--version prints the version importlib.metadata knows, on stdout."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["--version"])
        assert exit_info.value.code == 0
        assert (
            capsys.readouterr().out == f"procpolicy {metadata.version('procpolicy')}\n"
        )

    def test_an_uninstalled_checkout_says_so(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """Without distribution metadata the version is 'unknown (not installed)'."""

        def missing(name: str) -> str:
            raise metadata.PackageNotFoundError(name)

        monkeypatch.setattr(metadata, "version", missing)
        with pytest.raises(SystemExit):
            cli.main(["--version"])
        assert capsys.readouterr().out == "procpolicy unknown (not installed)\n"

    def test_help_names_the_exit_codes_and_every_command(self, capsys: Capsys) -> None:
        """--help lists the commands and what each exit code means."""
        with pytest.raises(SystemExit):
            cli.main(["--help"])
        out = capsys.readouterr().out
        for word in ("demo", "rules", "check", "simulate", "ocds", "--debug"):
            assert word in out
        assert "3 an internal error" in " ".join(out.split())


def _threads(max_workers: int, **_: Any) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers)


class TestSimulate:
    def test_the_table_totals_the_runs(self, capsys: Capsys) -> None:
        """The default output: a heading, the table, the assumptions note."""
        ran = run_cli(capsys, "simulate", "--years", "2014-2015", "--runs", "2")
        assert ran.code == cli.EXIT_OK
        assert ran.out.startswith("procpolicy simulate — anyang, 2014–2015, 2 run(s)")
        assert "(seeds 0–1)" in ran.out
        assert "procpolicy.simulation.ASSUMPTIONS" in ran.out
        assert ran.err == ""

    def test_json_holds_the_combined_runs(self, capsys: Capsys) -> None:
        """--json: the summary and records of the runs, as the library gives them."""
        ran = run_cli(capsys, "simulate", "--years", "2014", "--json")
        report = json.loads(ran.out)
        expected = run(anyang_rollout().with_years([2014]), 0)
        assert report["records"] == combine([expected]).records()
        assert report["years"] == [2014]

    def test_csv_has_the_record_columns(self, capsys: Capsys) -> None:
        """--csv: a header of the record columns, one row per project-year."""
        ran = run_cli(capsys, "simulate", "--years", "2014", "--csv")
        header, *rows = ran.out.splitlines()
        assert header == ",".join(ProjectYear.columns())
        assert len(rows) == len(run(anyang_rollout().with_years([2014]), 0))

    @pytest.mark.parametrize(
        ("years", "warning"),
        [
            (
                "2010-2012",
                (
                    "years 2010–2012 are outside the scenario's years 2014–2017 "
                    "(it starts no project before 2014: rows before then are zeros)"
                ),
            ),
            (
                "2018",
                (
                    "year 2018 is outside the scenario's years 2014–2017 "
                    "(their figures extend its assumptions)"
                ),
            ),
        ],
    )
    def test_years_outside_the_scenario_warn_on_stderr(
        self, years: str, warning: str, capsys: Capsys
    ) -> None:
        """Rows of zeros, or figures past 2017, come with a warning; exit 0."""
        ran = run_cli(capsys, "simulate", "--years", years)
        assert ran.code == cli.EXIT_OK
        assert one_line(ran.err) == f"procpolicy simulate: warning: {warning}"

    def test_years_on_both_sides_give_two_warnings(self, capsys: Capsys) -> None:
        """Before and after the scenario: one line each."""
        ran = run_cli(capsys, "simulate", "--years", "2013-2018", "--csv")
        first, second = ran.err.splitlines()
        assert "warning: year 2013 is outside" in first
        assert "warning: year 2018 is outside" in second

    @pytest.mark.parametrize(
        ("years", "fragment"),
        [
            ("2017-2014", "ends before it starts"),
            ("twenty", "is not a year"),
            ("1900-2014", "outside 1990-2100"),
            ("2014-99999", "outside 1990-2100"),
        ],
    )
    def test_bad_years_are_a_usage_error(
        self, years: str, fragment: str, capsys: Capsys
    ) -> None:
        """A reversed span, a word or a year out of range: exit 2, usage."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["simulate", "--years", years])
        assert exit_info.value.code == cli.EXIT_INVALID
        assert fragment in capsys.readouterr().err

    @pytest.mark.parametrize(
        "argv", [["--runs", "0"], ["--scale", "x"], ["--workers", "-2"]]
    )
    def test_counts_must_be_whole_numbers_of_at_least_1(
        self, argv: list[str], capsys: Capsys
    ) -> None:
        """Runs, scale and workers below 1 or not numbers: a usage error."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["simulate", *argv])
        assert exit_info.value.code == cli.EXIT_INVALID
        assert "is not a whole number of at least 1" in capsys.readouterr().err

    def test_a_progress_bar_goes_to_stderr(self, capsys: Capsys) -> None:
        """--progress draws on stderr; stdout keeps the table."""
        ran = run_cli(
            capsys, "simulate", "--years", "2014", "--runs", "2", "--progress"
        )
        assert "10/10" in ran.err
        assert ran.out.startswith("procpolicy simulate")

    def test_without_tqdm_a_plain_counter_is_drawn(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """The ``progress`` extra missing: ``simulate: n/total projects``."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        ran = run_cli(capsys, "simulate", "--years", "2014", "--progress")
        assert ran.err.endswith("simulate: 5/5 projects\n")

    def test_a_terminal_gets_a_bar_by_default_and_a_pipe_none(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """No flag: a bar only when stderr is a terminal; --no-progress: none."""
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        monkeypatch.setitem(sys.modules, "tqdm", None)
        assert "5/5" in run_cli(capsys, "simulate", "--years", "2014").err
        assert run_cli(capsys, "simulate", "--years", "2014", "--no-progress").err == ""
        monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
        assert run_cli(capsys, "simulate", "--years", "2014").err == ""

    def test_workers_run_in_a_spawned_pool_with_the_same_table(
        self, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
    ) -> None:
        """--workers 2 hands the seeds to a (here: thread) pool; same output."""
        seen: list[str] = []

        def pool(max_workers: int, mp_context: Any) -> ThreadPoolExecutor:
            seen.append(mp_context.get_start_method())
            return _threads(max_workers)

        args = ["simulate", "--years", "2014", "--runs", "2", "--progress"]
        serial = run_cli(capsys, *args)
        monkeypatch.setattr(cli, "ProcessPoolExecutor", pool)
        parallel = run_cli(capsys, *args, "--workers", "2")
        assert parallel.out == serial.out
        assert "10/10" in parallel.err
        assert seen == ["spawn"]

    def test_the_pool_is_the_real_process_pool_until_replaced(self) -> None:
        """``cli.ProcessPoolExecutor`` is `concurrent.futures`' (imported lazily)."""
        from concurrent.futures import ProcessPoolExecutor

        assert cli.ProcessPoolExecutor is ProcessPoolExecutor
        with pytest.raises(AttributeError, match="no attribute 'missing'"):
            cli.missing  # noqa: B018 - the module's __getattr__ refuses it


PUBLISHED = "2016-05-01T12:00:00+08:00"


class TestOcds:
    @pytest.fixture
    def files(self, tmp_path: Path) -> list[str]:
        """Two stored projects of one buyer: the 2015 cleaning and a twin."""
        twin = renamed(cleaning_2015(), project_id="AY-2015-008")
        return [
            stored(tmp_path, cleaning_2015(), "a.json"),
            stored(tmp_path, twin, "b.json"),
        ]

    def expected(self, files: Sequence[str], **options: Any) -> list[list[Any]]:
        projects = [S.loads(pp.Project, Path(f).read_text("utf-8")) for f in files]
        return [list(ocds.releases(p, "ocds-213czf", **options)) for p in projects]

    def test_releases_are_a_json_array_by_default(
        self, files: list[str], capsys: Capsys, validators: Validators
    ) -> None:
        """Every release of every project, in order; each one valid OCDS."""
        ran = run_cli(capsys, "ocds", *files)
        releases = json.loads(ran.out)
        assert ran.code == cli.EXIT_OK
        assert releases == [r for rs in self.expected(files) for r in rs]
        for release in releases:
            assert errors(validators.release, release) == []

    def test_jsonl_writes_one_compact_release_per_line(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """--jsonl: one release a line, what ``ocdskit package-releases`` reads."""
        lines = run_cli(capsys, "ocds", files[0], "--jsonl").out.splitlines()
        assert [json.loads(line) for line in lines] == self.expected(files[:1])[0]
        assert all(": " not in line[:40] for line in lines)

    def test_a_release_package_holds_every_release(
        self, files: list[str], capsys: Capsys, validators: Validators
    ) -> None:
        """--package: one release package, valid against its schema."""
        ran = run_cli(
            capsys, "ocds", *files, "--package", "--published", PUBLISHED,
            "--uri", "https://data.example.org/ocds/2016.json",
        )  # fmt: skip
        package = json.loads(ran.out)
        assert package == ocds.package(
            [r for rs in self.expected(files) for r in rs],
            publisher="安阳市城市管理局",
            uri="https://data.example.org/ocds/2016.json",
            published=datetime.fromisoformat(PUBLISHED),
        )
        assert errors(validators.package, package) == []

    def test_records_compile_each_project(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """--record: one record per project, as `ocds.record` builds it."""
        records = json.loads(run_cli(capsys, "ocds", *files, "--record").out)
        assert records == [ocds.record(rs) for rs in self.expected(files)]
        lines = run_cli(capsys, "ocds", *files, "--record", "--jsonl").out
        assert [json.loads(line) for line in lines.splitlines()] == records

    def test_a_record_package_holds_every_record(
        self, files: list[str], capsys: Capsys, validators: Validators
    ) -> None:
        """--record --package: one record package, valid against its schema."""
        ran = run_cli(
            capsys, "ocds", *files, "--record", "--package", "--published", PUBLISHED,
            "--publisher", "安阳市财政局",
        )  # fmt: skip
        package = json.loads(ran.out)
        assert package["publisher"] == {"name": "安阳市财政局"}
        assert package["uri"] == "placeholder:procpolicy"
        assert [r["ocid"] for r in package["records"]] == [
            "ocds-213czf-AY-2015-007",
            "ocds-213czf-AY-2015-008",
        ]
        assert errors(validators.records, package) == []

    def test_without_published_the_package_is_dated_now(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """The publication time defaults to now, in China Standard Time."""
        before = datetime.now(pp.events.CST).replace(microsecond=0)
        package = json.loads(run_cli(capsys, "ocds", files[0], "--package").out)
        published = datetime.fromisoformat(package["publishedDate"])
        assert published.utcoffset() == timedelta(hours=8)
        assert before <= published <= before + timedelta(minutes=1)

    def test_the_framework_states_grades_and_the_prefix_is_used(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """--framework and --ocid-prefix reach `ocds.releases`."""
        ran = run_cli(
            capsys, "ocds", files[0], "--framework", "anyang", "--ocid-prefix",
            "ocds-abc123",
        )  # fmt: skip
        project = S.loads(pp.Project, Path(files[0]).read_text("utf-8"))
        assert json.loads(ran.out) == list(
            ocds.releases(project, "ocds-abc123", framework=presets.anyang())
        )
        assert json.loads(ran.out) != self.expected(files[:1])[0]

    def test_a_project_given_twice_exits_2(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """The same project in two files would repeat release ids: refused."""
        ran = run_cli(capsys, "ocds", files[0], files[0])
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err) == (
            f"procpolicy ocds: {files[0]}: project 'AY-2015-007' is also in {files[0]}"
        )

    def test_projects_of_two_buyers_need_a_publisher(
        self, tmp_path: Path, files: list[str], capsys: Capsys
    ) -> None:
        """A package of two buyers' projects asks for --publisher."""
        other = pp.Purchaser("安阳市民政局", "民政局", pp.PurchaserKind.STATE_ORGAN)
        third = renamed(cleaning_2015(), project_id="AY-2015-009", purchaser=other)
        paths = [files[0], stored(tmp_path, third, "c.json")]
        ran = run_cli(capsys, "ocds", *paths, "--package")
        assert ran.code == cli.EXIT_INVALID
        assert "publisher: the projects have 2 buyers" in one_line(ran.err)
        ran = run_cli(
            capsys, "ocds", *paths, "--package", "--publisher", "安阳市财政局"
        )
        assert ran.code == cli.EXIT_OK

    def test_a_bad_prefix_exits_2_naming_it(
        self, files: list[str], capsys: Capsys
    ) -> None:
        """A prefix the OCDS registry would not assign is invalid input."""
        ran = run_cli(capsys, "ocds", files[0], "--ocid-prefix", "OCDS-1")
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err).startswith("procpolicy ocds: ocid_prefix: 'OCDS-1'")

    @pytest.mark.parametrize(
        ("argv", "fragment"),
        [
            (["--package", "--jsonl"], "not allowed with argument"),
            (["--published", "May 2016"], "is not an ISO 8601 date-time"),
            ([], "the following arguments are required: FILE"),
        ],
    )
    def test_bad_options_are_a_usage_error(
        self, files: list[str], argv: list[str], fragment: str, capsys: Capsys
    ) -> None:
        """A package on lines, a bad date, no file: exit 2 with the usage."""
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["ocds", *(files[:1] if argv else []), *argv])
        assert exit_info.value.code == cli.EXIT_INVALID
        assert fragment in capsys.readouterr().err

    def test_an_unreadable_file_exits_2(self, tmp_path: Path, capsys: Capsys) -> None:
        """The bounded reader guards ``ocds`` as it guards ``check``."""
        ran = run_cli(capsys, "ocds", str(tmp_path))
        assert ran.code == cli.EXIT_INVALID
        assert one_line(ran.err) == f"procpolicy ocds: {tmp_path}: Is a directory"


class TestAudit:
    def test_an_audit_of_stored_projects_counts_rules_and_refusals(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A clean project and a broken one: the table names the rule, exit 1."""
        clean = stored(tmp_path, cleaning_2015(), "clean.json")
        other = [
            attrs.evolve(e, project_id="AY-2015-008")
            if isinstance(e, pp.events.Drafted)
            else e
            for e in broken_term()
        ]
        broken = stored(tmp_path, other, "broken.json")
        ran = run_cli(capsys, "audit", "--no-progress", clean, broken)
        assert ran.code == cli.EXIT_BROKEN
        assert "2 project(s)" in ran.out
        assert "contract.term" in ran.out
        assert "refused 拒绝: AY-2015-008" in ran.out
        assert run_cli(capsys, "audit", clean).code == cli.EXIT_OK

    def test_an_audit_as_json_and_csv(self, tmp_path: Path, capsys: Capsys) -> None:
        """--json gives summary, by_rule, refused, records; --csv one row an event."""
        path = stored(tmp_path, broken_term(), "p.json")
        report = json.loads(run_cli(capsys, "audit", "--json", path).out)
        assert report["by_rule"]["contract.term"] == [1, 0]
        assert report["refused"] == ["AY-2015-007"]
        assert len(report["records"]) == len(broken_term())
        rows = run_cli(capsys, "audit", "--csv", path).out.splitlines()
        assert rows[0] == "project_id,index,event,day,allowed,failed,undetermined"
        assert len(rows) == len(broken_term()) + 1

    def test_an_audit_under_a_reform(self, tmp_path: Path, capsys: Capsys) -> None:
        """--reform applies a [reform] table: a halved threshold refuses more."""
        life = cleaning_2015()
        big = attrs.evolve(life.budgeted, amount=Decimal(1_500_000))
        path = stored(tmp_path, [life.drafted, big, *life[2:4]], "p.json")
        reform = tmp_path / "r.toml"
        reform.write_text(
            '[reform]\nid = "halved"\neffective = 2014-01-01\n'
            'sets = { open_tender_threshold = "1000000" }\n',
            "utf-8",
        )
        assert run_cli(capsys, "audit", path).code == cli.EXIT_OK
        ran = run_cli(capsys, "audit", "--reform", str(reform), path)
        assert ran.code == cli.EXIT_BROKEN
        assert "method.permitted" in ran.out
        assert "reformed by" in ran.out

    def test_a_bad_reform_file_exits_2(self, tmp_path: Path, capsys: Capsys) -> None:
        """A reform naming an unknown parameter is one line on stderr, exit 2."""
        path = stored(tmp_path, cleaning_2015(), "p.json")
        reform = tmp_path / "r.toml"
        reform.write_text(
            "[reform]\neffective = 2014-01-01\nsets = { no_such = 1 }\n", "utf-8"
        )
        ran = run_cli(capsys, "audit", "--reform", str(reform), path)
        assert ran.code == cli.EXIT_INVALID
        assert "reform.sets" in ran.err

    def test_an_audit_with_a_progress_bar(self, tmp_path: Path, capsys: Capsys) -> None:
        """--progress shows a bar on stderr and closes it."""
        path = stored(tmp_path, cleaning_2015(), "p.json")
        ran = run_cli(capsys, "audit", "--progress", path)
        assert ran.code == cli.EXIT_OK
        assert "audit" in ran.err or "1/1" in ran.err
