"""The shared ``__repr__`` (`procpolicy._repr.fields_repr`) writes what attrs would.

The value classes take one ``__repr__`` instead of one attrs compiles per
class at import (``docs/performance.md``, *Import*); these tests hold it to
the text of attrs' own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy._repr import fields_repr
from procpolicy.testing import strategies
from tests._modules import MODULES
from tests.properties.test_roundtrip import VALUE_CLASSES

MUTABLE = {"procpolicy._ocds._mapping._Walk"}
"""attrs classes that are not frozen values keep attrs' ``__repr__``."""


def every_attrs_class() -> list[type]:
    """Every attrs class defined in procpolicy, private modules included."""
    found: dict[str, type] = {}
    for module in MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and attrs.has(value)
                and value.__module__.startswith("procpolicy")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def attrs_repr(cls: type) -> Any:
    """The ``__repr__`` attrs generates for ``cls``'s fields (on a bare subclass)."""
    twin = type(cls.__name__, (cls,), {})
    return attrs.frozen(twin, repr=True, init=False, eq=False).__repr__


def vars_repr(cls: type) -> object:
    """``cls.__repr__`` as an object (mypy reads the attribute as a method)."""
    found: object = getattr(cls, "__repr__")  # noqa: B009
    return found


CLASSES = every_attrs_class()


def test_the_scan_finds_the_value_classes() -> None:
    """Events, rules, parameters and the simulator's records are all seen."""
    names = {cls.__name__ for cls in CLASSES}
    assert {"Drafted", "Citation", "Parameters", "ProjectYear", "Label"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_value_class_compiles_its_own_repr(cls: type) -> None:
    """Each takes `fields_repr` or writes its own; none keeps attrs' generated one."""
    generated = cls.__repr__.__code__.co_filename.startswith("<attrs generated")
    if f"{cls.__module__}.{cls.__qualname__}" in MUTABLE:
        assert generated
    else:
        assert vars_repr(cls) is fields_repr or not generated


@pytest.mark.parametrize("cls", VALUE_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=max(5, settings().max_examples // 8))
@given(data=st.data())
def test_the_shared_repr_is_attrs_repr(cls: type, data: st.DataObject) -> None:
    """For generated values of every public class, the same text as attrs writes."""
    value = data.draw(strategies.values(cls))
    if vars_repr(type(value)) is fields_repr:
        assert repr(value) == attrs_repr(type(value))(value)


def test_a_custom_field_repr_and_a_hidden_field_are_kept() -> None:
    """``field(repr=callable)`` formats, ``field(repr=False)`` hides, as in attrs."""
    citation = pp.Citation("mof-96", "Art 3", verified=False, note="reported")
    assert repr(citation) == attrs_repr(pp.Citation)(citation)
    assert "provenance=" in repr(citation)
    event = pp.events.Closed(at=datetime(2015, 1, 5), accountable="局长")
    assert "instant" not in repr(event)
    assert repr(event) == attrs_repr(pp.events.Closed)(event)


def test_a_class_defined_in_a_function_is_named_as_attrs_names_it() -> None:
    """The ``<locals>`` part of a qualified name is dropped, as attrs drops it."""

    @attrs.frozen(repr=False)
    class Local:
        __repr__ = fields_repr
        x: int

    assert repr(Local(1)) == "Local(x=1)" == attrs_repr(Local)(Local(1))

    class Outer:
        @attrs.frozen(repr=False)
        class Inner:
            __repr__ = fields_repr
            y: str

    inner = Outer.Inner("a")
    assert repr(inner) == "Outer.Inner(y='a')" == attrs_repr(Outer.Inner)(inner)
