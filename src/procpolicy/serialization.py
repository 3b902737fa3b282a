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
    procpolicy.errors.InvalidInput: expected an int, got a string @ $.max_contract_years

Stored text has one grammar (``docs/security.md``): a decimal is a JSON
numeral in a string (``"12.50"``, ``"-3"``, ``"1E+6"``, ASCII digits, no
negative zero) or ``"Infinity"``; a date is ``YYYY-MM-DD`` and a date-time
ISO 8601's extended format (``2015-06-01T09:00:00+08:00``).  Every message
of a refusal is one the loader means to give; an exception it did not foresee
is reported as an internal error, never by its own text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from types import UnionType
from typing import TYPE_CHECKING, Any, Final, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from attrs import field, frozen
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import transform_error

from procpolicy._repr import fields_repr
from procpolicy._validate import EARLIEST_DAY, LATEST_DAY, whole
from procpolicy.errors import InvalidInput, PolicyInconsistent
from procpolicy.events import EVENT_TYPES, Event
from procpolicy.labels import BilingualEnum
from procpolicy.parameters import Overrides, Parameters
from procpolicy.policy import PolicyDocument
from procpolicy.project import Project, fold
from procpolicy.rules import Judgement, Requirement, RuleResult, Violation

if TYPE_CHECKING:
    from procpolicy.workflow import Workflow

__all__ = [
    "INTERNAL_ERROR",
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


@frozen(kw_only=True, repr=False)
class Limits:
    """Bounds on a payload, checked before it is structured.

    The defaults hold any real framework or project with a wide margin (the
    Anyang framework is about 400 nodes; a ten-event project about 150) and
    refuse a hostile one in milliseconds.  ``docs/security.md`` gives the
    measurements.
    """

    __repr__ = fields_repr

    max_depth: int = field(default=32, validator=whole(1))
    """Deepest nesting of dicts and lists."""
    max_nodes: int = field(default=200_000, validator=whole(1))
    """Most values in all."""
    max_string: int = field(default=10_000, validator=whole(1))
    """Longest string (titles, reasons)."""
    max_number_digits: int = field(default=40, validator=whole(1))
    """Longest numeral, for an int or a decimal string."""


DEFAULT_LIMITS: Final = Limits()
_NUMERAL_CAP: Final = DEFAULT_LIMITS.max_number_digits


_PLAIN = frozenset({bool, float, type(None)})
"""Scalars with nothing to bound (a float is refused later, by type)."""
# For `isinstance`, tuples of classes built once: ``dict | list`` builds a
# union on every evaluation (about 1.8 k instructions on CPython 3.11, three
# times the test itself).
_CONTAINERS: Final = (dict, list, tuple)
_LISTS: Final = (list, tuple)


def _check_limits(data: object, limits: Limits) -> None:  # noqa: C901 - one walk
    """Walk the payload once, without paths; find the path only on failure.

    Only containers go on the stack, and the exact JSON types take a fast
    path with no call per value (``type(child)``, not ``child.__class__``, an
    attribute look-up): the walk costs about a sixth of structuring.
    """
    string_cap, int_cap = limits.max_string, 10**limits.max_number_digits
    depth_cap, node_cap = limits.max_depth, limits.max_nodes

    def scalar(value: object) -> None:
        if isinstance(value, str):
            if len(value) > string_cap:
                where = _locate(data, _same(value))
                raise InvalidInput(
                    f"string of {len(value)} characters exceeds {string_cap} @ {where}"
                )
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and abs(value) >= int_cap
        ):
            raise InvalidInput(f"integer too large @ {_locate(data, _same(value))}")

    if not isinstance(data, _CONTAINERS):
        scalar(data)
        return
    stack: list[tuple[Any, int]] = [(data, 0)]
    nodes = 1
    plain = _PLAIN
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        nodes += len(children)
        if nodes > node_cap:
            raise InvalidInput(f"payload has more than {node_cap} values @ $")
        for child in children:
            kind = type(child)
            if kind is str:
                if len(child) > string_cap:
                    scalar(child)
            elif kind in plain:
                continue
            elif isinstance(child, _CONTAINERS):
                if depth >= depth_cap:
                    where = _locate(data, lambda _, d: d > depth_cap)
                    raise InvalidInput(
                        f"payload nests deeper than {depth_cap} levels @ {where}"
                    )
                stack.append((child, depth + 1))
            else:
                scalar(child)


def _same(target: object) -> Callable[[object, int], bool]:
    return lambda value, _: value is target


def _locate(data: object, found: Callable[[object, int], bool]) -> str:
    """The path of the first value for which ``found(value, depth)`` holds."""
    stack: list[tuple[object, int, str]] = [(data, 0, "$")]
    while stack:
        value, depth, path = stack.pop()
        if found(value, depth):
            return path
        if isinstance(value, dict):
            stack.extend((v, depth + 1, f"{path}.{k}") for k, v in value.items())
        elif isinstance(value, _LISTS):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(value))
    return "$"  # pragma: no cover - only called once a value was found


# -- hooks that need no converter ------------------------------------------
_JSON_KINDS: Final[dict[type, str]] = {
    type(None): "null",
    int: "an integer",
    float: "a floating-point number",
    str: "a string",
    list: "a list",
    tuple: "a list",
    dict: "an object",
}


def _kind(value: object) -> str:
    """What ``value`` is, in JSON's words (``null``, ``a string`` …)."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    return _JSON_KINDS.get(kind) or f"a {kind.__name__}"


def _shown(value: object) -> str:
    """A short string quoted, anything else by its kind: never a long repr."""
    if isinstance(value, str) and len(value) <= _SHOWN:
        return repr(value)
    return _kind(value)


_SHOWN: Final = 40


def _expect(kind: str, value: object) -> InvalidInput:
    return InvalidInput(f"expected {kind}, got {_kind(value)}")


_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
"""A JSON numeral: ASCII digits, no leading zeros, an optional exponent."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""ISO 8601's extended calendar date: ``2015-06-01``."""
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
)
"""ISO 8601's extended date-time, as `datetime.isoformat` writes it.

Seconds, their fraction (to the microsecond) and the offset are optional; an
offset may carry seconds, which Python writes for an offset that is not a
whole number of minutes (ISO 8601 has none).
"""
_DOMAIN = f"{EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
_NAIVE, _AWARE = len("2015-06-01T09:00:00"), len("2015-06-01T09:00:00+08:00")


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


_INFINITY: Final = Decimal("Infinity")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, str):
        # The length check bounds the regular expression and the message.
        if len(value) > _NUMERAL_CAP:
            raise InvalidInput(f"numeral of {len(value)} characters is too long")
        # The form of nearly every stored figure ("760000", "0.50"): unsigned,
        # no exponent, checked without the regular expression (a third of the
        # cost); with at most 40 characters its exponent is within bounds.
        whole, dot, part = value.partition(".")
        if (
            value.isascii()
            and whole.isdigit()
            and (whole[0] != "0" or len(whole) == 1)
            and (part.isdigit() if dot else True)
        ):
            return Decimal(value)
        if _DECIMAL.fullmatch(value) is None:
            if value == "Infinity":
                return _INFINITY
            raise InvalidInput(
                f"{value!r} is not a decimal numeral (ASCII digits like '12.50')"
            )
        number = Decimal(value)
        if number.is_zero() and number.is_signed():
            raise InvalidInput(f"{value!r} is a negative zero; write '0'")
        if abs(number.adjusted()) > _NUMERAL_CAP:
            raise InvalidInput(f"{value!r} has an exponent beyond the numeral limit")
        return number
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise _expect("a decimal string like '12.50'", value)


def _unstructure_decimal(value: Decimal) -> str:
    """``str(value)``, a negative zero written ``0`` (the grammar has no ``-0``)."""
    text = str(value)
    if text[0] == "-" and value.is_zero():
        return str(value.copy_abs())
    return text


def _structure_date(value: object, _: type) -> date:
    if not isinstance(value, str):
        raise _expect("an ISO date string like '2015-06-01'", value)
    try:
        if _DATE.fullmatch(value) is None:
            raise ValueError  # noqa: TRY301 - one refusal for both
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(f"{value!r} is outside the domain of dates, {_DOMAIN}")
    return day


def _structure_datetime(value: object, _: type) -> datetime:
    if not isinstance(value, str):
        raise _expect("an ISO date-time string", value)
    # What `to_dict` writes, naive or with an offset, checked by position: the
    # parser then requires a digit in every other place.
    size = len(value)
    if (
        (size == _NAIVE or (size == _AWARE and value[19] in "+-" and value[22] == ":"))
        and value[10] == "T"
        and value[4] == value[7] == "-"
        and value[13] == value[16] == ":"
        and value.isascii()
    ) or _DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(
        f"{value!r} is not an ISO 8601 date-time like '2015-06-01T09:00:00+08:00'"
    )


def _structure_enum(value: object, cls: type[BilingualEnum]) -> BilingualEnum:
    try:
        return cls._member_map_[value]  # type: ignore[index,return-value]
    except (KeyError, TypeError):
        if not isinstance(value, str):
            raise _expect(f"the name of a {cls.__name__}", value) from None
        return cls.from_name(value)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BilingualEnum)


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _is_frozenset(tp: Any) -> bool:
    return get_origin(tp) is frozenset


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


_UNIONS: Final = (UnionType, Union)
"""The origins of ``X | None`` and of ``Optional[X]``."""


def _is_optional(tp: Any) -> bool:
    """``X | None`` (or ``Optional[X]``) for one class ``X``."""
    args = get_args(tp)
    return (
        get_origin(tp) in _UNIONS
        and len(args) == 2  # noqa: PLR2004 - X and None
        and type(None) in args
    )


def _pairs_to_dict(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def _dict_to_pairs(value: object, _: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _expect("an object of strings", value)
    return tuple(sorted(value.items()))


def _facts(value: object, _: Any) -> tuple[tuple[str, str], ...]:
    """A violation's facts, their order kept.

    An object, as `to_dict` writes them, or ``[name, value]`` pairs, as it
    wrote them before.
    """
    pairs = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(pairs, list) or not all(
        isinstance(p, (list, tuple))
        and len(p) == 2  # noqa: PLR2004 - a pair
        and all(isinstance(s, str) for s in p)
        for p in pairs
    ):
        raise _expect("an object of strings (or a list of [name, value] pairs)", value)
    return tuple((name, text) for name, text in pairs)


def _note(exc: Exception, note: Any) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _pointed(exc: Exception, cls: type, names: Iterable[str]) -> Exception:
    """``exc``, raised by ``cls(...)``, with each ``Cls.field:`` message at its field.

    A class names the field it refuses (``Contracted.at: …``); the loader
    reports it at that field's path (``$.history[6].at``), not the object's.
    cattrs wraps what the class raises in a `cattrs.ClassValidationError`
    without a field; errors it found in a field keep their own path.
    """
    fields = set(names)
    found = exc.exceptions if isinstance(exc, cattrs.ClassValidationError) else [exc]
    errors: list[Exception] = []
    for error in found:
        if not isinstance(error, InvalidInput) or getattr(error, "__notes__", None):
            errors.append(error)
            continue
        for message in error.messages:
            head, dot, rest = message.partition(".")
            name = rest.partition(":")[0]
            if dot and head == cls.__name__ and name in fields:
                note = AttributeValidationNote(f"Structuring {name}", name, cls)
                errors.append(_note(InvalidInput(message), note))
            else:
                errors.append(InvalidInput(message))
    return cattrs.ClassValidationError(f"while structuring {cls.__name__}", errors, cls)


def _an_object(
    cls: type, inner: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """``inner`` for a JSON object only, its refusals pointed at their fields."""
    fields = tuple(a.name for a in attrs.fields(cls))
    what = f"an object for {cls.__name__}"

    def structure(value: Any, tp: Any) -> Any:
        if not isinstance(value, dict):
            raise _expect(what, value)
        try:
            return inner(value, tp)
        except (InvalidInput, cattrs.ClassValidationError) as exc:
            raise _pointed(exc, cls, fields) from None

    return structure


_EVENTS: dict[str, type[Event]] = {cls.kind: cls for cls in EVENT_TYPES}
for _cls in (*EVENT_TYPES, PolicyDocument, Parameters):
    attrs.resolve_types(_cls)
_PARAMETER_TYPES: dict[str, Any] = {a.name: a.type for a in attrs.fields(Parameters)}


# -- the converters ----------------------------------------------------------
def _build(*, detailed: bool) -> cattrs.Converter:  # noqa: C901, PLR0915 - hook table
    """A converter with every procpolicy hook.

    Two are built: a fast one (no detailed validation) for the common case,
    and a detailed one that explains a failure with every path.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    if detailed:
        # Only the detailed converter explains a failure: the fast one needs
        # no check that a value is an object (cattrs fails on it anyway).
        conv.register_structure_hook_factory(
            attrs.has,
            lambda cls: _an_object(cls, conv.gen_structure_attrs_fromdict(cls)),
        )

    def items(
        value: Iterable[Any], member: Any, kinds: tuple[Any, ...] | None = None
    ) -> list[Any]:
        out, errors = [], []
        hook = conv.get_structure_hook(member) if kinds is None else None
        for index, item in enumerate(value):
            kind = member if kinds is None else kinds[index]
            try:
                if hook is None:
                    out.append(conv.structure(item, kind))
                else:
                    out.append(hook(item, kind))
            except Exception as exc:  # noqa: BLE001 - collected, re-raised with paths
                note = IterableValidationNote(
                    f"Structuring @ index {index}", index, kind
                )
                errors.append(_note(exc, note))
        if errors:
            raise cattrs.IterableValidationError(
                "while structuring items", errors, list
            )
        return out

    def unstructure_set(tp: Any) -> Callable[[frozenset[Any]], list[Any]]:
        (member,) = get_args(tp)
        if _is_enum(member):
            # Sets of enum members, most sets: their names sort as they are.
            return lambda value: sorted([v._name_ for v in value])
        hook = conv.get_unstructure_hook(member)
        return lambda value: sorted((hook(v) for v in value), key=_sort_key)

    def structure_set(tp: Any) -> Callable[[Any, Any], frozenset[Any]]:
        (member,) = get_args(tp)
        names = member._member_map_ if _is_enum(member) else None

        def structure(value: Any, _: Any) -> frozenset[Any]:
            if not isinstance(value, _LISTS):
                raise _expect("a list", value)
            if names is not None:
                # Sets of enum members are most sets; a failure is explained below.
                try:
                    return frozenset([names[item] for item in value])
                except (KeyError, TypeError):
                    pass
            return frozenset(items(value, member))

        return structure

    def structure_tuple(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        args = get_args(tp)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, _LISTS):
                raise _expect("a list", value)
            if len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
                return tuple(items(value, args[0]))
            if len(value) != len(args):
                raise InvalidInput(f"expected {len(args)} items, not {len(value)}")
            return tuple(items(value, None, kinds=args))

        return structure

    def structure_optional(tp: Any) -> Callable[[Any, Any], Any]:
        # cattrs' own hook finds the hook of ``X`` on every call; this one
        # finds it once (the same hook, so the same result and the same error).
        (member,) = (a for a in get_args(tp) if a is not type(None))
        hook = conv.get_structure_hook(member)
        return lambda value, _: None if value is None else hook(value, member)

    def unstructure_overrides(value: Overrides) -> dict[str, Any]:
        return {name: conv.unstructure(v, _PARAMETER_TYPES[name]) for name, v in value}

    def structure_overrides(value: object, _: type) -> Overrides:
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
                    values[name] = conv.structure(raw, _PARAMETER_TYPES[name])
                    continue
                except Exception as exc:  # noqa: BLE001 - collected below
                    err = exc
            note = AttributeValidationNote(f"Structuring {name}", name, Overrides)
            errors.append(_note(err, note))
        if errors:
            raise cattrs.ClassValidationError(
                "while structuring Overrides", errors, Overrides
            )
        try:
            return Overrides(**values)
        except InvalidInput as exc:
            raise _pointed(exc, Overrides, values) from None

    def event_unstructurer(cls: type[Event]) -> Callable[[Event], dict[str, Any]]:
        inner = make_dict_unstructure_fn(cls, conv)
        kind = cls.kind
        return lambda event: {"type": kind, **inner(event)}

    def event_structurer(cls: type[Event]) -> Callable[[Any, Any], Event]:
        kind = cls.kind
        if not detailed:
            # The fast converter only has to refuse what the detailed one
            # refuses (a refusal is explained by the detailed one): it checks
            # the keys once, "type" among them, instead of copying the object
            # to drop "type" and letting cattrs build a set of extra keys.
            keys = frozenset({"type", *(a.name for a in attrs.fields(cls) if a.init)})
            fast = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=False)

            def structure_fast(value: Any, _: Any) -> Event:
                if (
                    type(value) is dict
                    and value.keys() <= keys
                    and value.get("type", kind) == kind
                ):
                    return fast(value, cls)
                raise InvalidInput(f"not an object for {kind}")

            return structure_fast
        inner = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _: Any) -> Event:
            fields = dict(value)  # an object: `_an_object` has seen to it
            tag = fields.pop("type", kind)
            if tag != kind:
                raise InvalidInput(f"expected type {kind!r}, not {_shown(tag)}")
            return inner(fields, cls)

        return _an_object(cls, structure)

    def structure_any_event(value: object, _: type) -> Event:
        if not isinstance(value, dict):
            raise _expect("an object for an event", value)
        tag = value.get("type")
        if not isinstance(tag, str) or tag not in _EVENTS:
            raise InvalidInput(
                f"'type' must be one of {', '.join(_EVENTS)}, not {_shown(tag)}"
            )
        cls = _EVENTS[tag]
        return by_kind[tag](value, cls)

    def unstructure_project(project: Project) -> dict[str, Any]:
        return {
            "schema": PROJECT_SCHEMA,
            "history": [conv.unstructure(e, type(e)) for e in project.history],
        }

    def history(value: object) -> tuple[Event, ...]:
        if not isinstance(value, dict):
            raise _expect("an object for Project", value)
        extra = sorted(set(value) - {"schema", "history"})
        if extra:
            raise InvalidInput(f"unexpected field(s) {extra} in a project")
        if value.get("schema") != PROJECT_SCHEMA:
            raise InvalidInput(
                f"'schema' must be {PROJECT_SCHEMA!r}, "
                f"not {_shown(value.get('schema'))}"
            )
        events = value.get("history")
        if not isinstance(events, list) or not events:
            raise InvalidInput("'history' must be a non-empty list of events")
        try:
            return tuple(items(events, Event))
        except cattrs.IterableValidationError as exc:
            exc.__notes__ = [
                AttributeValidationNote("Structuring history", "history", Project)
            ]
            raise cattrs.ClassValidationError(
                "while structuring Project", [exc], Project
            ) from None

    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_structure_hook_func(_is_enum, _structure_enum)
    conv.register_unstructure_hook_func(_is_enum, lambda m: m._name_)
    conv.register_unstructure_hook_factory(_is_frozenset, unstructure_set)
    conv.register_structure_hook_factory(_is_frozenset, structure_set)
    conv.register_structure_hook_factory(_is_tuple, structure_tuple)
    conv.register_structure_hook_factory(_is_optional, structure_optional)
    conv.register_unstructure_hook(Overrides, unstructure_overrides)
    conv.register_structure_hook(Overrides, structure_overrides)
    conv.register_unstructure_hook(
        PolicyDocument,
        make_dict_unstructure_fn(
            PolicyDocument,
            conv,
            articles=override(unstruct_hook=_pairs_to_dict),
            assumptions=override(unstruct_hook=_pairs_to_dict),
        ),
    )
    document = make_dict_structure_fn(
        PolicyDocument,
        conv,
        _cattrs_forbid_extra_keys=True,
        articles=override(struct_hook=_dict_to_pairs),
        assumptions=override(struct_hook=_dict_to_pairs),
    )
    conv.register_structure_hook(
        PolicyDocument, _an_object(PolicyDocument, document) if detailed else document
    )
    by_kind: dict[str, Callable[[Any, Any], Event]] = {}
    for cls in EVENT_TYPES:
        by_kind[cls.kind] = event_structurer(cls)
        conv.register_unstructure_hook(cls, event_unstructurer(cls))
        conv.register_structure_hook(cls, by_kind[cls.kind])
    conv.register_structure_hook(Event, structure_any_event)
    conv.register_unstructure_hook(Event, lambda e: conv.unstructure(e, type(e)))
    # Facts are (name, value) pairs in the rule's order; JSON gets an object.
    for outcome in (Violation, RuleResult, Requirement):
        conv.register_unstructure_hook(
            outcome,
            make_dict_unstructure_fn(
                outcome, conv, facts=override(unstruct_hook=_pairs_to_dict)
            ),
        )
        with_facts = make_dict_structure_fn(
            outcome,
            conv,
            _cattrs_forbid_extra_keys=True,
            facts=override(struct_hook=_facts),
        )
        conv.register_structure_hook(
            outcome, _an_object(outcome, with_facts) if detailed else with_facts
        )
    # A judgement's event is typed `object` (procpolicy.rules sits below the
    # events); it is stored and read as any event is.
    conv.register_unstructure_hook(
        Judgement,
        make_dict_unstructure_fn(
            Judgement,
            conv,
            event=override(unstruct_hook=conv.get_unstructure_hook(Event)),
        ),
    )
    judgement = make_dict_structure_fn(
        Judgement,
        conv,
        _cattrs_forbid_extra_keys=True,
        event=override(struct_hook=structure_any_event),
    )
    conv.register_structure_hook(
        Judgement, _an_object(Judgement, judgement) if detailed else judgement
    )
    conv.register_unstructure_hook(Project, unstructure_project)
    conv.register_structure_hook(Project, lambda value, _: fold(history(value)))
    conv.register_structure_hook(_History, lambda value, _: _History(history(value)))
    return conv


@frozen(repr=False)
class _History:
    """A project payload's events, structured but not folded (for `load_project`)."""

    __repr__ = fields_repr

    events: tuple[Event, ...]


converter = _build(detailed=True)
"""The converter that explains failures with every path.

It is the reference; `from_dict` first tries a twin built without cattrs'
detailed validation, which is faster, and asks this one only to explain a
failure.  Register hooks for your own types on a copy.
"""
_FAST = _build(detailed=False)


# -- the public functions ------------------------------------------------------
INTERNAL_ERROR: Final = "could not be read: an internal error of procpolicy"
"""The message of a failure the loader did not foresee (a bug to report).

It never quotes the exception: the loader's messages are its own refusals.
"""


def _format(exc: BaseException, _: type | None) -> str:
    """The message of one refusal, without its path."""
    if isinstance(exc, InvalidInput):
        return "; ".join(exc.messages)
    if isinstance(exc, PolicyInconsistent):
        # A framework that cannot stand (two documents with one id): its own words.
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"extra fields found ({', '.join(sorted(exc.extra_fields))})"
    if type(exc) is KeyError:
        # cattrs reads each field as ``data[name]``; only a missing one fails so.
        return "required field missing"
    return INTERNAL_ERROR


def _as_invalid(exc: Exception) -> InvalidInput:
    if isinstance(exc, cattrs.BaseValidationError):
        return InvalidInput(transform_error(exc, path="$", format_exception=_format))
    if isinstance(exc, InvalidInput):
        return InvalidInput(m if " @ $" in m else f"{m} @ $" for m in exc.messages)
    return InvalidInput(f"{_format(exc, None)} @ $")


_STORABLE = (Project, BilingualEnum, Decimal, date, str, int, bool, type(None))


def to_dict(obj: object) -> Any:
    """The JSON-ready form of any public procpolicy value.

    Raises:
        InvalidInput: for a value procpolicy does not know how to store.
    """
    if not (attrs.has(type(obj)) or isinstance(obj, _STORABLE)):
        raise InvalidInput(
            f"to_dict: cannot store a {type(obj).__name__}; "
            "it is not a procpolicy value"
        )
    return _FAST.unstructure(obj, type(obj))


def from_dict(cls: type[T], data: object, *, limits: Limits = DEFAULT_LIMITS) -> T:
    """Rebuild a value of ``cls`` from its `to_dict` form.

    Raises:
        InvalidInput: naming every problem and its path; never another error
            for bad data.
    """
    _check_limits(data, limits)
    try:
        return _FAST.structure(data, cls)
    except Exception:  # noqa: BLE001 - explained by the detailed converter below
        return _explained(data, cls)


def _explained(data: object, cls: type[T]) -> T:
    """Structure with every check reported, raising `InvalidInput` with the paths."""
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
    history = from_dict(_History, data, limits=limits).events
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
    except json.JSONDecodeError as exc:
        problem = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start})"
    except RecursionError:
        problem = "nested too deeply for the parser"
    except ValueError:
        # The only other refusal of the parser: an integer past the interpreter's
        # limit on digits (4300 by default).
        problem = "an integer with too many digits"
    else:
        return from_dict(cls, data, limits=limits)
    raise InvalidInput(f"not JSON: {problem} @ $")
