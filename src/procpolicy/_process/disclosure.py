"""Disclosure (加强信息公开): the step ``BUDGETED ─Disclosed→ DISCLOSED``.

The platform publishes the project, its content, the requirements on
undertakers and the evaluation standards before procurement starts, so that
social forces can compete.  A later publication completes an earlier one (or
follows a re-tender), so ``DISCLOSED ─Disclosed→ DISCLOSED`` is an edge too.
The rule ``disclosure.complete`` is judged when procurement starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from procpolicy._process._base import (
    FACT_DISCLOSED,
    FACT_DISCLOSURES,
    PASS,
    Facts,
    Need,
    Result,
    Stage,
    Step,
    changes,
    check,
    fail,
)
from procpolicy.events import Disclosed
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = ["STEP", "disclosure_complete"]


_disclose = changes("disclosures", "disclosed")


def _disclosed(facts: Facts, event: Disclosed) -> Facts:
    disclosures, disclosed = facts[FACT_DISCLOSURES], facts[FACT_DISCLOSED]
    return _disclose(facts, (disclosures, event), disclosed | event.items)


def _complete_needs(project: Project, rules: RuleSet) -> Need:
    # In the order of their names, in both languages (a set has no order).
    required = sorted(rules.parameters.disclosure_required, key=lambda i: i.name)
    names = ", ".join(i.name for i in required) or "nothing"
    return Need(
        f"published before procurement: {names} "
        f"({rules.source('disclosure_required')})",
        "采购前应公开: " + ("、".join(i.zh for i in required) or "无"),
        names,
    )


def _disclosure_complete(project: Project, event: Any, rules: RuleSet) -> Result:
    """Everything the rules require is published before procurement starts."""
    missing = rules.parameters.disclosure_required - project.disclosed
    if not missing:
        return PASS
    ordered = sorted(missing, key=lambda i: i.name)
    return fail(
        f"not yet published: {', '.join(str(i) for i in ordered)} "
        f"({rules.source('disclosure_required')})",
        "采购前应公开项目、内容、承接主体要求和绩效评价标准; 尚未公开: "
        + "、".join(i.zh for i in ordered),
        missing=",".join(i.name for i in ordered),
    )


disclosure_complete = check(
    "disclosure.complete",
    "加强信息公开",
    "Everything required is published first",
    Citation("ay-evaluation", "两加强: 加强信息公开", verified=False),
    reads=("disclosure_required",),
    requires=_complete_needs,
    reads_event=False,
)(_disclosure_complete)


STEP = Step(
    Disclosed,
    frozenset({Stage.BUDGETED, Stage.DISCLOSED}),
    Stage.DISCLOSED,
    _disclosed,
)
"""``BUDGETED | DISCLOSED ─Disclosed→ DISCLOSED``."""
