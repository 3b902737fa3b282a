"""The portfolio rule ``method.splitting`` (化整为零): no splitting to dodge a tender.

A purchase at or above the open-tender threshold must be openly tendered
(or another method approved beforehand); splitting it into smaller purchases
to stay below the threshold is banned (Government Procurement Law Art 28;
its implementing regulation, gpl-reg Art 28).  No single project shows it:
the rule is judged over a portfolio (`procpolicy.portfolio.audit`).

The test, as DESIGN.md's second edition states it: the budgeted amounts
(`Budgeted.amount`) of one purchaser (by `Purchaser.name`), one category and
one budget year (the year of `Budgeted.at`) add up to at least the
open-tender threshold in force on a project's `ProcurementStarted` day; then
that `ProcurementStarted`, if it is neither open tendering nor grounded on
`DEVIATION_APPROVED`, is FAILED.
ASSUMED: a group needs at least two projects (one project alone at or above
the threshold is ``method.permitted``'s case, not splitting).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from attrs import frozen

from procpolicy._process.procurement import yuan
from procpolicy._repr import fields_repr
from procpolicy.catalogue import ServiceCategory
from procpolicy.events import Budgeted, Drafted, Event, ProcurementStarted
from procpolicy.labels import Label
from procpolicy.policy import RuleSet
from procpolicy.procurement import Method, MethodGround
from procpolicy.rules import Citation, Provenance, Rule

__all__ = ["METHOD_SPLITTING", "Split", "splits"]

METHOD_SPLITTING = Rule(
    "method.splitting",
    Label("化整为零", "No splitting a purchase to avoid open tendering"),
    Citation(
        "gpl",
        "Art 28; gpl-reg Art 28",
        provenance=Provenance.REPORTED,
        note="REGULATIONS.md gives both articles without marking them confirmed",
    ),
)
"""Judged over a portfolio, not on one project's edge."""

Group = tuple[str, ServiceCategory, int]
"""Purchaser name, category, budget year."""


@frozen(repr=False)
class Split:
    """One `ProcurementStarted` that fails ``method.splitting``, and why."""

    __repr__ = fields_repr

    project_id: str
    index: int
    """The event's place in its history."""
    en: str
    zh: str


def _group(history: tuple[Event, ...]) -> tuple[Group, Decimal] | None:
    drafted = history[0]
    budget = next((e for e in history if type(e) is Budgeted), None)
    if not isinstance(drafted, Drafted) or budget is None:
        return None
    return (drafted.purchaser.name, drafted.category, budget.at.year), budget.amount


def splits(
    histories: Iterable[tuple[Event, ...]], rules_on: Callable[[date], RuleSet]
) -> tuple[Split, ...]:
    """Every procurement start of the portfolio that fails ``method.splitting``."""
    groups: dict[Group, list[tuple[int, tuple[Event, ...], Decimal]]] = defaultdict(
        list
    )
    for number, history in enumerate(histories):
        found = _group(history)
        if found is not None:
            key, amount = found
            groups[key].append((number, history, amount))
    failed: list[Split] = []
    for (buyer, category, year), members in groups.items():
        if len(members) < 2:  # noqa: PLR2004 - ASSUMED: splitting needs two parts
            continue
        total = sum((amount for _, _, amount in members), Decimal(0))
        for _, history, _ in members:
            for index, event in enumerate(history):
                if type(event) is not ProcurementStarted:
                    continue
                if event.method is Method.OPEN_TENDERING or (
                    MethodGround.DEVIATION_APPROVED in event.grounds
                ):
                    continue
                rules = rules_on(event.day)
                threshold = rules.parameters.open_tender_threshold
                if total < threshold:
                    continue
                failed.append(
                    Split(
                        history[0].project_id,  # type: ignore[attr-defined]
                        index,
                        f"{len(members)} purchases of {category} by {buyer} budgeted "
                        f"in {year} add up to {yuan(total)} yuan, at or above the "
                        f"open-tender threshold of {yuan(threshold)} yuan "
                        f"({rules.source('open_tender_threshold')}); buying them by "
                        f"{event.method} without approval splits a tender (化整为零)",
                        f"{buyer}{year}年{category.zh}类{len(members)}个项目预算合计"
                        f"{yuan(total)}元, 达到公开招标数额标准{yuan(threshold)}元, "
                        f"未经批准采用{event.method.zh}, 属化整为零规避公开招标",
                    )
                )
    return tuple(failed)
