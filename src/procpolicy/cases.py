"""Test cases without code: a history and the verdict expected of each event.

Policy people state what the rules should say of a purchase in a TOML file
(read with the standard library's `tomllib`; no new dependency) and run it
with ``procpolicy test FILE.toml …`` (exit 0 when every expectation holds,
1 when one fails, each failure named, 2 for an unreadable case).  A file
holds one or more ``[[cases]]``: the preset (``anyang`` or ``national``), an
optional reform, whether the workflow is strict, and the events of a history
— each with its ``type`` and its fields as `procpolicy.serialization` writes
them (amounts as strings or integers, dates and times in TOML's own syntax)
— and, per event, ``expect``: ``"allowed"`` or the ids of the rules that
fail (every one of them, in any order).  An event without ``expect`` is
judged and not checked.  The history is a log of attempts: a refused event
leaves the project as it was, so the mended attempt may follow it.

This module reads text, never files (the core does no I/O): `loads` parses
a document into `Case` values, `run` judges one case, `run_all` many.

A complete example::

```toml
[[cases]]
name = "2015 street cleaning: a consultation open for too short a time"
preset = "anyang"

[[cases.events]]
type = "Drafted"
at = 2015-02-02T09:00:00
project_id = "AY-2015-007"
title = "主城区道路保洁"
category = "MUNICIPAL_SANITATION"
purchaser = { name = "安阳市城市管理局", department = "城管", kind = "STATE_ORGAN" }
expect = "allowed"

[[cases.events]]
type = "Budgeted"
at = 2015-02-10T09:00:00
amount = "800000"
separate_line = false
targets = [{ name = "道路保洁达标率 %", target = "95" }]
expect = "allowed"

[[cases.events]]
type = "Disclosed"
at = 2015-02-12T09:00:00
items = ["PROJECT", "CONTENT", "UNDERTAKER_REQUIREMENTS", "EVALUATION_STANDARDS"]
expect = "allowed"

[[cases.events]]
type = "ProcurementStarted"
at = 2015-02-16T09:00:00
method = "COMPETITIVE_CONSULTATION"
deadline = 2015-02-24
expect = ["tender.period"]
```

Examples:
    >>> (case,) = loads(EXAMPLE)
    >>> case.name
    '2015 street cleaning: a consultation open for too short a time'
    >>> run(case).passed
    True
    >>> bad = EXAMPLE.replace('expect = ["tender.period"]', 'expect = "allowed"')
    >>> print(run(loads(bad)[0]).failures[0])
    cases[0].events[3] (ProcurementStarted): expected allowed,
    got refused by tender.period
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from attrs import field, frozen

from procpolicy import presets
from procpolicy._repr import fields_repr
from procpolicy.errors import InvalidInput
from procpolicy.events import Drafted, Event
from procpolicy.labels import Label
from procpolicy.parameters import Overrides
from procpolicy.policy import PolicyFramework
from procpolicy.rules import RULES
from procpolicy.workflow import Workflow

__all__ = [
    "EXAMPLE",
    "Case",
    "CaseResult",
    "Expectation",
    "loads",
    "loads_reform",
    "run",
    "run_all",
]

_PRESETS = {"anyang": presets.anyang, "national": presets.national}
_CASE_KEYS = frozenset({"name", "preset", "reform", "strict", "events"})
_REFORM_KEYS = frozenset({"id", "title", "effective", "sets", "removes"})
ALLOWED = "allowed"


def _example() -> str:
    text = __doc__ or ""
    match = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    return match.group(1) if match else ""


EXAMPLE = _example()
"""The complete example of this module's documentation, as TOML text."""


@frozen(repr=False)
class Expectation:
    """What one event should get: allowed (``failing == ()``) or refused by rules."""

    __repr__ = fields_repr

    index: int
    """The event's place in the history (0 = `Drafted`)."""
    failing: frozenset[str] = frozenset()
    """The ids of every rule the event should fail; empty: allowed."""

    def __str__(self) -> str:
        return ALLOWED if not self.failing else " ".join(sorted(self.failing))


@frozen(kw_only=True, repr=False)
class Case:
    """One case: a framework, a history, and the expected verdicts."""

    __repr__ = fields_repr

    name: str
    path: str
    """Where the case stands in its file (``cases[2]``), for messages."""
    framework: PolicyFramework = field(repr=False)
    strict: bool = False
    history: tuple[Event, ...]
    expectations: tuple[Expectation, ...]


@frozen(repr=False)
class CaseResult:
    """The outcome of a case: every expectation that did not hold, named."""

    __repr__ = fields_repr

    case: Case
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures


def loads(text: str, *, source: str = "") -> tuple[Case, ...]:
    """The cases of a TOML document.

    Raises:
        InvalidInput: naming the path (``cases[2].events[3].amount``) of every
            problem: TOML syntax, an unknown preset, event type, field or rule
            id, a value of the wrong shape.
    """
    where = f"{source}: " if source else ""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}not TOML: {exc}") from None
    except RecursionError:
        raise InvalidInput(
            f"{where}not TOML procpolicy reads: nested too deeply"
        ) from None
    raw = document.get("cases")
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(f"{where}expected one or more [[cases]] tables")
    cases: list[Case] = []
    problems: list[str] = []
    for number, item in enumerate(raw):
        try:
            cases.append(_case(item, f"cases[{number}]"))
        except InvalidInput as exc:
            problems += [f"{where}{m}" for m in exc.messages]
    if problems:
        raise InvalidInput(problems)
    return tuple(cases)


def loads_reform(text: str, *, source: str = "") -> Any:
    """The `procpolicy.portfolio.Reform` of a TOML document's ``[reform]`` table.

    The table is the one a case's ``[cases.reform]`` holds: ``id``, ``title``,
    ``effective`` (a date), ``sets`` (parameter = value) and ``removes``
    (document ids).  ``procpolicy audit --reform FILE.toml`` reads it.

    Raises:
        InvalidInput: naming the path of every problem (``reform.sets``).

    Examples:
        >>> reform = loads_reform('''
        ... [reform]
        ... id = "halved"
        ... effective = 2016-01-01
        ... sets = { open_tender_threshold = "1000000" }
        ... ''')
        >>> reform.id, str(reform.effective)
        ('halved', '2016-01-01')
    """
    where = f"{source}: " if source else ""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}not TOML: {exc}") from None
    if "reform" not in document:
        raise InvalidInput(f"{where}expected a [reform] table")
    try:
        return _reform(document["reform"], "reform")
    except InvalidInput as exc:
        raise InvalidInput([f"{where}{m}" for m in exc.messages]) from None


def _case(item: object, path: str) -> Case:
    if not isinstance(item, dict):
        raise InvalidInput(f"{path}: expected a table")
    unknown = sorted(set(item) - _CASE_KEYS)
    if unknown:
        raise InvalidInput(
            f"{path}: unknown key(s) {unknown}; expected {sorted(_CASE_KEYS)}"
        )
    name = item.get("name", path)
    preset = item.get("preset", "anyang")
    if preset not in _PRESETS:
        raise InvalidInput(
            f"{path}.preset: {preset!r} is not one of {sorted(_PRESETS)}"
        )
    framework = _PRESETS[preset]()
    if "reform" in item:
        reform = _reform(item["reform"], f"{path}.reform")
        try:
            framework = reform.apply(framework)
        except InvalidInput as exc:
            raise InvalidInput([f"{path}.reform: {m}" for m in exc.messages]) from None
    strict = item.get("strict", False)
    if not isinstance(strict, bool):
        raise InvalidInput(f"{path}.strict: expected true or false")
    history, expectations = _history(item.get("events"), path)
    return Case(
        name=str(name),
        path=path,
        framework=framework,
        strict=strict,
        history=history,
        expectations=expectations,
    )


def _history(
    events: object, path: str
) -> tuple[tuple[Event, ...], tuple[Expectation, ...]]:
    if not isinstance(events, list) or not events:
        raise InvalidInput(f"{path}.events: expected one or more [[cases.events]]")
    history: list[Event] = []
    expectations: list[Expectation] = []
    problems: list[str] = []
    for index, raw in enumerate(events):
        try:
            event, expected = _event(raw, f"{path}.events[{index}]", index)
        except InvalidInput as exc:
            problems += exc.messages
            continue
        history.append(event)
        if expected is not None:
            expectations.append(expected)
    if problems:
        raise InvalidInput(problems)
    if not isinstance(history[0], Drafted):
        raise InvalidInput(f"{path}.events[0]: a history starts with a Drafted event")
    return tuple(history), tuple(expectations)


def _reform(raw: object, path: str) -> Any:
    from procpolicy.portfolio import Reform  # noqa: PLC0415 - portfolio imports workflow
    from procpolicy.serialization import from_dict  # noqa: PLC0415

    if not isinstance(raw, dict):
        raise InvalidInput(f"{path}: expected a table")
    unknown = sorted(set(raw) - _REFORM_KEYS)
    if unknown:
        raise InvalidInput(
            f"{path}: unknown key(s) {unknown}; expected {sorted(_REFORM_KEYS)}"
        )
    reform_id = raw.get("id", "case-reform")
    title = raw.get("title", reform_id)
    effective = raw.get("effective")
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise InvalidInput(f"{path}.effective: expected a date (2016-01-01)")
    try:
        sets = from_dict(Overrides, _plain(raw.get("sets", {})))
    except InvalidInput as exc:
        raise InvalidInput([_at(m, f"{path}.sets") for m in exc.messages]) from None
    try:
        return Reform(
            id=str(reform_id),
            title=Label(str(title), str(title)),
            effective=effective,
            sets=sets,
            removes=frozenset(raw.get("removes", ())),
        )
    except (InvalidInput, TypeError) as exc:
        raise InvalidInput(f"{path}: {exc}") from None


def _event(raw: object, path: str, index: int) -> tuple[Event, Expectation | None]:
    from procpolicy.serialization import from_dict  # noqa: PLC0415 - a light import

    if not isinstance(raw, dict):
        raise InvalidInput(f"{path}: expected a table")
    fields = dict(raw)
    expect = fields.pop("expect", None)
    expected = None if expect is None else _expectation(expect, f"{path}.expect", index)
    try:
        event = from_dict(Event, _plain(fields))
    except InvalidInput as exc:
        raise InvalidInput([_at(m, path) for m in exc.messages]) from None
    return event, expected


def _expectation(value: object, path: str, index: int) -> Expectation:
    if value == ALLOWED:
        return Expectation(index)
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) for v in value)
    ):
        raise InvalidInput(f'{path}: expected "allowed" or a list of rule ids')
    unknown = sorted(v for v in value if v not in RULES)
    if unknown:
        raise InvalidInput(f"{path}: no rule {unknown}; see `procpolicy rules`")
    return Expectation(index, frozenset(value))


def _at(message: str, path: str) -> str:
    """A loader message whose ``@ $…`` path is re-rooted at ``path``."""
    head, sep, tail = message.rpartition(" @ $")
    return f"{head} @ {path}{tail}" if sep else f"{message} @ {path}"


def _plain(value: object) -> object:
    """TOML's values as `serialization` reads them (dates and times as ISO text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def run(case: Case) -> CaseResult:
    """Judge each event of the case's history and compare each expectation.

    The history is a log of attempts: each event is judged against the
    project as the events accepted before it left it, and a refused event
    leaves the project as it was (as `Workflow.apply` does), so a refused
    attempt may be followed by the mended one.
    """
    workflow = Workflow(case.framework, strict=case.strict)
    project = workflow.start(case.history[0])  # type: ignore[arg-type]
    got: dict[int, frozenset[str]] = {0: frozenset()}
    for index, event in enumerate(case.history[1:], start=1):
        judgement = workflow.judge(project, event)
        got[index] = frozenset(v.rule.id for v in judgement.violations)
        if judgement.allowed:
            project = workflow.apply(project, event)
    failures: list[str] = []
    for expected in case.expectations:
        failing = got[expected.index]
        if failing == expected.failing:
            continue
        shown = "allowed" if not failing else "refused by " + " ".join(sorted(failing))
        event_name = type(case.history[expected.index]).__name__
        failures.append(
            f"{case.path}.events[{expected.index}] ({event_name}): expected "
            f"{expected}, got {shown}"
        )
    return CaseResult(case, tuple(failures))


def run_all(cases: Iterable[Case]) -> tuple[CaseResult, ...]:
    """`run` each case."""
    return tuple(run(case) for case in cases)
