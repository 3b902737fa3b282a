"""Who does what: the working mechanism (工作机制) and the parties to a purchase.

Anyang's leading group (政府购买服务工作领导小组, headed by the executive vice
mayor) runs a mechanism of five roles, `Role`.  A purchase has a `Purchaser`
(购买主体) and an `Undertaker` (承接主体, a 社会力量 "social force"); a third
party (第三方) may evaluate it.
"""

from __future__ import annotations

from types import MappingProxyType

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import frozen_set, instance, non_empty_str, set_of
from procpolicy.labels import BilingualEnum, Label

__all__ = [
    "LEADING_GROUP",
    "Purchaser",
    "PurchaserKind",
    "Role",
    "SupplierCondition",
    "Undertaker",
    "UndertakerKind",
]

LEADING_GROUP = Label(
    "政府购买服务工作领导小组(常务副市长任组长)",
    "Leading group on purchase of services, headed by the executive vice mayor",
)
"""The body that runs the mechanism in Anyang (article §1)."""


class Role(BilingualEnum):
    """The five roles of Anyang's working mechanism (article §1)."""

    GOVERNMENT = Label("政府统一领导", "Government: unified leadership")
    FINANCE = Label("财政部门牵头", "Finance department: leads")
    COMPETENT = Label("主管部门协同", "Competent departments: coordinate")
    FUNCTIONAL = Label("职能部门履职", "Functional departments: perform their duties")
    SUPERVISION = Label("监督部门保障", "Supervision departments: guarantee")

    @property
    def duty(self) -> Label:
        """What the role answers for."""
        return _DUTIES[self]


_DUTIES = MappingProxyType(
    {
        Role.GOVERNMENT: Label(
            "统一领导, 研究解决困难和问题", "Leads; resolves problems"
        ),
        Role.FINANCE: Label(
            "牵头; 预算衔接; 项目前后预算资金量化对比",
            "Leads; links purchase to the budget; compares costs before and after",
        ),
        Role.COMPETENT: Label(
            "协同本行业的购买服务", "Coordinates its sector's purchases"
        ),
        Role.FUNCTIONAL: Label(
            "作为购买主体履职: 立项、采购、考评",
            "Acts as purchaser: plans, procures and evaluates",
        ),
        Role.SUPERVISION: Label(
            "监督检查、督导考核、问责", "Oversight, inspection and accountability"
        ),
    }
)


class PurchaserKind(BilingualEnum):
    """Kinds of body that may, or may not, buy services (mof-102 Art 5, Art 8)."""

    STATE_ORGAN = Label("国家机关", "State organ")
    CIVIL_SERVICE_MANAGED_INSTITUTION = Label(
        "参照公务员法管理、承担行政职能的事业单位",
        "Public institution managed like the civil service, with administrative duties",
    )
    MASS_ORGANIZATION = Label(
        "使用行政编制的群团组织机关", "Mass organisation with administrative staffing"
    )
    FUNDED_MASS_ORGANIZATION = Label(
        "使用事业编制且由财政拨款保障的群团组织",
        "Mass organisation with institution staffing funded by appropriation",
    )
    PUBLIC_INSTITUTION_CLASS1 = Label(
        "公益一类事业单位", "Public-welfare institution, class 1"
    )
    PUBLIC_INSTITUTION_CLASS2 = Label(
        "公益二类事业单位", "Public-welfare institution, class 2"
    )
    ENTERPRISE = Label("企业", "Enterprise")


class UndertakerKind(BilingualEnum):
    """Kinds of body that may, or may not, deliver services (mof-102 Art 6, Art 8)."""

    ENTERPRISE = Label("依法成立的企业", "Lawfully established enterprise")
    SOCIAL_ORGANIZATION = Label("社会组织", "Social organisation")
    FUNDED_MASS_ORGANIZATION = Label(
        "由财政拨款保障的群团组织",
        "Mass organisation funded by appropriation",
    )
    PUBLIC_INSTITUTION_CLASS1 = Label(
        "公益一类事业单位", "Public-welfare institution, class 1"
    )
    PUBLIC_INSTITUTION_CLASS2 = Label(
        "公益二类事业单位", "Public-welfare institution, class 2"
    )
    BUSINESS_PUBLIC_INSTITUTION = Label(
        "从事生产经营活动的事业单位", "Public institution engaged in business"
    )
    RURAL_COLLECTIVE = Label(
        "农村集体经济组织", "Rural collective economic organisation"
    )
    GRASSROOTS_SELF_GOVERNING = Label(
        "基层群众性自治组织", "Grassroots self-governing body"
    )
    INDIVIDUAL = Label("具备条件的个人", "Qualified individual")
    STATE_ORGAN = Label("国家机关", "State organ")


class SupplierCondition(BilingualEnum):
    """What an undertaker must show (政府采购法 Art 22; mof-102 Art 7)."""

    CIVIL_LIABILITY = Label(
        "具有独立承担民事责任的能力", "Bears civil liability independently"
    )
    REPUTATION_AND_ACCOUNTS = Label(
        "良好的商业信誉和健全的财务会计制度",
        "Good commercial reputation and sound accounts",
    )
    EQUIPMENT_AND_EXPERTISE = Label(
        "具有履行合同所必需的设备和专业技术能力",
        "Equipment and expertise the contract needs",
    )
    TAX_AND_SOCIAL_SECURITY = Label(
        "有依法缴纳税收和社会保障资金的良好记录",
        "Good record of paying tax and social security",
    )
    NO_MAJOR_VIOLATIONS = Label(
        "前三年内在经营活动中没有重大违法记录",
        "No major violation of law in the three years before",
    )


@frozen(repr=False)
class Purchaser:
    """The body that buys the service (购买主体).

    ``department`` groups projects in the responsibility-target assessment
    (`procpolicy.oversight`).
    """

    __repr__ = fields_repr

    name: str = field(validator=non_empty_str)
    department: str = field(validator=non_empty_str)
    kind: PurchaserKind = field(validator=instance(PurchaserKind))


@frozen(repr=False)
class Undertaker:
    """The social force that delivers the service (承接主体)."""

    __repr__ = fields_repr

    name: str = field(validator=non_empty_str)
    kind: UndertakerKind = field(validator=instance(UndertakerKind))
    conditions: frozenset[SupplierCondition] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(SupplierCondition)
    )
    """The Art 22 conditions the undertaker has shown it meets."""
