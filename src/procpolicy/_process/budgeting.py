"""Budgeting (编入预算): the step ``DRAFT ─Budgeted→ BUDGETED`` and its rules.

At budgeting the project is judged for the first time: what it buys must be
in the guiding catalogue in force and off the negative list (买什么), the
purchaser must be one that may buy (谁来买), and the money must sit where the
rules say, with performance targets set (三衔接: tied to the department budget
and to performance evaluation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from procpolicy._process._base import (
    NOT_APPLICABLE,
    PASS,
    Need,
    Result,
    Stage,
    Step,
    check,
    fail,
    sets,
)
from procpolicy.events import Budgeted, Event
from procpolicy.parties import Role
from procpolicy.rules import Citation, Provenance

if TYPE_CHECKING:
    from datetime import date

    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = ["STEP", "catalogue_listed", "catalogue_prohibited", "purchaser_eligible"]


def _day(project: Project, event: Event | None) -> date:
    return event.day if event is not None else project.last_event.day


# -- catalogue.listed ---------------------------------------------------------
def _listed_needs(project: Project, rules: RuleSet) -> Need:
    drafted = project.drafted
    what = drafted.item.name if drafted.item is not None else drafted.category
    source = rules.source("catalogue")
    return Need(
        f"{what} must be listed in the guiding catalogue in force ({source})",
        f"{what.zh}须纳入指导性目录",
        source.document,
    )


def _catalogue_listed(project: Project, event: Any, rules: RuleSet) -> Result:
    """买什么: the category (or, for the pilots, the item) is in the catalogue."""
    drafted = project.drafted
    catalogue = rules.catalogue
    if drafted.item is None and catalogue.lists_whole(drafted.category):
        return PASS
    if drafted.item is not None and catalogue.covers(drafted.item):
        return PASS
    source = rules.source("catalogue")
    if drafted.item is None and catalogue.covers(drafted.category):
        items = ", ".join(
            i.name.en
            for i in sorted(catalogue.items_of(drafted.category), key=lambda i: i.code)
        )
        return fail(
            f"only single items of {drafted.category} are listed ({items}) by "
            f"{source}; name the item the project buys (Drafted.item)",
            f"目录({source.document})仅列入{drafted.category.zh}中的部分项目"
            f"({items}), 须指明所购项目",
            category=drafted.category.name,
            catalogue=source.document,
        )
    what = drafted.category if drafted.item is None else drafted.item.name
    day = _day(project, event)
    return fail(
        f"{what} is not in the guiding catalogue in force on {day} ({source})",
        f"{what.zh}未纳入{day}施行的指导性目录({source.document})",
        category=drafted.category.name,
        catalogue=source.document,
    )


catalogue_listed = check(
    "catalogue.listed",
    "纳入指导性目录",
    "Listed in the guiding catalogue in force",
    Citation("mof-102", "Art 12, Art 14"),
    requires=_listed_needs,
    reads_event=False,
)(_catalogue_listed)


# -- catalogue.prohibited -----------------------------------------------------
def _prohibited_needs(project: Project, rules: RuleSet) -> Need:
    banned = ", ".join(sorted(i.name for i in rules.parameters.prohibited))
    return Need(
        f"the content may involve nothing on the negative list ({banned})",
        "购买内容不得属于负面清单",
        banned,
    )


def _catalogue_prohibited(project: Project, event: Any, rules: RuleSet) -> Result:
    """以钱养事, 不是以钱养人: nothing the negative list bars."""
    hits = project.drafted.involves & rules.parameters.prohibited
    if not hits:
        return PASS
    parts = [
        f"{item} ({rules.prohibition_source(item)})"
        for item in sorted(hits, key=lambda i: i.name)
    ]
    return fail(
        "the content is on the negative list: " + "; ".join(parts),
        "属于负面清单事项, 不得作为政府购买服务内容: "
        + "、".join(i.zh for i in sorted(hits, key=lambda i: i.name)),
        items=",".join(sorted(i.name for i in hits)),
    )


catalogue_prohibited = check(
    "catalogue.prohibited",
    "负面清单",
    "Nothing on the negative list",
    Citation("mof-102", "Art 10, Art 18"),
    reads=("prohibited",),
    requires=_prohibited_needs,
    reads_event=False,
)(_catalogue_prohibited)


# -- purchaser.eligible -------------------------------------------------------
def _purchaser_needs(project: Project, rules: RuleSet) -> Need:
    kinds = ", ".join(sorted(k.name for k in rules.parameters.eligible_purchasers))
    return Need(
        f"the purchaser must be one of: {kinds} "
        f"({rules.source('eligible_purchasers')})",
        "购买主体须符合资格",
        kinds,
    )


def _purchaser_eligible(project: Project, event: Any, rules: RuleSet) -> Result:
    """谁来买: the purchaser is of a kind that may buy services."""
    kind = project.purchaser.kind
    if kind in rules.parameters.eligible_purchasers:
        return PASS
    return fail(
        f"{project.purchaser.name} is a {kind}, which may not buy services "
        f"({rules.source('eligible_purchasers')})",
        f"{project.purchaser.name}为{kind.zh}, 不能作为购买主体",
        kind=kind.name,
    )


purchaser_eligible = check(
    "purchaser.eligible",
    "购买主体资格",
    "The purchaser may buy services",
    Citation("mof-102", "Art 5, Art 8"),
    reads=("eligible_purchasers",),
    requires=_purchaser_needs,
    reads_event=False,
)(_purchaser_eligible)


# -- budget.separate_line -----------------------------------------------------
def _separate_line_needs(project: Project, rules: RuleSet) -> Need:
    if not rules.parameters.separate_budget_line:
        return Need("no separate budget line is required", "无需单列预算")
    return Need(
        "the money must sit on the separate purchase-of-services budget line "
        f"(separate_line=True; {rules.source('separate_budget_line')})",
        "应单列政府购买服务预算",
        "separate_line=True",
    )


def _budget_separate_line(project: Project, event: Budgeted, rules: RuleSet) -> Result:
    """From 2016 purchase-of-services money is a separate budget line (单列)."""
    if not rules.parameters.separate_budget_line:
        return NOT_APPLICABLE
    if event.separate_line:
        return PASS
    source = rules.source("separate_budget_line")
    return fail(
        f"from {source.document} the money must sit on the separate "
        "purchase-of-services budget line (separate_line=True)",
        f"依{source.document}, 应单列政府购买服务预算",
    )


budget_separate_line = check(
    "budget.separate_line",
    "单列政府购买服务预算",
    "Purchase money sits on a separate budget line",
    Citation(
        "ay-budget-2016",
        "2016年、2017年 单列政府购买服务预算",
        provenance=Provenance.ASSUMED,
        note="the article reports the separate budget line in 2016–2017 without "
        "naming a document; the document and its date (2016-01-01) are inferred",
    ),
    reads=("separate_budget_line",),
    requires=_separate_line_needs,
    role=Role.FINANCE,
)(_budget_separate_line)


# -- budget.targets -----------------------------------------------------------
def _targets_needs(project: Project, rules: RuleSet) -> Need:
    if not rules.parameters.targets_required:
        return Need("no performance target is required", "无需设定绩效目标")
    return Need(
        "at least one performance target must be set with the budget "
        f"({rules.source('targets_required')})",
        "编制预算时应设定绩效目标",
        "targets ≥ 1",
    )


def _budget_targets(project: Project, event: Budgeted, rules: RuleSet) -> Result:
    """三衔接: targets are set when the budget is drawn up."""
    if not rules.parameters.targets_required:
        return NOT_APPLICABLE
    if event.targets:
        return PASS
    return fail(
        "no performance target is set with the budget; the rules in force "
        f"({rules.source('targets_required')}) require them",
        "编制预算时应设定绩效目标(全过程绩效目标管理), 本次未设定任何目标",
    )


budget_targets = check(
    "budget.targets",
    "绩效目标",
    "Performance targets are set at budgeting",
    Citation(
        "ay-evaluation",
        "三衔接: 参照绩效办法制定绩效目标",
        provenance=Provenance.REPORTED,
        note="the article has the units set targets by the evaluation measures; "
        "that they are set at budgeting is this library's reading",
    ),
    reads=("targets_required",),
    requires=_targets_needs,
)(_budget_targets)


STEP = Step(
    Budgeted,
    frozenset({Stage.DRAFT}),
    Stage.BUDGETED,
    sets("budget"),
    (
        catalogue_listed,
        catalogue_prohibited,
        purchaser_eligible,
        budget_separate_line,
        budget_targets,
    ),
    actor=Role.FINANCE,
)
"""``DRAFT ─Budgeted→ BUDGETED``: the finance department puts the money in the
department budget (财政部门牵头: 与部门预算编制衔接)."""
