"""procpolicy: China's government purchase of services (政府购买服务) as code.

Everything public is importable from here; see ``docs/api.md``.
``presets``, ``serialization`` and `Reform` (with ``portfolio``) are
imported on first use (`__getattr__`): building the serialization converters
is a third of the import's cost, and a program that only judges never pays it
or the portfolio's classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from procpolicy import events
from procpolicy.catalogue import Catalogue, CatalogueItem, Prohibited, ServiceCategory
from procpolicy.errors import (
    InvalidInput,
    PolicyInconsistent,
    ProcPolicyError,
    TransitionRefused,
)
from procpolicy.evaluation import (
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
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parameters import (
    DisclosureItem,
    Grade,
    GradeBands,
    Outcome,
    Overrides,
    Parameters,
    PaymentSchedule,
    Strictness,
)
from procpolicy.parties import (
    Purchaser,
    PurchaserKind,
    Role,
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
from procpolicy.procurement import Method, MethodAssessment, MethodGround
from procpolicy.project import ContractPeriod, Project, Stage
from procpolicy.rules import (
    RULES,
    Citation,
    Finding,
    Judgement,
    Provenance,
    Requirement,
    Rule,
    RuleResult,
    Severity,
    Verdict,
    Violation,
)
from procpolicy.workflow import Workflow

if TYPE_CHECKING:
    from procpolicy import presets, serialization
    from procpolicy.portfolio import Reform


__all__ = [
    "RULES",
    "BilingualEnum",
    "Catalogue",
    "CatalogueItem",
    "Change",
    "Citation",
    "ContractPeriod",
    "CoreRole",
    "CostComparison",
    "Direction",
    "DisclosureItem",
    "Evaluation",
    "Evaluator",
    "EvaluatorChoice",
    "EvaluatorFactors",
    "Finding",
    "Grade",
    "GradeBands",
    "Indicator",
    "IndicatorSystem",
    "InvalidInput",
    "Judgement",
    "Label",
    "Layer",
    "Method",
    "MethodAssessment",
    "MethodGround",
    "Outcome",
    "Overrides",
    "Parameters",
    "PaymentSchedule",
    "PerformanceTarget",
    "PolicyDocument",
    "PolicyFramework",
    "PolicyInconsistent",
    "ProcPolicyError",
    "Prohibited",
    "Project",
    "Provenance",
    "Purchaser",
    "PurchaserKind",
    "Question",
    "Reform",
    "Requirement",
    "Role",
    "Rule",
    "RuleResult",
    "RuleSet",
    "Scope",
    "ServiceCategory",
    "Severity",
    "SocialImpact",
    "Stage",
    "Strictness",
    "SupplierCondition",
    "TransitionRefused",
    "Undertaker",
    "UndertakerKind",
    "Verdict",
    "Violation",
    "Workflow",
    "events",
    "presets",
    "serialization",
]


def __getattr__(name: str) -> object:
    """Import ``presets``, ``serialization`` and `Reform` when first asked for."""
    # ``import a.b as c``, not ``from a import b``: the latter asks this very
    # hook for ``b`` first (an endless recursion).
    if name == "presets":
        import procpolicy.presets as presets  # noqa: PLC0415, PLR0402

        return presets
    if name == "serialization":
        import procpolicy.serialization as serialization  # noqa: PLC0415, PLR0402

        return serialization
    if name == "Reform":
        import procpolicy.portfolio as portfolio  # noqa: PLC0415, PLR0402

        globals()["Reform"] = portfolio.Reform  # found without this hook next time
        return portfolio.Reform
    msg = f"module 'procpolicy' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
