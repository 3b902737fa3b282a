"""JSON-ready dicts for every public value, through one cattrs converter.

``to_dict(obj)`` gives plain ``dict``/``list``/``str``/``int``/``bool``/``None``
data: Decimals as strings (exact), dates and datetimes as ISO 8601 strings,
enum members by name, sets as sorted lists, events tagged with ``"type"``.
``from_dict(Type, data)`` is its inverse and is strict: a wrong type, an
unknown enum name, a missing or extra field gives `InvalidInput` naming every
path (``"… @ $.documents[2].effective"``) — never a `KeyError` or
`TypeError`.  Payloads are bounded (`Limits`) before any work is done.

A `Project` is stored as ``{"schema": "procpolicy.project/1", "history":
[…]}``.  ``from_dict(Project, data)`` folds the history without judging it (a
trusted load); `load_project` with a workflow re-judges every event and
raises `TransitionRefused` on a history that breaks the rules.

Examples:
    >>> from decimal import Decimal
    >>> from procpolicy import Overrides
    >>> to_dict(Overrides(open_tender_threshold=Decimal("2000000")))
    {'open_tender_threshold': '2000000'}
    >>> from_dict(Overrides, {"max_contract_years": "one"})
    Traceback (most recent call last):
    ...
    procpolicy.errors.InvalidInput: expected an int, not str @ $.max_contract_years
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from attrs import field, frozen
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception as _cattrs_format
from cattrs.v import transform_error
from dateutil.parser import isoparse

from procpolicy._validate import whole
from procpolicy.errors import InvalidInput
from procpolicy.events import EVENT_TYPES, Event
from procpolicy.labels import BilingualEnum
from procpolicy.parameters import Overrides, Parameters
from procpolicy.policy import PolicyDocument
from procpolicy.project import Project, fold

if TYPE_CHECKING:
    from procpolicy.workflow import Workflow

__all__ = [
    "PROJECT_SCHEMA",
    "Limits",
    "converter",
    "dumps",
    "from_dict",
    "load_project",
    "loads",
    "to_dict",
]

T = TypeVar("T")

PROJECT_SCHEMA: Final = "procpolicy.project/1"
"""The schema tag of a stored project."""


@frozen(kw_only=True)
class Limits:
    """Bounds on a payload, checked before it is structured.

    The defaults hold any real framework or project with a wide margin (the
    Anyang framework is about 400 nodes; a ten-event project about 150) and
    refuse a hostile one in milliseconds.  ``docs/security.md`` gives the
    measurements.
    """

    max_depth: int = field(default=32, validator=whole(1))
    """Deepest nesting of dicts and lists."""
    max_nodes: int = field(default=200_000, validator=whole(1))
    """Most values in all."""
    max_string: int = field(default=10_000, validator=whole(1))
    """Longest string (titles, reasons)."""
    max_number_digits: int = field(default=40, validator=whole(1))
    """Longest numeral, for an int or a decimal string."""


DEFAULT_LIMITS: Final = Limits()


def _check_limits(data: object, limits: Limits) -> None:
    stack: list[tuple[object, int, str]] = [(data, 0, "$")]
    nodes = 0
    while stack:
        value, depth, path = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise InvalidInput(f"payload has more than {limits.max_nodes} values @ $")
        if depth > limits.max_depth:
            raise InvalidInput(
                f"payload nests deeper than {limits.max_depth} levels @ {path}"
            )
        if isinstance(value, str):
            if len(value) > limits.max_string:
                raise InvalidInput(
                    f"string of {len(value)} characters exceeds {limits.max_string} "
                    f"@ {path}"
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > limits.max_number_digits * 4:
                raise InvalidInput(f"integer too large @ {path}")
        elif isinstance(value, dict):
            stack.extend((v, depth + 1, f"{path}.{k}") for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(value))


# -- the converter ---------------------------------------------------------
converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""The one cattrs converter; register hooks for your own types on a copy."""


def _expect(kind: str, value: object) -> InvalidInput:
    return InvalidInput(f"expected {kind}, not {type(value).__name__}")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _expect("a string", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _expect("an int", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _expect("true or false", value)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if not isinstance(value, str):
        raise _expect("a decimal string like '12.50'", value)
    text = value.strip()
    if len(text) > DEFAULT_LIMITS.max_number_digits:
        raise InvalidInput(f"numeral of {len(text)} characters is too long")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{value!r} is not a decimal number") from None


def _structure_date(value: object, _: type) -> date:
    if not isinstance(value, str):
        raise _expect("an ISO date string like '2015-06-01'", value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _structure_datetime(value: object, _: type) -> datetime:
    if not isinstance(value, str):
        raise _expect("an ISO date-time string", value)
    try:
        return isoparse(value)
    except (ValueError, OverflowError):
        raise InvalidInput(f"{value!r} is not an ISO 8601 date-time") from None


def _structure_enum(value: object, cls: type[BilingualEnum]) -> BilingualEnum:
    if not isinstance(value, str):
        raise _expect(f"a {cls.__name__} name", value)
    return cls.from_name(value)


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _is_frozenset(tp: Any) -> bool:
    return get_origin(tp) is frozenset


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _unstructure_set(tp: Any) -> Callable[[frozenset[Any]], list[Any]]:
    (member,) = get_args(tp)
    hook = converter.get_unstructure_hook(member)
    return lambda value: sorted((hook(v) for v in value), key=_sort_key)


def _structure_set(tp: Any) -> Callable[[Any, Any], frozenset[Any]]:
    (member,) = get_args(tp)

    def structure(value: Any, _: Any) -> frozenset[Any]:
        if not isinstance(value, list | tuple):
            raise _expect("a list", value)
        return frozenset(_structure_items(value, member))

    return structure


def _structure_tuple(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    args = get_args(tp)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _expect("a list", value)
        if len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
            return tuple(_structure_items(value, args[0]))
        if len(value) != len(args):
            raise InvalidInput(f"expected {len(args)} items, not {len(value)}")
        return tuple(_structure_items(value, None, kinds=args))

    return structure


def _structure_items(
    value: Iterable[Any], member: Any, kinds: tuple[Any, ...] | None = None
) -> list[Any]:
    items, errors = [], []
    for index, item in enumerate(value):
        try:
            kind = kinds[index] if kinds else member
            items.append(converter.structure(item, kind))
        except Exception as exc:  # noqa: BLE001 - collected, re-raised with paths
            note = IterableValidationNote(f"Structuring @ index {index}", index, member)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        raise cattrs.IterableValidationError("while structuring items", errors, list)
    return items


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(date, _structure_date)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_structure_hook_func(
    lambda t: isinstance(t, type) and issubclass(t, BilingualEnum), _structure_enum
)
converter.register_unstructure_hook_func(
    lambda t: isinstance(t, type) and issubclass(t, BilingualEnum), lambda m: m.name
)
converter.register_unstructure_hook_factory(_is_frozenset, _unstructure_set)
converter.register_structure_hook_factory(_is_frozenset, _structure_set)
converter.register_structure_hook_factory(_is_tuple, _structure_tuple)


# -- Overrides and documents -------------------------------------------------
attrs.resolve_types(Parameters)
_PARAMETER_TYPES: dict[str, Any] = {a.name: a.type for a in attrs.fields(Parameters)}


def _unstructure_overrides(value: Overrides) -> dict[str, Any]:
    return {name: converter.unstructure(v, _PARAMETER_TYPES[name]) for name, v in value}


def _structure_overrides(value: object, _: type) -> Overrides:
    if not isinstance(value, dict):
        raise _expect("an object of parameter values", value)
    values: dict[str, Any] = {}
    errors: list[Exception] = []
    for name, raw in value.items():
        if name not in _PARAMETER_TYPES:
            err: Exception = InvalidInput(
                f"{name!r} is not a parameter; expected one of "
                + ", ".join(_PARAMETER_TYPES)
            )
        else:
            try:
                values[name] = converter.structure(raw, _PARAMETER_TYPES[name])
                continue
            except Exception as exc:  # noqa: BLE001 - collected below
                err = exc
        note = AttributeValidationNote(f"Structuring {name}", name, Overrides)
        err.__notes__ = [*getattr(err, "__notes__", []), note]
        errors.append(err)
    if errors:
        raise cattrs.ClassValidationError(
            "while structuring Overrides", errors, Overrides
        )
    return Overrides(**values)


converter.register_unstructure_hook(Overrides, _unstructure_overrides)
converter.register_structure_hook(Overrides, _structure_overrides)


def _pairs_to_dict(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def _dict_to_pairs(value: object, _: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _expect("an object of strings", value)
    return tuple(sorted(value.items()))


attrs.resolve_types(PolicyDocument)
converter.register_unstructure_hook(
    PolicyDocument,
    make_dict_unstructure_fn(
        PolicyDocument,
        converter,
        articles=override(unstruct_hook=_pairs_to_dict),
        assumptions=override(unstruct_hook=_pairs_to_dict),
    ),
)
converter.register_structure_hook(
    PolicyDocument,
    make_dict_structure_fn(
        PolicyDocument,
        converter,
        _cattrs_forbid_extra_keys=True,
        articles=override(struct_hook=_dict_to_pairs),
        assumptions=override(struct_hook=_dict_to_pairs),
    ),
)

# -- events and projects ----------------------------------------------------
_EVENTS: dict[str, type[Event]] = {cls.kind: cls for cls in EVENT_TYPES}


def _event_unstructurer(cls: type[Event]) -> Callable[[Event], dict[str, Any]]:
    attrs.resolve_types(cls)
    inner = make_dict_unstructure_fn(cls, converter)
    kind = cls.kind
    return lambda event: {"type": kind, **inner(event)}


def _event_structurer(cls: type[Event]) -> Callable[[Any, Any], Event]:
    attrs.resolve_types(cls)
    inner = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
    kind = cls.kind

    def structure(value: Any, _: Any) -> Event:
        if not isinstance(value, dict):
            raise _expect(f"a {kind} object", value)
        tag = value.get("type", kind)
        if tag != kind:
            raise InvalidInput(f"expected type {kind!r}, not {tag!r}")
        return inner({k: v for k, v in value.items() if k != "type"}, cls)

    return structure


for _cls in EVENT_TYPES:
    converter.register_unstructure_hook(_cls, _event_unstructurer(_cls))
    converter.register_structure_hook(_cls, _event_structurer(_cls))


def _structure_any_event(value: object, _: type) -> Event:
    if not isinstance(value, dict):
        raise _expect("an event object", value)
    tag = value.get("type")
    if not isinstance(tag, str) or tag not in _EVENTS:
        raise InvalidInput(f"'type' must be one of {', '.join(_EVENTS)}, not {tag!r}")
    return converter.structure(value, _EVENTS[tag])


converter.register_structure_hook(Event, _structure_any_event)
converter.register_unstructure_hook(Event, lambda e: converter.unstructure(e, type(e)))


def _unstructure_project(project: Project) -> dict[str, Any]:
    return {
        "schema": PROJECT_SCHEMA,
        "history": [converter.unstructure(e, type(e)) for e in project.history],
    }


def _history(value: object) -> tuple[Event, ...]:
    if not isinstance(value, dict):
        raise _expect("a project object", value)
    extra = sorted(set(value) - {"schema", "history"})
    if extra:
        raise InvalidInput(f"unexpected field(s) {extra} in a project")
    if value.get("schema") != PROJECT_SCHEMA:
        raise InvalidInput(
            f"'schema' must be {PROJECT_SCHEMA!r}, not {value.get('schema')!r}"
        )
    history = value.get("history")
    if not isinstance(history, list) or not history:
        raise InvalidInput("'history' must be a non-empty list of events")
    try:
        return tuple(_structure_items(history, Event))
    except cattrs.IterableValidationError as exc:
        exc.__notes__ = [
            AttributeValidationNote("Structuring history", "history", Project)
        ]
        raise cattrs.ClassValidationError(
            "while structuring Project", [exc], Project
        ) from None


def _structure_project(value: object, _: type) -> Project:
    return fold(_history(value))


converter.register_unstructure_hook(Project, _unstructure_project)
converter.register_structure_hook(Project, _structure_project)


# -- the public functions ------------------------------------------------------
def _format(exc: BaseException, tp: type | None) -> str:
    if isinstance(exc, InvalidInput):
        return "; ".join(exc.messages)
    return _cattrs_format(exc, tp)


def _as_invalid(exc: Exception) -> InvalidInput:
    if isinstance(exc, cattrs.BaseValidationError):
        return InvalidInput(transform_error(exc, path="$", format_exception=_format))
    if isinstance(exc, InvalidInput):
        return InvalidInput(m if " @ $" in m else f"{m} @ $" for m in exc.messages)
    return InvalidInput(f"{type(exc).__name__}: {exc} @ $")


_STORABLE = (BilingualEnum, Decimal, date, str, int, bool, type(None))


def to_dict(obj: object) -> Any:
    """The JSON-ready form of any public procpolicy value.

    Raises:
        InvalidInput: for a value procpolicy does not know how to store.
    """
    if not (attrs.has(type(obj)) or isinstance(obj, _STORABLE)):
        raise InvalidInput(
            f"to_dict: cannot store a {type(obj).__name__}; it is not a procpolicy value"
        )
    return converter.unstructure(obj, type(obj))


def from_dict(cls: type[T], data: object, *, limits: Limits = DEFAULT_LIMITS) -> T:
    """Rebuild a value of ``cls`` from its `to_dict` form.

    Raises:
        InvalidInput: naming every problem and its path; never another error
            for bad data.
    """
    _check_limits(data, limits)
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        raise _as_invalid(exc) from exc


def load_project(
    data: object, workflow: Workflow | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Project:
    """Load a stored project; with ``workflow``, re-judge every event.

    Raises:
        InvalidInput: for a malformed payload.
        TransitionRefused: when ``workflow`` is given and an event breaks a
            rule (the violations say which).
    """
    _check_limits(data, limits)
    try:
        history = _history(data)
    except Exception as exc:
        raise _as_invalid(exc) from exc
    if workflow is None:
        return fold(history)
    return workflow.replay(history)


def dumps(obj: object, **kwargs: Any) -> str:
    """``json.dumps(to_dict(obj))``, keeping Chinese text readable."""
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(to_dict(obj), **kwargs)


def loads(cls: type[T], text: str | bytes, *, limits: Limits = DEFAULT_LIMITS) -> T:
    """``from_dict(cls, json.loads(text))``, with JSON errors as `InvalidInput`.

    Raises:
        InvalidInput: for text that is not JSON, or not a valid ``cls``.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"not JSON: {exc} @ $") from None
    return from_dict(cls, data, limits=limits)
