"""Provenance and the dated legal basis: how sure a citation is, which law applied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

import procpolicy as pp
from procpolicy import presets, serialization
from procpolicy.policy import PolicyDocument
from procpolicy.rules import RULES, Citation, Provenance, Violation
from procpolicy.workflow import TRANSITIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"
TEXT, REPORTED, ASSUMED = Provenance.TEXT, Provenance.REPORTED, Provenance.ASSUMED
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2030, 12, 31)
OWN_RULES = frozenset({"history.chronology"})
"""The library's own record-keeping rules: cited to its documentation page."""

# Rule ids DESIGN.md's second edition announces ("New events and rules"); the
# presets establish them ahead of their guards, so that their basis is dated
# from the day they are registered.
ANNOUNCED = frozenset(
    {
        "contract.supplement",
        "contract.published",
        "method.add_on",
        "method.splitting",
        "evaluation.weights",
        "evaluation.targets",
    }
)

# The only preset citations that may be TEXT: clauses REGULATIONS.md marks [C]
# together with their article number.  One entry per (document, article).
TEXT_ALLOWED = frozenset(
    {
        # 预算法 Art 13 [C]: no spending outside the budget.
        ("budget-law", "Art 13"),
        # 政府采购法 Art 22 [C]: the supplier conditions.
        ("gpl", "Art 22"),
        # "Other figures [C]": tender period ≥ 20 days (Art 35).
        ("gpl", "Art 35"),
        # "Other figures [C]": fewer than 3 qualified bidders void a tender (Art 36).
        ("gpl", "Art 36"),
        # "Other figures [C]": contract within 30 days of the award (Art 46).
        ("gpl", "Art 46"),
        # "Other figures [C]": supplementary contracts ≤ 10 % (Art 49).
        ("gpl", "Art 49"),
        # mof-102 Art 5 [C] purchasers, Art 8 [C] excluded kinds.
        ("mof-102", "Art 5, Art 8"),
        # mof-102 Art 6 [C] undertakers, Art 8 [C] excluded kinds.
        ("mof-102", "Art 6, Art 8"),
        # mof-102 Art 6 [C], Art 7 [C], Art 8 [C]: who may deliver.
        ("mof-102", "Art 6–8"),
        # mof-102 Art 10 [C]: the negative list.
        ("mof-102", "Art 10"),
        # mof-102 Art 10 [C] and Art 18 [C]: no disguised hiring.
        ("mof-102", "Art 10, Art 18"),
        # mof-102 Art 12 [C] catalogues, Art 14 [C] bought once budgeted.
        ("mof-102", "Art 12, Art 14"),
        # mof-102 Art 23 [C]: a written, published contract.
        ("mof-102", "Art 23"),
        # mof-102 Art 24 [C]: a year in general, three when stable.
        ("mof-102", "Art 24"),
        # ck-2015-124 [C] (its row and its rule): two suppliers suffice in
        # consultation for purchased services; the notice is cited whole.
        ("ck-2015-124", "全文"),
    }
)

ASSUMED_DOCUMENTS = (
    "ay-catalogue-2015",
    "ay-catalogue-2016",
    "ay-budget-2016",
    "ay-oversight",
)
"""The documents the Anyang preset infers from reported practice."""
NAMED_DOCUMENTS = (
    "ay-implementation",
    "ay-process",
    "ay-catalogue-2014",
    "ay-evaluation",
)
"""The four documents the article names: 实施办法, 流程, 第一批目录, 绩效评价办法."""


def workflow_rule_ids() -> set[str]:
    return {r.id for t in TRANSITIONS for r in t.rules} | {"stage.order"}


def stretch_starts(framework: pp.PolicyFramework) -> list[date]:
    """2014-01-01 and every document boundary up to 2030-12-31."""
    inside = (d for d in framework.boundaries() if FIRST_DAY < d <= LAST_DAY)
    return [FIRST_DAY, *sorted(inside)]


def preset_citations() -> Iterator[tuple[PolicyDocument, str, Citation]]:
    """Every citation a preset document produces: its values and its rules."""
    for doc in presets.anyang().documents:
        keys = [*doc.sets.names(), *(["catalogue"] * (doc.catalogue is not None))]
        for key in (*keys, *doc.establishes):
            yield doc, key, doc.citation(key)


def document(**changes: object) -> PolicyDocument:
    values: dict[str, object] = {
        "id": "test-doc",
        "title": pp.Label("测试文件", "Test document"),
        "layer": pp.Layer.SUPPORTING,
        "effective": date(2015, 1, 1),
    }
    values.update(changes)
    return PolicyDocument(**values)  # type: ignore[arg-type]


class TestProvenance:
    def test_members_are_bilingual_and_ordered_by_certainty(self) -> None:
        """TEXT, REPORTED, ASSUMED carry Chinese and English, surest first."""
        assert [(p.zh, p.en) for p in Provenance] == [
            ("原文", "Text"),
            ("转述", "Reported"),
            ("假定", "Assumed"),
        ]

    def test_weakest_is_the_least_sure(self) -> None:
        """weakest() picks the least sure; with nothing given, TEXT."""
        assert Provenance.weakest([TEXT, REPORTED]) is REPORTED
        assert Provenance.weakest([ASSUMED, TEXT, REPORTED]) is ASSUMED
        assert Provenance.weakest([]) is TEXT


class TestCitation:
    def test_provenance_follows_verified_by_default(self) -> None:
        """Verified is TEXT, unverified is REPORTED, as before provenance existed."""
        assert Citation("gpl", "Art 35").provenance is TEXT
        assert Citation("gpl", "Art 35", False).provenance is REPORTED

    def test_verified_follows_a_given_provenance(self) -> None:
        """Given only a provenance, verified is whether it is TEXT."""
        assert Citation("gpl", "Art 35", provenance=TEXT).verified
        assert not Citation("x", provenance=REPORTED).verified
        assert not Citation("x", provenance=ASSUMED).verified

    def test_agreeing_verified_and_provenance_are_accepted(self) -> None:
        """Both given and agreeing: kept as given."""
        cite = Citation("x", "", False, "n", provenance=ASSUMED)
        assert (cite.verified, cite.provenance, cite.note) == (False, ASSUMED, "n")

    @pytest.mark.parametrize(
        ("verified", "provenance"), [(True, ASSUMED), (True, REPORTED), (False, TEXT)]
    )
    def test_disagreeing_verified_and_provenance_are_refused(
        self, *, verified: bool, provenance: Provenance
    ) -> None:
        """The flag `verified` must be exactly `provenance is TEXT`."""
        with pytest.raises(pp.InvalidInput, match=r"Citation\.verified: .* disagrees"):
            Citation("x", verified=verified, provenance=provenance)

    def test_a_provenance_that_is_no_provenance_is_refused(self) -> None:
        """A string where a Provenance belongs raises InvalidInput."""
        with pytest.raises(pp.InvalidInput, match="Citation.provenance"):
            Citation("x", provenance="TEXT")  # type: ignore[arg-type]

    def test_positional_form_is_kept(self) -> None:
        """Citation(document, article, verified, note) still works positionally."""
        cite = Citation("gpl", "Art 35", True, "as amended")
        assert (cite.document, cite.article, cite.verified, cite.note) == (
            "gpl",
            "Art 35",
            True,
            "as amended",
        )

    @pytest.mark.parametrize(
        ("cite", "text"),
        [
            (Citation("gpl", "Art 35"), "gpl Art 35"),
            (Citation("gpl", "Art 35", note="as amended"), "gpl Art 35 (as amended)"),
            (Citation("x", provenance=REPORTED), "x [reported]"),
            (
                Citation("x", "§2", note="news", provenance=REPORTED),
                "x §2 [reported; news]",
            ),
            (Citation("x", "§2", provenance=ASSUMED), "x §2 [assumed]"),
            (Citation("x", note="ours", provenance=ASSUMED), "x [assumed; ours]"),
        ],
    )
    def test_str_shows_the_provenance(self, cite: Citation, text: str) -> None:
        """A citation that is not TEXT says how sure it is."""
        assert str(cite) == text

    def test_repr_names_the_member(self) -> None:
        """The repr ends with the provenance by name."""
        assert repr(Citation("x", provenance=ASSUMED)).endswith(
            "note='', provenance=Provenance.ASSUMED)"
        )

    @pytest.mark.parametrize("provenance", list(Provenance))
    def test_provenance_survives_a_round_trip(self, provenance: Provenance) -> None:
        """to_dict/from_dict keep the provenance (and verified)."""
        cite = Citation("x", "§1", note="n", provenance=provenance)
        data = serialization.to_dict(cite)
        assert data["provenance"] == provenance.name
        assert serialization.from_dict(Citation, data) == cite

    def test_stored_citations_without_provenance_still_load(self) -> None:
        """Data written before provenance existed loads, derived from verified."""
        data = {"document": "x", "article": "", "verified": False, "note": ""}
        assert serialization.from_dict(Citation, data).provenance is REPORTED


class TestViolationBasis:
    def test_a_violation_has_no_basis_by_default(self) -> None:
        """Without a basis the rule's own citation is shown."""
        rule = RULES["tender.period"]
        violation = Violation(rule, "too short")
        assert violation.basis == ()
        assert str(violation) == f"[tender.period] too short ({rule.citation})"

    def test_the_basis_replaces_the_rules_citation_in_the_text(self) -> None:
        """With a basis, every citation of it is shown, in order."""
        basis = (Citation("gpl", "Art 35"), Citation("ay-x", "§3", provenance=ASSUMED))
        violation = Violation(RULES["tender.period"], "too short", basis=basis)
        assert str(violation) == (
            "[tender.period] too short (gpl Art 35; ay-x §3 [assumed])"
        )

    def test_a_basis_that_is_not_citations_is_refused(self) -> None:
        """A list, or a tuple of strings, raises InvalidInput naming the field."""
        rule = RULES["tender.period"]
        with pytest.raises(pp.InvalidInput, match="Violation.basis"):
            Violation(rule, "m", basis=[Citation("gpl")])  # type: ignore[arg-type]
        with pytest.raises(pp.InvalidInput, match="Violation.basis"):
            Violation(rule, "m", basis=("gpl Art 35",))  # type: ignore[arg-type]


class TestDocumentProvenance:
    def test_provenance_follows_verified_by_default(self) -> None:
        """A document is TEXT unless verified=False, which makes it REPORTED."""
        assert document().provenance is TEXT
        assert document(verified=False).provenance is REPORTED

    def test_verified_follows_a_given_provenance(self) -> None:
        """An ASSUMED or REPORTED document is not verified."""
        assert not document(provenance=ASSUMED).verified
        assert document(provenance=TEXT).verified

    def test_disagreeing_verified_and_provenance_are_refused(self) -> None:
        """verified=True with provenance ASSUMED raises InvalidInput."""
        with pytest.raises(pp.InvalidInput, match=r"PolicyDocument\.verified"):
            document(verified=True, provenance=ASSUMED)

    def test_citations_are_never_surer_than_their_document(self) -> None:
        """A value of a REPORTED or ASSUMED document cites with that provenance."""
        sets = pp.Overrides(min_tender_days=25)
        articles = {"min_tender_days": "§3"}
        for kind in Provenance:
            doc = document(sets=sets, articles=articles, provenance=kind)
            assert doc.citation("min_tender_days").provenance is kind

    def test_an_assumed_document_says_so_in_its_citations(self) -> None:
        """Without an assumption of its own, a value of an assumed document says why."""
        doc = document(
            sets=pp.Overrides(min_tender_days=25),
            articles={"min_tender_days": "§3"},
            provenance=ASSUMED,
        )
        assert doc.citation("min_tender_days").note == (
            "assumption: the document itself is assumed"
        )

    def test_an_assumed_value_is_assumed_in_a_known_document(self) -> None:
        """An assumption makes its citation ASSUMED, whatever the document is."""
        doc = document(
            sets=pp.Overrides(min_tender_days=25),
            articles={"min_tender_days": "§3"},
            assumptions={"min_tender_days": "ours"},
        )
        cite = doc.citation("min_tender_days")
        assert (cite.provenance, cite.note) == (ASSUMED, "assumption: ours")

    def test_a_reported_value_is_reported_in_a_known_document(self) -> None:
        """A value listed in `reported` cites REPORTED, with what it rests on."""
        doc = document(
            sets=pp.Overrides(min_tender_days=25),
            articles={"min_tender_days": "§3"},
            reported={"min_tender_days": "number unconfirmed"},
        )
        cite = doc.citation("min_tender_days")
        assert (cite.provenance, cite.note) == (REPORTED, "number unconfirmed")
        assert str(cite) == "test-doc §3 [reported; number unconfirmed]"

    def test_a_rule_it_establishes_cites_its_article(self) -> None:
        """citation(rule_id) gives the article of `establishes`."""
        doc = document(
            establishes={"tender.period": "§3", "contract.term": "§4"},
            assumptions={"contract.term": "a reading"},
        )
        assert doc.citation("tender.period") == Citation("test-doc", "§3")
        assert doc.citation("contract.term").provenance is ASSUMED


class TestEstablishes:
    def test_a_mapping_is_stored_sorted_and_immutable(self) -> None:
        """The field reads like the dict given, keys sorted, and cannot change."""
        doc = document(establishes={"tender.period": "§3", "contract.term": "§4"})
        assert doc.establishes == {"contract.term": "§4", "tender.period": "§3"}
        assert list(doc.establishes) == ["contract.term", "tender.period"]
        assert doc.establishes["tender.period"] == "§3"
        assert len(doc.establishes) == 2
        assert repr(doc.establishes) == "{'contract.term': '§4', 'tender.period': '§3'}"
        with pytest.raises(TypeError):
            doc.establishes["x.y"] = "§1"  # type: ignore[index]
        with pytest.raises(KeyError):
            doc.establishes["no.such"]

    def test_documents_stay_hashable_and_compare_by_value(self) -> None:
        """Two documents establishing the same rules are equal, with equal hashes."""
        first = document(establishes={"tender.period": "§3"})
        second = document(establishes={"tender.period": "§3"})
        assert first == second
        assert hash(first) == hash(second)
        assert first != document(establishes={"tender.period": "§4"})
        assert attrs.evolve(first, establishes=first.establishes) == first

    def test_by_default_a_document_establishes_nothing(self) -> None:
        """Both `establishes` and `reported` are empty unless given."""
        assert document().establishes == {}
        assert document().reported == {}

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            ({"Tender": "§3"}, "'Tender' is not a dotted rule id"),
            ({"tender.period": 3}, "must be a mapping of strings to strings"),
            ([("tender.period", "§3")], "must be a mapping of strings to strings"),
        ],
    )
    def test_bad_establishes_are_refused(self, value: object, match: str) -> None:
        """A key that is no rule id, or a value that is no string, is refused."""
        with pytest.raises(pp.InvalidInput, match=match):
            document(establishes=value)

    def test_reported_and_assumptions_name_what_the_document_has(self) -> None:
        """A reported or assumed key must be a value set or a rule established."""
        with pytest.raises(pp.InvalidInput, match="'tender.period' is neither"):
            document(reported={"tender.period": "x"})
        with pytest.raises(pp.InvalidInput, match="'min_tender_days' is neither"):
            document(assumptions={"min_tender_days": "x"})
        with pytest.raises(pp.InvalidInput, match="PolicyDocument.reported"):
            document(reported={"tender.period": 1})

    def test_an_article_may_not_name_a_rule(self) -> None:
        """Articles are for values; a rule's article belongs in `establishes`."""
        with pytest.raises(pp.InvalidInput, match=r"PolicyDocument\.articles: 'x\.y'"):
            document(articles={"x.y": "§1"}, establishes={"x.y": "§1"})

    def test_establishes_and_provenance_survive_a_round_trip(self) -> None:
        """to_dict writes plain dicts and names; from_dict rebuilds the document."""
        doc = document(
            establishes={"tender.period": "§3"},
            reported={"tender.period": "a news report"},
            provenance=REPORTED,
        )
        data = serialization.to_dict(doc)
        assert data["establishes"] == {"tender.period": "§3"}
        assert data["reported"] == {"tender.period": "a news report"}
        assert (data["provenance"], data["verified"]) == ("REPORTED", False)
        assert serialization.from_dict(PolicyDocument, data) == doc

    def test_the_presets_survive_a_round_trip(self) -> None:
        """The Anyang framework, establishes and all, comes back equal."""
        fw = presets.anyang()
        assert (
            serialization.from_dict(pp.PolicyFramework, serialization.to_dict(fw)) == fw
        )

    def test_bad_establishes_data_names_its_path(self) -> None:
        """from_dict refuses a non-string article with the field's path."""
        data = serialization.to_dict(document())
        data["establishes"] = {"tender.period": 3}
        with pytest.raises(pp.InvalidInput, match=r"establishes"):
            serialization.from_dict(PolicyDocument, data)


class TestRuleSetBasis:
    def framework(self) -> pp.PolicyFramework:
        law = document(
            id="law",
            layer=pp.Layer.NATIONAL,
            effective=date(2010, 1, 1),
            establishes={"tender.period": "Art 35"},
        )
        local = document(
            id="local",
            establishes={"tender.period": "§3", "contract.term": "§4"},
            provenance=REPORTED,
        )
        # The local document comes first in the framework: the basis still
        # puts national law first.
        return pp.PolicyFramework((local, law))

    def test_national_first_then_by_layer(self) -> None:
        """The documents in force that establish the rule, national first."""
        rules = self.framework().at(date(2016, 1, 1))
        assert rules.basis("tender.period") == (
            Citation("law", "Art 35"),
            Citation("local", "§3", provenance=REPORTED),
        )

    def test_only_documents_in_force_count(self) -> None:
        """Before the local document takes effect, only the law is the basis."""
        rules = self.framework().at(date(2014, 6, 1))
        assert rules.basis("tender.period") == (Citation("law", "Art 35"),)

    def test_a_rule_no_document_establishes_cites_itself(self) -> None:
        """With no document establishing it, the rule's own citation is the basis."""
        rules = self.framework().at(date(2014, 6, 1))
        assert rules.basis("contract.term") == (RULES["contract.term"].citation,)
        assert pp.PolicyFramework(()).at(FIRST_DAY).basis("stage.order") == (
            RULES["stage.order"].citation,
        )

    def test_an_unknown_rule_is_refused(self) -> None:
        """An id that is no rule, or no string, raises InvalidInput."""
        rules = self.framework().at(date(2016, 1, 1))
        with pytest.raises(pp.InvalidInput, match="no rule 'no.such_rule'"):
            rules.basis("no.such_rule")
        with pytest.raises(pp.InvalidInput, match="rule_id: must be a rule id string"):
            rules.basis(["tender.period"])  # type: ignore[arg-type]

    def test_the_table_is_computed_once_per_rule_set(self) -> None:
        """The rule set holds the table; asking twice returns the same tuple."""
        rules = self.framework().at(date(2016, 1, 1))
        assert dict(rules.established) == {
            "contract.term": (Citation("local", "§4", provenance=REPORTED),),
            "tender.period": rules.basis("tender.period"),
        }
        assert rules.basis("tender.period") is rules.basis("tender.period")
        assert attrs.evolve(rules).basis("tender.period") == rules.basis(
            "tender.period"
        )


class TestAnyangBasis:
    @pytest.mark.parametrize("day", stretch_starts(presets.anyang()), ids=str)
    def test_every_workflow_rule_has_a_basis_in_force(self, day: date) -> None:
        """On each stretch from 2014, every rule's basis names documents in force."""
        rules = presets.anyang().at(day)
        in_force = {doc.id for doc in rules.documents}
        for rule_id in sorted(workflow_rule_ids() - OWN_RULES):
            cited = [c.document for c in rules.basis(rule_id)]
            assert rule_id in dict(rules.established), (day, rule_id)
            assert set(cited) <= in_force, (day, rule_id, cited)

    def test_the_record_keeping_rule_cites_the_librarys_documentation(self) -> None:
        """history.chronology rests on the library's documentation, as TEXT."""
        for rule_id in OWN_RULES & workflow_rule_ids():
            (cite,) = presets.anyang().at(FIRST_DAY).basis(rule_id)
            assert cite == RULES[rule_id].citation
            assert cite.document == "procpolicy"
            assert cite.provenance is TEXT

    def test_a_2014_basis_never_cites_a_2020_order(self) -> None:
        """No rule's basis in 2014 names mof-102, in force from 2020-03-01."""
        for day in (FIRST_DAY, date(2014, 6, 1), date(2014, 12, 31)):
            rules = presets.anyang().at(day)
            for rule_id in workflow_rule_ids():
                assert "mof-102" not in {c.document for c in rules.basis(rule_id)}
        assert "mof-102" in {
            c.document
            for c in presets.anyang().at(date(2021, 1, 1)).basis("catalogue.listed")
        }

    def test_the_separate_budget_line_rests_on_the_guidance_before_2016(self) -> None:
        """Before 2016 the guidance's budgeting governs; from 2016, ay-budget-2016."""
        fw = presets.anyang()
        before = [
            c.document for c in fw.at(date(2015, 6, 1)).basis("budget.separate_line")
        ]
        after = [
            c.document for c in fw.at(date(2016, 6, 1)).basis("budget.separate_line")
        ]
        assert before == ["gbf-2013-96"]
        assert after == ["gbf-2013-96", "ay-budget-2016"]
        assert fw.at(date(2016, 6, 1)).basis("budget.separate_line")[1].provenance is (
            ASSUMED
        )

    def test_every_established_id_is_a_rule(self) -> None:
        """The presets establish registered rules, or rules DESIGN.md announces."""
        established = {key for doc in presets.anyang() for key in doc.establishes}
        assert established - set(RULES.ids()) <= ANNOUNCED


class TestPresetProvenance:
    def test_the_documents_the_article_names_are_reported(self) -> None:
        """实施办法, 流程, 第一批指导性目录, 绩效评价办法: named, not read."""
        fw = presets.anyang()
        assert [fw.document(i).provenance for i in NAMED_DOCUMENTS] == [REPORTED] * 4

    def test_the_inferred_documents_are_assumed_and_say_so(self) -> None:
        """Exactly the inferred documents are ASSUMED, and their titles say it."""
        fw = presets.anyang()
        assumed = tuple(d.id for d in fw.documents if d.provenance is ASSUMED)
        assert assumed == ASSUMED_DOCUMENTS
        for doc_id in assumed:
            title = fw.document(doc_id).title
            assert "假定" in title.zh, doc_id
            assert "assumed" in title.en, doc_id

    def test_the_presets_page_lists_the_assumed_documents(self) -> None:
        """docs/presets.md has a section listing every ASSUMED document."""
        page = (DOCS / "presets.md").read_text(encoding="utf-8")
        section = page.split("### Documents this library assumes")[1].split("###")[0]
        listed = re.findall(r"^\| `([a-z0-9.-]+)` \|", section, flags=re.MULTILINE)
        assert tuple(listed) == ASSUMED_DOCUMENTS

    def test_no_citation_is_text_unless_regulations_confirms_it(self) -> None:
        """A TEXT citation is one REGULATIONS.md marks [C] with its article."""
        text = {
            (cite.document, cite.article)
            for _, _, cite in preset_citations()
            if cite.provenance is TEXT
        }
        assert text <= TEXT_ALLOWED, sorted(text - TEXT_ALLOWED)
        assert ("mof-102", "Art 14, Art 16") not in text

    def test_every_entry_of_the_allow_list_is_used(self) -> None:
        """The allow-list holds no stale entry: each is cited, as TEXT."""
        cited = {(c.document, c.article) for _, _, c in preset_citations()}
        assert cited >= TEXT_ALLOWED

    def test_every_assumption_cites_as_assumed(self) -> None:
        """A value or rule a document records as an assumption cites ASSUMED."""
        for doc, key, cite in preset_citations():
            if doc.assumption(key) is not None:
                assert cite.provenance is ASSUMED, (doc.id, key)

    def test_section_names_no_source_gives_are_assumed(self) -> None:
        """采购方式 and 合同管理, named by this library, cite as ASSUMED."""
        invented = [
            (doc.id, key, cite)
            for doc, key, cite in preset_citations()
            if cite.article in {"采购方式", "合同管理"}
        ]
        assert invented
        for doc_id, key, cite in invented:
            assert cite.provenance is ASSUMED, (doc_id, key)
            assert "the section name is ours" in cite.note, (doc_id, key)

    def test_unconfirmed_national_dates_are_reported(self) -> None:
        """The national documents REGULATIONS.md dates [U] are REPORTED."""
        fw = presets.national()
        reported = {d.id for d in fw.documents if d.provenance is REPORTED}
        assert reported == {
            "gbf-2013-96",
            "czz-2014-96",
            "ck-2014-214",
            "cy-2020-10",
            "mof-74",  # 财政部令第74号: not in REGULATIONS.md at all
        }
        assert all(d.provenance is TEXT for d in fw if d.id not in reported)
