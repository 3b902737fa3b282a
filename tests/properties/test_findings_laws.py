"""Laws of a framework's findings and of the caps its rule sets keep consistent.

For any generated framework: no rule set lets an ordinary contract run longer
than a stable one; ``check()`` holds the errors and ``warnings()`` the warnings;
a conflict names two documents of one layer, and is an error exactly when the
value it is about is unordered.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings

import procpolicy as pp
from procpolicy import Layer, Parameters, Strictness, presets
from procpolicy.testing import strategies

FEW = settings(max_examples=max(10, settings().max_examples // 4))
"""For tests that walk every boundary day of a framework."""


def days_of(framework: pp.PolicyFramework) -> list[date]:
    """Every day on which the rules may change, and one before them all."""
    return [date(1950, 1, 1), *framework.boundaries()]


class TestContractCaps:
    @FEW
    @given(strategies.frameworks())
    def test_the_ordinary_cap_never_exceeds_the_stable_one(self, framework):
        """On every day of any framework, max_contract_years ≤ the stable cap."""
        for day in days_of(framework):
            params = framework.at(day).parameters
            assert params.max_contract_years <= params.max_stable_contract_years, day

    @FEW
    @given(strategies.frameworks())
    def test_a_bound_ordinary_cap_cites_what_bound_it(self, framework):
        """The ordinary cap cites a document that set its value, or the default."""
        for day in days_of(framework):
            rules = framework.at(day)
            cite = rules.source("max_contract_years")
            setters = {
                d.id
                for d in rules.documents
                if rules.parameters.max_contract_years
                in (
                    d.sets.get("max_contract_years"),
                    d.sets.get("max_stable_contract_years"),
                )
            }
            assert cite.document in setters | {"procpolicy"}, (day, cite)


class TestSeverities:
    @FEW
    @given(strategies.frameworks())
    def test_check_holds_errors_and_warnings_holds_warnings(self, framework):
        """The two lists split the findings by severity, and share none."""
        errors, warnings = framework.check(), framework.warnings()
        assert all(f.severity is pp.Severity.ERROR for f in errors)
        assert all(f.severity is pp.Severity.WARNING for f in warnings)
        assert not set(errors) & set(warnings)
        assert framework.is_sound() == (errors == ())

    @FEW
    @given(strategies.frameworks(base=presets.anyang(), layer=Layer.SUPPORTING))
    def test_a_conflict_is_an_error_exactly_for_an_unordered_value(self, framework):
        """Each conflict names two documents of one layer; only unordered ones fail."""
        findings = (*framework.check(), *framework.warnings())
        for finding in findings:
            if finding.rule.id != "framework.conflict":
                continue
            first, second = (framework.document(i) for i in finding.documents)
            assert first.layer is second.layer
            (name,) = (
                n for n in Parameters.names() if f" sets {n} = " in finding.message
            )
            unordered = Parameters.strictness(name) is Strictness.UNORDERED
            assert (finding.severity is pp.Severity.ERROR) == unordered
