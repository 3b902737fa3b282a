"""一落实 — follow-through: supervision, inspection and accountability.

Anyang put purchase of services into the government's responsibility-target
assessment of departments (政府责任目标考核体系), held joint meetings
(联席会议) and applied "花钱必问效, 无效必问责": every yuan spent is asked for
its effect, and no effect means someone answers for it.

`assess_departments` turns a set of projects into one frozen record per
department (the purchaser's ``department``): projects, money budgeted,
contracted, paid and withheld, scores and grades, disclosure compliance,
missing evaluations and accountability cases, and a responsibility-target
score.

The responsibility-target score is an **assumption** (the article gives no
formula): 100 points split by `TargetWeights` — by default 40 for disclosure
compliance, 30 for evaluations done, 20 for the share of evaluated projects
graded 良 or better, and 10 for poor results with someone named accountable.
A part with nothing to measure (no procurement yet, no evaluation due, no
poor result) earns its full points.  Override the weights to test other
schemes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from attrs import field, frozen

from procpolicy._validate import ONE, ZERO, decimal_in, instance, to_decimal, tuple_of
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import round_score
from procpolicy.events import Closed, Contracted, Renewed, Settled
from procpolicy.parameters import Grade
from procpolicy.policy import RuleSet
from procpolicy.project import Project

__all__ = [
    "DepartmentAssessment",
    "OversightReport",
    "TargetWeights",
    "assess_departments",
]

_SHARE = Decimal("0.0001")


def _share(part: int, whole: int) -> Decimal:
    if whole == 0:
        return ONE
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE, ROUND_HALF_UP)


@frozen(kw_only=True)
class TargetWeights:
    """Points of each part of the responsibility-target score (an assumption).

    They must add up to 100.

    Examples:
        >>> TargetWeights(disclosure=50, evaluation=50, grades=0, accountability=0)
        TargetWeights(disclosure=Decimal('50'), ...)
        >>> TargetWeights(disclosure=50)
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: TargetWeights: the points add up to 110, not 100
    """

    disclosure: Decimal = field(
        default=Decimal(40), converter=to_decimal, validator=decimal_in(ZERO)
    )
    evaluation: Decimal = field(
        default=Decimal(30), converter=to_decimal, validator=decimal_in(ZERO)
    )
    grades: Decimal = field(
        default=Decimal(20), converter=to_decimal, validator=decimal_in(ZERO)
    )
    accountability: Decimal = field(
        default=Decimal(10), converter=to_decimal, validator=decimal_in(ZERO)
    )

    def __attrs_post_init__(self) -> None:
        total = self.disclosure + self.evaluation + self.grades + self.accountability
        if total != Decimal(100):
            raise InvalidInput(f"TargetWeights: the points add up to {total}, not 100")


@frozen(kw_only=True)
class DepartmentAssessment:
    """One department's purchase-of-services record (责任目标考核)."""

    department: str
    projects: int
    budgeted: Decimal
    contracted: Decimal
    paid: Decimal
    withheld: Decimal
    """Contract amounts of settled periods not paid (cut by the grade)."""
    average_score: Decimal | None
    """Mean of the latest evaluation total of each evaluated project."""
    grades: tuple[tuple[Grade, int], ...]
    """How many evaluated projects have each grade (latest evaluation), best first."""
    procured: int
    """Projects that started procurement."""
    disclosed_in_full: int
    """Of those, how many published everything the rules require."""
    evaluations_due: int
    """Contract periods ended by ``as_of``."""
    evaluations_missing: int
    """Of those, how many have no evaluation."""
    poor_results: int
    """Projects whose latest grade is at or below the accountability grade."""
    accountability_cases: int
    """Closed projects that named someone accountable."""
    target_score: Decimal
    """The responsibility-target score, 0–100 (see `TargetWeights`)."""

    def grade_count(self, grade: Grade) -> int:
        """How many evaluated projects have ``grade``."""
        return dict(self.grades)[grade]

    def record(self) -> dict[str, Any]:
        """A plain row for a table (Decimals kept exact; grades by name)."""
        row: dict[str, Any] = {
            "department": self.department,
            "projects": self.projects,
            "budgeted": self.budgeted,
            "contracted": self.contracted,
            "paid": self.paid,
            "withheld": self.withheld,
            "average_score": self.average_score,
        }
        row.update({f"grade_{g.name.lower()}": n for g, n in self.grades})
        row.update(
            {
                "procured": self.procured,
                "disclosed_in_full": self.disclosed_in_full,
                "evaluations_due": self.evaluations_due,
                "evaluations_missing": self.evaluations_missing,
                "poor_results": self.poor_results,
                "accountability_cases": self.accountability_cases,
                "target_score": self.target_score,
            }
        )
        return row


@frozen
class OversightReport:
    """The assessment of every department, in name order."""

    departments: tuple[DepartmentAssessment, ...] = field(
        validator=tuple_of(DepartmentAssessment)
    )
    as_of: date = field(validator=instance(date))

    def records(self) -> list[dict[str, Any]]:
        """One plain row per department (pandas can take them directly)."""
        return [d.record() for d in self.departments]

    def department(self, name: str) -> DepartmentAssessment:
        """The assessment of department ``name``.

        Raises:
            InvalidInput: when no project belongs to it.
        """
        for assessment in self.departments:
            if assessment.department == name:
                return assessment
        raise InvalidInput(f"no project of department {name!r} was assessed")


def _latest_grade(project: Project, rules: RuleSet) -> tuple[Grade, Decimal] | None:
    if not project.evaluations:
        return None
    total = project.evaluations[-1].evaluation.total
    return rules.grade(total), total


def _withheld(project: Project) -> Decimal:
    """Contract amount minus payment, for each period that was settled.

    Each payment is paired with the contract period in force when it was made.
    """
    withheld = ZERO
    period = None
    periods = iter(project.periods)
    for event in project.history:
        if isinstance(event, Contracted | Renewed):
            period = next(periods)
        elif isinstance(event, Settled) and period is not None:
            withheld += max(period.amount - event.paid, ZERO)
    return withheld


def _due(project: Project, as_of: date) -> tuple[int, int]:
    """(periods ended by ``as_of``, of which without an evaluation)."""
    due = missing = 0
    periods = project.periods
    evaluated_days = [e.day for e in project.evaluations]
    for index, period in enumerate(periods):
        if period.end > as_of:
            continue
        due += 1
        next_start = periods[index + 1].signed if index + 1 < len(periods) else None
        if not any(
            period.signed <= day and (next_start is None or day <= next_start)
            for day in evaluated_days
        ):
            missing += 1
    return due, missing


def _named_accountable(project: Project) -> bool:
    closing = project.closing
    return isinstance(closing, Closed) and bool((closing.accountable or "").strip())


def assess_departments(
    projects: Iterable[Project],
    rules: RuleSet,
    *,
    as_of: date | None = None,
    weights: TargetWeights | None = None,
) -> OversightReport:
    """Assess each purchasing department under ``rules`` (一落实).

    Grades use the bands of ``rules`` (the rules of the assessment year);
    disclosure is checked against its ``disclosure_required``.  An evaluation
    is due for every contract period that ended by ``as_of`` (default: the
    day of the latest event of any project).

    Raises:
        InvalidInput: when ``projects`` holds something that is not a Project.
    """
    items = tuple(projects)
    for index, project in enumerate(items):
        if not isinstance(project, Project):
            raise InvalidInput(
                f"projects[{index}]: must be a Project, not {type(project).__name__}"
            )
    if as_of is None:
        as_of = max((p.last_event.day for p in items), default=date.min)
    weights = weights or TargetWeights()
    by_department: dict[str, list[Project]] = {}
    for project in items:
        by_department.setdefault(project.purchaser.department, []).append(project)
    return OversightReport(
        tuple(
            _assess(name, by_department[name], rules, as_of, weights)
            for name in sorted(by_department)
        ),
        as_of,
    )


def _assess(
    name: str,
    projects: list[Project],
    rules: RuleSet,
    as_of: date,
    weights: TargetWeights,
) -> DepartmentAssessment:
    params = rules.parameters
    latest = [(p, _latest_grade(p, rules)) for p in projects]
    graded = [g for _, g in latest if g is not None]
    counts = dict.fromkeys(Grade, 0)
    for grade, _ in graded:
        counts[grade] += 1
    procured = [p for p in projects if p.procurement is not None or p.periods]
    in_full = sum(params.disclosure_required <= p.disclosed for p in procured)
    due = missing = 0
    for project in projects:
        d, m = _due(project, as_of)
        due, missing = due + d, missing + m
    line = params.accountability_grade
    poor = [
        p
        for p, g in latest
        if g is not None and line is not None and line.is_at_least(g[0])
    ]
    cases = sum(_named_accountable(p) for p in projects)
    handled = sum(_named_accountable(p) for p in poor)
    good = sum(1 for grade, _ in graded if grade.is_at_least(Grade.GOOD))
    score = (
        weights.disclosure * _share(in_full, len(procured))
        + weights.evaluation * _share(due - missing, due)
        + weights.grades * _share(good, len(graded))
        + weights.accountability * _share(handled, len(poor))
    )
    average = (
        round_score(sum((t for _, t in graded), ZERO) / len(graded)) if graded else None
    )
    return DepartmentAssessment(
        department=name,
        projects=len(projects),
        budgeted=sum((p.budgeted for p in projects), ZERO),
        contracted=sum((p.contracted for p in projects), ZERO),
        paid=sum((p.paid for p in projects), ZERO),
        withheld=sum((_withheld(p) for p in projects), ZERO),
        average_score=average,
        grades=tuple((grade, counts[grade]) for grade in Grade),
        procured=len(procured),
        disclosed_in_full=in_full,
        evaluations_due=due,
        evaluations_missing=missing,
        poor_results=len(poor),
        accountability_cases=cases,
        target_score=round_score(score),
    )
