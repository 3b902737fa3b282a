"""Anyang's rollout of 2014–2017 as a scenario: what the article says and doesn't.

The article gives the order of the rollout — two pilot items in 2014, seven
public-service categories in 2015, office buildings, information systems,
public culture and training in 2016–2017 — and no figure at all.  So every
count, amount, quality, noise and rate below is an **assumption**, listed in
`ASSUMPTIONS` with what it rests on, and each is a `Scenario` field a
researcher can override.  The departments are illustrative: the article names
no purchaser.
"""

from __future__ import annotations

from decimal import Decimal

from procpolicy.catalogue import ServiceCategory
from procpolicy.evaluation import PerformanceTarget, Scope, SocialImpact
from procpolicy.parties import Purchaser, PurchaserKind, UndertakerKind
from procpolicy.presets.anyang import PARKS, SOCIAL_ASSISTANCE, STREET_LAMPS

from ._model import ProjectTemplate, Triangular, UndertakerType

__all__ = [
    "ANYANG_DEPARTMENTS",
    "ANYANG_TEMPLATES",
    "ANYANG_UNDERTAKERS",
    "ASSUMPTIONS",
]

_ORGAN = PurchaserKind.STATE_ORGAN

ANYANG_DEPARTMENTS: tuple[Purchaser, ...] = (
    Purchaser("安阳市城市管理局", "城管局", _ORGAN),
    Purchaser("安阳市园林绿化管理局", "园林局", _ORGAN),
    Purchaser("安阳市公安局", "公安局", _ORGAN),
    Purchaser("安阳市水利局", "水利局", _ORGAN),
    Purchaser("安阳市人力资源和社会保障局", "人社局", _ORGAN),
    Purchaser("安阳市民政局", "民政局", _ORGAN),
    Purchaser("安阳市机关事务管理局", "机关事务局", _ORGAN),
    Purchaser("安阳市工业和信息化委员会", "工信委", _ORGAN),
    Purchaser("安阳市文化广电新闻出版局", "文广新局", _ORGAN),
    Purchaser("安阳市财政局", "财政局", _ORGAN),
)
"""Illustrative purchasers, one per department (the article names none)."""

_T = Triangular
_COST = _T("0.95", "1.10", "1.30")
"""Cost before purchase as a multiple of the budget (see `ASSUMPTIONS`)."""
_ENTERPRISES = frozenset(
    {UndertakerKind.ENTERPRISE, UndertakerKind.BUSINESS_PUBLIC_INSTITUTION}
)
_SOCIAL = frozenset(
    {UndertakerKind.SOCIAL_ORGANIZATION, UndertakerKind.PUBLIC_INSTITUTION_CLASS2}
)
_ANY = frozenset(UndertakerKind)


def _targets(name: str, value: int) -> tuple[PerformanceTarget, ...]:
    return (PerformanceTarget(name, Decimal(value)),)


ANYANG_TEMPLATES: tuple[ProjectTemplate, ...] = (
    # 2014 pilots (试点): two catalogue items.
    ProjectTemplate(
        code="lamps",
        title="市区路灯设施日常维护",
        department="城管局",
        category=ServiceCategory.MUNICIPAL_SANITATION,
        item=STREET_LAMPS,
        start=2014,
        count=2,
        budget=_T(400_000, 800_000, 1_600_000),
        cost_before=_COST,
        social_impact=SocialImpact.MEDIUM,
        fixed_site=False,
        scope=Scope.DISTRICT,
        targets=_targets("路灯亮灯率 %", 98),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="parks",
        title="城市园林保洁、保卫及绿地管养",
        department="园林局",
        category=ServiceCategory.URBAN_AUXILIARY_MANAGEMENT,
        item=PARKS,
        start=2014,
        count=3,
        budget=_T(300_000, 700_000, 1_500_000),
        cost_before=_COST,
        social_impact=SocialImpact.MEDIUM,
        targets=_targets("绿地管养达标率 %", 95),
        kinds=_ENTERPRISES,
    ),
    # 2015: the seven public-service categories.
    ProjectTemplate(
        code="sanitation",
        title="市政环卫道路清扫保洁",
        department="城管局",
        category=ServiceCategory.MUNICIPAL_SANITATION,
        start=2015,
        count=3,
        added_per_year=1,
        budget=_T(1_500_000, 3_000_000, 6_000_000),
        cost_before=_COST,
        social_impact=SocialImpact.HIGH,
        fixed_site=False,
        scope=Scope.DISTRICT,
        targets=_targets("道路保洁达标率 %", 95),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="urban-aux",
        title="数字城管信息采集",
        department="城管局",
        category=ServiceCategory.URBAN_AUXILIARY_MANAGEMENT,
        start=2015,
        count=2,
        budget=_T(300_000, 600_000, 1_200_000),
        cost_before=_COST,
        fixed_site=False,
        scope=Scope.CITYWIDE,
        targets=_targets("问题发现及时率 %", 90),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="safety-aux",
        title="公共安全视频监控运行维护",
        department="公安局",
        category=ServiceCategory.PUBLIC_SAFETY_AUXILIARY,
        start=2015,
        count=2,
        budget=_T(500_000, 1_000_000, 2_000_000),
        cost_before=_COST,
        social_impact=SocialImpact.HIGH,
        scope=Scope.CITYWIDE,
        targets=_targets("设备完好率 %", 97),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="water",
        title="排水管网设施养护",
        department="水利局",
        category=ServiceCategory.WATER_FACILITY_MAINTENANCE,
        start=2015,
        count=2,
        budget=_T(400_000, 900_000, 2_000_000),
        cost_before=_COST,
        fixed_site=False,
        scope=Scope.DISTRICT,
        targets=_targets("管网畅通率 %", 95),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="public-training",
        title="就业技能公共培训",
        department="人社局",
        category=ServiceCategory.PUBLIC_TRAINING,
        start=2015,
        count=3,
        added_per_year=1,
        budget=_T(100_000, 300_000, 600_000),
        cost_before=_COST,
        social_impact=SocialImpact.MEDIUM,
        targets=_targets("培训合格率 %", 90),
        kinds=_ANY,
    ),
    ProjectTemplate(
        code="social-work",
        title="社区社工服务",
        department="民政局",
        category=ServiceCategory.SOCIAL_WORK,
        start=2015,
        count=3,
        added_per_year=1,
        budget=_T(100_000, 250_000, 500_000),
        cost_before=_COST,
        social_impact=SocialImpact.MEDIUM,
        targets=_targets("服务对象满意度 %", 90),
        kinds=_SOCIAL,
    ),
    ProjectTemplate(
        code="assistance",
        title="困难群众社会救助服务",
        department="民政局",
        category=ServiceCategory.SOCIAL_WELFARE,
        item=SOCIAL_ASSISTANCE,
        start=2015,
        count=2,
        added_per_year=1,
        budget=_T(200_000, 400_000, 800_000),
        cost_before=_COST,
        social_impact=SocialImpact.HIGH,
        fixed_site=False,
        scope=Scope.CITYWIDE,
        targets=_targets("救助对象覆盖率 %", 95),
        kinds=_SOCIAL,
    ),
    # 2016–2017: office buildings, information systems, culture, training.
    ProjectTemplate(
        code="office",
        title="单位办公楼物业运行",
        department="机关事务局",
        category=ServiceCategory.OFFICE_BUILDING_OPERATION,
        start=2016,
        count=3,
        added_per_year=1,
        budget=_T(200_000, 500_000, 1_000_000),
        cost_before=_COST,
        targets=_targets("物业服务满意度 %", 90),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="it",
        title="电子政务信息系统建设运行",
        department="工信委",
        category=ServiceCategory.INFORMATION_SYSTEMS,
        start=2016,
        count=2,
        added_per_year=1,
        budget=_T(300_000, 800_000, 2_500_000),
        cost_before=_COST,
        scope=Scope.CITYWIDE,
        targets=_targets("系统可用率 %", 99),
        kinds=_ENTERPRISES,
    ),
    ProjectTemplate(
        code="culture",
        title="公益文化演出和活动",
        department="文广新局",
        category=ServiceCategory.PUBLIC_CULTURE,
        start=2016,
        count=2,
        added_per_year=1,
        budget=_T(100_000, 300_000, 700_000),
        cost_before=_COST,
        social_impact=SocialImpact.MEDIUM,
        fixed_site=False,
        targets=_targets("群众满意度 %", 90),
        kinds=_ANY,
    ),
    ProjectTemplate(
        code="training",
        title="财政干部业务培训",
        department="财政局",
        category=ServiceCategory.TRAINING,
        start=2016,
        count=2,
        budget=_T(100_000, 200_000, 400_000),
        cost_before=_COST,
        targets=_targets("培训合格率 %", 95),
        kinds=_ANY,
    ),
)
"""The project templates of the rollout, in the order the article names them."""

ANYANG_UNDERTAKERS: tuple[UndertakerType, ...] = (
    UndertakerType(kind=UndertakerKind.ENTERPRISE, count=30, quality=_T(52, 82, 97)),
    UndertakerType(
        kind=UndertakerKind.SOCIAL_ORGANIZATION, count=15, quality=_T(50, 80, 96)
    ),
    UndertakerType(
        kind=UndertakerKind.PUBLIC_INSTITUTION_CLASS2, count=4, quality=_T(55, 80, 94)
    ),
    UndertakerType(
        kind=UndertakerKind.BUSINESS_PUBLIC_INSTITUTION,
        count=3,
        quality=_T(55, 78, 92),
    ),
)
"""The undertaker pool: kinds eligible under czz-2014-96 Art 6 and mof-102."""

ASSUMPTIONS: tuple[tuple[str, str], ...] = (
    (
        "years",
        (
            "2014–2017: from the pilots to the article (2017-07-11); the 2017 "
            "contract year is simulated whole"
        ),
    ),
    (
        "templates",
        (
            "the article's order of the rollout (2014 pilots, 2015 seven categories, "
            "2016 the four additions, dated 2016 like the catalogue preset); two or "
            "three projects per category when it opens and one more a year for the "
            "growing ones — the article gives no count"
        ),
    ),
    (
        "templates.budget",
        (
            "annual budgets from 100 000 yuan (a community social-work post) to "
            "6 million (a district's street cleaning), so that the big sanitation "
            "contracts cross the 2 million open-tender threshold and most others "
            "do not; the article gives no amount"
        ),
    ),
    (
        "templates.cost_before",
        (
            "the service cost 0.95–1.30 times the budget (most often 1.10) when the "
            "department ran it itself: the shift from 以钱养人 to 以钱养事 is "
            "expected to save money, and the finance department's before/after "
            "comparison (预算资金前后量化对比) exists to show it; no figure is given; "
            "a year paid above it (a renewal at the awarded price) says why"
        ),
    ),
    (
        "templates (factors)",
        (
            "social impact, fixed site and scope per service, as the article's "
            "谁来考 factors would read for it (street lamps and cleaning have no "
            "fixed site, social assistance reaches the whole city …)"
        ),
    ),
    (
        "departments",
        "one illustrative purchaser per service area; the article names none",
    ),
    (
        "undertakers",
        (
            "a pool of 30 enterprises, 15 social organisations, 4 class-2 public "
            "institutions and 3 business public institutions — the kinds "
            "czz-2014-96 Art 6 admits; each draws a quality (the score a neutral "
            "evaluator would give) from 50–55 up to 92–97, most often about 80"
        ),
    ),
    (
        "award_ratio",
        "competition brings the award to 85–100 % of the budget (most often 93 %)",
    ),
    (
        "internal_leniency",
        (
            "the purchaser's own daily scores run 3 points above a neutral "
            "evaluator's: the article's reason for the finance department's check, "
            "防止购买主体…考评不严"
        ),
    ),
    (
        "supervision_noise",
        (
            "one daily evaluation scatters 6 points (standard deviation) around the "
            "undertaker's quality"
        ),
    ),
    (
        "third_party_noise",
        "a third party's score scatters 4 points around the quality",
    ),
    (
        "third_party_fee",
        (
            "a third-party evaluation costs 2 % of the contract amount, paid by the "
            "purchaser and counted as spending"
        ),
    ),
    (
        "renewal_rate",
        (
            "a purchaser renews 85 % of the contracts the rules let it renew, and "
            "tenders the rest again"
        ),
    ),
    (
        "incumbent_advantage",
        (
            "an incumbent graded well enough to renew wins 60 % of re-tenders "
            "(再次招评标时优先考虑)"
        ),
    ),
    (
        "lapses",
        (
            "a purchaser's first attempt breaks a rule now and then: 5 % forget the "
            "separate budget line once it is required (2016), 2 % the performance "
            "targets, 5 % evaluate internally where a third party must, 3 % pay the "
            "whole contract whatever the grade, 25 % close a poor project without "
            "naming who answers for it"
        ),
    ),
    (
        "calendar",
        (
            "a new or re-tendered contract runs 1 March–31 December after "
            "procurement in January and February; a renewal runs the next calendar "
            "year; evaluation on 20 December, payment on 28 December, the decision "
            "to renew, tender again or close on 31 December; the documents go out "
            "4 days after disclosure, the award follows 21 days later in a tender "
            "(gpl Art 35's 20 days, or the longer period in force) and 14 days "
            "later in any other method (consultation's 10 days, ck-2014-214, and "
            "the evaluation), the contract 7 days after the award"
        ),
    ),
    (
        "inspections_per_year",
        (
            "each department with a project that year is inspected once a year, "
            "on 31 December (several inspections: the last days of evenly spaced "
            "months ending in December); the year's last inspection reviews the "
            "year and records its refusals as findings — the article says "
            "supervision departments inspect (督导检查), not how often"
        ),
    ),
    (
        "joint_meetings_per_year",
        (
            "the leading group convenes one joint meeting (联席会议) a year, on 5 "
            "December, attended by every department of the scenario and the "
            "inspector; the article names the meetings, not their schedule"
        ),
    ),
    (
        "inspector",
        (
            "the audit bureau (审计局) inspects: the article names the supervision "
            "departments' role (监督部门保障), not the departments"
        ),
    ),
    (
        "in_house_share",
        (
            "beside one purchase in ten, the department kept a like catalogue "
            "service in house, so that the principle 原则上都要向社会购买 has "
            "cases to show; the article gives no figure"
        ),
    ),
    (
        "supervision_interval_months",
        (
            "None: daily evaluation as often as the framework asks (monthly in "
            "Anyang's preset), on the 15th"
        ),
    ),
)
"""Every assumption of `anyang_rollout`: ``(field, what it rests on)``."""
