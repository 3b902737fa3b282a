"""The command line: ``procpolicy demo | rules | check | simulate``.

This module and ``__main__`` are the only places with I/O.  Exit codes of
``check``: 0 when the history is clean, 1 when a rule is broken, 2 when the
input cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from procpolicy import events as E  # noqa: N812
from procpolicy import presets, serialization, simulation
from procpolicy.catalogue import Prohibited, ServiceCategory
from procpolicy.errors import InvalidInput, TransitionRefused
from procpolicy.evaluation import PerformanceTarget
from procpolicy.parties import Purchaser, PurchaserKind
from procpolicy.policy import Layer, PolicyFramework, Question
from procpolicy.project import Project
from procpolicy.rules import RULES, Violation
from procpolicy.workflow import Workflow

__all__ = ["main"]

_FRAMEWORKS = {"anyang": presets.anyang, "national": presets.national}


def _out(text: str = "") -> None:
    print(text)


def _heading(text: str) -> None:
    _out()
    _out(text)
    _out("─" * min(len(text) * 2, 72))


def _violation_lines(violation: Violation) -> list[str]:
    rule = violation.rule
    lines = [f"  ✗ [{rule.id}] {rule.title.zh} / {rule.title.en}"]
    lines.append(f"      {violation.message}")
    if violation.zh:
        lines.append(f"      {violation.zh}")
    lines.append(f"      依据 cites: {rule.citation}")
    return lines


def _demo(framework: PolicyFramework) -> int:
    _out('procpolicy — 安阳市政府购买服务 "1+3+N" 政策体系 (Anyang, Henan)')
    _heading("1. 政策体系 The documents, by layer")
    for layer in Layer:
        docs = [d for d in framework.documents if d.layer is layer]
        _out(f"{layer.zh} — {layer.en}:")
        for doc in docs:
            until = f" → {doc.expires}" if doc.expires else ""
            mark = "" if doc.verified else " [date unverified]"
            _out(f"  {doc.effective}{until}  {doc.id:<18} {doc.title.zh}{mark}")
    _heading("2. 五个问题 The five questions, answered by (2017-07-11)")
    rules = framework.at(date(2017, 7, 11))
    for question in Question:
        ids = [d.id for d in rules.documents if question in d.answers]
        _out(f"  {question.zh} ({question.en}): {', '.join(ids)}")
    _heading("3. 指导性目录 The catalogue, year by year")
    for year in range(2014, 2018):
        catalogue = framework.at(date(year, 7, 1)).catalogue
        names = [c.zh for c in ServiceCategory if catalogue.lists_whole(c)]
        items = [i.name.zh for i in sorted(catalogue.items, key=lambda i: i.code)]
        listed = "、".join(names) if names else "(试点项目 pilots only)"
        _out(f"  {year}: {len(names):>2} categories — {listed}")
        if not names:
            _out(f"        items: {'、'.join(items)}")
    _heading("4. 年度变化 What changed between years")
    for year in range(2014, 2018):
        before = framework.at(date(year - 1, 12, 31))
        changes = before.diff(framework.at(date(year, 1, 1)))
        _out(f"  {year - 1} → {year}: {len(changes)} change(s)")
        for change in changes:
            _out(f"      {change}")
    _heading("5. 参数及其出处 A parameter and its source")
    for day in (date(2016, 6, 1), date(2021, 6, 1)):
        at = framework.at(day)
        _out(
            f"  {day}: 合同履行期限 max_contract_years = "
            f"{at.parameters.max_contract_years} — {at.source('max_contract_years')}"
        )
    at = framework.at(date(2016, 6, 1))
    _out(
        f"  {date(2016, 6, 1)}: 公开招标数额标准 open_tender_threshold = "
        f"{at.parameters.open_tender_threshold:,} — "
        f"{at.source('open_tender_threshold')}"
    )
    _heading("6. 两个被拒绝的购买 Two refused purchases")
    workflow = Workflow(framework)
    buyer = Purchaser("安阳市民政局", "民政局", PurchaserKind.STATE_ORGAN)
    early = workflow.start(
        E.Drafted(
            at=datetime(2014, 4, 1, 9, tzinfo=E.CST),
            project_id="AY-2014-DEMO-1",
            title="社区社工服务 Community social work",
            purchaser=buyer,
            category=ServiceCategory.SOCIAL_WORK,
        )
    )
    _refuse(
        workflow,
        early,
        E.Budgeted(
            at=datetime(2014, 4, 8, 9, tzinfo=E.CST),
            amount=Decimal(600_000),
            separate_line=False,
        ),
        "2014: social work before the 2015 catalogue, budgeted without targets",
    )
    staffing = workflow.start(
        E.Drafted(
            at=datetime(2016, 3, 1, 9, tzinfo=E.CST),
            project_id="AY-2016-DEMO-2",
            title="窗口服务人员 Counter staff for the service hall",
            purchaser=buyer,
            category=ServiceCategory.OFFICE_BUILDING_OPERATION,
            involves=frozenset({Prohibited.STAFFING}),
        )
    )
    _refuse(
        workflow,
        staffing,
        E.Budgeted(
            at=datetime(2016, 3, 8, 9, tzinfo=E.CST),
            amount=Decimal(900_000),
            separate_line=False,
            targets=(PerformanceTarget("窗口满意度 satisfaction %", Decimal(95)),),
        ),
        "2016: hiring staff (以钱养人), money off the separate budget line",
    )
    _out()
    _out(
        "More: `procpolicy rules`, `procpolicy check FILE.json`, `procpolicy simulate`."
    )
    return 0


def _refuse(workflow: Workflow, project: Project, event: E.Event, title: str) -> None:
    _out(f"  {project.id} — {title}")
    try:
        workflow.apply(project, event)
    except TransitionRefused as refused:
        for violation in refused.violations:
            for line in _violation_lines(violation):
                _out(line)
    else:  # pragma: no cover - the demo's events are refused by construction
        _out("  (accepted)")


def _rules(as_json: bool) -> int:  # noqa: FBT001
    if as_json:
        _out(
            json.dumps(
                [serialization.to_dict(rule) for rule in RULES],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for rule in RULES:
        _out(f"{rule.id:<32} {rule.title.zh} — {rule.title.en}")
        _out(f"{'':<32} {rule.citation}")
    return 0


def _read_history(path: str) -> tuple[E.Event, ...]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"not JSON: {exc}") from None
    if isinstance(data, list):
        data = {"schema": serialization.PROJECT_SCHEMA, "history": data}
    return serialization.from_dict(Project, data).history


def _check(path: str, framework: PolicyFramework, as_json: bool) -> int:  # noqa: FBT001
    try:
        history = _read_history(path)
    except (OSError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, InvalidInput) else (str(exc),)
        if as_json:
            _out(json.dumps({"error": list(messages)}, ensure_ascii=False, indent=2))
        else:
            _out(f"procpolicy check: cannot read {path}:")
            for message in messages:
                _out(f"  {message}")
        return 2
    workflow = Workflow(framework)
    project = workflow.start(history[0])  # type: ignore[arg-type]
    refused: TransitionRefused | None = None
    index = 0
    for index, event in enumerate(history[1:], start=1):  # noqa: B007
        try:
            project = workflow.apply(project, event)
        except TransitionRefused as exc:
            refused = exc
            break
    allowed = sorted(cls.__name__ for cls in workflow.allowed(project))
    violations = refused.violations if refused else ()
    if as_json:
        report = {
            "project": project.id,
            "stage": project.stage.name,
            "events_accepted": len(project.history),
            "refused_event": index if refused else None,
            "violations": [serialization.to_dict(v) for v in violations],
            "allowed_next": allowed,
        }
        _out(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        count = len(project.history)
        _out(f"project {project.id}: stage {project.stage} after {count} event(s)")
        if refused:
            kind = type(refused.event).__name__
            _out(f"event {index} ({kind}) is refused:")
            for violation in violations:
                for line in _violation_lines(violation):
                    _out(line)
        else:
            _out("every event passes ✓")
        _out(f"allowed next: {', '.join(allowed) or '(none: the project has ended)'}")
    return 1 if refused else 0


def _years(text: str) -> range:
    """``2014-2017`` (or ``2014:2017``, or one year ``2016``) as a range of years."""
    first, _, last = text.replace(":", "-").partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year or a span like 2014-2017"
        ) from None
    if not years:
        raise argparse.ArgumentTypeError(f"{text!r} ends before it starts")
    return years


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of at least 1"
        )
    return value


class _Counter:
    """A plain progress counter on stderr, for when tqdm is not installed."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.n = 0

    def update(self, count: int) -> None:
        self.n += count
        sys.stderr.write(f"\rsimulate: {self.n}/{self.total} projects")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def _progress_bar(total: int, show: bool | None) -> Any:  # noqa: FBT001
    """A tqdm bar on stderr (the ``progress`` extra), else a plain counter.

    ``show`` None means: when stderr is a terminal, and only for a run long
    enough (half a second) to need one.
    """
    if show is False or (show is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm import tqdm  # noqa: PLC0415 - an optional extra
    except ImportError:
        return _Counter(total)
    delay = 0.5 if show is None else 0.0
    return tqdm(
        total=total, unit="project", file=sys.stderr, desc="simulate", delay=delay
    )


def _advance(bar: Any, offset: int, step: int = 1) -> Callable[[int, int], None] | None:
    """A ``progress`` callback that moves ``bar`` to ``offset + done × step``."""
    if bar is None:
        return None

    def progress(done: int, _total: int) -> None:
        bar.update(offset + done * step - bar.n)

    return progress


def _simulate(args: argparse.Namespace) -> int:
    scenario = simulation.anyang_rollout().with_framework(_FRAMEWORKS[args.framework]())
    scenario = scenario.with_years(args.years).scaled(args.scale)
    seeds = range(args.seed, args.seed + args.runs)
    per_run = scenario.project_count()
    bar = _progress_bar(per_run * len(seeds), args.progress)
    results: tuple[simulation.SimulationResult, ...]
    if args.workers > 1:
        # Spawned, not forked: the progress bar's thread must not be forked.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=args.workers, mp_context=spawn) as pool:
            results = simulation.run_many(
                scenario, seeds, executor=pool, progress=_advance(bar, 0, per_run)
            )
    else:
        results = tuple(
            simulation.run(scenario, seed, progress=_advance(bar, i * per_run))
            for i, seed in enumerate(seeds)
        )
    if bar:
        bar.close()
    combined = simulation.combine(results)
    if args.json:
        report = {
            "framework": args.framework,
            "years": list(scenario.years),
            "scale": args.scale,
            "seeds": list(combined.seeds),
            "summary": combined.summary(),
            "departments": [s.as_dict() for s in combined.by_department()],
            "refusals": dict(combined.refusals()),
            "records": combined.records(),
        }
        _out(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.csv:
        columns = simulation.ProjectYear.columns()
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(combined.records())
    else:
        first, last = scenario.years[0], scenario.years[-1]
        runs = len(combined.seeds)
        _out(
            f"procpolicy simulate — {args.framework}, {first}–{last}, {runs} run(s) "
            f"(seeds {seeds.start}–{seeds.stop - 1}), totals over all runs"
        )
        _out(combined.table())
        _out()
        _out(
            "Every figure of the scenario is an assumption "
            "(procpolicy.simulation.ASSUMPTIONS; docs/research.md)."
        )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="procpolicy",
        description="Government purchase of services (政府购买服务) policy as code.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="walk through the Anyang framework")
    demo.add_argument("--framework", choices=sorted(_FRAMEWORKS), default="anyang")
    rules = sub.add_parser("rules", help="print the rule registry")
    rules.add_argument("--json", action="store_true", help="as JSON")
    check = sub.add_parser("check", help="replay an event log and judge it")
    check.add_argument("file", help="a JSON project or list of events ('-' for stdin)")
    check.add_argument("--framework", choices=sorted(_FRAMEWORKS), default="anyang")
    check.add_argument("--json", action="store_true", help="as JSON")
    sim = sub.add_parser(
        "simulate", help="simulate the Anyang rollout (seeded) and summarise it"
    )
    sim.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    sim.add_argument(
        "--years", type=_years, default=range(2014, 2018), help="e.g. 2014-2017"
    )
    sim.add_argument("--runs", type=_count, default=1, help="seeds seed, seed+1, …")
    sim.add_argument(
        "--scale", type=_count, default=1, help="times as many projects per template"
    )
    sim.add_argument(
        "--workers", type=_count, default=1, help="processes (default: this one)"
    )
    sim.add_argument("--framework", choices=sorted(_FRAMEWORKS), default="anyang")
    sim.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    output = sim.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="summary and rows as JSON")
    output.add_argument(
        "--csv", action="store_true", help="one CSV row per project-year"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return _demo(_FRAMEWORKS[args.framework]())
    if args.command == "rules":
        return _rules(args.json)
    if args.command == "simulate":
        return _simulate(args)
    return _check(args.file, _FRAMEWORKS[args.framework](), args.json)
