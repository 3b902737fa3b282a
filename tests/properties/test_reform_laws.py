"""The laws of reforms and frozen rules: before, from, sound, composed, frozen."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy.portfolio import Reform
from procpolicy.testing import strategies

FEW = settings(max_examples=max(5, settings().max_examples // 2))
"""For tests that resolve whole frameworks day by day."""
ANY_DAY = st.dates(date(1960, 1, 1), date(2199, 12, 31))
"""Any day a question may be asked about (the frozen rules hold from 1949-10)."""


def days_of(framework: pp.PolicyFramework, *more: date) -> list[date]:
    """Every day the rules may change, one before them all, and ``more``."""
    return sorted({date(1990, 1, 1), *framework.boundaries(), *more})


def same(a: pp.RuleSet, b: pp.RuleSet) -> bool:
    """Equal parameters, catalogue, methods, citations and documents (by id)."""
    return (
        a.parameters == b.parameters
        and a.catalogue == b.catalogue
        and a.methods == b.methods
        and a.sources == b.sources
        and sorted(d.id for d in a.documents) == sorted(d.id for d in b.documents)
    )


@st.composite
def reformed(
    draw: st.DrawFn, *, sound: bool = False, plain: bool = False
) -> tuple[pp.PolicyFramework, Reform, pp.PolicyFramework]:
    """A framework, a reform of it, and the reformed framework.

    ``plain``: the reform only sets parameters (nothing removed or added).
    """
    fw = draw(strategies.frameworks(sound=sound))
    reform = draw(strategies.reforms(fw, sound=sound or plain))
    if plain:
        reform = Reform(
            id=reform.id,
            title=reform.title,
            effective=reform.effective,
            sets=reform.sets,
        )
    return fw, reform, reform.apply(fw)


class TestReformLaws:
    @FEW
    @given(reformed())
    def test_before_the_reform_nothing_changes(self, case) -> None:
        """Every day before ``effective``: the rules and citations of the framework."""
        fw, reform, after = case
        for day in days_of(fw, reform.effective - timedelta(days=1)):
            if day < reform.effective:
                assert same(fw.at(day), after.at(day)), day

    @FEW
    @given(reformed())
    def test_from_the_reform_on_its_values_hold(self, case) -> None:
        """Every day from ``effective``, later documents too: exactly its values."""
        _, reform, after = case
        for day in days_of(after, reform.effective, date(2199, 12, 31)):
            if day >= reform.effective:
                params = after.at(day).parameters
                for name, value in reform.sets:
                    assert params.get(name) == value, (name, day)

    @FEW
    @given(reformed(plain=True))
    def test_values_it_does_not_set_do_not_change(self, case) -> None:
        """A reform that only sets parameters leaves the others as they were."""
        fw, reform, after = case
        for day in days_of(after, reform.effective):
            mine, theirs = fw.at(day).parameters, after.at(day).parameters
            for name in pp.Parameters.names():
                if name not in reform.sets:
                    assert mine.get(name) == theirs.get(name), (name, day)
            if "excluded_methods" not in reform.sets:
                assert fw.at(day).methods == after.at(day).methods, day
            assert fw.at(day).catalogue == after.at(day).catalogue, day

    @FEW
    @given(reformed(plain=True))
    def test_the_diff_shows_exactly_its_changes(self, case) -> None:
        """From ``effective``: its values that moved, documents in and out."""
        fw, reform, after = case
        for day in days_of(after, reform.effective):
            if day < reform.effective:
                continue
            changes = fw.at(day).diff(after.at(day))
            moved = {c.name for c in changes if c.kind == "parameter"}
            expected = {
                name
                for name, value in reform.sets
                if fw.at(day).parameters.get(name) != value
            }
            assert moved == expected, day
            # Methods change only with the methods a reform excludes.
            kinds = {"parameter", "document"}
            if "excluded_methods" in reform.sets:
                kinds.add("method")
            assert {c.kind for c in changes} <= kinds

    @FEW
    @given(reformed(sound=True))
    def test_a_sound_framework_stays_sound(self, case) -> None:
        """No error appears: every written document agrees with the others."""
        fw, _, after = case
        assume(fw.check() == ())
        assert after.check() == ()

    @FEW
    @given(st.data())
    def test_reforms_compose(self, data) -> None:
        """``b.apply(a.apply(fw))``: b's values from its date, a's from its own."""
        fw = data.draw(strategies.frameworks())
        a = data.draw(strategies.reforms(fw, sound=True))
        drawn = data.draw(strategies.reforms(fw, sound=True))
        # b only sets values: an added document may tighten a's values.
        b = Reform(
            id=drawn.id, title=drawn.title, effective=drawn.effective, sets=drawn.sets
        )
        assume(a.id != b.id)
        once = a.apply(fw)
        both = b.apply(once)
        for day in days_of(both, a.effective, b.effective):
            params = both.at(day).parameters
            for name in pp.Parameters.names():
                if name in b.sets and day >= b.effective:
                    assert params.get(name) == b.sets.get(name), (name, day)
                elif name in a.sets and day >= a.effective:
                    assert params.get(name) == a.sets.get(name), (name, day)
            if day < min(a.effective, b.effective):
                assert same(fw.at(day), both.at(day)), day


class TestFrozenLaws:
    @FEW
    @given(st.data())
    def test_frozen_rules_are_those_of_the_day_on_any_day(self, data) -> None:
        """``frozen_at(d).at(x)``: the parameters, catalogue and methods of ``d``."""
        fw = data.draw(strategies.frameworks())
        day = data.draw(st.sampled_from(days_of(fw)) | ANY_DAY)
        frozen = fw.frozen_at(day)
        then = fw.at(day)
        for x in (*data.draw(st.lists(ANY_DAY, min_size=1, max_size=3)), day):
            now = frozen.at(x)
            assert now.parameters == then.parameters
            assert now.catalogue == then.catalogue
            assert now.methods == then.methods
            assert sorted(d.id for d in now.documents) == sorted(
                d.id for d in then.documents
            )

    @FEW
    @given(strategies.frameworks(sound=True), ANY_DAY)
    def test_a_sound_framework_freezes_sound(self, fw, day) -> None:
        """Frozen, a sound framework has no error."""
        assume(fw.check() == ())
        assert fw.frozen_at(day).check() == ()
