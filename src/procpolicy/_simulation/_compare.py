"""`compare`: what differs between two results, year by year."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from procpolicy._repr import fields_repr
from procpolicy.procurement import Method

from ._result import (
    METRICS,
    SimulationResult,
    Summary,
    identity,
    method_metric,
    rule_key,
)
from ._tables import html_table, text_table

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["Comparison", "Difference", "compare"]


@frozen(repr=False)
class Difference:
    """One metric of one year that differs between two results."""

    __repr__ = fields_repr

    year: int
    metric: str
    """A name of `METRICS`, ``mean_days_to_contract``, ``method[METHOD]`` (the
    method mix: contracts procured with that method) or ``refusals[rule id]``."""
    before: int | Decimal
    after: int | Decimal

    @property
    def change(self) -> int | Decimal:
        """``after − before``."""
        return self.after - self.before

    def __str__(self) -> str:
        return (
            f"{self.year} {self.metric}: {self.before} → {self.after} ({self.change:+})"
        )


@frozen(repr=False)
class Comparison:
    """The differences between two results, year by year (`compare`)."""

    __repr__ = fields_repr

    differences: tuple[Difference, ...]

    def __len__(self) -> int:
        return len(self.differences)

    def of(self, metric: str) -> tuple[Difference, ...]:
        """The differences of one metric, year by year."""
        return tuple(d for d in self.differences if d.metric == metric)

    def records(self, *, exact: bool = False) -> list[dict[str, Any]]:
        """Plain rows: year, metric, before, after, change."""
        money: Callable[[Decimal], Any] = identity if exact else float

        def plain(value: int | Decimal) -> Any:
            return money(value) if isinstance(value, Decimal) else value

        return [
            {
                "year": d.year,
                "metric": d.metric,
                "before": plain(d.before),
                "after": plain(d.after),
                "change": plain(d.change),
            }
            for d in self.differences
        ]

    def table(self) -> str:
        """The differences as text, one line each."""
        if not self.differences:
            return "no differences"
        return text_table(
            _COMPARE_HEADERS, [_difference_cells(d) for d in self.differences]
        )

    def __str__(self) -> str:
        return self.table()

    def to_frame(self) -> DataFrame:
        """The differences as a pandas DataFrame (the ``pandas`` extra).

        Columns ``year`` (``int64``), ``metric`` (text), ``before``,
        ``after`` and ``change`` (``float64``: counts and yuan alike).

        Raises:
            ImportError: when pandas is not installed.
        """
        from procpolicy._frames import TEXT, frame  # noqa: PLC0415 - optional

        columns = {"year": "int64", "metric": TEXT}
        columns |= dict.fromkeys(("before", "after", "change"), "float64")
        return frame(self.records(), columns)

    def _repr_html_(self) -> str:
        return html_table(
            f"{len(self.differences)} difference(s) (money in 万元: 10 000 yuan)",
            _COMPARE_HEADERS,
            [_difference_html_cells(d) for d in self.differences],
        )


_COMPARE_HEADERS = ("year", "metric", "before", "after", "change")


def _difference_cells(d: Difference) -> tuple[str, ...]:
    return (str(d.year), d.metric, str(d.before), str(d.after), f"{d.change:+}")


_MONEY_METRICS = frozenset(
    ("cost_before", "contracted", "paid", "withheld", "fees", "spend", "savings")
)


def _difference_html_cells(d: Difference) -> tuple[str, ...]:
    """The cells of the HTML table: money in 万元, like the result table."""
    if d.metric not in _MONEY_METRICS:
        return _difference_cells(d)
    before, after, change = (Decimal(v) / 10_000 for v in (d.before, d.after, d.change))
    return (
        str(d.year),
        f"{d.metric} 万元",
        f"{before:,.1f}",
        f"{after:,.1f}",
        f"{change:+,.1f}",
    )


def compare(before: SimulationResult, after: SimulationResult) -> Comparison:
    """Every metric, method count and refusal count that differs, year by year.

    Per year: each of `METRICS`, then ``mean_days_to_contract`` (days from
    disclosure to contract, on average, when both years procured a
    contract), the method mix ``method[…]`` (contracts procured with each
    method, in `Method` order), and ``refusals[rule id]``.

    Run the same scenario and seed under two frameworks (`Scenario.with_framework`)
    and the rows pair up: the same projects, undertakers and noise, so what
    differs is what the rules changed.

    Examples:
        >>> from procpolicy.simulation import anyang_rollout, run
        >>> scenario = anyang_rollout().with_years([2014])
        >>> len(compare(run(scenario, 1), run(scenario, 1)))
        0
    """
    years_before = {int(s.key): s for s in before.by_year()}
    years_after = {int(s.key): s for s in after.by_year()}
    found: list[Difference] = []
    for year in sorted(years_before.keys() | years_after.keys()):
        a = years_before.get(year) or Summary(key=year)
        b = years_after.get(year) or Summary(key=year)
        found += [
            Difference(year, name, a.metric(name), b.metric(name))
            for name in METRICS
            if a.metric(name) != b.metric(name)
        ]
        days_a, days_b = a.mean_days_to_contract, b.mean_days_to_contract
        if days_a is not None and days_b is not None and days_a != days_b:
            found.append(Difference(year, "mean_days_to_contract", days_a, days_b))
        found += [
            Difference(year, method_metric(m), n_a, n_b)
            for m in Method
            if (n_a := a.method_count(m)) != (n_b := b.method_count(m))
        ]
        rules_a = dict(before.refusals(year))
        rules_b = dict(after.refusals(year))
        found += [
            Difference(year, f"refusals[{rule_id}]", n_a, n_b)
            for rule_id in sorted(rules_a.keys() | rules_b.keys(), key=rule_key)
            if (n_a := rules_a.get(rule_id, 0)) != (n_b := rules_b.get(rule_id, 0))
        ]
    return Comparison(tuple(found))
