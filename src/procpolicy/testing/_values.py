"""Strategies for the values of procpolicy (see `procpolicy.testing.strategies`)."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st

from procpolicy import events as E  # noqa: N812
from procpolicy._validate import EARLIEST_DAY, LATEST_DAY, MAX_MAGNITUDE
from procpolicy.catalogue import Catalogue, CatalogueItem, Prohibited, ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import (
    Achieved,
    CostComparison,
    Direction,
    Evaluation,
    Evaluator,
    EvaluatorChoice,
    EvaluatorFactors,
    Indicator,
    IndicatorSystem,
    PerformanceTarget,
    Scope,
    SocialImpact,
)
from procpolicy.labels import Label
from procpolicy.parameters import (
    INFINITY,
    DisclosureItem,
    Grade,
    GradeBands,
    Outcome,
    Overrides,
    Parameters,
    PaymentSchedule,
    Strictness,
    stricter,
)
from procpolicy.parties import (
    Purchaser,
    PurchaserKind,
    SupplierCondition,
    Undertaker,
    UndertakerKind,
)
from procpolicy.policy import (
    Change,
    CoreRole,
    Layer,
    PolicyDocument,
    PolicyFramework,
    Question,
    RuleSet,
)
from procpolicy.presets import anyang, national
from procpolicy.procurement import Method, MethodAssessment, MethodGround
from procpolicy.project import ContractPeriod
from procpolicy.rules import RULES, Citation, Finding, Rule, Violation
from procpolicy.serialization import Limits
from procpolicy.testing._driver import (
    SCORES,
    TEXTS,
)
from procpolicy.workflow import Workflow

__all__ = [
    "achieved",
    "achievements",
    "catalogue_items",
    "catalogues",
    "changes",
    "citations",
    "contract_periods",
    "cost_comparisons",
    "documents",
    "evaluations",
    "evaluator_choices",
    "evaluator_factors",
    "events",
    "findings",
    "frameworks",
    "grade_bands",
    "indicator_systems",
    "indicators",
    "json_values",
    "labels",
    "limits",
    "method_assessments",
    "outcomes",
    "overrides",
    "parameter_values",
    "parameters",
    "payment_schedules",
    "performance_targets",
    "purchasers",
    "recent_events",
    "rule_sets",
    "rules",
    "undertakers",
    "violations",
    "workflows",
]

T = TypeVar("T")
S = st.SearchStrategy

EARLIEST: Final = date(2000, 1, 1)
LATEST: Final = date(2030, 12, 31)
"""The recent span the frameworks' documents take effect in (see `frameworks`)."""

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_WORDS = st.sampled_from(
    ("service", "street", "lamp", "park", "cleaning", "social", "work", "training")
)
_ENGLISH = st.lists(_WORDS, min_size=1, max_size=4).map(
    lambda w: " ".join(w).capitalize()
)
_SLUGS = st.sampled_from(("ay", "gpl", "mof", "local", "notice", "rule", "x"))
_DOCUMENT_IDS = st.builds("{}-{}".format, _SLUGS, st.integers(0, 9999))
_RULE_IDS = st.builds("{}.{}".format, st.sampled_from(("local", "office", "x")), _WORDS)
_ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20
)
_EDGES: Final = (EARLIEST_DAY, LATEST_DAY)
_DAYS = st.one_of(st.dates(*_EDGES), st.sampled_from(_EDGES))
"""Any day of the domain of dates (1949-10-01 to 2199-12-31), its ends often."""
_RECENT_DAYS = st.dates(EARLIEST, LATEST)
_ZERO, _ONE, _HUNDRED = Decimal(0), Decimal(1), Decimal(100)


def _decimals(low: int | Decimal, high: int | Decimal, places: int = 2) -> S[Decimal]:
    return st.decimals(min_value=low, max_value=high, places=places)


_MONEY = _decimals(0, 10_000_000)
_RATIOS = _decimals(0, 1)
_THRESHOLDS = st.one_of(
    st.integers(0, 10_000).map(lambda n: Decimal(n * 1000)), st.just(INFINITY)
)
_LARGEST = MAX_MAGNITUDE - Decimal("0.01")
"""The largest finite figure a value holds (to the fen)."""


# -- labels, rules, citations --------------------------------------------------
def labels() -> S[Label]:
    """Bilingual labels: Chinese characters and English words."""
    return st.builds(Label, st.text(_CJK, min_size=1, max_size=10), _ENGLISH)


def citations() -> S[Citation]:
    """Citations of a document id and an article, verified or not."""
    return st.builds(Citation, _DOCUMENT_IDS, _ANY_TEXT, st.booleans(), _ANY_TEXT)


def rules(*, registered: bool = True) -> S[Rule]:
    """Rules: those of the registry, or (``registered=False``) any well-formed one."""
    if registered:
        return st.sampled_from(RULES.rules)
    return st.builds(Rule, _RULE_IDS, labels(), citations())


def _facts() -> S[tuple[tuple[str, str], ...]]:
    """Figures by name, each name once (they are stored as a JSON object)."""
    return st.dictionaries(TEXTS, _ANY_TEXT, max_size=3).map(lambda d: tuple(d.items()))


def violations(*, registered: bool = True) -> S[Violation]:
    """Violations of a rule (by default a registered one), with figures."""
    return st.builds(
        Violation, rules(registered=registered), TEXTS, _ANY_TEXT, _facts()
    )


def findings(*, registered: bool = True) -> S[Finding]:
    """Findings of a rule (by default a registered one) about some documents."""
    return st.builds(
        Finding,
        rules(registered=registered),
        TEXTS,
        st.lists(_DOCUMENT_IDS, max_size=3).map(tuple),
        _ANY_TEXT,
    )


# -- catalogue and parties ----------------------------------------------------
def catalogue_items(*, category: ServiceCategory | None = None) -> S[CatalogueItem]:
    """Catalogue items, in ``category`` when given."""
    categories = st.just(category) if category else st.sampled_from(ServiceCategory)
    codes = st.builds(
        "AY-{}-{:02d}".format, st.integers(2014, 2030), st.integers(0, 99)
    )
    return st.builds(CatalogueItem, codes, labels(), categories)


def catalogues(*, min_size: int = 0, max_size: int | None = None) -> S[Catalogue]:
    """Catalogues of whole categories and single items (sizes count both)."""

    @st.composite
    def build(draw: st.DrawFn) -> Catalogue:
        size = draw(st.integers(min_size, max_size if max_size is not None else 14))
        whole = draw(st.integers(0, min(size, len(ServiceCategory))))
        categories = draw(
            st.lists(
                st.sampled_from(ServiceCategory),
                min_size=whole,
                max_size=whole,
                unique=True,
            )
        )
        items = draw(
            st.lists(
                catalogue_items(),
                min_size=size - whole,
                max_size=size - whole,
                unique_by=lambda i: i,
            )
        )
        return Catalogue(frozenset(categories), frozenset(items))

    return build()


def purchasers(*, kinds: Iterable[PurchaserKind] | None = None) -> S[Purchaser]:
    """Purchasers of any kind, or of one of ``kinds``."""
    pool = list(kinds) if kinds is not None else list(PurchaserKind)
    return st.builds(Purchaser, TEXTS, TEXTS, st.sampled_from(pool))


def undertakers(*, kinds: Iterable[UndertakerKind] | None = None) -> S[Undertaker]:
    """Undertakers of any kind (or of ``kinds``), meeting some Art 22 conditions."""
    pool = list(kinds) if kinds is not None else list(UndertakerKind)
    return st.builds(
        Undertaker,
        TEXTS,
        st.sampled_from(pool),
        st.frozensets(st.sampled_from(SupplierCondition)),
    )


# -- evaluation ------------------------------------------------------------------
def performance_targets() -> S[PerformanceTarget]:
    """Performance targets: a name and a finite figure."""
    return st.builds(PerformanceTarget, TEXTS, _decimals(-1000, 1000))


def indicators() -> S[Indicator]:
    """Indicators: points, a target (positive when higher is better), a unit."""

    @st.composite
    def build(draw: st.DrawFn) -> Indicator:
        direction = draw(st.sampled_from(Direction))
        least = Decimal("0.01") if direction is Direction.HIGHER_IS_BETTER else _ZERO
        return Indicator(
            name=draw(labels()),
            points=draw(_decimals(0, 100)),
            target=draw(_decimals(least, 1000)),
            direction=direction,
            unit=draw(st.sampled_from(("", "%", "次"))),
        )

    return build()


def indicator_systems(*, min_size: int = 1, max_size: int = 5) -> S[IndicatorSystem]:
    """Indicator systems whose whole points add up to 100."""

    @st.composite
    def build(draw: st.DrawFn) -> IndicatorSystem:
        # Half the histories run their full length (to the end of the project,
        # mostly); the others, and every shrunk one, are shorter.
        longest = max(max_size, min_size, 1)
        size = draw(st.integers(max(min_size, 1), longest) | st.just(longest))
        cuts = sorted(
            draw(st.lists(st.integers(0, 100), min_size=size - 1, max_size=size - 1))
        )
        bounds = [0, *cuts, 100]
        names = draw(
            st.lists(labels(), min_size=size, max_size=size, unique_by=lambda n: n.en)
        )
        parts = [
            attrs.evolve(draw(indicators()), name=name, points=Decimal(high - low))
            for name, low, high in zip(names, bounds, bounds[1:], strict=False)
        ]
        return IndicatorSystem(tuple(parts))

    return build()


def achieved() -> S[Achieved]:
    """Reported values of a target or indicator: a name and a finite figure."""
    return st.builds(Achieved, TEXTS, _decimals(-1000, 1000))


def achievements(*, max_size: int = 3) -> S[tuple[Achieved, ...]]:
    """What an evaluation reports (`Evaluated.achieved`): one value per name."""
    return st.lists(achieved(), max_size=max_size, unique_by=lambda a: a.name).map(
        tuple
    )


def cost_comparisons() -> S[CostComparison]:
    """Cost comparisons: money before and after, with or without a reason."""
    return st.builds(
        CostComparison, before=_MONEY, after=_MONEY, reason=st.just("") | TEXTS
    )


def evaluator_factors() -> S[EvaluatorFactors]:
    """The factors of 谁来考: amount, social impact, fixed site, scope."""
    return st.builds(
        EvaluatorFactors,
        amount=_MONEY,
        social_impact=st.sampled_from(SocialImpact),
        fixed_site=st.booleans(),
        scope=st.sampled_from(Scope),
    )


def evaluator_choices() -> S[EvaluatorChoice]:
    """An evaluator and the reasons for it."""
    return st.builds(
        EvaluatorChoice,
        st.sampled_from(Evaluator),
        st.lists(TEXTS, max_size=3).map(tuple),
    )


def evaluations(*, evaluator: Evaluator | None = None) -> S[Evaluation]:
    """Evaluations: internal ones (weight 1), or third-party ones with a score."""

    @st.composite
    def build(draw: st.DrawFn) -> Evaluation:
        who = evaluator if evaluator is not None else draw(st.sampled_from(Evaluator))
        # An internal evaluation keeps the defaults: no external score, weight 1.
        third_party: dict[str, Any] = (
            {
                "external_score": draw(SCORES),
                "internal_weight": draw(_RATIOS),
                "third_party": draw(TEXTS),
            }
            if who is Evaluator.THIRD_PARTY
            else {}
        )
        return Evaluation(evaluator=who, internal_score=draw(SCORES), **third_party)

    return build()


# -- parameters ------------------------------------------------------------------
def grade_bands(*, ordered: bool = True) -> S[GradeBands]:
    """Grade bands; ordered (优 ≥ 良 ≥ 中) unless ``ordered=False``."""
    scores = st.lists(_decimals(0, 100, places=1), min_size=3, max_size=3)
    if ordered:
        scores = scores.map(lambda s: sorted(s, reverse=True))
    return scores.map(lambda s: GradeBands(*s))


def payment_schedules(*, monotone: bool = True) -> S[PaymentSchedule]:
    """Payment ratios per grade; monotone (worse never pays more) by default."""
    ratios = st.lists(_RATIOS, min_size=4, max_size=4)
    if monotone:
        ratios = ratios.map(lambda r: sorted(r, reverse=True))
    return ratios.map(lambda r: PaymentSchedule(*r))


_REALISTIC_PARAMETERS: Final[dict[str, S[Any]]] = {
    "open_tender_threshold": _THRESHOLDS,
    "decentralised_limit": _THRESHOLDS,
    "third_party_threshold": _THRESHOLDS,
    "max_contract_years": st.integers(1, 5),
    "max_stable_contract_years": st.integers(1, 5),
    "renewal_term_cap_years": st.integers(1, 10),
    "min_tender_days": st.integers(0, 60),
    "max_days_award_to_contract": st.integers(0, 90),
    "supervision_interval_months": st.integers(0, 12),
    "supervision_tolerance": st.one_of(_decimals(0, 20), st.just(INFINITY)),
    "grade_bands": grade_bands(),
    "payment_ratios": payment_schedules(),
}
"""Figures a real document sets: what `frameworks` draws (see there)."""
_MAXIMA: Final[dict[str, Any]] = {
    "open_tender_threshold": _LARGEST,
    "decentralised_limit": _LARGEST,
    "third_party_threshold": _LARGEST,
    "supervision_tolerance": _LARGEST,
    **{
        name: attrs.fields_dict(Parameters)[name].default
        for name in (
            "max_contract_years",
            "max_stable_contract_years",
            "renewal_term_cap_years",
            "max_days_award_to_contract",
        )
    },
    "min_tender_days": 36_500,
    "supervision_interval_months": 1188,
}
"""The largest value of each bounded parameter (`Parameters`: 99 years, 36 500
days, 1188 months; a finite decimal below 10^15)."""
_PARAMETER_STRATEGIES: Final[dict[str, S[Any]]] = {
    name: st.one_of(strategy, st.just(_MAXIMA[name])) if name in _MAXIMA else strategy
    for name, strategy in _REALISTIC_PARAMETERS.items()
}


def parameter_values(name: str) -> S[Any]:
    """Valid values of parameter ``name`` (see `Parameters`), its maximum often.

    Raises:
        InvalidInput: when ``name`` is not a parameter.
    """
    return _parameter_values(name, _PARAMETER_STRATEGIES)


def _parameter_values(name: str, figures: dict[str, S[Any]]) -> S[Any]:
    Parameters.label(name)
    if name in figures:
        return figures[name]
    kind = typing.get_type_hints(Parameters)[name]
    if typing.get_origin(kind) is frozenset:
        return st.frozensets(st.sampled_from(typing.get_args(kind)[0]))
    by_type: dict[Any, S[Any]] = {
        bool: st.booleans(),
        int: st.integers(1, 12),
        Decimal: _RATIOS,
        Grade: st.sampled_from(Grade),
        Grade | None: st.none() | st.sampled_from(Grade),
    }
    return by_type[kind]


def overrides(
    *,
    names: Iterable[str] | None = None,
    min_size: int = 0,
    max_size: int | None = None,
) -> S[Overrides]:
    """Overrides of some parameters (of ``names`` when given), maxima included."""
    return _overrides(names, min_size, max_size, _PARAMETER_STRATEGIES)


def _overrides(
    names: Iterable[str] | None,
    min_size: int,
    max_size: int | None,
    figures: dict[str, S[Any]],
) -> S[Overrides]:
    pool = tuple(names) if names is not None else Parameters.names()

    @st.composite
    def build(draw: st.DrawFn) -> Overrides:
        chosen = draw(
            st.lists(
                st.sampled_from(pool), unique=True, min_size=min_size, max_size=max_size
            )
        )
        return Overrides(
            **{name: draw(_parameter_values(name, figures)) for name in chosen}
        )

    return build()


def parameters() -> S[Parameters]:
    """Full parameter records: defaults with some values set."""
    return overrides().map(lambda o: Parameters(**o.as_dict()))


def outcomes() -> S[Outcome]:
    """Outcomes of a grade: payment ratio, renewal, accountability."""
    return st.builds(
        Outcome,
        payment_ratio=_RATIOS,
        may_renew=st.booleans(),
        accountable=st.booleans(),
        grade=st.none() | st.sampled_from(Grade),
        retender_priority=st.booleans(),
    )


# -- documents and frameworks ----------------------------------------------------
def _strictest(framework: PolicyFramework, name: str) -> Any:
    values = [d.sets.get(name) for d in framework.documents if name in d.sets]
    value = values[0] if values else getattr(Parameters(), name)
    for other in values[1:]:
        value = stricter(name, value, other)
    return value


def _tightening(framework: PolicyFramework, name: str, value: Any) -> Any:
    if Parameters.strictness(name) is Strictness.UNORDERED:
        return value
    return stricter(name, value, _strictest(framework, name))


def _new_id(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or with the first free ``-2``, ``-3`` … suffix."""
    used = set(taken)
    return next(
        candidate
        for candidate in (wanted, *(f"{wanted}-{n}" for n in range(2, len(used) + 3)))
        if candidate not in used
    )


def documents(
    layer: Layer | None = None,
    *,
    framework: PolicyFramework | None = None,
    tightening: bool = False,
    supersedes: S[str | None] | None = None,
) -> S[PolicyDocument]:
    """Policy documents of any layer (or of ``layer``), citing every value they set.

    Args:
        layer: the layer of every document drawn.
        framework: the framework the documents are for: their ids are new to it.
        tightening: documents that do not loosen ``framework``: every value
            set is at least as strict as the strictest any of its documents
            sets, no catalogue is listed, and none takes effect before the
            framework's first local document.
        supersedes: a strategy for the id the document supersedes; by default
            none (a superseding document changes the law rather than
            tightening it).

    Effective and expiry dates reach both ends of the domain of dates
    (1949-10-01 to 2199-12-31), and figures their maxima.

    Raises:
        InvalidInput: for ``tightening`` without a ``framework``.
    """
    return _documents(
        layer, framework, tightening=tightening, supersedes=supersedes, recent=False
    )


def _documents(
    layer: Layer | None,
    framework: PolicyFramework | None,
    *,
    tightening: bool,
    supersedes: S[str | None] | None,
    recent: bool,
) -> S[PolicyDocument]:
    """`documents`; ``recent``: in force from 2000–2030, with realistic figures."""
    if tightening and framework is None:
        raise InvalidInput("documents: tightening=True needs the framework to tighten")
    taken = [d.id for d in framework.documents] if framework is not None else []
    local = [
        d.effective
        for d in (framework.documents if framework is not None else ())
        if d.layer is not Layer.NATIONAL
    ]
    # A tightening local document comes no earlier than the local system it
    # joins: alone, it would be a 1+3+N system without its 1 and its 3.
    last = LATEST if recent else LATEST_DAY
    any_day = _RECENT_DAYS if recent else _DAYS
    days = st.dates(min(local), last) if tightening and local else any_day
    figures = _REALISTIC_PARAMETERS if recent else _PARAMETER_STRATEGIES
    ends = st.nothing() if recent else st.just(LATEST_DAY)

    @st.composite
    def build(draw: st.DrawFn) -> PolicyDocument:
        at = layer if layer is not None else draw(st.sampled_from(Layer))
        effective = draw(days)
        sets = draw(_overrides(None, 0, None, figures))
        if tightening and framework is not None:
            sets = Overrides(**{n: _tightening(framework, n, v) for n, v in sets})
        catalogue = None if tightening else draw(st.none() | catalogues(max_size=4))
        cited = [*sets.names(), *(("catalogue",) if catalogue is not None else ())]
        assumed = draw(st.lists(st.sampled_from([*cited, "effective"]), unique=True))
        return PolicyDocument(
            id=_new_id(draw(_DOCUMENT_IDS), taken),
            title=draw(labels()),
            layer=at,
            role=draw(st.sampled_from(CoreRole)) if at is Layer.CORE else None,
            answers=draw(st.frozensets(st.sampled_from(Question))),
            effective=effective,
            expires=draw(
                st.none()
                | st.dates(effective, min(effective + timedelta(days=3650), LATEST_DAY))
                | ends
            ),
            supersedes=draw(supersedes if supersedes is not None else st.none()),
            sets=sets,
            catalogue=catalogue,
            articles={name: draw(TEXTS) for name in cited},
            assumptions={name: draw(TEXTS) for name in assumed},
            verified=draw(st.booleans()),
        )

    return build()


def frameworks(
    base: PolicyFramework | None = None,
    *,
    min_size: int = 0,
    max_size: int = 3,
    layer: Layer | None = None,
    sound: bool = False,
) -> S[PolicyFramework]:
    """Frameworks: a base (by default national or Anyang) and some more documents.

    The documents added take effect from 2000 to 2030 and set the figures of
    real documents (terms of 1–10 years, deadlines of up to 90 days), so that
    the histories `steps` and `projects` design under a framework stay inside
    the domain of dates; `documents` reaches the ends of the domain and the
    maxima of every parameter.

    Args:
        base: the framework to add documents to.
        min_size: fewest documents added.
        max_size: most documents added.
        layer: the layer of the added documents (any by default).
        sound: add only documents that tighten the base without a defect, so
            that a sound base stays sound (`PolicyFramework.check`): supporting
            documents when the base has local ones, national ones otherwise.
    """

    @st.composite
    def build(draw: st.DrawFn) -> PolicyFramework:
        start = (
            base if base is not None else draw(st.sampled_from((national(), anyang())))
        )
        local = any(d.layer is not Layer.NATIONAL for d in start.documents)
        at = (Layer.SUPPORTING if local else Layer.NATIONAL) if sound else layer
        docs = draw(
            st.lists(
                _documents(at, start, tightening=sound, supersedes=None, recent=True),
                min_size=min_size,
                max_size=max_size,
            )
        )
        added: list[PolicyDocument] = []
        for drawn in docs:
            earlier = (*start.documents, *added)
            doc = _agreeing(drawn, earlier) if sound else drawn
            taken = [d.id for d in earlier]
            added.append(attrs.evolve(doc, id=_new_id(doc.id, taken)))
        return PolicyFramework((*start.documents, *added))

    return build()


def rule_sets(framework: PolicyFramework | None = None) -> S[RuleSet]:
    """The rules in force on some day under ``framework`` (or any framework)."""
    source = st.just(framework) if framework is not None else frameworks()
    return st.builds(lambda fw, day: fw.at(day), source, _DAYS)


def changes() -> S[Change]:
    """Differences between two rule sets, as `RuleSet.diff` reports them."""
    kinds = st.sampled_from(("parameter", "catalogue", "method", "document"))
    return st.builds(Change, kinds, TEXTS, _ANY_TEXT, _ANY_TEXT)


def method_assessments() -> S[MethodAssessment]:
    """A method and the reasons it may not be used (none: permitted)."""
    return st.builds(
        MethodAssessment,
        st.sampled_from(Method),
        st.lists(TEXTS, max_size=3).map(tuple),
    )


def limits() -> S[Limits]:
    """Bounds on a stored payload (`procpolicy.serialization.Limits`)."""
    return st.builds(
        Limits,
        max_depth=st.integers(1, 64),
        max_nodes=st.integers(1, 10**6),
        max_string=st.integers(1, 10**6),
        max_number_digits=st.integers(1, 100),
    )


def workflows(framework: PolicyFramework | None = None) -> S[Workflow]:
    """Workflows under ``framework`` (or any framework)."""
    return st.builds(
        Workflow, st.just(framework) if framework is not None else frameworks()
    )


# -- events ---------------------------------------------------------------------
_ZONES = st.sampled_from(
    (UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)))
)
_RECENT_MOMENTS = st.one_of(
    st.datetimes(
        datetime(2000, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive
        datetime(2030, 12, 31),  # noqa: DTZ001
    ),
    st.datetimes(
        datetime(2000, 1, 1),  # noqa: DTZ001
        datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=_ZONES,
    ),
)
"""Moments of the recent span, for events a designed history draws at random."""
_FIRST_MOMENT: Final = datetime.combine(EARLIEST_DAY, time.min)
_LAST_MOMENT: Final = datetime.combine(LATEST_DAY, time.max)
_CST_MOMENTS = st.one_of(
    st.datetimes(_FIRST_MOMENT, _LAST_MOMENT),
    st.sampled_from((_FIRST_MOMENT, _LAST_MOMENT)),
)
"""Naive moments (China Standard Time) of the whole domain, its ends often."""
_MOMENTS = st.one_of(
    _CST_MOMENTS,
    # The same moment in another zone: its day in China stays in the domain.
    st.builds(
        lambda at, zone: at.replace(tzinfo=E.CST).astimezone(zone), _CST_MOMENTS, _ZONES
    ),
)


def _periods(days: S[date]) -> S[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        start = draw(days)
        longest = min(start + timedelta(days=1500), LATEST_DAY)
        return {
            "start": start,
            "end": draw(st.dates(start, longest) | st.just(longest)),
            "amount": draw(_MONEY),
            "stable": draw(st.booleans()),
        }

    return build()


@st.composite
def _drafted_fields(draw: st.DrawFn) -> dict[str, Any]:
    item = draw(st.none() | catalogue_items())
    category = item.category if item else draw(st.sampled_from(ServiceCategory))
    return {
        "project_id": draw(TEXTS),
        "title": draw(TEXTS),
        "purchaser": draw(purchasers()),
        "category": category,
        "involves": draw(st.frozensets(st.sampled_from(Prohibited))),
        "item": item,
        "social_impact": draw(st.sampled_from(SocialImpact)),
        "fixed_site": draw(st.booleans()),
        "scope": draw(st.sampled_from(Scope)),
    }


_EVENT_FIELDS: Final[dict[type[E.Event], S[dict[str, Any]]]] = {
    E.Drafted: _drafted_fields(),
    E.Budgeted: st.fixed_dictionaries(
        {
            "amount": _decimals(Decimal("0.01"), 10_000_000),
            "separate_line": st.booleans(),
            "targets": st.lists(performance_targets(), max_size=2).map(tuple),
            "cost_before": st.none() | _MONEY,
        }
    ),
    E.Disclosed: st.fixed_dictionaries(
        {"items": st.frozensets(st.sampled_from(DisclosureItem)), "channel": _ANY_TEXT}
    ),
    E.ProcurementStarted: st.fixed_dictionaries(
        {
            "method": st.sampled_from(Method),
            "grounds": st.frozensets(st.sampled_from(MethodGround)),
            "deadline": st.none() | _DAYS,
            "original_contract": st.none() | _decimals(Decimal("0.01"), 10_000_000),
        }
    ),
    E.ProcurementFailed: st.fixed_dictionaries({"reason": TEXTS}),
    E.Awarded: st.fixed_dictionaries(
        {
            "undertaker": undertakers(),
            "amount": _MONEY,
            "bidders": st.none() | st.integers(0, 10),
        }
    ),
    E.Contracted: _periods(_DAYS),
    E.ContractPublished: st.just({}),
    E.Amended: st.fixed_dictionaries(
        {"amount": _decimals(Decimal("0.01"), 10_000_000), "reason": TEXTS}
    ),
    E.Supervised: st.fixed_dictionaries({"score": SCORES, "note": _ANY_TEXT}),
    E.Evaluated: st.fixed_dictionaries(
        {
            "evaluation": evaluations(),
            "achieved": achievements(),
            "indicators": st.none() | indicator_systems(max_size=3),
        }
    ),
    E.Settled: st.fixed_dictionaries({"paid": _MONEY, "cost_reason": _ANY_TEXT}),
    E.Renewed: _periods(_DAYS),
    E.Retendered: st.just({}),
    E.Closed: st.fixed_dictionaries({"accountable": st.none() | _ANY_TEXT}),
    E.Cancelled: st.fixed_dictionaries({"reason": TEXTS}),
}


def events(*kinds: type[E.Event]) -> S[E.Event]:
    """Events of any class (or of ``kinds``) with any valid figures.

    These are well-formed events, not a history: for events a workflow
    accepts, use `event_sequences` or `steps`.  Their dates reach both ends
    of the domain of dates (1949-10-01 to 2199-12-31, ``at`` in China
    Standard Time, naive or in another zone).

    Raises:
        InvalidInput: for a class that is not an event class.
    """
    return _events(kinds, _MOMENTS, _EVENT_FIELDS)


def recent_events(*kinds: type[E.Event]) -> S[E.Event]:
    """`events` of the recent span (2000–2030): what a designed history draws.

    A history that met an event of 2199 would have no room left to go on.
    """
    return _events(kinds, _RECENT_MOMENTS, _RECENT_FIELDS)


def _events(
    kinds: tuple[type[E.Event], ...],
    moments: S[datetime],
    fields: dict[type[E.Event], S[dict[str, Any]]],
) -> S[E.Event]:
    chosen = kinds or E.EVENT_TYPES
    unknown = [k for k in chosen if k not in fields]
    if unknown:
        raise InvalidInput(f"events: {unknown!r} are not event classes")
    return st.one_of(
        [
            st.builds(
                lambda kind, at, values: kind(at=at, **values),
                st.just(k),
                moments,
                fields[k],
            )
            for k in chosen
        ]
    )


def contract_periods() -> S[ContractPeriod]:
    """Contract periods (inclusive dates), original or renewal."""
    return st.builds(
        lambda fields, signed, renewal: ContractPeriod(
            **fields, signed=signed, renewal=renewal
        ),
        _periods(_DAYS),
        _DAYS,
        st.booleans(),
    )


_RECENT_FIELDS: Final = {
    **_EVENT_FIELDS,
    E.Contracted: _periods(_RECENT_DAYS),
    E.Renewed: _periods(_RECENT_DAYS),
}


# -- hostile input -----------------------------------------------------------------
_HOSTILE_STRINGS: Final = (
    *("NaN", "-Infinity", "1e999999", "2015-02-30", "", "RED"),
    # Numerals outside the grammar: separators, other digits, a negative zero.
    *("1_000", "１２", "٣٠٠", "-0", "+1", "0x10", " 1", "1e5"),
    # Dates outside ISO 8601's extended format, or outside the domain.
    *("20150601", "2015-W23-1", "2015-152", "2015-06-01 09:00", "1949-09-30"),
    *("2200-01-01", "9999-12-31", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00"),
)
"""Strings just outside what the loader reads (``docs/security.md``)."""


def json_values(*, max_leaves: int = 30) -> S[Any]:
    """Arbitrary JSON-like data: any nesting, huge and odd numbers, any text.

    Floats include NaN and infinities, integers reach far past 64 bits, and
    strings any Unicode; for feeding ``serialization.from_dict``.
    """
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**30, max_value=10**60),
        st.floats(),
        st.text(),
        st.sampled_from(_HOSTILE_STRINGS),
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.text(max_size=12) | st.sampled_from(("type", "at", "id")),
                inner,
                max_size=4,
            )
        ),
        max_leaves=max_leaves,
    )


def _agreeing(
    doc: PolicyDocument, earlier: tuple[PolicyDocument, ...]
) -> PolicyDocument:
    """``doc`` with the unordered values an earlier document of its layer sets.

    Two documents of one layer in force together that set an unordered value
    differently are a ``framework.conflict`` error, so a sound framework's
    added documents agree with those of their layer before them.
    """
    values = {
        name: next(
            (
                d.sets.get(name)
                for d in earlier
                if d.layer is doc.layer and name in d.sets
            ),
            value,
        )
        if Parameters.strictness(name) is Strictness.UNORDERED
        else value
        for name, value in doc.sets
    }
    return attrs.evolve(doc, sets=Overrides(**values))
