"""The national rules behind every local framework (REGULATIONS.md).

Each document carries the values it sets, each value the article that sets
it, and the workflow rules it lays down (``establishes``: the dated legal
basis).  Provenance follows REGULATIONS.md's marks: a document whose date or
content is marked [U] is ``REPORTED``; a clause is ``TEXT`` only when
REGULATIONS.md marks it [C] *with its article number*, and every other
clause of a known document is listed in its ``reported`` with the reason (an
article number confirmed nowhere, a section named from the document's
structure).  Where a national document has no single figure (open-tender
thresholds are set by each level of government), nothing is set and the
unregulated default stays until a local document sets one.
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
from procpolicy.rules import Provenance

__all__ = ["NATIONAL_DOCUMENTS", "national"]

_ALL_QUESTIONS = frozenset(Question)
_UNMARKED = "REGULATIONS.md gives this article without marking it confirmed"
_NUMBER = "its text is confirmed, its number is not (REGULATIONS.md)"
_HEADING = "a heading of the guidance; REGULATIONS.md gives no article of it"
_SECTION = "the rule is confirmed, its section number is not (REGULATIONS.md)"
_CZZ = "article number unconfirmed; REGULATIONS.md marks the measures [U]"
_REG_50 = (
    "REGULATIONS.md marks the two working days [C] but as the law's Art 50, "
    "which bars changing a contract at will; the rule is this regulation's "
    "Art 50, read in third-party copies of its text, not an official one"
)
_CK_10 = (
    "the 10 days are read in third-party copies of the measures' Art 10; "
    "REGULATIONS.md gives the measures and their Art 3, not this article"
)
_MOF_74 = (
    "the 3 working days are reported; the article numbers (Art 29 for "
    "negotiation, Art 45 for quotations) are unconfirmed"
)

GBF_2013_96 = PolicyDocument(
    id="gbf-2013-96",
    title=Label(
        "国务院办公厅关于政府向社会力量购买服务的指导意见(国办发〔2013〕96号)",
        "State Council guidance on buying services from social forces",
    ),
    layer=Layer.NATIONAL,
    answers=_ALL_QUESTIONS,
    effective=date(2013, 9, 26),
    provenance=Provenance.REPORTED,
    establishes={
        "purchaser.eligible": "购买主体",
        "undertaker.eligible": "承接主体",
        "catalogue.listed": "购买内容",
        "catalogue.prohibited": "购买内容",
        "budget.separate_line": "资金管理",
    },
    reported={
        "purchaser.eligible": _HEADING,
        "undertaker.eligible": _HEADING,
        "catalogue.listed": _HEADING,
        "catalogue.prohibited": _HEADING,
        "budget.separate_line": f"{_HEADING}; it funds purchases within the "
        "budgets already made, with no separate line",
    },
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
    provenance=Provenance.REPORTED,
    establishes={
        "purchaser.eligible": "Art 4–5",
        "undertaker.eligible": "Art 6",
        "catalogue.listed": "购买内容及指导目录",
        "catalogue.prohibited": "Art 14",
    },
    reported={
        "eligible_purchasers": _CZZ,
        "eligible_undertakers": _CZZ,
        "prohibited": _CZZ,
        "purchaser.eligible": _CZZ,
        "undertaker.eligible": _CZZ,
        "catalogue.listed": "a chapter heading of the measures; " + _CZZ,
        "catalogue.prohibited": _CZZ,
    },
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
    establishes={
        "catalogue.listed": "Art 12, Art 14",
        "catalogue.prohibited": "Art 10, Art 18",
        "purchaser.eligible": "Art 5, Art 8",
        "undertaker.eligible": "Art 6–8",
        "award.within_budget": "Art 14, Art 16",
        "contract.within_budget": "Art 14, Art 16",
        "contract.term": "Art 24",
        "contract.published": "Art 23",
        "evaluation.evaluator": "Art 20–21",
        "renewal.grade": "Art 20–21",
        "renewal.term_cap": "Art 24",
    },
    reported={
        "award.within_budget": f"Art 16: {_NUMBER}",
        "contract.within_budget": f"Art 16: {_NUMBER}",
        "evaluation.evaluator": f"third-party evaluation where suitable; {_NUMBER}",
        "renewal.grade": "results are a key basis for choosing undertakers; " + _NUMBER,
    },
    assumptions={
        "renewal.term_cap": "the cap on a contract and its renewals together is "
        "taken to be the longest term Art 24 allows",
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
        max_supplement_ratio=Decimal("0.1"),
        max_add_on_ratio=Decimal("0.1"),
    ),
    articles={
        "min_tender_days": "Art 35",
        "min_tender_bidders": "Art 36",
        "max_days_award_to_contract": "Art 46",
        "required_conditions": "Art 22",
        "max_supplement_ratio": "Art 49",
        "max_add_on_ratio": "Art 31(3)",
    },
    establishes={
        "undertaker.eligible": "Art 22",
        "method.permitted": "Art 26–32",
        "method.add_on": "Art 31(3)",
        "method.splitting": "Art 28",
        "tender.period": "Art 35",
        "tender.bidders": "Art 36",
        "contract.deadline": "Art 46",
        "contract.supplement": "Art 49",
        "contract.published": "Art 11",
    },
    # The law's Art 50 bars changing a contract at will; the two working days
    # of contract.published are the implementing regulation's Art 50 (GPL_REG).
    # Before it (2015-03-01) the law's own basis is Art 11: procurement
    # information is published in the designated media, with no deadline.
    reported={
        "max_add_on_ratio": _UNMARKED,
        "method.permitted": _UNMARKED,
        "method.add_on": _UNMARKED,
        "method.splitting": _UNMARKED,
        "contract.published": "procurement information is published in the media "
        "the finance departments designate; REGULATIONS.md does not give this "
        "article, and sets no deadline before gpl-reg Art 50",
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
    sets=Overrides(max_working_days_to_publish_contract=2),
    articles={"max_working_days_to_publish_contract": "Art 50"},
    establishes={"method.splitting": "Art 28", "contract.published": "Art 50"},
    reported={
        "method.splitting": _UNMARKED,
        "max_working_days_to_publish_contract": _REG_50,
        "contract.published": _REG_50,
    },
)

BUDGET_LAW = PolicyDocument(
    id="budget-law",
    title=Label("中华人民共和国预算法", "Budget Law"),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.VALUE}),
    effective=date(1995, 1, 1),
    # Articles are numbered as in the 2014 revision (in force 2015-01-01),
    # whose Art 13 REGULATIONS.md confirms; the 1994 text bars spending
    # outside the budget too, under another number.
    establishes={
        "award.within_budget": "Art 13",
        "contract.within_budget": "Art 13",
    },
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
    sets=Overrides(min_consultation_suppliers=3, min_consultation_days=10),
    articles={"min_consultation_suppliers": "Art 6", "min_consultation_days": "Art 10"},
    provenance=Provenance.REPORTED,
    establishes={
        "method.permitted": "Art 3",
        "tender.bidders": "Art 6",
        "tender.period": "Art 10",
    },
    reported={
        "min_consultation_days": _CK_10,
        "tender.period": _CK_10,
        "min_consultation_suppliers": "REGULATIONS.md gives the measures and "
        "their Art 3, not this article; the date is unverified [U]",
        "tender.bidders": "REGULATIONS.md gives the measures and their Art 3, "
        "not this article; the date is unverified [U]",
    },
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
    sets=Overrides(min_consultation_suppliers=2, min_consultation_days=10),
    articles={"min_consultation_suppliers": "全文", "min_consultation_days": "全文"},
    establishes={
        "tender.bidders": "全文",
        "method.permitted": "全文",
        "tender.period": "全文",
    },
    assumptions={
        "min_consultation_days": "modelled as taking the place of ck-2014-214 "
        "for purchased services (see `supersedes`), so it carries 214's 10 days "
        "(Art 10), which the notice leaves unchanged",
        "tender.period": "carries ck-2014-214's Art 10 (see `supersedes`)",
        "method.permitted": "modelled as taking the place of ck-2014-214 for "
        "purchased services (see `supersedes`), so it carries 214's Art 3, which "
        "lists purchased services first among the cases for consultation",
    },
)

MOF_74 = PolicyDocument(
    id="mof-74",
    title=Label(
        "政府采购非招标采购方式管理办法(财政部令第74号)",
        "Measures on non-tender procurement methods",
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2014, 2, 1),
    sets=Overrides(min_response_working_days=3),
    articles={"min_response_working_days": "Art 29; Art 45"},
    # Not in REGULATIONS.md: the order, its date and its 3 working days are
    # reported (issue 12), its article numbers unconfirmed.
    provenance=Provenance.REPORTED,
    establishes={"tender.period": "Art 29; Art 45"},
    reported={"min_response_working_days": _MOF_74, "tender.period": _MOF_74},
)

MOF_110 = PolicyDocument(
    id="mof-110",
    title=Label(
        "政府采购框架协议采购方式管理暂行办法(财政部令第110号)", "Framework agreements"
    ),
    layer=Layer.NATIONAL,
    answers=frozenset({Question.HOW}),
    effective=date(2022, 3, 1),
    establishes={"method.permitted": "全文"},
    reported={
        "method.permitted": "REGULATIONS.md confirms the method and its date, "
        "not the article that opens it to services"
    },
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
    articles={"prohibited": "二", "max_stable_contract_years": "三"},
    establishes={
        "catalogue.prohibited": "二",
        "contract.term": "三",
        "contract.within_budget": "三",
    },
    reported={
        "prohibited": _SECTION,
        "catalogue.prohibited": _SECTION,
        "contract.term": f"the term stays within the annual budget and the "
        f"medium-term plan; {_SECTION}",
        "contract.within_budget": _SECTION,
    },
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
    provenance=Provenance.REPORTED,
    reported={
        "grade_bands": "the bands are the MOF budget department's standard "
        "(REGULATIONS.md [C]); that this document sets them, and its date, are "
        "unverified [U]"
    },
)

NATIONAL_DOCUMENTS: tuple[PolicyDocument, ...] = (
    BUDGET_LAW,
    GPL,
    GBF_2013_96,
    MOF_74,
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
