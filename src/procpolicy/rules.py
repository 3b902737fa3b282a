"""Rules as data: every check procpolicy makes is a `Rule` citing its source.

A `Rule` has a stable dotted id, a bilingual title and a `Citation`. What a
check produces is data: a `Violation` (an event the workflow refuses) or a
`Finding` (a defect of a policy framework). `RULES` is the registry of every
rule the library knows, in a stable order; the docs' rules reference and
``procpolicy rules`` are generated from it.

Rule ids never change meaning; new rules may be added.

Examples:
    >>> from procpolicy.rules import RULES
    >>> RULES["contract.term"].citation
    Citation(document='mof-102', article='Art 24', verified=True, note='',
             provenance=Provenance.TEXT)
    >>> str(RULES["contract.term"].title)
    '合同期限 (Contract term within the limit)'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, cast, overload

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import instance, non_empty_str, optional, tuple_of
from procpolicy.errors import InvalidInput
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parties import Role

__all__ = [
    "RULES",
    "Citation",
    "Finding",
    "Judgement",
    "Provenance",
    "Registry",
    "Requirement",
    "Rule",
    "RuleResult",
    "Severity",
    "Verdict",
    "Violation",
]

_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"


def _derived_bool(value: bool | None) -> bool:  # noqa: FBT001 - an attrs converter
    """Leave ``None`` (derive it from the provenance) for `_agree`."""
    return cast("bool", value)


def _derived_provenance(value: Provenance | None) -> Provenance:
    """Leave ``None`` (derive it from ``verified``) for `_agree`."""
    return cast("Provenance", value)


def _agree(
    owner: str, *, verified: bool | None, provenance: Provenance | None
) -> tuple[bool, Provenance]:
    """``verified`` and ``provenance``, each derived from the other when unset.

    Raises:
        InvalidInput: when both are given and disagree.
    """
    if provenance is None:
        return (
            verified is not False,
            Provenance.REPORTED if verified is False else Provenance.TEXT,
        )
    if verified is None:
        return provenance is Provenance.TEXT, provenance
    if verified is not (provenance is Provenance.TEXT):
        raise InvalidInput(
            f"{owner}.verified: {verified} disagrees with provenance "
            f"{provenance.name}; verified is True exactly when provenance is TEXT "
            "(give one of the two; with attrs.evolve, pass verified=None to derive "
            "it)"
        )
    return verified, provenance


class Provenance(BilingualEnum):
    """How sure procpolicy is of a fact it cites (来源可靠性).

    ``TEXT``: the clause's text was read, in the document or a faithful copy.
    ``REPORTED``: a trusted source (the seed article, an official report)
    states it, but the clause's text was not seen.  ``ASSUMED``: a modelling
    choice of this library that no source states.

    Examples:
        >>> Provenance.REPORTED.zh, Provenance.REPORTED.en
        ('转述', 'Reported')
        >>> Provenance.weakest([Provenance.TEXT, Provenance.ASSUMED]).name
        'ASSUMED'
    """

    TEXT = Label("原文", "Text")
    REPORTED = Label("转述", "Reported")
    ASSUMED = Label("假定", "Assumed")

    @staticmethod
    def weakest(kinds: Iterable[Provenance]) -> Provenance:
        """The least sure of ``kinds`` (``TEXT`` when there are none)."""
        return max(kinds, key=_PROVENANCE_RANK.__getitem__, default=Provenance.TEXT)


_PROVENANCE_RANK = {kind: rank for rank, kind in enumerate(Provenance)}


def _provenance_repr(value: Provenance) -> str:
    return f"Provenance.{value.name}"


@frozen(repr=False)
class Citation:
    """Where a rule or a value comes from: a document and an article in it.

    ``provenance`` says how sure the citation is (`Provenance`); ``verified``
    is ``provenance is Provenance.TEXT``.  Give either: the other follows
    (``verified=False`` alone means ``REPORTED``); given both, they must agree.

    Examples:
        >>> str(Citation("gpl", "Art 35"))
        'gpl Art 35'
        >>> Citation("gpl", "Art 35").provenance
        <Provenance.TEXT: Label(zh='原文', en='Text')>
        >>> str(Citation("ay-evaluation", "三考", verified=False, note="the article"))
        'ay-evaluation 三考 [reported; the article]'
        >>> c = Citation("ay-oversight", "一落实", provenance=Provenance.ASSUMED)
        >>> str(c), c.verified
        ('ay-oversight 一落实 [assumed]', False)
    """

    __repr__ = fields_repr

    document: str = field(validator=non_empty_str)
    """Id of the cited document (``mof-102``, ``gpl``, ``ay-process`` …)."""
    article: str = field(default="", validator=instance(str))
    """Article, section or clause inside it; empty when the whole applies."""
    verified: bool = field(
        default=None, converter=_derived_bool, validator=optional(instance(bool))
    )
    """Whether the clause's text was read: ``provenance is Provenance.TEXT``."""
    note: str = field(default="", validator=instance(str))
    """What is assumed or unconfirmed, and what it rests on."""
    provenance: Provenance = field(
        default=None,
        converter=_derived_provenance,
        validator=optional(instance(Provenance)),
        repr=_provenance_repr,
    )
    """How sure the citation is; by default ``TEXT`` when verified, else
    ``REPORTED``."""

    def __attrs_post_init__(self) -> None:
        verified, provenance = _agree(
            "Citation", verified=self.verified, provenance=self.provenance
        )
        object.__setattr__(self, "verified", verified)
        object.__setattr__(self, "provenance", provenance)

    def __str__(self) -> str:
        text = f"{self.document} {self.article}".rstrip()
        if self.provenance is not Provenance.TEXT:
            kind = self.provenance.name.lower()
            text += f" [{kind}" + (f"; {self.note}]" if self.note else "]")
        elif self.note:
            text += f" ({self.note})"
        return text


def _dotted(_inst: object, _attribute: object, value: str) -> None:
    import re  # noqa: PLC0415 - only needed when a rule is defined

    if not re.fullmatch(_ID_PATTERN, value):
        raise InvalidInput(
            f"Rule.id: {value!r} is not a dotted lower-case id like 'contract.term'"
        )


@frozen(repr=False)
class Rule:
    """A check with a stable id, a bilingual title and the clause it rests on."""

    __repr__ = fields_repr

    id: str = field(validator=[non_empty_str, _dotted])
    """Stable dotted id: ``contract.term``, ``framework.loosening`` …"""
    title: Label = field(validator=instance(Label))
    """What the rule demands, in Chinese and English."""
    citation: Citation = field(validator=instance(Citation))
    """The clause the rule rests on."""

    def __str__(self) -> str:
        return f"{self.id}: {self.title} [{self.citation}]"


@frozen(repr=False)
class Violation:
    """A rule an event breaks, with the figures that break it.

    ``message`` is English; ``zh`` is the Chinese explanation when the rule
    gives one.  ``facts`` holds the figures as ``(name, value)`` pairs, so a
    host can show them in its own words.  ``basis`` is the dated legal basis:
    the citations of the documents in force on the event's day that establish
    the rule (`procpolicy.policy.RuleSet.basis`); empty, the rule's own
    citation stands.

    Examples:
        >>> from procpolicy.labels import Label
        >>> rule = Rule("tender.period", Label("招标期限", "Tender period"),
        ...     Citation("gpl", "Art 35"))
        >>> str(Violation(rule, "open 12 days, not 20"))
        '[tender.period] open 12 days, not 20 (gpl Art 35)'
        >>> str(Violation(rule, "open 12 days, not 20",
        ...     basis=(Citation("gpl", "Art 35"), Citation("ay-x", "§3", False))))
        '[tender.period] open 12 days, not 20 (gpl Art 35; ay-x §3 [reported])'
    """

    __repr__ = fields_repr

    rule: Rule = field(validator=instance(Rule))
    message: str = field(validator=non_empty_str)
    zh: str = field(default="", validator=instance(str))
    facts: tuple[tuple[str, str], ...] = field(default=(), validator=tuple_of(tuple))
    basis: tuple[Citation, ...] = field(default=(), validator=tuple_of(Citation))
    role: Role | None = field(default=None, validator=optional(instance(Role)))
    """Who must act to mend it (工作机制): the purchaser (职能部门), the finance
    department (财政部门), or the supervision departments (监督部门)."""
    """The citations in force that day establishing the rule, national first."""

    def __str__(self) -> str:
        cited = "; ".join(map(str, self.basis)) if self.basis else self.rule.citation
        return f"[{self.rule.id}] {self.message} ({cited})"

    def _repr_html_(self) -> str:
        """The rule, the message in English and Chinese, the basis, as HTML."""
        from procpolicy._display import violation_html  # noqa: PLC0415

        return violation_html(self)


class Severity(BilingualEnum):
    """How much a `Finding` weighs.

    An ``ERROR`` makes a framework unsound (`PolicyFramework.check` lists
    it); a ``WARNING`` is worth fixing but changes no rule in force
    (`PolicyFramework.warnings` lists it).

    Examples:
        >>> Severity.WARNING.zh, Severity.WARNING.en
        ('警告', 'Warning')
    """

    ERROR = Label("错误", "Error")
    WARNING = Label("警告", "Warning")


@frozen(repr=False)
class Finding:
    """A defect of a policy framework, the documents involved and the fix.

    Examples:
        >>> f = Finding(FRAMEWORK_UNCITED, "'ay-x' sets min_tender_days "
        ...     "without naming the article", ("ay-x",), severity=Severity.WARNING)
        >>> str(f)
        "[framework.uncited] [ay-x] (warning) 'ay-x' sets min_tender_days without ..."
    """

    __repr__ = fields_repr

    rule: Rule = field(validator=instance(Rule))
    message: str = field(validator=non_empty_str)
    documents: tuple[str, ...] = field(default=(), validator=tuple_of(str))
    """Ids of the documents involved."""
    hint: str = field(default="", validator=instance(str))
    """How to fix it."""
    severity: Severity = field(default=Severity.ERROR, validator=instance(Severity))
    """``ERROR`` (the framework is unsound) or ``WARNING``."""
    zh: str = field(default="", validator=instance(str), kw_only=True)
    """The Chinese message, with the same figures as ``message``."""

    def __str__(self) -> str:
        docs = f" [{', '.join(self.documents)}]" if self.documents else ""
        weight = " (warning)" if self.severity is Severity.WARNING else ""
        hint = f" Fix: {self.hint}" if self.hint else ""
        return f"[{self.rule.id}]{docs}{weight} {self.message}{hint}"

    def _repr_html_(self) -> str:
        """The rule, its title in Chinese and English, the message, as HTML."""
        from procpolicy._display import finding_html  # noqa: PLC0415

        return finding_html(self)


@frozen(repr=False)
class Registry:
    """An ordered, immutable sequence of rules with unique ids.

    Indexed by position (``RULES[0]``, ``RULES[:2]``, a tuple) or by rule id
    (``RULES["tender.period"]``); ``in`` takes an id or a rule.

    Examples:
        >>> from procpolicy.rules import RULES
        >>> "tender.period" in RULES
        True
        >>> RULES[0] is RULES[RULES.ids()[0]], len(RULES[:2])
        (True, 2)
        >>> RULES["no.such_rule"]
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: no rule 'no.such_rule'; see `procpolicy rules`
    """

    __repr__ = fields_repr

    rules: tuple[Rule, ...] = field(validator=tuple_of(Rule))
    _index: dict[str, Rule] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in index:
                raise InvalidInput(f"Registry.rules: duplicate rule id {rule.id!r}")
            index[rule.id] = rule
        object.__setattr__(self, "_index", index)

    @overload
    def __getitem__(self, key: str | int) -> Rule: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Rule, ...]: ...
    def __getitem__(self, key: str | int | slice) -> Rule | tuple[Rule, ...]:
        if isinstance(key, (int, slice)):
            return self.rules[key]
        try:
            return self._index[key]
        except (KeyError, TypeError):
            raise InvalidInput(f"no rule {key!r}; see `procpolicy rules`") from None

    def __contains__(self, rule_id: object) -> bool:
        if isinstance(rule_id, Rule):
            return self._index.get(rule_id.id) == rule_id
        return isinstance(rule_id, str) and rule_id in self._index

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def ids(self) -> tuple[str, ...]:
        """Every rule id, in registry order."""
        return tuple(rule.id for rule in self.rules)

    def index(self, rule: Rule) -> int:
        """The position of ``rule`` (a `Sequence` method).

        Raises:
            ValueError: when the rule is not in the registry.
        """
        return self.rules.index(rule)

    def count(self, rule: Rule) -> int:
        """1 when ``rule`` is in the registry, else 0 (a `Sequence` method)."""
        return self.rules.count(rule)


# A registry is a Sequence of rules, registered rather than inherited so that
# type checkers accept ``"tender.period" in RULES`` (an id, not a Rule).
Sequence.register(Registry)


def _rule(
    rule_id: str,
    zh: str,
    en: str,
    document: str,
    article: str,
    *,
    provenance: Provenance,
    note: str = "",
) -> Rule:
    return Rule(
        rule_id,
        Label(zh, en),
        Citation(document, article, note=note, provenance=provenance),
    )


# The framework's structural checks (`PolicyFramework.check` and `.warnings`).
# The 1+3+N checks rest on the system the seed article reports (REPORTED: the
# implementation measure's text was not seen); the others are this library's
# own structural rules, whose text is its published documentation (docs/).
_CONCEPTS = "docs/concepts.md"
_MODEL = (
    "a structural rule of the 1+3+N model as the seed article reports it "
    f'({_CONCEPTS} §The policy system: layers and "1+3+N")'
)
_OWN = "a structural rule of this library, not of the regulations"

FRAMEWORK_IMPLEMENTATION = _rule(
    "framework.implementation",
    "一个实施办法",
    "Exactly one implementation measure in force",
    "ay-implementation",
    "1+3+N: 1",
    provenance=Provenance.REPORTED,
    note=_MODEL,
)
FRAMEWORK_CORE_ROLES = _rule(
    "framework.core_roles",
    "三个配套文件",
    "Process, catalogue and evaluation each in force",
    "ay-implementation",
    "1+3+N: 3",
    provenance=Provenance.REPORTED,
    note=_MODEL,
)
FRAMEWORK_QUESTIONS = _rule(
    "framework.questions",
    "五个问题",
    "Every one of the five questions answered by a local document",
    "ay-implementation",
    "买什么、谁来买、向谁买、怎么买、买的值",
    provenance=Provenance.REPORTED,
    note=f"{_MODEL}; checked on the local documents ({_CONCEPTS} §The five questions)",
)
FRAMEWORK_LOOSENING = _rule(
    "framework.loosening",
    "下位从严",
    "A lower layer may tighten, never loosen",
    "procpolicy",
    f"{_CONCEPTS} §A lower layer may tighten, never loosen",
    provenance=Provenance.TEXT,
    note=_OWN,
)
FRAMEWORK_SUPERSEDES = _rule(
    "framework.supersedes",
    "废止对象",
    "A document supersedes an existing one of its own layer",
    "procpolicy",
    f"{_CONCEPTS} §Effective dates and supersession",
    provenance=Provenance.TEXT,
    note=_OWN,
)
FRAMEWORK_EXPIRY = _rule(
    "framework.expiry",
    "失效日期",
    "A document is in force on some day",
    "procpolicy",
    f"{_CONCEPTS} §Effective dates and supersession",
    provenance=Provenance.TEXT,
    note=_OWN,
)
FRAMEWORK_UNCITED = _rule(
    "framework.uncited",
    "条款出处",
    "Every value a document sets names its article",
    "procpolicy",
    f"{_CONCEPTS} §Checking a framework: errors and warnings",
    provenance=Provenance.TEXT,
    note=f"{_OWN}; a warning",
)
FRAMEWORK_CATALOGUE_VERSIONS = _rule(
    "framework.catalogue_versions",
    "目录版本",
    "One catalogue version per layer at a time",
    "procpolicy",
    f"{_CONCEPTS} §The catalogue over time",
    provenance=Provenance.TEXT,
    note=_OWN,
)
FRAMEWORK_CONFLICT = _rule(
    "framework.conflict",
    "同层冲突",
    "Documents of one layer in force together set one value alike",
    "procpolicy",
    f"{_CONCEPTS} §Checking a framework: errors and warnings",
    provenance=Provenance.TEXT,
    note=f"{_OWN}; an error for an unordered value, a warning for one where the "
    "strictest wins",
)
PARAMETERS_GRADE_BANDS = _rule(
    "parameters.grade_bands",
    "等级区间",
    "Grade bands neither overlap nor leave gaps",
    "cy-2020-10",
    "评价等级",
    provenance=Provenance.REPORTED,
    note="bands 90/80/60 are the MOF budget department's standard",
)
PARAMETERS_PAYMENT_RATIOS = _rule(
    "parameters.payment_ratios",
    "拨付比例",
    "A worse grade never pays more",
    "ay-evaluation",
    "三考: 怎么考",
    provenance=Provenance.ASSUMED,
    note="the article ties payment to the result; that a worse grade never pays "
    f"more is this library's structural reading ({_CONCEPTS} §Checking a "
    "framework: errors and warnings)",
)

FRAMEWORK_RULES: tuple[Rule, ...] = (
    FRAMEWORK_IMPLEMENTATION,
    FRAMEWORK_CORE_ROLES,
    FRAMEWORK_QUESTIONS,
    FRAMEWORK_LOOSENING,
    FRAMEWORK_SUPERSEDES,
    FRAMEWORK_EXPIRY,
    FRAMEWORK_UNCITED,
    FRAMEWORK_CATALOGUE_VERSIONS,
    FRAMEWORK_CONFLICT,
    PARAMETERS_GRADE_BANDS,
    PARAMETERS_PAYMENT_RATIOS,
)
"""The framework's structural rules, in registry order (after the workflow's)."""

if TYPE_CHECKING:
    RULES: Registry
    """Every rule procpolicy knows, in a stable order: the workflow's rules in
    the order a project meets them (declared with their guards in
    ``procpolicy._process``), then the framework's."""


def __getattr__(name: str) -> object:
    # The workflow's rules are declared next to their guards, which import the
    # policy layer (which imports this module): the registry is assembled on
    # first use, from the declarations.
    if name == "RULES":
        from procpolicy._process import RULES  # noqa: PLC0415

        return RULES
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


# -- judgements: what passed, what failed, what could not be judged ------------
class Verdict(BilingualEnum):
    """What a rule says of one event."""

    PASSED = Label("通过", "Passed")
    FAILED = Label("不通过", "Failed")
    UNDETERMINED = Label("无法判定", "Undetermined")
    """A fact the rule needs is unknown (the result names it)."""
    NOT_APPLICABLE = Label("不适用", "Not applicable")
    """The rule does not reach this case (a single source has no bidders rule)."""


@frozen(kw_only=True, repr=False)
class RuleResult:
    """One rule's verdict on one event, with the basis in force that day.

    For a ``FAILED`` result, ``message``, ``zh`` and ``facts`` are those of
    the `Violation`; for an ``UNDETERMINED`` one they say which fact is
    missing (``unknown`` names it).
    """

    __repr__ = fields_repr

    rule: Rule = field(validator=instance(Rule))
    verdict: Verdict = field(validator=instance(Verdict))
    basis: tuple[Citation, ...] = field(default=(), validator=tuple_of(Citation))
    message: str = field(default="", validator=instance(str))
    zh: str = field(default="", validator=instance(str))
    facts: tuple[tuple[str, str], ...] = field(default=(), validator=tuple_of(tuple))
    unknown: str = field(default="", validator=instance(str))
    """The unknown fact an ``UNDETERMINED`` result needs (``Awarded.bidders``)."""
    role: Role | None = field(default=None, validator=optional(instance(Role)))
    """Who must act for the rule to hold (see `Violation.role`)."""

    def violation(self) -> Violation:
        """This result as the `Violation` that `Workflow.check` reports."""
        return Violation(
            self.rule, self.message, self.zh, self.facts, self.basis, self.role
        )

    def __str__(self) -> str:
        text = f"{self.verdict.name:<14} [{self.rule.id}] {self.rule.title.zh}"
        return text + (f": {self.message}" if self.message else "")

    def _repr_html_(self) -> str:
        """The rule, its verdict, the message and the basis, as HTML."""
        from procpolicy._display import result_html  # noqa: PLC0415

        return result_html(self)


@frozen(kw_only=True, repr=False)
class Judgement:
    """Every rule of one event's edge, each with its verdict (`Workflow.judge`).

    ``violations`` equals what `Workflow.check` returns for the same project
    and event: the failed results, and with a strict workflow the
    undetermined ones too.
    """

    __repr__ = fields_repr

    event: object
    """The event judged."""
    results: tuple[RuleResult, ...] = field(validator=tuple_of(RuleResult))
    """One per rule of the edge, in the order they are judged."""
    strict: bool = field(default=False, validator=instance(bool))
    """Whether an undetermined rule refuses (``Workflow(strict=True)``)."""

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The violations `Workflow.check` reports."""
        refusing = (
            (Verdict.FAILED, Verdict.UNDETERMINED) if self.strict else (Verdict.FAILED,)
        )
        return tuple(r.violation() for r in self.results if r.verdict in refusing)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        """The failed results."""
        return tuple(r for r in self.results if r.verdict is Verdict.FAILED)

    @property
    def undetermined(self) -> tuple[RuleResult, ...]:
        """The results a missing fact left undetermined."""
        return tuple(r for r in self.results if r.verdict is Verdict.UNDETERMINED)

    @property
    def allowed(self) -> bool:
        """Whether `Workflow.apply` accepts the event."""
        return not self.violations

    def verdict(self, rule_id: str) -> Verdict | None:
        """The verdict of rule ``rule_id`` (None when it does not judge this edge)."""
        return next((r.verdict for r in self.results if r.rule.id == rule_id), None)

    def __str__(self) -> str:
        name = type(self.event).__name__
        head = f"{name}: " + ("allowed 允许" if self.allowed else "refused 拒绝")
        return "\n".join([head, *(f"  {r}" for r in self.results)])

    def _repr_html_(self) -> str:
        """Every rule of the edge with its verdict, as an HTML table."""
        from procpolicy._display import judgement_html  # noqa: PLC0415

        return judgement_html(self)


@frozen(kw_only=True, repr=False)
class Requirement:
    """What one rule of an edge demands of the next event, with the bound.

    ``met`` is known for the rules that judge the project alone (True or
    False now); for the others it is None: they are judged with the event.
    """

    __repr__ = fields_repr

    rule: Rule = field(validator=instance(Rule))
    message: str = field(validator=non_empty_str)
    zh: str = field(default="", validator=instance(str))
    bound: str = field(default="", validator=instance(str))
    """The bound in figures: the earliest day, the highest amount, the grade …"""
    facts: tuple[tuple[str, str], ...] = field(default=(), validator=tuple_of(tuple))
    met: bool | None = field(default=None, validator=optional(instance(bool)))
    basis: tuple[Citation, ...] = field(default=(), validator=tuple_of(Citation))
    role: Role | None = field(default=None, validator=optional(instance(Role)))
    """Who must act (see `Violation.role`)."""

    def __str__(self) -> str:
        state = {True: "met", False: "not met", None: "to judge"}[self.met]
        return f"[{self.rule.id}] ({state}) {self.message}"
