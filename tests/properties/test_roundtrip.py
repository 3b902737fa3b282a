"""Round trip: every public value survives ``to_dict``/``from_dict`` and JSON text."""

from __future__ import annotations

import json
import types
from datetime import datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events, serialization
from procpolicy.testing import strategies

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
"""Every public attrs class: the values a host stores."""
COSTLY: set[type] = {pp.PolicyFramework, pp.RuleSet, pp.Workflow, pp.Project}
"""Classes whose values are whole frameworks or histories."""
SOME = settings(max_examples=max(5, settings().max_examples // 8))
"""Per class: the classes are many, and their values cheap to vary."""
FEW = settings(max_examples=max(5, settings().max_examples // 10))
"""For whole frameworks and histories."""


def round_trip(cls: type, value: object) -> None:
    data = serialization.to_dict(value)
    back: object = serialization.from_dict(cls, data)
    assert back == value
    assert serialization.to_dict(back) == data
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert serialization.loads(cls, text) == value


class TestRoundTrip:
    @pytest.mark.parametrize(
        "cls",
        [c for c in VALUE_CLASSES if c not in COSTLY],
        ids=lambda c: c.__name__,
    )
    @SOME
    @given(data=st.data())
    def test_every_public_value_round_trips(self, cls, data):
        """``from_dict(cls, to_dict(x)) == x``, through JSON text too."""
        round_trip(cls, data.draw(strategies.values(cls)))

    @pytest.mark.parametrize("cls", sorted(COSTLY, key=str))
    @FEW
    @given(data=st.data())
    def test_every_framework_rule_set_workflow_and_project_round_trips(self, cls, data):
        """Whole frameworks, rule sets, workflows and projects round-trip."""
        round_trip(cls, data.draw(strategies.values(cls)))

    @FEW
    @given(strategies.event_sequences(invalid=0.5))
    def test_every_event_round_trips_as_an_event(self, history):
        """An event stored as ``Event`` comes back as the same class and value."""
        for event in history:
            back = serialization.from_dict(events.Event, serialization.to_dict(event))
            assert type(back) is type(event)
            assert back == event
            assert back.day == event.day

    @FEW
    @given(strategies.projects())
    def test_a_stored_project_reloads_with_the_same_facts(self, project):
        """A reloaded project has the same stage, money and periods."""
        back = serialization.load_project(
            serialization.to_dict(project), pp.Workflow(pp.presets.anyang())
        )
        assert back == project
        assert back.stage is project.stage
        assert (back.budgeted, back.paid, back.contracted) == (
            project.budgeted,
            project.paid,
            project.contracted,
        )
        assert back.periods == project.periods


def _accepts(converter: object, data: object, cls: type) -> bool:
    try:
        converter.structure(data, cls)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - only whether it refuses matters
        return False
    return True


@SOME
@given(
    event=strategies.events(),
    extra=st.sampled_from(("type", "at", "nope", "score", "items")),
    value=st.one_of(st.none(), st.text(max_size=3), st.integers(), st.just("Closed")),
    drop=st.booleans(),
    as_target=st.sampled_from((pp.events.Event, None)),
)
def test_the_fast_loader_refuses_an_event_exactly_when_the_detailed_one_does(
    event, extra, value, drop, as_target
):
    """The fast converter refuses an event's keys and type as the detailed one does.

    A refusal of the fast one is explained by the detailed one.
    """
    data = serialization.to_dict(event)
    if drop:
        data.pop(extra, None)
    else:
        data[extra] = value
    cls = as_target or type(event)
    fast = _accepts(serialization._FAST, data, cls)
    assert fast == _accepts(serialization.converter, data, cls)
    if fast:
        assert serialization.from_dict(cls, data) == serialization.converter.structure(
            data, cls
        )


def test_the_fast_loader_takes_a_dict_subclass_to_the_detailed_one():
    """A dict subclass is accepted (by the detailed converter), a proxy refused."""

    class Payload(dict):  # type: ignore[type-arg]
        """A dict subclass."""

    closed = pp.events.Closed(at=datetime(2015, 1, 1, 9))
    data = Payload(serialization.to_dict(closed))
    assert serialization.from_dict(pp.events.Closed, data) == closed
    proxy = types.MappingProxyType(dict(data))
    with pytest.raises(pp.InvalidInput, match="an object"):
        serialization.from_dict(pp.events.Closed, proxy)
