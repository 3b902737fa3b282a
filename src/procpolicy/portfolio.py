"""What if: reforms of a policy framework (改革假设), for researchers.

A `Reform` says what the law would have been from a day on: parameters with
new values (tighter *or looser*), documents that cease to be in force, and
documents added.  ``reform.apply(framework)`` gives a new framework in which

* from ``effective`` on, every parameter in ``sets`` has exactly that value:
  the documents that set it are *superseded* (the law changed), not
  overruled, so a loosening holds too;
* documents in ``removes`` cease to be in force from ``effective``;
* documents in ``adds`` are added;
* before ``effective`` nothing changes, and parameters not in ``sets`` do not
  change;
* the reform holds against documents that take effect later, too: it says
  what the law would have been;
* a sound framework stays sound (`PolicyFramework.check`).

How a reform is written into the framework: each document in force on or
after ``effective`` that sets a reformed parameter gets a successor, id
``<document>.<reform>`` (ids allow no ``@``), of the same layer, that
supersedes it from ``effective`` (or from its own first day, for a document
that starts later) and copies everything else it says — values, articles,
catalogue, answers, the rules it establishes — with the reform's values in
place of its own.  The original stays in the framework, in force until
``effective``; the successor ends when the original would have (its expiry,
or the day before a document that supersedes it takes effect).  A parameter
no such document sets on some day gets one new document, id ``<reform>``, that
sets it from ``effective``.  Every written document is an assumption of the
reform (provenance ``ASSUMED``, the reform named in its title and
assumptions), and its citations say so.  Because supersession keeps the
lineage of national documents, no procurement method is lost: competitive
consultation (ck-2014-214) stays available under a reformed ck-2015-124.

Removal: a document in force on ``effective`` expires the day before (what it
superseded stays superseded: a repeal revives nothing); one that would take
effect later is never enacted, so it is dropped, and what it would have
superseded stays in force (a document superseding it supersedes its
predecessor instead).  Removing a national document takes away the methods
only its lineage gives; `RuleSet.diff` shows it.

On a day from ``effective``, ``framework.at(day).diff(reformed.at(day))``
shows exactly the reformed values that moved, the superseded documents
leaving force and the written ones entering, and what ``removes`` and
``adds`` take out or bring in (with their catalogues and methods); a
reform that only sets values changes no catalogue, and no method unless it
sets ``excluded_methods``.

Examples:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from procpolicy import Label, Overrides, presets
    >>> halved = Reform(
    ...     id="halved-2016",
    ...     title=Label("公开招标数额标准减半", "Open-tender threshold halved"),
    ...     effective=date(2016, 1, 1),
    ...     sets=Overrides(open_tender_threshold=Decimal(1_000_000)),
    ... )
    >>> fw = presets.anyang()
    >>> reformed = halved.apply(fw)
    >>> reformed.check()
    ()
    >>> reformed.at(date(2015, 12, 31)).parameters.open_tender_threshold
    Decimal('2000000')
    >>> reformed.at(date(2016, 1, 1)).parameters.open_tender_threshold
    Decimal('1000000')
    >>> reformed.at(date(2016, 1, 1)).source("open_tender_threshold").document
    'ay-implementation.halved-2016'
    >>> for change in fw.at(date(2016, 6, 1)).diff(reformed.at(date(2016, 6, 1))):
    ...     print(change)
    parameter open_tender_threshold: 2000000 → 1000000
    document ay-implementation: in force → not in force
    document ay-implementation.halved-2016: not in force → in force

Audits and counterfactuals over whole portfolios: `audit` judges every event
of many histories under one framework (rows ready for pandas, counts per
rule, the refused projects) and the portfolio rule ``method.splitting``
(化整为零) across them; `counterfactual` audits the same histories under two
frameworks and lists every verdict that changed.  Both take any
`concurrent.futures.Executor`, Dask's included, with identical results.

    >>> from procpolicy.simulation import anyang_rollout, run
    >>> histories = run(anyang_rollout(), 1).histories()
    >>> what_if = counterfactual(histories, fw, reformed)
    >>> what_if.summary()["method.permitted"]  # (newly failed, newly passed)
    (3, 0)
    >>> {row["event"] for row in what_if.changed() if row["rule"] == "method.permitted"}
    {'ProcurementStarted'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs
from attrs import field, frozen

from procpolicy._audit import Audit, Counterfactual, audit, counterfactual
from procpolicy._repr import fields_repr
from procpolicy._validate import (
    day_in_domain,
    frozen_set,
    instance,
    non_empty_str,
    set_of,
    to_tuple,
    tuple_of,
)
from procpolicy.errors import InvalidInput
from procpolicy.labels import Label
from procpolicy.parameters import Overrides
from procpolicy.policy import Layer, PolicyDocument, PolicyFramework
from procpolicy.policy import _document_id as _id_format
from procpolicy.rules import Provenance

__all__ = ["Audit", "Counterfactual", "Reform", "audit", "counterfactual"]

_DAY = timedelta(days=1)


def _overrides(value: object) -> object:
    """A mapping of parameter values becomes `Overrides`, errors naming ``sets``."""
    if not isinstance(value, Mapping):
        return value
    try:
        return Overrides(**{str(k): v for k, v in value.items()})
    except InvalidInput as exc:
        raise InvalidInput(
            m.replace("Overrides: ", "Reform.sets: ", 1).replace(
                "Overrides.", "Reform.sets.", 1
            )
            for m in exc.messages
        ) from None


def _check_sets(inst: Reform, attribute: Any, value: Any) -> None:
    instance(Overrides)(inst, attribute, value)
    bands = value.get("grade_bands")
    if bands is not None and not bands.is_ordered():
        raise InvalidInput(
            f"Reform.sets.grade_bands: {bands} do not fall from 优 to 中; the rules "
            "in force keep bands monotone, so the reform could not hold"
        )
    ratios = value.get("payment_ratios")
    if ratios is not None and not ratios.is_monotone():
        raise InvalidInput(
            f"Reform.sets.payment_ratios: {ratios} rise as the grade falls; the "
            "rules in force keep them monotone, so the reform could not hold"
        )


def _check_adds(inst: Reform, attribute: Any, value: Any) -> None:
    tuple_of(PolicyDocument)(inst, attribute, value)
    seen: set[str] = set()
    problems: list[str] = []
    for i, doc in enumerate(value):
        if doc.id in seen:
            problems.append(f"Reform.adds[{i}].id: {doc.id!r} is added twice")
        seen.add(doc.id)
        if doc.effective < inst.effective:
            problems.append(
                f"Reform.adds[{i}].effective: {doc.effective} is before the reform "
                f"takes effect ({inst.effective}); before it nothing changes"
            )
        for name, wanted in inst.sets:
            if name in doc.sets and doc.sets.get(name) != wanted:
                problems.append(
                    f"Reform.adds[{i}].sets.{name}: {doc.sets.get(name)} differs from "
                    f"the reform's own value {wanted}; from {inst.effective} the "
                    "reform's value holds exactly"
                )
    if problems:
        raise InvalidInput(problems)


@frozen(kw_only=True, repr=False)
class Reform:
    """A what-if change of the law from a day on (see the module docs).

    Args:
        id: lower-case letters, digits, ``.`` and ``-``; names the documents
            the reform writes.
        title: what the reform is, in Chinese and English.
        effective: the first day of the reformed law.
        sets: the parameters that have exactly these values from
            ``effective`` on (an `Overrides`, or a mapping of names to values).
        removes: ids of documents that cease to be in force from ``effective``.
        adds: documents added, none taking effect before ``effective`` nor
            setting a reformed parameter to another value.

    Raises:
        InvalidInput: naming the field, for an unknown parameter
            (``Reform.sets``), bands or ratios that could not hold, or an
            added document that contradicts the reform.

    Examples:
        >>> from datetime import date
        >>> Reform(id="r", title=Label("改革", "A reform"),
        ...        effective=date(2016, 1, 1), sets={"max_contract_yrs": 2})
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Reform.sets: 'max_contract_yrs' is not a ...
    """

    __repr__ = fields_repr

    id: str = field(validator=_id_format)
    title: Label = field(validator=instance(Label))
    effective: date = field(validator=day_in_domain)
    sets: Overrides = field(
        factory=Overrides, converter=_overrides, validator=_check_sets
    )
    removes: frozenset[str] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(str)
    )
    adds: tuple[PolicyDocument, ...] = field(
        default=(), converter=to_tuple, validator=_check_adds
    )

    def __attrs_post_init__(self) -> None:
        for doc_id in self.removes:
            non_empty_str(self, attrs.fields(Reform).removes, doc_id)

    def apply(self, framework: PolicyFramework) -> PolicyFramework:
        """The framework as the law would have been with this reform.

        Raises:
            InvalidInput: for a ``removes`` id that is not a document of
                ``framework``, an added document whose id it already has, or
                a value the rules in force could not hold (an ordinary
                contract term above the stable one).

        Examples:
            >>> from datetime import date
            >>> from procpolicy import Label, presets
            >>> repeal = Reform(id="no-line", title=Label("取消单列", "No line"),
            ...     effective=date(2017, 1, 1), removes={"ay-budget-2016"})
            >>> fw = repeal.apply(presets.anyang())
            >>> [fw.at(date(y, 6, 1)).parameters.separate_budget_line
            ...  for y in (2016, 2017)]
            [True, False]
            >>> Reform(id="x", title=Label("改革", "A reform"),
            ...     effective=date(2017, 1, 1), removes={"ay-nothing"},
            ... ).apply(presets.anyang())
            Traceback (most recent call last):
            ...
            procpolicy.errors.InvalidInput: Reform.removes: 'ay-nothing' is not a ...
        """
        if not isinstance(framework, PolicyFramework):
            raise InvalidInput(
                "Reform.apply.framework: must be a PolicyFramework, not "
                f"{type(framework).__name__}"
            )
        problems = [
            f"Reform.removes: {doc_id!r} is not a document of the framework"
            for doc_id in sorted(self.removes)
            if doc_id not in framework
        ]
        problems += [
            f"Reform.adds[{i}].id: {doc.id!r} is already a document of the framework"
            for i, doc in enumerate(self.adds)
            if doc.id in framework
        ]
        if problems:
            raise InvalidInput(problems)
        docs = [*_removed(framework.documents, self.removes, self.effective)]
        docs += self.adds
        result = PolicyFramework(tuple(self._supersede(docs)))
        self._verify(result)
        return result

    # -- writing the reform --------------------------------------------------------
    def _supersede(self, docs: list[PolicyDocument]) -> list[PolicyDocument]:
        names = self.sets.names()
        if not names:
            return docs
        first_successor = _successors(docs)
        taken = {d.id for d in docs}
        written: list[PolicyDocument] = []
        for doc in docs:
            touched = [n for n in names if n in doc.sets]
            if not touched:
                continue
            window = _window(doc, first_successor)
            if window is None:
                continue
            start, last = window
            first = max(start, self.effective)
            if last is not None and last < first:
                continue
            written.append(self._successor(doc, touched, first, last, taken))
        gaps, local = self._gaps(PolicyFramework(tuple(docs)), names)
        if gaps:
            written.append(self._new_document(gaps, local=local, taken=taken))
        return [*docs, *written]

    def _gaps(
        self, framework: PolicyFramework, names: Iterable[str]
    ) -> tuple[list[str], bool]:
        """Reformed names some day from ``effective`` leaves unset; always local?"""
        days = [
            self.effective,
            *(b for b in framework.boundaries() if b > self.effective),
        ]
        unset: set[str] = set()
        local = True
        for day in days:
            in_force = framework.in_force(day)
            local = local and any(d.layer is not Layer.NATIONAL for d in in_force)
            unset |= {n for n in names if not any(n in d.sets for d in in_force)}
        return [n for n in names if n in unset], local

    def _note(self) -> str:
        return f"ASSUMED: reform {self.id!r} ({self.title.en}), from {self.effective}"

    def _successor(
        self,
        doc: PolicyDocument,
        touched: list[str],
        first: date,
        last: date | None,
        taken: set[str],
    ) -> PolicyDocument:
        values = {**doc.sets.as_dict(), **{n: self.sets.get(n) for n in touched}}
        articles = {**dict(doc.articles), **dict.fromkeys(touched, f"reform {self.id}")}
        assumptions = {
            k: text
            for k, text in doc.assumptions
            if k not in touched and k != "effective"
        }
        assumptions.update(dict.fromkeys(touched, self._note()))
        own = doc.assumption("effective")
        if first > doc.effective:
            assumptions["effective"] = self._note()
        elif own is not None:
            assumptions["effective"] = own
        return attrs.evolve(
            doc,
            id=_fresh(f"{doc.id}.{self.id}", taken),
            title=Label(
                f"{doc.title.zh}(改革假设 {self.id}: {self.title.zh})",
                f"{doc.title.en} (reform {self.id}: {self.title.en})",
            ),
            effective=first,
            expires=last,
            supersedes=doc.id,
            sets=Overrides(**values),
            articles=articles,
            assumptions=assumptions,
            reported={k: t for k, t in doc.reported.items() if k not in touched},
            verified=False,
            provenance=Provenance.ASSUMED,
        )

    def _new_document(
        self, names: list[str], *, local: bool, taken: set[str]
    ) -> PolicyDocument:
        # ASSUMED: "the framework's lowest layer" is the N of a local system
        # (in force on every day from the reform on), national law otherwise:
        # a local document in a national-only stretch would make it a 1+3+N
        # system without its 1 and its 3.
        return PolicyDocument(
            id=_fresh(self.id, taken),
            title=Label(
                f"改革假设 {self.id}: {self.title.zh}",
                f"Reform {self.id}: {self.title.en}",
            ),
            layer=Layer.SUPPORTING if local else Layer.NATIONAL,
            effective=self.effective,
            sets=Overrides(**{n: self.sets.get(n) for n in names}),
            articles=dict.fromkeys(names, f"reform {self.id}"),
            assumptions={
                **dict.fromkeys(names, self._note()),
                "effective": self._note(),
            },
            verified=False,
            provenance=Provenance.ASSUMED,
        )

    def _verify(self, framework: PolicyFramework) -> None:
        """Every reformed value holds on every day from ``effective`` on."""
        days = [
            self.effective,
            *(b for b in framework.boundaries() if b > self.effective),
        ]
        for day in days:
            params = framework.at(day).parameters
            for name, wanted in self.sets:
                got = params.get(name)
                if got != wanted:
                    raise InvalidInput(
                        f"Reform.sets.{name}: {wanted} cannot hold from {day}: the "
                        f"rules in force resolve it to {got}, since they keep it "
                        "consistent with other values (an ordinary contract term "
                        "never exceeds the stable one); reform those values too"
                    )


def _fresh(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with the first free ``-2``, ``-3`` … suffix; marked taken."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def _successors(docs: Iterable[PolicyDocument]) -> dict[str, date]:
    """Document id → the first day a document superseding it takes effect."""
    first: dict[str, date] = {}
    for doc in docs:
        if doc.supersedes is not None:
            old = first.get(doc.supersedes)
            first[doc.supersedes] = (
                doc.effective if old is None else min(old, doc.effective)
            )
    return first


def _window(
    doc: PolicyDocument, first_successor: Mapping[str, date]
) -> tuple[date, date | None] | None:
    """The first and last day ``doc`` is in force (None: never)."""
    ends = [doc.expires] if doc.expires is not None else []
    successor = first_successor.get(doc.id)
    if successor is not None:
        if successor <= doc.effective:
            return None
        ends.append(successor - _DAY)
    last = min(ends) if ends else None
    if last is not None and last < doc.effective:
        return None
    return doc.effective, last


def _removed(
    docs: Iterable[PolicyDocument], removes: frozenset[str], day: date
) -> list[PolicyDocument]:
    """``docs`` with the documents of ``removes`` out of force from ``day``."""
    docs = list(docs)
    if not removes:
        return docs
    first_successor = _successors(docs)
    kept: list[PolicyDocument] = []
    dropped: dict[str, str | None] = {}
    for doc in docs:
        if doc.id not in removes:
            kept.append(doc)
        elif doc.effective < day:
            window = _window(doc, first_successor)
            last = None if window is None else window[1]
            ceases = window is not None and (last is None or last >= day)
            kept.append(attrs.evolve(doc, expires=day - _DAY) if ceases else doc)
        else:
            dropped[doc.id] = doc.supersedes

    def target(doc_id: str | None) -> str | None:
        seen: set[str] = set()
        while doc_id in dropped and doc_id not in seen:  # a cycle stays a cycle
            seen.add(doc_id)
            doc_id = dropped[doc_id]
        return doc_id

    return [
        attrs.evolve(d, supersedes=target(d.supersedes))
        if d.supersedes in dropped
        else d
        for d in kept
    ]
