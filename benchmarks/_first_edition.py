"""Judge only what the first edition judged: the (event, rule) pairs of ``a5825d8``.

The second edition added checks to the lifecycle (a response deadline, the
contract's publication, the evaluation's weights and targets, the cost
comparison …).  To price the machinery alone (dispatch, the fold, judgements
and their undetermined results) for the same law, a benchmark child calls
`restrict` before timing: the workflow of a second-edition tree then runs the
twenty checks the first edition ran on a lifecycle, and no others.  Only for
trees of the second edition (``procpolicy.workflow._PLAN`` pairs each guard
with its declaration).
"""

from __future__ import annotations

FIRST_EDITION: dict[str, frozenset[str]] = {
    "Budgeted": frozenset(
        {
            "catalogue.listed",
            "catalogue.prohibited",
            "purchaser.eligible",
            "budget.separate_line",
            "budget.targets",
        }
    ),
    "ProcurementStarted": frozenset({"disclosure.complete", "method.permitted"}),
    "Awarded": frozenset(
        {
            "tender.period",
            "tender.bidders",
            "undertaker.eligible",
            "award.within_budget",
        }
    ),
    "Contracted": frozenset(
        {"contract.deadline", "contract.term", "contract.within_budget"}
    ),
    "Supervised": frozenset({"supervision.within_term"}),
    "Evaluated": frozenset({"evaluation.evaluator", "evaluation.consistent"}),
    "Settled": frozenset({"settlement.evaluated", "settlement.payment"}),
    "Renewed": frozenset({"renewal.grade", "renewal.term_cap"}),
    "Closed": frozenset({"closure.accountability"}),
}
"""Per event class name, the rules the first edition's guard table ran on it
(``procpolicy/_guards.py`` at ``a5825d8``)."""


def restrict() -> None:
    """Make the workflow judge only `FIRST_EDITION`'s pairs (in this process)."""
    from procpolicy import workflow

    plan = workflow._PLAN  # noqa: SLF001 - a benchmark's deliberate surgery
    for kind, (sources, pairs) in list(plan.items()):
        keep = FIRST_EDITION.get(kind.__name__, frozenset())
        plan[kind] = (sources, tuple(p for p in pairs if p[1].rule.id in keep))
