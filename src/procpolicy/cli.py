"""The command line: ``procpolicy demo | rules | check | simulate | ocds``.

This module and ``__main__`` are the only places with I/O.  Every command
ends with one of these exit codes, and never with a traceback:

====  ===============================================================
code  meaning
====  ===============================================================
0     done; for ``check``, every event of the history passes
1     ``check``: an event breaks a rule
2     the input cannot be read or is invalid (a missing file, a file
      past ``--max-bytes``, not UTF-8, not JSON, not a project), or
      the command line is wrong (argparse's usage error)
3     an internal error, a bug in procpolicy: one line says so, and
      ``procpolicy --debug …`` shows the traceback
130   interrupted (Ctrl-C)
141   the reader of standard output went away (``… | head``): output
      stops quietly, as a Unix filter killed by ``SIGPIPE`` would
====  ===============================================================

An error is one line on standard error; with ``--json`` it is the JSON
document on standard output instead (``{"error": {...}}``), with the same
exit code.  ``--debug`` (before or after the command) lets the traceback of
an error through.  Input files are read through a bounded reader: at most
``--max-bytes`` (default `DEFAULT_MAX_BYTES`) and not one byte more.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NoReturn

import procpolicy
from procpolicy import events as E  # noqa: N812
from procpolicy.catalogue import Prohibited, ServiceCategory
from procpolicy.errors import InvalidInput, TransitionRefused
from procpolicy.evaluation import PerformanceTarget
from procpolicy.parties import Purchaser, PurchaserKind
from procpolicy.policy import Layer, PolicyFramework, Question
from procpolicy.project import Project
from procpolicy.rules import RULES, Judgement, Verdict, Violation
from procpolicy.workflow import Workflow

if TYPE_CHECKING:
    from procpolicy.simulation import Scenario, SimulationResult

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXIT_BROKEN",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_PIPE",
    "main",
]

EXIT_OK: Final = 0
"""Done; for ``check``, every event passes."""
EXIT_BROKEN: Final = 1
"""``check``: an event breaks a rule."""
EXIT_INVALID: Final = 2
"""The input cannot be read or is invalid, or the command line is wrong."""
EXIT_INTERNAL: Final = 3
"""A bug in procpolicy (``--debug`` shows the traceback)."""
EXIT_INTERRUPTED: Final = 130
"""Interrupted by Ctrl-C (128 + ``SIGINT``)."""
EXIT_PIPE: Final = 141
"""Standard output was closed by its reader (128 + ``SIGPIPE``)."""

DEFAULT_MAX_BYTES: Final = 12_800_000
"""The most bytes an input file may have: 12 800 000 (12.8 MB).

``Limits.max_nodes`` (200 000 values) times 64 bytes a value (a test holds
the two together: the number is written out so that ``procpolicy --help``
need not import `procpolicy.serialization` and cattrs).  ASSUMED: 64
bytes is a generous size for one value; a stored project averages about 20
bytes a value and the Anyang framework 27, so a file at the node limit,
pretty-printed, fits, and anything larger would be refused by the loader
anyway.  ``--max-bytes`` changes it.
"""

_DEFAULT_PREFIX: Final = "ocds-213czf"
"""The example ocid prefix of the OCDS documentation (ASSUMED default)."""
_PLACEHOLDER_URI: Final = "placeholder:procpolicy"
"""A package's ``uri`` when none is given (after ``ocdskit --fake``)."""

_FRAMEWORKS: Final = ("anyang", "national")


def _framework(name: str) -> PolicyFramework:
    preset: Callable[[], PolicyFramework] = getattr(procpolicy.presets, name)
    return preset()


# -- output ----------------------------------------------------------------------
def _out(text: str = "") -> None:
    print(text)


def _err(text: str) -> None:
    print(_one_line(text), file=sys.stderr)


def _one_line(text: str) -> str:
    """``text`` on one line: control characters (newlines too) escaped."""
    return "".join(
        c
        if c.isprintable()
        else c.encode("unicode_escape", "backslashreplace").decode()
        for c in text
    )


def _json(data: object) -> None:
    _out(json.dumps(data, ensure_ascii=False, indent=2))


class _InputError(Exception):
    """The input ``path`` cannot be read or is invalid: exit 2 with ``messages``."""

    def __init__(self, path: str, *messages: str) -> None:
        super().__init__(path, *messages)
        self.path = path
        self.messages = messages


# -- input -----------------------------------------------------------------------
def _read_bytes(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of ``path`` (``-``: standard input), or refuse.

    Reads ``max_bytes + 1`` bytes at most, so a larger input (``/dev/zero``
    included) is refused in bounded time and memory without reading the
    rest.  A directory, a missing file or an unreadable one is refused too.
    """
    try:
        if path == "-":
            stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
            if stream is None:
                raise _InputError(path, "there is no standard input")
            data = stream.read(max_bytes + 1)
        else:
            with open(path, "rb") as file:  # noqa: PTH123 - one call, no Path needed
                data = file.read(max_bytes + 1)
    except OSError as exc:
        raise _InputError(path, exc.strerror or type(exc).__name__) from None
    except ValueError as exc:  # a path with a NUL character
        raise _InputError(path, f"cannot be opened: {exc}") from None
    if isinstance(data, str):  # a text stream put in place of standard input
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        raise _InputError(
            path, f"larger than {max_bytes} bytes (--max-bytes); not read further"
        )
    return bytes(data)


def _read_text(path: str, max_bytes: int) -> str:
    """The text in ``path``, UTF-8 with or without a byte-order mark."""
    raw = _read_bytes(path, max_bytes)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _InputError(
            path, f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        ) from None


def _read_json(path: str, max_bytes: int) -> Any:
    """The JSON document in ``path``, UTF-8 with or without a byte-order mark."""
    text = _read_text(path, max_bytes)
    try:
        return json.loads(text)
    except RecursionError:
        depth = procpolicy.serialization.DEFAULT_LIMITS.max_depth
        raise _InputError(
            path, f"not JSON procpolicy reads: nested far deeper than {depth} levels"
        ) from None
    except ValueError as exc:
        raise _InputError(path, f"not JSON: {exc}") from None


def _read_project(path: str, max_bytes: int) -> Project:
    """A stored project, or a bare JSON list of events, loaded without judging."""
    data = _read_json(path, max_bytes)
    if isinstance(data, list):
        data = {"schema": procpolicy.serialization.PROJECT_SCHEMA, "history": data}
    try:
        return procpolicy.serialization.from_dict(Project, data)
    except InvalidInput as exc:
        raise _InputError(path, *exc.messages) from None


# -- demo ------------------------------------------------------------------------
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
    basis = violation.basis or (rule.citation,)
    lines.append(f"      依据 basis: {'; '.join(str(c) for c in basis)}")
    if violation.role is not None:
        lines.append(f"      须由 to act: {violation.role.zh} ({violation.role.en})")
    return lines


_MARKS: Final = {
    Verdict.PASSED: "✓",
    Verdict.FAILED: "✗",
    Verdict.UNDETERMINED: "?",
    Verdict.NOT_APPLICABLE: "–",
}


def _judgement_lines(index: int, judgement: Judgement) -> list[str]:
    """The full trace of one event: every rule of its edge, zh and en."""
    event = judgement.event
    name = type(event).__name__
    day = event.day if isinstance(event, E.Event) else "?"
    state = "allowed 允许" if judgement.allowed else "refused 拒绝"
    lines = [f"history[{index}] {name} {day}: {state}"]
    for result in judgement.results:
        rule = result.rule
        lines.append(
            f"  {_MARKS[result.verdict]} {result.verdict.zh} {result.verdict.name:<14} "
            f"[{rule.id}] {rule.title.zh} / {rule.title.en}"
        )
        if result.message:
            lines.append(f"      {result.message}")
        if result.zh:
            lines.append(f"      {result.zh}")
        if result.basis:
            lines.append(f"      依据 basis: {'; '.join(str(c) for c in result.basis)}")
    return lines


def _judgement_json(index: int, judgement: Judgement) -> dict[str, Any]:
    return {
        "index": index,
        "event": type(judgement.event).__name__,
        "allowed": judgement.allowed,
        "results": [
            {
                "rule": r.rule.id,
                "verdict": r.verdict.name,
                "message": r.message,
                "zh": r.zh,
                "unknown": r.unknown,
                "basis": [procpolicy.serialization.to_dict(c) for c in r.basis],
            }
            for r in judgement.results
        ],
    }


def _demo(args: argparse.Namespace) -> int:
    framework = _framework(args.framework)
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
        "More: `procpolicy rules`, `procpolicy check FILE.json`, "
        "`procpolicy simulate`, `procpolicy ocds FILE.json`."
    )
    return EXIT_OK


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


# -- rules -----------------------------------------------------------------------
def _rules(args: argparse.Namespace) -> int:
    if args.json:
        _json([procpolicy.serialization.to_dict(rule) for rule in RULES])
        return EXIT_OK
    for rule in RULES:
        _out(f"{rule.id:<32} {rule.title.zh} — {rule.title.en}")
        _out(f"{'':<32} {rule.citation}")
    return EXIT_OK


# -- check -----------------------------------------------------------------------
def _events(count: int) -> str:
    """The first ``count`` events, named as ``history[i]`` is written."""
    span = "history[0]" if count == 1 else f"history[0]–history[{count - 1}]"
    return f"{span} ({count} event{'' if count == 1 else 's'} accepted)"


def _check(args: argparse.Namespace) -> int:
    """Replay the history; events are numbered as ``history[i]`` (0 = Drafted)."""
    history = _read_project(args.file, args.max_bytes).history
    workflow = Workflow(_framework(args.framework), strict=args.strict)
    project = workflow.start(history[0])  # type: ignore[arg-type]
    refused: TransitionRefused | None = None
    trace: list[tuple[int, Judgement]] = []
    for index, event in enumerate(history[1:], start=1):
        if args.explain:
            trace.append((index, workflow.judge(project, event)))
        try:
            project = workflow.apply(project, event)
        except TransitionRefused as exc:
            refused = exc
            break
    index = len(project.history)  # the refused event is history[index]
    allowed = sorted(cls.__name__ for cls in workflow.allowed(project))
    violations = refused.violations if refused else ()
    if args.json:
        _json(
            {
                "project": project.id,
                "stage": project.stage.name,
                "events_accepted": index,
                "refused_event": index if refused else None,
                "violations": [procpolicy.serialization.to_dict(v) for v in violations],
                "allowed_next": allowed,
                **(
                    {"judgements": [_judgement_json(i, j) for i, j in trace]}
                    if args.explain
                    else {}
                ),
            }
        )
    else:
        for i, judgement in trace:
            for line in _judgement_lines(i, judgement):
                _out(line)
        _out(f"project {project.id}: stage {project.stage} after {_events(index)}")
        if refused:
            _out(f"history[{index}] ({type(refused.event).__name__}) is refused:")
            for violation in violations:
                for line in _violation_lines(violation):
                    _out(line)
        else:
            _out("every event passes ✓")
        _out(f"allowed next: {', '.join(allowed) or '(none: the project has ended)'}")
    return EXIT_BROKEN if refused else EXIT_OK


# -- test ------------------------------------------------------------------------
def _test(args: argparse.Namespace) -> int:
    """Run TOML case files (`procpolicy.cases`): 0 all hold, 1 one fails."""
    from procpolicy import cases  # noqa: PLC0415 - only this command needs it

    loaded: list[cases.Case] = []
    for path in args.files:
        try:
            loaded += cases.loads(_read_text(path, args.max_bytes))
        except InvalidInput as exc:
            raise _InputError(path, *exc.messages) from None
    results = cases.run_all(loaded)
    failed = [r for r in results if not r.passed]
    if args.json:
        _json(
            [
                {"case": r.case.name, "passed": r.passed, "failures": list(r.failures)}
                for r in results
            ]
        )
    else:
        for result in results:
            _out(f"{'PASS' if result.passed else 'FAIL'}  {result.case.name}")
            for failure in result.failures:
                _out(f"      {failure}")
        _out(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_BROKEN if failed else EXIT_OK


# -- audit -----------------------------------------------------------------------
def _audit(args: argparse.Namespace) -> int:
    """Judge every event of stored projects; 1 when one is refused."""
    from procpolicy import cases, portfolio  # noqa: PLC0415 - only audit needs them

    framework = _framework(args.framework)
    if args.reform:
        text = _read_text(args.reform, args.max_bytes)
        try:
            framework = cases.loads_reform(text).apply(framework)
        except InvalidInput as exc:
            raise _InputError(args.reform, *exc.messages) from None
    projects = _projects(args.files, args.max_bytes)
    bar = _progress_bar(len(projects), args.progress, "audit", "history")
    try:
        result = portfolio.audit(
            [p.history for p in projects],
            framework,
            strict=args.strict,
            progress=_advance(bar, 0),
        )
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        _json(
            {
                "summary": result.summary(),
                "by_rule": {k: list(v) for k, v in result.by_rule().items()},
                "refused": list(result.refused()),
                "records": result.records(),
            }
        )
    elif args.csv:
        import csv  # noqa: PLC0415 - only --csv needs it

        records = result.records()
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    else:
        summary = result.summary()
        _out(
            f"procpolicy audit — {summary['projects']} project(s), "
            f"{summary['events']} event(s) under {args.framework}"
            + (f" reformed by {args.reform}" if args.reform else "")
        )
        _out(f"{'rule':<28} {'failed':>7} {'undetermined':>13}")
        for rule, (failed, unknown) in result.by_rule().items():
            _out(f"{rule:<28} {failed:>7} {unknown:>13}")
        refused = result.refused()
        _out(f"refused 拒绝: {', '.join(refused) if refused else 'none'}")
    return EXIT_BROKEN if result.refused() else EXIT_OK


# -- simulate --------------------------------------------------------------------
_YEARS: Final = range(1990, 2101)
"""Years ``simulate`` accepts.  ASSUMED: the scenario's figures are for
2014–2017; a few decades either side is room enough for a what-if, and keeps
every date of a run (contracts, renewals) far inside the calendar."""


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
    if years[0] not in _YEARS or years[-1] not in _YEARS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside {_YEARS[0]}-{_YEARS[-1]}, the years simulate runs"
        )
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


def _progress_bar(
    total: int,
    show: bool | None,  # noqa: FBT001 - the --progress flag's three states
    desc: str = "simulate",
    unit: str = "project",
) -> Any:
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
    return tqdm(total=total, unit=unit, file=sys.stderr, desc=desc, delay=delay)


def _advance(bar: Any, offset: int, step: int = 1) -> Callable[[int, int], None] | None:
    """A ``progress`` callback that moves ``bar`` to ``offset + done × step``."""
    if bar is None:
        return None

    def progress(done: int, _total: int) -> None:
        bar.update(offset + done * step - bar.n)

    return progress


def _warn_years(base: Scenario, years: range) -> None:
    """Warn on stderr about asked years outside the scenario's own years."""
    first, last = base.years[0], base.years[-1]
    start = min(t.start for t in base.templates)
    before = [y for y in years if y < first]
    after = [y for y in years if y > last]
    for outside, why in (
        (before, f"it starts no project before {start}: rows before then are zeros"),
        (after, "their figures extend its assumptions"),
    ):
        if outside:
            span = "–".join(dict.fromkeys(map(str, (outside[0], outside[-1]))))
            these = "year {} is" if len(outside) == 1 else "years {} are"
            _err(
                f"procpolicy simulate: warning: {these.format(span)} outside the "
                f"scenario's years {first}–{last} ({why})"
            )


def _run_seeds(
    scenario: Scenario, seeds: range, workers: int, bar: Any
) -> tuple[SimulationResult, ...]:
    from procpolicy import simulation  # noqa: PLC0415 - only this command needs it

    per_run = scenario.project_count()
    if workers == 1:
        return tuple(
            simulation.run(scenario, seed, progress=_advance(bar, i * per_run))
            for i, seed in enumerate(seeds)
        )
    import multiprocessing  # noqa: PLC0415 - only --workers needs it

    # Spawned, not forked: the progress bar's thread must not be forked.
    spawn = multiprocessing.get_context("spawn")
    pool_type = sys.modules[__name__].ProcessPoolExecutor
    with pool_type(max_workers=workers, mp_context=spawn) as pool:
        return simulation.run_many(
            scenario, seeds, executor=pool, progress=_advance(bar, 0, per_run)
        )


def __getattr__(name: str) -> Any:
    """``ProcessPoolExecutor``, imported when first used (PEP 562).

    ``--workers`` runs its pool through this name, so ``--help`` does not
    import `concurrent.futures`, and a test may put a thread pool in its place.
    """
    if name == "ProcessPoolExecutor":
        from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

        return ProcessPoolExecutor
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _simulate(args: argparse.Namespace) -> int:
    from procpolicy import simulation  # noqa: PLC0415 - only this command needs it

    base = simulation.anyang_rollout()
    _warn_years(base, args.years)
    scenario = base.with_framework(_framework(args.framework))
    scenario = scenario.with_years(args.years).scaled(args.scale)
    seeds = range(args.seed, args.seed + args.runs)
    bar = _progress_bar(scenario.project_count() * len(seeds), args.progress)
    results = _run_seeds(scenario, seeds, args.workers, bar)
    if bar:
        bar.close()
    combined = simulation.combine(results)
    if args.json:
        _json(
            {
                "framework": args.framework,
                "years": list(scenario.years),
                "scale": args.scale,
                "seeds": list(combined.seeds),
                "summary": combined.summary(),
                "departments": [s.as_dict() for s in combined.by_department()],
                "refusals": dict(combined.refusals()),
                "records": combined.records(),
            }
        )
    elif args.csv:
        import csv  # noqa: PLC0415 - only --csv needs it

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
    return EXIT_OK


# -- ocds ------------------------------------------------------------------------
def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date-time like 2016-05-01T12:00:00+08:00"
        ) from None


def _projects(paths: Iterable[str], max_bytes: int) -> list[Project]:
    """The project of every path; two files of one project are refused."""
    seen: dict[str, str] = {}
    projects: list[Project] = []
    for path in paths:
        project = _read_project(path, max_bytes)
        if project.id in seen:
            raise _InputError(
                path, f"project {project.id!r} is also in {seen[project.id]}"
            )
        seen[project.id] = path
        projects.append(project)
    return projects


def _publisher(args: argparse.Namespace, projects: Sequence[Project]) -> str:
    """``--publisher``, else the buyer when every project has the same one."""
    if args.publisher is not None:
        return str(args.publisher)
    buyers = sorted({p.purchaser.name for p in projects})
    if len(buyers) > 1:
        raise InvalidInput(
            f"publisher: the projects have {len(buyers)} buyers "
            f"({', '.join(buyers)}); name the publisher with --publisher"
        )
    return buyers[0]


def _ocds(args: argparse.Namespace) -> int:
    """Export projects as OCDS 1.1 releases or records, bare or packaged."""
    from procpolicy import ocds  # noqa: PLC0415 - only this command needs it

    projects = _projects(args.files, args.max_bytes)
    framework = _framework(args.framework) if args.framework else None
    exported = [
        ocds.releases(p, args.ocid_prefix, framework=framework) for p in projects
    ]
    items: list[Any] = (
        [ocds.record(releases) for releases in exported]
        if args.record
        else [release for releases in exported for release in releases]
    )
    if args.package:
        wrap = ocds.record_package if args.record else ocds.package
        published = args.published or datetime.now(E.CST).replace(microsecond=0)
        _json(
            wrap(
                items,
                publisher=_publisher(args, projects),
                uri=args.uri,
                published=published,
            )
        )
    elif args.jsonl:
        for item in items:
            _out(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
    else:
        _json(items)
    return EXIT_OK


# -- the parser ------------------------------------------------------------------
class _Version(argparse.Action):
    """``--version``: looked up only when asked for, so ``--help`` stays cheap."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: Any) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="print procpolicy's version and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        from importlib import metadata  # noqa: PLC0415 - only --version needs it

        try:
            version = metadata.version("procpolicy")
        except metadata.PackageNotFoundError:
            version = "unknown (not installed)"
        _out(f"procpolicy {version}")
        parser.exit()


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="let the traceback of an error through (for a bug report)",
    )
    return common


def _input_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-bytes",
        type=_count,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse an input larger than N bytes (default {DEFAULT_MAX_BYTES})",
    )


def _parser() -> argparse.ArgumentParser:
    """The parser: one ``_add_<command>`` each, binding ``run`` to ``_<command>``.

    A new command is a function ``_name(args) -> int`` (the exit code; raise
    `InvalidInput` or `_InputError` for bad input, `main` reports it) and an
    ``_add_name(sub, common)`` registered below.
    """
    common = _common()
    parser = argparse.ArgumentParser(
        prog="procpolicy",
        description="Government purchase of services (政府购买服务) policy as code.",
        epilog="Exit codes: 0 done (check: every event passes), 1 a rule is broken, "
        "2 the input cannot be read or is invalid, 3 an internal error "
        "(--debug shows the traceback).",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_demo(sub, common)
    _add_rules(sub, common)
    _add_check(sub, common)
    _add_simulate(sub, common)
    _add_ocds(sub, common)
    _add_test(sub, common)
    _add_audit(sub, common)
    return parser


_Sub = Any  # argparse's _SubParsersAction, private


def _add_demo(sub: _Sub, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo", parents=[common], help="walk through the Anyang framework"
    )
    demo.add_argument("--framework", choices=_FRAMEWORKS, default="anyang")
    demo.set_defaults(run=_demo)


def _add_rules(sub: _Sub, common: argparse.ArgumentParser) -> None:
    rules = sub.add_parser("rules", parents=[common], help="print the rule registry")
    rules.add_argument("--json", action="store_true", help="as JSON")
    rules.set_defaults(run=_rules)


def _add_check(sub: _Sub, common: argparse.ArgumentParser) -> None:
    check = sub.add_parser(
        "check",
        parents=[common],
        help="replay an event log and judge it",
        epilog="Exit codes: 0 every event passes, 1 an event breaks a rule, "
        "2 the file cannot be read or is not a project, 3 an internal error.",
    )
    check.add_argument("file", help="a JSON project or list of events ('-' for stdin)")
    check.add_argument("--framework", choices=_FRAMEWORKS, default="anyang")
    check.add_argument("--json", action="store_true", help="as JSON")
    check.add_argument(
        "--explain",
        action="store_true",
        help="print every rule's verdict for each event, with the basis (zh and en)",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="refuse when a rule cannot be judged for want of a fact",
    )
    _input_options(check)
    check.set_defaults(run=_check)


def _progress_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def _add_audit(sub: _Sub, common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser(
        "audit",
        parents=[common],
        help="judge every event of stored projects, with the portfolio rules",
        epilog="Exit codes: 0 no event is refused, 1 one is, 2 a file cannot be read.",
    )
    audit.add_argument("files", nargs="+", metavar="FILE.json")
    audit.add_argument("--framework", choices=_FRAMEWORKS, default="anyang")
    audit.add_argument(
        "--reform", metavar="REFORM.toml", help="a [reform] table to apply first"
    )
    audit.add_argument(
        "--strict", action="store_true", help="count an unknown fact as a failure"
    )
    _progress_option(audit)
    output = audit.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="summary and rows as JSON")
    output.add_argument("--csv", action="store_true", help="one CSV row per event")
    _input_options(audit)
    audit.set_defaults(run=_audit)


def _add_test(sub: _Sub, common: argparse.ArgumentParser) -> None:
    test = sub.add_parser(
        "test",
        parents=[common],
        help="run TOML case files: a history and the verdict expected of each event",
        epilog="Exit codes: 0 every expectation holds, 1 one fails (each named), "
        "2 a case file cannot be read.",
    )
    test.add_argument("files", nargs="+", metavar="FILE.toml")
    test.add_argument("--json", action="store_true", help="as JSON")
    _input_options(test)
    test.set_defaults(run=_test)


def _add_simulate(sub: _Sub, common: argparse.ArgumentParser) -> None:
    sim = sub.add_parser(
        "simulate",
        parents=[common],
        help="simulate the Anyang rollout (seeded) and summarise it",
    )
    sim.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    sim.add_argument(
        "--years",
        type=_years,
        default=range(2014, 2018),
        help=f"e.g. 2014-2017 (within {_YEARS[0]}-{_YEARS[-1]})",
    )
    sim.add_argument("--runs", type=_count, default=1, help="seeds seed, seed+1, …")
    sim.add_argument(
        "--scale", type=_count, default=1, help="times as many projects per template"
    )
    sim.add_argument(
        "--workers", type=_count, default=1, help="processes (default: this one)"
    )
    sim.add_argument("--framework", choices=_FRAMEWORKS, default="anyang")
    _progress_option(sim)
    output = sim.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="summary and rows as JSON")
    output.add_argument(
        "--csv", action="store_true", help="one CSV row per project-year"
    )
    sim.set_defaults(run=_simulate)


def _add_ocds(sub: _Sub, common: argparse.ArgumentParser) -> None:
    ocds = sub.add_parser(
        "ocds",
        parents=[common],
        help="export projects as OCDS 1.1 releases, records or packages",
        description="Export stored projects as OCDS 1.1: by default a JSON array "
        "of every release; --record gives records instead, --package wraps "
        "them in a release or record package, --jsonl writes one per line "
        "(what ocdskit reads, e.g. `| ocdskit compile`).",
    )
    ocds.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="JSON projects or lists of events ('-' for stdin)",
    )
    ocds.add_argument(
        "--record",
        action="store_true",
        help="one record per project (its releases and the compiled release)",
    )
    shape = ocds.add_mutually_exclusive_group()
    shape.add_argument(
        "--package",
        action="store_true",
        help="one release package (with --record: one record package)",
    )
    shape.add_argument(
        "--jsonl", action="store_true", help="one release (or record) per line"
    )
    ocds.add_argument(
        "--ocid-prefix",
        default=_DEFAULT_PREFIX,
        help=f"the publisher's registered prefix (default {_DEFAULT_PREFIX}, "
        "the OCDS documentation's example)",
    )
    ocds.add_argument(
        "--publisher",
        help="the package's publisher (default: the projects' buyer)",
    )
    ocds.add_argument(
        "--uri",
        default=_PLACEHOLDER_URI,
        help=f"the package's URI (default {_PLACEHOLDER_URI})",
    )
    ocds.add_argument(
        "--published",
        type=_moment,
        help="the package's publication time, ISO 8601 (default: now)",
    )
    ocds.add_argument(
        "--framework",
        choices=_FRAMEWORKS,
        help="state each evaluation's grade and payment ratio under these rules",
    )
    _input_options(ocds)
    ocds.set_defaults(run=_ocds)


# -- main ------------------------------------------------------------------------
def _fail(
    args: argparse.Namespace,
    code: int,
    kind: str,
    messages: Sequence[str],
    path: str | None = None,
) -> int:
    """Report an error: the JSON document with ``--json``, else one stderr line."""
    if getattr(args, "json", False):
        error = {"exit_code": code, "kind": kind, "file": path}
        _json({"error": error | {"messages": list(messages)}})
    else:
        where = "" if path is None else f"{path}: "
        _err(f"procpolicy {args.command}: {where}{'; '.join(messages)}")
    return code


def _run(args: argparse.Namespace) -> int:
    """Run the command, mapping every failure to its exit code."""
    try:
        code: int = args.run(args)
    except BrokenPipeError:
        raise
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        if isinstance(exc, _InputError):
            return _fail(args, EXIT_INVALID, "input", exc.messages, exc.path)
        if isinstance(exc, InvalidInput):
            return _fail(args, EXIT_INVALID, "input", exc.messages)
        bug = (
            f"internal error ({type(exc).__name__}: {exc}); this is a bug in "
            "procpolicy: run again with --debug to see the traceback, and report it"
        )
        return _fail(args, EXIT_INTERNAL, "internal", [bug])
    return code


def _drop_stdout() -> None:
    """Point standard output at the null device, so nothing more is written.

    The recipe of the Python documentation (``signal``, "Note on SIGPIPE"):
    the interpreter's last flush at exit then writes nowhere, not a second
    ``BrokenPipeError``.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests, embedding)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _tolerant(stream: object) -> None:
    r"""Escape what ``stream``'s encoding cannot write instead of failing.

    An ASCII terminal (``PYTHONIOENCODING=ascii``) or a lone surrogate in a
    stored title would otherwise end a command in `UnicodeEncodeError`;
    escaped, a surrogate in JSON output is still valid JSON (``\ud800``).
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docs).

    A usage error, ``--help`` and ``--version`` end in argparse's
    `SystemExit` (code 2 for a usage error, 0 otherwise), as usual.
    """
    args = _parser().parse_args(argv)
    _tolerant(sys.stdout)
    try:
        code = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        if getattr(args, "debug", False):
            raise
        _err(f"procpolicy {args.command}: interrupted")
        return EXIT_INTERRUPTED
    return code
