"""Scripted Anyang lifecycles shared by the tests (not a test module)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.presets.anyang import STREET_LAMPS

BUYER = pp.Purchaser("安阳市城市管理局", "城管局", pp.PurchaserKind.STATE_ORGAN)
"""A municipal bureau: an eligible purchaser."""
FIRM = pp.Undertaker(
    "安阳洁城环卫有限公司",
    pp.UndertakerKind.ENTERPRISE,
    frozenset(pp.SupplierCondition),
)
"""An enterprise meeting every Art 22 condition."""
TARGETS = (pp.PerformanceTarget("道路保洁达标率 %", Decimal(95)),)


class Cleaning(NamedTuple):
    """The 2015 lifecycle, each event typed by its place."""

    drafted: E.Drafted
    budgeted: E.Budgeted
    disclosed: E.Disclosed
    started: E.ProcurementStarted
    awarded: E.Awarded
    contracted: E.Contracted
    supervised: E.Supervised
    supervised_again: E.Supervised
    evaluated: E.Evaluated
    settled: E.Settled
    closed: E.Closed


class Pilot(NamedTuple):
    """The 2014 pilot up to the award, each event typed by its place."""

    drafted: E.Drafted
    budgeted: E.Budgeted
    disclosed: E.Disclosed
    started: E.ProcurementStarted
    awarded: E.Awarded


def cleaning_2015() -> Cleaning:
    """A 2015 street-cleaning purchase that passes every rule, Drafted to Closed."""
    return Cleaning(
        E.Drafted(
            at=datetime(2015, 2, 2, 9),
            project_id="AY-2015-007",
            title="主城区道路保洁 Street cleaning",
            purchaser=BUYER,
            category=pp.ServiceCategory.MUNICIPAL_SANITATION,
        ),
        E.Budgeted(
            at=datetime(2015, 2, 10, 9),
            amount=Decimal(800_000),
            separate_line=False,
            targets=TARGETS,
            cost_before=Decimal(950_000),
        ),
        E.Disclosed(at=datetime(2015, 2, 12, 9), items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(
            at=datetime(2015, 2, 16, 9), method=pp.Method.COMPETITIVE_CONSULTATION
        ),
        E.Awarded(
            at=datetime(2015, 3, 10, 9),
            undertaker=FIRM,
            amount=Decimal(760_000),
            bidders=3,
        ),
        E.Contracted(
            at=datetime(2015, 3, 20, 9),
            start=date(2015, 4, 1),
            end=date(2016, 3, 31),
            amount=Decimal(760_000),
        ),
        E.Supervised(at=datetime(2015, 5, 1, 9), score=Decimal(88)),
        E.Supervised(at=datetime(2015, 9, 1, 9), score=Decimal(92)),
        E.Evaluated(
            at=datetime(2016, 3, 25, 9),
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(90)
            ),
        ),
        E.Settled(at=datetime(2016, 4, 5, 9), paid=Decimal(760_000)),
        E.Closed(at=datetime(2016, 4, 10, 9)),
    )


def lamps_2014() -> Pilot:
    """The 2014 street-lamp pilot, up to the award (a single catalogue item)."""
    return Pilot(
        E.Drafted(
            at=datetime(2014, 3, 3, 9),
            project_id="AY-2014-001",
            title="市区路灯设施日常维护",
            purchaser=BUYER,
            category=pp.ServiceCategory.MUNICIPAL_SANITATION,
            item=STREET_LAMPS,
        ),
        E.Budgeted(
            at=datetime(2014, 3, 10, 9),
            amount=Decimal(300_000),
            separate_line=False,
            targets=TARGETS,
        ),
        E.Disclosed(at=datetime(2014, 3, 11, 9), items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(
            at=datetime(2014, 3, 12, 9), method=pp.Method.OPEN_TENDERING
        ),
        E.Awarded(
            at=datetime(2014, 4, 10, 9),
            undertaker=FIRM,
            amount=Decimal(280_000),
            bidders=4,
        ),
    )


def upto(events: tuple[E.Event, ...], stage_event: type[E.Event]) -> pp.Project:
    """Fold ``events`` up to and including the first of type ``stage_event``."""
    for index, event in enumerate(events):
        if type(event) is stage_event:
            return pp.project.fold(events[: index + 1])
    msg = f"no {stage_event.__name__} in the lifecycle"
    raise AssertionError(msg)


def after(event: E.Event, days: int = 1) -> datetime:
    """A moment ``days`` after ``event``."""
    return event.at + timedelta(days=days)
