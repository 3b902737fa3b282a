"""Consistency checks a policy office or a test suite can call.

* `assert_consistent` raises with every defect of a framework.
* `find_conflicts` says which new documents would loosen (or otherwise
  break) a framework, and what.
* `rule_coverage` says which workflow rules a test run saw pass and fail, so
  that a clause no test exercises stands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import field, frozen

from procpolicy._process import STAGE_ORDER
from procpolicy._repr import fields_repr
from procpolicy._validate import tuple_of
from procpolicy.errors import InvalidInput, PolicyInconsistent
from procpolicy.events import Event
from procpolicy.policy import PolicyDocument, PolicyFramework
from procpolicy.rules import RULES, Finding, Violation
from procpolicy.workflow import TRANSITIONS

__all__ = ["RuleCoverage", "assert_consistent", "find_conflicts", "rule_coverage"]


def assert_consistent(framework: PolicyFramework) -> None:
    """Raise when ``framework`` has any defect `PolicyFramework.check` finds.

    Raises:
        PolicyInconsistent: with every finding, one per line of the message
            and all of them in ``.findings``.

    Examples:
        >>> from procpolicy import presets
        >>> assert_consistent(presets.anyang())
        >>> assert_consistent(presets.anyang().without("ay-evaluation"))
        Traceback (most recent call last):
        ...
        procpolicy.errors.PolicyInconsistent: 1 finding(s):
          - [framework.core_roles] no core document fills the role 绩效评价办法 ...
    """
    found = framework.check()
    if found:
        lines = "\n".join(f"  - {f}" for f in found)
        raise PolicyInconsistent(f"{len(found)} finding(s):\n{lines}", found)


def find_conflicts(
    framework: PolicyFramework, documents: Iterable[PolicyDocument]
) -> tuple[Finding, ...]:
    """What adding ``documents`` to ``framework`` would break, and which document.

    The documents are added together; the result is every finding of the
    new framework that the old one does not have: a value looser than a
    higher layer's (``framework.loosening``, naming the document and the
    one it loosens), a supersession across layers, an uncited value, a
    second catalogue version, or a local system left incomplete on some day.

    Raises:
        PolicyInconsistent: when a document's id is already taken.

    Examples:
        >>> from datetime import date
        >>> from procpolicy import Label, Layer, Overrides, presets
        >>> lax = PolicyDocument(id="ay-lax", title=Label("宽松", "Lax"),
        ...     layer=Layer.SUPPORTING, effective=date(2016, 1, 1),
        ...     sets=Overrides(max_contract_years=3),
        ...     articles={"max_contract_years": "§1"})
        >>> [(f.rule.id, f.documents) for f in find_conflicts(presets.anyang(), [lax])]
        [('framework.loosening', ('ay-lax', 'ay-implementation'))]
    """
    before = set(framework.check())
    after = PolicyFramework((*framework.documents, *documents)).check()
    return tuple(f for f in after if f not in before)


@frozen(repr=False)
class RuleCoverage:
    """How often each workflow rule was judged passing and failing.

    Build one with `rule_coverage`.  ``counts`` holds ``(rule id, passed,
    failed)`` for every rule that guards the workflow, in registry order.
    """

    __repr__ = fields_repr

    counts: tuple[tuple[str, int, int], ...] = field(validator=tuple_of(tuple))

    @property
    def passed(self) -> frozenset[str]:
        """Rules seen passing at least once."""
        return frozenset(rule for rule, ok, _ in self.counts if ok)

    @property
    def failed(self) -> frozenset[str]:
        """Rules seen failing at least once."""
        return frozenset(rule for rule, _, bad in self.counts if bad)

    @property
    def untested(self) -> tuple[str, ...]:
        """Rules not seen both passing and failing, in registry order."""
        return tuple(rule for rule, ok, bad in self.counts if not (ok and bad))

    def __str__(self) -> str:
        width = max(len(rule) for rule, _, _ in self.counts)
        lines = [f"{'rule':<{width}}  passed  failed"]
        lines += [
            f"{rule:<{width}}  {ok:>6}  {bad:>6}"
            + ("  ← untested" if not (ok and bad) else "")
            for rule, ok, bad in self.counts
        ]
        return "\n".join(lines)


_JUDGED = {t.event: (STAGE_ORDER.id, *(r.id for r in t.rules)) for t in TRANSITIONS}
_WORKFLOW_RULES = tuple(
    r for r in RULES.ids() if any(r in ids for ids in _JUDGED.values())
)


def rule_coverage(
    results: Iterable[tuple[Event, Sequence[Violation]]],
) -> RuleCoverage:
    """Which workflow rules ``results`` exercised, passing and failing.

    ``results`` are ``(event, violations)`` pairs, as `Workflow.check` gives
    them (`WorkflowMachine` records them in its ``record``).  A rule passes
    when it judges an event and is not among its violations.

    Raises:
        InvalidInput: for a result that is not an event and its violations.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import events
        >>> coverage = rule_coverage([(events.Retendered(at=datetime(2016, 1, 1)), ())])
        >>> sorted(coverage.passed)
        ['history.chronology', 'stage.order']
        >>> "tender.period" in coverage.untested
        True
    """
    passed = dict.fromkeys(_WORKFLOW_RULES, 0)
    failed = dict.fromkeys(_WORKFLOW_RULES, 0)
    for index, result in enumerate(results):
        if not _is_result(result):
            raise InvalidInput(
                f"rule_coverage: results[{index}] must be an (event, violations) "
                f"pair, not {result!r}"
            )
        event, found = result
        broken = {v.rule.id for v in found}
        for rule in _JUDGED.get(type(event), (STAGE_ORDER.id,)):
            if rule in broken:
                failed[rule] += 1
            else:
                passed[rule] += 1
    return RuleCoverage(tuple((r, passed[r], failed[r]) for r in _WORKFLOW_RULES))


def _is_result(value: object) -> bool:
    return (
        isinstance(value, tuple | list)
        and len(value) == 2  # noqa: PLR2004 - a pair
        and isinstance(value[0], Event)
        and isinstance(value[1], tuple | list)
        and all(isinstance(v, Violation) for v in value[1])
    )
