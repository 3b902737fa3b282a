"""The decimal validators (`procpolicy._validate.decimal_in`) against their definition.

A decimal is accepted when it is a finite `Decimal` below `MAX_MAGNITUDE` in
size, with at most `MAX_PLACES` decimal places *as written* (its exponent:
``1.0000000000000`` has thirteen), inside the validator's bounds.  The
validator answers the common case in one expression and names the problem
otherwise; these tests hold both paths to that definition.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from procpolicy._validate import (
    HUNDRED,
    MAX_MAGNITUDE,
    MAX_PLACES,
    ZERO,
    decimal_in,
    positive,
)
from procpolicy.errors import InvalidInput


class _Field:
    name = "x"


def accepted(check: Any, value: Decimal) -> bool:
    try:
        check(object(), _Field(), value)
    except InvalidInput:
        return False
    return True


def defined(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    """The definition, written the plain way."""
    return (
        value.is_finite()
        and abs(value) < MAX_MAGNITUDE
        and int(value.as_tuple().exponent) >= -MAX_PLACES
        and (low is None or value >= low)
        and (high is None or value <= high)
    )


BOUNDS = [(None, None), (ZERO, None), (ZERO, HUNDRED), (Decimal(-5), Decimal("2.5"))]
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(places=MAX_PLACES),
    st.decimals(places=MAX_PLACES + 1),
    st.builds(
        Decimal.scaleb,
        st.decimals(allow_nan=False, allow_infinity=False),
        st.integers(-40, 40),
    ),
)


@pytest.mark.parametrize(("low", "high"), BOUNDS, ids=str)
@given(value=DECIMALS)
@example(value=Decimal("999999999999999.999999999999"))
@example(value=Decimal("-999999999999999.999999999999"))
@example(value=Decimal(1000000000000000))
@example(value=Decimal("-1E+15"))
@example(value=Decimal("0.000000000001"))
@example(value=Decimal("0.0000000000001"))
@example(value=Decimal("1.000000000000"))
@example(value=Decimal("1.0000000000000"))
@example(value=Decimal("100.0000000000000"))
@example(value=Decimal("-0"))
@example(value=Decimal("2.50"))
@example(value=Decimal("1E+14"))
def test_the_validator_accepts_exactly_the_defined_decimals(
    low: Decimal | None, high: Decimal | None, value: Decimal
) -> None:
    """Fast path or not, a decimal passes exactly when the definition says so."""
    assert accepted(decimal_in(low, high), value) == defined(value, low, high)
    # ``allow_zero=False`` (`procpolicy._validate.positive`): the same, zero refused.
    assert accepted(decimal_in(low, high, allow_zero=False), value) == (
        defined(value, low, high) and value != ZERO
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("1.0000000000000"), "at most 12 decimal places"),
        (Decimal("1E-13"), "at most 12 decimal places"),
        (Decimal("1E+15"), "must be below 1e+15 in size"),
        (Decimal("-1E+15"), "must be below 1e+15 in size"),
        (Decimal("NaN"), "must be a number, not NaN"),
        (Decimal("-Infinity"), "must be finite"),
        (Decimal("-0.5"), "must be at least 0"),
        (Decimal("100.01"), "must be at most 100"),
    ],
    ids=str,
)
def test_a_refusal_names_its_problem(value: Decimal, message: str) -> None:
    """The slow path says why (bounds of a score: 0 to 100)."""
    with pytest.raises(InvalidInput, match=re.escape(message)):
        decimal_in(ZERO, HUNDRED)(object(), _Field(), value)


@pytest.mark.parametrize("value", [ZERO, Decimal("-0"), Decimal("0.00")], ids=str)
def test_positive_refuses_zero_after_every_other_check(value: Decimal) -> None:
    """`positive` says "above 0" of a zero however written; other problems first."""
    with pytest.raises(InvalidInput, match=r"^_Field\.x: must be above 0$"):
        positive(_Field(), _Field(), value)
    with pytest.raises(InvalidInput, match="at most 12 decimal places"):
        positive(_Field(), _Field(), Decimal("0E-13"))
    with pytest.raises(InvalidInput, match="must be at least 0"):
        positive(_Field(), _Field(), Decimal(-1))


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        (Decimal("Infinity"), True),
        (Decimal("-Infinity"), False),
        (Decimal("12.5"), True),
        (Decimal("0E-13"), False),
        (Decimal("0.000000000000"), True),
    ],
    ids=str,
)
def test_infinity_passes_only_where_allowed(value: Decimal, *, allowed: bool) -> None:
    """``allow_infinity`` (a parameter's "no limit") lets +∞ through, nothing else."""
    assert accepted(decimal_in(ZERO, allow_infinity=True), value) is allowed
