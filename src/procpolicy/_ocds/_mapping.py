"""The walk through a history: one OCDS release body per event."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from attrs import define, field

from procpolicy._ocds._values import (
    _WEB,
    DOCUMENT_TYPES,
    METHODS,
    Json,
    _amount,
    _document,
    _period,
    _texts,
    _value,
)
from procpolicy.catalogue import Prohibited
from procpolicy.events import (
    CST,
    Amended,
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Contracted,
    ContractPublished,
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
    contract_value: Decimal | None = None
    """The current contract's amount with its supplements (`Amended`)."""

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
        # The 谁来考 factors, when recorded (None is unknown, not said).
        *(
            [
                (
                    f"社会影响度: {event.social_impact.zh}",
                    f"Social impact: {event.social_impact.en}",
                )
            ]
            if event.social_impact is not None
            else []
        ),
        *(
            [
                (
                    f"固定场所: {'有' if event.fixed_site else '无'}",
                    f"Fixed site: {'yes' if event.fixed_site else 'no'}",
                )
            ]
            if event.fixed_site is not None
            else []
        ),
        *(
            [(f"范围: {event.scope.zh}", f"Scope: {event.scope.en}")]
            if event.scope is not None
            else []
        ),
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
    value = _value(event.amount)
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
        cost = _amount(event.cost_before)
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
            [*grounds, *_original(event), (f"依据 {cite}", f"under {cite}")],
        ),
        "mainProcurementCategory": "services",
        "procuringEntity": walk.buyer,
        "tenderPeriod": _tender_period(walk.at, event),
    }
    if walk.budget is not None:
        tender["value"] = _value(walk.budget)
    return ("tender",), {"tender": tender}


def _original(event: ProcurementStarted) -> list[tuple[str, str]]:
    """The original contract an add-on extends, when recorded."""
    if event.original_contract is None:
        return []
    amount = _amount(event.original_contract)
    return [(f"原合同金额 {amount} 元", f"original contract {amount} yuan")]


def _tender_period(start: str, event: ProcurementStarted) -> Json:
    """From the documents' issue to the response deadline (its end of day)."""
    if event.deadline is None:
        return {"startDate": start}
    end = datetime.combine(event.deadline, time(23, 59, 59), CST).isoformat()
    return {"startDate": start, "endDate": end}


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
        "value": _value(event.amount),
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
    walk.contract_value = event.amount
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
        "value": _value(event.amount),
        "dateSigned": walk.at,
    }


def _contracted(walk: _Walk, event: Contracted) -> Body:
    return ("contract",), {"contracts": [_contract(walk, event)]}


def _renewed(walk: _Walk, event: Renewed) -> Body:
    ended = walk.current(status="terminated")
    return ("contract",), {"contracts": [*ended, _contract(walk, event)]}


def _published(walk: _Walk, _event: ContractPublished) -> Body:
    notice = _document(
        f"contract-notice-{walk.index}",
        ("合同公告", "Contract notice"),
        walk.at,
        documentType="contractNotice",
    )
    return ("contractUpdate",), {"contracts": walk.current(documents=[notice])}


def _amended(walk: _Walk, event: Amended) -> Body:
    """A supplementary contract: an amendment, and the contract's new value."""
    before = walk.contract_value or Decimal(0)
    walk.contract_value = before + event.amount
    added = _amount(event.amount)
    amendment = {
        "id": f"amendment-{walk.index}",
        "date": walk.at,
        "rationale": event.reason,
        **_texts(
            "description",
            [(f"补充合同, 追加 {added} 元", f"supplementary contract adding {added}")],
        ),
    }
    return ("contractAmendment",), {
        "contracts": walk.current(
            value=_value(walk.contract_value), amendments=[amendment]
        )
    }


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
    facts += [
        (f"{a.name} 完成值 {a.value}", f"{a.name} achieved {a.value}")
        for a in event.achieved
    ]
    if event.indicators is not None:
        count = len(event.indicators.indicators)
        facts.append(
            (
                f"按绩效指标体系({count}项)评分",
                f"scored by an indicator system of {count}",
            )
        )
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
        "value": _value(event.paid),
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
        ContractPublished: _published,
        Amended: _amended,
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
    {
        Renewed,
        Supervised,
        Evaluated,
        Settled,
        Retendered,
        Closed,
        Amended,
        ContractPublished,
    }
)
