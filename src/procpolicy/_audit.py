"""Audits and counterfactuals over whole portfolios (behind `procpolicy.portfolio`).

`audit` judges every event of many histories under one framework; the rows
are plain dicts, ready for pandas.  Each event is judged against the project
folded so far, as `Workflow.audit` does (a refused event is folded as
recorded, one out of stage order skipped); the portfolio rule
``method.splitting`` is judged across the histories.  `counterfactual` audits
the same histories under two frameworks and lists what changed.

The work goes out in chunks to any `concurrent.futures.Executor` (a process
pool, Dask's ``client.get_executor()``), and the results are the same as
serially: chunks come back in their order, whatever order they finish in.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from procpolicy._process import STAGE_ORDER
from procpolicy._process.splitting import METHOD_SPLITTING, splits
from procpolicy._repr import fields_repr
from procpolicy._validate import instance
from procpolicy.errors import InvalidInput
from procpolicy.events import Drafted, Event
from procpolicy.policy import PolicyFramework
from procpolicy.project import advanced, opened
from procpolicy.workflow import Workflow, summary

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from pandas import DataFrame

__all__ = ["Audit", "Counterfactual", "audit", "counterfactual"]

Progress = Callable[[int, int], None]
Row = tuple[str, int, type, date, tuple[str, ...], tuple[str, ...]]
"""project id, index, event class, day, failed ids, undetermined ids (the
names and ISO days are written by `Audit.records`, not per event)."""
_CHUNK = 200
"""Histories per task sent to an executor."""


def _rows(workflow: Workflow, history: tuple[Event, ...]) -> list[Row]:
    first = history[0]
    project = opened(first)  # type: ignore[arg-type]
    pid = project.id
    rows: list[Row] = [(pid, 0, Drafted, first.day, (), ())]
    order = STAGE_ORDER.id
    for index, event in enumerate(history[1:], start=1):
        failed, unknown = summary(workflow, project, event)
        rows.append((pid, index, type(event), event.day, failed, unknown))
        if order not in failed:
            project = advanced(project, event)
    return rows


def _chunk(
    framework: PolicyFramework,
    histories: Sequence[tuple[Event, ...]],
    *,
    strict: bool,
) -> list[list[Row]]:
    workflow = Workflow(framework, strict=strict)
    return [_rows(workflow, h) for h in histories]


def _histories(
    histories: Iterable[Iterable[object]],
) -> tuple[tuple[Event, ...], ...]:
    found: list[tuple[Event, ...]] = []
    for number, history in enumerate(histories):
        events = tuple(history)
        if not events or not isinstance(events[0], Drafted):
            raise InvalidInput(f"histories[{number}]: must start with a Drafted event")
        bad = next((i for i, e in enumerate(events) if not isinstance(e, Event)), None)
        if bad is not None:
            raise InvalidInput(f"histories[{number}][{bad}]: must be an event")
        found.append(events)  # type: ignore[arg-type]
    return tuple(found)


def _judge_all(
    histories: tuple[tuple[Event, ...], ...],
    framework: PolicyFramework,
    *,
    strict: bool,
    executor: Executor | None,
    progress: Progress | None,
) -> tuple[Row, ...]:
    chunks = [histories[i : i + _CHUNK] for i in range(0, len(histories), _CHUNK)]
    total = len(histories)
    per_history: list[list[Row]] = []
    if executor is None:
        for chunk in chunks:
            per_history += _chunk(framework, chunk, strict=strict)
            if progress is not None:
                progress(len(per_history), total)
    else:
        futures = [executor.submit(_chunk, framework, c, strict=strict) for c in chunks]
        done = 0
        for future, chunk in zip(futures, chunks, strict=True):
            per_history += future.result()
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    rows = [row for history_rows in per_history for row in history_rows]
    # The portfolio rule: judged across the histories, added where it fails.
    by_place = {
        (s.project_id, s.index): s for s in splits(histories, framework.rules_on)
    }
    if by_place:
        rows = [
            (*r[:4], (*r[4], METHOD_SPLITTING.id), r[5])
            if (r[0], r[1]) in by_place
            else r
            for r in rows
        ]
    return tuple(rows)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@frozen(repr=False)
class Audit:
    """Every event of a portfolio, judged: one row per event.

    Examples:
        >>> from procpolicy import presets
        >>> from procpolicy.simulation import anyang_rollout, run
        >>> histories = run(anyang_rollout().with_years([2015]), 1).histories()
        >>> result = audit(histories, presets.anyang())
        >>> result.summary()["projects"] == len(histories)
        True
        >>> sorted(result.records()[0])
        ['allowed', 'day', 'event', 'failed', 'index', 'project_id', 'undetermined']
    """

    __repr__ = fields_repr

    rows: tuple[Row, ...] = field(repr=False)
    strict: bool = field(default=False, validator=instance(bool))

    def records(self) -> list[dict[str, Any]]:
        """One plain row per event, ready for pandas.

        Keys: ``project_id``, ``index`` (0 = Drafted), ``event`` (class name),
        ``day`` (ISO), ``allowed``, ``failed`` and ``undetermined`` (rule ids,
        space-separated).
        """
        return [
            {
                "project_id": pid,
                "index": index,
                "event": event.__name__,
                "day": day.isoformat(),
                "allowed": not failed,
                "failed": " ".join(failed),
                "undetermined": " ".join(unknown),
            }
            for pid, index, event, day, failed, unknown in self.rows
        ]

    def to_frame(self) -> DataFrame:
        """`records` as a pandas DataFrame (the ``pandas`` extra).

        ``index`` is ``int64``, ``day`` ``datetime64``, ``allowed`` ``bool``;
        the rest is text.

        Raises:
            ImportError: when pandas is not installed.
        """
        from procpolicy._frames import TEXT, frame  # noqa: PLC0415 - optional

        columns = {"project_id": TEXT, "index": "int64", "event": TEXT}
        columns |= {"day": "datetime64[ns]", "allowed": "bool"}
        columns |= {"failed": TEXT, "undetermined": TEXT}
        return frame(self.records(), columns)

    def by_rule(self) -> dict[str, tuple[int, int]]:
        """Rule id → (events failed, events undetermined), rules in registry order."""
        failed = Counter(rule for r in self.rows for rule in r[4])
        unknown = Counter(rule for r in self.rows for rule in r[5])
        from procpolicy.rules import RULES  # noqa: PLC0415 - assembled late

        return {
            rule: (failed[rule], unknown[rule])
            for rule in RULES.ids()
            if failed[rule] or unknown[rule]
        }

    def refused(self) -> tuple[str, ...]:
        """Ids of the projects with at least one failed event, in portfolio order."""
        return tuple(dict.fromkeys(r[0] for r in self.rows if r[4]))

    def summary(self) -> dict[str, int]:
        """Counts: projects, events, refused events and projects, undetermined."""
        return {
            "projects": len({r[0] for r in self.rows}),
            "events": len(self.rows),
            "refused_events": sum(1 for r in self.rows if r[4]),
            "refused_projects": len(self.refused()),
            "undetermined_events": sum(1 for r in self.rows if r[5]),
        }

    def _repr_html_(self) -> str:
        rows = sorted(self.by_rule().items())
        return (
            "<p>Audit 审计: "
            + ", ".join(f"{k} {v}" for k, v in self.summary().items())
            + "</p>"
            + _table(["rule", "failed", "undetermined"], [(k, *v) for k, v in rows])
        )


def audit(
    histories: Iterable[Iterable[Event]],
    framework: PolicyFramework,
    *,
    strict: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Audit:
    """Judge every event of every history under ``framework``.

    Args:
        histories: each starting with `Drafted`.
        framework: the rules (e.g. `presets.anyang()`, a reform of it, or
            `PolicyFramework.frozen_at` a day).
        strict: count an undetermined rule as failed.
        executor: any `concurrent.futures.Executor`; None judges here.
        progress: called as ``progress(done, total)`` as histories are judged.

    Raises:
        InvalidInput: naming the history that does not start with `Drafted`
            or holds something that is not an event.
    """
    rows = _judge_all(
        _histories(histories),
        framework,
        strict=strict,
        executor=executor,
        progress=progress,
    )
    return Audit(rows, strict)


def _verdict(failed: tuple[str, ...], unknown: tuple[str, ...], rule: str) -> str:
    if rule in failed:
        return "FAILED"
    if rule in unknown:
        return "UNDETERMINED"
    return "PASSED"


@frozen(repr=False)
class Counterfactual:
    """The same histories under two frameworks: what each rule said differently.

    A rule neither failed nor undetermined shows as ``PASSED`` (passed or not
    applicable: either way it did not stand in the event's way).
    """

    __repr__ = fields_repr

    baseline: Audit = field(repr=False)
    alternative: Audit = field(repr=False)

    def changed(self) -> list[dict[str, Any]]:
        """Rows: project_id, index, event, rule, baseline and alternative verdicts."""
        rows: list[dict[str, Any]] = []
        for mine, theirs in zip(self.baseline.rows, self.alternative.rows, strict=True):
            if mine[4:] == theirs[4:]:
                continue
            rules = dict.fromkeys((*mine[4], *mine[5], *theirs[4], *theirs[5]))
            for rule in rules:
                before = _verdict(mine[4], mine[5], rule)
                after = _verdict(theirs[4], theirs[5], rule)
                if before != after:
                    rows.append(
                        {
                            "project_id": mine[0],
                            "index": mine[1],
                            "event": mine[2].__name__,
                            "rule": rule,
                            "baseline": before,
                            "alternative": after,
                        }
                    )
        return rows

    def to_frame(self) -> DataFrame:
        """`changed` as a pandas DataFrame (the ``pandas`` extra).

        ``index`` is ``int64``; the rest (ids, verdicts) is text.

        Raises:
            ImportError: when pandas is not installed.
        """
        from procpolicy._frames import TEXT, frame  # noqa: PLC0415 - optional

        columns = dict.fromkeys(("project_id", "index", "event", "rule"), TEXT)
        columns |= {"index": "int64", "baseline": TEXT, "alternative": TEXT}
        return frame(self.changed(), columns)

    def summary(self) -> dict[str, tuple[int, int]]:
        """Rule id → (events newly failed, events newly passed)."""
        counts: dict[str, list[int]] = {}
        for row in self.changed():
            pair = counts.setdefault(row["rule"], [0, 0])
            if row["alternative"] == "FAILED":
                pair[0] += 1
            elif row["baseline"] == "FAILED":
                pair[1] += 1
        return {rule: (a, b) for rule, (a, b) in counts.items()}

    def _repr_html_(self) -> str:
        return "<p>Counterfactual 反事实比较</p>" + _table(
            ["rule", "newly failed", "newly passed"],
            [(k, *v) for k, v in sorted(self.summary().items())],
        )


def counterfactual(
    histories: Iterable[Iterable[Event]],
    baseline: PolicyFramework,
    alternative: PolicyFramework,
    *,
    strict: bool = False,
    executor: Executor | None = None,
) -> Counterfactual:
    """Audit ``histories`` under ``baseline`` and ``alternative``; compare.

    Both audits fold each history as recorded, so each event is judged on
    the same project under both frameworks.
    """
    chosen = _histories(histories)
    return Counterfactual(
        audit(chosen, baseline, strict=strict, executor=executor),
        audit(chosen, alternative, strict=strict, executor=executor),
    )
