"""Hostile input: ``from_dict`` and ``loads`` refuse only on purpose, with a path.

A refusal is deliberate when its message is one the loader means to give
(`KNOWN_REFUSALS`, or a procpolicy class naming the field it refuses); a
crash wrapped as `InvalidInput` would carry an exception's own text, or the
loader's internal-error message, and fails these tests.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import json
import re
import sys
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import InvalidInput, events, serialization
from procpolicy.testing import strategies
from tests._ids import plain_id
from tests._lifecycle import cleaning_2015, lamps_2014

TARGETS = sorted(
    (
        *(
            cls
            for name in pp.__all__
            if isinstance(cls := getattr(pp, name), type) and attrs.has(cls)
        ),
        *events.EVENT_TYPES,
        events.Event,
        serialization.Limits,
    ),
    key=lambda cls: cls.__name__,
)
"""Every class a host may load."""
SMALL = [c for c in TARGETS if c not in {pp.PolicyFramework, pp.RuleSet, pp.Workflow}]
"""Those whose valid values are cheap to draw."""
MANY = settings(max_examples=max(20, settings().max_examples))


def _procpolicy_classes() -> frozenset[str]:
    """The name of every class procpolicy defines, its exceptions excepted."""
    return frozenset(
        obj.__name__
        for name, module in list(sys.modules.items())
        if name == "procpolicy" or name.startswith("procpolicy.")
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and obj.__module__.startswith("procpolicy")
        and not issubclass(obj, BaseException)
    )


CLASSES = "|".join(sorted(_procpolicy_classes(), key=len, reverse=True))
KINDS = (
    r"(?:null|true|false|an integer|a floating-point number|a string|a list"
    r"|an object)"
)
"""How the loader names what it got (JSON's words)."""
SHOWN = rf"(?:'.*'|\".*\"|{KINDS})"
"""A short string, quoted, or the kind of anything else."""
WANTED = (
    r"(?:a string|an int|true or false|a decimal string like '12\.50'"
    r"|an ISO date string like '2015-06-01'|an ISO date-time string|a list"
    r"|an object for (?:\w+|an event)|an object of parameter values"
    r"|an object of strings(?: \(or a list of \[name, value\] pairs\))?"
    r"|the name of a \w+)"
)
KNOWN_REFUSALS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.DOTALL)
    for name, pattern in {
        # Types and shapes.
        "expected …, got …": rf"expected {WANTED}, got {KINDS}",
        "extra fields found": r"extra fields found \(.*\)",
        "required field missing": r"required field missing",
        "expected N items": r"expected \d+ items, not \d+",
        "expected type 'Event'": rf"expected type '\w+', not {SHOWN}",
        "'type' must be one of": rf"'type' must be one of [A-Za-z, ]+, not {SHOWN}",
        "'schema' must be": rf"'schema' must be 'procpolicy\.project/1', not {SHOWN}",
        "'history' must be a non-empty list": (
            r"'history' must be a non-empty list of events"
        ),
        "unexpected field(s) in a project": (
            r"unexpected field\(s\) \[.*\] in a project"
        ),
        "must start with a Drafted event": r"history: must start with a Drafted event",
        # The name as ``repr`` writes it: in double quotes when it holds a "'".
        "… is not a parameter": (
            r"(?:'.*'|\".*\") is not a parameter; expected one of [a-z_, ]+"
        ),
        # The grammar of stored text.
        "numeral too long": r"numeral of \d+ characters is too long",
        "not a decimal numeral": (
            r"'.*' is not a decimal numeral \(ASCII digits like '12\.50'\)"
        ),
        "a negative zero": r"'.*' is a negative zero; write '0'",
        "exponent beyond the limit": r"'.*' has an exponent beyond the numeral limit",
        "not an ISO date": r"'.*' is not an ISO date \(YYYY-MM-DD\)",
        "date outside the domain": (
            r"'.*' is outside the domain of dates, 1949-10-01 to 2199-12-31"
        ),
        "not an ISO 8601 date-time": (
            r"'.*' is not an ISO 8601 date-time like '2015-06-01T09:00:00\+08:00'"
        ),
        # The limits and the JSON parser.
        "integer too large": r"integer too large",
        "string too long": r"string of \d+ characters exceeds \d+",
        "nests too deep": r"payload nests deeper than \d+ levels",
        "too many values": r"payload has more than \d+ values",
        "not JSON": (
            r"not JSON: (?:.+ at line \d+, column \d+|not UTF-8 text \(byte \d+\)"
            r"|nested too deeply for the parser|an integer with too many digits)"
        ),
        # A framework that cannot stand (PolicyInconsistent, in its own words).
        "two documents with one id": (
            r"two documents have the id '.*'; ids must be unique .+"
        ),
        # A procpolicy class refusing a value: "Contracted.at: …", "Layer: …".
        "Class.field: … (a class's own refusal)": rf"(?:{CLASSES})(?:\.[\w/]+)?: .+",
    }.items()
}
"""The loader's deliberate refusals, each message without its path."""
NEVER = (serialization.INTERNAL_ERROR, "unknown error (", "invalid value for type")
"""Fragments of a wrapped crash: they never appear in a refusal."""


def is_known(message: str) -> bool:
    """Whether ``message`` is a deliberate refusal naming a path."""
    text, at, path = message.rpartition(" @ ")
    if not at or not path.startswith("$"):
        return False
    if any(fragment in text for fragment in NEVER):
        return False
    return any(pattern.fullmatch(text) for pattern in KNOWN_REFUSALS.values())


def refused_on_purpose(error: InvalidInput) -> None:
    """Each message of ``error`` is a known refusal and says where it is."""
    assert error.messages
    unknown = [m for m in error.messages if not is_known(m)]
    assert not unknown, unknown


def load(cls: type, data: object) -> object | None:
    """``from_dict(cls, data)``: the value, or None after a deliberate refusal.

    Any other exception, or a refusal with an unknown message, fails the test.
    """
    try:
        value: object = serialization.from_dict(cls, data)
    except InvalidInput as error:
        refused_on_purpose(error)
        return None
    assert isinstance(value, cls)
    return value


def paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a JSON-like value, the root first."""
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*at, index))
    return found


def replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A deep copy of ``data`` with the node at ``path`` replaced by ``new``."""
    if not path:
        return new
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return out


# -- three stored projects and every single-field mutation of them ----------------
PALETTE: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    1.5,
    10**39,
    "",
    "x",
    "NaN",
    "Infinity",
    "-0",
    "１２",
    "1_000",
    "20150601",
    "2015-W23-1",
    "1949-09-30",
    "9999-12-31",
    "9999-12-31T23:00:00-05:00",
    [],
    {},
    [None],
    {"type": "Drafted"},
)
"""What each node of a stored project is replaced by: wrong types, numerals and
dates just outside the grammar or the domain, empty and odd containers."""


def stored_projects() -> dict[str, dict[str, Any]]:
    """Three stored projects, the last at the end of the domain of dates.

    The 2015 lifecycle, the 2014 pilot, and the 2015 lifecycle moved to end
    on 2199-12-31.
    """
    history = list(cleaning_2015())
    shift = date(2199, 12, 31) - history[-1].day
    moved = [
        attrs.evolve(
            event,
            at=event.at + shift,
            **(
                {"start": event.start + shift, "end": event.end + shift}
                if isinstance(event, events.Contracted)
                else {}
            ),
        )
        for event in history
    ]
    return {
        name: serialization.to_dict(pp.project.fold(h))
        for name, h in (
            ("cleaning-2015", history),
            ("lamps-2014", list(lamps_2014())),
            ("cleaning-2199", moved),
        )
    }


def mutations(payload: Any) -> list[tuple[str, Any]]:
    """Every single-field mutation of ``payload``, described.

    Each node replaced by each value of `PALETTE`; each field of an object
    dropped; an unknown field added to each object.
    """
    out: list[tuple[str, Any]] = []
    for path in paths(payload):
        where = "$" + "".join(f"[{k!r}]" for k in path)
        out += [(f"{where} = {new!r}", replaced(payload, path, new)) for new in PALETTE]
        node = payload
        for key in path:
            node = node[key]
        if isinstance(node, dict):
            out.append((f"{where} + x", replaced(payload, path, {**node, "x": 1})))
            for key in node:
                smaller = {k: v for k, v in node.items() if k != key}
                out.append((f"{where} - {key}", replaced(payload, path, smaller)))
    return out


def judge(payload: Any, workflow: pp.Workflow) -> str:
    """Load ``payload`` trusted and judged: what became of it.

    ``loaded``, ``refused`` (a broken rule) or ``invalid`` (a deliberate
    refusal, by both loaders); anything else fails the test.
    """
    try:
        serialization.load_project(payload, workflow)
    except pp.TransitionRefused:
        return "refused"
    except InvalidInput as error:
        refused_on_purpose(error)
        with pytest.raises(InvalidInput) as trusted:
            serialization.from_dict(pp.Project, payload)
        refused_on_purpose(trusted.value)
        return "invalid"
    assert isinstance(serialization.from_dict(pp.Project, payload), pp.Project)
    return "loaded"


STORED = stored_projects()
MUTATIONS = [(name, *m) for name, p in STORED.items() for m in mutations(p)]
SAMPLE = MUTATIONS[:: max(1, len(MUTATIONS) // 300)]
"""About 300 of the mutations, evenly spread: the default suite's share.
``benchmarks/hostile_full.py`` runs them all."""


class TestStoredProjects:
    def test_the_three_stored_projects_load_and_replay(self):
        """Unmutated, each stored project loads and is judged by Anyang's rules."""
        workflow = pp.Workflow(pp.presets.anyang())
        verdicts = {name: judge(p, workflow) for name, p in STORED.items()}
        assert verdicts["cleaning-2015"] == verdicts["lamps-2014"] == "loaded"
        assert verdicts["cleaning-2199"] in {"loaded", "refused"}

    def test_there_are_thousands_of_single_field_mutations(self):
        """Every node times the palette, plus dropped and added fields."""
        assert len(MUTATIONS) > 5000
        assert len(SAMPLE) >= 300

    @pytest.mark.parametrize(
        ("project", "what", "payload"),
        SAMPLE,
        ids=[plain_id(m[1][:60]) for m in SAMPLE],
    )
    def test_a_mutated_stored_project_is_refused_on_purpose_or_loads(
        self, project, what, payload
    ):
        """A mutation loads, breaks a rule, or is refused with a known message."""
        assert judge(payload, pp.Workflow(pp.presets.anyang())) in {
            "loaded",
            "refused",
            "invalid",
        }


class TestTheCheckerCanFail:
    """`is_known` tells a deliberate refusal from a wrapped crash."""

    @pytest.mark.parametrize(
        "message",
        [
            "AttributeError: 'str' object has no attribute 'keys' @ $",
            "unknown error ('list' object has no attribute 'keys') @ $.history[0]",
            "argument of type 'NoneType' is not iterable @ $",
            "unknown error (date value out of range) @ $.history[0]",
            "invalid value for type, expected int @ $.max_contract_years",
            f"{serialization.INTERNAL_ERROR} @ $.zh",
            "expected an object for Purchaser, got a string",
        ],
    )
    def test_the_messages_of_issue_14_are_not_deliberate(self, message):
        """The crashes that used to pass as refusals fail the check."""
        assert not is_known(message)

    @pytest.mark.parametrize(
        "message",
        [
            "expected an object for Purchaser, got a string @ $",
            "expected an object for Purchaser, got a list @ $.history[0].purchaser",
            "expected an object for Purchaser, got null @ $",
            (
                "expected an object of strings (or a list of [name, value] pairs), "
                "got null @ $.facts"
            ),
            (
                "Retendered.at: must fall between 1949-10-01 and 2199-12-31 in "
                "China Standard Time, not 9999-12-31T23:00:00-05:00 @ $.history[0].at"
            ),
            "'１２' is not a decimal numeral (ASCII digits like '12.50') @ $.x",
        ],
    )
    def test_the_refusals_of_issue_14_are_deliberate(self, message):
        """The messages that replace them pass."""
        assert is_known(message)

    def test_an_unknown_parameter_named_with_a_quote_is_a_known_refusal(self):
        """``repr`` writes such a name in double quotes (the full run found one)."""
        with pytest.raises(InvalidInput) as caught:
            serialization.from_dict(pp.Overrides, {"it's": "1"})
        (message,) = caught.value.messages
        assert message.startswith('"it\'s" is not a parameter; expected one of ')
        assert is_known(message)

    def test_a_crash_inside_the_loader_is_reported_as_an_internal_error(
        self, monkeypatch
    ):
        """A hook that crashes yields the internal-error message, not its text."""

        def crash(value: object, _: type) -> str:
            return value.keys()  # type: ignore[attr-defined,no-any-return]

        for name, detailed in (("_FAST", False), ("converter", True)):
            broken = serialization._build(detailed=detailed)
            broken.register_structure_hook(str, crash)
            monkeypatch.setattr(serialization, name, broken)
        with pytest.raises(InvalidInput) as caught:
            serialization.from_dict(pp.Label, {"zh": "甲", "en": "A"})
        internal = serialization.INTERNAL_ERROR
        assert caught.value.messages == (f"{internal} @ $.zh", f"{internal} @ $.en")
        assert not any(is_known(m) for m in caught.value.messages)
        assert "keys" not in str(caught.value)

    def test_an_exception_outside_cattrs_is_an_internal_error_at_the_root(self):
        """The last resort never quotes the exception either."""
        error = serialization._as_invalid(AttributeError("'str' has no 'keys'"))
        assert error.messages == (f"{serialization.INTERNAL_ERROR} @ $",)


GPL = serialization.to_dict(pp.presets.national().document("gpl"))


class TestArbitraryJson:
    @MANY
    @given(st.sampled_from(TARGETS), strategies.json_values())
    @example(events.Retendered, {"at": "9999-12-31T23:00:00-05:00"})
    @example(events.Retendered, {"at": "1949-09-30T23:59:59"})
    @example(events.Contracted, {"at": "2199-12-31T23:59:59", "start": "2200-01-01"})
    @example(pp.PolicyDocument, {"effective": "1949-10-01", "expires": "9999-12-31"})
    @example(pp.Overrides, {"max_contract_years": 10**6, "min_tender_days": 36501})
    @example(pp.Purchaser, "x")
    @example(pp.PolicyFramework, {"documents": [GPL, GPL]})
    @example(pp.Purchaser, None)
    def test_from_dict_of_arbitrary_json_raises_only_invalid_input(self, cls, data):
        """Any JSON-like data loads or is refused on purpose, with a path."""
        load(cls, data)

    @MANY
    @given(st.sampled_from(TARGETS), st.text(max_size=200) | st.binary(max_size=200))
    def test_loads_of_arbitrary_text_raises_only_invalid_input(self, cls, text):
        """Any text or bytes load or are refused with `InvalidInput`."""
        try:
            serialization.loads(cls, text)
        except InvalidInput as error:
            refused_on_purpose(error)

    @settings(max_examples=max(10, settings().max_examples // 2))
    @given(st.sampled_from(TARGETS), st.integers(1, 200))
    def test_deep_nesting_raises_invalid_input(self, cls, depth):
        """Lists or objects nested at any depth never raise `RecursionError`."""
        data: Any = {"type": "Drafted"}
        for level in range(depth):
            data = [data] if level % 2 else {"history": data, "schema": data}
        load(cls, data)


class TestDamagedPayloads:
    @MANY
    @given(st.data())
    def test_a_damaged_payload_loads_or_raises_invalid_input(self, data):
        """A valid payload with one node replaced by hostile JSON fails cleanly."""
        cls = data.draw(st.sampled_from(SMALL))
        payload = serialization.to_dict(data.draw(strategies.values(cls)))
        path = data.draw(st.sampled_from(paths(payload)))
        hostile = replaced(
            payload, path, data.draw(strategies.json_values(max_leaves=4))
        )
        value = load(cls, hostile)
        if value is not None:
            again = serialization.to_dict(value)
            assert serialization.from_dict(cls, again) == value

    @settings(max_examples=max(10, settings().max_examples // 4))
    @given(strategies.projects(), st.data())
    def test_a_damaged_project_loads_or_raises_invalid_input(self, project, data):
        """A stored project with one node replaced fails cleanly, judged or not."""
        payload = serialization.to_dict(project)
        path = data.draw(st.sampled_from(paths(payload)))
        hostile = replaced(
            payload, path, data.draw(strategies.json_values(max_leaves=4))
        )
        with contextlib.suppress(InvalidInput, pp.TransitionRefused):
            serialization.load_project(hostile, pp.Workflow(pp.presets.anyang()))

    @MANY
    @given(st.sampled_from(SMALL), st.data())
    def test_an_unknown_field_is_refused_with_its_name(self, cls, data):
        """An extra key in a payload object is refused, naming the key."""
        payload = serialization.to_dict(data.draw(strategies.values(cls)))
        assert isinstance(payload, dict)
        payload = {**payload, "no_such_field": 1}
        with pytest.raises(InvalidInput, match="no_such_field"):
            serialization.loads(cls, json.dumps(payload))
