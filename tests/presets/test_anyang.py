"""Golden cases of the embedded presets, one per clause they encode."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import procpolicy as pp
from procpolicy import presets
from procpolicy.presets.anyang import ANYANG_DOCUMENTS, PARKS, STREET_LAMPS
from procpolicy.presets.national import NATIONAL_DOCUMENTS

ANYANG = presets.anyang()
C = pp.ServiceCategory


def at(day: date) -> pp.RuleSet:
    return ANYANG.at(day)


class TestCatalogueOverTime:
    def test_nothing_is_listed_before_2014(self) -> None:
        """Before the pilots, no service may be bought."""
        assert at(date(2013, 12, 31)).catalogue.covered_categories() == frozenset()

    def test_2014_covers_only_the_pilots_categories(self) -> None:
        """Street lamps (市政环卫) and parks (城市辅助管理), as single items."""
        catalogue = at(date(2014, 6, 1)).catalogue
        assert catalogue.covered_categories() == {
            C.MUNICIPAL_SANITATION,
            C.URBAN_AUXILIARY_MANAGEMENT,
        }
        assert catalogue.items == {STREET_LAMPS, PARKS}
        assert not catalogue.lists_whole(C.MUNICIPAL_SANITATION)
        assert not catalogue.covers(C.SOCIAL_WORK)

    def test_2015_covers_the_seven_categories(self) -> None:
        """The seven public-service categories of 2015, social assistance included."""
        catalogue = at(date(2015, 6, 1)).catalogue
        assert catalogue.categories == set(list(C)[:7])
        assert catalogue.covers(C.SOCIAL_WELFARE)
        assert not catalogue.covers(C.INFORMATION_SYSTEMS)

    def test_2017_covers_all_eleven(self) -> None:
        """Office buildings, information systems, culture and training join."""
        assert at(date(2017, 7, 11)).catalogue.categories == set(C)

    def test_the_catalogue_cites_its_version(self) -> None:
        """Each year's catalogue cites the version in force, as an assumed date."""
        assert at(date(2014, 6, 1)).source("catalogue").document == "ay-catalogue-2014"
        assert at(date(2015, 6, 1)).source("catalogue").document == "ay-catalogue-2015"
        assert at(date(2017, 6, 1)).source("catalogue").document == "ay-catalogue-2016"


class TestNationalClauses:
    def test_gpl_figures(self) -> None:
        """20 tender days, 3 bidders, 30 days to contract, the Art 22 conditions."""
        params = at(date(2015, 6, 1)).parameters
        assert params.min_tender_days == 20
        assert params.min_tender_bidders == 3
        assert params.max_days_award_to_contract == 30
        assert params.required_conditions == set(pp.SupplierCondition)
        assert at(date(2015, 6, 1)).source("min_tender_days") == pp.Citation(
            "gpl", "Art 35"
        )

    def test_consultation_needs_two_suppliers_from_mid_2015(self) -> None:
        """ck-2014-214 asks three; ck-2015-124 lets two suffice for services."""
        assert at(date(2015, 3, 1)).parameters.min_consultation_suppliers == 3
        assert at(date(2015, 6, 30)).parameters.min_consultation_suppliers == 2
        assert at(date(2015, 6, 30)).source("min_consultation_suppliers").document == (
            "ck-2015-124"
        )

    def test_czz_2014_96_is_unverified_and_ends_in_2020(self) -> None:
        """The interim measures run to 2020-02-29, their dates unconfirmed."""
        assert at(date(2020, 2, 29)).is_in_force("czz-2014-96")
        assert not at(date(2020, 3, 1)).is_in_force("czz-2014-96")
        assert not at(date(2016, 1, 1)).source("eligible_purchasers").verified

    def test_mof_102_negative_list_and_terms(self) -> None:
        """From 2020-03-01: all six prohibitions, one year, three if stable."""
        rules = at(date(2020, 3, 1))
        assert rules.parameters.prohibited == set(pp.Prohibited)
        assert rules.parameters.max_stable_contract_years == 3
        assert rules.source("max_stable_contract_years") == pp.Citation(
            "mof-102", "Art 24"
        )
        assert rules.prohibition_source(pp.Prohibited.OTHER_BY_LAW) == pp.Citation(
            "mof-102", "Art 10"
        )

    def test_mof_102_excludes_class_1_institutions(self) -> None:
        """公益一类 institutions may neither buy nor deliver (Art 8)."""
        params = at(date(2021, 1, 1)).parameters
        assert (
            pp.UndertakerKind.PUBLIC_INSTITUTION_CLASS1
            not in params.eligible_undertakers
        )
        assert (
            pp.PurchaserKind.PUBLIC_INSTITUTION_CLASS1 not in params.eligible_purchasers
        )
        assert pp.UndertakerKind.RURAL_COLLECTIVE in params.eligible_undertakers

    def test_cy_2017_87_cites_its_sections_as_reported(self) -> None:
        """§二 bars works and financing, §三 keeps the term in the budget periods."""
        rules = at(date(2018, 1, 1))
        financing = rules.prohibition_source(pp.Prohibited.FINANCING)
        assert financing is not None
        assert (financing.article, financing.provenance) == (
            "二",
            pp.Provenance.REPORTED,
        )
        (term, _) = rules.basis("contract.term")
        assert (term.document, term.article) == ("cy-2017-87", "三")
        assert term.provenance is pp.Provenance.REPORTED

    def test_cy_2017_87_bars_goods_works_and_financing(self) -> None:
        """From 2017-05-28 financing and works are on the list."""
        assert (
            pp.Prohibited.FINANCING not in at(date(2017, 5, 27)).parameters.prohibited
        )
        assert pp.Prohibited.FINANCING in at(date(2017, 5, 28)).parameters.prohibited

    def test_national_grade_bands_from_2020(self) -> None:
        """The MOF bands are national from cy-2020-10 (date unverified)."""
        national = presets.national()
        assert national.at(date(2019, 6, 1)).parameters.grade_bands == pp.GradeBands(
            0, 0, 0
        )
        assert national.at(date(2020, 6, 1)).parameters.grade_bands == pp.GradeBands(
            90, 80, 60
        )

    def test_framework_agreements_from_2022(self) -> None:
        """mof-110 creates the framework-agreement method."""
        assert pp.Method.FRAMEWORK_AGREEMENT in at(date(2022, 3, 1)).methods


class TestAnyangClauses:
    def test_assumed_figures_are_marked(self) -> None:
        """Every figure the article does not give cites as an assumption."""
        rules = at(date(2016, 6, 1))
        for name in (
            "open_tender_threshold",
            "decentralised_limit",
            "payment_ratios",
            "third_party_threshold",
            "renewal_min_grade",
            "internal_weight",
            "supervision_tolerance",
            "renewal_term_cap_years",
        ):
            cite = rules.source(name)
            assert not cite.verified, name
            assert cite.provenance is pp.Provenance.ASSUMED, name
            assert cite.note.startswith("assumption: "), name

    def test_the_named_documents_are_reported_the_inferred_assumed(self) -> None:
        """The article names four documents; the other four the library infers."""
        provenance = {d.id: d.provenance.name for d in ANYANG_DOCUMENTS}
        assert provenance == {
            "ay-implementation": "REPORTED",
            "ay-process": "REPORTED",
            "ay-catalogue-2014": "REPORTED",
            "ay-catalogue-2015": "ASSUMED",
            "ay-catalogue-2016": "ASSUMED",
            "ay-evaluation": "REPORTED",
            "ay-budget-2016": "ASSUMED",
            "ay-oversight": "ASSUMED",
        }

    def test_the_evaluation_rules_rest_on_the_evaluation_measures(self) -> None:
        """三考两加强 rules cite ay-evaluation in the article's words, as reported."""
        rules = at(date(2015, 6, 1))
        for rule_id in (
            "disclosure.complete",
            "evaluation.evaluator",
            "settlement.evaluated",
            "settlement.payment",
            "renewal.grade",
        ):
            (cite,) = rules.basis(rule_id)
            assert cite.document == "ay-evaluation", rule_id
            assert cite.provenance is pp.Provenance.REPORTED, rule_id
            assert cite.article.startswith(("三考", "两加强")), rule_id

    def test_anyang_tightens_before_national_law(self) -> None:
        """Staffing is barred from 2014, six years before mof-102."""
        assert pp.Prohibited.STAFFING in at(date(2014, 6, 1)).parameters.prohibited
        assert at(date(2014, 6, 1)).source("max_contract_years").document == (
            "ay-implementation"
        )

    def test_separate_budget_line_from_2016(self) -> None:
        """单列政府购买服务预算 applies from 2016-01-01."""
        assert not at(date(2015, 12, 31)).parameters.separate_budget_line
        assert at(date(2016, 1, 1)).parameters.separate_budget_line

    def test_evaluation_measures(self) -> None:
        """三考两加强: bands, weights, third-party triggers, disclosure."""
        params = at(date(2015, 6, 1)).parameters
        assert params.grade_bands == pp.GradeBands(90, 80, 60)
        assert params.internal_weight == Decimal("0.4")
        assert params.third_party_threshold == Decimal(1_000_000)
        assert params.disclosure_required == set(pp.DisclosureItem)
        assert params.renewal_min_grade is pp.Grade.GOOD
        assert params.accountability_grade is pp.Grade.POOR

    def test_every_document_has_a_bilingual_title_and_answers(self) -> None:
        """Each Anyang document names a question; the national ids are all there."""
        for document in ANYANG_DOCUMENTS:
            assert document.title.zh
            assert document.title.en
            assert document.answers
        assert {d.id for d in NATIONAL_DOCUMENTS} >= {
            "gbf-2013-96",
            "czz-2014-96",
            "mof-102",
            "gpl",
            "gpl-reg",
            "ck-2014-214",
            "ck-2015-124",
            "mof-110",
            "cy-2017-87",
            "cy-2020-10",
        }

    def test_every_value_set_names_its_article(self) -> None:
        """No uncited value in either preset."""
        for document in ANYANG:
            for name in document.sets.names():
                assert document.article(name), (document.id, name)

    @pytest.mark.parametrize("year", range(2014, 2024))
    def test_the_1_3_n_structure_holds_every_year(self, year: int) -> None:
        """One implementation measure and the three core roles in force each year."""
        docs = at(date(year, 7, 1)).documents
        assert [d.id for d in docs if d.layer is pp.Layer.IMPLEMENTATION] == [
            "ay-implementation"
        ]
        assert {d.role for d in docs if d.layer is pp.Layer.CORE} == set(pp.CoreRole)

    def test_a_tightening_document_changes_at_and_source(self) -> None:
        """Adding 25 tender days from 2018 changes the value and its citation."""
        tighter = pp.PolicyDocument(
            id="ay-tender-2018",
            title=pp.Label("招标期限", "Tender period"),
            layer=pp.Layer.SUPPORTING,
            effective=date(2018, 1, 1),
            sets=pp.Overrides(min_tender_days=25),
            articles={"min_tender_days": "第三条"},
        )
        fw = ANYANG.with_document(tighter)
        assert fw.check() == ()
        assert fw.at(date(2017, 6, 1)).parameters.min_tender_days == 20
        assert fw.at(date(2018, 6, 1)).parameters.min_tender_days == 25
        assert fw.at(date(2018, 6, 1)).source("min_tender_days") == pp.Citation(
            "ay-tender-2018", "第三条"
        )

    def test_presets_are_cached_values(self) -> None:
        """The same immutable framework is returned each time."""
        assert presets.anyang() is presets.anyang()
        assert presets.national() is presets.national()
