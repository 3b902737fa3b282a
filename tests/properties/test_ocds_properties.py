"""Every project the workflow accepts exports to valid OCDS 1.1.

Projects come from `lifecycles`, a strategy that drives the real
``Workflow(presets.anyang())`` through valid lifecycles (open tendering,
competitive consultation and the other methods, failed procedures followed by
negotiation, renewals, re-tenders, cancellations, closures) and cuts them at
any point, keeping only the events ``workflow.check`` accepts.

The schema tests need the OCDS 1.1.5 schema: ``OCDS_SCHEMA_DIR``, or
``../shared/ocds/1.1`` beside the checkout; without it they skip, saying how
to get it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from procpolicy import (
    DisclosureItem,
    Evaluation,
    Evaluator,
    EvaluatorFactors,
    Method,
    MethodGround,
    PerformanceTarget,
    Project,
    Purchaser,
    PurchaserKind,
    Scope,
    ServiceCategory,
    SocialImpact,
    Stage,
    SupplierCondition,
    Undertaker,
    UndertakerKind,
    Workflow,
    ocds,
    presets,
)
from procpolicy import events as E  # noqa: N812
from procpolicy.evaluation import choose_evaluator
from procpolicy.events import CST
from procpolicy.project import fold
from tests._ocds_schema import Validators, errors

WORKFLOW = Workflow(presets.anyang())
PREFIX = "ocds-213czf"
T = TypeVar("T")

# -- lifecycles -------------------------------------------------------------------
BUYERS = (
    Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN),
    Purchaser("安阳市民政局", "民政", PurchaserKind.STATE_ORGAN),
    Purchaser("安阳市水利局", "水利", PurchaserKind.STATE_ORGAN),
)
FIRMS = (
    Undertaker(
        "安阳洁城环卫有限公司", UndertakerKind.ENTERPRISE, frozenset(SupplierCondition)
    ),
    Undertaker(
        "安阳市阳光社工服务中心",
        UndertakerKind.SOCIAL_ORGANIZATION,
        frozenset(SupplierCondition),
    ),
    Undertaker(
        "河南绿源物业服务有限公司",
        UndertakerKind.ENTERPRISE,
        frozenset(SupplierCondition),
    ),
)
SEVEN = tuple(ServiceCategory)[:7]  # listed whole from 2015 (ay-catalogue-2015)
FRAMEWORKS_FROM = date(2022, 3, 2)
CANCELLABLE = (
    Stage.DRAFT,
    Stage.BUDGETED,
    Stage.DISCLOSED,
    Stage.PROCURING,
    Stage.AWARDED,
)  # mof-110 is in force from 2022-03-01
CENT = Decimal("0.01")
YEARS_3 = relativedelta(years=3)  # renewal.term_cap in the Anyang preset


class _Life:
    """Draws the next accepted event of a project; one instance per example."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.clock = draw(st.datetimes(datetime(2015, 1, 5), datetime(2024, 6, 30)))
        self.aware = draw(st.booleans())
        self.budget = draw(
            st.sampled_from([Decimal(800_000), Decimal(1_200_000)])
            | st.decimals(Decimal(100_000), Decimal(1_990_000), places=2)
        )
        self.supervisions = 0
        self.quality = draw(st.sampled_from([95, 88, 82, 70, 50]))
        """The undertaker's usual score: decides grades, renewals, accountability."""
        self.cancel = (
            draw(st.sampled_from(CANCELLABLE)) if draw(st.integers(0, 3)) == 2 else None
        )
        """The stage at which the purchase is called off, if any."""

    def pick(self, *options: T) -> T:
        return self.draw(st.sampled_from(options))

    def later(self, least: int = 0, most: int = 20) -> datetime:
        """Move the clock on; naive (China time) or the same moment in UTC."""
        self.clock += timedelta(
            days=self.draw(st.integers(least, most)),
            minutes=self.draw(st.integers(0, 600)),
        )
        return (
            self.clock.replace(tzinfo=CST).astimezone(UTC) if self.aware else self.clock
        )

    def money(self, high: Decimal) -> Decimal:
        share = self.draw(st.decimals(Decimal("0.8"), Decimal(1), places=3))
        return self.pick(high, (high * share).quantize(CENT))

    def score(self) -> Decimal:
        return Decimal(min(100, self.quality + self.draw(st.integers(-5, 5))))

    def drafted(self) -> E.Drafted:
        return E.Drafted(
            at=self.later(0, 0),
            project_id=f"AY-{self.clock.year}-{self.draw(st.integers(1, 999)):03d}",
            title=self.pick("主城区道路保洁", "社区社工服务", "水务设施维护"),
            purchaser=self.pick(*BUYERS),
            category=self.pick(*SEVEN),
            social_impact=self.pick(*SocialImpact),
            fixed_site=self.draw(st.booleans()),
            scope=self.pick(*Scope),
        )

    def next(self, project: Project) -> E.Event:
        if project.stage is self.cancel:
            return E.Cancelled(at=self.later(), reason="预算调整, 项目撤销")
        step: Callable[[Project], E.Event] = getattr(self, project.stage.name.lower())
        return step(project)

    def draft(self, project: Project) -> E.Event:
        fields: dict[str, Any] = {
            "targets": (PerformanceTarget("服务达标率", Decimal(95)),),
            "separate_line": self.clock.year >= 2016 or self.draw(st.booleans()),
        }
        if self.draw(st.booleans()):
            fields["cost_before"] = Decimal(950_000)
        return E.Budgeted(at=self.later(1), amount=self.budget, **fields)

    def budgeted(self, project: Project) -> E.Event:
        return E.Disclosed(
            at=self.later(1),
            items=frozenset(DisclosureItem),
            channel=self.pick("", "安阳市政府采购网", "https://www.ayggzy.cn/notice/1"),
        )

    def disclosed(self, project: Project) -> E.Event:
        methods: list[tuple[Method, set[MethodGround]]] = [
            (Method.OPEN_TENDERING, set()),
            (Method.COMPETITIVE_CONSULTATION, set()),
            (Method.INVITATIONAL_TENDERING, {MethodGround.LIMITED_SUPPLIERS}),
            (Method.SINGLE_SOURCE, {MethodGround.ONLY_ONE_SUPPLIER}),
            (Method.COMPETITIVE_NEGOTIATION, {MethodGround.URGENT}),
        ]
        if any(method.is_tendering for method, _ in project.failures):
            methods.insert(0, (Method.COMPETITIVE_NEGOTIATION, set()))
        if self.clock.date() >= FRAMEWORKS_FROM:
            methods.append((Method.FRAMEWORK_AGREEMENT, set()))
        method, grounds = self.pick(*methods)
        return E.ProcurementStarted(
            at=self.later(1), method=method, grounds=frozenset(grounds)
        )

    def procuring(self, project: Project) -> E.Event:
        method = project.method
        assert method is not None
        if self.draw(st.booleans()) and len(project.failures) < 2:
            return E.ProcurementFailed(at=self.later(1), reason="投标人不足三家")
        return E.Awarded(
            at=self.later(20 if method.is_tendering else 1, 40),
            undertaker=self.pick(*FIRMS),
            amount=self.money(project.budgeted),
            bidders=self.pick(None, self.draw(st.integers(3, 9))),
        )

    def awarded(self, project: Project) -> E.Event:
        award = project.award
        assert award is not None
        signed = self.later(0, 29)
        start = self.clock.date() + timedelta(days=self.draw(st.integers(1, 15)))
        stable = self.draw(st.booleans())
        months = self.draw(st.integers(3, 30 if stable else 12))
        self.supervisions = self.draw(st.integers(1, 3))
        return E.Contracted(
            at=signed,
            start=start,
            end=start + relativedelta(months=months) - timedelta(days=1),
            amount=award.amount,
            stable=stable,
        )

    def contracted(self, project: Project) -> E.Event:
        period = project.contract
        assert period is not None
        if len(project.supervisions) >= self.supervisions:
            return self.evaluation(project)
        self.clock = max(self.clock, datetime.combine(period.start, time(9)))
        room = (period.end - self.clock.date()).days // (self.supervisions + 1)
        return E.Supervised(
            at=self.later(0, max(1, room)),
            score=self.score(),
            note=self.pick("", "抽查合格"),
        )

    def evaluation(self, project: Project) -> E.Event:
        scores = project.supervision_scores
        offset = Decimal(self.draw(st.integers(-4, 4)))
        internal = sum(scores, Decimal(0)) / len(scores) + offset
        internal = min(max(internal, Decimal(0)), Decimal(100)).quantize(CENT)
        moment = self.later(1, 30)
        drafted = project.drafted
        factors = EvaluatorFactors(
            amount=project.budgeted,
            social_impact=drafted.social_impact or SocialImpact.LOW,
            fixed_site=drafted.fixed_site is not False,
            scope=drafted.scope or Scope.SITE,
        )
        rules = WORKFLOW.rules_at(self.clock.date())
        evaluation = Evaluation(
            evaluator=Evaluator.THIRD_PARTY,
            internal_score=internal,
            external_score=self.score(),
            internal_weight=Decimal("0.4"),
            third_party=self.pick("", "河南正信评估有限公司"),
        )
        needed = choose_evaluator(factors, rules).evaluator
        if needed is Evaluator.INTERNAL and self.draw(st.booleans()):
            evaluation = Evaluation(
                evaluator=Evaluator.INTERNAL, internal_score=internal
            )
        return E.Evaluated(at=moment, evaluation=evaluation)

    def evaluated(self, project: Project) -> E.Event:
        outcome, period = WORKFLOW.outcome(project), project.contract
        assert outcome is not None
        assert period is not None
        allowed = (period.amount * outcome.payment_ratio).quantize(CENT)
        return E.Settled(
            at=self.later(1),
            paid=self.money(allowed),
            cost_reason=self.pick("", "人工成本上涨"),
        )

    def settled(self, project: Project) -> E.Event:
        outcome, period = WORKFLOW.outcome(project), project.contract
        assert outcome is not None
        assert period is not None
        choice = self.pick("renew", "retender", "close")
        start = period.end + timedelta(days=1)
        end = start + relativedelta(months=self.draw(st.integers(3, 12)), days=-1)
        cycle = [p.start for p in project.periods if not p.renewal][-1]
        if choice == "renew" and outcome.may_renew and end < cycle + YEARS_3:
            return E.Renewed(
                at=self.later(1, 10),
                start=start,
                end=end,
                amount=min(period.amount, project.budgeted),
            )
        if choice == "retender":
            return E.Retendered(at=self.later(1, 10))
        names = (
            ["城管局分管负责人"] if outcome.accountable else [None, "", "项目负责人"]
        )
        return E.Closed(at=self.later(1, 10), accountable=self.pick(*names))


@st.composite
def lifecycles(draw: st.DrawFn) -> Project:
    """A project the Anyang workflow accepted, cut at any point of its life."""
    life = _Life(draw)
    project = WORKFLOW.start(life.drafted())
    limit = draw(st.integers(1, 40))
    while len(project) < limit and not project.stage.is_terminal:
        event = life.next(project)
        if WORKFLOW.check(project, event):
            break
        project = WORKFLOW.apply(project, event)
    return project


def exported(project: Project) -> tuple[dict[str, Any], ...]:
    return ocds.releases(project, PREFIX, framework=WORKFLOW.framework)


def package_of(project: Project) -> dict[str, Any]:
    return ocds.package(
        exported(project),
        publisher="安阳市财政局",
        uri=f"https://data.example.org/ocds/{project.id}.json",
        published=datetime(2024, 12, 31, 18),
    )


def record_package(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": "https://data.example.org/ocds/records.json",
        "version": "1.1",
        "publishedDate": "2024-12-31T18:00:00+08:00",
        "publisher": {"name": "安阳市财政局"},
        "records": [record],
    }


def total(items: list[dict[str, Any]], get: Callable[[dict[str, Any]], Any]) -> Any:
    return sum(Decimal(str(get(item))) for item in items)


# -- properties -------------------------------------------------------------------
class TestSchemaValidity:
    @given(lifecycles())
    def test_every_release_validates_against_the_release_schema(
        self, validators: Validators, project: Project
    ) -> None:
        """Each release of an accepted project is a valid OCDS 1.1 release."""
        for release in exported(project):
            assert errors(validators.release, release) == [], release["id"]

    @given(lifecycles())
    @settings(max_examples=50)
    def test_the_package_validates_against_the_release_package_schema(
        self, validators: Validators, project: Project
    ) -> None:
        """The release package is valid, its release schema resolved locally."""
        assert errors(validators.package, package_of(project)) == []

    @given(lifecycles())
    @settings(max_examples=50)
    def test_the_record_and_its_compiled_release_validate(
        self, validators: Validators, project: Project
    ) -> None:
        """The compiled record is a valid record, its compiled release a release."""
        record = ocds.record(exported(project))
        assert errors(validators.release, record["compiledRelease"]) == []
        assert errors(validators.records, record_package(record)) == []


class TestReleaseInvariants:
    @given(lifecycles())
    @settings(max_examples=50)
    def test_an_accepted_project_has_one_release_per_event_in_order(
        self, project: Project
    ) -> None:
        """Every event of a judged history is expressed, with its own date."""
        out = exported(project)
        assert len(out) == len(project.history)
        assert [r["date"] for r in out] == [
            e.instant.isoformat() for e in project.history
        ]

    @given(lifecycles())
    @settings(max_examples=50)
    def test_ids_are_stable_unique_and_kept_by_a_longer_history(
        self, project: Project
    ) -> None:
        """Exporting twice, or a prefix of the history, gives the same releases."""
        out = exported(project)
        assert exported(project) == out
        assert len({r["id"] for r in out}) == len(out)
        cut = len(project.history) // 2 or 1
        assert exported(fold(project.history[:cut])) == out[:cut]

    @given(lifecycles())
    @settings(max_examples=50)
    def test_releases_survive_a_json_round_trip(self, project: Project) -> None:
        """Releases are plain JSON: dumping and loading changes nothing."""
        out = list(exported(project))
        assert json.loads(json.dumps(out, ensure_ascii=False)) == out

    @given(lifecycles())
    @settings(max_examples=50)
    def test_the_compiled_release_agrees_with_the_project(
        self, project: Project
    ) -> None:
        """Contracts, payments and the last procedure match the project's facts."""
        compiled = ocds.record(exported(project))["compiledRelease"]
        contracts = compiled.get("contracts", [])
        assert len(contracts) == len(project.periods)
        assert total(contracts, lambda c: c["value"]["amount"]) == project.contracted
        paid = [
            t
            for c in contracts
            for t in c.get("implementation", {}).get("transactions", [])
        ]
        assert total(paid, lambda t: t["value"]["amount"]) == project.paid
        if project.method is not None:
            tender = compiled["tender"]
            assert tender["procurementMethod"] == ocds.METHODS[project.method]
            assert tender["procurementMethodDetails"] == project.method.zh
        if project.stage is Stage.CANCELLED:
            assert compiled["tender"]["status"] == "cancelled"
        if project.stage is Stage.CLOSED:
            assert contracts[-1]["status"] == "terminated"
