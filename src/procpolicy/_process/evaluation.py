"""Evaluation and payment (三考, 花钱必问效): ``Evaluated`` and ``Settled``.

Steps: ``CONTRACTED ─Evaluated→ EVALUATED ─Settled→ SETTLED``.  The evaluator
is the one the project's factors call for (谁来考: amount, social impact,
fixed site, scope); the internal score agrees with the daily supervision
(日常考评与第三方考评相结合); no payment without an evaluation of the period,
and never more than the grade allows (考评结果作为拨付项目资金的依据).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from procpolicy._process._base import (
    FACT_EVALUATIONS,
    NOT_APPLICABLE,
    PASS,
    Facts,
    Need,
    Result,
    Stage,
    Step,
    appends,
    changes,
    check,
    fail,
    unknown,
    unknown_because,
)
from procpolicy._process.contract import contract_published
from procpolicy._process.procurement import yuan
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import (
    Evaluator,
    EvaluatorFactors,
    Indicator,
    IndicatorSystem,
    Scope,
    SocialImpact,
    choose_evaluator,
    third_party_triggers,
)
from procpolicy.events import Evaluated, Settled
from procpolicy.parameters import Grade
from procpolicy.parties import Role
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "EVALUATED",
    "SETTLED",
    "allowed_payment",
    "evaluation_consistent",
    "evaluation_evaluator",
    "evaluation_targets",
    "evaluation_weights",
    "grade_of",
    "period_grade",
    "settlement_cost_comparison",
    "settlement_evaluated",
    "settlement_payment",
]

_CENT = Decimal("0.01")
_EXACT = Context(prec=64, rounding=ROUND_HALF_EVEN)
"""Enough digits for any product of two bounded decimals (below 1e15, at most 12
places each: at most 30 significant digits), so the product is exact and the
only rounding is the one to the cent."""


def period_grade(evaluated: Evaluated, rules: RuleSet) -> Grade:
    """The grade of an evaluation under the bands in force."""
    # An evaluation's total is already a valid 0–100 score (Evaluation checks
    # its scores and weight), so the bands grade it directly.
    return rules.parameters.grade_bands.grade(evaluated.evaluation.total)


def grade_of(project: Project, rules_at: Callable[[date], RuleSet]) -> Grade | None:
    """The grade of the current period's evaluation, by the bands on its day."""
    evaluated = project.evaluated
    if evaluated is None:
        return None
    return rules_at(evaluated.day).grade(evaluated.evaluation.total)


_evaluate = changes("evaluations", "period_evaluation")


def _evaluated(facts: Facts, event: Evaluated) -> Facts:
    return _evaluate(facts, (facts[FACT_EVALUATIONS], event), event)


# -- evaluation.evaluator -----------------------------------------------------
_FACTORS = (
    ("third_party_for_high_impact", "social_impact", "社会影响度"),
    ("third_party_without_fixed_site", "fixed_site", "有无固定场所"),
    ("third_party_for_citywide", "scope", "范围"),
)


def _known_factors(project: Project) -> EvaluatorFactors:
    """The 谁来考 factors, an unknown one read as the one that calls for nobody."""
    drafted = project.drafted
    return EvaluatorFactors(
        amount=project.budgeted,
        social_impact=drafted.social_impact or SocialImpact.LOW,
        fixed_site=True if drafted.fixed_site is None else drafted.fixed_site,
        scope=drafted.scope or Scope.SITE,
    )


def _evaluator_needs(project: Project, rules: RuleSet) -> Need:
    choice = choose_evaluator(_known_factors(project), rules)
    if choice.evaluator is Evaluator.THIRD_PARTY:
        return Need(
            "a third party must evaluate: " + "; ".join(choice.reasons),
            "应由第三方考评",
            Evaluator.THIRD_PARTY.name,
        )
    return Need(
        "the purchaser may evaluate internally, unless a factor calls for a third "
        f"party (third-party threshold {yuan(rules.parameters.third_party_threshold)} "
        f"yuan; {rules.source('third_party_threshold')})",
        "可由购买主体自行考评",
        Evaluator.INTERNAL.name,
    )


def _evaluation_evaluator(project: Project, event: Evaluated, rules: RuleSet) -> Result:
    """谁来考: a third party evaluates when a factor reaches its trigger."""
    if event.evaluation.evaluator is Evaluator.THIRD_PARTY:
        return PASS
    drafted = project.drafted
    params = rules.parameters
    triggered = third_party_triggers(
        project.budgeted,
        drafted.social_impact or SocialImpact.LOW,
        drafted.scope or Scope.SITE,
        rules,
        fixed_site=True if drafted.fixed_site is None else drafted.fixed_site,
    )
    if triggered:
        choice = choose_evaluator(_known_factors(project), rules)
        threshold = yuan(params.third_party_threshold)
        zh = {
            "third_party_threshold": f"项目金额{yuan(project.budgeted)}元"
            f"达到第三方考评标准{threshold}元",
            "third_party_for_high_impact": "社会影响度高",
            "third_party_without_fixed_site": "无固定场所",
            "third_party_for_citywide": "服务范围为全市",
        }
        return fail(
            "a third party must evaluate this project: " + "; ".join(choice.reasons),
            "应由第三方考评: " + "; ".join(zh[name] for name in triggered),
            triggers=",".join(triggered),
        )
    if None not in (drafted.social_impact, drafted.fixed_site, drafted.scope):
        return PASS
    return _unknown_factors(
        params.third_party_for_high_impact and drafted.social_impact is None,
        params.third_party_without_fixed_site and drafted.fixed_site is None,
        params.third_party_for_citywide and drafted.scope is None,
    )


evaluation_evaluator = check(
    "evaluation.evaluator",
    "谁来考",
    "The evaluator the project's factors call for",
    Citation("ay-evaluation", "三考: 谁来考", verified=False),
    reads=(
        "third_party_threshold",
        "third_party_for_high_impact",
        "third_party_without_fixed_site",
        "third_party_for_citywide",
    ),
    requires=_evaluator_needs,
    unknowns=("Drafted.social_impact", "Drafted.fixed_site", "Drafted.scope"),
)(_evaluation_evaluator)


@cache
def _unknown_factors(*unknown_switched: bool) -> Result:
    """PASS, or the `Unknown` naming the factors the rules switch on but lack.

    Memoised (at most eight results): a project that records no factor pays
    for the message once, not on every evaluation.
    """
    missing = [
        (field, zh)
        for (_, field, zh), lacking in zip(_FACTORS, unknown_switched, strict=True)
        if lacking
    ]
    if not missing:
        return PASS
    names = ", ".join(f"Drafted.{field}" for field, _ in missing)
    return unknown(
        names,
        f"who evaluates depends on {names}, which the project does not record; "
        "a third party may be required",
        "未记录" + "、".join(zh for _, zh in missing) + ", 无法判定是否应由第三方考评",
    )


# -- evaluation.consistent ----------------------------------------------------
def _consistent_needs(project: Project, rules: RuleSet) -> Need:
    tolerance = rules.parameters.supervision_tolerance
    average = project.supervision_mean
    if not tolerance.is_finite():
        return Need("no tolerance applies", "无一致性要求")
    if average is None:
        return Need(
            "record daily evaluations (Supervised) first: the internal score rests "
            "on them",
            "应先有日常考评记录",
        )
    low, high = max(average - tolerance, Decimal(0)), min(average + tolerance, 100)
    return Need(
        f"an internal score within {tolerance} points of the daily mean {average}: "
        f"{low} to {high} ({rules.source('supervision_tolerance')})",
        f"内部评分应在日常考评均分{average}±{tolerance}分内",
        f"{low}–{high}",
        (("mean", str(average)), ("tolerance", str(tolerance))),
    )


def _evaluation_consistent(
    project: Project, event: Evaluated, rules: RuleSet
) -> Result:
    """怎么考: the internal score is within the tolerance of the daily scores."""
    tolerance = rules.parameters.supervision_tolerance
    if not tolerance.is_finite():
        return NOT_APPLICABLE
    internal = event.evaluation.internal_score
    average = project.supervision_mean
    if average is None:
        return fail(
            f"no daily evaluation (Supervised) was recorded in this period, so the "
            f"internal score {internal} rests on nothing "
            f"({rules.source('supervision_tolerance')})",
            f"本期无日常考评记录, 内部评分{internal}分缺乏依据",
        )
    gap = abs(internal - average)
    if gap <= tolerance:
        return PASS
    return fail(
        f"the internal score {internal} differs from the mean daily score {average} by "
        f"{gap} points; at most {tolerance} are allowed "
        f"({rules.source('supervision_tolerance')})",
        f"内部评分{internal}分与日常考评均分{average}分相差{gap}分, "
        f"不得超过{tolerance}分",
        internal=internal,
        mean=average,
        tolerance=tolerance,
    )


evaluation_consistent = check(
    "evaluation.consistent",
    "日常考评与第三方考评相结合",
    "The internal score agrees with the daily supervision",
    Citation("ay-evaluation", "三考: 日常考评与第三方考评相结合", verified=False),
    reads=("supervision_tolerance",),
    requires=_consistent_needs,
)(_evaluation_consistent)


# -- evaluation.weights -------------------------------------------------------
def _weights_set(rules: RuleSet) -> bool:
    """Whether a document in force sets the internal weight."""
    return any(name == "internal_weight" for name, _ in rules.sources)


def _weights_needs(project: Project, rules: RuleSet) -> Need:
    weight = rules.parameters.internal_weight
    if not _weights_set(rules):
        return Need("no rule in force sets the weights", "无权重规定")
    return Need(
        f"a third-party evaluation weighs the internal score {weight} and the "
        f"third party's {1 - weight} ({rules.source('internal_weight')})",
        f"第三方考评时内部考评权重为{weight}, 第三方为{1 - weight}",
        str(weight),
        (("internal_weight", str(weight)),),
    )


def _evaluation_weights(project: Project, event: Evaluated, rules: RuleSet) -> Result:
    """怎么考: the internal and third-party scores weigh what the rules in force say.

    An internal evaluation weighs its own score alone (weight 1, `Evaluation`),
    so the rule reaches third-party evaluations only, and only where a
    document in force sets ``internal_weight``.
    """
    ev = event.evaluation
    if ev.evaluator is not Evaluator.THIRD_PARTY or not _weights_set(rules):
        return NOT_APPLICABLE
    weight = rules.parameters.internal_weight
    if ev.internal_weight == weight:
        return PASS
    return fail(
        f"the evaluation weighs the internal score {ev.internal_weight} and the "
        f"third party's {1 - ev.internal_weight}; the rules in force say "
        f"{weight} and {1 - weight} ({rules.source('internal_weight')})",
        f"内部考评权重{ev.internal_weight}, 应为{weight}(第三方{1 - weight})",
        weight=ev.internal_weight,
        required=weight,
    )


evaluation_weights = check(
    "evaluation.weights",
    "权重分值",
    "A third-party evaluation weighs the scores as the rules say",
    Citation("ay-evaluation", "三考: 权重分值的内外考评方式", verified=False),
    reads=("internal_weight",),
    requires=_weights_needs,
)(_evaluation_weights)


# -- evaluation.targets -------------------------------------------------------
def _targets_of(project: Project) -> tuple[str, ...]:
    budget = project.budget
    return tuple(t.name for t in budget.targets) if budget is not None else ()


def _targets_needs(project: Project, rules: RuleSet) -> Need:
    names = _targets_of(project)
    if not rules.parameters.targets_required or not names:
        return Need("no target set at budgeting to report on", "预算时未设定绩效目标")
    listed = ", ".join(names)
    return Need(
        f"report the achieved value of every target set at budgeting: {listed} "
        "(Evaluated.achieved); where an indicator system scores the evaluation, "
        "the evaluator's score is its score",
        f"考评须报告预算时设定的每项绩效目标的完成值: {'、'.join(names)}",
        listed,
        (("targets", listed),),
    )


def _indicator_name(indicator: Indicator, reported: dict[str, Decimal]) -> str:
    """The name an indicator's value is reported under: Chinese, else English."""
    return indicator.name.zh if indicator.name.zh in reported else indicator.name.en


def _evaluation_targets(project: Project, event: Evaluated, rules: RuleSet) -> Result:
    """三衔接: the evaluation reports the achieved value of each budget target.

    The rule is about *reporting*: a target reported as missed is a result
    the grade reflects, not a breach of this rule.  UNDETERMINED when a target
    set at budgeting (or an indicator of ``Evaluated.indicators``) has no
    reported value.  Where an `IndicatorSystem` scores the evaluation, its
    score of the reported values is the one used: the evaluator's score (the
    third party's external score, or the internal score of an internal
    evaluation) must be it, or the rule FAILS.  The rule reaches projects
    whose rules in force make performance targets part of the process
    (``targets_required``).
    """
    if not rules.parameters.targets_required:
        return NOT_APPLICABLE
    system = event.indicators
    names = _targets_of(project)
    if not names and system is None:
        return NOT_APPLICABLE
    reported = {a.name: a.value for a in event.achieved}
    missing = [n for n in names if n not in reported]
    if system is not None:
        missing += [
            i.name.en
            for i in system.indicators
            if i.name.zh not in reported and i.name.en not in reported
        ]
    if missing:
        return unknown_because(
            "Evaluated.achieved",
            lambda: (
                (
                    "the evaluation does not report the achieved value of "
                    f"{', '.join(missing)} (Evaluated.achieved), set at budgeting "
                    "or in its indicator system"
                ),
                f"考评未报告{'、'.join(missing)}的完成值",
            ),
        )
    if system is None:
        return PASS
    return _indicator_score(event, system, reported)


evaluation_targets = check(
    "evaluation.targets",
    "全过程绩效目标管理",
    "The evaluation reports on the targets set at budgeting",
    Citation("ay-evaluation", "三衔接: 全过程绩效目标管理", verified=False),
    reads=("targets_required",),
    requires=_targets_needs,
    unknowns=("Evaluated.achieved",),
)(_evaluation_targets)


def _indicator_score(
    event: Evaluated, system: IndicatorSystem, reported: dict[str, Decimal]
) -> Result:
    """The evaluator's score is the indicator system's score of the values."""
    ev = event.evaluation
    actuals = {
        i.name.en: reported[_indicator_name(i, reported)] for i in system.indicators
    }
    try:
        expected = system.score(actuals)
    except InvalidInput as exc:
        return fail(
            "the indicator system cannot score the reported values: "
            + "; ".join(exc.messages),
            "绩效指标体系无法对所报告的完成值评分",
        )
    third = ev.evaluator is Evaluator.THIRD_PARTY
    scored = ev.external_score if third else ev.internal_score
    which, zh = ("third party's", "第三方") if third else ("internal", "内部")
    if scored == expected:
        return PASS
    return fail(
        f"the indicator system scores the reported values {expected} points, but "
        f"the {which} score is {scored}: where an indicator system scores the "
        "evaluation, its score is the one used",
        f"按绩效指标体系, 完成值应得{expected}分, {zh}评分却为{scored}分",
        expected=expected,
        scored=scored,
    )


EVALUATED = Step(
    Evaluated,
    frozenset({Stage.CONTRACTED}),
    Stage.EVALUATED,
    _evaluated,
    (
        evaluation_evaluator,
        evaluation_consistent,
        evaluation_weights,
        evaluation_targets,
        contract_published,
    ),
)
"""``CONTRACTED ─Evaluated→ EVALUATED``."""


# -- settlement.evaluated -----------------------------------------------------
def _evaluated_needs(project: Project, rules: RuleSet) -> Need:
    return Need(
        "an evaluation of the current period (Evaluated) before any payment",
        "拨付资金前须完成本期绩效考评",
        "Evaluated",
    )


def _settlement_evaluated(project: Project, event: Any, rules: RuleSet) -> Result:
    """花钱必问效: the period is evaluated before it is paid."""
    if project.evaluated is not None:
        return PASS
    period = project.contract
    which = f"the period {period.start} to {period.end}" if period else "this project"
    zh = f"{period.start}至{period.end}" if period else "本项目"
    return fail(
        f"no evaluation of {which} is recorded: no payment without one (花钱必问效)",
        f"{zh}未经绩效考评, 不得拨付资金",
    )


settlement_evaluated = check(
    "settlement.evaluated",
    "花钱必问效",
    "No payment without an evaluation of the period",
    Citation("ay-evaluation", "三考: 考评结果作为拨付项目资金的依据", verified=False),
    requires=_evaluated_needs,
    reads_event=False,
    role=Role.FINANCE,
)(_settlement_evaluated)


# -- settlement.payment -------------------------------------------------------
def allowed_payment(amount: Decimal, ratio: Decimal) -> Decimal:
    """The most a grade allows: ``amount × ratio``, exact, rounded once to the cent.

    The product is computed exactly (a local 64-digit context) and rounded
    once, half to even, to 0.01 yuan.

    Examples:
        >>> allowed_payment(Decimal("100005000000000.04"), Decimal("0.999999999999"))
        Decimal('100004999999900.03')
    """
    return _EXACT.quantize(_EXACT.multiply(amount, ratio), _CENT)


def _payment_needs(project: Project, rules: RuleSet) -> Need:
    period = project.contract
    evaluated = project.evaluated
    if period is None or evaluated is None:
        return Need(
            "at most the share of the contract amount the grade allows",
            "按考评等级确定拨付比例",
        )
    grade = period_grade(evaluated, rules)
    ratio = rules.parameters.payment_ratios.ratio(grade)
    amount = period.amount + project.supplemented
    allowed = allowed_payment(amount, ratio)
    return Need(
        f"pay at most {yuan(allowed)} yuan: {ratio:.0%} of {yuan(amount)} for "
        f"the grade {grade} ({rules.source('payment_ratios')})",
        f"按考评等级{grade.zh}最多拨付{yuan(allowed)}元({ratio:.0%})",
        yuan(allowed),
        (("allowed", str(allowed)), ("grade", grade.name), ("ratio", str(ratio))),
    )


def _settlement_payment(project: Project, event: Settled, rules: RuleSet) -> Result:
    """The payment is at most the contract amount times the grade's ratio.

    The contract amount includes what supplementary contracts (`Amended`)
    added to the period.
    """
    period = project.contract
    evaluated = project.evaluated
    if period is None or evaluated is None:
        return NOT_APPLICABLE
    grade = period_grade(evaluated, rules)
    ratio = rules.parameters.payment_ratios.ratio(grade)
    amount = period.amount + project.supplemented
    allowed = allowed_payment(amount, ratio)
    if event.paid <= allowed:
        return PASS
    return fail(
        f"paying {yuan(event.paid)} yuan exceeds {yuan(allowed)} yuan: "
        f"{ratio:.0%} of the contract amount "
        f"{yuan(amount)} for the grade {grade} "
        f"({evaluated.evaluation.total} points; {rules.source('payment_ratios')})",
        f"拨付{yuan(event.paid)}元超过{yuan(allowed)}元: 考评等级{grade.zh}"
        f"({evaluated.evaluation.total}分)最多拨付合同金额的{ratio:.0%}",
        paid=event.paid,
        allowed=allowed,
        grade=grade.name,
        ratio=ratio,
    )


settlement_payment = check(
    "settlement.payment",
    "按考评结果拨付",
    "Payment no more than the grade allows",
    Citation(
        "ay-evaluation",
        "三考: 考评结果作为拨付项目资金的依据",
        verified=False,
        note="no national rule ties a grade to a payment cut; the schedule is "
        "the Anyang preset's assumption",
    ),
    reads=("payment_ratios", "grade_bands"),
    requires=_payment_needs,
    role=Role.FINANCE,
)(_settlement_payment)


# -- settlement.cost_comparison -----------------------------------------------
def _comparison_needs(project: Project, rules: RuleSet) -> Need:
    budget = project.budget
    before = budget.cost_before if budget is not None else None
    if not rules.parameters.cost_comparison_required or before is None:
        return Need(
            "record the cost before purchase (Budgeted.cost_before) and, when the "
            "purchase costs more, why (Settled.cost_reason)",
            "记录购买前成本; 购买后成本更高时说明理由",
        )
    return Need(
        f"a payment above {yuan(before)} yuan, what the service cost before it was "
        f"bought, says why (Settled.cost_reason; "
        f"{rules.source('cost_comparison_required')})",
        f"拨付超过购买前成本{yuan(before)}元的, 须说明理由",
        yuan(before),
        (("before", str(before)),),
    )


def _settlement_cost_comparison(
    project: Project, event: Settled, rules: RuleSet
) -> Result:
    """加强资金管理: the finance department's before/after comparison.

    `CostComparison` of the cost before purchase (`Budgeted.cost_before`)
    with this payment (`Settled.paid`): a payment above it needs a reason
    (`Settled.cost_reason`).  UNDETERMINED when the budget recorded no cost
    before; the rule reaches projects whose rules in force require the
    comparison (``cost_comparison_required``).
    """
    budget = project.budget
    if not rules.parameters.cost_comparison_required or budget is None:
        return NOT_APPLICABLE
    before = budget.cost_before
    if before is None:
        return unknown(
            "Budgeted.cost_before",
            "the cost of the service before it was bought is not recorded "
            f"(Budgeted.cost_before), so the payment of {yuan(event.paid)} yuan "
            f"cannot be compared with it ({rules.source('cost_comparison_required')})",
            f"未记录购买前成本, 无法与拨付{yuan(event.paid)}元对比",
        )
    # CostComparison.needs_explanation, without building one on every payment:
    # a payment above the cost before, with no reason given.
    if event.paid <= before or (event.cost_reason or "").strip():
        return PASS
    more = event.paid - before
    return fail(
        f"the service cost {yuan(event.paid)} yuan, {yuan(more)} more than the "
        f"{yuan(before)} yuan it cost before it was bought, and no reason is "
        f"recorded (Settled.cost_reason; {rules.source('cost_comparison_required')})",
        f"购买后成本{yuan(event.paid)}元, 比购买前{yuan(before)}元高{yuan(more)}元, "
        "未说明理由",
        paid=event.paid,
        before=before,
        more=more,
    )


settlement_cost_comparison = check(
    "settlement.cost_comparison",
    "预算资金前后量化对比",
    "A service that costs more than before says why",
    Citation(
        "ay-evaluation",
        "三考: 考什么 (预算资金前后量化对比); 两加强: 加强资金管理",
        verified=False,
    ),
    reads=("cost_comparison_required",),
    requires=_comparison_needs,
    unknowns=("Budgeted.cost_before",),
    role=Role.FINANCE,
)(_settlement_cost_comparison)


SETTLED = Step(
    Settled,
    frozenset({Stage.EVALUATED}),
    Stage.SETTLED,
    appends("settlements"),
    (settlement_evaluated, settlement_payment, settlement_cost_comparison),
    actor=Role.FINANCE,
)
"""``EVALUATED ─Settled→ SETTLED``: the finance department pays (拨付资金)."""
