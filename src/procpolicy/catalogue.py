"""What may be bought: the guiding catalogue (指导性目录) and the negative list.

Anyang widened what it buys step by step (先易后难、积极稳妥: easy first, then
hard; active but steady): two pilot items in 2014, seven public-service
categories in 2015, four more in 2016–2017.  A `Catalogue` lists whole
`ServiceCategory` values and single `CatalogueItem` values; the catalogue *in
force* on a day comes from `PolicyFramework.at`.

`Prohibited` is the national negative list (mof-102 Art 10): what may never be
bought, whatever a catalogue says.
"""

from __future__ import annotations

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import frozen_set, instance, non_empty_str, set_of
from procpolicy.labels import BilingualEnum, Label

__all__ = ["Catalogue", "CatalogueItem", "Prohibited", "ServiceCategory"]


class ServiceCategory(BilingualEnum):
    """The eleven categories of public service in Anyang's catalogue.

    The seven of 2015 come first, then the four of 2016–2017; the Chinese
    names are the article's.
    """

    MUNICIPAL_SANITATION = Label("市政环卫", "Municipal sanitation")
    URBAN_AUXILIARY_MANAGEMENT = Label("城市辅助管理", "Urban auxiliary management")
    PUBLIC_SAFETY_AUXILIARY = Label(
        "公共安全辅助管理", "Public-safety auxiliary management"
    )
    WATER_FACILITY_MAINTENANCE = Label("水务设施维护", "Water-facility maintenance")
    PUBLIC_TRAINING = Label("公共培训", "Public training")
    SOCIAL_WORK = Label("社工服务", "Social-work services")
    SOCIAL_WELFARE = Label("社会福利", "Social welfare")
    OFFICE_BUILDING_OPERATION = Label(
        "单位办公楼运行", "Running of unit office buildings"
    )
    INFORMATION_SYSTEMS = Label(
        "信息系统建设运行", "Building and running information systems"
    )
    PUBLIC_CULTURE = Label("公共文化", "Public culture")
    TRAINING = Label("培训", "Training")


class Prohibited(BilingualEnum):
    """The negative list: what may never be bought as a service (mof-102 Art 10).

    Which document introduced each item, and when, is data of the framework:
    ``rules.prohibition_source(item)``.
    """

    NOT_GOVERNMENT_DUTY = Label(
        "不属于政府职责范围的服务事项", "Services outside government duties"
    )
    DIRECT_GOVERNMENT_DUTY = Label(
        "应当由政府直接履职的事项", "Duties the government must perform itself"
    )
    GOODS_OR_WORKS = Label(
        "货物、工程或将工程和服务打包",
        "Goods and works, or works bundled with services",
    )
    FINANCING = Label("融资行为", "Financing")
    STAFFING = Label(
        "购买主体的人员聘用、劳务派遣、公益性岗位",
        "Hiring the purchaser's staff, labour dispatch, public-welfare posts",
    )
    OTHER_BY_LAW = Label(
        "法律、行政法规以及国务院规定不得购买的其他事项",
        "Anything else barred by law or the State Council",
    )


@frozen(repr=False)
class CatalogueItem:
    """One listed service, filed under a category.

    Examples:
        >>> lamps = CatalogueItem(
        ...     "AY-2014-01",
        ...     Label("市区路灯设施日常维护", "Street-lamp maintenance"),
        ...     ServiceCategory.MUNICIPAL_SANITATION,
        ... )
        >>> lamps.category.zh
        '市政环卫'
    """

    __repr__ = fields_repr

    code: str = field(validator=non_empty_str)
    """Code unique within a catalogue."""
    name: Label = field(validator=instance(Label))
    category: ServiceCategory = field(validator=instance(ServiceCategory))


@frozen(repr=False)
class Catalogue:
    """A version of the guiding catalogue: whole categories and single items.

    Examples:
        >>> pilots = Catalogue(items=frozenset({CatalogueItem(
        ...     "AY-2014-01", Label("市区路灯设施日常维护", "Street lamps"),
        ...     ServiceCategory.MUNICIPAL_SANITATION)}))
        >>> pilots.covers(ServiceCategory.MUNICIPAL_SANITATION)
        True
        >>> pilots.covers(ServiceCategory.SOCIAL_WORK)
        False
        >>> pilots.lists_whole(ServiceCategory.MUNICIPAL_SANITATION)
        False
    """

    __repr__ = fields_repr

    categories: frozenset[ServiceCategory] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(ServiceCategory)
    )
    """Categories listed as a whole: any service in them may be bought."""
    items: frozenset[CatalogueItem] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(CatalogueItem)
    )
    """Single services listed (the 2014 pilots, for instance)."""

    def covers(self, what: ServiceCategory | CatalogueItem) -> bool:
        """Whether anything of ``what`` may be bought under this catalogue.

        A category is covered when it is listed whole or one of its items is;
        an item when it is listed or its category is listed whole.
        """
        if isinstance(what, CatalogueItem):
            return what in self.items or what.category in self.categories
        return what in self.categories or any(i.category is what for i in self.items)

    def lists_whole(self, category: ServiceCategory) -> bool:
        """Whether every service of ``category`` is listed, not only some items."""
        return category in self.categories

    def covered_categories(self) -> frozenset[ServiceCategory]:
        """Every category of which something is listed."""
        return self.categories | {item.category for item in self.items}

    def items_of(self, category: ServiceCategory) -> frozenset[CatalogueItem]:
        """The single items listed under ``category``."""
        return frozenset(i for i in self.items if i.category is category)

    def intersection(self, other: Catalogue) -> Catalogue:
        """What both catalogues allow: the catalogue of two layers together."""
        items = {i for i in self.items if other.covers(i)}
        items |= {i for i in other.items if self.covers(i)}
        return Catalogue(self.categories & other.categories, frozenset(items))

    def is_within(self, other: Catalogue) -> bool:
        """Whether everything this catalogue allows, ``other`` allows too."""
        return self.categories <= other.categories and all(
            other.covers(item) for item in self.items
        )

    def describe(self) -> str:
        """One line per listed category or item, in enum order, zh and en."""
        lines = [f"{c.zh} ({c.en})" for c in ServiceCategory if c in self.categories]
        lines += [
            f"{i.name.zh} ({i.name.en}) — {i.category.zh}"
            for i in sorted(self.items, key=lambda i: i.code)
        ]
        return "\n".join(lines)
