"""One contract year of one project: the purchaser's steps through the workflow.

Each step builds the event a careful purchaser would (by the rules in force
that day), sometimes preceded by a lapse (`Lapses`); every event goes through
`Workflow.apply`, and a refusal is noted by rule id.  Before a contract a
refusal that cannot be mended calls the purchase off (`Cancelled`).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from procpolicy.errors import TransitionRefused
from procpolicy.evaluation import (
    CENT,
    Evaluation,
    Evaluator,
    EvaluatorFactors,
    Scope,
    SocialImpact,
    choose_evaluator,
    mean,
)
from procpolicy.events import (
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Contracted,
    ContractPublished,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementStarted,
    Renewed,
    Retendered,
    Settled,
    Supervised,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.parties import Purchaser
from procpolicy.procurement import Method, assess_method
from procpolicy.project import ContractPeriod, Project

from ._context import Bidder, Context
from ._model import ProjectTemplate
from ._result import Origin, ProjectYear

__all__ = ["simulate_project"]

_ALL_ITEMS = frozenset(DisclosureItem)
_PREFERENCE = (
    Method.COMPETITIVE_CONSULTATION,
    Method.COMPETITIVE_NEGOTIATION,
    Method.OPEN_TENDERING,
)
"""Methods a purchaser tries, simplest procedure first (方式灵活、程序简便)."""
_TENDER_DAYS = 21
"""Days from issuing tender documents to the award (gpl Art 35's 20 days, and one)."""
_OTHER_DAYS = 14
"""Days from issuing the documents to the award in any other method: the 10-day
response period of competitive consultation (ck-2014-214) and the evaluation
(ASSUMED, see ASSUMPTIONS["calendar"])."""
_CONTRACT_DAYS = 7
_THIRD_PARTY = "第三方评估机构 (third-party evaluator)"


class _Cycle:
    """What a project carries from year to year (mutable, local to a run)."""

    __slots__ = ("annual", "bidder", "priority")

    def __init__(self) -> None:
        self.annual = Decimal(0)
        """The awarded annual amount."""
        self.bidder: Bidder | None = None
        self.priority = False
        """Whether the incumbent has re-tender priority (再次招评标优先)."""


def _yuan(value: float) -> Decimal:
    return Decimal(max(1, round(value)))


def _share(amount: Decimal, start: date, end: date, days: int) -> Decimal:
    return (amount * ((end - start).days + 1) / days).quantize(CENT)


_COST_REASON = "按中标价购买全年服务 (a year of service at the awarded price)"
"""Why a year's payment exceeds the cost before purchase (ASSUMED, see
ASSUMPTIONS["templates.cost_before"]): the purchaser says so, as 加强资金管理 asks."""


def _settled(at: datetime, paid: Decimal, cost_before: Decimal) -> Settled:
    """Payment, with the reason the comparison asks for when it costs more."""
    return Settled(at=at, paid=paid, cost_reason=_COST_REASON * (paid > cost_before))


def simulate_project(
    context: Context, template: ProjectTemplate, year: int, serial: int, seed: int
) -> tuple[Project, list[ProjectYear]]:
    """One project from its first year to its end or the run's: it, and its rows."""
    rng = random.Random(seed)  # noqa: S311 - a seeded simulation, not cryptography
    budget = _yuan(template.budget.sample(rng))
    cost_before = _yuan(float(budget) * template.cost_before.sample(rng))
    years = range(year, context.last_year + 1)
    year_seeds = [rng.getrandbits(64) for _ in years]
    purchaser = context.purchasers[template.department]
    drafted = Drafted(
        at=context.calendars[year].drafted,
        project_id=f"{template.code}-{year}-{serial:03d}",
        title=template.title,
        purchaser=purchaser,
        category=template.category,
        item=template.item,
        social_impact=template.social_impact,
        fixed_site=template.fixed_site,
        scope=template.scope,
    )
    project = context.workflow.start(drafted)
    cycle = _Cycle()
    rows: list[ProjectYear] = []
    origin: Origin | None = Origin.NEW
    for current, year_seed in zip(years, year_seeds, strict=True):
        if origin is None:
            break
        rng = random.Random(year_seed)  # noqa: S311 - seeded, not cryptography
        year_ = _Year(context, template, purchaser, current, rng)
        project, row, origin = year_.run(project, origin, cycle, budget, cost_before)
        rows.append(row)
    return project, rows


class _CallOff(Exception):  # noqa: N818 - internal control flow
    """An event refused even when mended: the purchase is called off.

    Before a contract `_Year.run` turns it into `Cancelled`.  After a contract
    every event is built by the rules in force to pass, so it escapes only
    when the simulator and the workflow disagree (a bug), chained to the
    `TransitionRefused`.
    """

    def __init__(self, project: Project, at: datetime, reason: str) -> None:
        super().__init__(reason)
        self.project = project
        """The project as it stood, unchanged by the refused event."""
        self.at = at
        self.reason = reason


class _Year:
    """One contract year of one project: draws, events, the row."""

    def __init__(
        self,
        context: Context,
        template: ProjectTemplate,
        purchaser: Purchaser,
        year: int,
        rng: random.Random,
    ) -> None:
        self.context = context
        self.template = template
        self.purchaser = purchaser
        self.year = year
        self.calendar = context.calendars[year]
        self.rng = rng
        self.refused: list[str] = []
        self.days_to_contract: int | None = None
        """Days from disclosure (or re-tender) to the contract signed this year."""
        # Every year draws the same figures in the same order (common random numbers).
        uniform = rng.random
        self.u_line, self.u_targets, self.u_evaluator = uniform(), uniform(), uniform()
        self.u_overpay, self.u_accountable = uniform(), uniform()
        self.u_renew, self.u_incumbent, self.u_pick = uniform(), uniform(), uniform()
        self.award_ratio = context.scenario.award_ratio.sample(rng)
        self.extra_bidders = rng.randrange(4)
        self.external_z = rng.gauss(0.0, 1.0)

    # -- judging -------------------------------------------------------------------
    def note(self, refused: TransitionRefused) -> None:
        self.refused.extend(v.rule.id for v in refused.violations)

    def attempt(self, project: Project, lapse: Event | None, event: Event) -> Project:
        """Apply ``lapse`` if any, else (or when it is refused) ``event``.

        Raises:
            _CallOff: when ``event`` is refused too.
        """
        if lapse is not None:
            try:
                return self.context.apply(project, lapse)
            except TransitionRefused as refused:
                self.note(refused)
        try:
            return self.context.apply(project, event)
        except TransitionRefused as refused:
            self.note(refused)
            ids = ", ".join(dict.fromkeys(v.rule.id for v in refused.violations))
            raise _CallOff(project, event.at, f"refused: {ids}") from refused

    def row(self, project: Project, origin: Origin, **values: Any) -> ProjectYear:
        drafted = project.drafted
        undertaker = project.undertaker
        return ProjectYear(
            seed=self.context.seed,
            year=self.year,
            project_id=drafted.project_id,
            department=drafted.purchaser.department,
            category=drafted.category,
            origin=origin,
            method=project.method,
            undertaker=undertaker.name if undertaker else None,
            undertaker_kind=undertaker.kind if undertaker else None,
            refusals=tuple(self.refused),
            days_to_contract=self.days_to_contract,
            **values,
        )

    # -- the year ----------------------------------------------------------------
    def run(
        self,
        project: Project,
        origin: Origin,
        cycle: _Cycle,
        budget: Decimal,
        cost_before: Decimal,
    ) -> tuple[Project, ProjectYear, Origin | None]:
        """The year's events; the project, its row and how next year's period comes."""
        if origin is not Origin.RENEWED:
            try:
                project = self.procure(project, origin, cycle, budget, cost_before)
            except _CallOff as off:
                project = self.context.apply(
                    off.project, Cancelled(at=off.at, reason=off.reason)
                )
                return project, self.row(project, origin, cancelled=True), None
        project, values = self.deliver(project, cycle, cost_before)
        return self.decide(project, origin, cycle, values)

    def procure(
        self,
        project: Project,
        origin: Origin,
        cycle: _Cycle,
        budget: Decimal,
        cost_before: Decimal,
    ) -> Project:
        """Budget and disclose (or re-tender), procure, award, contract.

        Raises:
            _CallOff: when a step is refused for good, or runs out of year.
        """
        ctx, calendar, framework = self.context, self.calendar, self.context.framework
        template = self.template
        if origin is Origin.NEW:
            # 三衔接: the budget, on the separate line where required, with targets.
            required = framework.at(
                calendar.budgeted.date()
            ).parameters.separate_budget_line
            forgets_line = required and self.u_line < ctx.p_line
            forgets_targets = bool(template.targets) and self.u_targets < ctx.p_targets
            # Typed Any: Budgeted.targets has the untyped converter ``tuple``.
            targets: Any = template.targets
            lapse = (
                Budgeted(
                    at=calendar.budgeted,
                    amount=budget,
                    separate_line=required and not forgets_line,
                    targets=() if forgets_targets else targets,
                    cost_before=cost_before,
                )
                if forgets_line or forgets_targets
                else None
            )
            budgeted = Budgeted(
                at=calendar.budgeted,
                amount=budget,
                separate_line=required,
                targets=targets,
                cost_before=cost_before,
            )
            project = self.attempt(project, lapse, budgeted)
            # 加强信息公开: everything the platform publishes.
            project = ctx.apply(
                project, Disclosed(at=calendar.disclosed, items=_ALL_ITEMS)
            )
        else:
            project = ctx.apply(project, Retendered(at=calendar.disclosed))
        # 依据政府采购法: the simplest method the rules permit.
        rules = framework.at(calendar.procured.date())
        method = next(
            (m for m in _PREFERENCE if assess_method(m, budget, (), rules).permitted),
            Method.OPEN_TENDERING,
        )
        project = self.attempt(
            project, None, ProcurementStarted(at=calendar.procured, method=method)
        )
        params = rules.parameters
        days, least = _OTHER_DAYS, 1
        if method.is_tendering:
            days = max(_TENDER_DAYS, params.min_tender_days)
            least = params.min_tender_bidders
        elif method is Method.COMPETITIVE_CONSULTATION:
            least = params.min_consultation_suppliers
        awarded_at = calendar.procured + timedelta(days=days)
        award_rules = framework.at(awarded_at.date())
        eligible = ctx.bidders(template, award_rules)
        incumbent = cycle.bidder
        if (
            origin is Origin.RETENDERED
            and cycle.priority
            and incumbent in eligible
            and self.u_incumbent < ctx.incumbent
        ):
            bidder = incumbent
        else:
            bidder = eligible[int(self.u_pick * len(eligible))]
        annual = min(budget, _yuan(float(budget) * self.award_ratio))
        awarded = Awarded(
            at=awarded_at,
            undertaker=bidder.undertaker,
            amount=annual,
            bidders=least + self.extra_bidders,
        )
        project = self.attempt(project, None, awarded)
        wait = min(_CONTRACT_DAYS, award_rules.parameters.max_days_award_to_contract)
        contracted_at = awarded_at + timedelta(days=wait)
        start = max(calendar.first_start, contracted_at.date() + timedelta(days=1))
        if start > calendar.latest_start:
            raise _CallOff(
                project,
                contracted_at,
                f"procurement ran past {calendar.latest_start}: no contract this year",
            )
        contracted = Contracted(
            at=contracted_at,
            start=start,
            end=calendar.end,
            amount=_share(annual, start, calendar.end, calendar.days),
        )
        project = self.attempt(project, None, contracted)
        # 合同公告: published the day it is signed (gpl-reg Art 50: within two
        # working days), so the evaluation finds it recorded.
        project = self.attempt(project, None, ContractPublished(at=contracted_at))
        cycle.annual, cycle.bidder = annual, bidder
        self.days_to_contract = (contracted_at - calendar.disclosed).days
        return project

    def deliver(
        self, project: Project, cycle: _Cycle, cost_before: Decimal
    ) -> tuple[Project, dict[str, Any]]:
        """Daily evaluation, the evaluation (三考) and payment by grade."""
        ctx, calendar, framework = self.context, self.calendar, self.context.framework
        quality = cast("Bidder", cycle.bidder).quality
        period = cast("ContractPeriod", project.contract)
        interval = ctx.scenario.supervision_interval_months
        if interval is None:
            interval = framework.at(period.start).parameters.supervision_interval_months
        # 日常考评: the purchaser's scores run ``internal_leniency`` above the quality.
        lenient, noise, gauss = quality + ctx.leniency, ctx.noise, self.rng.gauss
        days = ctx.supervisions(period.start, period.end, interval)
        for at in days:
            score = ctx.score(lenient + noise * gauss(0.0, 1.0))
            project = ctx.apply(project, Supervised(at=at, score=score))
        # 谁来考: the evaluator the factors call for; 怎么考: weights in force.
        rules = framework.at(calendar.evaluated.date())
        internal = cast("Decimal", mean(project.supervision_scores))
        drafted = project.drafted
        factors = EvaluatorFactors(
            amount=project.budgeted,
            social_impact=drafted.social_impact or SocialImpact.LOW,
            fixed_site=drafted.fixed_site is not False,
            scope=drafted.scope or Scope.SITE,
        )
        inside = Evaluated(
            at=calendar.evaluated,
            evaluation=Evaluation(
                evaluator=Evaluator.INTERNAL, internal_score=internal
            ),
        )
        if choose_evaluator(factors, rules).evaluator is Evaluator.THIRD_PARTY:
            external = ctx.score(quality + ctx.external_noise * self.external_z)
            outside = Evaluated(
                at=calendar.evaluated,
                evaluation=Evaluation(
                    evaluator=Evaluator.THIRD_PARTY,
                    internal_score=internal,
                    external_score=external,
                    internal_weight=rules.parameters.internal_weight,
                    third_party=_THIRD_PARTY,
                ),
            )
            lapse = inside if self.u_evaluator < ctx.p_evaluator else None
            project = self.attempt(project, lapse, outside)
        else:
            project = self.attempt(project, None, inside)
        evaluation = cast("Evaluation", project.evaluation)
        amount = period.amount
        fee = Decimal(0)
        if evaluation.evaluator is Evaluator.THIRD_PARTY:
            fee = (amount * ctx.scenario.third_party_fee).quantize(CENT)
        # 拨付项目资金: no more than the grade allows.
        rules = framework.at(calendar.settled.date())
        total = evaluation.total
        grade = rules.grade(total)
        allowed = (amount * rules.outcome(grade).payment_ratio).quantize(CENT)
        overpays = allowed < amount and self.u_overpay < ctx.p_overpay
        project = self.attempt(
            project,
            _settled(calendar.settled, amount, cost_before) if overpays else None,
            _settled(calendar.settled, allowed, cost_before),
        )
        return project, {
            "supervisions": len(days),
            "evaluator": evaluation.evaluator,
            "score": total,
            "grade": grade,
            "cost_before": _share(cost_before, period.start, period.end, calendar.days),
            "contracted": amount,
            "paid": project.settlements[-1].paid,
            "fee": fee,
        }

    def decide(
        self, project: Project, origin: Origin, cycle: _Cycle, values: dict[str, Any]
    ) -> tuple[Project, ProjectYear, Origin | None]:
        """Close with someone accountable, renew, or tender again next year."""
        ctx, calendar, framework = self.context, self.calendar, self.context.framework
        rules = framework.at(calendar.decided.date())
        outcome = rules.outcome(rules.grade(values["score"]))
        if outcome.accountable:
            # 无效必问责: a poor result closes with someone named.
            closed = Closed(
                at=calendar.decided, accountable=f"{self.purchaser.name}负责人"
            )
            forgets = self.u_accountable < ctx.p_accountable
            project = self.attempt(
                project, Closed(at=calendar.decided) if forgets else None, closed
            )
            row = self.row(project, origin, closed=True, accountable=True, **values)
            return project, row, None
        if self.year == ctx.last_year:
            return project, self.row(project, origin, **values), None
        following = Origin.RETENDERED
        if self.u_renew < ctx.renewal_rate:
            # 续约: when the grade allows and the term cap permits (asked first).
            renewed = Renewed(
                at=calendar.decided,
                start=date(self.year + 1, 1, 1),
                end=date(self.year + 1, 12, 31),
                amount=cycle.annual,
            )
            if not ctx.workflow.check(project, renewed):
                project = ctx.apply(project, renewed)
                project = ctx.apply(project, ContractPublished(at=renewed.at))
                following = Origin.RENEWED
        cycle.priority = outcome.retender_priority
        return project, self.row(project, origin, **values), following
