"""Rules as data: every check procpolicy makes is a `Rule` citing its source.

A `Rule` has a stable dotted id, a bilingual title and a `Citation`. What a
check produces is data: a `Violation` (an event the workflow refuses) or a
`Finding` (a defect of a policy framework). `RULES` is the registry of every
rule the library knows, in a stable order; the docs' rules reference and
``procpolicy rules`` are generated from it.

Rule ids never change meaning; new rules may be added.

Examples:
    >>> RULES["contract.term"].citation
    Citation(document='mof-102', article='Art 24', verified=True, note='')
    >>> str(RULES["contract.term"].title)
    '合同期限 (Contract term within the limit)'
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import field, frozen

from procpolicy._validate import instance, non_empty_str, tuple_of
from procpolicy.errors import InvalidInput
from procpolicy.labels import Label

__all__ = [
    "RULES",
    "Citation",
    "Finding",
    "Registry",
    "Rule",
    "Violation",
]

_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"


@frozen
class Citation:
    """Where a rule or a value comes from: a document and an article in it.

    Examples:
        >>> str(Citation("gpl", "Art 35"))
        'gpl Art 35'
        >>> str(Citation("ay-evaluation", "三考", verified=False, note="assumed"))
        'ay-evaluation 三考 [unverified; assumed]'
    """

    document: str = field(validator=non_empty_str)
    """Id of the cited document (``mof-102``, ``gpl``, ``ay-process`` …)."""
    article: str = field(default="", validator=instance(str))
    """Article, section or clause inside it; empty when the whole applies."""
    verified: bool = field(default=True, validator=instance(bool))
    """False when the fact is unconfirmed or an assumption (see `note`)."""
    note: str = field(default="", validator=instance(str))
    """What is assumed or unverified, and what it rests on."""

    def __str__(self) -> str:
        text = f"{self.document} {self.article}".rstrip()
        if not self.verified:
            text += " [unverified" + (f"; {self.note}]" if self.note else "]")
        elif self.note:
            text += f" ({self.note})"
        return text


def _dotted(_inst: object, _attribute: object, value: str) -> None:
    import re  # noqa: PLC0415 - only needed when a rule is defined

    if not re.fullmatch(_ID_PATTERN, value):
        raise InvalidInput(
            f"Rule.id: {value!r} is not a dotted lower-case id like 'contract.term'"
        )


@frozen
class Rule:
    """A check with a stable id, a bilingual title and the clause it rests on."""

    id: str = field(validator=[non_empty_str, _dotted])
    """Stable dotted id: ``contract.term``, ``framework.loosening`` …"""
    title: Label = field(validator=instance(Label))
    """What the rule demands, in Chinese and English."""
    citation: Citation = field(validator=instance(Citation))
    """The clause the rule rests on."""

    def __str__(self) -> str:
        return f"{self.id}: {self.title} [{self.citation}]"


@frozen
class Violation:
    """A rule an event breaks, with the figures that break it.

    ``message`` is English; ``zh`` is the Chinese explanation when the rule
    gives one.  ``facts`` holds the figures as ``(name, value)`` pairs, so a
    host can show them in its own words.
    """

    rule: Rule = field(validator=instance(Rule))
    message: str = field(validator=non_empty_str)
    zh: str = field(default="", validator=instance(str))
    facts: tuple[tuple[str, str], ...] = field(default=(), validator=tuple_of(tuple))

    def __str__(self) -> str:
        return f"[{self.rule.id}] {self.message} ({self.rule.citation})"


@frozen
class Finding:
    """A defect of a policy framework, the documents involved and the fix."""

    rule: Rule = field(validator=instance(Rule))
    message: str = field(validator=non_empty_str)
    documents: tuple[str, ...] = field(default=(), validator=tuple_of(str))
    """Ids of the documents involved."""
    hint: str = field(default="", validator=instance(str))
    """How to fix it."""

    def __str__(self) -> str:
        docs = f" [{', '.join(self.documents)}]" if self.documents else ""
        hint = f" Fix: {self.hint}" if self.hint else ""
        return f"[{self.rule.id}]{docs} {self.message}{hint}"


@frozen
class Registry:
    """An ordered, immutable collection of rules with unique ids.

    Examples:
        >>> "tender.period" in RULES
        True
        >>> RULES["no.such_rule"]
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: no rule 'no.such_rule'; see `procpolicy rules`
    """

    rules: tuple[Rule, ...] = field(validator=tuple_of(Rule))
    _index: dict[str, Rule] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in index:
                raise InvalidInput(f"Registry.rules: duplicate rule id {rule.id!r}")
            index[rule.id] = rule
        object.__setattr__(self, "_index", index)

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._index[rule_id]
        except KeyError:
            raise InvalidInput(f"no rule {rule_id!r}; see `procpolicy rules`") from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._index

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def ids(self) -> tuple[str, ...]:
        """Every rule id, in registry order."""
        return tuple(rule.id for rule in self.rules)


def _rule(
    rule_id: str,
    zh: str,
    en: str,
    document: str,
    article: str,
    *,
    verified: bool = True,
    note: str = "",
) -> Rule:
    return Rule(rule_id, Label(zh, en), Citation(document, article, verified, note))


_DESIGN = "a structural rule of the 1+3+N model (DESIGN.md)"

# The workflow's guards, in the order a project meets them.
STAGE_ORDER = _rule(
    "stage.order",
    "流程顺序",
    "Steps follow the purchase process",
    "ay-process",
    "流程(暂行)",
    verified=False,
    note="the article names Anyang's process document without its text; the "
    "steps follow mof-102 and the Government Procurement Law",
)
HISTORY_CHRONOLOGY = _rule(
    "history.chronology",
    "事件时序",
    "Events do not go back in time",
    "procpolicy",
    "DESIGN.md, Semantics: Dates",
    note="a record-keeping rule of this library, not of the regulations",
)
CATALOGUE_LISTED = _rule(
    "catalogue.listed",
    "纳入指导性目录",
    "Listed in the guiding catalogue in force",
    "mof-102",
    "Art 12, Art 14",
)
CATALOGUE_PROHIBITED = _rule(
    "catalogue.prohibited",
    "负面清单",
    "Nothing on the negative list",
    "mof-102",
    "Art 10, Art 18",
)
PURCHASER_ELIGIBLE = _rule(
    "purchaser.eligible",
    "购买主体资格",
    "The purchaser may buy services",
    "mof-102",
    "Art 5, Art 8",
)
BUDGET_SEPARATE_LINE = _rule(
    "budget.separate_line",
    "单列政府购买服务预算",
    "Purchase money sits on a separate budget line",
    "ay-budget-2016",
    "单列政府购买服务预算",
    verified=False,
    note="the article dates it 2016–2017; taken to apply from 2016-01-01",
)
BUDGET_TARGETS = _rule(
    "budget.targets",
    "绩效目标",
    "Performance targets are set at budgeting",
    "ay-process",
    "三衔接: 全过程绩效目标管理",
)
DISCLOSURE_COMPLETE = _rule(
    "disclosure.complete",
    "加强信息公开",
    "Everything required is published first",
    "ay-evaluation",
    "两加强: 加强信息公开",
)
METHOD_PERMITTED = _rule(
    "method.permitted",
    "采购方式",
    "A procurement method the law permits",
    "gpl",
    "Art 26–32; ck-2014-214 Art 3; ck-2015-124",
)
TENDER_PERIOD = _rule(
    "tender.period",
    "招标期限",
    "The tender stays open long enough",
    "gpl",
    "Art 35",
)
TENDER_BIDDERS = _rule(
    "tender.bidders",
    "供应商数量",
    "Enough bidders or suppliers took part",
    "gpl",
    "Art 36; ck-2015-124",
)
UNDERTAKER_ELIGIBLE = _rule(
    "undertaker.eligible",
    "承接主体资格",
    "The undertaker may deliver services",
    "mof-102",
    "Art 6–8; gpl Art 22",
)
AWARD_WITHIN_BUDGET = _rule(
    "award.within_budget",
    "成交不超预算",
    "The award stays within the budget",
    "budget-law",
    "Art 13; mof-102 Art 14, Art 16",
)
CONTRACT_DEADLINE = _rule(
    "contract.deadline",
    "合同签订期限",
    "The contract is signed soon after award",
    "gpl",
    "Art 46",
)
CONTRACT_TERM = _rule(
    "contract.term",
    "合同期限",
    "Contract term within the limit",
    "mof-102",
    "Art 24",
)
CONTRACT_WITHIN_BUDGET = _rule(
    "contract.within_budget",
    "合同不超预算",
    "The contract stays within the budget",
    "budget-law",
    "Art 13; cy-2017-87",
)
SUPERVISION_WITHIN_TERM = _rule(
    "supervision.within_term",
    "日常监管",
    "Daily supervision belongs to the contract period",
    "ay-evaluation",
    "三衔接: 日常监管",
)
EVALUATION_EVALUATOR = _rule(
    "evaluation.evaluator",
    "谁来考",
    "The evaluator the project's factors call for",
    "ay-evaluation",
    "三考: 谁来考",
)
EVALUATION_CONSISTENT = _rule(
    "evaluation.consistent",
    "日常考评与第三方考评相结合",
    "The internal score agrees with the daily supervision",
    "ay-evaluation",
    "三考: 怎么考",
)
SETTLEMENT_EVALUATED = _rule(
    "settlement.evaluated",
    "花钱必问效",
    "No payment without an evaluation of the period",
    "ay-evaluation",
    "三考: 考评结果作为拨付项目资金的依据",
)
SETTLEMENT_PAYMENT = _rule(
    "settlement.payment",
    "按考评结果拨付",
    "Payment no more than the grade allows",
    "ay-evaluation",
    "三考: 怎么考",
    verified=False,
    note="no national rule ties a grade to a payment cut; the schedule is "
    "the Anyang preset's assumption",
)
RENEWAL_GRADE = _rule(
    "renewal.grade",
    "续约依据",
    "Renewal only with a good enough grade",
    "ay-evaluation",
    "三考: 续约合同",
    verified=False,
    note="the article makes the result the basis of renewal; the minimum grade "
    "is the preset's assumption",
)
RENEWAL_TERM_CAP = _rule(
    "renewal.term_cap",
    "续约年限",
    "Original term and renewals stay within the cap",
    "mof-102",
    "Art 24",
    verified=False,
    note="the cap on contract plus renewals is assumed to be Art 24's longest term",
)
CLOSURE_ACCOUNTABILITY = _rule(
    "closure.accountability",
    "无效必问责",
    "A poor result closes only with someone held accountable",
    "ay-oversight",
    "一落实: 花钱必问效, 无效必问责",
)

# The framework's structural checks (`PolicyFramework.check`).
FRAMEWORK_IMPLEMENTATION = _rule(
    "framework.implementation",
    "一个实施办法",
    "Exactly one implementation measure in force",
    "ay-implementation",
    "1+3+N: 1",
    note=_DESIGN,
)
FRAMEWORK_CORE_ROLES = _rule(
    "framework.core_roles",
    "三个配套文件",
    "Process, catalogue and evaluation each in force",
    "ay-implementation",
    "1+3+N: 3",
    note=_DESIGN,
)
FRAMEWORK_QUESTIONS = _rule(
    "framework.questions",
    "五个问题",
    "Every one of the five questions answered",
    "ay-implementation",
    "买什么、谁来买、向谁买、怎么买、买的值",
    note=_DESIGN,
)
FRAMEWORK_LOOSENING = _rule(
    "framework.loosening",
    "下位从严",
    "A lower layer may tighten, never loosen",
    "procpolicy",
    "DESIGN.md, principle 5",
    note=_DESIGN,
)
FRAMEWORK_SUPERSEDES = _rule(
    "framework.supersedes",
    "废止对象",
    "A document supersedes an existing one of its own layer",
    "procpolicy",
    "DESIGN.md, Semantics: Layers and time",
    note=_DESIGN,
)
FRAMEWORK_EXPIRY = _rule(
    "framework.expiry",
    "失效日期",
    "A document is in force on some day",
    "procpolicy",
    "DESIGN.md, Semantics: Layers and time",
    note=_DESIGN,
)
FRAMEWORK_UNCITED = _rule(
    "framework.uncited",
    "条款出处",
    "Every value a document sets names its article",
    "procpolicy",
    "DESIGN.md, principle 3",
    note=_DESIGN,
)
FRAMEWORK_CATALOGUE_VERSIONS = _rule(
    "framework.catalogue_versions",
    "目录版本",
    "One catalogue version per layer at a time",
    "procpolicy",
    "DESIGN.md, Semantics: Catalogue",
    note=_DESIGN,
)
PARAMETERS_GRADE_BANDS = _rule(
    "parameters.grade_bands",
    "等级区间",
    "Grade bands neither overlap nor leave gaps",
    "cy-2020-10",
    "评价等级",
    verified=False,
    note="bands 90/80/60 are the MOF budget department's standard",
)
PARAMETERS_PAYMENT_RATIOS = _rule(
    "parameters.payment_ratios",
    "拨付比例",
    "A worse grade never pays more",
    "ay-evaluation",
    "三考: 怎么考",
    note=_DESIGN,
)

RULES = Registry(
    (
        STAGE_ORDER,
        HISTORY_CHRONOLOGY,
        CATALOGUE_LISTED,
        CATALOGUE_PROHIBITED,
        PURCHASER_ELIGIBLE,
        BUDGET_SEPARATE_LINE,
        BUDGET_TARGETS,
        DISCLOSURE_COMPLETE,
        METHOD_PERMITTED,
        TENDER_PERIOD,
        TENDER_BIDDERS,
        UNDERTAKER_ELIGIBLE,
        AWARD_WITHIN_BUDGET,
        CONTRACT_DEADLINE,
        CONTRACT_TERM,
        CONTRACT_WITHIN_BUDGET,
        SUPERVISION_WITHIN_TERM,
        EVALUATION_EVALUATOR,
        EVALUATION_CONSISTENT,
        SETTLEMENT_EVALUATED,
        SETTLEMENT_PAYMENT,
        RENEWAL_GRADE,
        RENEWAL_TERM_CAP,
        CLOSURE_ACCOUNTABILITY,
        FRAMEWORK_IMPLEMENTATION,
        FRAMEWORK_CORE_ROLES,
        FRAMEWORK_QUESTIONS,
        FRAMEWORK_LOOSENING,
        FRAMEWORK_SUPERSEDES,
        FRAMEWORK_EXPIRY,
        FRAMEWORK_UNCITED,
        FRAMEWORK_CATALOGUE_VERSIONS,
        PARAMETERS_GRADE_BANDS,
        PARAMETERS_PAYMENT_RATIOS,
    )
)
"""Every rule procpolicy knows, in a stable order."""
