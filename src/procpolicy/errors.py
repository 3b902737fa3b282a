"""The exceptions of procpolicy.

Every exception the library raises on purpose derives from `ProcPolicyError`.
Where a builtin fits, it is mixed in, so ``except ValueError`` keeps working
for callers that do not know this library (as Hypothesis does).

An *outcome* of a rule is data (`Violation`, `Finding`); an exception means a
bad definition (`PolicyInconsistent`), bad input at the edge (`InvalidInput`)
or a refused action (`TransitionRefused`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procpolicy.rules import Finding, Violation

__all__ = [
    "InvalidInput",
    "PolicyInconsistent",
    "ProcPolicyError",
    "TransitionRefused",
]


class ProcPolicyError(Exception):
    """Base class of every exception procpolicy raises on purpose."""


class InvalidInput(ProcPolicyError, ValueError):  # noqa: N818 - public contract name
    """Bad data at the edge: a value, payload or argument that cannot be used.

    Attributes:
        messages: one line per problem, each naming the field path
            (``"… @ $.documents[2].effective"`` or ``"Budgeted.amount: …"``).

    Examples:
        >>> err = InvalidInput(["must be a date @ $.effective"])
        >>> err.messages
        ('must be a date @ $.effective',)
        >>> isinstance(err, ValueError)
        True
    """

    messages: tuple[str, ...]

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = (messages,) if isinstance(messages, str) else tuple(messages)
        super().__init__("; ".join(self.messages) or "invalid input")

    @property
    def errors(self) -> tuple[str, ...]:
        """Alias of `messages`, for callers used to cattrs' vocabulary."""
        return self.messages

    def __reduce__(self) -> tuple[type[InvalidInput], tuple[tuple[str, ...]]]:
        return (type(self), (self.messages,))


class PolicyInconsistent(ProcPolicyError, ValueError):  # noqa: N818 - contract name
    """A framework or definition that cannot stand.

    Raised when a framework is built with duplicate document ids, or by
    ``procpolicy.testing.assert_consistent`` with every finding.

    Attributes:
        findings: the findings behind the error (may be empty when the
            problem is structural, e.g. a duplicate id).
    """

    findings: tuple[Finding, ...]

    def __init__(self, message: str, findings: Iterable[Finding] = ()) -> None:
        self.findings = tuple(findings)
        super().__init__(message)

    def __reduce__(
        self,
    ) -> tuple[type[PolicyInconsistent], tuple[str, tuple[Finding, ...]]]:
        return (type(self), (str(self), self.findings))


class TransitionRefused(ProcPolicyError):  # noqa: N818 - public contract name
    """An event the workflow refuses, with every rule it breaks.

    Attributes:
        project: the project, unchanged.
        event: the refused event.
        violations: every violated rule, in registry order; never empty.
    """

    def __init__(
        self, project: object, event: object, violations: Iterable[Violation]
    ) -> None:
        self.project = project
        self.event = event
        self.violations: tuple[Violation, ...] = tuple(violations)
        lines = "\n".join(f"  - {v}" for v in self.violations)
        name = type(event).__name__
        super().__init__(
            f"{name} refused ({len(self.violations)} rule(s) broken):\n{lines}"
        )

    def __reduce__(
        self,
    ) -> tuple[type[TransitionRefused], tuple[object, object, tuple[Violation, ...]]]:
        return (type(self), (self.project, self.event, self.violations))

    def _repr_html_(self) -> str:
        """Every rule the event breaks, as an HTML table."""
        from procpolicy._display import refused_html  # noqa: PLC0415

        return refused_html(self)
