"""What one run shares between its projects: the workflow, the pool, caches.

Mutable, and local to one `run` call: nothing here outlives it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

from attrs import frozen

from procpolicy._repr import fields_repr
from procpolicy.events import CST
from procpolicy.parties import Undertaker
from procpolicy.policy import RuleSet
from procpolicy.workflow import Workflow

from ._model import ProjectTemplate
from ._scenario import Scenario

__all__ = ["Bidder", "Calendar", "Context"]

_TEN = time(10)


@frozen(repr=False)
class Bidder:
    """An undertaker of the pool and the quality it drew."""

    __repr__ = fields_repr

    undertaker: Undertaker
    quality: float


@frozen(repr=False)
class Calendar:
    """The fixed days of one contract year (an assumption, see ASSUMPTIONS)."""

    __repr__ = fields_repr

    drafted: datetime
    budgeted: datetime
    disclosed: datetime
    procured: datetime
    evaluated: datetime
    settled: datetime
    decided: datetime
    first_start: date
    end: date
    latest_start: date
    days: int

    @classmethod
    def of(cls, year: int) -> Calendar:
        # Aware in CST, so each event's ``instant`` is its ``at`` (shared, not copied).
        return cls(
            drafted=datetime(year, 1, 4, 9, tzinfo=CST),
            budgeted=datetime(year, 1, 8, 9, tzinfo=CST),
            disclosed=datetime(year, 1, 12, 9, tzinfo=CST),
            procured=datetime(year, 1, 16, 9, tzinfo=CST),
            evaluated=datetime(year, 12, 20, 9, tzinfo=CST),
            settled=datetime(year, 12, 28, 9, tzinfo=CST),
            decided=datetime(year, 12, 31, 9, tzinfo=CST),
            first_start=date(year, 3, 1),
            end=date(year, 12, 31),
            latest_start=date(year, 12, 1),
            days=(date(year + 1, 1, 1) - date(year, 1, 1)).days,
        )


class Context:
    """One run of a scenario: the workflow, the pool and small caches."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.seed = seed
        self.framework = scenario.framework
        self.workflow = Workflow(scenario.framework)
        self.apply = self.workflow.apply
        lapses = scenario.lapses
        self.p_line = float(lapses.separate_line)
        self.p_targets = float(lapses.targets)
        self.p_evaluator = float(lapses.evaluator)
        self.p_overpay = float(lapses.overpayment)
        self.p_accountable = float(lapses.accountability)
        self.renewal_rate = float(scenario.renewal_rate)
        self.incumbent = float(scenario.incumbent_advantage)
        self.leniency = float(scenario.internal_leniency)
        self.noise = float(scenario.supervision_noise)
        self.external_noise = float(scenario.third_party_noise)
        self.purchasers = {p.department: p for p in scenario.departments}
        self.calendars = {y: Calendar.of(y) for y in scenario.years}
        self.last_year = scenario.years[-1]
        self.candidates: dict[str, tuple[Bidder, ...]] = {}
        self.eligible: dict[tuple[str, int], tuple[Bidder, ...]] = {}
        self.supervision_days: dict[tuple[date, date, int], tuple[datetime, ...]] = {}
        self.scores: dict[str, Decimal] = {}
        """One Decimal per score text: rows and events share them."""

    # -- the run -----------------------------------------------------------------
    def slots(self) -> list[tuple[ProjectTemplate, int, int]]:
        """Every project to start: (template, year, serial), in a fixed order."""
        return [
            (template, year, serial)
            for year in self.scenario.years
            for template in self.scenario.templates
            for serial in range(1, template.projects_starting(year) + 1)
        ]

    def draw_pool(self, rng: random.Random) -> None:
        """Draw the pool's qualities; sort it by the kinds each template admits."""
        pool = [
            Bidder(
                Undertaker(
                    f"u{index}-{kind.kind.name.lower()}-{n:03d}",
                    kind.kind,
                    kind.conditions,
                ),
                kind.quality.sample(rng),
            )
            for index, kind in enumerate(self.scenario.undertakers, start=1)
            for n in range(1, kind.count + 1)
        ]
        self.candidates = {
            t.code: tuple(b for b in pool if b.undertaker.kind in t.kinds)
            for t in self.scenario.templates
        }

    # -- look-ups the years share ------------------------------------------------
    def bidders(self, template: ProjectTemplate, rules: RuleSet) -> tuple[Bidder, ...]:
        """The pool's undertakers of the template's kinds that the rules admit."""
        key = (template.code, id(rules))
        found = self.eligible.get(key)
        if found is None:
            params = rules.parameters
            candidates = self.candidates[template.code]
            found = (
                tuple(
                    b
                    for b in candidates
                    if b.undertaker.kind in params.eligible_undertakers
                    and params.required_conditions <= b.undertaker.conditions
                )
                or candidates
            )  # none admitted: the award is refused, the purchase ends
            self.eligible[key] = found
        return found

    def score(self, value: float) -> Decimal:
        """``value`` clipped to 0–100, to one decimal, as a shared `Decimal`."""
        text = f"{min(100.0, max(0.0, value)):.1f}"
        found = self.scores.get(text)
        if found is None:
            found = self.scores[text] = Decimal(text)
        return found

    def supervisions(
        self, start: date, end: date, interval: int
    ) -> tuple[datetime, ...]:
        """Daily-evaluation days of a period: the 15th, every ``interval`` months."""
        key = (start, end, interval)
        found = self.supervision_days.get(key)
        if found is None:
            months = range(start.month, end.month + 1, interval or 12)
            days = [
                datetime(start.year, m, 15, 10, tzinfo=CST)
                for m in months
                if date(start.year, m, 15) >= start
            ]
            found = tuple(days) or (datetime.combine(end, _TEN, tzinfo=CST),)
            self.supervision_days[key] = found
        return found
