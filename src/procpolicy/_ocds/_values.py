"""OCDS constants and value helpers: amounts, periods, moments, texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from procpolicy.events import (
    CST,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.procurement import Method

Json = dict[str, Any]

VERSION = "1.1"
"""The OCDS version of every package (major.minor)."""
CURRENCY = "CNY"
"""The currency of every amount (closed currency codelist)."""
LANGUAGE = "zh"
"""The default language of every release; English twins carry ``_en``."""

METHODS: Mapping[Method, str] = MappingProxyType(
    {
        Method.OPEN_TENDERING: "open",
        Method.INVITATIONAL_TENDERING: "selective",
        Method.COMPETITIVE_NEGOTIATION: "limited",
        Method.COMPETITIVE_CONSULTATION: "limited",
        Method.REQUEST_FOR_QUOTATIONS: "limited",
        Method.SINGLE_SOURCE: "direct",
        # A purchase under a framework agreement (mof-110) is the second
        # stage: only suppliers admitted in the first stage may take part.
        Method.FRAMEWORK_AGREEMENT: "selective",
    }
)
"""``tender.procurementMethod`` (closed method codelist) of each `Method`."""

DOCUMENT_TYPES: Mapping[DisclosureItem, str] = MappingProxyType(
    {
        DisclosureItem.PROJECT: "plannedProcurementNotice",
        DisclosureItem.CONTENT: "technicalSpecifications",
        DisclosureItem.UNDERTAKER_REQUIREMENTS: "eligibilityCriteria",
        # Performance standards become terms of the contract, not the
        # criteria bids are judged by ("evaluationCriteria" would mislead).
        DisclosureItem.EVALUATION_STANDARDS: "contractSchedule",
    }
)
"""``documentType`` (documentType codelist) of each disclosed item."""

_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[!-~]+")
_WEB = re.compile(r"https?://[!-~]+")
_CENT = Decimal("0.01")
_SEP = "；"
_OMITTED = frozenset({"id", "date", "tag"})  # omitWhenMerged in release-schema
_WHOLE_LIST = frozenset({"additionalIdentifiers", "additionalClassifications"})


# -- values --------------------------------------------------------------------
def _amount(value: Decimal) -> int | float:
    """An amount rounded half up to the fen, as a JSON number.

    procpolicy bounds every amount below 10^15 with at most 12 decimal
    places, so the rounding is exact in the default decimal context; a whole
    amount is an ``int`` (exact), a fractional one a ``float`` (exact up to
    15 significant digits).
    """
    cents = value.quantize(_CENT, ROUND_HALF_UP)
    if cents == cents.to_integral_value():
        return int(cents)
    return float(cents)


def _value(amount: Decimal) -> Json:
    return {"amount": _amount(amount), "currency": CURRENCY}


def _period(start: date, end: date) -> Json:
    return {
        "startDate": datetime.combine(start, time(), CST).isoformat(),
        "endDate": datetime.combine(end, time(23, 59, 59), CST).isoformat(),
        "durationInDays": (end - start).days + 1,
    }


def _moment(value: datetime) -> str:
    aware = value if value.utcoffset() is not None else value.replace(tzinfo=CST)
    return aware.isoformat()


def _texts(name: str, parts: Iterable[tuple[str, str]]) -> Json:
    """``{name: Chinese, name_en: English}`` from (zh, en) pairs; {} for none."""
    pairs = list(parts)
    if not pairs:
        return {}
    return {
        name: _SEP.join(zh for zh, _ in pairs),
        f"{name}_en": "; ".join(en for _, en in pairs),
    }


def _document(doc_id: str, title: tuple[str, str], at: str, **fields: Any) -> Json:
    return {
        "id": doc_id,
        **_texts("title", [title]),
        **fields,
        "datePublished": at,
    }
