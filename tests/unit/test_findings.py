"""Findings have a severity: errors make a framework unsound, warnings do not.

Covers `Severity`, `PolicyFramework.check` / `.warnings`, ``framework.conflict``,
the five questions checked on the local system, and the contract-cap invariant
(an ordinary contract may never run longer than a stable one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import presets
from procpolicy.policy import PolicyDocument as Doc
from tests._lifecycle import cleaning_2015

ANYANG = presets.anyang()
NATIONAL = presets.national()
DAY = date(2016, 6, 1)


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


def setting(doc_id: str, article: str, /, **values: object) -> Doc:
    """A supporting document setting ``values``, each cited to ``article``."""
    return doc(
        doc_id,
        sets=pp.Overrides(**values),
        articles=dict.fromkeys(values, article),
    )


def rule_ids(findings: Iterable[pp.Finding]) -> list[str]:
    return [f.rule.id for f in findings]


def of_rule(findings: tuple[pp.Finding, ...], rule_id: str) -> list[pp.Finding]:
    return [f for f in findings if f.rule.id == rule_id]


class TestSeverity:
    def test_severities_are_bilingual(self) -> None:
        """ERROR is 错误 and WARNING is 警告."""
        assert (pp.Severity.ERROR.zh, pp.Severity.ERROR.en) == ("错误", "Error")
        assert (pp.Severity.WARNING.zh, pp.Severity.WARNING.en) == ("警告", "Warning")

    def test_a_finding_is_an_error_by_default(self) -> None:
        """A finding built without a severity is an error, and reads as before."""
        finding = pp.Finding(pp.RULES["framework.expiry"], "never in force", ("ay-x",))
        assert finding.severity is pp.Severity.ERROR
        assert str(finding) == "[framework.expiry] [ay-x] never in force"

    def test_a_warning_says_so(self) -> None:
        """str() of a warning marks it, before the message and the fix."""
        finding = pp.Finding(
            pp.RULES["framework.uncited"],
            "no article",
            ("ay-x",),
            "add one",
            pp.Severity.WARNING,
        )
        assert (
            str(finding)
            == "[framework.uncited] [ay-x] (warning) no article Fix: add one"
        )

    def test_a_severity_must_be_a_severity(self) -> None:
        """A string for the severity is invalid input naming the field."""
        with pytest.raises(pp.InvalidInput, match="severity"):
            pp.Finding(pp.RULES["framework.uncited"], "x", severity="WARNING")  # type: ignore[arg-type]

    def test_check_lists_errors_and_warnings_lists_warnings(self) -> None:
        """An uncited value and an unknown supersession land on different lists."""
        fw = ANYANG.with_document(
            doc(sets=pp.Overrides(min_tender_days=30), supersedes="ay-ghost")
        )
        assert rule_ids(fw.check()) == ["framework.supersedes"]
        assert rule_ids(fw.warnings()) == ["framework.uncited"]
        assert {f.severity for f in fw.check()} == {pp.Severity.ERROR}
        assert {f.severity for f in fw.warnings()} == {pp.Severity.WARNING}
        assert not fw.is_sound()

    def test_a_framework_with_only_warnings_is_sound(self) -> None:
        """Warnings do not make a framework unsound."""
        fw = ANYANG.with_document(doc(sets=pp.Overrides(min_tender_days=30)))
        assert fw.check() == ()
        assert fw.is_sound()
        assert fw.warnings()

    def test_the_presets_have_no_error_and_no_warning(self) -> None:
        """Both shipped frameworks are sound, and warn of nothing."""
        for fw in (ANYANG, NATIONAL):
            assert fw.check() == ()
            assert fw.warnings() == ()


class TestUncited:
    def test_a_tightening_document_without_articles_is_only_a_warning(self) -> None:
        """A stricter tender period without its article does not fail check()."""
        fw = ANYANG.with_document(doc(sets=pp.Overrides(min_tender_days=30)))
        assert fw.check() == ()
        (warning,) = fw.warnings()
        assert warning.rule.id == "framework.uncited"
        assert warning.documents == ("ay-extra",)
        assert "min_tender_days" in warning.message
        assert fw.at(DAY).parameters.min_tender_days == 30

    def test_an_uncited_catalogue_is_only_a_warning(self) -> None:
        """A catalogue listed without its article is a warning, too."""
        fw = ANYANG.with_document(
            doc(catalogue=pp.Catalogue(categories={pp.ServiceCategory.SOCIAL_WORK}))
        )
        assert fw.check() == ()
        assert rule_ids(fw.warnings()) == ["framework.uncited"]
        assert "catalogue" in fw.warnings()[0].message

    def test_a_cited_value_warns_of_nothing(self) -> None:
        """The same document with its article brings no finding at all."""
        fw = ANYANG.with_document(setting("ay-extra", "§2", min_tender_days=30))
        assert fw.check() == ()
        assert fw.warnings() == ()


class TestConflict:
    def test_two_weights_in_force_together_are_an_error(self) -> None:
        """Internal weights 0.3 and 0.7 of one layer make the framework unsound."""
        fw = ANYANG.with_document(
            setting("ay-w1", "§4", internal_weight=Decimal("0.3"))
        ).with_document(setting("ay-w2", "第二条", internal_weight=Decimal("0.7")))
        (error,) = fw.check()
        assert error.rule.id == "framework.conflict"
        assert error.severity is pp.Severity.ERROR
        assert error.documents == ("ay-w1", "ay-w2")
        for part in ("'ay-w1' (§4)", "'ay-w2' (第二条)", "0.3", "0.7", "SUPPORTING"):
            assert part in error.message
        assert "2016-01-01" in error.message
        assert "supersede" in error.hint
        assert fw.warnings() == ()

    def test_an_unordered_conflict_names_the_value_taken(self) -> None:
        """The message says which of the two values the rule set takes, and why."""
        fw = ANYANG.with_document(
            setting("ay-w1", "§4", internal_weight=Decimal("0.3"))
        ).with_document(
            attrs.evolve(
                setting("ay-w2", "§1", internal_weight=Decimal("0.7")),
                effective=date(2017, 1, 1),
            )
        )
        (error,) = fw.check()
        assert "'ay-w2''s 0.7 is taken only because it is the newer" in error.message
        assert fw.at(date(2017, 6, 1)).parameters.internal_weight == Decimal("0.7")

    def test_two_ordered_values_in_force_together_are_a_warning(self) -> None:
        """Tender periods of 25 and 30 days warn; the stricter, 30, stays."""
        fw = ANYANG.with_document(
            setting("ay-t1", "§3", min_tender_days=25)
        ).with_document(setting("ay-t2", "§7", min_tender_days=30))
        assert fw.check() == ()
        (warning,) = fw.warnings()
        assert warning.rule.id == "framework.conflict"
        assert warning.severity is pp.Severity.WARNING
        assert warning.documents == ("ay-t1", "ay-t2")
        for part in ("'ay-t1' (§3)", "'ay-t2' (§7)", "= 25", "sets 30"):
            assert part in warning.message
        assert "the strictest, 30, stays in force" in warning.message
        assert fw.at(DAY).parameters.min_tender_days == 30

    def test_an_uncited_conflicting_value_says_no_article(self) -> None:
        """A conflicting value without its article is named as such."""
        fw = ANYANG.with_document(
            doc("ay-t1", sets=pp.Overrides(min_tender_days=25))
        ).with_document(setting("ay-t2", "§7", min_tender_days=30))
        (conflict,) = of_rule(fw.warnings(), "framework.conflict")
        assert "'ay-t1' (no article)" in conflict.message

    def test_a_conflict_is_reported_once(self) -> None:
        """Two documents in force over several stretches give one finding."""
        fw = (
            ANYANG.with_document(setting("ay-t1", "§3", min_tender_days=25))
            .with_document(setting("ay-t2", "§7", min_tender_days=30))
            .with_document(attrs.evolve(doc("ay-later"), effective=date(2019, 1, 1)))
        )
        assert len(of_rule(fw.warnings(), "framework.conflict")) == 1

    def test_equal_values_do_not_conflict(self) -> None:
        """Two documents of one layer setting the same weight agree."""
        fw = ANYANG.with_document(
            setting("ay-w1", "§4", internal_weight=Decimal("0.5"))
        ).with_document(setting("ay-w2", "§1", internal_weight=Decimal("0.5")))
        assert fw.check() == ()
        assert fw.warnings() == ()

    def test_a_superseding_document_does_not_conflict(self) -> None:
        """The newer weight replaces the older: no conflict, and the newer applies."""
        fw = ANYANG.with_document(
            setting("ay-w1", "§4", internal_weight=Decimal("0.3"))
        ).with_document(
            attrs.evolve(
                setting("ay-w2", "§1", internal_weight=Decimal("0.7")),
                supersedes="ay-w1",
            )
        )
        assert fw.check() == ()
        assert fw.warnings() == ()
        assert fw.at(DAY).parameters.internal_weight == Decimal("0.7")

    def test_a_document_superseding_through_a_chain_does_not_conflict(self) -> None:
        """C is superseded by B, B by A: A and C in force together agree to differ.

        A takes effect in 2017 and B only in 2018, so in 2017 C is still in force
        next to A; A replaces C through B.
        """
        c = setting("ay-c", "§1", internal_weight=Decimal("0.3"))
        b = attrs.evolve(
            setting("ay-b", "§1", internal_weight=Decimal("0.5")),
            effective=date(2018, 1, 1),
            supersedes="ay-c",
        )
        a = attrs.evolve(
            setting("ay-a", "§1", internal_weight=Decimal("0.7")),
            effective=date(2017, 1, 1),
            supersedes="ay-b",
        )
        fw = pp.PolicyFramework((*ANYANG.documents, c, b, a))
        in_2017 = {d.id for d in fw.in_force(date(2017, 6, 1))}
        assert {"ay-a", "ay-c"} <= in_2017
        assert "ay-b" not in in_2017
        assert of_rule(fw.check(), "framework.conflict") == []

    def test_a_supersession_cycle_is_not_a_chain_to_the_other(self) -> None:
        """A cycle elsewhere does not excuse two documents from conflicting."""
        looped = attrs.evolve(
            setting("ay-x", "§1", internal_weight=Decimal("0.3")), supersedes="ay-y"
        )
        loop = attrs.evolve(doc("ay-y"), supersedes="ay-x", effective=date(2030, 1, 1))
        other = setting("ay-z", "§2", internal_weight=Decimal("0.7"))
        fw = pp.PolicyFramework((*ANYANG.documents, looped, loop, other))
        assert rule_ids(of_rule(fw.check(), "framework.conflict")) == [
            "framework.conflict"
        ]

    def test_documents_not_in_force_together_do_not_conflict(self) -> None:
        """A weight that expires before the next takes effect conflicts with nothing."""
        fw = ANYANG.with_document(
            attrs.evolve(
                setting("ay-w1", "§4", internal_weight=Decimal("0.3")),
                expires=date(2016, 12, 31),
            )
        ).with_document(
            attrs.evolve(
                setting("ay-w2", "§1", internal_weight=Decimal("0.7")),
                effective=date(2017, 1, 1),
            )
        )
        assert fw.check() == ()

    def test_documents_of_different_layers_do_not_conflict(self) -> None:
        """A supporting weight over the core one is more specific, not in conflict."""
        fw = ANYANG.with_document(
            setting("ay-w1", "§4", internal_weight=Decimal("0.9"))
        )
        assert fw.check() == ()
        assert fw.warnings() == ()

    def test_negative_lists_of_one_layer_add_up(self) -> None:
        """Two documents each adding to the negative list do not conflict."""
        fw = ANYANG.with_document(
            setting("ay-p1", "§1", prohibited={pp.Prohibited.FINANCING})
        ).with_document(setting("ay-p2", "§1", prohibited={pp.Prohibited.STAFFING}))
        assert fw.check() == ()
        assert fw.warnings() == ()

    def test_national_documents_in_force_together_agree(self) -> None:
        """cy-2017-87 and mof-102 both set a three-year stable term: no conflict."""
        day = date(2021, 1, 1)
        ids = {d.id for d in NATIONAL.in_force(day)}
        assert {"cy-2017-87", "mof-102"} <= ids
        assert NATIONAL.check() == ()


class TestLocalQuestions:
    def questions_answered_only_nationally(self) -> pp.PolicyFramework:
        """Anyang with no local document answering 买的值 (national ones still do)."""
        fw = ANYANG
        for doc_id in ("ay-evaluation", "ay-budget-2016", "ay-oversight"):
            fw = fw.replace(attrs.evolve(fw.document(doc_id), answers=frozenset()))
        return fw

    def test_the_local_system_answers_every_question(self) -> None:
        """Anyang's own documents answer all five questions."""
        for day in ANYANG.boundaries():
            local = [
                d for d in ANYANG.in_force(day) if d.layer is not pp.Layer.NATIONAL
            ]
            if local:
                assert {q for d in local for q in d.answers} == set(pp.Question)
        assert of_rule(ANYANG.check(), "framework.questions") == []

    def test_national_answers_do_not_stand_in_for_local_ones(self) -> None:
        """National law answering 买的值 does not excuse the local system."""
        fw = self.questions_answered_only_nationally()
        day = date(2021, 1, 1)
        assert any(
            pp.Question.VALUE in d.answers
            for d in fw.in_force(day)
            if d.layer is pp.Layer.NATIONAL
        )
        (finding,) = fw.check()
        assert finding.rule.id == "framework.questions"
        assert finding.severity is pp.Severity.ERROR
        assert "no local document in force answers 买的值" in finding.message
        assert "Question.VALUE" in finding.hint

    def test_national_rules_alone_need_no_local_answers(self) -> None:
        """Without local documents the five questions are not asked."""
        assert of_rule(NATIONAL.check(), "framework.questions") == []


class TestContractCap:
    def project_awaiting_contract(self) -> pp.Project:
        """The 2015 cleaning lifecycle moved to 2018, folded up to its award."""
        events = [
            attrs.evolve(e, at=e.at.replace(year=e.at.year + 3))
            for e in cleaning_2015()[:5]
        ]
        return pp.project.fold(events)

    def contracted(self, years: int, *, stable: bool) -> E.Contracted:
        """A contract signed 2018-03-20, starting 2018-04-01, for ``years``."""
        return E.Contracted(
            at=datetime(2018, 3, 20, 9),
            start=date(2018, 4, 1),
            end=date(2018 + years, 3, 31),
            amount=Decimal(760_000),
            stable=stable,
        )

    @pytest.mark.parametrize("stable", [False, True])
    def test_a_five_year_contract_is_refused_under_the_2017_rules(
        self, stable: bool
    ) -> None:
        """Under national rules in 2018 five years are refused, stable or not."""
        wf = pp.Workflow(NATIONAL)
        found = wf.check(
            self.project_awaiting_contract(), self.contracted(5, stable=stable)
        )
        assert [v.rule.id for v in found] == ["contract.term"]
        assert "at most 36 months" in found[0].message
        assert "(cy-2017-87 " in found[0].message

    @pytest.mark.parametrize("stable", [False, True])
    def test_a_three_year_contract_is_accepted_under_the_2017_rules(
        self, stable: bool
    ) -> None:
        """Three years, the stable term, is accepted for both kinds of contract."""
        wf = pp.Workflow(NATIONAL)
        project = wf.apply(
            self.project_awaiting_contract(), self.contracted(3, stable=stable)
        )
        assert project.stage is pp.Stage.CONTRACTED

    @pytest.mark.parametrize(
        "day", [date(2017, 5, 28), date(2019, 1, 1), date(2020, 2, 29)]
    )
    def test_the_ordinary_cap_cites_what_bound_it(self, day: date) -> None:
        """Before mof-102 the ordinary cap is the stable one, and cites cy-2017-87."""
        rules = NATIONAL.at(day)
        assert rules.parameters.max_contract_years == 3
        assert rules.source("max_contract_years") == rules.source(
            "max_stable_contract_years"
        )
        assert rules.source("max_contract_years").document == "cy-2017-87"

    def test_a_lower_ordinary_cap_keeps_its_own_source(self) -> None:
        """From mof-102 the one-year cap is below the stable one and cites Art 24."""
        rules = NATIONAL.at(date(2021, 1, 1))
        assert rules.parameters.max_contract_years == 1
        assert str(rules.source("max_contract_years")) == "mof-102 Art 24"

    def test_the_cap_and_a_broken_table_are_both_repaired(self) -> None:
        """A document with a long term and rising ratios gets both made consistent."""
        fw = pp.PolicyFramework(
            (
                setting(
                    "ay-x",
                    "§1",
                    max_contract_years=5,
                    max_stable_contract_years=3,
                    payment_ratios=pp.PaymentSchedule(
                        Decimal("0.9"), 1, Decimal("0.5"), Decimal("0.8")
                    ),
                ),
            )
        )
        params = fw.at(DAY).parameters
        assert params.max_contract_years == 3
        assert params.payment_ratios.is_monotone()

    def test_a_local_term_above_the_national_stable_term_is_loosening(self) -> None:
        """In 2018 the nation sets only the stable term; five local years loosen it."""
        local = Doc(
            id="ay-local",
            title=pp.Label("实施办法", "Measure"),
            layer=pp.Layer.IMPLEMENTATION,
            effective=date(2018, 1, 1),
            sets=pp.Overrides(max_contract_years=5),
            articles={"max_contract_years": "§9"},
        )
        fw = NATIONAL.with_document(local)
        (finding,) = of_rule(fw.check(), "framework.loosening")
        assert finding.documents == ("ay-local", "cy-2017-87")
        assert "looser than 3 set by cy-2017-87" in finding.message
        assert "(as max_stable_contract_years)" in finding.message
        assert fw.at(date(2018, 6, 1)).parameters.max_contract_years == 3

    def test_a_higher_ordinary_cap_above_its_own_stable_cap_is_held_at_it(
        self,
    ) -> None:
        """A national five-year cap with a three-year stable one holds locals to 3."""
        national = Doc(
            id="nat-x",
            title=pp.Label("国家文件", "National"),
            layer=pp.Layer.NATIONAL,
            effective=date(2016, 1, 1),
            sets=pp.Overrides(max_contract_years=5, max_stable_contract_years=3),
            articles={
                "max_contract_years": "Art 1",
                "max_stable_contract_years": "Art 2",
            },
        )
        local = setting("ay-x", "§1", max_contract_years=4)
        (finding,) = of_rule(
            pp.PolicyFramework((national, local)).check(), "framework.loosening"
        )
        assert "looser than 3 set by nat-x Art 2" in finding.message

    def test_a_local_term_within_both_caps_is_no_loosening(self) -> None:
        """Anyang's one year under mof-102's one and three years loosens nothing."""
        assert of_rule(ANYANG.check(), "framework.loosening") == []
