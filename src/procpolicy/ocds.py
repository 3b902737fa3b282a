"""Open Contracting Data Standard 1.1 export: releases, a package, a record.

OCDS is how procurement data is published and analysed worldwide (ocdskit,
Kingfisher, red-flag indicators).  `releases` turns a `Project` into one
OCDS 1.1 release per event of its history, `package` wraps releases in a
release package and `record` compiles them by the standard's merge rules.
Everything is plain JSON-ready data (``dict``, ``list``, ``str``, ``int``,
``float``, ``bool``, ``None``); nothing here reads a clock or a file.

The mapping, what has no OCDS field and where it goes instead, and the merge
rules are explained in ``docs/ocds.md``.  In short:

* **Ids.** ``ocid`` is ``{ocid_prefix}-{project.id}``; a release id is the
  ocid and the event's 1-based place in the history (``…-001``).  Tenders,
  awards, contracts, milestones, transactions and documents are numbered by
  procedure round, contract period or history position, so the same project
  gives the same ids every time and a longer history keeps the ids of the
  shorter one.
* **Amounts** are rounded half up to the fen (0.01 yuan) and written as an
  ``int`` when whole, else as a ``float``: exact for every whole amount and
  for fractional amounts of up to 15 significant digits (below
  10 000 000 000 000 yuan); larger fractional amounts are the nearest double.
* **Dates** are RFC 3339 date-times in China Standard Time (+08:00); a
  contract period runs from 00:00:00 on its first day to 23:59:59 on its last.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal
from math import isfinite
from types import MappingProxyType
from typing import Any

from attrs import define, field

from procpolicy.catalogue import Prohibited
from procpolicy.errors import InvalidInput
from procpolicy.events import (
    CST,
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Contracted,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementFailed,
    ProcurementStarted,
    Renewed,
    Retendered,
    Settled,
    Supervised,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.parties import SupplierCondition
from procpolicy.policy import PolicyFramework
from procpolicy.procurement import Method, MethodGround
from procpolicy.project import Project

__all__ = [
    "CURRENCY",
    "DOCUMENT_TYPES",
    "LANGUAGE",
    "METHODS",
    "VERSION",
    "ocid",
    "package",
    "record",
    "releases",
]

Json = dict[str, Any]

VERSION = "1.1"
"""The OCDS version of every package (major.minor)."""
CURRENCY = "CNY"
"""The currency of every amount (closed currency codelist)."""
LANGUAGE = "zh"
"""The default language of every release; English twins carry ``_en``."""

METHODS: Mapping[Method, str] = MappingProxyType(
    {
        Method.OPEN_TENDERING: "open",
        Method.INVITATIONAL_TENDERING: "selective",
        Method.COMPETITIVE_NEGOTIATION: "limited",
        Method.COMPETITIVE_CONSULTATION: "limited",
        Method.REQUEST_FOR_QUOTATIONS: "limited",
        Method.SINGLE_SOURCE: "direct",
        # A purchase under a framework agreement (mof-110) is the second
        # stage: only suppliers admitted in the first stage may take part.
        Method.FRAMEWORK_AGREEMENT: "selective",
    }
)
"""``tender.procurementMethod`` (closed method codelist) of each `Method`."""

DOCUMENT_TYPES: Mapping[DisclosureItem, str] = MappingProxyType(
    {
        DisclosureItem.PROJECT: "plannedProcurementNotice",
        DisclosureItem.CONTENT: "technicalSpecifications",
        DisclosureItem.UNDERTAKER_REQUIREMENTS: "eligibilityCriteria",
        # Performance standards become terms of the contract, not the
        # criteria bids are judged by ("evaluationCriteria" would mislead).
        DisclosureItem.EVALUATION_STANDARDS: "contractSchedule",
    }
)
"""``documentType`` (documentType codelist) of each disclosed item."""

_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[!-~]+")
_WEB = re.compile(r"https?://[!-~]+")
_CENT = Decimal("0.01")
_SEP = "；"
_OMITTED = frozenset({"id", "date", "tag"})  # omitWhenMerged in release-schema
_WHOLE_LIST = frozenset({"additionalIdentifiers", "additionalClassifications"})


# -- values --------------------------------------------------------------------
def _amount(value: Decimal, where: str) -> int | float:
    cents = value.quantize(
        _CENT, ROUND_HALF_UP, Context(prec=max(28, value.adjusted() + 3))
    )
    if cents == cents.to_integral_value():
        return int(cents)
    number = float(cents)
    if not isfinite(number):
        raise InvalidInput(f"{where}: {value} is too large for a JSON number")
    return number


def _value(amount: Decimal, where: str) -> Json:
    return {"amount": _amount(amount, where), "currency": CURRENCY}


def _period(start: date, end: date) -> Json:
    return {
        "startDate": datetime.combine(start, time(), CST).isoformat(),
        "endDate": datetime.combine(end, time(23, 59, 59), CST).isoformat(),
        "durationInDays": (end - start).days + 1,
    }


def _moment(value: datetime) -> str:
    aware = value if value.utcoffset() is not None else value.replace(tzinfo=CST)
    return aware.isoformat()


def _texts(name: str, parts: Iterable[tuple[str, str]]) -> Json:
    """``{name: Chinese, name_en: English}`` from (zh, en) pairs; {} for none."""
    pairs = list(parts)
    if not pairs:
        return {}
    return {
        name: _SEP.join(zh for zh, _ in pairs),
        f"{name}_en": "; ".join(en for _, en in pairs),
    }


def _document(doc_id: str, title: tuple[str, str], at: str, **fields: Any) -> Json:
    return {
        "id": doc_id,
        **_texts("title", [title]),
        **fields,
        "datePublished": at,
    }


# -- the walk through a history --------------------------------------------------
@define
class _Walk:
    """What the releases so far have established (local to one `releases` call)."""

    ocid: str
    project: Project
    framework: PolicyFramework | None
    index: int = 0
    """The 1-based place in the history of the event being mapped."""
    at: str = ""
    """Its moment, as an RFC 3339 date-time."""
    roles: dict[str, list[str]] = field(factory=dict)
    tender: int = 1
    """Number of the tender the releases describe now (``tender-N``)."""
    started: int = 0
    method: Method | None = None
    tender_failed: bool = False
    """Whether a tendering procedure failed (that proves NO_QUALIFIED_BIDS)."""
    budget: Decimal | None = None
    award: str | None = None
    supplier: str | None = None
    contract: str | None = None
    contracts: int = 0

    def role(self, name: str, *roles: str) -> None:
        held = self.roles.setdefault(name, [])
        held.extend(r for r in roles if r not in held)

    @property
    def tender_id(self) -> str:
        return f"tender-{self.tender}"

    @property
    def buyer(self) -> Json:
        return _ref(self.project.purchaser.name)

    def current(self, **fields: Any) -> list[Json]:
        return [{"id": self.contract, "awardID": self.award, **fields}]

    def milestone(self, code: str, title: tuple[str, str], **texts: Any) -> Body:
        """An implementation release with one met assessment milestone."""
        kind = "supervision" if code == "routineEvaluation" else "evaluation"
        milestone = {
            "id": f"{kind}-{self.index}",
            **_texts("title", [title]),
            "type": "assessment",
            "code": code,
            "status": "met",
            "dateMet": self.at,
            **texts,
        }
        return ("implementation",), {
            "contracts": self.current(implementation={"milestones": [milestone]})
        }


def _ref(name: str) -> Json:
    return {"id": name, "name": name}


Body = tuple[tuple[str, ...], Json]


def _drafted(walk: _Walk, event: Drafted) -> Body:
    what = event.item.name if event.item is not None else event.category.label
    kind, department = event.purchaser.kind, event.purchaser.department
    facts = [
        (f"服务类别: {event.category.zh}", f"Category: {event.category.en}"),
        *(
            [(f"目录项目: {event.item.code}", f"Catalogue item: {event.item.code}")]
            if event.item is not None
            else []
        ),
        (f"购买主体性质: {kind.zh}", f"Purchaser kind: {kind.en}"),
        (f"所属部门: {department}", f"Department: {department}"),
        (
            f"社会影响度: {event.social_impact.zh}",
            f"Social impact: {event.social_impact.en}",
        ),
        (
            f"固定场所: {'有' if event.fixed_site else '无'}",
            f"Fixed site: {'yes' if event.fixed_site else 'no'}",
        ),
        (f"范围: {event.scope.zh}", f"Scope: {event.scope.en}"),
    ]
    hits = [p for p in Prohibited if p in event.involves]
    if hits:
        facts.append(
            (
                "涉及负面清单: " + "、".join(p.zh for p in hits),
                "On the negative list: " + ", ".join(p.en for p in hits),
            )
        )
    tender = {
        "id": walk.tender_id,
        "title": event.title,
        **_texts("description", facts),
        "status": "planning",
        "mainProcurementCategory": "services",
        "procuringEntity": walk.buyer,
        "items": [{"id": "1", **_texts("description", [(what.zh, what.en)])}],
    }
    return ("planning",), {"tender": tender}


def _budgeted(walk: _Walk, event: Budgeted) -> Body:
    walk.budget = event.amount
    value = _value(event.amount, "Budgeted.amount")
    department = walk.project.purchaser.department
    line = [(f"{department}部门预算", f"Department budget of {department}")]
    if event.separate_line:
        line.append(("单列政府购买服务预算", "separate purchase-of-services line"))
    budget = {
        **_texts("description", line),
        "amount": value,
        "project": walk.project.title,
        "projectID": walk.project.id,
    }
    reasons = []
    if event.targets:
        named = ", ".join(f"{t.name} {t.target}" for t in event.targets)
        reasons.append((f"绩效目标: {named}", f"Performance targets: {named}"))
    if event.cost_before is not None:
        cost = _amount(event.cost_before, "Budgeted.cost_before")
        reasons.append((f"购买前成本: {cost} 元", f"Cost before purchase: {cost} yuan"))
    planning = {"budget": budget, **_texts("rationale", reasons)}
    tender = {"id": walk.tender_id, "status": "planned", "value": value}
    return ("planningUpdate",), {"planning": planning, "tender": tender}


def _disclosed(walk: _Walk, event: Disclosed) -> Body:
    where: Json = {}
    if _WEB.fullmatch(event.channel):
        where = {"url": event.channel}
    elif event.channel.strip():
        where = {"description": f"发布渠道: {event.channel}"}
    documents = [
        _document(
            f"disclosure-{walk.index}-{item.name.lower().replace('_', '-')}",
            (item.zh, item.en),
            walk.at,
            documentType=DOCUMENT_TYPES[item],
            **where,
        )
        for item in DisclosureItem
        if item in event.items
    ]
    return ("planningUpdate",), {
        "tender": {"id": walk.tender_id, "documents": documents}
    }


def _started(walk: _Walk, event: ProcurementStarted) -> Body:
    walk.started += 1
    walk.tender, walk.method = walk.started, event.method
    proven = {MethodGround.NO_QUALIFIED_BIDS} if walk.tender_failed else set()
    grounds = [
        (g.zh, g.en)
        if g in event.grounds
        else (f"{g.zh}(此前招标失败所证明)", f"{g.en} (proven by the failed tender)")
        for g in MethodGround
        if g in event.grounds or g in proven
    ]
    cite = event.method.citation
    tender: Json = {
        "id": walk.tender_id,
        "title": walk.project.title,
        "status": "active",
        "procurementMethod": METHODS[event.method],
        "procurementMethodDetails": event.method.zh,
        **_texts(
            "procurementMethodRationale",
            [*grounds, (f"依据 {cite}", f"under {cite}")],
        ),
        "mainProcurementCategory": "services",
        "procuringEntity": walk.buyer,
        "tenderPeriod": {"startDate": walk.at},
    }
    if walk.budget is not None:
        tender["value"] = _value(walk.budget, "Budgeted.amount")
    return ("tender",), {"tender": tender}


def _failed(walk: _Walk, event: ProcurementFailed) -> Body:
    walk.tender_failed |= walk.method is not None and walk.method.is_tendering
    walk.method = None
    title = ("采购失败(流标)", "Procurement failed")
    notice = _document(
        f"failure-{walk.index}", title, walk.at, description=event.reason
    )
    tender = {"id": walk.tender_id, "status": "unsuccessful", "documents": [notice]}
    return ("tenderUpdate",), {"tender": tender}


def _awarded(walk: _Walk, event: Awarded) -> Body:
    who = event.undertaker
    walk.award, walk.supplier = f"award-{walk.tender}", who.name
    walk.role(who.name, "supplier")
    tender: Json = {"id": walk.tender_id, "status": "complete"}
    if event.bidders is not None:
        tender["numberOfTenderers"] = event.bidders
    award: Json = {
        "id": walk.award,
        "title": walk.project.title,
        **_texts(
            "description",
            [(f"承接主体性质: {who.kind.zh}", f"Undertaker kind: {who.kind.en}")],
        ),
        "status": "active",
        "date": walk.at,
        "value": _value(event.amount, "Awarded.amount"),
        "suppliers": [_ref(who.name)],
    }
    shown = [(c.zh, c.en) for c in SupplierCondition if c in who.conditions]
    if shown:
        title = (
            "供应商资格条件(政府采购法第二十二条)",
            "Supplier conditions (gpl Art 22)",
        )
        award["documents"] = [
            _document(
                f"conditions-{walk.index}",
                title,
                walk.at,
                documentType="eligibilityCriteria",
                **_texts("description", shown),
            )
        ]
    return ("award",), {"tender": tender, "awards": [award]}


def _contract(walk: _Walk, event: Contracted | Renewed) -> Json:
    walk.contracts += 1
    previous, walk.contract = walk.contract, f"contract-{walk.contracts}"
    notes = []
    if isinstance(event, Renewed):
        notes.append((f"续约, 接续 {previous}", f"renewal of {previous}"))
    if event.stable:
        notes.append(
            (
                "稳定的长期服务, 合同期限最长3年 (mof-102 Art 24)",
                "stable, funded service: a term of up to 3 years (mof-102 Art 24)",
            )
        )
    return {
        "id": walk.contract,
        "awardID": walk.award,
        "title": walk.project.title,
        **_texts("description", notes),
        "status": "active",
        "period": _period(event.start, event.end),
        "value": _value(event.amount, f"{type(event).__name__}.amount"),
        "dateSigned": walk.at,
    }


def _contracted(walk: _Walk, event: Contracted) -> Body:
    return ("contract",), {"contracts": [_contract(walk, event)]}


def _renewed(walk: _Walk, event: Renewed) -> Body:
    ended = walk.current(status="terminated")
    return ("contract",), {"contracts": [*ended, _contract(walk, event)]}


def _supervised(walk: _Walk, event: Supervised) -> Body:
    note = [(event.note, event.note)] if event.note.strip() else []
    score = event.score
    return walk.milestone(
        "routineEvaluation",
        ("日常考评", "Routine evaluation"),
        **_texts("description", [(f"得分 {score}", f"score {score}"), *note]),
    )


def _evaluated(walk: _Walk, event: Evaluated) -> Body:
    ev = event.evaluation
    who = f" ({ev.third_party})" if ev.third_party.strip() else ""
    facts = [
        (f"考评主体: {ev.evaluator.zh}{who}", f"evaluator: {ev.evaluator.en}{who}"),
        (f"内部评分 {ev.internal_score}", f"internal score {ev.internal_score}"),
    ]
    if ev.external_score is not None:
        facts += [
            (
                f"第三方评分 {ev.external_score}",
                f"third-party score {ev.external_score}",
            ),
            (f"内部权重 {ev.internal_weight}", f"internal weight {ev.internal_weight}"),
        ]
    facts.append((f"总分 {ev.total}", f"total {ev.total}"))
    if walk.framework is not None:
        rules = walk.framework.at(event.day)
        grade = rules.grade(ev.total)
        ratio = rules.outcome(grade).payment_ratio
        facts.append(
            (
                f"等级 {grade.zh}, 拨付比例 {ratio:.0%}",
                f"grade {grade.en}, payment ratio {ratio:.0%}",
            )
        )
    return walk.milestone(
        "performanceEvaluation",
        ("绩效考评", "Performance evaluation"),
        **_texts("description", facts),
    )


def _settled(walk: _Walk, event: Settled) -> Body:
    buyer = walk.project.purchaser.name
    payee = walk.supplier or buyer
    walk.role(buyer, "payer")
    walk.role(payee, "payee")
    payment = {
        "id": f"payment-{walk.index}",
        "date": walk.at,
        "value": _value(event.paid, "Settled.paid"),
        "payer": walk.buyer,
        "payee": _ref(payee),
    }
    implementation: Json = {"transactions": [payment]}
    if event.cost_reason.strip():
        title = ("购买后成本高于购买前的说明", "Why it cost more than before")
        implementation["documents"] = [
            _document(
                f"cost-{walk.index}",
                title,
                walk.at,
                documentType="financialProgressReport",
                description=event.cost_reason,
            )
        ]
    return ("implementation",), {
        "contracts": walk.current(implementation=implementation)
    }


def _retendered(walk: _Walk, _event: Retendered) -> Body:
    ended = walk.current(status="terminated")
    walk.award = walk.supplier = walk.contract = None
    walk.tender = walk.started + 1
    tender = {"id": walk.tender_id, "status": "planned", "numberOfTenderers": None}
    return ("contractUpdate", "planningUpdate"), {"contracts": ended, "tender": tender}


def _closed(walk: _Walk, event: Closed) -> Body:
    fields: Json = {"status": "terminated"}
    if (event.accountable or "").strip():
        title = ("问责(无效必问责)", "Held accountable")
        notice = _document(
            f"accountability-{walk.index}",
            title,
            walk.at,
            description=event.accountable,
        )
        fields["implementation"] = {"documents": [notice]}
    return ("contractTermination",), {"contracts": walk.current(**fields)}


def _cancelled(walk: _Walk, event: Cancelled) -> Body:
    notice = _document(
        f"cancellation-{walk.index}",
        ("撤销", "Cancelled"),
        walk.at,
        documentType="cancellationDetails",
        description=event.reason,
    )
    body: Json = {
        "tender": {"id": walk.tender_id, "status": "cancelled", "documents": [notice]}
    }
    if walk.award is None:
        return ("tenderCancellation",), body
    body["awards"] = [{"id": walk.award, "status": "cancelled"}]
    return ("tenderCancellation", "awardCancellation"), body


_MAPPERS: Mapping[type[Event], Callable[[_Walk, Any], Body]] = MappingProxyType(
    {
        Drafted: _drafted,
        Budgeted: _budgeted,
        Disclosed: _disclosed,
        ProcurementStarted: _started,
        ProcurementFailed: _failed,
        Awarded: _awarded,
        Contracted: _contracted,
        Renewed: _renewed,
        Supervised: _supervised,
        Evaluated: _evaluated,
        Settled: _settled,
        Retendered: _retendered,
        Closed: _closed,
        Cancelled: _cancelled,
    }
)

# What a history loaded without judging may lack; such an event has no release.
_NEEDS_AWARD = frozenset({Contracted})
_NEEDS_CONTRACT = frozenset(
    {Renewed, Supervised, Evaluated, Settled, Retendered, Closed}
)


# -- public API ------------------------------------------------------------------
def ocid(project: Project, ocid_prefix: str) -> str:
    """The Open Contracting ID of ``project``: ``{ocid_prefix}-{project.id}``.

    Raises:
        InvalidInput: when ``ocid_prefix`` is not ``ocds-`` and six lowercase
            letters or digits (the form the OCDS registry assigns), or the
            project id holds a ``#``, a space or a control character.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> from procpolicy.events import Drafted
        >>> from procpolicy.project import fold
        >>> buyer = Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN)
        >>> p = fold([Drafted(at=datetime(2015, 2, 2, 9), project_id="AY-2015-007",
        ...     title="主城区道路保洁", category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     purchaser=buyer)])
        >>> ocid(p, "ocds-213czf")
        'ocds-213czf-AY-2015-007'
        >>> ocid(p, "OCDS-213")
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: ocid_prefix: 'OCDS-213' is not an ocid prefix...
    """
    given: object = project
    prefix: object = ocid_prefix
    if not isinstance(given, Project):
        raise InvalidInput(f"project: must be a Project, not {type(given).__name__}")
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise InvalidInput(
            f"ocid_prefix: {prefix!r} is not an ocid prefix; use the one the "
            "OCDS registry assigned to the publisher: 'ocds-' and six lowercase "
            "letters or digits, e.g. 'ocds-213czf'"
        )
    pid = project.id
    if "#" in pid or any(c.isspace() or not c.isprintable() for c in pid):
        raise InvalidInput(
            f"project.id: {pid!r} cannot be part of an ocid or a release id; "
            "use no '#', space or control character (Drafted.project_id)"
        )
    return f"{ocid_prefix}-{pid}"


def releases(
    project: Project,
    ocid_prefix: str,
    *,
    framework: PolicyFramework | None = None,
) -> tuple[Json, ...]:
    """One OCDS 1.1 release per event of ``project``'s history, oldest first.

    Every release has ``ocid``, a stable ``id`` (the ocid and the event's
    1-based place in the history), ``date``, ``tag``, ``initiationType``
    ``tender``, ``language`` ``zh``, the ``buyer`` and every party known by
    then with its roles, and the sections the event changes.  A history
    loaded without judging may hold an event OCDS cannot express here (a
    contract with no award, a payment with no contract): it has no release.

    Args:
        project: the project to export.
        ocid_prefix: the publisher's registered prefix, e.g. ``ocds-213czf``.
        framework: when given, an evaluation also states its grade and the
            payment ratio the rules in force on its day give it.

    Raises:
        InvalidInput: for a bad ``ocid_prefix`` or project id (see `ocid`),
            or an amount too large for a JSON number.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> from procpolicy.events import Drafted
        >>> from procpolicy.project import fold
        >>> buyer = Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN)
        >>> p = fold([Drafted(at=datetime(2015, 2, 2, 9), project_id="AY-2015-007",
        ...     title="主城区道路保洁", category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     purchaser=buyer)])
        >>> (first,) = releases(p, "ocds-213czf")
        >>> first["id"], first["date"], first["tag"]
        ('ocds-213czf-AY-2015-007-001', '2015-02-02T09:00:00+08:00', ['planning'])
        >>> first["tender"]["status"], first["parties"][0]["roles"]
        ('planning', ['buyer', 'procuringEntity'])
    """
    walk = _Walk(ocid(project, ocid_prefix), project, framework)
    walk.role(project.purchaser.name, "buyer", "procuringEntity")
    out: list[Json] = []
    for index, event in enumerate(project.history, start=1):
        kind = type(event)
        if (kind in _NEEDS_AWARD and walk.award is None) or (
            kind in _NEEDS_CONTRACT and walk.contract is None
        ):
            continue
        walk.index, walk.at = index, event.instant.isoformat()
        tags, body = _MAPPERS[kind](walk, event)
        out.append(
            {
                "ocid": walk.ocid,
                "id": f"{walk.ocid}-{index:03d}",
                "date": walk.at,
                "tag": list(tags),
                "initiationType": "tender",
                "language": LANGUAGE,
                "buyer": walk.buyer,
                "parties": [
                    {**_ref(name), "roles": list(roles)}
                    for name, roles in walk.roles.items()
                ],
                **body,
            }
        )
    return tuple(out)


def package(
    releases: Iterable[Mapping[str, Any]],
    *,
    publisher: str,
    uri: str,
    published: datetime,
) -> Json:
    """A release package: the releases with publishing metadata.

    ``published`` is when the package was published (a naive value is China
    Standard Time).  The package holds the given release objects, in order.

    Raises:
        InvalidInput: when there is no release, a release is not a mapping,
            two releases share an ``ocid`` and ``id``, ``publisher`` is empty,
            ``uri`` is not an absolute URI or ``published`` not a datetime —
            naming every problem.

    Examples:
        >>> from datetime import datetime
        >>> pkg = package([{"ocid": "ocds-213czf-X", "id": "1"}],
        ...     publisher="安阳市财政局", uri="https://example.org/ocds/x.json",
        ...     published=datetime(2016, 5, 1))
        >>> pkg["version"], pkg["publishedDate"], pkg["publisher"]
        ('1.1', '2016-05-01T00:00:00+08:00', {'name': '安阳市财政局'})
    """
    items, problems = _releases_of(releases)
    seen: set[tuple[object, object]] = set()
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        key = (item.get("ocid"), item.get("id"))
        if key in seen:
            problems.append(
                f"releases[{index}].id: {key[1]!r} repeats an earlier release of "
                f"{key[0]!r}; release ids must be unique within their ocid"
            )
        seen.add(key)
    name: object = publisher
    address: object = uri
    moment: object = published
    if not isinstance(name, str) or not name.strip():
        problems.append("publisher: must be the publisher's name, a non-empty string")
    if not isinstance(address, str) or not _URI.fullmatch(address):
        problems.append(f"uri: {address!r} is not an absolute URI (e.g. 'https://…')")
    if not isinstance(moment, datetime):
        problems.append(f"published: must be a datetime, not {type(moment).__name__}")
    if problems:
        raise InvalidInput(problems)
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": _moment(published),
        "publisher": {"name": publisher},
        "releases": items,
    }


def _releases_of(releases: object) -> tuple[list[Any], list[str]]:
    if isinstance(releases, Mapping | str) or not isinstance(releases, Iterable):
        return [], [f"releases: must be releases, not {type(releases).__name__}"]
    items = list(releases)
    problems = [
        f"releases[{i}]: must be a release (a mapping), not {type(r).__name__}"
        for i, r in enumerate(items)
        if not isinstance(r, Mapping)
    ]
    if not items:
        problems.append("releases: must hold at least one release")
    return items, problems


def _date_of(release: Mapping[str, Any], index: int) -> datetime:
    raw = release.get("date")
    try:
        moment = datetime.fromisoformat(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(
            f"releases[{index}].date: {raw!r} is not an RFC 3339 date-time"
        ) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=CST)


def record(releases: Iterable[Mapping[str, Any]]) -> Json:
    """The record of one contracting process: its releases and a compiled release.

    The compiled release follows the OCDS 1.1 merge rules: releases are
    taken oldest first (by ``date``; equal dates keep their order); the
    release ``id``, ``date`` and ``tag`` are not merged (``omitWhenMerged``)
    — the compiled release has ``tag`` ``["compiled"]``, the newest date and
    the id ``{ocid}-{date}``; an object is merged field by field; an array
    whose items are all objects with an ``id`` is merged item by item, by
    ``id`` (identifier merge); any other array, and ``additionalIdentifiers``
    and ``additionalClassifications`` (``wholeListMerge``), replaces the
    earlier one whole; a ``null`` removes the field; an empty object or
    array changes nothing.  No versioned release is built.

    Raises:
        InvalidInput: when there is no release, a release is not a mapping,
            the releases do not share one ``ocid`` or a ``date`` is not a
            date-time.

    Examples:
        >>> x = "ocds-213czf-X"
        >>> r = record([
        ...     {"ocid": x, "id": "2", "date": "2016-01-02T00:00:00+08:00",
        ...      "tag": ["award"], "tender": {"id": "t", "status": "complete"}},
        ...     {"ocid": x, "id": "1", "date": "2016-01-01T00:00:00+08:00",
        ...      "tag": ["tender"], "tender": {"id": "t", "status": "active",
        ...                                    "title": "保洁"}},
        ... ])
        >>> r["compiledRelease"]["tag"], r["compiledRelease"]["tender"]
        (['compiled'], {'id': 't', 'status': 'complete', 'title': '保洁'})
        >>> [release["id"] for release in r["releases"]]
        ['1', '2']
    """
    items, problems = _releases_of(releases)
    if problems:
        raise InvalidInput(problems)
    ocids = {item.get("ocid") for item in items}
    if len(ocids) != 1 or not isinstance(next(iter(ocids)), str):
        raise InvalidInput(
            "releases: a record is of one contracting process; these releases "
            f"have the ocids {sorted(map(repr, ocids))}"
        )
    dates = [_date_of(item, i) for i, item in enumerate(items)]
    order = sorted(range(len(items)), key=dates.__getitem__)
    ordered = [items[i] for i in order]
    merged: Json = {}
    for item in ordered:
        _merge(merged, {k: v for k, v in item.items() if k not in _OMITTED})
    the_ocid = merged.pop("ocid")
    last = ordered[-1]["date"]
    compiled = {
        "ocid": the_ocid,
        "id": f"{the_ocid}-{last}",
        "date": last,
        "tag": ["compiled"],
        **merged,
    }
    return {"ocid": the_ocid, "releases": ordered, "compiledRelease": compiled}


def _merge(target: Json, source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping | list) and not value:
            continue
        elif isinstance(value, Mapping):
            into = target.get(key)
            if not isinstance(into, dict):
                into = target[key] = {}
            _merge(into, value)
        elif key not in _WHOLE_LIST and _identified(value):
            into_list = target.get(key)
            if not isinstance(into_list, list) or not _identified(into_list):
                into_list = target[key] = []
            for item in value:
                match = next((o for o in into_list if o["id"] == item["id"]), None)
                if match is None:
                    match = {}
                    into_list.append(match)
                _merge(match, item)
        else:
            target[key] = copy.deepcopy(value)


def _identified(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, Mapping) and item.get("id") is not None for item in value
    )
