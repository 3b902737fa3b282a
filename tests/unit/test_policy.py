"""The 1+3+N framework: dates, supersession, resolution, sources and checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import presets
from procpolicy.policy import PolicyDocument as Doc

ANYANG = presets.anyang()


def doc(doc_id: str = "ay-extra", /, **kw: object) -> Doc:
    """A supporting document, effective 2016, overridable by keyword."""
    values: dict[str, object] = {
        "id": doc_id,
        "title": pp.Label("补充文件", "Supplement"),
        "layer": pp.Layer.SUPPORTING,
        "effective": date(2016, 1, 1),
    }
    values.update(kw)
    return Doc(**values)  # type: ignore[arg-type]


def rule_ids(findings: tuple[pp.Finding, ...]) -> list[str]:
    return [f.rule.id for f in findings]


class TestDocuments:
    def test_core_document_needs_a_role(self) -> None:
        """A CORE document without a role is refused with the field named."""
        with pytest.raises(pp.InvalidInput, match="PolicyDocument.role"):
            doc(layer=pp.Layer.CORE)

    def test_role_only_on_core_documents(self) -> None:
        """A supporting document may not claim a core role."""
        with pytest.raises(pp.InvalidInput, match="CORE documents, and only they"):
            doc(role=pp.CoreRole.PROCESS)

    def test_articles_name_values_the_document_sets(self) -> None:
        """An article for a value the document does not set is refused."""
        with pytest.raises(pp.InvalidInput, match="'min_tender_days' is neither"):
            doc(articles={"min_tender_days": "§1"})

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("id", "Bad Id", "must be lower-case"),
            ("id", "", "must not be empty"),
            ("effective", datetime(2016, 1, 1), "must be a date, not a datetime"),
            ("effective", "2016-01-01", "must be date, not str"),
            ("layer", "SUPPORTING", "must be Layer"),
            ("answers", {"WHAT"}, "members must be Question"),
            ("articles", [("a", 1)], "is not a \\(name, text\\) pair"),
            ("supersedes", "Bad", "must be lower-case"),
            ("verified", 1, "must be bool"),
        ],
    )
    def test_bad_fields_are_invalid_input(
        self, field: str, value: object, message: str
    ) -> None:
        """Every malformed field gives InvalidInput naming it."""
        with pytest.raises(pp.InvalidInput, match=message):
            doc(**{field: value})

    def test_citation_marks_assumptions_unverified(self) -> None:
        """A value recorded as an assumption is cited unverified, with its basis."""
        d = doc(
            sets=pp.Overrides(min_tender_days=25),
            articles={"min_tender_days": "§2"},
            assumptions={"min_tender_days": "a guess"},
        )
        cite = d.citation("min_tender_days")
        assert (cite.verified, cite.note) == (False, "assumption: a guess")
        assert d.assumption("effective") is None

    def test_expires_is_the_last_day_in_force(self) -> None:
        """A document is in force on its expiry day and not the day after."""
        d = doc(expires=date(2016, 12, 31))
        assert d.in_force_on(date(2016, 12, 31))
        assert not d.in_force_on(date(2017, 1, 1))
        assert not d.in_force_on(date(2015, 12, 31))


class TestFramework:
    def test_duplicate_ids_cannot_stand(self) -> None:
        """Two documents with one id raise PolicyInconsistent."""
        with pytest.raises(pp.PolicyInconsistent, match="two documents have the id"):
            ANYANG.with_document(doc("ay-process"))

    def test_lists_are_accepted_as_documents(self) -> None:
        """A list of documents is stored as a tuple."""
        fw = pp.PolicyFramework([doc()])
        assert fw.documents == (doc(),)
        assert len(fw) == 1
        assert list(fw) == [doc()]
        assert "ay-extra" in fw

    def test_unknown_document_is_invalid_input(self) -> None:
        """Looking up or removing a missing id names it."""
        with pytest.raises(pp.InvalidInput, match="no document 'nope'"):
            ANYANG.document("nope")
        with pytest.raises(pp.InvalidInput, match="no document 'nope'"):
            ANYANG.without("nope")

    def test_replace_swaps_a_document(self) -> None:
        """`replace` keeps the order and changes one document."""
        original = ANYANG.document("ay-budget-2016")
        changed = attrs.evolve(original, effective=date(2017, 1, 1))
        fw = ANYANG.replace(changed)
        assert fw.document("ay-budget-2016").effective == date(2017, 1, 1)
        assert [d.id for d in fw] == [d.id for d in ANYANG]
        assert fw.at(date(2016, 6, 1)).parameters.separate_budget_line is False

    def test_at_needs_a_date(self) -> None:
        """A datetime or a string is refused with a hint."""
        with pytest.raises(pp.InvalidInput, match="its day in China Standard Time"):
            ANYANG.at(datetime(2016, 1, 1))
        with pytest.raises(pp.InvalidInput, match="must be a date, not str"):
            ANYANG.at("2016-01-01")  # type: ignore[arg-type]

    def test_nothing_is_in_force_before_the_first_document(self) -> None:
        """Before every document, the rules are the unregulated defaults."""
        rules = ANYANG.at(date(1990, 1, 1))
        assert rules.documents == ()
        assert rules.parameters == pp.Parameters()
        assert rules.valid_from is None
        assert rules.methods == frozenset()

    def test_rule_sets_are_memoised_per_stretch(self) -> None:
        """Two days between the same boundaries share one RuleSet object."""
        assert ANYANG.at(date(2016, 2, 1)) is ANYANG.at(date(2016, 11, 30))
        rules = ANYANG.at(date(2016, 2, 1))
        assert rules.valid_from == date(2016, 1, 1)
        assert rules.valid_until == date(2017, 5, 27)
        assert ANYANG.at(date(2030, 1, 1)).valid_until is None

    def test_boundaries_are_effective_days_and_days_after_expiry(self) -> None:
        """Expiry on 2020-02-29 makes 2020-03-01 a boundary."""
        assert date(2020, 3, 1) in ANYANG.boundaries()
        assert date(2014, 12, 15) in ANYANG.boundaries()

    def test_supersession_takes_the_old_document_out_of_force(self) -> None:
        """The 2015 catalogue replaces the 2014 one from 2015-01-01, for good."""
        ids_2014 = [d.id for d in ANYANG.in_force(date(2014, 12, 31))]
        ids_2015 = [d.id for d in ANYANG.in_force(date(2015, 1, 1))]
        assert "ay-catalogue-2014" in ids_2014
        assert "ay-catalogue-2014" not in ids_2015
        assert "ay-catalogue-2015" in ids_2015

    def test_superseded_document_stays_out_after_its_successor_expires(self) -> None:
        """Supersession is permanent even when the successor expires."""
        old = doc("ay-a", sets=pp.Overrides(min_tender_days=30))
        new = doc(
            "ay-b",
            effective=date(2017, 1, 1),
            expires=date(2017, 12, 31),
            supersedes="ay-a",
        )
        fw = pp.PolicyFramework((old, new))
        assert [d.id for d in fw.in_force(date(2018, 1, 1))] == []


class TestResolution:
    def test_strictest_ordered_value_wins_across_layers(self) -> None:
        """A supporting document asking 30 tender days beats the law's 20."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(min_tender_days=30),
                articles={"min_tender_days": "§3"},
            )
        )
        rules = fw.at(date(2016, 6, 1))
        assert rules.parameters.min_tender_days == 30
        assert rules.source("min_tender_days") == pp.Citation("ay-extra", "§3")
        assert ANYANG.at(date(2016, 6, 1)).source("min_tender_days").document == "gpl"

    def test_equal_values_cite_the_higher_layer(self) -> None:
        """When Anyang and mof-102 both say one year, mof-102 is cited."""
        assert (
            ANYANG.at(date(2021, 1, 1)).source("max_contract_years").document
            == "mof-102"
        )
        assert (
            ANYANG.at(date(2019, 1, 1)).source("max_contract_years").document
            == "ay-implementation"
        )

    def test_unset_value_cites_the_unregulated_default(self) -> None:
        """A value no document sets cites the library default, unverified."""
        cite = presets.national().at(date(2016, 1, 1)).source("open_tender_threshold")
        assert cite.document == "procpolicy"
        assert not cite.verified

    def test_source_of_an_unknown_name_is_invalid_input(self) -> None:
        """A misspelt parameter is named with the valid ones."""
        with pytest.raises(pp.InvalidInput, match="'max_term' is not a parameter"):
            ANYANG.at(date(2016, 1, 1)).source("max_term")

    def test_prohibitions_grow_by_union(self) -> None:
        """Anyang's STAFFING joins the national list; each cites its document."""
        rules = ANYANG.at(date(2018, 1, 1))
        assert rules.parameters.prohibited == {
            pp.Prohibited.STAFFING,
            pp.Prohibited.NOT_GOVERNMENT_DUTY,
            pp.Prohibited.DIRECT_GOVERNMENT_DUTY,
            pp.Prohibited.GOODS_OR_WORKS,
            pp.Prohibited.FINANCING,
        }
        financing = rules.prohibition_source(pp.Prohibited.FINANCING)
        staffing = rules.prohibition_source(pp.Prohibited.STAFFING)
        assert financing is not None
        assert financing.document == "cy-2017-87"
        assert staffing is not None
        assert staffing.document == "ay-implementation"
        assert rules.prohibition_source(pp.Prohibited.OTHER_BY_LAW) is None

    def test_composite_set_cites_the_most_specific_contributor(self) -> None:
        """A union no single document sets cites the deepest layer that added to it."""
        assert (
            ANYANG.at(date(2018, 1, 1)).source("prohibited").document
            == "ay-implementation"
        )

    def test_permissions_shrink_by_intersection(self) -> None:
        """A supporting document narrowing undertakers narrows the rules."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(eligible_undertakers={pp.UndertakerKind.ENTERPRISE}),
                articles={"eligible_undertakers": "§1"},
            )
        )
        assert fw.at(date(2016, 6, 1)).parameters.eligible_undertakers == {
            pp.UndertakerKind.ENTERPRISE
        }

    def test_unordered_value_comes_from_the_most_specific_layer(self) -> None:
        """A supporting document's internal weight replaces the core one."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(internal_weight=Decimal("0.7")),
                articles={"internal_weight": "§4"},
            )
        )
        assert fw.at(date(2016, 6, 1)).parameters.internal_weight == Decimal("0.7")
        assert fw.at(date(2015, 6, 1)).parameters.internal_weight == Decimal("0.4")

    def test_unordered_value_within_a_layer_takes_the_newest(self) -> None:
        """Of two supporting weights in force, the later one wins."""
        fw = ANYANG.with_document(
            doc(
                "ay-w1",
                sets=pp.Overrides(internal_weight=Decimal("0.7")),
                articles={"internal_weight": "§4"},
            )
        ).with_document(
            doc(
                "ay-w2",
                effective=date(2017, 1, 1),
                sets=pp.Overrides(internal_weight=Decimal("0.5")),
                articles={"internal_weight": "§1"},
            )
        )
        assert fw.at(date(2017, 6, 1)).parameters.internal_weight == Decimal("0.5")

    def test_tables_combine_element_by_element(self) -> None:
        """The stricter of each band and each ratio stays in force."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(
                    grade_bands=pp.GradeBands(95, 70, 65),
                    payment_ratios=pp.PaymentSchedule(1, 1, Decimal("0.5"), 1),
                ),
                articles={"grade_bands": "§5", "payment_ratios": "§6"},
            )
        )
        params = fw.at(date(2016, 6, 1)).parameters
        assert params.grade_bands == pp.GradeBands(95, 80, 65)
        # Element by element (1.00, 0.95, 0.5, 0.70), then made monotone: 差 ≤ 中.
        assert params.payment_ratios == pp.PaymentSchedule(
            Decimal("1.00"), Decimal("0.95"), Decimal("0.5"), Decimal("0.5")
        )

    def test_a_broken_table_is_made_monotone_the_strict_way(self) -> None:
        """Bands and ratios a document leaves non-monotone are repaired strictly."""
        fw = pp.PolicyFramework(
            (
                doc(
                    sets=pp.Overrides(
                        grade_bands=pp.GradeBands(70, 80, 60),
                        payment_ratios=pp.PaymentSchedule(
                            Decimal("0.9"), 1, Decimal("0.5"), Decimal("0.8")
                        ),
                    ),
                    articles={"grade_bands": "§5", "payment_ratios": "§6"},
                ),
            )
        )
        params = fw.at(date(2016, 6, 1)).parameters
        assert params.grade_bands == pp.GradeBands(80, 80, 60)
        assert params.payment_ratios.is_monotone()
        assert params.payment_ratios.poor == Decimal("0.5")

    def test_methods_exist_from_the_document_that_created_them(self) -> None:
        """Consultation from ck-2014-214 (kept by its successor); framework 2022."""
        assert (
            pp.Method.COMPETITIVE_CONSULTATION
            not in ANYANG.at(date(2014, 6, 1)).methods
        )
        assert pp.Method.COMPETITIVE_CONSULTATION in ANYANG.at(date(2016, 6, 1)).methods
        assert pp.Method.FRAMEWORK_AGREEMENT not in ANYANG.at(date(2021, 6, 1)).methods
        assert pp.Method.FRAMEWORK_AGREEMENT in ANYANG.at(date(2022, 3, 1)).methods

    def test_only_national_law_creates_methods(self) -> None:
        """A local document named like mof-110 does not create framework agreements."""
        fw = ANYANG.without("mof-110").with_document(doc("mof-110"))
        assert pp.Method.FRAMEWORK_AGREEMENT not in fw.at(date(2023, 1, 1)).methods

    def test_excluded_methods_are_not_available(self) -> None:
        """A document excluding single source removes it."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(excluded_methods={pp.Method.SINGLE_SOURCE}),
                articles={"excluded_methods": "§7"},
            )
        )
        assert pp.Method.SINGLE_SOURCE not in fw.at(date(2016, 6, 1)).methods


class TestGradeAndOutcome:
    rules = ANYANG.at(date(2016, 6, 1))

    @pytest.mark.parametrize(
        ("score", "grade"),
        [
            (100, pp.Grade.EXCELLENT),
            (90, pp.Grade.EXCELLENT),
            ("89.99", pp.Grade.GOOD),
            (80, pp.Grade.GOOD),
            (60, pp.Grade.FAIR),
            ("59.99", pp.Grade.POOR),
            (0, pp.Grade.POOR),
        ],
    )
    def test_bands_grade_scores(self, score: int | str, grade: pp.Grade) -> None:
        """The bands 优 90, 良 80, 中 60 apply, boundaries included."""
        assert self.rules.grade(score) is grade

    @pytest.mark.parametrize(
        "score",
        [Decimal("NaN"), Decimal(-1), Decimal("100.01"), 101, "abc", 1.5, True, None],
    )
    def test_bad_scores_are_invalid_input(self, score: object) -> None:
        """Scores outside 0–100, NaN and non-numbers are refused."""
        with pytest.raises(pp.InvalidInput, match="score"):
            self.rules.grade(score)  # type: ignore[arg-type]

    def test_outcome_follows_the_grade(self) -> None:
        """A poor grade pays 70 %, may not renew and needs someone accountable."""
        poor = self.rules.outcome(pp.Grade.POOR)
        assert (poor.payment_ratio, poor.may_renew, poor.accountable) == (
            Decimal("0.70"),
            False,
            True,
        )
        good = self.rules.outcome(pp.Grade.GOOD)
        assert (good.may_renew, good.retender_priority, good.accountable) == (
            True,
            True,
            False,
        )

    def test_outcome_needs_a_grade(self) -> None:
        """A string is not a grade."""
        with pytest.raises(pp.InvalidInput, match="must be a Grade"):
            self.rules.outcome("GOOD")  # type: ignore[arg-type]

    def test_no_accountability_without_a_rule(self) -> None:
        """Under national rules alone no grade needs someone accountable."""
        rules = presets.national().at(date(2021, 1, 1))
        assert not rules.outcome(pp.Grade.POOR).accountable


class TestDiff:
    def test_diff_lists_parameters_catalogue_methods_and_documents(self) -> None:
        """2014 → 2015 adds five categories, consultation and the 2015 catalogue."""
        changes = ANYANG.at(date(2014, 6, 1)).diff(ANYANG.at(date(2015, 6, 1)))
        kinds = {(c.kind, c.name) for c in changes}
        assert ("catalogue", "SOCIAL_WORK") in kinds
        assert ("method", "COMPETITIVE_CONSULTATION") in kinds
        assert ("document", "ay-catalogue-2015") in kinds
        assert ("parameter", "eligible_purchasers") in kinds
        assert str(next(c for c in changes if c.name == "SOCIAL_WORK")) == (
            "catalogue SOCIAL_WORK: not listed → listed"
        )

    def test_diff_backwards_reverses_the_changes(self) -> None:
        """Going back lists the opposite changes."""
        later = ANYANG.at(date(2015, 6, 1))
        changes = later.diff(ANYANG.at(date(2014, 6, 1)))
        assert next(c for c in changes if c.name == "SOCIAL_WORK").after == "not listed"
        assert next(
            c for c in changes if c.name == "COMPETITIVE_CONSULTATION"
        ).after == ("unavailable")
        assert next(c for c in changes if c.name == "ay-catalogue-2015").after == (
            "not in force"
        )

    def test_diff_shows_unset_thresholds_as_no_limit(self) -> None:
        """Infinity reads as 'no limit'."""
        changes = ANYANG.at(date(2013, 6, 1)).diff(ANYANG.at(date(2014, 6, 1)))
        assert "parameter open_tender_threshold: no limit → 2000000" in map(
            str, changes
        )

    def test_diff_of_equal_rules_is_empty(self) -> None:
        """Nothing changes within a stretch."""
        assert ANYANG.at(date(2016, 2, 1)).diff(ANYANG.at(date(2016, 3, 1))) == ()


class TestChecks:
    def test_the_presets_are_sound(self) -> None:
        """Both embedded frameworks have no error finding, and no warning either."""
        assert ANYANG.check() == ()
        assert ANYANG.is_sound()
        assert presets.national().check() == ()
        assert ANYANG.warnings() == ()
        assert presets.national().warnings() == ()

    def test_removing_the_process_leaves_a_core_role_unfilled(self) -> None:
        """Without ay-process, the PROCESS role is empty."""
        findings = ANYANG.without("ay-process").check()
        assert rule_ids(findings) == ["framework.core_roles"]
        assert "CoreRole.PROCESS" in findings[0].hint

    def test_an_unanswered_question_is_flagged(self) -> None:
        """A local system where nothing answers 买的值 is reported."""
        local = [
            attrs.evolve(ANYANG.document(i), answers=frozenset())
            for i in (
                "ay-implementation",
                "ay-process",
                "ay-catalogue-2014",
                "ay-evaluation",
            )
        ]
        local[0] = attrs.evolve(
            local[0], answers=set(pp.Question) - {pp.Question.VALUE}
        )
        findings = pp.PolicyFramework(local).check()
        assert rule_ids(findings) == ["framework.questions"]
        assert "买的值" in findings[0].message
        assert "Question.VALUE" in findings[0].hint

    def test_two_implementation_measures_are_flagged(self) -> None:
        """A second layer-1 document in force breaks the 1 of 1+3+N."""
        second = attrs.evolve(
            ANYANG.document("ay-implementation"), id="ay-implementation-2"
        )
        findings = ANYANG.with_document(second).check()
        assert rule_ids(findings) == ["framework.implementation"]
        assert findings[0].documents == ("ay-implementation", "ay-implementation-2")

    def test_missing_implementation_measure_is_flagged(self) -> None:
        """Local documents without a layer-1 measure are flagged."""
        findings = ANYANG.without("ay-implementation").check()
        assert "framework.implementation" in rule_ids(findings)

    def test_a_loosening_supporting_document_is_flagged(self) -> None:
        """Five-year contracts against the one-year rule are reported, with the fix."""
        loose = doc(
            sets=pp.Overrides(max_contract_years=5),
            articles={"max_contract_years": "§9"},
        )
        fw = ANYANG.with_document(loose)
        findings = fw.check()
        assert rule_ids(findings) == ["framework.loosening"]
        assert findings[0].documents == ("ay-extra", "ay-implementation")
        assert "looser than 1" in findings[0].message
        assert fw.at(date(2016, 6, 1)).parameters.max_contract_years == 1

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("min_tender_days", 10),
            ("eligible_undertakers", set(pp.UndertakerKind)),
            ("grade_bands", pp.GradeBands(85, 75, 50)),
            ("renewal_min_grade", pp.Grade.FAIR),
            ("targets_required", False),
        ],
    )
    def test_every_kind_of_loosening_is_flagged(self, name: str, value: object) -> None:
        """Ordered, permission-set, table and enum values can all be loosened."""
        loose = doc(sets=pp.Overrides(**{name: value}), articles={name: "§9"})
        assert "framework.loosening" in rule_ids(ANYANG.with_document(loose).check())

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("min_tender_days", 30),
            ("prohibited", {pp.Prohibited.FINANCING}),
            ("internal_weight", Decimal("0.9")),
            ("eligible_undertakers", {pp.UndertakerKind.ENTERPRISE}),
        ],
    )
    def test_tightening_and_unordered_values_are_not_loosening(
        self, name: str, value: object
    ) -> None:
        """Stricter values, additions to the negative list and weights pass."""
        tight = doc(sets=pp.Overrides(**{name: value}), articles={name: "§9"})
        assert ANYANG.with_document(tight).check() == ()

    def test_a_catalogue_wider_than_the_core_one_is_flagged(self) -> None:
        """A supporting catalogue listing training in 2015 tries to loosen."""
        wider = doc(
            effective=date(2015, 1, 1),
            expires=date(2015, 12, 31),
            catalogue=pp.Catalogue(categories={pp.ServiceCategory.TRAINING}),
            articles={"catalogue": "§1"},
        )
        fw = ANYANG.with_document(wider)
        assert rule_ids(fw.check()) == ["framework.loosening"]
        assert not fw.at(date(2015, 6, 1)).catalogue.covers(pp.ServiceCategory.TRAINING)

    def test_two_catalogues_in_one_layer_are_flagged(self) -> None:
        """A second CORE catalogue that supersedes nothing is reported."""
        extra = Doc(
            id="ay-catalogue-x",
            title=pp.Label("目录", "Catalogue"),
            layer=pp.Layer.CORE,
            role=pp.CoreRole.CATALOGUE,
            effective=date(2016, 1, 1),
            catalogue=pp.Catalogue(categories={pp.ServiceCategory.TRAINING}),
            articles={"catalogue": "全文"},
        )
        fw = ANYANG.with_document(extra)
        assert rule_ids(fw.check()) == ["framework.catalogue_versions"]
        assert fw.at(date(2016, 6, 1)).catalogue.covered_categories() == {
            pp.ServiceCategory.TRAINING
        }

    def test_superseding_an_unknown_document_is_flagged(self) -> None:
        """`supersedes` pointing nowhere is reported."""
        findings = ANYANG.with_document(doc(supersedes="ay-ghost")).check()
        assert rule_ids(findings) == ["framework.supersedes"]
        assert "not in the framework" in findings[0].message

    def test_superseding_another_layer_is_flagged(self) -> None:
        """A supporting document may not supersede the implementation measure."""
        findings = ANYANG.with_document(doc(supersedes="ay-implementation")).check()
        assert "framework.supersedes" in rule_ids(findings)

    def test_a_supersession_cycle_is_flagged(self) -> None:
        """A supersedes B supersedes A is reported once per member."""
        a = doc("ay-a", supersedes="ay-b")
        b = doc("ay-b", supersedes="ay-a")
        findings = pp.PolicyFramework((a, b)).check()
        assert rule_ids(findings) == ["framework.supersedes", "framework.supersedes"]
        assert "cycle" in findings[0].message

    def test_a_chain_ending_outside_the_framework_is_not_a_cycle(self) -> None:
        """A chain whose last link is missing reports only the missing link."""
        a = doc("ay-a", supersedes="ay-b")
        b = doc("ay-b", supersedes="ay-c")
        findings = pp.PolicyFramework((a, b)).check()
        assert [i for i in rule_ids(findings) if i == "framework.supersedes"] == [
            "framework.supersedes"
        ]

    def test_a_document_expiring_before_it_starts_is_flagged(self) -> None:
        """An expiry before the effective date means never in force."""
        findings = ANYANG.with_document(doc(expires=date(2015, 1, 1))).check()
        assert rule_ids(findings) == ["framework.expiry"]

    def test_uncited_values_are_flagged(self) -> None:
        """A value or a catalogue without its article is reported, as a warning."""
        fw = ANYANG.with_document(
            doc(
                sets=pp.Overrides(min_tender_days=30),
                catalogue=pp.Catalogue(categories=set(pp.ServiceCategory)),
            )
        )
        findings = fw.warnings()
        assert rule_ids(findings) == ["framework.uncited", "framework.uncited"]
        assert {f.severity for f in findings} == {pp.Severity.WARNING}
        assert fw.check() == ()

    def test_broken_tables_are_flagged(self) -> None:
        """Overlapping bands and rising payment ratios are both reported."""
        findings = ANYANG.with_document(
            doc(
                sets=pp.Overrides(
                    grade_bands=pp.GradeBands(95, 96, 70),
                    payment_ratios=pp.PaymentSchedule(
                        Decimal("0.6"), Decimal("0.65"), Decimal("0.5"), Decimal("0.4")
                    ),
                ),
                articles={"grade_bands": "§1", "payment_ratios": "§2"},
            )
        ).check()
        assert rule_ids(findings) == [
            "parameters.grade_bands",
            "parameters.payment_ratios",
        ]

    def test_findings_read_as_sentences(self) -> None:
        """str(finding) names the rule, the documents and the fix."""
        finding = ANYANG.with_document(doc(supersedes="ay-ghost")).check()[0]
        assert str(finding).startswith("[framework.supersedes] [ay-extra] ")
        assert "Fix:" in str(finding)
