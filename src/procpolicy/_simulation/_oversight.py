"""一落实 in a simulated rollout: inspections, joint meetings, budget lines.

The article says that supervision departments inspect (督导检查), that joint
meetings are held (联席会议) and that what social forces can do is in
principle bought from them (原则上都要向社会购买); it gives no schedule and no
figure.  So every choice below is ASSUMED, and each rests on a `Scenario`
field (`procpolicy.simulation.ASSUMPTIONS`):

* every department with a project that year is inspected
  ``inspections_per_year`` times by ``inspector``, on the last day of evenly
  spaced months ending in December; the year's last inspection, on 31
  December, reviews the year and records its refusals as findings (one per
  rule, with the projects concerned);
* the leading group convenes ``joint_meetings_per_year`` joint meetings on the
  5th of evenly spaced months ending in December, attended by every
  department of the scenario and the inspector;
* each project-year with a contract is a service line of the department's
  budget bought from social forces; beside it, with chance
  ``in_house_share``, the department kept a like service in house (drawn from
  a generator seeded by the run's seed, the project and the year, so the
  rows and their draws are untouched).

All three are derived again from a result's rows and its scenario, so a
result stays as it was and `run_many` gives the same records whatever the
executor.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

from procpolicy.labels import Label
from procpolicy.oversight import Inspection, JointMeeting, ServiceBudgetLine

from ._result import ProjectYear, rule_key
from ._scenario import Scenario

__all__ = ["budget_lines", "inspections", "joint_meetings", "months"]


def months(per_year: int) -> tuple[int, ...]:
    """Evenly spaced months of ``per_year`` acts, the last in December.

    Examples:
        >>> months(1), months(4), months(0)
        ((12,), (3, 6, 9, 12), ())
    """
    return tuple(12 * (index + 1) // per_year for index in range(per_year))


def _month_end(year: int, month: int) -> date:
    """The last day of ``month`` of ``year``."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def inspections(
    scenario: Scenario, rows: Iterable[ProjectYear]
) -> tuple[Inspection, ...]:
    """The inspections of each department active in a year, run by run."""
    groups: dict[tuple[int, int, str], list[ProjectYear]] = {}
    for row in rows:
        groups.setdefault((row.seed, row.year, row.department), []).append(row)
    found: list[Inspection] = []
    schedule = months(scenario.inspections_per_year)
    for (seed, year, department), mine in groups.items():
        for index, month in enumerate(schedule, start=1):
            last = index == len(schedule)
            findings, concerned = _findings(mine) if last else ((), ())
            found.append(
                Inspection(
                    id=f"督查-{seed}-{year}-{department}-{index}",
                    at=_month_end(year, month),
                    inspector=scenario.inspector,
                    department=department,
                    findings=findings,
                    project_ids=concerned,
                )
            )
    return tuple(found)


def _findings(
    rows: list[ProjectYear],
) -> tuple[tuple[Label, ...], tuple[str, ...]]:
    counts: dict[str, int] = {}
    concerned: list[str] = []
    for row in rows:
        for rule_id in row.refusals:
            counts[rule_id] = counts.get(rule_id, 0) + 1
        if row.refusals and row.project_id not in concerned:
            concerned.append(row.project_id)
    findings = tuple(
        Label(
            f"{rule_id}: 被拒{n}次, 已整改", f"{rule_id}: refused {n} time(s), mended"
        )
        for rule_id, n in sorted(counts.items(), key=lambda pair: rule_key(pair[0]))
    )
    return findings, tuple(concerned)


def joint_meetings(
    scenario: Scenario, seeds: Iterable[int], years: Iterable[int]
) -> tuple[JointMeeting, ...]:
    """The joint meetings of each year, run by run."""
    present = frozenset(p.department for p in scenario.departments)
    present |= {scenario.inspector}
    schedule = months(scenario.joint_meetings_per_year)
    return tuple(
        JointMeeting(
            id=f"联席-{seed}-{year}-{index}",
            at=date(year, month, 5),
            departments=present,
            decisions=(
                Label(
                    f"研究解决{year}年政府购买服务中的问题",
                    f"Resolve the problems of purchase of services in {year}",
                ),
            ),
        )
        for seed in seeds
        for year in years
        for index, month in enumerate(schedule, start=1)
    )


def budget_lines(
    scenario: Scenario, rows: Iterable[ProjectYear]
) -> tuple[ServiceBudgetLine, ...]:
    """The service lines of each department's budget: bought, or kept in house."""
    found: list[ServiceBudgetLine] = []
    share = float(scenario.in_house_share)
    for row in rows:
        if row.cancelled or not row.contracted:
            continue
        key = f"{row.seed}/{row.project_id}/{row.year}"
        found.append(
            ServiceBudgetLine(
                id=key,
                department=row.department,
                year=row.year,
                category=row.category,
                amount=row.contracted,
                bought=True,
                project_id=row.project_id,
            )
        )
        draw = random.Random(f"{key}/in-house").random()  # noqa: S311 - seeded
        if draw < share:
            found.append(
                ServiceBudgetLine(
                    id=f"{key}/in-house",
                    department=row.department,
                    year=row.year,
                    category=row.category,
                    amount=row.cost_before or row.contracted,
                    bought=False,
                )
            )
    return tuple(found)
