"""The national rules behind every local framework (REGULATIONS.md).

Each document carries the values it sets, each value the article that sets
it.  A date or fact REGULATIONS.md marks [U] is ``verified=False`` here and
says so in its citation.  Where a national document has no single figure
(open-tender thresholds are set by each level of government), nothing is set
and the unregulated default stays until a local document sets one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from procpolicy.catalogue import Prohibited
from procpolicy.labels import Label
from procpolicy.parameters import GradeBands, Overrides
from procpolicy.parties import PurchaserKind, SupplierCondition, UndertakerKind
from procpolicy.policy import Layer, PolicyDocument, PolicyFramework, Question

__all__ = ["NATIONAL_DOCUMENTS", "national"]

_ALL_QUESTIONS = frozenset(Question)

GBF_2013_96 = PolicyDocument(
    id="gbf-2013-96",
    title=Label(
        "国务院办公厅关于政府向社会力量购买服务的指导意见(国办发〔2013〕96号)",
        "State Council guidance on buying services from social forces",
    ),
    layer=Layer.NATIONAL,
    answers=_ALL_QUESTIONS,
    effective=date(2013, 9, 26),
    verified=False,
)

CZZ_2014_96 = PolicyDocument(
    id="czz-2014-96",
    title=Label(
        "政府购买服务管理办法(暂行)(财综〔2014〕96号)",
        "Interim measures on government purchase of services (MOF, MCA, SAIC)",
    ),
    layer=Layer.NATIONAL,
    answers=_ALL_QUESTIONS,
    effective=date(2014, 12, 15),
    expires=date(2020, 2, 29),
    sets=Overrides(
        eligible_purchasers={
            PurchaserKind.STATE_ORGAN,
            PurchaserKind.CIVIL_SERVICE_MANAGED_INSTITUTION,
            PurchaserKind.MASS_ORGANIZATION,
        },
        eligible_undertakers={
            UndertakerKind.ENTERPRISE,
            UndertakerKind.SOCIAL_ORGANIZATION,
            UndertakerKind.PUBLIC_INSTITUTION_CLASS2,
            UndertakerKind.BUSINESS_PUBLIC_INSTITUTION,
        },
        prohibited={Prohibited.NOT_GOVERNMENT_DUTY, Prohibited.DIRECT_GOVERNMENT_DUTY},
    ),
    articles={
        "eligible_purchasers": "Art 4–5",
        "eligible_undertakers": "Art 6",
        "prohibited": "Art 14",
    },
    verified=False,
)

MOF_102 = PolicyDocument(
    id="mof-102",
    title=Label(
        "政府购买服务管理办法(财政部令第102号)",
        "Measures on government purchase of services",
    ),
    layer=Layer.NATIONAL,
    answers=_ALL_QUESTIONS,
    effective=date(2020, 3, 1),
    supersedes="czz-2014-96",
    sets=Overrides(
        eligible_purchasers={
            PurchaserKind.STATE_ORGAN,
            PurchaserKind.CIVIL_SERVICE_MANAGED_INSTITUTION,
            PurchaserKind.MASS_ORGANIZATION,
        },
        eligible_undertakers=set(UndertakerKind)
        - {
            UndertakerKind.FUNDED_MASS_ORGANIZATION,
            UndertakerKind.PUBLIC_INSTITUTION_CLASS1,
            UndertakerKind.STATE_ORGAN,
        },
        prohibited=set(Prohibited),
        max_contract_years=1,
        max_stable_contract_years=3,
    ),
    articles={
        "eligible_purchasers": "Art 5, Art 8",
        "eligible_undertakers": "Art 6, Art 8",
        "prohibited": "Art 10",
        "max_contract_years": "Art 24",
        "max_stable_contract_years": "Art 24",
    },
)

GPL = PolicyDocument(
    id="gpl",
    title=Label(
        "中华人民共和国政府采购法", "Government Procurement Law (2014 revision)"
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW, Question.FROM_WHOM}),
    # In force since 2003-01-01; the 2014 revision left the articles used here.
    effective=date(2003, 1, 1),
    sets=Overrides(
        min_tender_days=20,
        min_tender_bidders=3,
        max_days_award_to_contract=30,
        required_conditions=set(SupplierCondition),
    ),
    articles={
        "min_tender_days": "Art 35",
        "min_tender_bidders": "Art 36",
        "max_days_award_to_contract": "Art 46",
        "required_conditions": "Art 22",
    },
)

GPL_REG = PolicyDocument(
    id="gpl-reg",
    title=Label(
        "政府采购法实施条例(国务院令第658号)", "Regulation implementing the GPL"
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2015, 3, 1),
)

BUDGET_LAW = PolicyDocument(
    id="budget-law",
    title=Label("中华人民共和国预算法", "Budget Law"),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.VALUE}),
    effective=date(1995, 1, 1),
)

CK_2014_214 = PolicyDocument(
    id="ck-2014-214",
    title=Label(
        "政府采购竞争性磋商采购方式管理暂行办法(财库〔2014〕214号)",
        "Interim measures on competitive consultation",
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2014, 12, 31),
    sets=Overrides(min_consultation_suppliers=3),
    articles={"min_consultation_suppliers": "Art 6"},
    verified=False,
)

CK_2015_124 = PolicyDocument(
    id="ck-2015-124",
    title=Label(
        "关于政府采购竞争性磋商采购方式管理暂行办法有关问题的补充通知(财库〔2015〕124号)",
        "Supplementary notice: two suppliers suffice in consultation for services",
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2015, 6, 30),
    # The notice amends 214 for purchased services, the only purchases this
    # library models, so it is modelled as superseding 214 for them.
    supersedes="ck-2014-214",
    sets=Overrides(min_consultation_suppliers=2),
    articles={"min_consultation_suppliers": "全文"},
)

MOF_110 = PolicyDocument(
    id="mof-110",
    title=Label(
        "政府采购框架协议采购方式管理暂行办法(财政部令第110号)", "Framework agreements"
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2022, 3, 1),
)

CY_2017_87 = PolicyDocument(
    id="cy-2017-87",
    title=Label(
        "关于坚决制止地方以政府购买服务名义违法违规融资的通知(财预〔2017〕87号)",
        "No financing disguised as purchase of services",
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.WHAT}),
    effective=date(2017, 5, 28),
    sets=Overrides(
        prohibited={Prohibited.GOODS_OR_WORKS, Prohibited.FINANCING},
        max_stable_contract_years=3,
    ),
    articles={"prohibited": "二", "max_stable_contract_years": "二"},
    assumptions={
        "max_stable_contract_years": "the notice keeps a contract within the annual "
        "budget and the medium-term financial plan, which spans three years",
    },
)

CY_2020_10 = PolicyDocument(
    id="cy-2020-10",
    title=Label(
        "项目支出绩效评价管理办法(财预〔2020〕10号)",
        "Project-spending performance evaluation measures",
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.VALUE}),
    effective=date(2020, 1, 1),
    sets=Overrides(grade_bands=GradeBands(Decimal(90), Decimal(80), Decimal(60))),
    articles={"grade_bands": "评价等级"},
    verified=False,
)

NATIONAL_DOCUMENTS: tuple[PolicyDocument, ...] = (
    BUDGET_LAW,
    GPL,
    GBF_2013_96,
    CZZ_2014_96,
    CK_2014_214,
    GPL_REG,
    CK_2015_124,
    CY_2017_87,
    CY_2020_10,
    MOF_102,
    MOF_110,
)
"""The national documents, oldest first."""


@cache
def national() -> PolicyFramework:
    """The national rules alone (no local catalogue: nothing is listed).

    Examples:
        >>> from datetime import date
        >>> national().at(date(2021, 1, 1)).parameters.max_contract_years
        1
        >>> national().check()
        ()
    """
    return PolicyFramework(NATIONAL_DOCUMENTS)
