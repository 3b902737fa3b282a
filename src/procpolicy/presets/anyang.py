"""Anyang's "1+3+N" framework (安阳市, Henan), as the 2017-07-11 article tells it.

The article dates facts by year only and gives no figures.  So, stated once
here and in ``docs/presets.md``:

* **Dates.** A document the article dates by year takes effect on 1 January
  of that year; the four interim documents are dated 2014 ("2014年以来").
  The four services added "in 2016 and 2017" are dated 2016-01-01 together
  (the article does not split them).
* **Figures.** Every number below is an assumption, recorded in the
  document's ``assumptions`` with what it rests on, and cited ``ASSUMED``.
  Override any of them with `PolicyFramework.with_document` (a stricter value)
  or `PolicyFramework.replace` (a different one).
* **Pilots.** The street-lamp pilot is filed under 市政环卫 (municipal
  facilities are 市政); the parks pilot (cleaning, security and green-space
  upkeep) under 城市辅助管理, the upkeep done on the city's behalf.
* **Provenance.** The four documents the article names (实施办法, 流程,
  第一批指导性目录, 绩效评价办法) are ``REPORTED``: the article names them,
  nobody here has read them.  The documents the library infers from the
  practice the article reports — the 2015 and 2016 catalogue versions, the
  2016 separate budget line, the responsibility-target oversight — are
  ``ASSUMED`` and say so in their titles.  The articles cited are the
  article's own words (三考, 两加强, 三衔接, 一落实) where it gives them;
  section names no source gives (采购方式, 合同管理) are ASSUMED, and so are
  the citations of every assumed value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from procpolicy.catalogue import Catalogue, CatalogueItem, Prohibited, ServiceCategory
from procpolicy.labels import Label
from procpolicy.parameters import (
    DisclosureItem,
    Grade,
    GradeBands,
    Overrides,
    PaymentSchedule,
)
from procpolicy.policy import CoreRole, Layer, PolicyDocument, PolicyFramework, Question
from procpolicy.presets.national import NATIONAL_DOCUMENTS
from procpolicy.rules import Provenance

__all__ = [
    "ANYANG_DOCUMENTS",
    "PARKS",
    "SOCIAL_ASSISTANCE",
    "STREET_LAMPS",
    "anyang",
]

_YEAR_ONLY = "the article dates it by year only; taken as 1 January"
_NO_SECTION = "no source gives the measures' sections: the section name is ours"
_WORDS = "the article's words; the measures' own articles are not known"


STREET_LAMPS = CatalogueItem(
    "AY-2014-01",
    Label("市区路灯设施日常维护", "Daily maintenance of urban street-lamp facilities"),
    ServiceCategory.MUNICIPAL_SANITATION,
)
"""2014 pilot (试点)."""
PARKS = CatalogueItem(
    "AY-2014-02",
    Label(
        "城市园林保洁、保卫及绿地管养",
        "Urban parks: cleaning, security, green-space upkeep",
    ),
    ServiceCategory.URBAN_AUXILIARY_MANAGEMENT,
)
"""2014 pilot (试点)."""
SOCIAL_ASSISTANCE = CatalogueItem(
    "AY-2015-01",
    Label("社会救助", "Social assistance"),
    ServiceCategory.SOCIAL_WELFARE,
)
"""Named in 2015 and praised by the two ministries."""

_SEVEN = frozenset(list(ServiceCategory)[:7])

IMPLEMENTATION = PolicyDocument(
    id="ay-implementation",
    title=Label(
        "政府向社会力量购买服务实施办法(暂行)",
        "Implementation measures on buying services from social forces (interim)",
    ),
    layer=Layer.IMPLEMENTATION,
    answers=frozenset({Question.WHO_BUYS, Question.FROM_WHOM, Question.HOW}),
    effective=date(2014, 1, 1),
    sets=Overrides(
        prohibited={Prohibited.STAFFING},
        open_tender_threshold=Decimal(2_000_000),
        decentralised_limit=Decimal(500_000),
        max_contract_years=1,
        max_stable_contract_years=3,
        renewal_term_cap_years=3,
    ),
    articles={
        "prohibited": "以钱养人→以钱养事",
        "open_tender_threshold": "采购方式",
        "decentralised_limit": "采购方式",
        "max_contract_years": "合同管理",
        "max_stable_contract_years": "合同管理",
        "renewal_term_cap_years": "合同管理",
    },
    provenance=Provenance.REPORTED,
    establishes={
        "catalogue.prohibited": "以钱养人→以钱养事",
        "method.permitted": "采购方式",
        "contract.term": "合同管理",
        "renewal.term_cap": "合同管理",
    },
    assumptions={
        "effective": _YEAR_ONLY,
        "catalogue.prohibited": "the article reports the shift from 以钱养人 to "
        "以钱养事; that the measures bar buying staff is this library's reading",
        "method.permitted": "the article has methods chosen under the Government "
        f"Procurement Law (三衔接); {_NO_SECTION}",
        "contract.term": f"the terms mirror the later mof-102 Art 24; {_NO_SECTION}",
        "renewal.term_cap": f"the cap mirrors the longest term of mof-102 Art 24; "
        f"{_NO_SECTION}",
        "prohibited": "the article's shift from 以钱养人 to 以钱养事: buying staff is "
        "not buying a service (later national law: mof-102 Art 10, Art 18)",
        "open_tender_threshold": "no Anyang figure found; Henan's prefecture-city "
        "threshold for goods and services (REGULATIONS.md, unverified); " + _NO_SECTION,
        "decentralised_limit": "no Anyang figure found; Henan's 2020 edition for "
        "prefecture cities other than Zhengzhou (REGULATIONS.md, unverified); "
        + _NO_SECTION,
        "max_contract_years": "mirrors the later national rule, mof-102 Art 24; "
        + _NO_SECTION,
        "max_stable_contract_years": "mirrors the later national rule, mof-102 "
        f"Art 24; {_NO_SECTION}",
        "renewal_term_cap_years": "the longest term mof-102 Art 24 allows; "
        + _NO_SECTION,
    },
)

PROCESS = PolicyDocument(
    id="ay-process",
    title=Label("政府向社会力量购买服务流程(暂行)", "Purchase process (interim)"),
    layer=Layer.CORE,
    role=CoreRole.PROCESS,
    answers=frozenset({Question.HOW}),
    effective=date(2014, 1, 1),
    sets=Overrides(targets_required=True),
    articles={"targets_required": "三衔接: 与部门预算编制、绩效评价衔接"},
    provenance=Provenance.REPORTED,
    establishes={
        "stage.order": "全文",
        "budget.targets": "三衔接: 与部门预算编制、绩效评价衔接",
    },
    assumptions={
        "effective": _YEAR_ONLY,
        "targets_required": "the article asks implementing units to set performance "
        "targets (三衔接); taken to be required when the budget is drawn up",
        "stage.order": "the article names the process without its text; the order "
        "of the steps follows mof-102 and the Government Procurement Law",
        "budget.targets": "the article links purchase to budget preparation and "
        "evaluation (三衔接); that the process sets the targets at budgeting is "
        "this library's reading",
    },
)

CATALOGUE_2014 = PolicyDocument(
    id="ay-catalogue-2014",
    title=Label(
        "第一批政府向社会力量购买服务指导性目录(暂行)",
        "First guiding catalogue (interim): the 2014 pilots",
    ),
    layer=Layer.CORE,
    role=CoreRole.CATALOGUE,
    answers=frozenset({Question.WHAT}),
    effective=date(2014, 1, 1),
    catalogue=Catalogue(items=frozenset({STREET_LAMPS, PARKS})),
    articles={"catalogue": "2014 试点"},
    provenance=Provenance.REPORTED,
    establishes={"catalogue.listed": "2014 试点"},
    assumptions={
        "effective": _YEAR_ONLY,
        "catalogue": "the article reports the two pilots of 2014; that the first "
        "catalogue lists exactly them is this library's reading",
    },
)

CATALOGUE_2015 = PolicyDocument(
    id="ay-catalogue-2015",
    title=Label(
        "指导性目录(2015): 七类公共领域 [假定: 本库推定的版本]",
        "Guiding catalogue 2015: seven categories "
        "[assumed: a version this library infers]",
    ),
    layer=Layer.CORE,
    role=CoreRole.CATALOGUE,
    answers=frozenset({Question.WHAT}),
    effective=date(2015, 1, 1),
    supersedes="ay-catalogue-2014",
    catalogue=Catalogue(
        categories=_SEVEN, items=frozenset({STREET_LAMPS, PARKS, SOCIAL_ASSISTANCE})
    ),
    articles={"catalogue": "2015 扩展到七类公共领域"},
    provenance=Provenance.ASSUMED,
    establishes={"catalogue.listed": "2015 扩展到七类公共领域"},
    assumptions={
        "effective": "a version this library infers from the article's widening to "
        f"seven categories in 2015 (it names only the first catalogue); {_YEAR_ONLY}",
        "catalogue": "the seven categories the article reports for 2015, with "
        "social assistance named",
    },
)

CATALOGUE_2016 = PolicyDocument(
    id="ay-catalogue-2016",
    title=Label(
        "指导性目录(2016–2017): 办公楼运行、信息系统、公共文化、培训 "
        "[假定: 本库推定的版本]",
        "Guiding catalogue 2016–2017: office buildings, IT, culture, training "
        "[assumed: a version this library infers]",
    ),
    layer=Layer.CORE,
    role=CoreRole.CATALOGUE,
    answers=frozenset({Question.WHAT}),
    effective=date(2016, 1, 1),
    supersedes="ay-catalogue-2015",
    catalogue=Catalogue(
        categories=frozenset(ServiceCategory),
        items=frozenset({STREET_LAMPS, PARKS, SOCIAL_ASSISTANCE}),
    ),
    articles={"catalogue": "2016年、2017年 单列项目"},
    provenance=Provenance.ASSUMED,
    establishes={"catalogue.listed": "2016年、2017年 单列项目"},
    assumptions={
        "effective": "a version this library infers from the four services the "
        "article adds in 2016 and 2017 (it names only the first catalogue); the "
        "additions are not split by year, so all four are taken from 2016-01-01",
        "catalogue": "the eleven categories: the seven of 2015 and the four the "
        "article adds",
    },
)

EVALUATION = PolicyDocument(
    id="ay-evaluation",
    title=Label(
        "政府向社会力量购买服务绩效评价办法(暂行)",
        "Performance-evaluation measures (interim): 三考两加强",
    ),
    layer=Layer.CORE,
    role=CoreRole.EVALUATION,
    answers=frozenset({Question.VALUE}),
    effective=date(2014, 1, 1),
    sets=Overrides(
        grade_bands=GradeBands(Decimal(90), Decimal(80), Decimal(60)),
        payment_ratios=PaymentSchedule(
            Decimal("1.00"), Decimal("0.95"), Decimal("0.85"), Decimal("0.70")
        ),
        renewal_min_grade=Grade.GOOD,
        internal_weight=Decimal("0.4"),
        third_party_threshold=Decimal(1_000_000),
        third_party_for_high_impact=True,
        third_party_without_fixed_site=True,
        third_party_for_citywide=True,
        supervision_interval_months=1,
        supervision_tolerance=Decimal(5),
        disclosure_required=set(DisclosureItem),
        cost_comparison_required=True,
    ),
    articles={
        "grade_bands": "三考: 怎么考",
        "payment_ratios": "三考: 拨付项目资金的依据",
        "renewal_min_grade": "三考: 续约合同或再次招评标优先",
        "internal_weight": "三考: 权重分值的内外考评方式",
        "third_party_threshold": "三考: 谁来考 (项目金额大小)",
        "third_party_for_high_impact": "三考: 谁来考 (社会影响度)",
        "third_party_without_fixed_site": "三考: 谁来考 (有无固定场所)",
        "third_party_for_citywide": "三考: 谁来考 (范围)",
        "supervision_interval_months": "三衔接: 日常监管",
        "supervision_tolerance": "三考: 日常考评与第三方考评相结合",
        "disclosure_required": "两加强: 加强信息公开",
        "cost_comparison_required": "三考: 考什么 (预算资金前后量化对比)",
    },
    provenance=Provenance.REPORTED,
    establishes={
        "budget.targets": "三衔接: 参照绩效办法制定绩效目标",
        "disclosure.complete": "两加强: 加强信息公开",
        "supervision.within_term": "三衔接: 日常监管",
        "evaluation.evaluator": "三考: 谁来考",
        "evaluation.consistent": "三考: 日常考评与第三方考评相结合",
        "evaluation.weights": "三考: 权重分值的内外考评方式",
        "evaluation.targets": "三衔接: 全过程绩效目标管理",
        "settlement.evaluated": "三考: 考评结果作为拨付项目资金的依据",
        "settlement.payment": "三考: 考评结果作为拨付项目资金的依据",
        "renewal.grade": "三考: 续约合同或再次招评标优先",
        "settlement.cost_comparison": "三考: 考什么 (预算资金前后量化对比); "
        "两加强: 加强资金管理",
    },
    reported={
        "budget.targets": "the article has implementing units set performance "
        f"targets by the evaluation measures; {_WORDS}",
        "disclosure.complete": _WORDS,
        "supervision.within_term": _WORDS,
        "evaluation.evaluator": _WORDS,
        "evaluation.consistent": _WORDS,
        "evaluation.weights": _WORDS,
        "evaluation.targets": _WORDS,
        "settlement.evaluated": _WORDS,
        "settlement.payment": f"{_WORDS}; the payment schedule is assumed",
        "renewal.grade": f"{_WORDS}; the minimum grade is assumed",
        "settlement.cost_comparison": f"{_WORDS}; that a payment above the cost "
        "before purchase needs a recorded reason is this library's reading",
    },
    assumptions={
        "effective": _YEAR_ONLY,
        "grade_bands": "the MOF budget department's bands (优 90, 良 80, 中 60)",
        "payment_ratios": "no national rule ties a grade to a payment cut; a "
        "schedule of 100/95/85/70 per cent is assumed",
        "renewal_min_grade": "renewal and re-tender priority taken to need 良 or "
        "better",
        "internal_weight": "internal (daily) 40 %, third party 60 %",
        "third_party_threshold": "projects of one million yuan or more",
        "third_party_for_high_impact": "the article names social impact as a factor",
        "third_party_without_fixed_site": "the article names the fixed site as a "
        "factor; without one, daily supervision alone cannot see the work",
        "third_party_for_citywide": "the article names scope as a factor",
        "supervision_interval_months": "daily evaluation recorded once a month",
        "supervision_tolerance": "the internal score within 5 points of the mean "
        "of the daily scores",
        "disclosure_required": "the four kinds of information the article's "
        "platform publishes",
        "cost_comparison_required": "the article has the finance department "
        "compare the budget before and after purchase so that lax management "
        "shows; taken to be required of every purchase",
    },
)

BUDGET_2016 = PolicyDocument(
    id="ay-budget-2016",
    title=Label(
        "单列政府购买服务预算 [假定: 本库推定的文件]",
        "Purchase of services as a separate budget line "
        "[assumed: a document this library infers]",
    ),
    layer=Layer.SUPPORTING,
    answers=frozenset({Question.VALUE}),
    effective=date(2016, 1, 1),
    sets=Overrides(separate_budget_line=True),
    articles={"separate_budget_line": "2016年、2017年 单列政府购买服务预算"},
    provenance=Provenance.ASSUMED,
    establishes={"budget.separate_line": "2016年、2017年 单列政府购买服务预算"},
    assumptions={
        "effective": "a document this library infers from the separate budget line "
        "the article reports for 2016 and 2017; taken from 2016-01-01",
        "separate_budget_line": "the article reports the separate line; which "
        "document requires it, the article does not say",
        "budget.separate_line": "the article reports the separate line; which "
        "document requires it, the article does not say",
    },
)

OVERSIGHT = PolicyDocument(
    id="ay-oversight",
    title=Label(
        "政府购买服务纳入政府责任目标考核体系 [假定: 本库推定的文件]",
        "Purchase of services in departments' responsibility-target assessment "
        "[assumed: a document this library infers]",
    ),
    layer=Layer.SUPPORTING,
    answers=frozenset({Question.VALUE}),
    effective=date(2014, 1, 1),
    sets=Overrides(accountability_grade=Grade.POOR),
    articles={"accountability_grade": "一落实: 花钱必问效, 无效必问责"},
    provenance=Provenance.ASSUMED,
    establishes={"closure.accountability": "一落实: 花钱必问效, 无效必问责"},
    assumptions={
        "effective": "a document this library infers from the article's 一落实 "
        "(purchase of services in the government's responsibility-target "
        f"assessment); {_YEAR_ONLY}",
        "accountability_grade": "'no effect' (无效) read as the grade 差",
        "closure.accountability": "the article's 一落实 (花钱必问效, 无效必问责); "
        "which document lays it down, the article does not say",
    },
)

ANYANG_DOCUMENTS: tuple[PolicyDocument, ...] = (
    IMPLEMENTATION,
    PROCESS,
    CATALOGUE_2014,
    CATALOGUE_2015,
    CATALOGUE_2016,
    EVALUATION,
    BUDGET_2016,
    OVERSIGHT,
)
"""Anyang's own documents: the 1, the 3 (with three catalogue versions), the N."""


@cache
def anyang() -> PolicyFramework:
    """National rules plus Anyang's "1+3+N": the embedded default framework.

    Examples:
        >>> from datetime import date
        >>> fw = anyang()
        >>> for doc in fw.at(date(2016, 3, 1)).documents:
        ...     if doc.layer.name != "NATIONAL":
        ...         print(doc.id)
        ay-implementation
        ay-process
        ay-catalogue-2016
        ay-evaluation
        ay-budget-2016
        ay-oversight
        >>> fw.at(date(2016, 3, 1)).source("open_tender_threshold").verified
        False
    """
    return PolicyFramework((*NATIONAL_DOCUMENTS, *ANYANG_DOCUMENTS))
