"""Lower layers only tighten: adding a document never allows what was refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import Layer, Parameters, Strictness, Workflow, presets
from procpolicy.parameters import is_looser
from procpolicy.testing import assert_consistent, find_conflicts, strategies

ANYANG = presets.anyang()
WORKFLOW = Workflow(ANYANG)
HEAVY = settings(max_examples=max(10, settings().max_examples // 4))
"""For tests that walk whole histories: a quarter of the profile's examples."""
FEW = settings(max_examples=max(5, settings().max_examples // 8))
"""For tests that check whole frameworks (every boundary day)."""


def lists_something(framework: pp.PolicyFramework) -> bool:
    """Whether some document of ``framework`` lists a catalogue."""
    return any(d.catalogue is not None for d in framework.documents)


def days_of(framework: pp.PolicyFramework) -> list[date]:
    """Every day on which the rules may change, and one before them all."""
    return [date(2000, 1, 1), *framework.boundaries()]


class TestAddingADocument:
    @HEAVY
    @given(
        strategies.documents(Layer.SUPPORTING, framework=ANYANG),
        strategies.steps(invalid=0.4),
    )
    def test_adding_a_supporting_document_never_allows_a_refused_event(
        self, document, designed
    ):
        """Every rule an event breaks under Anyang it still breaks with the document."""
        tighter = Workflow(ANYANG.with_document(document))
        project = WORKFLOW.start(designed[0].event)
        for step in designed[1:]:
            before = {v.rule.id for v in WORKFLOW.check(project, step.event)}
            after = {v.rule.id for v in tighter.check(project, step.event)}
            assert before <= after, (step.event, before - after)
            if not before:
                project = WORKFLOW.apply(project, step.event)

    @HEAVY
    @given(st.data())
    def test_tightening_holds_on_top_of_any_framework(self, data):
        """On any framework, adding a lower-layer document refuses all it refused."""
        base = data.draw(strategies.frameworks())
        document = data.draw(strategies.documents(Layer.SUPPORTING, framework=base))
        # Narrowed: with no catalogue in force nothing is listed, so the first
        # catalogue opens what it lists (see test_a_first_catalogue_...).
        assume(document.catalogue is None or lists_something(base))
        workflow, tighter = Workflow(base), Workflow(base.with_document(document))
        designed = data.draw(strategies.steps(base, invalid=0.4, max_size=15))
        project = workflow.start(designed[0].event)
        for step in designed[1:]:
            if workflow.check(project, step.event):
                assert tighter.check(project, step.event), step.event
            else:
                project = workflow.apply(project, step.event)

    @FEW
    @given(st.data())
    def test_the_values_in_force_never_loosen(self, data):
        """Each value, the catalogue and the methods in force only tighten."""
        base = data.draw(strategies.frameworks())
        document = data.draw(strategies.documents(Layer.SUPPORTING, framework=base))
        tighter = base.with_document(document)
        for day in days_of(tighter):
            old, new = base.at(day), tighter.at(day)
            for name in Parameters.names():
                if Parameters.strictness(name) is Strictness.UNORDERED:
                    continue
                mine, theirs = new.parameters.get(name), old.parameters.get(name)
                assert not is_looser(name, mine, theirs), (day, name, mine, theirs)
            # Narrowed: on a day with no catalogue in force nothing is listed,
            # and the first catalogue opens what it lists.
            if any(d.catalogue is not None for d in old.documents):
                assert new.catalogue.is_within(old.catalogue), day
            assert new.methods <= old.methods, day

    def test_a_document_named_like_a_national_one_creates_no_method(self):
        """A supporting document with the id 'mof-110' opens no framework agreement.

        Methods exist from the national document that created them; a local
        document that happens to share the id must not bring one into force.
        """
        base = ANYANG.without("mof-110")
        namesake = pp.PolicyDocument(
            id="mof-110",
            title=pp.Label("本地通知", "A local notice"),
            layer=Layer.SUPPORTING,
            effective=date(2014, 1, 1),
        )
        day = date(2023, 1, 1)
        assert pp.Method.FRAMEWORK_AGREEMENT not in base.at(day).methods
        assert (
            pp.Method.FRAMEWORK_AGREEMENT
            not in base.with_document(namesake).at(day).methods
        )


class TestTighteningDocuments:
    @FEW
    @given(strategies.documents(Layer.SUPPORTING, framework=ANYANG, tightening=True))
    def test_a_tightening_document_conflicts_with_nothing(self, document):
        """A document no looser than Anyang anywhere brings no finding."""
        assert find_conflicts(ANYANG, [document]) == ()
        assert_consistent(ANYANG.with_document(document))

    @FEW
    @given(strategies.frameworks(sound=True, min_size=1))
    def test_sound_frameworks_pass_their_check(self, framework):
        """``frameworks(sound=True)`` adds documents without a defect."""
        assert framework.check() == ()

    @FEW
    @given(strategies.documents(Layer.SUPPORTING, framework=ANYANG))
    def test_every_conflict_is_new_and_every_loosening_names_the_document(
        self, document
    ):
        """Conflicts are findings Anyang lacks; a loosening names the document."""
        own = set(ANYANG.check())
        for finding in find_conflicts(ANYANG, [document]):
            assert finding not in own
            assert pp.RULES[finding.rule.id] == finding.rule
            if finding.rule.id == "framework.loosening":
                assert finding.documents[0] == document.id


class TestLooseningIsReported:
    @FEW
    @given(st.integers(2, 5), st.dates(date(2014, 1, 1), date(2025, 1, 1)))
    def test_a_longer_contract_term_is_a_conflict_and_stays_refused(self, years, day):
        """A document allowing longer contracts is reported and changes nothing."""
        lax = pp.PolicyDocument(
            id="ay-lax",
            title=pp.Label("宽松", "Lax"),
            layer=Layer.SUPPORTING,
            effective=day,
            sets=pp.Overrides(max_contract_years=years),
            articles={"max_contract_years": "§1"},
        )
        found = find_conflicts(ANYANG, [lax])
        assert [f.rule.id for f in found] == ["framework.loosening"]
        assert ANYANG.with_document(lax).at(day).parameters.max_contract_years == 1
        assert Decimal(ANYANG.at(day).parameters.max_contract_years) == 1
        assert datetime.combine(day, datetime.min.time()) >= datetime(2014, 1, 1)
