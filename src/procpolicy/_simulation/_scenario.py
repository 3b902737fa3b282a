"""`Scenario`: everything a simulation run needs besides its seed."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import (
    decimal_in,
    instance,
    non_empty_str,
    optional,
    ratio,
    to_decimal,
    tuple_of,
    whole,
)
from procpolicy.errors import InvalidInput
from procpolicy.parties import Purchaser
from procpolicy.policy import PolicyFramework

from ._model import Lapses, ProjectTemplate, Triangular, UndertakerType, as_tuple
from ._rollout import ANYANG_DEPARTMENTS, ANYANG_TEMPLATES, ANYANG_UNDERTAKERS

__all__ = ["Scenario", "anyang_rollout"]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _default_framework() -> PolicyFramework:
    from procpolicy.presets import anyang  # noqa: PLC0415 - presets import this package

    return anyang()


def _years(value: object) -> object:
    if isinstance(value, range | list):
        return tuple(value)
    return value


def _consecutive(inst: object, attribute: Any, value: Any) -> None:
    tuple_of(int)(inst, attribute, value)
    if not value or any(isinstance(y, bool) for y in value):
        raise InvalidInput(
            f"Scenario.years: must be one or more years (ints), got {value!r}"
        )
    if list(value) != list(range(value[0], value[0] + len(value))):
        raise InvalidInput(
            f"Scenario.years: must be consecutive and increasing, got {value!r}; "
            "pass range(first, last + 1)"
        )


_HUNDRED = Decimal(100)
_noise = decimal_in(Decimal(0), _HUNDRED)


@frozen(kw_only=True, repr=False)
class Scenario:
    """A seeded simulation's world: rules, years, purchasers, projects, undertakers.

    Every field has the value of `anyang_rollout`; every number in it is an
    assumption (`procpolicy.simulation.ASSUMPTIONS`) and may be overridden
    with `attrs.evolve` or the ``with_*`` methods.

    Raises:
        InvalidInput: naming the field, for a value of the wrong type or
            range, years that are not consecutive, two purchasers of one
            department, or a template whose department has no purchaser.

    Examples:
        >>> Scenario().years
        (2014, 2015, 2016, 2017)
        >>> Scenario(years=(2015, 2017))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Scenario.years: must be consecutive ...
    """

    __repr__ = fields_repr

    framework: PolicyFramework = field(
        factory=_default_framework, validator=instance(PolicyFramework)
    )
    """The rules every event is judged by (``presets.anyang()`` by default)."""
    years: tuple[int, ...] = field(
        default=(2014, 2015, 2016, 2017), converter=_years, validator=_consecutive
    )
    """Consecutive contract years to simulate."""
    departments: tuple[Purchaser, ...] = field(
        default=ANYANG_DEPARTMENTS, converter=as_tuple, validator=tuple_of(Purchaser)
    )
    """The purchasers (购买主体), one per ``department``."""
    templates: tuple[ProjectTemplate, ...] = field(
        default=ANYANG_TEMPLATES,
        converter=as_tuple,
        validator=tuple_of(ProjectTemplate),
    )
    """What the departments buy, from which year, how many, at what budget."""
    undertakers: tuple[UndertakerType, ...] = field(
        default=ANYANG_UNDERTAKERS,
        converter=as_tuple,
        validator=tuple_of(UndertakerType),
    )
    """The undertaker pool (承接主体): kinds, counts, quality."""
    award_ratio: Triangular = field(
        default=Triangular("0.85", "0.93", "1.00"), validator=instance(Triangular)
    )
    """The award as a share of the budget (at most 1: within budget)."""
    internal_leniency: Decimal = field(
        default=Decimal(3),
        converter=to_decimal,
        validator=decimal_in(-_HUNDRED, _HUNDRED),
    )
    """Points the purchaser's own scores run above a neutral evaluator's."""
    supervision_noise: Decimal = field(
        default=Decimal(6), converter=to_decimal, validator=_noise
    )
    """Standard deviation of one daily score around the undertaker's quality."""
    third_party_noise: Decimal = field(
        default=Decimal(4), converter=to_decimal, validator=_noise
    )
    """Standard deviation of a third party's score around the quality."""
    third_party_fee: Decimal = field(
        default=Decimal("0.02"), converter=to_decimal, validator=ratio
    )
    """Cost of a third-party evaluation, as a share of the contract amount."""
    renewal_rate: Decimal = field(
        default=Decimal("0.85"), converter=to_decimal, validator=ratio
    )
    """Chance a purchaser renews a contract the rules let it renew."""
    incumbent_advantage: Decimal = field(
        default=Decimal("0.6"), converter=to_decimal, validator=ratio
    )
    """Chance an incumbent with re-tender priority wins the re-tender."""
    lapses: Lapses = field(factory=Lapses, validator=instance(Lapses))
    """How often a purchaser's first attempt breaks a rule."""
    supervision_interval_months: int | None = field(
        default=None, validator=optional(whole(1))
    )
    """Months between daily evaluations; None follows the framework."""
    inspections_per_year: int = field(default=1, validator=whole(0, 12))
    """Inspections (督导检查) of each department with a project, a year (ASSUMED)."""
    joint_meetings_per_year: int = field(default=1, validator=whole(0, 12))
    """Joint meetings (联席会议) the leading group convenes a year (ASSUMED)."""
    inspector: str = field(default="审计局", validator=non_empty_str)
    """The supervision department that inspects (监督部门; ASSUMED: the audit
    bureau — the article names none)."""
    in_house_share: Decimal = field(
        default=Decimal("0.10"), converter=to_decimal, validator=ratio
    )
    """Chance that, beside a purchase, the department kept a like service in
    house, against "原则上都要向社会购买" (ASSUMED)."""

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        names = [p.department for p in self.departments]
        problems += [
            f"Scenario.departments: two purchasers for department {name!r}"
            for name in sorted({n for n in names if names.count(n) > 1})
        ]
        problems += [
            f"Scenario.templates: {t.code!r} names department {t.department!r}, "
            "which has no purchaser in Scenario.departments"
            for t in self.templates
            if t.department not in names
        ]
        codes = [t.code for t in self.templates]
        problems += [
            f"Scenario.templates: two templates have the code {code!r}"
            for code in sorted({c for c in codes if codes.count(c) > 1})
        ]
        kinds = {u.kind for u in self.undertakers}
        problems += [
            f"Scenario.templates: {t.code!r} is bid for by kinds no undertaker of "
            "Scenario.undertakers has; add one or widen ProjectTemplate.kinds"
            for t in self.templates
            if not t.kinds & kinds
        ]
        if self.inspector in names:
            problems.append(
                f"Scenario.inspector: {self.inspector!r} is a purchasing department; "
                "a supervision department inspects the others, not itself"
            )
        if self.award_ratio.high > 1:
            problems.append(
                f"Scenario.award_ratio: at most 1 (an award within budget), got high "
                f"{self.award_ratio.high}"
            )
        if problems:
            raise InvalidInput(problems)

    def with_framework(self, framework: PolicyFramework) -> Scenario:
        """The same scenario under other rules: the what-if of a policy change.

        Examples:
            >>> from procpolicy import presets
            >>> Scenario().with_framework(presets.national()).framework.check()
            ()
        """
        return attrs.evolve(self, framework=framework)

    def with_years(self, years: Iterable[int]) -> Scenario:
        """The same scenario over other years (``range(first, last + 1)``).

        Examples:
            >>> Scenario().with_years(range(2014, 2021)).years[-1]
            2020
        """
        return attrs.evolve(self, years=tuple(years))

    def scaled(self, factor: int) -> Scenario:
        """The scenario with ``factor`` times as many projects of every template.

        Raises:
            InvalidInput: when ``factor`` is not an int of at least 1.

        Examples:
            >>> Scenario().scaled(10).templates[0].count
            20
        """
        if not _is_count(factor):
            raise InvalidInput(
                f"Scenario.scaled: factor must be an int of at least 1, got {factor!r}"
            )
        return attrs.evolve(
            self,
            templates=tuple(
                attrs.evolve(
                    t, count=t.count * factor, added_per_year=t.added_per_year * factor
                )
                for t in self.templates
            ),
        )

    def project_count(self) -> int:
        """How many projects a run starts over the years (the ``total`` of progress).

        Examples:
            >>> Scenario().with_years([2014]).project_count()
            5
        """
        return sum(t.projects_starting(y) for y in self.years for t in self.templates)


def anyang_rollout() -> Scenario:
    """Anyang's rollout of 2014–2017 under ``presets.anyang()``.

    2014: the two pilot items (street lamps; parks); 2015: the seven
    public-service categories, social assistance among them; 2016–2017:
    office buildings, information systems, public culture, training, and the
    separate budget line.  Every figure is an assumption (``ASSUMPTIONS``).

    Examples:
        >>> scenario = anyang_rollout()
        >>> [t.code for t in scenario.templates if t.start == 2014]
        ['lamps', 'parks']
        >>> len({t.category for t in scenario.templates if t.start == 2015})
        7
    """
    return Scenario()
