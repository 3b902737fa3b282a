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
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.evaluation import Achieved
from procpolicy.project import fold
from tests._lifecycle import TARGETS, Cleaning
from tests.unit.test_judgements import (
    NATIONAL,
    POOR_LIFE,
    SINGLE,
    TABLE,
    THIRD,
    WF,
    C,
    P,
)
from tests.unit.test_new_rules import SYSTEM, TARGET, shifted

RECORD = Path(__file__).with_name("rule_texts.json")
Case = Callable[[], tuple[pp.Workflow, pp.Project, E.Event]]


BIG = (C.drafted, attrs.evolve(C.budgeted, amount=Decimal(1_500_000)), *C[2:])
EXPOSED = attrs.evolve(
    C.drafted,
    social_impact=pp.SocialImpact.HIGH,
    fixed_site=False,
    scope=pp.Scope.CITYWIDE,
)
"""Every factor of 谁来考 but the amount calls for a third party."""
TWO_TARGETS = attrs.evolve(
    C.budgeted,
    targets=(*TARGETS, pp.PerformanceTarget("投诉处理及时率 %", Decimal(90))),
)


def judged(history: tuple[E.Event, ...], event: E.Event, wf: pp.Workflow = WF) -> Case:
    """``event`` judged by ``wf`` on the project folded from ``history``."""
    return lambda: (wf, fold(history), event)


WEEKS_TO_2030 = 783
"""2015-02-02 plus 783 weeks is 2030-02-04, a Monday: outside the calendar's
known years, so working days are counted Monday to Friday (ASSUMED)."""
LATE = Cleaning._make(shifted(C, 7 * WEEKS_TO_2030))
NEGOTIATION = attrs.evolve(LATE.started, method=pp.Method.COMPETITIVE_NEGOTIATION)
EARLY = Cleaning._make(shifted(C, -7 * 672))
"""The 2015 lifecycle 672 weeks earlier (2002): before the Government
Procurement Law, when few national rules were in force."""


def soon(started: E.ProcurementStarted, days: int) -> E.Awarded:
    """The 2030 award, ``days`` after the documents were issued."""
    return attrs.evolve(LATE.awarded, at=started.at + timedelta(days=days))


def due(started: E.ProcurementStarted, days: int) -> E.ProcurementStarted:
    """``started`` with its response deadline ``days`` after the issue."""
    return attrs.evolve(started, deadline=started.day + timedelta(days=days))


def supplement(day: date, amount: int) -> E.Amended:
    return E.Amended(
        at=datetime.combine(day, time(9)), amount=Decimal(amount), reason="扩大范围"
    )


def renewed(start: date, end: date, amount: int = 760_000) -> E.Renewed:
    return E.Renewed(
        at=datetime(2016, 4, 20, 9), start=start, end=end, amount=Decimal(amount)
    )


RENEWAL = renewed(date(2016, 4, 1), date(2017, 3, 31))
SUPPLEMENTED = (
    *C[:6],
    supplement(date(2015, 6, 1), 30_000),
    supplement(date(2015, 7, 1), 50_000),
    *C[6:10],
    RENEWAL,
    supplement(date(2016, 6, 1), 20_000),
)
"""Two supplements of the first period (80,000, above its 76,000), then a
renewal and one of the second period."""
SANITATION = tuple(
    pp.CatalogueItem(code, pp.Label(zh, en), pp.ServiceCategory.MUNICIPAL_SANITATION)
    for code, zh, en in (
        ("S-05", "道路清扫", "Road sweeping"),
        ("S-01", "公厕保洁", "Public toilets"),
        ("S-04", "垃圾清运", "Waste collection"),
        ("S-02", "水域保洁", "Waterways"),
        ("S-03", "广告清理", "Bill removal"),
    )
)
ITEMS_ONLY = pp.Workflow(
    pp.PolicyFramework(
        (
            pp.PolicyDocument(
                id="x-catalogue",
                title=pp.Label("市政环卫单项目录", "A catalogue of sanitation items"),
                layer=pp.Layer.IMPLEMENTATION,
                effective=date(2014, 1, 1),
                catalogue=pp.Catalogue(items=frozenset(SANITATION)),
                articles={"catalogue": "附件"},
            ),
        )
    )
)
"""A framework whose catalogue lists five single items of street sanitation."""
SCHOOL = pp.Undertaker(
    "市一中",
    pp.UndertakerKind.PUBLIC_INSTITUTION_CLASS1,
    frozenset(pp.SupplierCondition),
)
"""A kind that may not deliver, showing every condition."""
INTERNAL_90 = pp.Evaluation(evaluator=pp.Evaluator.INTERNAL, internal_score=90)


def scored(*achieved: Achieved, evaluation: pp.Evaluation = THIRD.evaluation) -> Case:
    """The 2015 evaluation, scored by `SYSTEM` on ``achieved``."""
    event = attrs.evolve(
        C.evaluated, evaluation=evaluation, achieved=achieved, indicators=SYSTEM
    )
    return judged(C[:8], event)


CASES: dict[str, Case] = {
    "catalogue.listed: only five items of the category are listed": judged(
        C[:1], C.budgeted, ITEMS_ONLY
    ),
    "catalogue.prohibited: everything on the negative list, 2021": judged(
        (
            attrs.evolve(
                C.drafted, at=datetime(2021, 2, 1), involves=set(pp.Prohibited)
            ),
        ),
        attrs.evolve(C.budgeted, at=datetime(2021, 2, 10), separate_line=True),
    ),
    "method.permitted: single source for 3,000,000 with no ground": judged(
        (C.drafted, attrs.evolve(C.budgeted, amount=Decimal(3_000_000)), C.disclosed),
        attrs.evolve(C.started, method=pp.Method.SINGLE_SOURCE),
    ),
    "tender.period: a negotiation awarded a day after the issue, 2030": judged(
        (*LATE[:3], NEGOTIATION), soon(NEGOTIATION, 1)
    ),
    "tender.period: a consultation awarded two days after the issue, 2030": judged(
        LATE[:4], soon(LATE.started, 2)
    ),
    "tender.period: a negotiation with no deadline awarded later, 2030": judged(
        (*LATE[:3], NEGOTIATION), soon(NEGOTIATION, 30)
    ),
    "tender.period: a consultation with no deadline awarded later, 2030": judged(
        LATE[:4], LATE.awarded
    ),
    "tender.period: a negotiation due a day after the issue, 2030": judged(
        LATE[:3], due(NEGOTIATION, 1)
    ),
    "tender.period: a consultation due three days after the issue, 2030": judged(
        LATE[:3], due(LATE.started, 3)
    ),
    "tender.period: an award before the recorded deadline": judged(
        (*C[:3], due(C.started, 30)), C.awarded
    ),
    "tender.period: a tender with no period in force, 2002": judged(
        (*EARLY[:3], attrs.evolve(EARLY.started, method=pp.Method.OPEN_TENDERING)),
        EARLY.awarded,
        NATIONAL,
    ),
    "undertaker.eligible: a kind that may not deliver, every condition shown": judged(
        C[:4], attrs.evolve(C.awarded, undertaker=SCHOOL)
    ),
    "contract.term: 14 months where 12 are allowed": judged(
        C[:5], attrs.evolve(C.contracted, end=date(2016, 5, 31))
    ),
    "contract.within_budget: a renewal above the budget": judged(
        C[:10], renewed(date(2016, 4, 1), date(2017, 3, 31), 900_000)
    ),
    "contract.within_budget: a second supplement takes the contract above": judged(
        (*C[:6], supplement(date(2015, 6, 1), 30_000)),
        supplement(date(2015, 7, 1), 20_000),
    ),
    "contract.supplement: a supplement to a contract of nothing": judged(
        (*C[:5], attrs.evolve(C.contracted, amount=Decimal(0))),
        supplement(date(2015, 6, 1), 10_000),
    ),
    "contract.published: on the Saturday after the last of two working days": judged(
        shifted(C[:6], (date(2015, 4, 15) - C.contracted.day).days),
        E.ContractPublished(at=datetime(2015, 4, 18, 9)),
    ),
    "supervision.within_term: a daily evaluation on the period's first day": judged(
        C[:6], attrs.evolve(C.supervised, at=datetime(2015, 4, 1, 9))
    ),
    "evaluation.evaluator: an internal evaluation every factor refuses": judged(
        (EXPOSED, attrs.evolve(C.budgeted, amount=Decimal(1_500_000)), *C[2:8]),
        C.evaluated,
    ),
    "evaluation.evaluator: factors unrecorded where no factor counts": judged(
        C[:8], C.evaluated, NATIONAL
    ),
    "evaluation.targets: two targets and the system's indicators unreported": judged(
        (C.drafted, TWO_TARGETS, *C[2:8]),
        attrs.evolve(C.evaluated, indicators=SYSTEM),
    ),
    "evaluation.targets: values the system cannot score": scored(
        Achieved(TARGET, Decimal(-1)), Achieved("投诉次数", Decimal(-1))
    ),
    "evaluation.targets: an internal score other than the system's": scored(
        Achieved(TARGET, Decimal(76)),
        Achieved("Complaints", Decimal(4)),
        evaluation=INTERNAL_90,
    ),
    "settlement.evaluated: a payment before any contract": judged(C[:5], C.settled),
    "settlement.cost_comparison: paid exactly what it cost before": judged(
        (C.drafted, attrs.evolve(C.budgeted, cost_before=Decimal(760_000)), *C[2:9]),
        C.settled,
    ),
    "renewal.term_cap: a renewal from the period's last day": judged(
        C[:10], renewed(date(2016, 3, 31), date(2017, 3, 30))
    ),
    "renewal.term_cap: a renewal that overlaps and runs past the cap": judged(
        C[:10], renewed(date(2016, 3, 1), date(2019, 12, 31))
    ),
    "closure.accountability: closed after a renewal, the last grade poor": judged(
        (*POOR_LIFE, RENEWAL), C.closed
    ),
}
"""Cases beyond the verdict table: the branches of a rule it does not reach."""


def daily(first: int, second: int) -> tuple[E.Event, ...]:
    """The 2015 lifecycle with these two daily scores (Supervised)."""
    return (
        *C[:6],
        attrs.evolve(C.supervised, score=Decimal(first)),
        attrs.evolve(C.supervised_again, score=Decimal(second)),
        *C[8:],
    )


PROJECTS: dict[str, tuple[E.Event, ...]] = {
    "cleaning-2015": C,
    "lamps-2014": P,
    "cleaning-2015 at 1,500,000": BIG,
    "cleaning-2015 by single source": (*C[:3], SINGLE),
    "cleaning-2015, citywide, high impact, no fixed site": (EXPOSED, *C[1:]),
    "cleaning-2015 with two targets": (C.drafted, TWO_TARGETS, *C[2:]),
    "cleaning-2015 scored 0 and 1 daily": daily(0, 1),
    "cleaning-2015 scored 99 and 100 daily": daily(99, 100),
    "cleaning-2015 with supplements and a renewal": SUPPLEMENTED,
    "cleaning-2030, by consultation": LATE,
    "cleaning-2030, by negotiation": (*LATE[:3], NEGOTIATION, *LATE[4:]),
    "cleaning-2002, before the Government Procurement Law": EARLY,
}
"""Each prefix of these histories is a project whose requirements are recorded."""


def _said(judgement: pp.Judgement) -> list[list[Any]]:
    """Each result's rule and verdict, then what it says, if anything."""
    return [
        [r.rule.id, r.verdict.name]
        + ([r.message, r.zh, [list(f) for f in r.facts]] if r.message or r.zh else [])
        + ([r.unknown] if r.unknown else [])
        for r in judgement.results
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


def written() -> dict[str, dict[str, list[list[Any]]]]:
    """Everything the record holds, as the rules write it now."""
    return {"judgements": judgements(), "requirements": requirements()}


def dump(record: dict[str, dict[str, list[list[Any]]]]) -> str:
    """The record as JSON text, one row a line, so that its diff reads well."""

    def items(rows: list[Any], indent: str) -> list[str]:
        return [
            indent + row + ("," if n < len(rows) - 1 else "")
            for n, row in enumerate(rows)
        ]

    def group(name: str, rows: list[list[Any]]) -> str:
        lines = items([json.dumps(r, ensure_ascii=False) for r in rows], "   ")
        return "\n".join(
            [f"  {json.dumps(name, ensure_ascii=False)}: [", *lines, "  ]"]
        )

    def part(name: str, groups: dict[str, list[list[Any]]]) -> str:
        inner = items([group(n, rows) for n, rows in groups.items()], "")
        return "\n".join([f" {json.dumps(name)}: {{", *inner, " }"])

    parts = items([part(n, groups) for n, groups in record.items()], "")
    return "\n".join(["{", *parts, "}"]) + "\n"


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
    text = dump(written())
    RECORD.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {RECORD} ({len(text):,} characters)\n")
