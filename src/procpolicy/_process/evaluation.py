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
from typing import TYPE_CHECKING, Any

from procpolicy._process._base import (
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
)
from procpolicy._process.procurement import yuan
from procpolicy.evaluation import (
    Evaluator,
    EvaluatorFactors,
    Scope,
    SocialImpact,
    choose_evaluator,
    third_party_triggers,
)
from procpolicy.events import Evaluated, Settled
from procpolicy.parameters import Grade
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
    "grade_of",
    "period_grade",
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
    return _evaluate(facts, (facts.evaluations, event), event)


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


@check(
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
)
def evaluation_evaluator(project: Project, event: Evaluated, rules: RuleSet) -> Result:
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
    missing = [
        (field, zh)
        for switch, field, zh in _FACTORS
        if getattr(params, switch) and getattr(drafted, field) is None
    ]
    if missing:
        names = ", ".join(f"Drafted.{field}" for field, _ in missing)
        return unknown(
            names,
            f"who evaluates depends on {names}, which the project does not record; "
            "a third party may be required",
            "未记录"
            + "、".join(zh for _, zh in missing)
            + ", 无法判定是否应由第三方考评",
        )
    return PASS


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


@check(
    "evaluation.consistent",
    "日常考评与第三方考评相结合",
    "The internal score agrees with the daily supervision",
    Citation("ay-evaluation", "三考: 怎么考", verified=False),
    reads=("supervision_tolerance",),
    requires=_consistent_needs,
)
def evaluation_consistent(project: Project, event: Evaluated, rules: RuleSet) -> Result:
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


EVALUATED = Step(
    Evaluated,
    frozenset({Stage.CONTRACTED}),
    Stage.EVALUATED,
    _evaluated,
    (evaluation_evaluator, evaluation_consistent),
)
"""``CONTRACTED ─Evaluated→ EVALUATED``."""


# -- settlement.evaluated -----------------------------------------------------
def _evaluated_needs(project: Project, rules: RuleSet) -> Need:
    return Need(
        "an evaluation of the current period (Evaluated) before any payment",
        "拨付资金前须完成本期绩效考评",
        "Evaluated",
    )


@check(
    "settlement.evaluated",
    "花钱必问效",
    "No payment without an evaluation of the period",
    Citation("ay-evaluation", "三考: 考评结果作为拨付项目资金的依据", verified=False),
    requires=_evaluated_needs,
    reads_event=False,
)
def settlement_evaluated(project: Project, event: Any, rules: RuleSet) -> Result:
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


# -- settlement.payment -------------------------------------------------------
def allowed_payment(amount: Decimal, ratio: Decimal) -> Decimal:
    """The most a grade allows: ``amount × ratio``, exact, rounded once to the cent.

    The product is computed exactly (a local 64-digit context) and rounded
    once, half to even, to 0.01 yuan.

    Examples:
        >>> allowed_payment(Decimal("100005000000000.04"), Decimal("0.999999999999"))
        Decimal('100004999999900.03')
    """
    return _EXACT.multiply(amount, ratio).quantize(_CENT, context=_EXACT)


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
    allowed = allowed_payment(period.amount, ratio)
    return Need(
        f"pay at most {yuan(allowed)} yuan: {ratio:.0%} of {yuan(period.amount)} for "
        f"the grade {grade} ({rules.source('payment_ratios')})",
        f"按考评等级{grade.zh}最多拨付{yuan(allowed)}元({ratio:.0%})",
        yuan(allowed),
        (("allowed", str(allowed)), ("grade", grade.name), ("ratio", str(ratio))),
    )


@check(
    "settlement.payment",
    "按考评结果拨付",
    "Payment no more than the grade allows",
    Citation(
        "ay-evaluation",
        "三考: 怎么考",
        verified=False,
        note="no national rule ties a grade to a payment cut; the schedule is "
        "the Anyang preset's assumption",
    ),
    reads=("payment_ratios", "grade_bands"),
    requires=_payment_needs,
)
def settlement_payment(project: Project, event: Settled, rules: RuleSet) -> Result:
    """The payment is at most the contract amount times the grade's ratio."""
    period = project.contract
    evaluated = project.evaluated
    if period is None or evaluated is None:
        return NOT_APPLICABLE
    grade = period_grade(evaluated, rules)
    ratio = rules.parameters.payment_ratios.ratio(grade)
    allowed = allowed_payment(period.amount, ratio)
    if event.paid <= allowed:
        return PASS
    return fail(
        f"paying {yuan(event.paid)} yuan exceeds {yuan(allowed)} yuan: "
        f"{ratio:.0%} of the contract amount "
        f"{yuan(period.amount)} for the grade {grade} "
        f"({evaluated.evaluation.total} points; {rules.source('payment_ratios')})",
        f"拨付{yuan(event.paid)}元超过{yuan(allowed)}元: 考评等级{grade.zh}"
        f"({evaluated.evaluation.total}分)最多拨付合同金额的{ratio:.0%}",
        paid=event.paid,
        allowed=allowed,
        grade=grade.name,
        ratio=ratio,
    )


SETTLED = Step(
    Settled,
    frozenset({Stage.EVALUATED}),
    Stage.SETTLED,
    appends("settlements"),
    (settlement_evaluated, settlement_payment),
)
"""``EVALUATED ─Settled→ SETTLED``."""
