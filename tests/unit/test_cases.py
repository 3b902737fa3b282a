"""Declarative TOML cases: loading, judging, naming each failure, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

import procpolicy as pp
from procpolicy import cases, cli
from tests.unit.test_cli import Capsys, run_cli

CASES = sorted((Path(__file__).resolve().parents[2] / "docs" / "cases").glob("*.toml"))


def example(**replace: str) -> str:
    text = cases.EXAMPLE
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


class TestShippedCases:
    def test_there_are_shipped_cases(self) -> None:
        """docs/cases holds the tutorial's Anyang cases."""
        assert len(CASES) >= 2

    @pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
    def test_every_shipped_case_holds(self, path: Path) -> None:
        """Each expectation of docs/cases/*.toml holds."""
        loaded = cases.loads(path.read_text(encoding="utf-8"), source=path.name)
        for result in cases.run_all(loaded):
            assert result.passed, result.failures
            assert result.case.expectations


class TestRunning:
    def test_the_example_holds(self) -> None:
        """The module's example: a short consultation is refused by tender.period."""
        (case,) = cases.loads(cases.EXAMPLE)
        result = cases.run(case)
        assert result.passed
        assert [str(e) for e in case.expectations] == [
            "allowed",
            "allowed",
            "allowed",
            "tender.period",
        ]

    def test_a_broken_expectation_names_case_event_and_rules(self) -> None:
        """A failing case says which case, which event, what was expected and got."""
        text = example(
            **{'expect = ["tender.period"]': 'expect = ["method.permitted"]'}
        )
        (result,) = cases.run_all(cases.loads(text))
        assert result.failures == (
            (
                "cases[0].events[3] (ProcurementStarted): expected method.permitted, "
                "got refused by tender.period"
            ),
        )

    def test_an_event_without_expectation_is_judged_not_checked(self) -> None:
        """Without ``expect`` an event is judged but nothing is compared."""
        text = example(**{'expect = ["tender.period"]\n': ""})
        (case,) = cases.loads(text)
        assert len(case.expectations) == 3
        assert cases.run(case).passed

    def test_a_refused_attempt_leaves_the_project_as_it_was(self) -> None:
        """The mended attempt after a refused one is judged on the same project."""
        mended = (
            '\n[[cases.events]]\ntype = "ProcurementStarted"\n'
            "at = 2015-02-16T10:00:00\n"
            'method = "COMPETITIVE_CONSULTATION"\ndeadline = 2015-02-27\n'
            'expect = "allowed"\n'
        )
        (case,) = cases.loads(cases.EXAMPLE + mended)
        assert cases.run(case).passed

    def test_a_strict_case_refuses_an_unknown_fact(self) -> None:
        """With strict = true an award without the number of bidders is refused."""
        award = (
            '\n[[cases.events]]\ntype = "Awarded"\nat = 2015-03-10T09:00:00\n'
            'amount = "760000"\nundertaker = { name = "洁城环卫", kind = "ENTERPRISE", '
            'conditions = ["CIVIL_LIABILITY", "REPUTATION_AND_ACCOUNTS", '
            '"EQUIPMENT_AND_EXPERTISE", "TAX_AND_SOCIAL_SECURITY", '
            '"NO_MAJOR_VIOLATIONS"] }\nexpect = ["tender.bidders"]\n'
        )
        text = example(
            **{
                "deadline = 2015-02-24": "deadline = 2015-02-27",
                'expect = ["tender.period"]': 'expect = "allowed"',
                'preset = "anyang"': 'preset = "anyang"\nstrict = true',
            }
        )
        (case,) = cases.loads(text + award)
        assert case.strict
        assert cases.run(case).passed

    def test_a_reform_applies_from_its_date(self) -> None:
        """A reform halving the open-tender threshold refuses a 1.5 m consultation."""
        text = example(
            **{
                'amount = "800000"': 'amount = "1500000"',
                'expect = ["tender.period"]': (
                    'expect = ["method.permitted", "tender.period"]'
                ),
                'preset = "anyang"': (
                    'preset = "anyang"\n'
                    '[cases.reform]\nid = "halved"\neffective = 2015-01-01\n'
                    'sets = { open_tender_threshold = "1000000" }'
                ),
            }
        )
        (case,) = cases.loads(text)
        assert cases.run(case).passed


class TestBadCases:
    @pytest.mark.parametrize(
        ("replace", "message"),
        [
            ({'amount = "800000"': 'amount = "x"'}, "@ cases[0].events[1].amount"),
            ({'type = "Budgeted"': 'type = "Budget"'}, "cases[0].events[1]"),
            ({"separate_line = false": "separat_line = false"}, "cases[0].events[1]"),
            (
                {'expect = ["tender.period"]': 'expect = ["tender.perod"]'},
                "cases[0].events[3].expect: no rule ['tender.perod']",
            ),
            ({'expect = ["tender.period"]': "expect = 3"}, "cases[0].events[3].expect"),
            (
                {'expect = ["tender.period"]': 'expect = "tender.perod"'},
                "cases[0].events[3].expect: no rule",
            ),
            ({'preset = "anyang"': 'preset = "beijing"'}, "cases[0].preset: 'beijing'"),
            (
                {'preset = "anyang"': 'preset = "anyang"\nstrict = "yes"'},
                "cases[0].strict",
            ),
            ({'preset = "anyang"': 'preset = "anyang"\nnotes = 1'}, "unknown key(s)"),
        ],
    )
    def test_a_bad_case_names_its_path(
        self, replace: dict[str, str], message: str
    ) -> None:
        """Every problem is an InvalidInput naming where it is."""
        with pytest.raises(pp.InvalidInput) as raised:
            cases.loads(example(**replace))
        assert any(message in m for m in raised.value.messages), raised.value.messages

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("x = [", "not TOML"),
            ("x = 1", "expected one or more [[cases]]"),
            ("cases = [1]", "cases[0]: expected a table"),
            ("[[cases]]\nname = 'n'", "cases[0].events: expected one or more"),
            ("[[cases]]\nevents = [1]", "cases[0].events[0]: expected a table"),
            ("cases = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ],
    )
    def test_a_malformed_document_is_invalid_input(
        self, text: str, message: str
    ) -> None:
        """A document that is not a case file says what is wrong."""
        with pytest.raises(pp.InvalidInput, match=message.replace("[", r"\[")):
            cases.loads(text, source="f.toml")

    def test_a_history_starts_with_drafted(self) -> None:
        """The first event of a case must open the project."""
        start = cases.EXAMPLE.index("[[cases.events]]")
        second = cases.EXAMPLE.index("[[cases.events]]", start + 1)
        text = cases.EXAMPLE[:start] + cases.EXAMPLE[second:]
        with pytest.raises(pp.InvalidInput, match="starts with a Drafted"):
            cases.loads(text)

    @pytest.mark.parametrize(
        ("reform", "message"),
        [
            ("[cases.reform]\nid = 'r'", "cases[0].reform.effective"),
            ("reform = 1", "cases[0].reform: expected a table"),
            ("[cases.reform]\nwhen = 1", "cases[0].reform: unknown key(s)"),
            (
                "[cases.reform]\neffective = 2016-01-01\nsets = { no_such = 1 }",
                "cases[0].reform.sets",
            ),
            (
                "[cases.reform]\nid = 'Not An Id'\neffective = 2016-01-01",
                "cases[0].reform",
            ),
            (
                "[cases.reform]\neffective = 2016-01-01\nremoves = ['nope']",
                "cases[0].reform",
            ),
        ],
    )
    def test_a_bad_reform_names_its_path(self, reform: str, message: str) -> None:
        """A reform with a missing date, an unknown key or parameter, names it."""
        text = example(**{'preset = "anyang"': f'preset = "anyang"\n{reform}'})
        with pytest.raises(pp.InvalidInput) as raised:
            cases.loads(text)
        assert any(message in m for m in raised.value.messages), raised.value.messages


class TestCommand:
    def test_the_shipped_cases_pass(self, capsys: Capsys) -> None:
        """`procpolicy test docs/cases/*.toml` exits 0."""
        ran = run_cli(capsys, "test", *map(str, CASES))
        assert ran.code == cli.EXIT_OK
        assert "0 failed" in ran.out

    def test_a_failing_case_exits_1_and_is_named(
        self, tmp_path: Path, capsys: Capsys
    ) -> None:
        """A broken expectation is printed with its case and event."""
        path = tmp_path / "bad.toml"
        path.write_text(
            example(**{'expect = ["tender.period"]': 'expect = "allowed"'}), "utf-8"
        )
        ran = run_cli(capsys, "test", str(path))
        assert ran.code == cli.EXIT_BROKEN
        assert "FAIL  2015 street cleaning" in ran.out
        assert "cases[0].events[3] (ProcurementStarted)" in ran.out
        ran = run_cli(capsys, "test", "--json", str(path))
        assert ran.code == cli.EXIT_BROKEN
        assert '"passed": false' in ran.out

    def test_an_unreadable_case_exits_2(self, tmp_path: Path, capsys: Capsys) -> None:
        """Bad TOML is one line on stderr and exit 2."""
        path = tmp_path / "u.toml"
        path.write_text("x = [", "utf-8")
        ran = run_cli(capsys, "test", str(path))
        assert ran.code == cli.EXIT_INVALID
        assert ran.err.count("\n") == 1
        assert "not TOML" in ran.err


class TestReformFiles:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("[reform", "f.toml: not TOML"),
            ("x = 1", "f.toml: expected a [reform] table"),
            ("[reform]\neffective = 1", "f.toml: reform.effective"),
        ],
    )
    def test_a_bad_reform_file_names_the_problem(self, text: str, message: str) -> None:
        """A reform file that is not TOML, has no table, or a bad date."""
        with pytest.raises(pp.InvalidInput) as raised:
            cases.loads_reform(text, source="f.toml")
        assert any(message in m for m in raised.value.messages), raised.value.messages
