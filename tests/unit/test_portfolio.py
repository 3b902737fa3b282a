"""What if: reforms of a framework (`procpolicy.portfolio.Reform`) and frozen rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import presets
from procpolicy.portfolio import Reform
from tests._lifecycle import BUYER, TARGETS

FW = presets.anyang()
HALVED = Reform(
    id="halved-2016",
    title=pp.Label("公开招标数额标准减半", "Open-tender threshold halved"),
    effective=date(2016, 1, 1),
    sets=pp.Overrides(open_tender_threshold=Decimal(1_000_000)),
)
DOUBLED = Reform(
    id="doubled-2016",
    title=pp.Label("公开招标数额标准翻倍", "Open-tender threshold doubled"),
    effective=date(2016, 1, 1),
    sets=pp.Overrides(open_tender_threshold=Decimal(4_000_000)),
)


def reform(**fields: Any) -> Reform:
    """A reform from 2016 with an id and title, and ``fields``."""
    values: dict[str, Any] = {
        "id": "what-if",
        "title": pp.Label("改革假设", "A what-if"),
        "effective": date(2016, 1, 1),
    }
    return Reform(**{**values, **fields})


def supporting(doc_id: str, effective: date, **values: Any) -> pp.PolicyDocument:
    """A supporting (N) document that sets ``values``, citing each."""
    return pp.PolicyDocument(
        id=doc_id,
        title=pp.Label("假设文件", "A what-if document"),
        layer=pp.Layer.SUPPORTING,
        effective=effective,
        sets=pp.Overrides(**values),
        articles=dict.fromkeys(values, "§1"),
    )


def consultation(year: int, amount: int) -> tuple[E.Event, ...]:
    """A street-cleaning purchase of ``amount`` by competitive consultation."""
    at = datetime(year, 3, 2, 9)
    return (
        E.Drafted(
            at=at,
            project_id=f"AY-{year}-021",
            title="道路保洁 Street cleaning",
            purchaser=BUYER,
            category=pp.ServiceCategory.MUNICIPAL_SANITATION,
        ),
        E.Budgeted(
            at=at + timedelta(days=1),
            amount=Decimal(amount),
            separate_line=True,
            targets=TARGETS,
        ),
        E.Disclosed(at=at + timedelta(days=2), items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(
            at=at + timedelta(days=3), method=pp.Method.COMPETITIVE_CONSULTATION
        ),
    )


def refused_rules(fw: pp.PolicyFramework, history: tuple[E.Event, ...]) -> set[str]:
    """The rule ids the last event of ``history`` breaks under ``fw``."""
    wf = pp.Workflow(fw)
    project = wf.replay(history[:-1])
    return {v.rule.id for v in wf.check(project, history[-1])}


def same_rules(a: pp.RuleSet, b: pp.RuleSet) -> bool:
    """Equal parameters, catalogue, methods, citations and documents (by id)."""
    return (
        a.parameters == b.parameters
        and a.catalogue == b.catalogue
        and a.methods == b.methods
        and a.sources == b.sources
        and sorted(d.id for d in a.documents) == sorted(d.id for d in b.documents)
    )


class TestTheHalvedThreshold:
    def test_a_consultation_of_one_and_a_half_million_is_refused_from_2016(
        self,
    ) -> None:
        """Under the halved threshold consultation is no longer permitted."""
        assert "method.permitted" in refused_rules(
            HALVED.apply(FW), consultation(2016, 1_500_000)
        )
        assert not refused_rules(FW, consultation(2016, 1_500_000))

    def test_before_the_date_the_same_purchase_is_allowed(self) -> None:
        """In 2015 the reform is not yet law: nothing changes."""
        assert not refused_rules(HALVED.apply(FW), consultation(2015, 1_500_000))

    def test_the_reformed_framework_is_sound_and_cites_the_reform(self) -> None:
        """No error, no warning; the value cites the document the reform wrote."""
        reformed = HALVED.apply(FW)
        assert reformed.check() == ()
        assert reformed.warnings() == FW.warnings()
        cite = reformed.at(date(2016, 6, 1)).source("open_tender_threshold")
        assert cite.document == "ay-implementation.halved-2016"
        assert cite.provenance is pp.Provenance.ASSUMED

    def test_nothing_changes_before_the_reform(self) -> None:
        """Every stretch before 2016 has the rules it had, citations included."""
        reformed = HALVED.apply(FW)
        for day in (date(2013, 12, 31), *FW.boundaries()):
            if day < HALVED.effective:
                assert same_rules(FW.at(day), reformed.at(day)), day

    def test_the_value_holds_on_every_day_from_the_reform_on(self) -> None:
        """2016, 2020 (mof-102 in force), 2030: one million."""
        reformed = HALVED.apply(FW)
        for day in (date(2016, 1, 1), date(2020, 3, 1), date(2030, 1, 1)):
            threshold = reformed.at(day).parameters.open_tender_threshold
            assert threshold == Decimal(1_000_000)

    def test_the_written_document_is_an_assumed_copy_of_the_superseded_one(
        self,
    ) -> None:
        """Same layer and values; it supersedes the original and names the reform."""
        reformed = HALVED.apply(FW)
        original = reformed.document("ay-implementation")
        written = reformed.document("ay-implementation.halved-2016")
        assert original == FW.document("ay-implementation")
        assert written.supersedes == "ay-implementation"
        assert written.layer is original.layer
        assert written.effective == date(2016, 1, 1)
        assert written.provenance is pp.Provenance.ASSUMED
        assert not written.verified
        assert "halved-2016" in written.title.en
        assert "halved-2016" in written.title.zh
        assert "halved-2016" in (written.assumption("open_tender_threshold") or "")
        assert "halved-2016" in (written.assumption("effective") or "")
        for name, value in original.sets:
            if name != "open_tender_threshold":
                assert written.sets.get(name) == value
                assert written.article(name) == original.article(name)

    def test_the_diff_shows_the_value_and_the_documents_that_changed(self) -> None:
        """One parameter; the superseded document leaves, its successor enters."""
        day = date(2017, 6, 1)
        changes = FW.at(day).diff(HALVED.apply(FW).at(day))
        assert [str(c) for c in changes] == [
            "parameter open_tender_threshold: 2000000 → 1000000",
            "document ay-implementation: in force → not in force",
            "document ay-implementation.halved-2016: not in force → in force",
        ]


class TestALoosening:
    def test_the_doubled_threshold_holds(self) -> None:
        """A looser value is law from its date, not clamped back."""
        reformed = DOUBLED.apply(FW)
        assert reformed.check() == ()
        assert reformed.at(date(2016, 1, 1)).parameters.open_tender_threshold == (
            Decimal(4_000_000)
        )
        assert not refused_rules(reformed, consultation(2016, 3_000_000))
        assert "method.permitted" in refused_rules(FW, consultation(2016, 3_000_000))
        assert "method.permitted" in refused_rules(
            reformed, consultation(2015, 3_000_000)
        )

    def test_a_document_taking_effect_later_does_not_undo_it(self) -> None:
        """A stricter 2018 document and a 2019 measure superseding the 1: 4 million."""
        measure = attrs.evolve(
            FW.document("ay-implementation"),
            id="ay-implementation-2019",
            effective=date(2019, 1, 1),
            supersedes="ay-implementation",
            sets=pp.Overrides(
                **{
                    **FW.document("ay-implementation").sets.as_dict(),
                    "open_tender_threshold": Decimal(3_000_000),
                }
            ),
        )
        later = FW.with_document(
            supporting(
                "ay-strict-2018", date(2018, 1, 1), open_tender_threshold=500_000
            )
        ).with_document(measure)
        assert later.check() == ()
        reformed = DOUBLED.apply(later)
        assert reformed.check() == ()
        for day in (date(2016, 1, 1), date(2018, 1, 1), date(2019, 1, 1)):
            threshold = reformed.at(day).parameters.open_tender_threshold
            assert threshold == Decimal(4_000_000), day
        assert not reformed.at(date(2018, 6, 1)).is_in_force("ay-strict-2018")
        assert reformed.at(date(2018, 6, 1)).is_in_force("ay-strict-2018.doubled-2016")
        first = reformed.document("ay-implementation.doubled-2016")
        assert first.expires == date(2018, 12, 31)
        other = reformed.at(date(2019, 6, 1)).parameters
        assert (
            other.max_contract_years
            == later.at(date(2019, 6, 1)).parameters.max_contract_years
        )


class TestMethodsAndLineage:
    def test_a_reformed_consultation_rule_keeps_competitive_consultation(self) -> None:
        """ck-2014-214 and ck-2015-124 superseded, not dropped: the method stays."""
        three = reform(
            effective=date(2015, 1, 1), sets={"min_consultation_suppliers": 3}
        )
        reformed = three.apply(FW)
        assert reformed.check() == ()
        for day in (date(2015, 1, 1), date(2015, 7, 1), date(2021, 1, 1)):
            rules = reformed.at(day)
            assert rules.methods == FW.at(day).methods, day
            assert pp.Method.COMPETITIVE_CONSULTATION in rules.methods
            assert rules.parameters.min_consultation_suppliers == 3
        early = reformed.document("ck-2014-214.what-if")
        assert early.expires == date(2015, 6, 29)

    def test_no_reform_of_any_parameter_drops_a_method(self) -> None:
        """Reforming each value the presets set keeps the methods of every day."""
        for name in sorted({n for d in FW for n in d.sets.names()}):
            value = FW.at(date(2021, 1, 1)).parameters.get(name)
            reformed = reform(sets={name: value}).apply(FW)
            for day in (date(2016, 1, 1), *FW.boundaries()):
                assert reformed.at(day).methods == FW.at(day).methods, (name, day)


class TestDocumentsNeverInForce:
    def test_a_superseded_ancestor_gets_no_successor(self) -> None:
        """Frozen in 2016, ck-2014-214 is never in force: ck-2015-124 is reformed."""
        frozen = FW.frozen_at(date(2016, 6, 1))
        three = reform(sets={"min_consultation_suppliers": 3})
        reformed = three.apply(frozen)
        assert reformed.check() == ()
        assert "ck-2015-124.what-if" in reformed
        assert "ck-2014-214.what-if" not in reformed
        assert (
            pp.Method.COMPETITIVE_CONSULTATION in reformed.at(date(2020, 1, 1)).methods
        )

    def test_a_document_expiring_before_it_starts_gets_no_successor(self) -> None:
        """A defective document, never in force, is left as it is."""
        never = attrs.evolve(
            supporting("ay-never", date(2016, 1, 1), min_tender_days=30),
            expires=date(2015, 1, 1),
        )
        reformed = reform(sets={"min_tender_days": 25}).apply(FW.with_document(never))
        assert "ay-never.what-if" not in reformed
        assert reformed.at(date(2016, 6, 1)).parameters.min_tender_days == 25


class TestParametersNoDocumentSets:
    def test_a_new_document_of_the_lowest_layer_sets_it(self) -> None:
        """No Anyang document excludes a method: one supporting document does."""
        exclude = reform(sets={"excluded_methods": {pp.Method.SINGLE_SOURCE}})
        reformed = exclude.apply(FW)
        assert reformed.check() == ()
        written = reformed.document("what-if")
        assert written.layer is pp.Layer.SUPPORTING
        assert written.provenance is pp.Provenance.ASSUMED
        assert pp.Method.SINGLE_SOURCE not in reformed.at(date(2016, 1, 1)).methods
        assert pp.Method.SINGLE_SOURCE in reformed.at(date(2015, 12, 31)).methods

    def test_without_a_local_system_it_is_national(self) -> None:
        """Under national law alone the new document is national: still sound."""
        limit = reform(sets={"decentralised_limit": 100_000})
        reformed = limit.apply(presets.national())
        assert reformed.check() == ()
        assert reformed.document("what-if").layer is pp.Layer.NATIONAL
        assert reformed.at(date(2016, 1, 1)).parameters.decentralised_limit == 100_000

    def test_a_value_set_only_from_a_later_day_holds_before_it_too(self) -> None:
        """ck-2014-214 sets the suppliers from 2014-12-31; a 2014 reform fills in."""
        early = reform(
            effective=date(2014, 1, 1), sets={"min_consultation_suppliers": 4}
        )
        reformed = early.apply(presets.national())
        assert reformed.check() == ()
        for day in (date(2014, 1, 1), date(2014, 12, 31), date(2016, 1, 1)):
            assert reformed.at(day).parameters.min_consultation_suppliers == 4
        assert reformed.document("what-if").sets.names() == (
            "min_consultation_suppliers",
        )

    def test_an_id_that_is_taken_gets_a_suffix(self) -> None:
        """The reform's id names a document already: the new one is ``-2``."""
        taken = reform(id="gpl", sets={"decentralised_limit": 100_000})
        reformed = taken.apply(presets.national())
        assert "gpl-2" in reformed
        assert "gpl.gpl" not in reformed


class TestRemovesAndAdds:
    def test_a_removed_document_ceases_to_be_in_force(self) -> None:
        """Without the separate budget line from 2017; 2016 is as it was."""
        repeal = reform(effective=date(2017, 1, 1), removes={"ay-budget-2016"})
        reformed = repeal.apply(FW)
        assert reformed.check() == ()
        assert reformed.at(date(2016, 6, 1)).parameters.separate_budget_line
        assert not reformed.at(date(2017, 1, 1)).parameters.separate_budget_line
        assert reformed.document("ay-budget-2016").expires == date(2016, 12, 31)
        changes = FW.at(date(2017, 6, 1)).diff(reformed.at(date(2017, 6, 1)))
        assert [str(c) for c in changes] == [
            "parameter separate_budget_line: True → False",
            "document ay-budget-2016: in force → not in force",
        ]

    def test_removing_a_document_out_of_force_changes_nothing(self) -> None:
        """czz-2014-96 is superseded in 2020: removing it from 2021 is a no-op."""
        repeal = reform(effective=date(2021, 1, 1), removes={"czz-2014-96"})
        reformed = repeal.apply(FW)
        assert reformed.documents == FW.documents

    def test_a_document_removed_before_it_takes_effect_is_never_enacted(self) -> None:
        """The 2016 catalogue never comes; the 2015 one stays in force."""
        repeal = reform(effective=date(2015, 6, 1), removes={"ay-catalogue-2016"})
        reformed = repeal.apply(FW)
        assert reformed.check() == ()
        assert "ay-catalogue-2016" not in reformed
        rules = reformed.at(date(2017, 1, 1))
        assert rules.is_in_force("ay-catalogue-2015")
        assert not rules.catalogue.covers(pp.ServiceCategory.INFORMATION_SYSTEMS)

    def test_its_successor_then_supersedes_what_it_superseded(self) -> None:
        """A 2018 catalogue superseding the removed 2016 one supersedes 2015's."""
        catalogue_2018 = attrs.evolve(
            FW.document("ay-catalogue-2016"),
            id="ay-catalogue-2018",
            effective=date(2018, 1, 1),
            supersedes="ay-catalogue-2016",
        )
        fw = FW.with_document(catalogue_2018)
        repeal = reform(effective=date(2015, 6, 1), removes={"ay-catalogue-2016"})
        reformed = repeal.apply(fw)
        assert reformed.check() == ()
        assert reformed.document("ay-catalogue-2018").supersedes == "ay-catalogue-2015"
        assert reformed.at(date(2017, 1, 1)).is_in_force("ay-catalogue-2015")
        assert not reformed.at(date(2018, 1, 1)).is_in_force("ay-catalogue-2015")

    def test_an_added_document_is_in_force_from_its_date(self) -> None:
        """A supporting document of 2016 lengthens the tender period from then."""
        longer = supporting("ay-tender-2016", date(2016, 1, 1), min_tender_days=30)
        reformed = reform(adds=(longer,)).apply(FW)
        assert reformed.check() == ()
        assert reformed.at(date(2016, 1, 1)).parameters.min_tender_days == 30
        assert same_rules(reformed.at(date(2015, 6, 1)), FW.at(date(2015, 6, 1)))

    def test_an_added_document_may_set_a_reformed_value_to_the_same(self) -> None:
        """Agreeing with the reform is no contradiction."""
        same = supporting("ay-same", date(2016, 1, 1), open_tender_threshold=1_000_000)
        reformed = attrs.evolve(HALVED, adds=[same]).apply(FW)
        assert reformed.at(date(2016, 1, 1)).parameters.open_tender_threshold == (
            Decimal(1_000_000)
        )


class TestComposition:
    def test_a_later_reform_holds_over_an_earlier_one(self) -> None:
        """Halved from 2016, then doubled from 2018: each holds in its stretch."""
        doubled_2018 = attrs.evolve(
            DOUBLED, id="doubled-2018", effective=date(2018, 1, 1)
        )
        both = doubled_2018.apply(HALVED.apply(FW))
        assert both.check() == ()
        thresholds = [
            both.at(date(y, 1, 1)).parameters.open_tender_threshold
            for y in (2015, 2016, 2018, 2021)
        ]
        assert thresholds == [2_000_000, 1_000_000, 4_000_000, 4_000_000]
        assert "ay-implementation.halved-2016.doubled-2018" in both

    def test_an_earlier_reform_applied_last_holds_from_its_date(self) -> None:
        """Applied after the 2016 reform, a 2015 reform of the same value wins."""
        earlier = attrs.evolve(DOUBLED, id="doubled-2015", effective=date(2015, 1, 1))
        both = earlier.apply(HALVED.apply(FW))
        assert both.check() == ()
        for day in (date(2015, 1, 1), date(2016, 1, 1), date(2021, 1, 1)):
            assert both.at(day).parameters.open_tender_threshold == 4_000_000

    def test_two_reforms_of_different_values_both_hold(self) -> None:
        """The threshold from the first, the tender period from the second."""
        period = reform(id="period", sets={"min_tender_days": 25})
        both = period.apply(HALVED.apply(FW))
        rules = both.at(date(2016, 6, 1)).parameters
        assert (rules.open_tender_threshold, rules.min_tender_days) == (
            Decimal(1_000_000),
            25,
        )


class TestBadInput:
    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"sets": {"max_contract_yrs": 2}}, r"Reform\.sets: 'max_contract_yrs'"),
            ({"sets": {"min_tender_days": -1}}, r"Reform\.sets\.min_tender_days"),
            (
                {"sets": {"grade_bands": pp.GradeBands(80, 90, 60)}},
                r"Reform\.sets\.grade_bands",
            ),
            (
                {"sets": {"payment_ratios": pp.PaymentSchedule(1, "0.5", "0.9", 0)}},
                r"Reform\.sets\.payment_ratios",
            ),
            ({"sets": "open_tender_threshold"}, r"Reform\.sets: must be Overrides"),
            ({"id": "ay@2016"}, r"Reform\.id"),
            ({"effective": datetime(2016, 1, 1)}, r"Reform\.effective"),
            ({"effective": date(1900, 1, 1)}, r"Reform\.effective"),
            ({"removes": "ay-budget-2016"}, r"Reform\.removes: must be a frozenset"),
            ({"removes": {" "}}, r"Reform\.removes: must not be empty"),
            ({"adds": ("ay-x",)}, r"Reform\.adds: members must be PolicyDocument"),
            (
                {"adds": (supporting("ay-x", date(2015, 1, 1), min_tender_days=30),)},
                r"Reform\.adds\[0\]\.effective",
            ),
            (
                {
                    "adds": (
                        supporting("ay-x", date(2016, 1, 1)),
                        supporting("ay-x", date(2017, 1, 1)),
                    )
                },
                r"Reform\.adds\[1\]\.id: 'ay-x' is added twice",
            ),
            (
                {
                    "sets": {"min_tender_days": 25},
                    "adds": (supporting("ay-x", date(2016, 1, 1), min_tender_days=30),),
                },
                r"Reform\.adds\[0\]\.sets\.min_tender_days",
            ),
        ],
    )
    def test_bad_fields_are_refused_naming_the_path(
        self, fields: dict[str, Any], message: str
    ) -> None:
        """InvalidInput names the field: ``Reform.sets.…``, ``Reform.adds[0]…``."""
        with pytest.raises(pp.InvalidInput, match=message):
            reform(**fields)

    def test_an_unknown_parameter_in_overrides_is_refused(self) -> None:
        """`Overrides` itself names the unknown parameter."""
        with pytest.raises(
            pp.InvalidInput, match="'open_threshold' is not a parameter"
        ):
            reform(sets=pp.Overrides(open_threshold=1))

    def test_removing_an_unknown_document_is_refused_naming_it(self) -> None:
        """Every unknown id is named, with the path."""
        bad = reform(removes={"ay-nothing", "ay-budget-2016", "ay-else"})
        with pytest.raises(pp.InvalidInput) as info:
            bad.apply(FW)
        assert info.value.messages == (
            "Reform.removes: 'ay-else' is not a document of the framework",
            "Reform.removes: 'ay-nothing' is not a document of the framework",
        )

    def test_adding_a_document_the_framework_has_is_refused(self) -> None:
        """Its id is already taken."""
        bad = reform(
            adds=(
                attrs.evolve(FW.document("ay-budget-2016"), effective=date(2016, 1, 1)),
            )
        )
        with pytest.raises(pp.InvalidInput, match=r"Reform\.adds\[0\]\.id: 'ay-budget"):
            bad.apply(FW)

    def test_a_value_the_rules_cannot_hold_is_refused(self) -> None:
        """An ordinary term of five years above the stable three: reform both."""
        with pytest.raises(pp.InvalidInput, match=r"Reform\.sets\.max_contract_years"):
            reform(sets={"max_contract_years": 5}).apply(FW)
        both = reform(sets={"max_contract_years": 5, "max_stable_contract_years": 5})
        assert both.apply(FW).at(date(2016, 1, 1)).parameters.max_contract_years == 5

    def test_applying_to_something_else_is_refused(self) -> None:
        """Only a framework can be reformed."""
        with pytest.raises(pp.InvalidInput, match=r"Reform\.apply\.framework"):
            HALVED.apply(FW.documents)  # type: ignore[arg-type]


class TestFrozenAt:
    def test_the_rules_of_the_day_hold_on_every_day(self) -> None:
        """Frozen on 2015-06-01: the 2015 rules in 2014, 2016 and 2030."""
        frozen = FW.frozen_at(date(2015, 6, 1))
        assert frozen.check() == ()
        for day in (
            date(1950, 1, 1),
            date(2014, 1, 1),
            date(2016, 1, 1),
            date(2030, 1, 1),
        ):
            assert same_rules(frozen.at(day), FW.at(date(2015, 6, 1))), day

    def test_competitive_consultation_survives(self) -> None:
        """Frozen after ck-2015-124 superseded ck-2014-214: the method is kept."""
        frozen = FW.frozen_at(date(2016, 6, 1))
        assert pp.Method.COMPETITIVE_CONSULTATION in frozen.at(date(2030, 1, 1)).methods
        assert "ck-2014-214" in frozen
        assert not frozen.at(date(2030, 1, 1)).is_in_force("ck-2014-214")

    def test_the_basis_of_each_rule_is_that_of_the_day(self) -> None:
        """A 2016 refusal frozen into 2021 cites the 2016 documents."""
        frozen = FW.frozen_at(date(2016, 6, 1))
        for rule_id in pp.RULES.ids():
            assert frozen.at(date(2021, 6, 1)).basis(rule_id) == FW.at(
                date(2016, 6, 1)
            ).basis(rule_id)

    def test_documents_not_in_force_that_day_are_left_out(self) -> None:
        """Frozen in 2014: no mof-102, no 2015 catalogue."""
        frozen = FW.frozen_at(date(2014, 6, 1))
        assert "mof-102" not in frozen
        assert "ay-catalogue-2015" not in frozen
        assert all(d.expires is None for d in frozen)

    def test_national_ties_are_settled_as_on_the_day(self) -> None:
        """Two national documents set one value: the newer is cited, frozen or not."""
        newer = pp.PolicyDocument(
            id="gpl-reg-days",
            title=pp.Label("假设的国家文件", "A what-if national document"),
            layer=pp.Layer.NATIONAL,
            effective=date(2015, 3, 1),
            sets=pp.Overrides(min_tender_days=20),
            articles={"min_tender_days": "Art 1"},
        )
        fw = pp.PolicyFramework((newer, *FW.documents))
        day = date(2016, 6, 1)
        assert fw.at(day).source("min_tender_days").document == "gpl-reg-days"
        frozen = fw.frozen_at(day)
        assert frozen.at(date(2030, 1, 1)).source("min_tender_days").document == (
            "gpl-reg-days"
        )

    def test_the_newest_local_document_decides_a_value_where_it_wins(self) -> None:
        """Two supporting documents set the internal weight: the newer one wins."""
        fw = FW.with_document(
            supporting("ay-weight-2016", date(2016, 1, 1), internal_weight="0.3")
        ).with_document(
            supporting("ay-weight-2015", date(2015, 1, 1), internal_weight="0.2")
        )
        day = date(2016, 6, 1)
        assert fw.at(day).parameters.internal_weight == Decimal("0.3")
        frozen = fw.frozen_at(day)
        assert frozen.at(date(2030, 1, 1)).parameters.internal_weight == Decimal("0.3")
        assert frozen.at(date(2030, 1, 1)).sources == fw.at(day).sources

    def test_a_framework_with_nothing_in_force_freezes_empty(self) -> None:
        """Before any document: no document at all."""
        assert len(FW.frozen_at(date(1960, 1, 1))) == 0

    def test_a_reform_of_frozen_rules_holds_too(self) -> None:
        """Frozen 2015 rules with the halved threshold from 2016."""
        frozen = FW.frozen_at(date(2015, 6, 1))
        reformed = HALVED.apply(frozen)
        assert reformed.check() == ()
        assert (
            reformed.at(date(2015, 6, 1)).parameters.open_tender_threshold == 2_000_000
        )
        assert (
            reformed.at(date(2016, 6, 1)).parameters.open_tender_threshold == 1_000_000
        )

    def test_a_datetime_is_refused(self) -> None:
        """A day is a date."""
        with pytest.raises(pp.InvalidInput, match="day: must be a date"):
            FW.frozen_at(datetime(2015, 6, 1))
