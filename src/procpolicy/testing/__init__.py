"""A kit for testing rules: Hypothesis strategies, a state machine, checks.

Install the ``testing`` extra (``pip install procpolicy[testing]``) for
Hypothesis.  See ``docs/testing.md`` ("Testing your rules").

* `strategies`: a strategy for every public value, and designed histories.
* `WorkflowMachine`: a stateful test of the workflow under any framework.
* `assert_consistent`, `find_conflicts`, `rule_coverage`: checks to call.
"""

from procpolicy.testing import strategies
from procpolicy.testing._consistency import (
    RuleCoverage,
    assert_consistent,
    find_conflicts,
    rule_coverage,
)
from procpolicy.testing._driver import Step
from procpolicy.testing._machine import WorkflowMachine

__all__ = [
    "RuleCoverage",
    "Step",
    "WorkflowMachine",
    "assert_consistent",
    "find_conflicts",
    "rule_coverage",
    "strategies",
]
