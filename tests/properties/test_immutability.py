"""Immutability: no public value can be changed in place, and none holds a mutable."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events, serialization
from procpolicy.testing import RuleCoverage, Step, rule_coverage, strategies
from tests._modules import MODULES

VALUE_CLASSES = sorted(
    (
        *(
            cls
            for name in pp.__all__
            if isinstance(cls := getattr(pp, name), type) and attrs.has(cls)
        ),
        *events.EVENT_TYPES,
        serialization.Limits,
    ),
    key=lambda cls: cls.__name__,
)
ENUMS = [
    cls
    for name in pp.__all__
    if isinstance(cls := getattr(pp, name), type)
    and issubclass(cls, Enum)
    and list(cls)
]
MUTABLE = (list, dict, set, bytearray)
SOME = settings(max_examples=max(3, settings().max_examples // 40))


def mutables(value: Any, seen: set[int] | None = None) -> list[str]:
    """Where a value holds a list, dict, set or bytearray in a public field."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, MUTABLE):
        return [type(value).__name__]
    if isinstance(value, tuple | frozenset):
        return [p for item in value for p in mutables(item, seen)]
    if attrs.has(type(value)):
        return [
            f"{type(value).__name__}.{a.name}: {p}"
            for a in attrs.fields(type(value))
            if not a.name.startswith("_")
            for p in mutables(getattr(value, a.name), seen)
        ]
    return []


class TestPublicValues:
    @pytest.mark.parametrize("cls", VALUE_CLASSES, ids=lambda c: c.__name__)
    @SOME
    @given(data=st.data())
    def test_setting_any_attribute_of_a_public_value_fails(self, cls, data):
        """Every field, and any new attribute, refuses assignment and deletion."""
        value = data.draw(strategies.values(cls))
        for name in [a.name for a in attrs.fields(cls)] + ["extra"]:
            with pytest.raises(AttributeError):
                setattr(value, name, None)
            if name != "extra":
                with pytest.raises(AttributeError):
                    delattr(value, name)

    @pytest.mark.parametrize("cls", VALUE_CLASSES, ids=lambda c: c.__name__)
    @SOME
    @given(data=st.data())
    def test_public_values_hold_no_mutable_container_and_hash(self, cls, data):
        """Public fields hold tuples and frozensets, never lists, dicts or sets."""
        value = data.draw(strategies.values(cls))
        assert mutables(value) == []
        assert hash(value) == hash(value)

    @SOME
    @given(strategies.projects())
    def test_a_project_and_its_derived_views_are_immutable(self, project):
        """A project's history and derived facts are tuples, not lists."""
        for view in (
            "history",
            "periods",
            "supervisions",
            "evaluations",
            "settlements",
        ):
            assert isinstance(getattr(project, view), tuple)
        with pytest.raises(AttributeError):
            project.stage = pp.Stage.CLOSED

    def test_the_testing_kit_values_are_immutable(self):
        """`Step` and `RuleCoverage` refuse assignment too."""
        step = Step(events.Retendered(at=datetime(2016, 1, 4, 12)))
        coverage = rule_coverage([(step.event, ())])
        for value, name in ((step, "breaks"), (coverage, "counts")):
            with pytest.raises(AttributeError):
                setattr(value, name, None)
        assert isinstance(coverage, RuleCoverage)


class TestEnumsAndModules:
    @pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
    def test_enum_members_cannot_be_reassigned_or_added(self, cls):
        """An enum's members are fixed."""
        member = next(iter(cls))
        with pytest.raises(AttributeError):
            setattr(cls, member.name, None)
        with pytest.raises(AttributeError):
            delattr(cls, member.name)

    def test_no_public_module_level_value_is_a_mutable_container(self):
        """Constants in a public module's ``__all__`` are never lists, dicts or sets."""
        found = []
        for module in MODULES:
            private = any(part.startswith("_") for part in module.__name__.split("."))
            if private:
                continue
            for name in getattr(module, "__all__", ()):
                value = getattr(module, name)
                if isinstance(value, MUTABLE):
                    found.append(f"{module.__name__}.{name}")
        assert found == []

    def test_the_rule_registry_cannot_be_changed(self):
        """`RULES` refuses assignment to its fields."""
        with pytest.raises(AttributeError):
            pp.RULES.rules = ()  # type: ignore[misc]
