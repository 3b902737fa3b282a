"""The "1+3+N" policy system (政策体系): documents in layers, dated.

Anyang's system has three local layers under national law: **1**
implementation measures (实施办法); **3** core documents — the process
(流程), the guiding catalogue (指导性目录) and the performance-evaluation
measures (绩效评价办法); **N** supporting documents.  Together they answer five
questions: 买什么, 谁来买, 向谁买, 怎么买, 买的值.

A `PolicyFramework` is a tuple of `PolicyDocument` values.  ``at(day)`` gives
the `RuleSet` in force that day; ``check()`` lists every structural defect as
a `Finding`.  A lower layer may tighten what a higher layer says, never
loosen it: the value in force is the strictest any document sets, so adding a
lower-layer document can never allow what was refused.

Dates: ``effective`` is the first day in force and ``expires`` the *last*
(inclusive).  A document superseded by another is out of force from the day
its successor takes effect, and stays out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from procpolicy import rules as R  # noqa: N812 - the registry's rule constants
from procpolicy._repr import fields_repr
from procpolicy._timeline import Stretch
from procpolicy._validate import (
    day_in_domain,
    frozen_set,
    instance,
    non_empty_str,
    optional,
    set_of,
    to_decimal,
    tuple_of,
)
from procpolicy.catalogue import Catalogue, Prohibited
from procpolicy.errors import InvalidInput, PolicyInconsistent
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parameters import (
    Grade,
    Outcome,
    Overrides,
    Parameters,
    Strictness,
    is_looser,
    stricter,
)
from procpolicy.procurement import Method
from procpolicy.rules import (
    Citation,
    Finding,
    Provenance,
    Severity,
    _agree,
    _derived_bool,
    _derived_provenance,
)

__all__ = [
    "Change",
    "CoreRole",
    "Layer",
    "PolicyDocument",
    "PolicyFramework",
    "Question",
    "RuleSet",
    "Stretch",
]


class Layer(BilingualEnum):
    """A layer of the policy system, most general first."""

    NATIONAL = Label("国家法律法规", "National law and rules")
    IMPLEMENTATION = Label("实施办法(1)", "Implementation measures (the 1)")
    CORE = Label("配套文件(3)", "Core documents (the 3)")
    SUPPORTING = Label("行业和部门文件(N)", "Supporting documents (the N)")

    @property
    def depth(self) -> int:
        """0 for NATIONAL down to 3 for SUPPORTING: deeper is more specific."""
        return _DEPTH[self]

    def is_above(self, other: Layer) -> bool:
        """Whether this layer is more general than ``other``."""
        return _DEPTH[self] < _DEPTH[other]


_DEPTH = {layer: i for i, layer in enumerate(Layer)}


class CoreRole(BilingualEnum):
    """The three roles of the core layer (the "3")."""

    PROCESS = Label("购买服务流程", "Purchase process")
    CATALOGUE = Label("指导性目录", "Guiding catalogue")
    EVALUATION = Label("绩效评价办法", "Performance-evaluation measures")


class Question(BilingualEnum):
    """The five questions the system must answer."""

    WHAT = Label("买什么", "What to buy")
    WHO_BUYS = Label("谁来买", "Who buys")
    FROM_WHOM = Label("向谁买", "From whom")
    HOW = Label("怎么买", "How to buy")
    VALUE = Label("买的值", "Is it value for money")


_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
_SPECIAL_KEYS = frozenset({"catalogue", "effective"})


def _document_id(inst: object, attribute: Any, value: Any) -> None:
    non_empty_str(inst, attribute, value)
    if not _ID.fullmatch(str(value)):
        raise InvalidInput(
            f"{type(inst).__name__}.{attribute.name}: {value!r} must be lower-case "
            "letters, digits, '.' and '-' (like 'mof-102')"
        )


def _pairs(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), v) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(tuple(p) if isinstance(p, list) else p for p in value)
    return value


def _string_pairs(inst: object, attribute: Any, value: Any) -> None:
    tuple_of(tuple)(inst, attribute, value)
    for pair in value:
        if len(pair) != 2 or not all(isinstance(s, str) for s in pair):  # noqa: PLR2004
            raise InvalidInput(
                f"{type(inst).__name__}.{attribute.name}: {pair!r} is not a "
                "(name, text) pair of strings"
            )


_RULE_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


@frozen(eq=False)
class _FrozenMap(Mapping[str, str]):
    """An immutable, hashable ``str`` → ``str`` mapping, its keys sorted.

    The public fields `PolicyDocument.establishes` and
    `PolicyDocument.reported` hold one; it compares equal to any mapping
    with the same items, a `dict` included.
    """

    pairs: tuple[tuple[str, str], ...]

    def __getitem__(self, key: str) -> str:
        for name, text in self.pairs:
            if name == key:
                return text
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __hash__(self) -> int:
        return hash(self.pairs)

    def __repr__(self) -> str:
        return repr(dict(self.pairs))


_EMPTY_MAP = _FrozenMap(())


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    """A mapping of strings as a `_FrozenMap`; the rest is left to the validator."""
    given: object = value
    if isinstance(given, _FrozenMap):
        return given
    if isinstance(given, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in given.items()
    ):
        return _FrozenMap(tuple(sorted(given.items())))
    return value


def _string_map(inst: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, _FrozenMap):
        raise InvalidInput(
            f"{type(inst).__name__}.{attribute.name}: must be a mapping of strings "
            f"to strings, not {value!r}"
        )


def _rule_articles(inst: object, attribute: Any, value: Any) -> None:
    _string_map(inst, attribute, value)
    for rule_id in value:
        if not _RULE_ID.fullmatch(rule_id):
            raise InvalidInput(
                f"{type(inst).__name__}.{attribute.name}: {rule_id!r} is not a "
                "dotted rule id like 'tender.period'"
            )


@frozen(kw_only=True, repr=False)
class PolicyDocument:
    """One document of the policy system, with the values it sets.

    Examples:
        >>> doc = PolicyDocument(
        ...     id="ay-sanitation-2018",
        ...     title=Label("环卫服务购买细则", "Sanitation purchase rules"),
        ...     layer=Layer.SUPPORTING,
        ...     effective=date(2018, 1, 1),
        ...     sets=Overrides(min_tender_days=25),
        ...     articles={"min_tender_days": "§3"},
        ... )
        >>> doc.citation("min_tender_days")
        Citation(document='ay-sanitation-2018', article='§3', verified=True, note='',
                 provenance=Provenance.TEXT)
    """

    __repr__ = fields_repr

    id: str = field(validator=_document_id)
    """Stable id; national ones are those of REGULATIONS.md (``mof-102`` …)."""
    title: Label = field(validator=instance(Label))
    layer: Layer = field(validator=instance(Layer))
    role: CoreRole | None = field(default=None, validator=optional(instance(CoreRole)))
    """The core role it fills; only CORE documents have one, and they must."""
    answers: frozenset[Question] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(Question)
    )
    """Which of the five questions it answers."""
    effective: date = field(validator=day_in_domain)
    """First day in force (within the domain of dates, 1949-10-01 to 2199-12-31)."""
    expires: date | None = field(default=None, validator=optional(day_in_domain))
    """Last day in force (inclusive); ``None`` while in force."""
    supersedes: str | None = field(default=None, validator=optional(_document_id))
    """Id of the document of the same layer this one replaces."""
    sets: Overrides = field(factory=Overrides, validator=instance(Overrides))
    catalogue: Catalogue | None = field(
        default=None, validator=optional(instance(Catalogue))
    )
    """The catalogue version this document lists, if any."""
    articles: tuple[tuple[str, str], ...] = field(
        default=(), converter=_pairs, validator=_string_pairs
    )
    """For each value set (and ``catalogue``), the article that sets it."""
    assumptions: tuple[tuple[str, str], ...] = field(
        default=(), converter=_pairs, validator=_string_pairs
    )
    """Values (and ``effective``) that are assumptions, with what they rest on."""
    verified: bool = field(
        default=None, converter=_derived_bool, validator=optional(instance(bool))
    )
    """Whether the document itself is known from its text:
    ``provenance is Provenance.TEXT``; False when its date or id is
    unconfirmed."""
    provenance: Provenance = field(
        default=None,
        converter=_derived_provenance,
        validator=optional(instance(Provenance)),
    )
    """Whether the document itself is known (`Provenance`): ``TEXT`` when it
    was read, ``REPORTED`` when a trusted source names it, ``ASSUMED`` when
    this library infers it.  By default ``TEXT`` when verified, else
    ``REPORTED``; given both, they must agree.  Its citations are never surer
    than it."""
    establishes: Mapping[str, str] = field(
        default=_EMPTY_MAP, converter=_frozen_map, validator=_rule_articles
    )
    """The rules the document lays down: rule id → article (the dated legal
    basis, `RuleSet.basis`).  Stored immutable, keys sorted."""
    reported: Mapping[str, str] = field(
        default=_EMPTY_MAP, converter=_frozen_map, validator=_string_map
    )
    """Values (and rules it establishes) whose clause was not read — its
    number or its text unconfirmed — with what they rest on: their citations
    are ``REPORTED`` even when the document is known."""

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        try:
            verified, provenance = _agree(
                "PolicyDocument", verified=self.verified, provenance=self.provenance
            )
        except InvalidInput as exc:
            problems.extend(exc.messages)
        else:
            object.__setattr__(self, "verified", verified)
            object.__setattr__(self, "provenance", provenance)
        if (self.role is None) != (self.layer is not Layer.CORE):
            problems.append(
                f"PolicyDocument.role: {self.id!r} is in layer {self.layer.name} with "
                f"role {self.role.name if self.role else None}; CORE documents, and "
                "only they, fill a CoreRole"
            )
        known = set(self.sets.names()) | _SPECIAL_KEYS
        for key, _ in self.articles:
            if key not in known:
                problems.append(
                    f"PolicyDocument.articles: {key!r} is neither a value "
                    f"{self.id!r} sets nor 'catalogue'/'effective'"
                )
        known |= set(self.establishes)
        problems.extend(
            f"PolicyDocument.assumptions/reported: {key!r} is neither a value "
            f"{self.id!r} sets, a rule it establishes, nor 'catalogue'/'effective'"
            for key in (*(k for k, _ in self.assumptions), *self.reported)
            if key not in known
        )
        if problems:
            raise InvalidInput(problems)

    def article(self, name: str) -> str:
        """The article that sets ``name`` (``""`` when not cited)."""
        return next((text for key, text in self.articles if key == name), "")

    def assumption(self, name: str) -> str | None:
        """What the value of ``name`` rests on, if it is an assumption."""
        return next((text for key, text in self.assumptions if key == name), None)

    def citation(self, name: str) -> Citation:
        """The citation of the value or the rule ``name`` this document sets.

        ``name`` is a value it sets (or ``catalogue``), or a rule it
        establishes.  Its provenance is never surer than the document's:
        ``ASSUMED`` for an assumed value (or an assumed document),
        ``REPORTED`` for a value in `reported` (or a reported document), else
        the document's.

        Examples:
            >>> doc = PolicyDocument(
            ...     id="ay-x", title=Label("细则", "Rules"), layer=Layer.SUPPORTING,
            ...     effective=date(2018, 1, 1), establishes={"tender.period": "§3"},
            ...     reported={"tender.period": "a news report"})
            >>> str(doc.citation("tender.period"))
            'ay-x §3 [reported; a news report]'
        """
        article = self.article(name) or self.establishes.get(name, "")
        assumed = self.assumption(name)
        if assumed is not None:
            note = f"assumption: {assumed}"
            return Citation(self.id, article, note=note, provenance=_ASSUMED)
        if self.provenance is _ASSUMED:
            note = "assumption: the document itself is assumed"
            return Citation(self.id, article, note=note, provenance=_ASSUMED)
        reported = self.reported.get(name)
        if reported is not None:
            return Citation(self.id, article, note=reported, provenance=_REPORTED)
        return Citation(self.id, article, provenance=self.provenance)

    def in_force_on(self, day: date) -> bool:
        """Whether the document's own dates cover ``day`` (ignores supersession)."""
        return self.effective <= day and (self.expires is None or day <= self.expires)


@frozen(repr=False)
class Change:
    """One difference between two rule sets (`RuleSet.diff`).

    ``kind`` is ``parameter``, ``catalogue``, ``method`` or ``document``.
    """

    __repr__ = fields_repr

    kind: str
    name: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.before} → {self.after}"


def _show(value: object, name: str = "") -> str:
    """A value as diffs and findings write it (`procpolicy._display.show`)."""
    from procpolicy._display import show  # noqa: PLC0415 - light, strings only

    return show(value, name)


_ASSUMED, _REPORTED = Provenance.ASSUMED, Provenance.REPORTED

_UNSET = Citation(
    "procpolicy",
    "Parameters default",
    note="no document in force sets this value; it is the unregulated default",
    provenance=Provenance.ASSUMED,
)


@frozen(kw_only=True)
class RuleSet:
    """The rules in force over a stretch of days: documents, values, catalogue.

    Get one from `PolicyFramework.at`; it is valid from ``valid_from`` to
    ``valid_until`` (inclusive; ``None`` is unbounded).
    """

    documents: tuple[PolicyDocument, ...]
    """The documents in force, in framework order."""
    parameters: Parameters
    catalogue: Catalogue
    methods: frozenset[Method]
    """Methods that exist and are not excluded."""
    valid_from: date | None = None
    valid_until: date | None = None
    sources: tuple[tuple[str, Citation], ...] = ()
    """``(name, citation)`` for every value some document sets."""
    prohibition_sources: tuple[tuple[Prohibited, Citation], ...] = ()
    established: tuple[tuple[str, tuple[Citation, ...]], ...] = ()
    """``(rule id, citations)`` for every rule a document in force
    establishes, national first (see `basis`)."""
    _basis: dict[str, tuple[Citation, ...]] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_basis", dict(self.established))

    def basis(self, rule_id: str) -> tuple[Citation, ...]:
        """The dated legal basis of rule ``rule_id`` under these rules.

        The citations of the documents in force that establish the rule
        (`PolicyDocument.establishes`), national first, then by layer; the
        rule's own citation when none does.

        Raises:
            InvalidInput: for an id that is not a rule.

        Examples:
            >>> from procpolicy import presets
            >>> fw = presets.anyang()
            >>> [c.document for c in fw.at(date(2014, 6, 1)).basis("catalogue.listed")]
            ['gbf-2013-96', 'ay-catalogue-2014']
            >>> for c in fw.at(date(2021, 1, 1)).basis("contract.term"):
            ...     print(c.document, c.article, c.provenance.name)
            cy-2017-87 三 REPORTED
            mof-102 Art 24 TEXT
            ay-implementation 合同管理 ASSUMED
        """
        from procpolicy.rules import RULES  # noqa: PLC0415 - assembled late

        given: object = rule_id
        if not isinstance(given, str):
            kind = type(given).__name__
            raise InvalidInput(f"rule_id: must be a rule id string, not {kind}")
        rule = RULES[rule_id]
        return self._basis.get(rule_id) or (rule.citation,)

    def source(self, name: str) -> Citation:
        """The citation of the document that set value ``name`` (or ``catalogue``).

        When several documents set the winning value, the higher layer is
        cited.  A value no document sets cites the unregulated default.

        Examples:
            >>> from procpolicy import presets
            >>> presets.anyang().at(date(2021, 1, 1)).source("max_contract_years")
            Citation(document='mof-102', article='Art 24', verified=True, note='',
                     provenance=Provenance.TEXT)
        """
        if name != "catalogue":
            Parameters.label(name)  # InvalidInput for an unknown name
        return next((c for key, c in self.sources if key == name), _UNSET)

    def prohibition_source(self, item: Prohibited) -> Citation | None:
        """The first document in force (highest layer) that prohibits ``item``."""
        return next((c for key, c in self.prohibition_sources if key is item), None)

    def grade(self, score: Decimal | int | str) -> Grade:
        """The grade of a 0–100 score under the bands in force.

        Raises:
            InvalidInput: for a score that is not a number within 0–100.

        Examples:
            >>> from procpolicy import presets
            >>> presets.anyang().at(date(2015, 6, 1)).grade(Decimal("85"))
            <Grade.GOOD: Label(zh='良', en='Good')>
            >>> presets.anyang().at(date(2015, 6, 1)).grade(Decimal("NaN"))
            Traceback (most recent call last):
            ...
            procpolicy.errors.InvalidInput: score: must be a number within 0–100, ...
        """
        value: object = to_decimal(score)
        if not isinstance(value, Decimal) or isinstance(score, bool):
            raise InvalidInput(f"score: must be a Decimal, not {type(score).__name__}")
        if value.is_nan() or not Decimal(0) <= value <= Decimal(100):
            raise InvalidInput(f"score: must be a number within 0–100, not {value}")
        return self.parameters.grade_bands.grade(value)

    def outcome(self, grade: Grade) -> Outcome:
        """What ``grade`` means here: payment ratio, renewal, accountability.

        Examples:
            >>> from procpolicy import presets
            >>> presets.anyang().at(date(2016, 1, 1)).outcome(Grade.GOOD)
            Outcome(payment_ratio=Decimal('0.95'), may_renew=True, ...)
        """
        if not isinstance(grade, Grade):
            raise InvalidInput(f"grade: must be a Grade, not {type(grade).__name__}")
        params = self.parameters
        may_renew = grade.is_at_least(params.renewal_min_grade)
        line = params.accountability_grade
        return Outcome(
            payment_ratio=params.payment_ratios.ratio(grade),
            may_renew=may_renew,
            accountable=line is not None and line.is_at_least(grade),
            grade=grade,
            retender_priority=may_renew,
        )

    def is_in_force(self, document_id: str) -> bool:
        """Whether the document ``document_id`` is in force under these rules."""
        return any(doc.id == document_id for doc in self.documents)

    def __repr__(self) -> str:
        from procpolicy._display import ruleset_repr  # noqa: PLC0415

        return ruleset_repr(self)

    def _repr_html_(self) -> str:
        """Each parameter with its value, source and provenance, as HTML."""
        from procpolicy._display import ruleset_html  # noqa: PLC0415

        return ruleset_html(self)

    def diff(self, other: RuleSet) -> tuple[Change, ...]:
        """What changed from these rules to ``other``.

        Examples:
            >>> from procpolicy import presets
            >>> fw = presets.anyang()
            >>> for change in fw.at(date(2015, 12, 31)).diff(fw.at(date(2016, 1, 1))):
            ...     print(change)
            parameter separate_budget_line: False → True
            catalogue INFORMATION_SYSTEMS: not listed → listed
            ...
        """
        changes = [
            Change("parameter", name, _show(mine, name), _show(theirs, name))
            for name in Parameters.names()
            if (mine := getattr(self.parameters, name))
            != (theirs := getattr(other.parameters, name))
        ]
        for cat in sorted(
            self.catalogue.covered_categories() ^ other.catalogue.covered_categories(),
            key=lambda c: c.name,
        ):
            now = other.catalogue.covers(cat)
            changes.append(
                Change(
                    "catalogue",
                    cat.name,
                    "listed" if not now else "not listed",
                    "listed" if now else "not listed",
                )
            )
        changes += [
            Change("method", m.name, "unavailable", "available")
            for m in Method
            if m in other.methods - self.methods
        ]
        changes += [
            Change("method", m.name, "available", "unavailable")
            for m in Method
            if m in self.methods - other.methods
        ]
        mine_ids = [d.id for d in self.documents]
        their_ids = [d.id for d in other.documents]
        changes += [
            Change("document", i, "in force", "not in force")
            for i in mine_ids
            if i not in their_ids
        ]
        changes += [
            Change("document", i, "not in force", "in force")
            for i in their_ids
            if i not in mine_ids
        ]
        return tuple(changes)


def _day(value: object, what: str) -> date:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        hint = (
            "; pass its day in China Standard Time, or ask Workflow.rules_at, "
            "which takes a datetime"
        ) * isinstance(value, date)
        raise InvalidInput(f"{what}: must be a date, not {type(value).__name__}{hint}")
    return value


def _documents(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


@frozen
class PolicyFramework:
    """A policy system: documents in layers, each with its dates.

    Examples:
        >>> from procpolicy import presets, ServiceCategory
        >>> fw = presets.anyang()
        >>> fw.check()
        ()
        >>> fw.at(date(2014, 6, 1)).catalogue.covers(ServiceCategory.SOCIAL_WORK)
        False
        >>> fw.at(date(2015, 6, 1)).catalogue.covers(ServiceCategory.SOCIAL_WORK)
        True
    """

    documents: tuple[PolicyDocument, ...] = field(
        converter=_documents, validator=tuple_of(PolicyDocument)
    )
    _by_id: dict[str, PolicyDocument] = field(init=False, eq=False, repr=False)
    _bounds: tuple[date, ...] = field(init=False, eq=False, repr=False)
    _memo: dict[int, RuleSet] = field(init=False, eq=False, repr=False)
    _by_day: dict[date, RuleSet] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, PolicyDocument] = {}
        for doc in self.documents:
            if doc.id in by_id:
                raise PolicyInconsistent(
                    f"two documents have the id {doc.id!r}; ids must be unique so "
                    "that supersession and citations are unambiguous — rename one"
                )
            by_id[doc.id] = doc
        bounds = {d.effective for d in self.documents}
        bounds |= {d.expires + timedelta(days=1) for d in self.documents if d.expires}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_bounds", tuple(sorted(bounds)))
        object.__setattr__(self, "_memo", {})
        object.__setattr__(self, "_by_day", {})

    # -- navigation --------------------------------------------------------
    def document(self, document_id: str) -> PolicyDocument:
        """The document with id ``document_id``.

        Raises:
            InvalidInput: when there is none.
        """
        try:
            return self._by_id[document_id]
        except (KeyError, TypeError):
            raise InvalidInput(
                f"no document {document_id!r} in this framework"
            ) from None

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._by_id

    def __iter__(self) -> Iterator[PolicyDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def boundaries(self) -> tuple[date, ...]:
        """Every day on which the rules in force may change, in order."""
        return self._bounds

    def timeline(self, name: str) -> tuple[Stretch, ...]:
        """Each stretch of days with its value of ``name``, cited (`Stretch`).

        See `procpolicy._timeline.timeline`.

        Examples:
            >>> from procpolicy import presets
            >>> for s in presets.anyang().timeline("max_contract_years"):
            ...     print(s.start, s.end, s.value, s.citation.document)
            None 2013-12-31 99 procpolicy
            2014-01-01 2020-02-29 1 ay-implementation
            2020-03-01 None 1 mof-102
        """
        from procpolicy._timeline import timeline  # noqa: PLC0415

        return timeline(self, name)

    def __repr__(self) -> str:
        from procpolicy._display import framework_repr  # noqa: PLC0415

        return framework_repr(self)

    def _repr_html_(self) -> str:
        """The documents by layer and date, as an HTML table."""
        from procpolicy._display import framework_html  # noqa: PLC0415

        return framework_html(self)

    def with_document(self, document: PolicyDocument) -> PolicyFramework:
        """A new framework with one more document.

        Raises:
            PolicyInconsistent: when a document with the same id exists.
        """
        return PolicyFramework((*self.documents, document))

    def without(self, document_id: str) -> PolicyFramework:
        """A new framework without document ``document_id``."""
        self.document(document_id)
        return PolicyFramework(tuple(d for d in self.documents if d.id != document_id))

    def replace(self, document: PolicyDocument) -> PolicyFramework:
        """A new framework where ``document`` takes the place of its namesake."""
        self.document(document.id)
        return PolicyFramework(
            tuple(document if d.id == document.id else d for d in self.documents)
        )

    def frozen_at(self, day: date) -> PolicyFramework:
        """The rules of ``day``, in force on every day (a what-if: 那天的规则).

        The documents in force on ``day`` keep their ids, values, articles,
        catalogues and the rules they establish, so the parameters, catalogue,
        methods, citations and basis of every day are those of ``day``.  They
        are re-dated to the far past, without expiry; the documents they
        supersede stay, never in force, so that the supersession lineage — and
        with it every procurement method — is kept.  Every other document is
        left out.

        Where two documents of one layer set a value, the newer one decides,
        so the order of their dates must survive the re-dating: national
        documents take effect from 1949-10-01 (the first day procpolicy
        accepts), a day apart in the order of their own dates, and the local
        ones all together on the day after (a local system in force only in
        part would be unsound), listed in the order of their dates.  So the
        frozen rules hold from a few days after 1949-10-01.  One difference
        remains: when local documents of one layer set the same value, the
        older of them may be cited (ASSUMED: the value is the same).

        Raises:
            InvalidInput: when ``day`` is not a `datetime.date`.

        Examples:
            >>> from procpolicy import presets, ServiceCategory
            >>> fw = presets.anyang().frozen_at(date(2014, 6, 1))
            >>> fw.at(date(2021, 1, 1)).catalogue.covers(ServiceCategory.SOCIAL_WORK)
            False
            >>> fw.at(date(2021, 1, 1)).source("eligible_purchasers")
            Citation(document='procpolicy', article='Parameters default', ...)
            >>> fw.check()
            ()
        """
        import attrs  # noqa: PLC0415 - rare path

        from procpolicy._validate import EARLIEST_DAY  # noqa: PLC0415

        day = _day(day, "day")
        current = self.in_force(day)
        national = sorted({d.effective for d in current if d.layer is Layer.NATIONAL})
        local_day = EARLIEST_DAY + timedelta(days=len(national))
        dated: dict[str, date] = {
            doc.id: (
                EARLIEST_DAY + timedelta(days=national.index(doc.effective))
                if doc.layer is Layer.NATIONAL
                else local_day
            )
            for doc in current
        }
        order = {doc.id: i for i, doc in enumerate(self.documents)}
        kept = sorted(
            current,
            key=lambda d: (
                d.layer is not Layer.NATIONAL,
                d.effective if d.layer is not Layer.NATIONAL else date.min,
                order[d.id],
            ),
        )
        for doc in current:
            # What it supersedes, and so on: never in force (each takes effect
            # no earlier than its successor), but it keeps the methods.
            ancestor = self._by_id.get(doc.supersedes or "")
            while ancestor is not None and ancestor.id not in dated:
                dated[ancestor.id] = local_day
                kept.append(ancestor)
                ancestor = self._by_id.get(ancestor.supersedes or "")
        return PolicyFramework(
            tuple(
                attrs.evolve(doc, effective=dated[doc.id], expires=None) for doc in kept
            )
        )

    # -- the rules in force ------------------------------------------------
    def in_force(self, day: date) -> tuple[PolicyDocument, ...]:
        """The documents in force on ``day``, in framework order."""
        day = _day(day, "day")
        superseded = {
            d.supersedes
            for d in self.documents
            if d.supersedes is not None and d.effective <= day
        }
        return tuple(
            d for d in self.documents if d.in_force_on(day) and d.id not in superseded
        )

    def at(self, day: date) -> RuleSet:
        """The rules in force on ``day``.

        Rule sets are memoised per stretch between document dates, so asking
        for every day of a year costs one resolution per stretch.

        Raises:
            InvalidInput: when ``day`` is not a `datetime.date`.
        """
        index = bisect_right(self._bounds, _day(day, "day")) - 1
        try:
            return self._memo[index]
        except KeyError:
            start = self._bounds[index] if index >= 0 else None
            until = (
                self._bounds[index + 1] - timedelta(days=1)
                if index + 1 < len(self._bounds)
                else None
            )
            rules = self._resolve(self.in_force(start) if start else (), start, until)
            self._memo[index] = rules
            return rules

    def rules_on(self, day: date) -> RuleSet:
        """`at` for a day known to be a `datetime.date`, memoised by day.

        The workflow asks this for every event; skipping the argument check
        and the bisection saves ~9 k instructions per lifecycle.  The memo
        holds one entry per distinct day asked, within a frozen value.
        """
        try:
            return self._by_day[day]
        except (KeyError, TypeError):  # at() refuses what is not a date
            rules = self._by_day[day] = self.at(day)
            return rules

    def _lineage(self, docs: Iterable[PolicyDocument]) -> set[str]:
        """Ids of the national documents in force and of those they supersede.

        Only national law creates procurement methods, so a local document
        can never make a method available (it may exclude one).
        """
        ids: set[str] = set()
        for doc in docs:
            if doc.layer is not Layer.NATIONAL:
                continue
            current: PolicyDocument | None = doc
            while current is not None and current.id not in ids:
                ids.add(current.id)
                current = self._by_id.get(current.supersedes or "")
        return ids

    def _resolve(
        self, docs: tuple[PolicyDocument, ...], start: date | None, until: date | None
    ) -> RuleSet:
        values: dict[str, Any] = {}
        sources: list[tuple[str, Citation]] = []
        for name in Parameters.names():
            setters = [d for d in docs if name in d.sets]
            if setters:
                value, cite = _combine(name, setters)
                values[name] = value
                sources.append((name, cite))
        params = Parameters(**values)
        # A table the documents leave non-monotone is made monotone the strict way.
        params = _ordered_tables(params, sources)
        catalogue = Catalogue()
        listing = [d for d in docs if d.catalogue is not None]
        if listing:
            catalogue, cite = _combine_catalogues(listing)
            sources.append(("catalogue", cite))
        prohibitions = tuple(
            (item, doc.citation("prohibited"))
            for item in Prohibited
            for doc in sorted(
                (d for d in docs if item in (d.sets.get("prohibited") or ())),
                key=lambda d: d.layer.depth,
            )[:1]
        )
        lineage = self._lineage(docs)
        methods = frozenset(
            m
            for m in Method
            if m.introduced_by in lineage and m not in params.excluded_methods
        )
        return RuleSet(
            documents=docs,
            parameters=params,
            catalogue=catalogue,
            methods=methods,
            valid_from=start,
            valid_until=until,
            sources=tuple(sources),
            prohibition_sources=prohibitions,
            established=_established(docs),
        )

    # -- consistency -------------------------------------------------------
    def check(self) -> tuple[Finding, ...]:
        """Every structural error of the framework, as findings; ``()`` if sound.

        Errors: exactly one implementation measure, each core role filled and
        each of the five questions answered by a local document whenever local
        documents are in force; no document loosening a higher layer;
        supersession pointing to an existing document of the same layer,
        without cycles; no document that is never in force; one catalogue
        version per layer at a time; no two documents of one layer in force
        together that set an unordered value differently
        (``framework.conflict``); monotone grade bands and payment ratios.
        Defects that change no rule in force are `warnings`.

        Examples:
            >>> from procpolicy import presets
            >>> for f in presets.anyang().without("ay-process").check():
            ...     print(f.rule.id, "|", f.message)
            framework.core_roles | no core document fills the role 购买服务流程 ...
        """
        return tuple(f for f in self._findings() if f.severity is Severity.ERROR)

    def warnings(self) -> tuple[Finding, ...]:
        """Every defect of the framework that changes no rule in force.

        Warnings: a value or a catalogue set without its article
        (``framework.uncited``), and two documents of one layer in force
        together that set a value where the strictest wins to different
        values (``framework.conflict``: the strictest stays in force).

        Examples:
            >>> from procpolicy import Label, Layer, Overrides, presets
            >>> extra = PolicyDocument(id="ay-extra", title=Label("补充", "Extra"),
            ...     layer=Layer.SUPPORTING, effective=date(2016, 1, 1),
            ...     sets=Overrides(min_tender_days=25))
            >>> fw = presets.anyang().with_document(extra)
            >>> fw.check()
            ()
            >>> [(f.rule.id, f.severity.name) for f in fw.warnings()]
            [('framework.uncited', 'WARNING')]
        """
        return tuple(f for f in self._findings() if f.severity is Severity.WARNING)

    def _findings(self) -> tuple[Finding, ...]:
        """Every finding, errors and warnings, in registry order."""
        found: dict[tuple[str, ...], Finding] = {}

        def add(key: tuple[str, ...], finding: Finding) -> None:
            found.setdefault((finding.rule.id, *key), finding)

        for doc in self.documents:
            for key, finding in _document_findings(doc, self._by_id):
                add(key, finding)
        for start in self._bounds:
            docs = self.in_force(start)
            for key, finding in _day_findings(docs, start, self._by_id):
                add(key, finding)
        order = {rule_id: i for i, rule_id in enumerate(R.RULES.ids())}
        return tuple(sorted(found.values(), key=lambda f: order[f.rule.id]))

    def is_sound(self) -> bool:
        """Whether `check` finds no error (warnings may remain)."""
        return not self.check()


def _established(
    docs: tuple[PolicyDocument, ...],
) -> tuple[tuple[str, tuple[Citation, ...]], ...]:
    """For each rule the documents establish, their citations, national first.

    Within a layer the documents keep their framework order.
    """
    table: dict[str, list[Citation]] = {}
    for doc in sorted(docs, key=lambda d: d.layer.depth):
        for rule_id in doc.establishes:
            table.setdefault(rule_id, []).append(doc.citation(rule_id))
    return tuple((rule_id, tuple(table[rule_id])) for rule_id in sorted(table))


def _combine(name: str, setters: list[PolicyDocument]) -> tuple[object, Citation]:
    kind = Parameters.strictness(name)
    if kind is Strictness.UNORDERED:
        winner = max(
            enumerate(setters), key=lambda p: (p[1].layer.depth, p[1].effective, p[0])
        )[1]
        return winner.sets.get(name), winner.citation(name)
    value: object = setters[0].sets.get(name)
    for doc in setters[1:]:
        value = stricter(name, value, doc.sets.get(name))
    exact = [d for d in setters if d.sets.get(name) == value]
    if exact:
        # The higher layer; within it a confirmed figure, then the newest document.
        cited = min(
            exact,
            key=lambda d: (
                d.layer.depth,
                not d.citation(name).verified,
                -d.effective.toordinal(),
            ),
        )
    else:
        cited = max(setters, key=lambda d: (d.layer.depth, d.effective))
    return value, cited.citation(name)


def _combine_catalogues(listing: list[PolicyDocument]) -> tuple[Catalogue, Citation]:
    catalogues = [d.catalogue for d in listing if d.catalogue is not None]
    value = catalogues[0]
    for other in catalogues[1:]:
        value = value.intersection(other)
    by_layer = sorted(listing, key=lambda d: d.layer.depth)
    exact = [d for d in by_layer if d.catalogue == value]
    cited = exact[0] if exact else by_layer[-1]
    return value, cited.citation("catalogue")


_BOUNDED_BY = (("max_contract_years", "max_stable_contract_years"),)
"""``(cap, bound)``: a cap that may never exceed another.

An ordinary contract runs no longer than a stable, funded one may: mof-102
Art 24 allows a year in general and three years by exception, so the exception
only lengthens.  Before mof-102 the national rules bound only the stable term
(cy-2017-87, itself an assumption); that the ordinary term is then bound by it
too is ASSUMED."""


_NAME_ORDER = {name: i for i, name in enumerate(Parameters.names())}


def _ordered_tables(
    params: Parameters, sources: list[tuple[str, Citation]]
) -> Parameters:
    """``params`` made consistent the strict way; ``sources`` follows in place.

    Tables the documents leave non-monotone (grade bands, payment ratios) are
    made monotone, and a cap above the one that bounds it (`_BOUNDED_BY`) is
    lowered to it, its source then citing what bound it.
    """
    bands, ratios = params.grade_bands, params.payment_ratios
    capped = [
        (cap, bound)
        for cap, bound in _BOUNDED_BY
        if getattr(params, cap) > getattr(params, bound)
    ]
    if bands.is_ordered() and ratios.is_monotone() and not capped:
        return params
    import attrs  # noqa: PLC0415 - rare path

    changes: dict[str, Any] = {}
    if not (bands.is_ordered() and ratios.is_monotone()):
        changes.update(grade_bands=bands.ordered(), payment_ratios=ratios.ordered())
    for cap, bound in capped:
        changes[cap] = getattr(params, bound)
        cite = next((c for key, c in sources if key == bound), _UNSET)
        sources[:] = [(key, c) for key, c in sources if key != cap]
        sources.append((cap, cite))
        sources.sort(key=lambda pair: _NAME_ORDER.get(pair[0], len(_NAME_ORDER)))
    return attrs.evolve(params, **changes)


_Keyed = tuple[tuple[str, ...], Finding]


def _document_findings(
    doc: PolicyDocument, by_id: Mapping[str, PolicyDocument]
) -> Iterator[_Keyed]:
    if doc.expires is not None and doc.expires < doc.effective:
        yield (
            (doc.id,),
            Finding(
                R.FRAMEWORK_EXPIRY,
                f"{doc.id!r} expires on {doc.expires}, before it takes effect on "
                f"{doc.effective}: it is never in force",
                (doc.id,),
                "correct one of the two dates, or drop the document",
                zh=(
                    f"{doc.id}的失效日期{doc.expires}"
                    f"早于生效日期{doc.effective}, 从未施行"
                ),
            ),
        )
    for name in doc.sets.names():
        if not doc.article(name):
            yield (
                (doc.id, name),
                Finding(
                    R.FRAMEWORK_UNCITED,
                    f"{doc.id!r} sets {name} without naming the article that sets it",
                    (doc.id,),
                    f"add articles={{{name!r}: '<article>'}} to the document",
                    Severity.WARNING,
                    zh=f"{doc.id}设定{name}而未注明条款",
                ),
            )
    if doc.catalogue is not None and not doc.article("catalogue"):
        yield (
            (doc.id, "catalogue"),
            Finding(
                R.FRAMEWORK_UNCITED,
                f"{doc.id!r} lists a catalogue without naming the article that "
                "lists it",
                (doc.id,),
                "add articles={'catalogue': '<article>'} to the document",
                Severity.WARNING,
                zh=f"{doc.id}列出目录而未注明条款",
            ),
        )
    bands = doc.sets.get("grade_bands")
    if bands is not None and not bands.is_ordered():
        yield (
            (doc.id,),
            Finding(
                R.PARAMETERS_GRADE_BANDS,
                f"{doc.id!r} sets grade bands {bands} whose minimums do not fall from "
                "优 to 中: the bands overlap or leave a gap",
                (doc.id,),
                "give minimums with excellent ≥ good ≥ fair",
                zh=(
                    f"{doc.id}设定的等级区间{bands}"
                    "未由优到中依次降低: 区间重叠或留有空档"
                ),
            ),
        )
    ratios = doc.sets.get("payment_ratios")
    if ratios is not None and not ratios.is_monotone():
        yield (
            (doc.id,),
            Finding(
                R.PARAMETERS_PAYMENT_RATIOS,
                f"{doc.id!r} sets payment ratios {ratios} that rise as the grade falls",
                (doc.id,),
                "give ratios with excellent ≥ good ≥ fair ≥ poor",
                zh=f"{doc.id}设定的拨付比例{ratios}随等级降低反而升高",
            ),
        )
    yield from _supersession_findings(doc, by_id)


def _supersession_findings(
    doc: PolicyDocument, by_id: Mapping[str, PolicyDocument]
) -> Iterator[_Keyed]:
    if doc.supersedes is None:
        return
    target = by_id.get(doc.supersedes)
    if target is None:
        yield (
            (doc.id,),
            Finding(
                R.FRAMEWORK_SUPERSEDES,
                f"{doc.id!r} supersedes {doc.supersedes!r}, which is not in the "
                "framework",
                (doc.id,),
                "add the superseded document, or correct or drop `supersedes`",
                zh=f"{doc.id}所废止的{doc.supersedes}不在本政策体系中",
            ),
        )
        return
    if target.layer is not doc.layer:
        yield (
            (doc.id,),
            Finding(
                R.FRAMEWORK_SUPERSEDES,
                f"{doc.id!r} (layer {doc.layer.name}) supersedes {target.id!r} of "
                f"layer {target.layer.name}: a document may only supersede one of "
                "its own layer",
                (doc.id, target.id),
                "issue the change in the superseded document's layer",
                zh=(
                    f"{doc.id}({doc.layer.zh})废止了{target.id}({target.layer.zh}): "
                    "文件只能废止同一层级的文件"
                ),
            ),
        )
    seen = {doc.id}
    current = target
    while current.supersedes is not None:
        if current.supersedes in seen:
            yield (
                (doc.id, "cycle"),
                Finding(
                    R.FRAMEWORK_SUPERSEDES,
                    f"supersession from {doc.id!r} runs in a cycle through "
                    f"{current.supersedes!r}",
                    tuple(sorted(seen)),
                    "break the cycle: an older document cannot supersede a newer one",
                    zh=f"自{doc.id}起的废止关系经{current.supersedes}形成循环",
                ),
            )
            return
        seen.add(current.id)
        nxt = by_id.get(current.supersedes)
        if nxt is None:
            return
        current = nxt


def _day_findings(  # noqa: C901 - one pass over the documents in force
    docs: tuple[PolicyDocument, ...], day: date, by_id: Mapping[str, PolicyDocument]
) -> Iterator[_Keyed]:
    yield from _loosening_findings(docs, day)
    yield from _conflict_findings(docs, day, by_id)
    by_layer: dict[Layer, list[PolicyDocument]] = {}
    for doc in docs:
        if doc.catalogue is not None:
            by_layer.setdefault(doc.layer, []).append(doc)
    for layer, listing in by_layer.items():
        if len(listing) > 1:
            ids = tuple(d.id for d in listing)
            yield (
                ids,
                Finding(
                    R.FRAMEWORK_CATALOGUE_VERSIONS,
                    f"{len(ids)} catalogues of layer {layer.name} are in force "
                    f"together from {day}: {', '.join(ids)}; only what all of them "
                    "list is listed",
                    ids,
                    "let the newer version supersede the older (`supersedes=`)",
                    zh=(
                        f"自{day}起{layer.zh}有{len(ids)}个目录同时施行: "
                        f"{'、'.join(ids)}; 仅共同列入的项目有效"
                    ),
                ),
            )
    if all(d.layer is Layer.NATIONAL for d in docs):
        return
    implementations = tuple(d.id for d in docs if d.layer is Layer.IMPLEMENTATION)
    if len(implementations) != 1:
        yield (
            (implementations or ("none",)),
            Finding(
                R.FRAMEWORK_IMPLEMENTATION,
                f"{len(implementations)} implementation measures are in force from "
                f"{day}"
                + (f" ({', '.join(implementations)})" if implementations else "")
                + "; the system has exactly one (the 1 of 1+3+N)",
                implementations,
                "supersede the older measure, or add the one measure",
                zh=(
                    f"自{day}起施行的实施办法有{len(implementations)}个; "
                    "政策体系只有一个实施办法(1+3+N中的1)"
                ),
            ),
        )
    roles = {d.role for d in docs}
    for role in CoreRole:
        if role not in roles:
            yield (
                (role.name,),
                Finding(
                    R.FRAMEWORK_CORE_ROLES,
                    f"no core document fills the role {role} from {day}",
                    (),
                    f"add a CORE document with role=CoreRole.{role.name}",
                    zh=f"自{day}起没有配套文件承担{role.zh}",
                ),
            )
    # The local system answers the five questions itself: national law
    # answering them all does not make a local system complete.
    answered = {q for d in docs if d.layer is not Layer.NATIONAL for q in d.answers}
    for question in Question:
        if question not in answered:
            yield (
                (question.name,),
                Finding(
                    R.FRAMEWORK_QUESTIONS,
                    f"no local document in force answers {question} from {day}",
                    (),
                    f"name Question.{question.name} in the `answers` of the local "
                    "document that settles it",
                    zh=f"自{day}起没有施行中的本地文件回答“{question.zh}”",
                ),
            )


def _higher_value(
    name: str, higher: list[PolicyDocument]
) -> tuple[object, Citation, str] | None:
    """The value of ``name`` the higher layers hold, its citation and its name.

    A cap the higher layers leave unset, or set looser than the cap that
    bounds it (`_BOUNDED_BY`), is held at that bound, which is then cited.
    """
    setters = [d for d in higher if name in d.sets]
    held = (*_combine(name, setters), name) if setters else None
    for cap, bound in _BOUNDED_BY:
        bounders = [d for d in higher if bound in d.sets] if cap == name else []
        if bounders:
            limit, cite = _combine(bound, bounders)
            if held is None or is_looser(name, held[0], limit):
                held = (limit, cite, bound)
    return held


def _loosening_findings(
    docs: tuple[PolicyDocument, ...], day: date
) -> Iterator[_Keyed]:
    for doc in docs:
        if doc.layer is Layer.NATIONAL:
            continue
        higher = [d for d in docs if d.layer.is_above(doc.layer)]
        for name, value in doc.sets:
            if Parameters.strictness(name) is Strictness.UNORDERED:
                continue
            held = _higher_value(name, higher)
            if held is None:
                continue
            reference, cite, through = held
            if is_looser(name, value, reference):
                what = "" if through == name else f" (as {through})"
                yield (
                    (doc.id, name),
                    Finding(
                        R.FRAMEWORK_LOOSENING,
                        f"{doc.id!r} sets {name} = {_show(value)}, looser than "
                        f"{_show(reference)} set by {cite}{what} (in force together "
                        f"from {day}); the stricter value stays in force",
                        (doc.id, cite.document),
                        f"set {name} no looser than {_show(reference)}, or drop it",
                        zh=(
                            f"{doc.id}将{name}设为{_show(value)}, 宽于{cite.document}"
                            f"设定的{_show(reference)}("
                            f"自{day}起同时施行); 仍按从严的值执行"
                        ),
                    ),
                )
        listing = [d for d in higher if d.catalogue is not None]
        if doc.catalogue is not None and listing:
            reference_catalogue, cite = _combine_catalogues(listing)
            if not doc.catalogue.is_within(reference_catalogue):
                yield (
                    (doc.id, "catalogue"),
                    Finding(
                        R.FRAMEWORK_LOOSENING,
                        f"{doc.id!r} lists services the catalogue of {cite} does not "
                        f"(in force together from {day}); they stay unlisted",
                        (doc.id, cite.document),
                        "list only what the higher catalogue lists",
                        zh=(
                            f"{doc.id}列入了{cite.document}目录未列入的服务"
                            f"(自{day}起同时施行); 这些服务仍不纳入目录"
                        ),
                    ),
                )


def _supersedes(
    newer: PolicyDocument, older: PolicyDocument, by_id: Mapping[str, PolicyDocument]
) -> bool:
    """Whether ``newer`` supersedes ``older``, directly or through a chain."""
    seen: set[str] = set()
    current = newer.supersedes
    while current is not None and current not in seen:
        if current == older.id:
            return True
        seen.add(current)
        link = by_id.get(current)
        current = link.supersedes if link is not None else None
    return False


def _conflict_findings(
    docs: tuple[PolicyDocument, ...], day: date, by_id: Mapping[str, PolicyDocument]
) -> Iterator[_Keyed]:
    """Documents of one layer in force on ``day`` that set one value differently.

    A set that grows by union is no conflict: each document adds to it
    (ASSUMED: documents of one layer that list different items mean both).
    """
    for index, first in enumerate(docs):
        for second in docs[index + 1 :]:
            if (
                second.layer is not first.layer
                or _supersedes(first, second, by_id)
                or _supersedes(second, first, by_id)
            ):
                continue
            for name, value in first.sets:
                other = second.sets.get(name) if name in second.sets else value
                if other == value or Parameters.strictness(name) is Strictness.UNION:
                    continue
                yield (
                    (first.id, second.id, name),
                    _conflict(first, second, name, day),
                )


def _conflict(
    first: PolicyDocument, second: PolicyDocument, name: str, day: date
) -> Finding:
    mine, theirs = (
        f"{d.id!r} ({d.article(name) or 'no article'}) sets " for d in (first, second)
    )
    both = (
        f"{mine}{name} = {_show(first.sets.get(name))} and {theirs}"
        f"{_show(second.sets.get(name))}; both are of layer {first.layer.name}, in "
        f"force together from {day}, and neither supersedes the other"
    )
    hint = (
        "let the newer document supersede the older (`supersedes=`), end the "
        "older one (`expires=`), or set one value in both"
    )
    value, cite = _combine(name, [first, second])
    if Parameters.strictness(name) is Strictness.UNORDERED:
        return Finding(
            R.FRAMEWORK_CONFLICT,
            f"{both}: an unordered value has no strictest, so of the two "
            f"{cite.document!r}'s {_show(value)} is taken only because it is the "
            "newer or the later listed",
            (first.id, second.id),
            hint,
            zh=(
                f"{first.id}与{second.id}同属{first.layer.zh}, "
                f"自{day}起同时施行且互不废止, 对{name}"
                f"分别设为{_show(first.sets.get(name))}和{_show(second.sets.get(name))};"
                f" 该值无从严之分, 采用{cite.document}的{_show(value)}仅因其较新"
            ),
        )
    return Finding(
        R.FRAMEWORK_CONFLICT,
        f"{both}; the strictest, {_show(value)}, stays in force",
        (first.id, second.id),
        hint,
        Severity.WARNING,
        zh=(
            f"{first.id}与{second.id}同属{first.layer.zh}, "
            f"自{day}起同时施行且互不废止, 对{name}"
            f"分别设为{_show(first.sets.get(name))}和{_show(second.sets.get(name))};"
            f" 按从严的{_show(value)}执行"
        ),
    )
