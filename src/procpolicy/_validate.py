"""attrs validators and converters that fail with `InvalidInput`.

attrs' own validators raise `TypeError`; procpolicy promises `InvalidInput`
(a `ValueError`) naming the field, so these replace them. Each message starts
with ``Class.field:`` so a caller knows where to look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Context, Decimal, InvalidOperation, Rounded
from typing import Any, Final, TypeVar, cast

from procpolicy.errors import InvalidInput

__all__ = [
    "CST",
    "EARLIEST_DAY",
    "HUNDRED",
    "LATEST_DAY",
    "MAX_MAGNITUDE",
    "MAX_PLACES",
    "ONE",
    "ZERO",
    "day_in_domain",
    "decimal_in",
    "frozen_set",
    "instance",
    "moment_in_domain",
    "money",
    "non_empty_str",
    "optional",
    "positive",
    "ratio",
    "score",
    "set_of",
    "to_decimal",
    "to_optional_decimal",
    "to_tuple",
    "tuple_of",
    "whole",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
MAX_MAGNITUDE = Decimal(10) ** 15
"""No finite decimal reaches this (a thousand trillion yuan, far above any budget).

With at most `MAX_PLACES` decimal places, every accepted number has at most
27 digits, so all arithmetic stays exact in the default 28-digit context and
no message formats an absurdly long number.
"""
MAX_PLACES = 12
"""Decimal places a number may carry (money needs 2, scores 2, ratios a few)."""
_QUANTUM: Final = Decimal(1).scaleb(-MAX_PLACES)
_LARGEST: Final = MAX_MAGNITUDE - _QUANTUM
"""The largest size a decimal with `MAX_PLACES` places has below `MAX_MAGNITUDE`."""
_WITHIN_PLACES: Final = Context(prec=28, traps=[Rounded, InvalidOperation])
"""Quantizing a nonzero number to `MAX_PLACES` places in this context raises
exactly when it has more places as written (trailing zeros too: ``Rounded``
is signalled when any digit is dropped): the test of the places without
``as_tuple``, whose named tuple is built in Python (two thirds of the check)."""

EARLIEST_DAY: Final = date(1949, 10, 1)
"""The first day procpolicy accepts: the founding of the People's Republic.

No rule of China's purchase of government services is older; the whole
policy system dates from 2013.  ``docs/security.md`` defends the domain.
"""
LATEST_DAY: Final = date(2199, 12, 31)
"""The last day procpolicy accepts: two centuries of room for contracts.

With every date inside the domain and every term or deadline parameter
bounded (99 years, 36 500 days, 1188 months), each date the guards compute
lies before the year 2500, far inside Python's calendar (which ends in 9999).
"""
_DOMAIN_TEXT: Final = f"{EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}"
_EARLIEST_MOMENT: Final = datetime.combine(EARLIEST_DAY, time())
_AFTER_LATEST_MOMENT: Final = datetime.combine(LATEST_DAY + timedelta(days=1), time())
"""Naive bounds of the domain (a naive moment's day is its own date)."""
_CST_OFFSET: Final = timedelta(hours=8)
CST: Final = timezone(_CST_OFFSET, "CST")
"""China Standard Time (``procpolicy.events.CST``), defined here for the bounds."""
_EARLIEST_CST: Final = _EARLIEST_MOMENT.replace(tzinfo=CST)
_AFTER_LATEST_CST: Final = _AFTER_LATEST_MOMENT.replace(tzinfo=CST)
"""The same bounds in China Standard Time.  Two moments with the very same
``tzinfo`` object compare by their fields, as naive ones do: no offset is
computed."""
_MARGIN: Final = timedelta(days=2)
"""More than any UTC offset (under a day) plus China's (8 hours) can shift a date."""

T = TypeVar("T")
Validator = Callable[[Any, Any, Any], None]


def _fail(inst: object, attribute: Any, problem: str) -> InvalidInput:
    return InvalidInput(f"{type(inst).__name__}.{attribute.name}: {problem}")


def _kind(value: object) -> str:
    return type(value).__name__


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert ints and decimal strings to `Decimal`; leave anything else.

    Floats are *not* converted: binary fractions cannot hold cents exactly,
    so the validator that follows rejects them with a clear message.
    """
    if type(value) is Decimal:  # the common case first
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            pass
    return cast("Decimal", value)


def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """`to_decimal`, letting ``None`` through."""
    return None if value is None else to_decimal(value)


# Tuples of classes for `isinstance`, built once (a union ``list | set`` is
# built anew each time it is evaluated).
_TO_TUPLE: Final = (list, set, frozenset)
_TO_SET: Final = (set, list, tuple)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert a list or set to a `tuple`; leave the rest for the validator.

    Typed, unlike ``converter=tuple``, whose ``Iterable[_T_co]`` mypy's attrs
    plugin cannot bind (``Budgeted(targets=(...))`` failed type checking).
    """
    if type(value) is tuple:  # the common case, one test
        return value
    if isinstance(value, _TO_TUPLE):
        return tuple(value)
    return cast("tuple[Any, ...]", value)


def frozen_set(value: Iterable[Any]) -> frozenset[Any]:
    """Convert a set, list or tuple to a `frozenset`; leave anything else."""
    if type(value) is frozenset:  # the common case, one test
        return value
    if isinstance(value, _TO_SET):
        try:
            return frozenset(value)
        except TypeError:
            pass
    return cast("frozenset[Any]", value)


def non_empty_str(inst: object, attribute: Any, value: Any) -> None:
    """Require a string with some non-blank text."""
    if type(value) is str and value and not value.isspace():
        return  # the common case, without building a stripped copy
    if not isinstance(value, str):
        raise _fail(inst, attribute, f"must be a string, not {_kind(value)}")
    if not value.strip():
        raise _fail(inst, attribute, "must not be empty")


def instance(*types: type) -> Validator:
    """Require an instance of one of ``types`` (``bool`` is not an ``int``)."""
    names = " or ".join(t.__name__ for t in types)
    rejects_bool = bool not in types
    rejects_datetime = datetime not in types and date in types
    exact = frozenset(types)
    """A value whose class is one of ``types`` passes at once (one hash look-up);
    only a subclass (a ``bool`` for ``int``, a ``datetime`` for ``date``) is
    tested further."""

    def check(inst: object, attribute: Any, value: Any) -> None:
        if type(value) in exact:
            return
        if not isinstance(value, types) or (rejects_bool and isinstance(value, bool)):
            raise _fail(inst, attribute, f"must be {names}, not {_kind(value)}")
        if rejects_datetime and isinstance(value, datetime):
            raise _fail(inst, attribute, "must be a date, not a datetime")

    return check


def optional(validator: Validator) -> Validator:
    """Let ``None`` through, otherwise apply ``validator``."""

    def check(inst: object, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    return check


def decimal_in(  # noqa: C901 - a fast path, then the checks that name the problem
    low: Decimal | None = None,
    high: Decimal | None = None,
    *,
    allow_infinity: bool = False,
    allow_zero: bool = True,
) -> Validator:
    """Require a `Decimal` within ``[low, high]`` (NaN always refused).

    With ``allow_zero=False`` zero is refused too (`positive`).
    """
    # The common case in one test: a finite, nonzero Decimal inside the
    # bounds, which are cut to `_LARGEST` (no number with few places lies
    # between it and the magnitude), and with few places.  Anything else takes
    # the checks below, which name the problem.
    least = -_LARGEST if low is None else max(low, -_LARGEST)
    most = _LARGEST if high is None else min(high, _LARGEST)

    def check(inst: object, attribute: Any, value: Any) -> None:  # noqa: C901
        # A zero takes the checks below: dropping digits of nothing (``0E-13``
        # to twelve places) signals nothing.
        if (
            type(value) is Decimal
            and value.is_finite()
            and value
            and least <= value <= most
        ):
            try:
                value.quantize(_QUANTUM, None, _WITHIN_PLACES)
            except ArithmeticError:
                pass  # more places than allowed: said below
            else:
                return
        if not isinstance(value, Decimal):
            hint = " (use Decimal or a string like '12.50')" * isinstance(value, float)
            raise _fail(inst, attribute, f"must be a Decimal, not {_kind(value)}{hint}")
        if value.is_nan():
            raise _fail(inst, attribute, "must be a number, not NaN")
        if value.is_infinite():
            if not (allow_infinity and value > 0):
                raise _fail(inst, attribute, f"must be finite, not {value}")
        elif abs(value) >= MAX_MAGNITUDE:
            raise _fail(
                inst,
                attribute,
                f"must be below {MAX_MAGNITUDE:.0e} in size, not {value:.3e}",
            )
        elif value.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
            raise _fail(
                inst, attribute, f"must have at most {MAX_PLACES} decimal places"
            )
        if low is not None and value < low:
            raise _fail(inst, attribute, f"must be at least {low}, got {value}")
        if high is not None and value > high:
            raise _fail(inst, attribute, f"must be at most {high}, got {value}")
        if not allow_zero and value == ZERO:
            raise _fail(inst, attribute, f"must be above {ZERO}")

    return check


money = decimal_in(ZERO)
"""A sum of money in yuan: a finite, non-negative `Decimal`."""
positive = decimal_in(ZERO, allow_zero=False)
"""A sum of money above zero (a budget, a supplement)."""
score = decimal_in(ZERO, HUNDRED)
"""A score on the 0–100 scale."""
ratio = decimal_in(ZERO, ONE)
"""A ratio in [0, 1]."""


def whole(low: int = 0, high: int | None = None) -> Validator:
    """Require an ``int`` (not a ``bool``) of at least ``low`` (at most ``high``)."""

    def check(inst: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _fail(inst, attribute, f"must be an int, not {_kind(value)}")
        if value < low:
            raise _fail(inst, attribute, f"must be at least {low}, got {value}")
        if high is not None and value > high:
            raise _fail(inst, attribute, f"must be at most {high}, got {value}")

    return check


_is_date = instance(date)


def day_in_domain(inst: object, attribute: Any, value: Any) -> None:
    """Require a `date` (not a `datetime`) from `EARLIEST_DAY` to `LATEST_DAY`.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Period:
        ...     start: date = attrs.field(validator=day_in_domain)
        >>> Period(date(9999, 1, 1))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Period.start: must be between 1949-10-01 ...
    """
    if type(value) is date and EARLIEST_DAY <= value <= LATEST_DAY:
        return
    _is_date(inst, attribute, value)
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise _fail(inst, attribute, f"must be between {_DOMAIN_TEXT}, not {value}")


def moment_in_domain(inst: object, attribute: Any, value: Any) -> None:
    """Require a `datetime` whose day in China Standard Time is in the domain.

    A naive value is read as China Standard Time; an aware one is converted
    to it, so ``9999-12-31 23:00 UTC-5`` (in Beijing, the year 10000) is
    refused here rather than overflowing the conversion.
    """
    if type(value) is datetime:
        zone = value.tzinfo
        # Naive, in `CST` itself (the simulator's moments, and any written
        # with ``tzinfo=CST``), or at a fixed +08:00 (what `to_dict` writes,
        # read back by ``fromisoformat``; ``timezone`` cannot be subclassed
        # and its equality is that of offsets): its own date is its day in
        # China Standard Time.
        if zone is None:
            if _EARLIEST_MOMENT <= value < _AFTER_LATEST_MOMENT:
                return
        elif zone is CST:
            if _EARLIEST_CST <= value < _AFTER_LATEST_CST:
                return
        elif (
            type(zone) is timezone
            and zone == CST
            and EARLIEST_DAY <= value.date() <= LATEST_DAY
        ):
            return
    _moment_checked(inst, attribute, value)


def _moment_checked(inst: object, attribute: Any, value: Any) -> None:
    """`moment_in_domain` for any other value: the checks that name the problem."""
    if not isinstance(value, datetime):
        raise _fail(inst, attribute, f"must be a datetime, not {_kind(value)}")
    day = value.date()
    if EARLIEST_DAY - _MARGIN <= day <= LATEST_DAY + _MARGIN:
        offset = value.utcoffset()
        if offset is not None:
            day = (value.replace(tzinfo=None) - offset + _CST_OFFSET).date()
        if EARLIEST_DAY <= day <= LATEST_DAY:
            return
    raise _fail(
        inst,
        attribute,
        f"must fall between {_DOMAIN_TEXT} in China Standard Time, "
        f"not {value.isoformat()}",
    )


def set_of(member: type) -> Validator:
    """Require a `frozenset` whose members are all ``member``."""

    def check(inst: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, frozenset):
            raise _fail(inst, attribute, f"must be a frozenset, not {_kind(value)}")
        _members(inst, attribute, value, member)

    return check


def tuple_of(member: type) -> Validator:
    """Require a `tuple` whose members are all ``member``."""

    def check(inst: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple):
            raise _fail(inst, attribute, f"must be a tuple, not {_kind(value)}")
        _members(inst, attribute, value, member)

    return check


def _members(
    inst: object, attribute: Any, value: Iterable[object], member: type
) -> None:
    for item in value:
        if not isinstance(item, member):
            raise _fail(
                inst,
                attribute,
                f"members must be {member.__name__}, found {_kind(item)} {item!r}",
            )
