"""The history of one value: stretches of days, each with its value and source.

Behind `PolicyFramework.timeline` (OpenFisca's ``values_list``): instead of
looping over `PolicyFramework.boundaries` by hand, ask for the stretches.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from attrs import frozen

from procpolicy._repr import fields_repr
from procpolicy.errors import InvalidInput
from procpolicy.rules import Citation, Provenance

if TYPE_CHECKING:
    from procpolicy.policy import PolicyFramework

__all__ = ["Stretch", "timeline"]


@frozen(kw_only=True, repr=False)
class Stretch:
    """A stretch of days over which one value stays the same, with its source.

    ``start`` is the first day (``None``: from the earliest day, before any
    document) and ``end`` the last day, inclusive (``None``: still in force).
    ``value`` is the parameter's value, or the `Catalogue` for
    ``"catalogue"``; ``citation`` is the document and article that set it
    (the unregulated default when none does) and ``provenance`` how sure it
    is.
    """

    __repr__ = fields_repr

    start: date | None
    end: date | None
    value: object
    citation: Citation
    provenance: Provenance

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls within the stretch.

        Examples:
            >>> from procpolicy.rules import Citation
            >>> s = Stretch(start=date(2014, 1, 1), end=None, value=1,
            ...     citation=Citation("x"), provenance=Provenance.TEXT)
            >>> s.covers(date(2013, 12, 31)), s.covers(date(2030, 1, 1))
            (False, True)
        """
        return (self.start is None or self.start <= day) and (
            self.end is None or day <= self.end
        )

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} – {end}: {self.value} ({self.citation})"


def timeline(framework: PolicyFramework, name: str) -> tuple[Stretch, ...]:
    """Each stretch of days with its value of ``name``, oldest first.

    ``name`` is a parameter name or ``"catalogue"``.  Neighbouring stretches
    with the same value and the same citation are merged, so a new document
    that restates a value starts a new stretch only when it is the one
    cited.  For any day ``d``, the stretch that covers ``d`` holds
    ``framework.at(d)``'s value.

    Raises:
        InvalidInput: for a name that is neither a parameter nor
            ``"catalogue"``.
    """
    from procpolicy.parameters import Parameters  # noqa: PLC0415 - light import

    given: object = name
    if not isinstance(given, str) or (
        given != "catalogue" and given not in Parameters.names()
    ):
        raise InvalidInput(
            f"timeline: {given!r} is neither a parameter name (see "
            "`Parameters.names()`) nor 'catalogue'"
        )
    starts: list[date | None] = [None, *framework.boundaries()]
    found: list[Stretch] = []
    for index, start in enumerate(starts):
        rules = framework.at(start or date.min)
        nxt = starts[index + 1] if index + 1 < len(starts) else None
        end = nxt - timedelta(days=1) if nxt is not None else None
        value = rules.catalogue if name == "catalogue" else rules.parameters.get(name)
        cite = rules.source(name)
        last = found[-1] if found else None
        if last is not None and last.value == value and last.citation == cite:
            found[-1] = Stretch(
                start=last.start,
                end=end,
                value=value,
                citation=cite,
                provenance=cite.provenance,
            )
            continue
        found.append(
            Stretch(
                start=start,
                end=end,
                value=value,
                citation=cite,
                provenance=cite.provenance,
            )
        )
    return tuple(found)
