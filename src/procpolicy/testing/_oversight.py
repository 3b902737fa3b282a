"""Strategies for the records of oversight (一落实): inspections, meetings, lines."""

from __future__ import annotations

from hypothesis import strategies as st

from procpolicy._validate import EARLIEST_DAY, LATEST_DAY
from procpolicy.catalogue import CatalogueItem, ServiceCategory
from procpolicy.oversight import (
    Inspection,
    JointMeeting,
    ServiceBudgetLine,
    TargetWeights,
)
from procpolicy.testing._values import catalogue_items, labels

__all__ = ["inspections", "joint_meetings", "service_budget_lines", "target_weights"]

S = st.SearchStrategy

_EDGES = (EARLIEST_DAY, LATEST_DAY)
_DAYS = st.one_of(st.dates(*_EDGES), st.sampled_from(_EDGES))
DEPARTMENTS = st.sampled_from(
    ("城管局", "园林局", "民政局", "财政局", "审计局", "监察局", "Health bureau")
)
"""Department names, the supervision departments among them."""
_IDS = st.builds(
    "{}-{}".format, st.sampled_from(("督查", "联席", "line", "x")), st.integers(0, 999)
)
_PROJECT_IDS = st.builds("AY-{}-{:03d}".format, st.integers(2014, 2030), st.integers())


def inspections(*, departments: S[str] = DEPARTMENTS) -> S[Inspection]:
    """Inspections of a department by another, with findings and projects.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(inspections())
        ... def test_no_self_inspection(check):
        ...     assert check.inspector != check.department
        >>> test_no_self_inspection()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Inspection:
        department = draw(departments)
        inspector = draw(DEPARTMENTS.filter(lambda d: d != department))
        return Inspection(
            id=draw(_IDS),
            at=draw(_DAYS),
            inspector=inspector,
            department=department,
            findings=draw(st.lists(labels(), max_size=3)),
            project_ids=draw(st.lists(_PROJECT_IDS, max_size=3, unique=True)),
        )

    return build()


def joint_meetings(*, departments: S[str] = DEPARTMENTS) -> S[JointMeeting]:
    """Joint meetings of two or more departments, with decisions."""
    return st.builds(
        JointMeeting,
        id=_IDS,
        at=_DAYS,
        departments=st.frozensets(departments, min_size=2, max_size=5),
        decisions=st.lists(labels(), max_size=3),
    )


def service_budget_lines(
    *, departments: S[str] = DEPARTMENTS, years: S[int] | None = None
) -> S[ServiceBudgetLine]:
    """Service budget lines, bought (maybe with a project) or kept in house."""

    @st.composite
    def build(draw: st.DrawFn) -> ServiceBudgetLine:
        category: ServiceCategory = draw(st.sampled_from(ServiceCategory))
        item: CatalogueItem | None = draw(
            st.none() | catalogue_items(category=category)
        )
        bought = draw(st.booleans())
        project = draw(st.none() | _PROJECT_IDS) if bought else None
        year_range = st.integers(_EDGES[0].year, _EDGES[1].year)
        return ServiceBudgetLine(
            id=draw(_IDS),
            department=draw(departments),
            year=draw(years if years is not None else year_range),
            category=category,
            item=item,
            amount=draw(st.decimals(0, 10_000_000, places=2)),
            bought=bought,
            project_id=project,
        )

    return build()


def target_weights() -> S[TargetWeights]:
    """Weights of the responsibility-target score: six parts adding up to 100."""

    @st.composite
    def build(draw: st.DrawFn) -> TargetWeights:
        cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=5, max_size=5)))
        bounds = [0, *cuts, 100]
        parts = [bounds[i + 1] - bounds[i] for i in range(6)]
        names = (
            "disclosure",
            "evaluation",
            "grades",
            "accountability",
            "money",
            "principle",
        )
        return TargetWeights(**dict(zip(names, parts, strict=True)))

    return build()
