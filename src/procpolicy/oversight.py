"""一落实 — follow-through: supervision, inspection and accountability.

Anyang put purchase of services into the government's responsibility-target
assessment of departments (政府责任目标考核体系), held joint meetings
(联席会议) and applied "花钱必问效, 无效必问责": every yuan spent is asked for
its effect, and no effect means someone answers for it.

The records of oversight, each naming the `Role` that performs it:

* `Inspection` (督导检查): a supervision department (监督部门保障,
  `Role.SUPERVISION`) inspects a department, with findings and the projects
  concerned;
* `JointMeeting` (联席会议): the leading group (`Role.GOVERNMENT`, 政府统一领导)
  convenes the departments, with its decisions;
* `ServiceBudgetLine` (部门预算中的服务项目): a service line of a department's
  annual budget, bought from social forces or kept in house.  The article's
  principle "凡适合社会力量承担的服务项目，原则上都要向社会购买" (what social
  forces can do is in principle bought from them) makes a line listed in the
  catalogue and not bought an oversight finding; the functional department
  (`Role.FUNCTIONAL`) must act on it.

`assess_departments` turns projects and these records into one frozen
`DepartmentAssessment` per department: projects, money budgeted, contracted,
paid and withheld, scores and grades, disclosure, missing evaluations,
accountability cases, the finance department's before/after comparisons
(加强资金管理: a service that cost more than before without a reason shows
here), inspections and their findings, the joint meetings attended, the
catalogue lines kept in house, and a responsibility-target score.  Every
figure names the records behind it (`DepartmentAssessment.sources`).

The responsibility-target score is an **assumption** (ASSUMED: the article
gives no formula): 100 points split by `TargetWeights` — by default 30 for
disclosure compliance, 25 for evaluations done, 15 for the share of
evaluated projects graded 良 or better, 10 for poor results with someone
named accountable, 10 for cost comparisons that need no explanation and 10
for the share of catalogue service lines bought from social forces.  A part
with nothing to measure earns its full points.  Inspections and joint
meetings are counted, not scored (ASSUMED: an inspection's findings are the
inspector's judgement, not a measure).  Override the weights to test other
schemes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, Final

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import (
    ONE,
    ZERO,
    day_in_domain,
    decimal_in,
    frozen_set,
    instance,
    money,
    non_empty_str,
    optional,
    set_of,
    to_decimal,
    to_tuple,
    tuple_of,
    whole,
)
from procpolicy.catalogue import CatalogueItem, ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import round_score
from procpolicy.events import Closed, Contracted, Renewed, Settled
from procpolicy.labels import Label
from procpolicy.parameters import Grade
from procpolicy.parties import Role
from procpolicy.policy import RuleSet
from procpolicy.project import Project

__all__ = [
    "FIGURES",
    "DepartmentAssessment",
    "Inspection",
    "JointMeeting",
    "OversightReport",
    "ServiceBudgetLine",
    "TargetWeights",
    "assess_departments",
]

_SHARE = Decimal("0.0001")


def _share(part: int, whole: int) -> Decimal:
    if whole == 0:
        return ONE
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE, ROUND_HALF_UP)


def _names(inst: object, attribute: Any, value: Any) -> None:
    """Non-empty strings, each once (ids, department names)."""
    tuple_of(str)(inst, attribute, value)
    for name in value:
        non_empty_str(inst, attribute, name)
    twice = sorted({n for n in value if value.count(n) > 1})
    if twice:
        raise InvalidInput(
            f"{type(inst).__name__}.{attribute.name}: {', '.join(map(repr, twice))} "
            "named twice; name each once"
        )


def _name_set(inst: object, attribute: Any, value: Any) -> None:
    set_of(str)(inst, attribute, value)
    for name in value:
        non_empty_str(inst, attribute, name)


# -- the records ----------------------------------------------------------------
@frozen(kw_only=True, repr=False)
class Inspection:
    """A supervision department inspects a department (督导检查).

    ``findings`` are the inspector's, in Chinese and English; ``project_ids``
    the projects they concern.  Performed by `Role.SUPERVISION`
    (监督部门保障).

    Examples:
        >>> check = Inspection(id="督查-2016-01", at=date(2016, 11, 15),
        ...     inspector="审计局", department="城管局",
        ...     findings=[Label("路灯项目未公开考评标准",
        ...                     "Street-lamp project: standards not published")],
        ...     project_ids=["AY-2016-003"])
        >>> check.role.name, len(check.findings)
        ('SUPERVISION', 1)
        >>> Inspection(id="x", at=date(2016, 1, 4), inspector="审计局",
        ...            department="审计局")
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Inspection.inspector: ... inspects itself; ...
    """

    __repr__ = fields_repr

    role: ClassVar[Role] = Role.SUPERVISION
    """Who inspects: the supervision departments."""

    id: str = field(validator=non_empty_str)
    """Unique among the inspections assessed together."""
    at: date = field(validator=day_in_domain)
    inspector: str = field(validator=non_empty_str)
    """The supervision department that inspected (监察, 审计 …)."""
    department: str = field(validator=non_empty_str)
    """The department inspected (a purchaser's ``department``)."""
    findings: tuple[Label, ...] = field(
        default=(), converter=to_tuple, validator=tuple_of(Label)
    )
    """What the inspection found (none: nothing to correct)."""
    project_ids: tuple[str, ...] = field(
        default=(), converter=to_tuple, validator=_names
    )
    """The projects the findings concern."""

    def __attrs_post_init__(self) -> None:
        if self.inspector.strip() == self.department.strip():
            raise InvalidInput(
                f"Inspection.inspector: {self.inspector!r} inspects itself; a "
                "supervision department inspects another department"
            )


@frozen(kw_only=True, repr=False)
class JointMeeting:
    """A joint meeting of the departments (联席会议), with its decisions.

    Convened by the leading group (政府购买服务工作领导小组, `Role.GOVERNMENT`);
    ``departments`` are those present, at least two (ASSUMED: a joint meeting
    joins departments; the article gives no quorum).

    Examples:
        >>> meeting = JointMeeting(id="联席-2016", at=date(2016, 12, 5),
        ...     departments=["财政局", "城管局", "审计局"],
        ...     decisions=[Label("2017年路灯维护继续向社会购买",
        ...                      "Keep buying street-lamp upkeep in 2017")])
        >>> meeting.role.name, sorted(meeting.departments)[0]
        ('GOVERNMENT', '城管局')
        >>> JointMeeting(id="x", at=date(2016, 12, 5), departments=["财政局"])
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: JointMeeting.departments: at least two ...
    """

    __repr__ = fields_repr

    role: ClassVar[Role] = Role.GOVERNMENT
    """Who convenes it: the government's leading group."""

    id: str = field(validator=non_empty_str)
    at: date = field(validator=day_in_domain)
    departments: frozenset[str] = field(converter=frozen_set, validator=_name_set)
    """The departments present."""
    decisions: tuple[Label, ...] = field(
        default=(), converter=to_tuple, validator=tuple_of(Label)
    )

    def __attrs_post_init__(self) -> None:
        if len(self.departments) < 2:  # noqa: PLR2004 - a joint meeting joins two
            raise InvalidInput(
                f"JointMeeting.departments: at least two departments meet jointly, "
                f"got {sorted(self.departments)}"
            )


@frozen(kw_only=True, repr=False)
class ServiceBudgetLine:
    """A service line of a department's annual budget (部门预算), bought or not.

    ``bought`` says whether the service is bought from social forces
    (``project_id`` names the purchase, when known) or kept in house.  A
    line the catalogue lists and the department keeps in house breaks the
    principle "原则上都要向社会购买"; the functional department
    (`Role.FUNCTIONAL`) answers for it.

    Examples:
        >>> line = ServiceBudgetLine(id="2016-城管局-07", department="城管局",
        ...     year=2016, category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     amount=Decimal(900_000), bought=False)
        >>> line.role.name, line.amount
        ('FUNCTIONAL', Decimal('900000'))
        >>> ServiceBudgetLine(id="x", department="城管局", year=2016,
        ...     category=ServiceCategory.MUNICIPAL_SANITATION, amount=1,
        ...     bought=False, project_id="AY-1")
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: ServiceBudgetLine.project_id: ...
    """

    __repr__ = fields_repr

    role: ClassVar[Role] = Role.FUNCTIONAL
    """Who must act on it: the department that draws up its budget."""

    id: str = field(validator=non_empty_str)
    department: str = field(validator=non_empty_str)
    year: int = field(validator=whole(1949, 2199))
    """The budget year."""
    category: ServiceCategory = field(validator=instance(ServiceCategory))
    item: CatalogueItem | None = field(
        default=None, validator=optional(instance(CatalogueItem))
    )
    """The catalogue item, when the line is one listed item."""
    amount: Decimal = field(converter=to_decimal, validator=money)
    bought: bool = field(validator=instance(bool))
    """Bought from social forces (True) or kept in house (False)."""
    project_id: str | None = field(default=None, validator=optional(non_empty_str))
    """The project that buys it, when bought."""

    def __attrs_post_init__(self) -> None:
        if self.item is not None and self.item.category is not self.category:
            raise InvalidInput(
                f"ServiceBudgetLine.item: {self.item.code} is filed under "
                f"{self.item.category.name}, not {self.category.name}"
            )
        if self.project_id is not None and not self.bought:
            raise InvalidInput(
                f"ServiceBudgetLine.project_id: a line kept in house is bought by "
                f"no project; drop {self.project_id!r} or set bought=True"
            )


@frozen(kw_only=True, repr=False)
class TargetWeights:
    """Points of each part of the responsibility-target score (ASSUMED).

    They must add up to 100.  ``money`` weighs the share of cost comparisons
    that need no explanation (加强资金管理); ``principle`` the share of
    catalogue service lines bought from social forces.

    Examples:
        >>> TargetWeights(disclosure=50, evaluation=50, grades=0, accountability=0,
        ...               money=0, principle=0)
        TargetWeights(disclosure=Decimal('50'), ...)
        >>> TargetWeights(disclosure=40)
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: TargetWeights: the points add up to 110, not 100
    """

    __repr__ = fields_repr

    disclosure: Decimal = field(
        default=Decimal(30), converter=to_decimal, validator=decimal_in(ZERO)
    )
    evaluation: Decimal = field(
        default=Decimal(25), converter=to_decimal, validator=decimal_in(ZERO)
    )
    grades: Decimal = field(
        default=Decimal(15), converter=to_decimal, validator=decimal_in(ZERO)
    )
    accountability: Decimal = field(
        default=Decimal(10), converter=to_decimal, validator=decimal_in(ZERO)
    )
    money: Decimal = field(
        default=Decimal(10), converter=to_decimal, validator=decimal_in(ZERO)
    )
    principle: Decimal = field(
        default=Decimal(10), converter=to_decimal, validator=decimal_in(ZERO)
    )

    def __attrs_post_init__(self) -> None:
        total = (
            self.disclosure
            + self.evaluation
            + self.grades
            + self.accountability
            + self.money
            + self.principle
        )
        if total != Decimal(100):
            raise InvalidInput(f"TargetWeights: the points add up to {total}, not 100")


FIGURES: tuple[str, ...] = (
    "projects",
    "procured",
    "disclosed_in_full",
    "graded",
    "evaluations_due",
    "evaluations_missing",
    "poor_results",
    "accountability_cases",
    "cost_compared",
    "cost_unexplained",
    "inspections",
    "inspection_findings",
    "joint_meetings",
    "catalogue_lines",
    "in_house_lines",
)
"""The figures of a `DepartmentAssessment` whose records `sources` names.

The money totals rest on the records of a count: ``budgeted``,
``contracted``, ``paid`` and ``withheld`` on ``projects``; ``cost_before``
and ``cost_after`` on ``cost_compared``; ``in_house_amount`` on
``in_house_lines``.
"""


@frozen(kw_only=True, repr=False)
class DepartmentAssessment:
    """One department's purchase-of-services record (责任目标考核)."""

    __repr__ = fields_repr

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
    cost_compared: int = 0
    """Paid projects whose budget recorded the cost before purchase (加强资金管理)."""
    cost_before: Decimal = ZERO
    """What those services cost before they were bought."""
    cost_after: Decimal = ZERO
    """What their latest payment cost (`Project.cost_comparison`)."""
    cost_unexplained: int = 0
    """Of those, how many cost more than before with no reason recorded."""
    inspections: int = 0
    """Inspections of the department by ``as_of`` (督导检查)."""
    inspection_findings: int = 0
    """Findings of those inspections."""
    joint_meetings: int = 0
    """Joint meetings the department attended by ``as_of`` (联席会议)."""
    catalogue_lines: int = 0
    """Service budget lines whose service the catalogue lists."""
    in_house_lines: int = 0
    """Of those, lines kept in house: findings under "原则上都要向社会购买"."""
    in_house_amount: Decimal = ZERO
    """The money of those lines."""
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each of `FIGURES`, the ids of the records behind it."""

    def grade_count(self, grade: Grade) -> int:
        """How many evaluated projects have ``grade``."""
        return dict(self.grades)[grade]

    def sources(self, figure: str) -> tuple[str, ...]:
        """The ids of the records behind ``figure`` (one of `FIGURES`).

        Project ids for project counts; ``"<project id>@<period start>"`` for
        contract periods; inspection, meeting and budget-line ids for theirs.

        Raises:
            InvalidInput: for a name that is not one of `FIGURES`.
        """
        found = dict(self.evidence)
        if figure not in found:
            raise InvalidInput(
                f"sources: {figure!r} is not a figure with records; "
                f"use one of {', '.join(FIGURES)}"
            )
        return found[figure]

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
                "cost_compared": self.cost_compared,
                "cost_before": self.cost_before,
                "cost_after": self.cost_after,
                "cost_unexplained": self.cost_unexplained,
                "inspections": self.inspections,
                "inspection_findings": self.inspection_findings,
                "joint_meetings": self.joint_meetings,
                "catalogue_lines": self.catalogue_lines,
                "in_house_lines": self.in_house_lines,
                "in_house_amount": self.in_house_amount,
                "target_score": self.target_score,
            }
        )
        return row


@frozen(repr=False)
class OversightReport:
    """The assessment of every department, in name order."""

    __repr__ = fields_repr

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
            InvalidInput: when no project, inspection or budget line names it.
        """
        for assessment in self.departments:
            if assessment.department == name:
                return assessment
        raise InvalidInput(
            f"department {name!r} was not assessed: no project, inspection or "
            "service budget line names it"
        )


def _latest_grade(project: Project, rules: RuleSet) -> tuple[Grade, Decimal] | None:
    if not project.evaluations:
        return None
    total = project.evaluations[-1].evaluation.total
    return rules.grade(total), total


_PERIOD_EVENTS: Final = (Contracted, Renewed)
"""The events that open a contract period (a tuple: built once, unlike a union)."""


def _withheld(project: Project) -> Decimal:
    """Contract amount minus payment, for each period that was settled.

    Each payment is paired with the contract period in force when it was made.
    """
    withheld = ZERO
    period = None
    periods = iter(project.periods)
    for event in project.history:
        if isinstance(event, _PERIOD_EVENTS):
            period = next(periods)
        elif isinstance(event, Settled) and period is not None:
            withheld += max(period.amount - event.paid, ZERO)
    return withheld


def _due(project: Project, as_of: date) -> tuple[list[str], list[str]]:
    """(periods ended by ``as_of``, of which without an evaluation), as ids."""
    due: list[str] = []
    missing: list[str] = []
    periods = project.periods
    evaluated_days = [e.day for e in project.evaluations]
    for index, period in enumerate(periods):
        if period.end > as_of:
            continue
        name = f"{project.id}@{period.start.isoformat()}"
        due.append(name)
        next_start = periods[index + 1].signed if index + 1 < len(periods) else None
        if not any(
            period.signed <= day and (next_start is None or day <= next_start)
            for day in evaluated_days
        ):
            missing.append(name)
    return due, missing


def _named_accountable(project: Project) -> bool:
    closing = project.closing
    return isinstance(closing, Closed) and bool((closing.accountable or "").strip())


def _checked(
    items: tuple[object, ...], kind: type, where: str, *, unique: bool = True
) -> None:
    """Require each item to be a ``kind`` and, with ``unique``, no id twice.

    Projects may share an id: the runs of a simulation, two views of one project.
    """
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidInput(
                f"{where}[{index}]: must be a {kind.__name__}, "
                f"not {type(item).__name__}"
            )
    if not unique:
        return
    ids: list[str] = [getattr(item, "id", "") for item in items]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InvalidInput(
            f"{where}: the id(s) {', '.join(map(repr, twice))} are used twice; "
            "give each record its own id"
        )


def assess_departments(
    projects: Iterable[Project],
    rules: RuleSet,
    *,
    as_of: date | None = None,
    weights: TargetWeights | None = None,
    inspections: Iterable[Inspection] = (),
    joint_meetings: Iterable[JointMeeting] = (),
    budget_lines: Iterable[ServiceBudgetLine] = (),
) -> OversightReport:
    """Assess each department under ``rules`` (一落实).

    Grades use the bands of ``rules`` (the rules of the assessment year);
    disclosure is checked against its ``disclosure_required``, and a budget
    line is "in the catalogue" when ``rules.catalogue`` covers its item (or
    its category).  An evaluation is due for every contract period that
    ended by ``as_of`` (default: the latest day of any project's events,
    inspection or meeting); inspections and meetings after ``as_of``, and
    budget lines of later years, are left out.  Every department named by
    a project, an inspection or a budget line gets a row; a meeting counts
    for the departments present that have one.

    Raises:
        InvalidInput: when an argument holds something of another kind, or
            two records of one kind share an id.

    Examples:
        >>> from procpolicy import presets
        >>> rules = presets.anyang().at(date(2016, 12, 31))
        >>> line = ServiceBudgetLine(id="L1", department="园林局", year=2016,
        ...     category=ServiceCategory.PUBLIC_CULTURE, amount=300_000,
        ...     bought=False)
        >>> check = Inspection(id="I1", at=date(2016, 11, 15), inspector="审计局",
        ...     department="园林局")
        >>> row = assess_departments([], rules, inspections=[check],
        ...     budget_lines=[line]).department("园林局")
        >>> row.inspections, row.in_house_lines, row.sources("in_house_lines")
        (1, 1, ('L1',))
        >>> row.target_score
        Decimal('90.00')
    """
    items = tuple(projects)
    checks = tuple(inspections)
    meetings = tuple(joint_meetings)
    lines = tuple(budget_lines)
    _checked(items, Project, "projects", unique=False)
    _checked(checks, Inspection, "inspections")
    _checked(meetings, JointMeeting, "joint_meetings")
    _checked(lines, ServiceBudgetLine, "budget_lines")
    if as_of is None:
        days = [p.last_event.day for p in items]
        days += [i.at for i in checks] + [m.at for m in meetings]
        as_of = max(days, default=date.min)
    checks = tuple(i for i in checks if i.at <= as_of)
    meetings = tuple(m for m in meetings if m.at <= as_of)
    lines = tuple(line for line in lines if line.year <= as_of.year)
    weights = weights or TargetWeights()
    by_department: dict[str, list[Project]] = {}
    for project in items:
        by_department.setdefault(project.purchaser.department, []).append(project)
    names = set(by_department) | {i.department for i in checks}
    names |= {line.department for line in lines}
    return OversightReport(
        tuple(
            _assess(
                _Records(
                    name,
                    by_department.get(name, []),
                    [i for i in checks if i.department == name],
                    [m for m in meetings if name in m.departments],
                    [line for line in lines if line.department == name],
                ),
                rules,
                as_of,
                weights,
            )
            for name in sorted(names)
        ),
        as_of,
    )


@frozen(repr=False)
class _Records:
    """One department's records."""

    __repr__ = fields_repr

    name: str
    projects: list[Project]
    inspections: list[Inspection]
    meetings: list[JointMeeting]
    lines: list[ServiceBudgetLine]


def _listed(line: ServiceBudgetLine, rules: RuleSet) -> bool:
    return rules.catalogue.covers(line.item if line.item is not None else line.category)


def _assess(
    records: _Records,
    rules: RuleSet,
    as_of: date,
    weights: TargetWeights,
) -> DepartmentAssessment:
    params = rules.parameters
    projects = records.projects
    latest = [(p, _latest_grade(p, rules)) for p in projects]
    graded = [(p, g) for p, g in latest if g is not None]
    counts = dict.fromkeys(Grade, 0)
    for _, (grade, _total) in graded:
        counts[grade] += 1
    procured = [p for p in projects if p.procurement is not None or p.periods]
    in_full = [p for p in procured if params.disclosure_required <= p.disclosed]
    due: list[str] = []
    missing: list[str] = []
    for project in projects:
        d, m = _due(project, as_of)
        due += d
        missing += m
    bar = params.accountability_grade
    poor = [p for p, g in graded if bar is not None and bar.is_at_least(g[0])]
    cases = [p for p in projects if _named_accountable(p)]
    handled = sum(_named_accountable(p) for p in poor)
    good = sum(1 for _, (grade, _total) in graded if grade.is_at_least(Grade.GOOD))
    compared = [(p, c) for p in projects if (c := p.cost_comparison) is not None]
    unexplained = [p for p, c in compared if c.needs_explanation]
    listed = [line for line in records.lines if _listed(line, rules)]
    in_house = [line for line in listed if not line.bought]
    score = (
        weights.disclosure * _share(len(in_full), len(procured))
        + weights.evaluation * _share(len(due) - len(missing), len(due))
        + weights.grades * _share(good, len(graded))
        + weights.accountability * _share(handled, len(poor))
        + weights.money * _share(len(compared) - len(unexplained), len(compared))
        + weights.principle * _share(len(listed) - len(in_house), len(listed))
    )
    average = (
        round_score(sum((g[1] for _, g in graded), ZERO) / len(graded))
        if graded
        else None
    )

    def ids(found: Iterable[Project]) -> tuple[str, ...]:
        return tuple(p.id for p in found)

    evidence = {
        "projects": ids(projects),
        "procured": ids(procured),
        "disclosed_in_full": ids(in_full),
        "graded": ids(p for p, _ in graded),
        "evaluations_due": tuple(due),
        "evaluations_missing": tuple(missing),
        "poor_results": ids(poor),
        "accountability_cases": ids(cases),
        "cost_compared": ids(p for p, _ in compared),
        "cost_unexplained": ids(unexplained),
        "inspections": tuple(i.id for i in records.inspections),
        "inspection_findings": tuple(
            i.id for i in records.inspections for _ in i.findings
        ),
        "joint_meetings": tuple(m.id for m in records.meetings),
        "catalogue_lines": tuple(line.id for line in listed),
        "in_house_lines": tuple(line.id for line in in_house),
    }
    return DepartmentAssessment(
        department=records.name,
        projects=len(projects),
        budgeted=sum((p.budgeted for p in projects), ZERO),
        contracted=sum((p.contracted for p in projects), ZERO),
        paid=sum((p.paid for p in projects), ZERO),
        withheld=sum((_withheld(p) for p in projects), ZERO),
        average_score=average,
        grades=tuple((grade, counts[grade]) for grade in Grade),
        procured=len(procured),
        disclosed_in_full=len(in_full),
        evaluations_due=len(due),
        evaluations_missing=len(missing),
        poor_results=len(poor),
        accountability_cases=len(cases),
        target_score=round_score(score),
        cost_compared=len(compared),
        cost_before=sum((c.before for _, c in compared), ZERO),
        cost_after=sum((c.after for _, c in compared), ZERO),
        cost_unexplained=len(unexplained),
        inspections=len(records.inspections),
        inspection_findings=len(evidence["inspection_findings"]),
        joint_meetings=len(records.meetings),
        catalogue_lines=len(listed),
        in_house_lines=len(in_house),
        in_house_amount=sum((line.amount for line in in_house), ZERO),
        evidence=tuple((name, evidence[name]) for name in FIGURES),
    )
