"""Every text the workflow's rules write, pinned against a reviewed record.

A rule's explanation is what a purchaser reads: the English and Chinese
sentence, the figures, the fact it lacks.  ``rule_texts.json`` holds, for
each case of the verdict table (`tests.unit.test_judgements.TABLE`) and each
case of `CASES` below, every result that says something; and, for every
stage of the projects of `PROJECTS` under Anyang's and the national rules,
each distinct requirement (`Workflow.requirements`).  The tests compare what
the rules write now with the record, so no word, separator or figure of an
explanation changes unseen (mutmut's text mutants, docs/testing.md).

After a deliberate change of wording, rewrite the record and review its diff::

    python -m tests.unit.test_rule_texts
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.project import fold
from tests.unit.test_judgements import NATIONAL, SINGLE, TABLE, WF, C, P

RECORD = Path(__file__).with_name("rule_texts.json")
Case = Callable[[], tuple[pp.Workflow, pp.Project, E.Event]]

CASES: dict[str, Case] = {}
"""Cases beyond the verdict table: the branches of a rule it does not reach."""

BIG = (C.drafted, attrs.evolve(C.budgeted, amount=Decimal(1_500_000)), *C[2:])
PROJECTS: dict[str, tuple[E.Event, ...]] = {
    "cleaning-2015": C,
    "lamps-2014": P,
    "cleaning-2015 at 1,500,000": BIG,
    "cleaning-2015 by single source": (*C[:3], SINGLE),
}
"""Each prefix of these histories is a project whose requirements are recorded."""


def _said(judgement: pp.Judgement) -> list[list[Any]]:
    return [
        [r.rule.id, r.verdict.name, r.message, r.zh, [list(f) for f in r.facts]]
        + ([r.unknown] if r.unknown else [])
        for r in judgement.results
        if r.message or r.zh
    ]


def judgements() -> dict[str, list[list[Any]]]:
    """What every case's judgement says, by case."""
    cases: dict[str, Case] = {
        f"{rule_id} {verdict.name}": case
        for rule_id, by_verdict in TABLE.items()
        for verdict, case in by_verdict.items()
    }
    cases.update(CASES)
    said = {}
    for name, case in cases.items():
        wf, project, event = case()
        said[name] = _said(wf.judge(project, event))
    return said


def requirements() -> dict[str, list[list[Any]]]:
    """Each distinct requirement of every stage of `PROJECTS`, by framework."""
    found: dict[str, list[list[Any]]] = {}
    for name, wf in (("anyang", WF), ("national", NATIONAL)):
        distinct: dict[str, list[Any]] = {}
        for history in PROJECTS.values():
            for n in range(1, len(history) + 1):
                project = fold(history[:n])
                for edge in pp.workflow.TRANSITIONS:
                    for need in wf.requirements(project, edge.event):
                        row = [
                            need.rule.id,
                            need.message,
                            need.zh,
                            need.bound,
                            [list(f) for f in need.facts],
                            need.met,
                        ]
                        distinct.setdefault(json.dumps(row, ensure_ascii=False), row)
        found[name] = list(distinct.values())
    return found


def written() -> dict[str, Any]:
    """Everything the record holds, as the rules write it now."""
    return {"judgements": judgements(), "requirements": requirements()}


def _stored() -> dict[str, Any]:
    return json.loads(RECORD.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _first_difference(now: list[Any], then: list[Any]) -> str:
    for index, (a, b) in enumerate(zip(now, then, strict=False)):
        if a != b:
            return f"entry {index}: now {a!r}, recorded {b!r}"
    return f"{len(now)} entries now, {len(then)} recorded"


class TestRuleTexts:
    def test_every_judgement_says_what_the_record_says(self) -> None:
        """Each case's results: rule, verdict, both texts, figures, unknown fact."""
        now, then = judgements(), _stored()["judgements"]
        assert list(now) == list(then)
        for name, said in now.items():
            difference = _first_difference(said, then[name])
            assert said == then[name], f"{name}: {difference}"

    def test_every_requirement_reads_as_the_record_says(self) -> None:
        """Every distinct requirement, in the order the stages first state it."""
        now, then = requirements(), _stored()["requirements"]
        assert list(now) == list(then)
        for name, needs in now.items():
            difference = _first_difference(needs, then[name])
            assert needs == then[name], f"{name}: {difference}"

    def test_the_record_covers_every_rule_and_verdict(self) -> None:
        """Every rule of the workflow appears, failed, and with its requirement."""
        stored = _stored()
        said = [row for rows in stored["judgements"].values() for row in rows]
        judged = {(row[0], row[1]) for row in said}
        needs = [row for rows in stored["requirements"].values() for row in rows]
        required = {row[0] for row in needs}
        for rule_id in TABLE:
            assert (rule_id, "FAILED") in judged, rule_id
        assert required == set(TABLE) - {"history.chronology"}


if __name__ == "__main__":  # pragma: no cover - rewrites the record
    text = json.dumps(written(), ensure_ascii=False, indent=1) + "\n"
    RECORD.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {RECORD} ({len(text):,} characters)\n")
