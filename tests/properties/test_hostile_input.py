"""Hostile input: ``from_dict`` and ``loads`` raise only `InvalidInput`, with a path."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import InvalidInput, events, serialization
from procpolicy.testing import strategies

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


def names_a_path(error: InvalidInput) -> None:
    """Each message of ``error`` says where the problem is."""
    assert error.messages
    assert all("@ $" in message for message in error.messages), error.messages


def load(cls: type, data: object) -> object | None:
    """``from_dict(cls, data)``: the value, or None after an `InvalidInput`.

    Any other exception propagates and fails the test.
    """
    try:
        value: object = serialization.from_dict(cls, data)
    except InvalidInput as error:
        names_a_path(error)
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


class TestArbitraryJson:
    @MANY
    @given(st.sampled_from(TARGETS), strategies.json_values())
    def test_from_dict_of_arbitrary_json_raises_only_invalid_input(self, cls, data):
        """Any JSON-like data loads or is refused with `InvalidInput` and a path."""
        load(cls, data)

    @MANY
    @given(st.sampled_from(TARGETS), st.text(max_size=200) | st.binary(max_size=200))
    def test_loads_of_arbitrary_text_raises_only_invalid_input(self, cls, text):
        """Any text or bytes load or are refused with `InvalidInput`."""
        try:
            serialization.loads(cls, text)
        except InvalidInput as error:
            names_a_path(error)

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
