"""What a run returns: one row per project-year, summaries, comparisons.

Money is exact (`Decimal`) on the values; ``records()`` and ``as_dict()``
give plain rows with floats for analysis (pandas, plotting) unless
``exact=True``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy.catalogue import ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import Evaluator
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parameters import Grade
from procpolicy.parties import UndertakerKind
from procpolicy.procurement import Method
from procpolicy.rules import RULES

from ._scenario import Scenario
from ._tables import html_table, text_table

if TYPE_CHECKING:
    from datetime import date

    from pandas import DataFrame

    from procpolicy.events import Event
    from procpolicy.oversight import (
        Inspection,
        JointMeeting,
        OversightReport,
        ServiceBudgetLine,
        TargetWeights,
    )

__all__ = [
    "METRICS",
    "Origin",
    "ProjectYear",
    "SimulationResult",
    "Summary",
    "combine",
    "identity",
    "rule_key",
]

_ZERO = Decimal(0)
_RATE = Decimal("0.0001")
_TENTH = Decimal("0.1")
_RULE_ORDER = {rule_id: i for i, rule_id in enumerate(RULES.ids())}


class Origin(BilingualEnum):
    """How a project-year's contract period came about."""

    NEW = Label("新立项目", "New project")
    RENEWED = Label("续约", "Renewed")
    RETENDERED = Label("再次招评标", "Tendered again")


@frozen(kw_only=True, repr=False)
class ProjectYear:
    """One project in one contract year: what was bought, judged and paid.

    Built by `procpolicy.simulation.run`.  ``cost_before`` is what the
    service cost before it was bought, for the months of this year's
    contract; ``withheld``, ``spend`` and ``savings`` follow from the fields.
    """

    __repr__ = fields_repr

    seed: int
    year: int
    project_id: str
    department: str
    category: ServiceCategory
    origin: Origin
    method: Method | None = None
    days_to_contract: int | None = None
    """Days from disclosure (or the re-tender) to the contract signed this year;
    None when no contract was procured (a renewal, a cancelled purchase)."""
    undertaker: str | None = None
    undertaker_kind: UndertakerKind | None = None
    supervisions: int = 0
    """Daily evaluations (日常考评) recorded in the period."""
    evaluator: Evaluator | None = None
    score: Decimal | None = None
    """The evaluation's total (0–100)."""
    grade: Grade | None = None
    cost_before: Decimal = _ZERO
    contracted: Decimal = _ZERO
    paid: Decimal = _ZERO
    fee: Decimal = _ZERO
    """What a third-party evaluation cost."""
    cancelled: bool = False
    """The purchase was called off this year (a refusal it could not mend)."""
    closed: bool = False
    accountable: bool = False
    """Closed with someone held accountable (无效必问责)."""
    refusals: tuple[str, ...] = ()
    """The rule ids of every refusal met this year, in order."""

    @property
    def withheld(self) -> Decimal:
        """Contracted but not paid: the grade's payment cut."""
        return self.contracted - self.paid

    @property
    def spend(self) -> Decimal:
        """Paid to the undertaker plus the third party's fee."""
        return self.paid + self.fee

    @property
    def savings(self) -> Decimal:
        """Cost before purchase less spend (negative when buying costs more)."""
        return self.cost_before - self.spend

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The keys of `as_dict`, in order (a CSV header)."""
        return _COLUMNS

    def as_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """A plain row: enums by name, money as float (Decimal when ``exact``)."""
        money: Callable[[Decimal], Any] = identity if exact else float
        return {
            "seed": self.seed,
            "year": self.year,
            "project_id": self.project_id,
            "department": self.department,
            "category": self.category.name,
            "origin": self.origin.name,
            "method": _name(self.method),
            "days_to_contract": self.days_to_contract,
            "undertaker": self.undertaker,
            "undertaker_kind": _name(self.undertaker_kind),
            "supervisions": self.supervisions,
            "evaluator": _name(self.evaluator),
            "score": None if self.score is None else money(self.score),
            "grade": _name(self.grade),
            "cost_before": money(self.cost_before),
            "contracted": money(self.contracted),
            "paid": money(self.paid),
            "withheld": money(self.withheld),
            "fee": money(self.fee),
            "spend": money(self.spend),
            "savings": money(self.savings),
            "cancelled": self.cancelled,
            "closed": self.closed,
            "accountable": self.accountable,
            "refusals": len(self.refusals),
            "refused_rules": ";".join(self.refusals),
        }


_COLUMNS = (
    "seed",
    "year",
    "project_id",
    "department",
    "category",
    "origin",
    "method",
    "days_to_contract",
    "undertaker",
    "undertaker_kind",
    "supervisions",
    "evaluator",
    "score",
    "grade",
    "cost_before",
    "contracted",
    "paid",
    "withheld",
    "fee",
    "spend",
    "savings",
    "cancelled",
    "closed",
    "accountable",
    "refusals",
    "refused_rules",
)


def identity(value: Decimal) -> Decimal:
    """The value itself (the exact money of ``as_dict(exact=True)``)."""
    return value


def _name(member: BilingualEnum | None) -> str | None:
    return None if member is None else member.name


@frozen(kw_only=True, repr=False)
class Summary:
    """Totals over a group of project-years (a year, a department, a run).

    Examples:
        >>> from decimal import Decimal
        >>> Summary(key=2015, cost_before=Decimal(100), paid=Decimal(80)).savings
        Decimal('20')
    """

    __repr__ = fields_repr

    key: int | str
    group: str = field(default="key", eq=False)
    """What ``key`` is, the name of its column in `as_dict`: ``year``
    (`SimulationResult.by_year`), ``department`` (`by_department`)."""
    project_years: int = 0
    new: int = 0
    renewals: int = 0
    retenders: int = 0
    cancelled: int = 0
    closures: int = 0
    accountability: int = 0
    """Closures with someone held accountable."""
    third_party: int = 0
    """Evaluations by a third party."""
    excellent: int = 0
    good: int = 0
    fair: int = 0
    poor: int = 0
    cost_before: Decimal = _ZERO
    contracted: Decimal = _ZERO
    paid: Decimal = _ZERO
    fees: Decimal = _ZERO
    refusals: int = 0
    procured: int = 0
    """Contracts procured (new or tendered again), by any method."""
    days_to_contract: int = 0
    """Days from disclosure to contract, added up over the contracts procured."""
    methods: tuple[tuple[Method, int], ...] = ()
    """The method mix: contracts procured per method, in `Method` order (methods
    used only)."""

    @property
    def mean_days_to_contract(self) -> Decimal | None:
        """Days from disclosure to contract, on average, to a tenth (None for none).

        Examples:
            >>> Summary(key=2016, procured=3, days_to_contract=80).mean_days_to_contract
            Decimal('26.7')
        """
        if not self.procured:
            return None
        mean = Decimal(self.days_to_contract) / self.procured
        return mean.quantize(_TENTH, ROUND_HALF_UP)

    def method_count(self, method: Method) -> int:
        """Contracts procured with ``method``.

        Examples:
            >>> mix = Summary(key=2016, methods=((Method.OPEN_TENDERING, 4),))
            >>> mix.method_count(Method.OPEN_TENDERING)
            4
            >>> mix.method_count(Method.SINGLE_SOURCE)
            0
        """
        return next((n for m, n in self.methods if m is method), 0)

    @property
    def withheld(self) -> Decimal:
        """Contracted but not paid."""
        return self.contracted - self.paid

    @property
    def spend(self) -> Decimal:
        """Paid plus third-party fees."""
        return self.paid + self.fees

    @property
    def savings(self) -> Decimal:
        """Cost before purchase less spend."""
        return self.cost_before - self.spend

    @property
    def savings_rate(self) -> Decimal | None:
        """Savings as a share of the cost before, to four places (None for 0)."""
        if not self.cost_before:
            return None
        return (self.savings / self.cost_before).quantize(_RATE, ROUND_HALF_UP)

    def metric(self, name: str) -> int | Decimal:
        """The value of metric ``name`` (one of `METRICS`).

        Raises:
            InvalidInput: for an unknown metric.
        """
        if name not in METRICS:
            raise InvalidInput(f"metric: {name!r} is not one of {', '.join(METRICS)}")
        value: int | Decimal = getattr(self, name)
        return value

    def as_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """A plain row of every metric (money as float unless ``exact``)."""
        money: Callable[[Decimal], Any] = identity if exact else float
        row: dict[str, Any] = {self.group: self.key, "key": self.key}
        for name in METRICS:
            value = getattr(self, name)
            row[name] = money(value) if isinstance(value, Decimal) else value
        rate = self.savings_rate
        row["savings_rate"] = None if rate is None else money(rate)
        days = self.mean_days_to_contract
        row["mean_days_to_contract"] = None if days is None else money(days)
        for method in Method:
            row[method_metric(method)] = self.method_count(method)
        return row


METRICS: tuple[str, ...] = (
    "project_years",
    "new",
    "renewals",
    "retenders",
    "cancelled",
    "closures",
    "accountability",
    "third_party",
    "excellent",
    "good",
    "fair",
    "poor",
    "cost_before",
    "contracted",
    "paid",
    "withheld",
    "fees",
    "spend",
    "savings",
    "refusals",
    "procured",
    "days_to_contract",
)
"""The metrics of a `Summary`, in table order."""


def method_metric(method: Method) -> str:
    """The name of the method-mix metric of ``method`` (``method[OPEN_TENDERING]``)."""
    return f"method[{method.name}]"


_MONEY = ("cost_before", "contracted", "paid", "withheld", "fees", "spend", "savings")
_COUNTS = tuple(name for name in METRICS if name not in _MONEY)
_ORIGIN_METRIC = {Origin.NEW: "new", Origin.RENEWED: "renewals"}
_GRADE_METRIC = {
    Grade.EXCELLENT: "excellent",
    Grade.GOOD: "good",
    Grade.FAIR: "fair",
    Grade.POOR: "poor",
}


def summarize(
    key: int | str, rows: Iterable[ProjectYear], group: str = "key"
) -> Summary:
    """Totals of ``rows`` as a `Summary` keyed ``key`` (a ``group``: year …)."""
    counts = dict.fromkeys(_COUNTS, 0)
    cost_before = contracted = paid = fees = _ZERO
    mix = dict.fromkeys(Method, 0)
    for row in rows:
        counts["project_years"] += 1
        counts[_ORIGIN_METRIC.get(row.origin, "retenders")] += 1
        counts["cancelled"] += row.cancelled
        counts["closures"] += row.closed
        counts["accountability"] += row.accountable
        counts["third_party"] += row.evaluator is Evaluator.THIRD_PARTY
        if row.grade is not None:
            counts[_GRADE_METRIC[row.grade]] += 1
        counts["refusals"] += len(row.refusals)
        if row.days_to_contract is not None:
            counts["procured"] += 1
            counts["days_to_contract"] += row.days_to_contract
            mix[row.method] += 1  # type: ignore[index]  # a contract has a method
        cost_before += row.cost_before
        contracted += row.contracted
        paid += row.paid
        fees += row.fee
    return Summary(
        key=key,
        group=group,
        cost_before=cost_before,
        contracted=contracted,
        paid=paid,
        fees=fees,
        methods=tuple((m, n) for m, n in mix.items() if n),
        **counts,
    )


def _count_rules(rows: Iterable[ProjectYear]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for row in rows:
        for rule_id in row.refusals:
            counts[rule_id] = counts.get(rule_id, 0) + 1
    return tuple(sorted(counts.items(), key=lambda pair: rule_key(pair[0])))


def rule_key(rule_id: str) -> tuple[int, str]:
    """Sort key of a rule id: registry order, unknown ids last."""
    return _RULE_ORDER.get(rule_id, len(RULES)), rule_id


@frozen(kw_only=True, repr=False)
class SimulationResult:
    """The project-years of one run, or of several put together (`combine`).

    Examples:
        >>> from procpolicy.simulation import anyang_rollout, run
        >>> result = run(anyang_rollout().with_years(range(2014, 2016)), seed=1)
        >>> [s.key for s in result.by_year()]
        [2014, 2015]
        >>> result.records()[0]["project_id"]
        'lamps-2014-001'
    """

    __repr__ = fields_repr

    seeds: tuple[int, ...]
    """The seed of each run whose rows these are."""
    years: tuple[int, ...]
    rows: tuple[ProjectYear, ...]
    """One per project and contract year, run by run, project by project."""
    scenario: Scenario | None = field(default=None, eq=False, repr=False)
    """The scenario run (None when unknown): `histories` re-derives from it."""

    def histories(self) -> tuple[tuple[Event, ...], ...]:
        """One history per simulated project, run by run, in the order of the rows.

        Each is the project's history as recorded: renewals and re-tenders
        in it, every refused attempt left out (the purchaser mended it), so
        each replays cleanly through ``Workflow(scenario.framework)``.  The
        simulation is deterministic, so the histories are derived again
        from the scenario and the seeds rather than kept: a result stays as
        small as its rows, and this costs about one more run.

        Raises:
            InvalidInput: for a result that does not know its scenario (built
                by hand, or `combine`-d from runs of different scenarios).

        Examples:
            >>> from procpolicy import Workflow
            >>> from procpolicy.simulation import anyang_rollout, run
            >>> scenario = anyang_rollout().with_years([2014])
            >>> histories = run(scenario, seed=1).histories()
            >>> len(histories), type(histories[0][0]).__name__
            (5, 'Drafted')
            >>> wf = Workflow(scenario.framework)
            >>> all(wf.replay(h).history == h for h in histories)
            True
        """
        if self.scenario is None:
            raise InvalidInput(
                "histories: this result does not know its scenario (built by hand, "
                "or combined from runs of different scenarios); run the scenario "
                "again, or combine runs of one scenario"
            )
        from ._engine import histories  # noqa: PLC0415 - the engine imports this module

        return tuple(h for seed in self.seeds for h in histories(self.scenario, seed))

    def _oversight_scenario(self, what: str) -> Scenario:
        if self.scenario is None:
            raise InvalidInput(
                f"{what}: this result does not know its scenario, whose schedule of "
                "oversight it follows; run the scenario again, or combine runs of "
                "one scenario"
            )
        return self.scenario

    def inspections(self) -> tuple[Inspection, ...]:
        """The inspections (督导检查) of the run(s), on the scenario's ASSUMED schedule.

        Each department with a project in a year is inspected
        ``Scenario.inspections_per_year`` times by ``Scenario.inspector``;
        the year's last inspection lists the year's refusals as findings.

        Raises:
            InvalidInput: for a result that does not know its scenario.

        Examples:
            >>> from procpolicy.simulation import anyang_rollout, run
            >>> result = run(anyang_rollout().with_years([2014]), seed=1)
            >>> [(i.at.isoformat(), i.inspector, i.department)
            ...  for i in result.inspections()]
            [('2014-12-31', '审计局', '城管局'), ('2014-12-31', '审计局', '园林局')]
        """
        from ._oversight import inspections  # noqa: PLC0415 - imports this module

        return inspections(self._oversight_scenario("inspections"), self.rows)

    def joint_meetings(self) -> tuple[JointMeeting, ...]:
        """The joint meetings (联席会议) of the run(s), on the ASSUMED schedule.

        ``Scenario.joint_meetings_per_year`` a year, every department of the
        scenario and the inspector present.

        Raises:
            InvalidInput: for a result that does not know its scenario.
        """
        from ._oversight import joint_meetings  # noqa: PLC0415 - imports this module

        scenario = self._oversight_scenario("joint_meetings")
        return joint_meetings(scenario, self.seeds, self.years)

    def budget_lines(self) -> tuple[ServiceBudgetLine, ...]:
        """The departments' service budget lines, bought or kept in house.

        Each purchase is a bought line; beside it, with chance
        ``Scenario.in_house_share`` (ASSUMED), a like service kept in house.

        Raises:
            InvalidInput: for a result that does not know its scenario.
        """
        from ._oversight import budget_lines  # noqa: PLC0415 - imports this module

        return budget_lines(self._oversight_scenario("budget_lines"), self.rows)

    def assess(
        self, *, as_of: date | None = None, weights: TargetWeights | None = None
    ) -> OversightReport:
        """`procpolicy.oversight.assess_departments` over the simulated rollout.

        The projects of the run (replayed from `histories`), its
        inspections, joint meetings and budget lines, under the rules in
        force on ``as_of`` (default: 31 December of the last year).  Assess
        one run at a time: the runs of several seeds share project ids.

        Raises:
            InvalidInput: for a result that does not know its scenario.

        Examples:
            >>> from procpolicy.simulation import anyang_rollout, run
            >>> report = run(anyang_rollout().with_years([2014]), seed=1).assess()
            >>> row = report.department("城管局")
            >>> row.projects, row.inspections, row.joint_meetings
            (2, 1, 1)
        """
        from datetime import date  # noqa: PLC0415 - only here at run time

        from procpolicy.oversight import assess_departments  # noqa: PLC0415
        from procpolicy.project import fold  # noqa: PLC0415

        scenario = self._oversight_scenario("assess")
        day = as_of if as_of is not None else date(self.years[-1], 12, 31)
        return assess_departments(
            [fold(history) for history in self.histories()],
            scenario.framework.at(day),
            as_of=day,
            weights=weights,
            inspections=self.inspections(),
            joint_meetings=self.joint_meetings(),
            budget_lines=self.budget_lines(),
        )

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[ProjectYear]:
        return iter(self.rows)

    def records(self, *, exact: bool = False) -> list[dict[str, Any]]:
        """Plain rows, one per project-year (``pandas.DataFrame(result.records())``).

        Money and scores are floats unless ``exact`` (then `Decimal`).
        """
        return [row.as_dict(exact=exact) for row in self.rows]

    def to_frame(self) -> DataFrame:
        """The project-years as a pandas DataFrame (the ``pandas`` extra).

        The columns of `ProjectYear.columns`: counts ``int64``
        (``days_to_contract`` ``Int64``, missing before a contract), money and
        scores ``float64``, flags ``bool``, names as text.

        Raises:
            ImportError: when pandas is not installed.
        """
        from procpolicy._frames import frame  # noqa: PLC0415 - pandas is optional

        return frame(self.records(), _FRAME_COLUMNS)

    def by_year(self) -> tuple[Summary, ...]:
        """One `Summary` per year of the scenario, in order."""
        groups: dict[int, list[ProjectYear]] = {year: [] for year in self.years}
        for row in self.rows:
            groups.setdefault(row.year, []).append(row)
        return tuple(summarize(year, rows, "year") for year, rows in groups.items())

    def by_department(self) -> tuple[Summary, ...]:
        """One `Summary` per department, in order of first appearance."""
        groups: dict[str, list[ProjectYear]] = {}
        for row in self.rows:
            groups.setdefault(row.department, []).append(row)
        return tuple(
            summarize(name, rows, "department") for name, rows in groups.items()
        )

    def total(self) -> Summary:
        """One `Summary` of every row (key ``"all"``)."""
        return summarize("all", self.rows)

    def summary(self, *, exact: bool = False) -> list[dict[str, Any]]:
        """The small table: one plain row per year (see `Summary.as_dict`)."""
        return [s.as_dict(exact=exact) for s in self.by_year()]

    def refusals(self, year: int | None = None) -> tuple[tuple[str, int], ...]:
        """``(rule id, count)`` of the refusals met, in registry order.

        Only those of ``year`` when given.
        """
        rows = self.rows if year is None else (r for r in self.rows if r.year == year)
        return _count_rules(rows)

    def table(self) -> str:
        """The per-year summary and refusals by rule as text (万元: 10 000 yuan)."""
        lines = [
            text_table(_SUMMARY_HEADERS, [_summary_cells(s) for s in self.by_year()])
        ]
        lines.append(_refusal_line(self.refusals()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        seeds = ", ".join(str(s) for s in self.seeds[:5])
        more = " …" if len(self.seeds) > 5 else ""  # noqa: PLR2004
        caption = (
            f"Simulation: {len(self.seeds)} run(s) (seed {seeds}{more}), "
            f"{len(self.rows)} project-years"
        )
        body = html_table(
            caption, _SUMMARY_HEADERS, [_summary_cells(s) for s in self.by_year()]
        )
        return body + f"<p>{escape(_refusal_line(self.refusals()))}</p>"


_SUMMARY_HEADERS = (
    "year",
    "projects",
    "new",
    "renewed",
    "re-tendered",
    "cancelled",
    "cost before 万元",
    "spend 万元",
    "savings",
    "优/良/中/差",
    "withheld 万元",
    "accountable",
    "refusals",
)


_FRAME_DTYPES = {
    "seed": "int64",
    "year": "int64",
    "supervisions": "int64",
    "refusals": "int64",
    "days_to_contract": "Int64",
    "cancelled": "bool",
    "closed": "bool",
    "accountable": "bool",
    **dict.fromkeys(
        ("score", "cost_before", "contracted", "paid", "withheld", "fee"), "float64"
    ),
    **dict.fromkeys(("spend", "savings"), "float64"),
}
_FRAME_COLUMNS = {name: _FRAME_DTYPES.get(name, "text") for name in _COLUMNS}
"""The dtype of each column of `SimulationResult.to_frame`."""


def _wan(value: Decimal) -> str:
    return f"{value / 10_000:,.1f}"


def _summary_cells(s: Summary) -> tuple[str, ...]:
    rate = s.savings_rate
    return (
        str(s.key),
        str(s.project_years),
        str(s.new),
        str(s.renewals),
        str(s.retenders),
        str(s.cancelled),
        _wan(s.cost_before),
        _wan(s.spend),
        "–" if rate is None else f"{rate:.1%}",
        f"{s.excellent}/{s.good}/{s.fair}/{s.poor}",
        _wan(s.withheld),
        str(s.accountability),
        str(s.refusals),
    )


def _refusal_line(counts: Sequence[tuple[str, int]]) -> str:
    if not counts:
        return "refusals by rule: none"
    return "refusals by rule: " + ", ".join(f"{rule} {n}" for rule, n in counts)


def combine(results: Iterable[SimulationResult]) -> SimulationResult:
    """The rows of several runs of one scenario as one result (totals over runs).

    Raises:
        InvalidInput: when there is no result, or the results cover different
            years.

    Examples:
        >>> from procpolicy.simulation import anyang_rollout, run_many
        >>> scenario = anyang_rollout().with_years([2014])
        >>> both = combine(run_many(scenario, [1, 2]))
        >>> both.seeds, both.total().project_years
        ((1, 2), 10)
    """
    parts = tuple(results)
    if not parts:
        raise InvalidInput("combine: needs at least one result")
    years = parts[0].years
    if any(p.years != years for p in parts):
        raise InvalidInput(
            "combine: the results cover different years "
            f"({sorted({p.years for p in parts})}); combine runs of one scenario"
        )
    scenario = parts[0].scenario
    if any(p.scenario is not scenario and p.scenario != scenario for p in parts):
        scenario = None  # histories() then says why it cannot replay them
    return SimulationResult(
        seeds=tuple(s for p in parts for s in p.seeds),
        years=years,
        rows=tuple(r for p in parts for r in p.rows),
        scenario=scenario,
    )
