"""Labels, errors, rules, catalogue, parties and parameters: the small values."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest

import procpolicy as pp
from procpolicy.parameters import is_looser, stricter
from procpolicy.presets.anyang import PARKS, SOCIAL_ASSISTANCE, STREET_LAMPS


class TestLabels:
    def test_every_enum_member_is_bilingual(self) -> None:
        """Each member of every public enum has non-empty zh and en."""
        enums = [
            v
            for v in vars(pp).values()
            if isinstance(v, type)
            and issubclass(v, pp.BilingualEnum)
            and v is not pp.BilingualEnum
        ]
        assert len(enums) >= 15
        for enum in enums:
            for member in enum:
                assert member.zh.strip()
                assert member.en.strip()
                assert member.label == pp.Label(member.zh, member.en)
                assert str(member) == f"{member.zh} ({member.en})"

    def test_unknown_member_name_is_invalid_input(self) -> None:
        """from_name lists the valid names."""
        with pytest.raises(pp.InvalidInput, match="expected one of EXCELLENT"):
            pp.Grade.from_name("BEST")
        with pytest.raises(pp.InvalidInput, match="is not a member"):
            pp.Grade.from_name(3)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("zh", "en"), [("", "x"), ("x", "  "), (1, "x")])
    def test_labels_need_text(self, zh: object, en: object) -> None:
        """Blank or non-string labels are refused."""
        with pytest.raises(pp.InvalidInput, match="Label"):
            pp.Label(zh, en)  # type: ignore[arg-type]

    def test_article_terms_are_the_article_s(self) -> None:
        """The catalogue's categories carry the article's Chinese names."""
        names = [c.zh for c in pp.ServiceCategory]
        assert names == [
            "市政环卫",
            "城市辅助管理",
            "公共安全辅助管理",
            "水务设施维护",
            "公共培训",
            "社工服务",
            "社会福利",
            "单位办公楼运行",
            "信息系统建设运行",
            "公共文化",
            "培训",
        ]


class TestErrors:
    def test_the_hierarchy_mixes_in_value_error(self) -> None:
        """InvalidInput and PolicyInconsistent are ValueErrors and ProcPolicyErrors."""
        assert issubclass(pp.InvalidInput, ValueError)
        assert issubclass(pp.PolicyInconsistent, ValueError)
        assert issubclass(pp.TransitionRefused, pp.ProcPolicyError)
        assert not issubclass(pp.TransitionRefused, ValueError)

    def test_errors_survive_pickling(self) -> None:
        """Errors keep their attributes across processes (executors pickle them)."""
        err = pickle.loads(pickle.dumps(pp.InvalidInput(["a @ $.x", "b @ $.y"])))  # noqa: S301
        assert err.messages == ("a @ $.x", "b @ $.y")
        assert err.errors == err.messages
        inconsistent = pickle.loads(pickle.dumps(pp.PolicyInconsistent("bad", ())))  # noqa: S301
        assert str(inconsistent) == "bad"
        refused = pickle.loads(pickle.dumps(pp.TransitionRefused("p", "e", ())))  # noqa: S301
        assert refused.project == "p"

    def test_empty_invalid_input_still_reads(self) -> None:
        """An InvalidInput with no message says so."""
        assert str(pp.InvalidInput([])) == "invalid input"


class TestRules:
    def test_registry_ids_are_unique_dotted_and_stable(self) -> None:
        """Every rule id is dotted lower case and appears once."""
        ids = pp.RULES.ids()
        assert len(ids) == len(set(ids)) == len(pp.RULES)
        assert ids[0] == "stage.order"
        for rule in pp.RULES:
            assert rule.id.count(".") >= 1
            assert rule.title.zh
            assert rule.title.en
            assert pp.RULES[rule.id] is rule

    def test_design_guard_ids_are_registered(self) -> None:
        """Every guard id DESIGN.md promises is in the registry."""
        promised = [
            "stage.order",
            "catalogue.listed",
            "catalogue.prohibited",
            "purchaser.eligible",
            "budget.separate_line",
            "budget.targets",
            "disclosure.complete",
            "method.permitted",
            "tender.period",
            "undertaker.eligible",
            "award.within_budget",
            "contract.deadline",
            "contract.term",
            "contract.within_budget",
            "evaluation.evaluator",
            "settlement.evaluated",
            "settlement.payment",
            "renewal.grade",
            "renewal.term_cap",
            "closure.accountability",
            "history.chronology",
        ]
        assert set(promised) <= set(pp.RULES.ids())

    def test_every_rule_cites_a_known_document(self) -> None:
        """A rule cites a document of the Anyang framework, or the library itself."""
        fw = pp.presets.anyang()
        for rule in pp.RULES:
            assert (
                rule.citation.document in fw or rule.citation.document == "procpolicy"
            )

    def test_bad_rule_ids_are_refused(self) -> None:
        """An id without a dot, or in capitals, is refused."""
        title = pp.Label("甲", "A")
        with pytest.raises(pp.InvalidInput, match="dotted"):
            pp.Rule("nodot", title, pp.Citation("gpl"))
        with pytest.raises(pp.InvalidInput, match="dotted"):
            pp.Rule("Bad.Id", title, pp.Citation("gpl"))

    def test_duplicate_ids_in_a_registry_are_refused(self) -> None:
        """A registry cannot hold one id twice."""
        rule = pp.RULES["contract.term"]
        with pytest.raises(pp.InvalidInput, match="duplicate rule id"):
            pp.rules.Registry((rule, rule))

    def test_violation_facts_must_be_a_tuple(self) -> None:
        """A list of facts is refused, naming the field."""
        with pytest.raises(pp.InvalidInput, match="Violation.facts: must be a tuple"):
            pp.Violation(pp.RULES["tender.period"], "m", "", [("a", "b")])  # type: ignore[arg-type]

    def test_texts(self) -> None:
        """Citations, rules and violations read as sentences."""
        assert (
            str(pp.Citation("gpl", "Art 35", note="as amended"))
            == "gpl Art 35 (as amended)"
        )
        assert str(pp.Citation("x", verified=False)) == "x [reported]"
        rule = pp.RULES["tender.period"]
        assert (
            str(rule) == "tender.period: 响应期限 (Suppliers have long enough to "
            "respond) [gpl Art 35]"
        )
        violation = pp.Violation(rule, "too short")
        assert str(violation) == "[tender.period] too short (gpl Art 35)"


class TestCatalogue:
    def test_items_and_categories(self) -> None:
        """Items cover their category; whole categories cover their items."""
        pilots = pp.Catalogue(items={STREET_LAMPS, PARKS})
        assert pilots.covers(STREET_LAMPS)
        assert not pilots.covers(SOCIAL_ASSISTANCE)
        assert pilots.covered_categories() == {
            pp.ServiceCategory.MUNICIPAL_SANITATION,
            pp.ServiceCategory.URBAN_AUXILIARY_MANAGEMENT,
        }
        whole = pp.Catalogue(categories={pp.ServiceCategory.SOCIAL_WELFARE})
        assert whole.covers(SOCIAL_ASSISTANCE)
        assert whole.items_of(pp.ServiceCategory.SOCIAL_WELFARE) == frozenset()

    def test_intersection_keeps_what_both_allow(self) -> None:
        """Items survive where the other side lists their category."""
        seven = pp.Catalogue(categories=set(list(pp.ServiceCategory)[:7]))
        pilots = pp.Catalogue(items={STREET_LAMPS})
        both = seven.intersection(pilots)
        assert both == pp.Catalogue(items={STREET_LAMPS})
        assert both.is_within(seven)
        assert not seven.is_within(pilots)
        assert pilots.intersection(seven) == both

    def test_describe_lists_categories_and_items(self) -> None:
        """The description names categories and items in order."""
        text = pp.Catalogue(
            categories={pp.ServiceCategory.TRAINING}, items={STREET_LAMPS}
        ).describe()
        assert text.splitlines() == [
            "培训 (Training)",
            f"{STREET_LAMPS.name} — 市政环卫",
        ]

    @pytest.mark.parametrize("value", [["TRAINING"], "TRAINING", 3, [{1}]])
    def test_bad_categories_are_invalid_input(self, value: object) -> None:
        """Strings and other values are not categories."""
        with pytest.raises(pp.InvalidInput, match="Catalogue.categories"):
            pp.Catalogue(categories=value)  # type: ignore[arg-type]


class TestParties:
    def test_roles_carry_duties(self) -> None:
        """The five mechanism roles each have a duty."""
        assert [r.zh for r in pp.Role] == [
            "政府统一领导",
            "财政部门牵头",
            "主管部门协同",
            "职能部门履职",
            "监督部门保障",
        ]
        assert "compares costs" in pp.Role.FINANCE.duty.en

    def test_undertaker_conditions_are_a_set(self) -> None:
        """A list of conditions becomes a frozenset; a bad member is refused."""
        firm = pp.Undertaker(
            "甲公司",
            pp.UndertakerKind.ENTERPRISE,
            [pp.SupplierCondition.CIVIL_LIABILITY],
        )
        assert firm.conditions == {pp.SupplierCondition.CIVIL_LIABILITY}
        with pytest.raises(pp.InvalidInput, match="Undertaker.conditions"):
            pp.Undertaker("甲公司", pp.UndertakerKind.ENTERPRISE, ["CIVIL_LIABILITY"])

    def test_purchaser_fields_are_checked(self) -> None:
        """A blank department is refused."""
        with pytest.raises(pp.InvalidInput, match="Purchaser.department"):
            pp.Purchaser("市民政局", " ", pp.PurchaserKind.STATE_ORGAN)


class TestParameters:
    def test_defaults_are_the_loosest(self) -> None:
        """No threshold, no limit, nothing required by default."""
        params = pp.Parameters()
        assert params.open_tender_threshold == Decimal("Infinity")
        assert params.prohibited == frozenset()
        assert params.eligible_undertakers == frozenset(pp.UndertakerKind)
        assert params.renewal_min_grade is pp.Grade.POOR
        assert params.get("min_tender_days") == 0

    def test_every_parameter_has_strictness_and_label(self) -> None:
        """Metadata exists for every field."""
        for name in pp.Parameters.names():
            assert isinstance(pp.Parameters.strictness(name), pp.Strictness)
            assert pp.Parameters.label(name).zh

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("max_contract_years", 0, "at least 1"),
            ("max_contract_years", True, "must be an int"),
            ("open_tender_threshold", 1.5, "use Decimal"),
            ("open_tender_threshold", Decimal("NaN"), "not NaN"),
            ("open_tender_threshold", Decimal("-Infinity"), "must be finite"),
            ("internal_weight", Decimal(2), "at most 1"),
            ("open_tender_threshold", "abc", "must be a Decimal, not str"),
            ("renewal_min_grade", "GOOD", "must be Grade"),
        ],
    )
    def test_bad_overrides_name_the_field(
        self, name: str, value: object, message: str
    ) -> None:
        """Bad values are refused as `Overrides.<name>`."""
        with pytest.raises(pp.InvalidInput, match=f"Overrides.{name}: .*{message}"):
            pp.Overrides(**{name: value})

    def test_overrides_behave_like_a_frozen_mapping(self) -> None:
        """Membership, iteration, length, copies."""
        o = pp.Overrides(min_tender_days=25, open_tender_threshold="1000000")
        assert "min_tender_days" in o
        assert "max_contract_years" not in o
        assert o.get("max_contract_years") is None
        assert len(o) == 2
        assert (
            dict(o)
            == o.as_dict()
            == {
                "open_tender_threshold": Decimal(1_000_000),
                "min_tender_days": 25,
            }
        )
        copy = o.as_dict()
        copy["min_tender_days"] = 1
        assert o.get("min_tender_days") == 25

    def test_unknown_parameter_names_are_listed(self) -> None:
        """Every misspelt name is reported."""
        with pytest.raises(pp.InvalidInput) as info:
            pp.Overrides(a=1, b=2)
        assert len(info.value.messages) == 2

    def test_unknown_parameter_lookup_is_invalid_input(self) -> None:
        """get() and strictness() of a missing name fail clearly."""
        with pytest.raises(pp.InvalidInput, match="'nope' is not a parameter"):
            pp.Parameters().get("nope")

    @pytest.mark.parametrize(
        ("name", "a", "b", "strict"),
        [
            ("open_tender_threshold", Decimal(4), Decimal(2), Decimal(2)),
            ("min_tender_days", 20, 30, 30),
            ("renewal_min_grade", pp.Grade.FAIR, pp.Grade.GOOD, pp.Grade.GOOD),
            ("accountability_grade", None, pp.Grade.POOR, pp.Grade.POOR),
            ("separate_budget_line", True, False, True),
            (
                "eligible_undertakers",
                frozenset({pp.UndertakerKind.INDIVIDUAL}),
                frozenset(),
                frozenset(),
            ),
        ],
    )
    def test_stricter_picks_the_strict_value(
        self, name: str, a: object, b: object, strict: object
    ) -> None:
        """Lower, higher, enum and set parameters combine the strict way."""
        assert stricter(name, a, b) == strict
        assert stricter(name, b, a) == strict

    def test_of_two_equal_limits_the_first_is_kept_as_written(self) -> None:
        """Equal figures written two ways: the first stays, with its exponent.

        The value in force keeps the figure of the earlier document
        (`PolicyFramework.at` folds the documents in order).
        """
        first, second = Decimal("2E+6"), Decimal("2000000.00")
        for a, b in ((first, second), (second, first)):
            kept = stricter("open_tender_threshold", a, b)
            assert kept == a
            assert str(kept) == str(a)

    def test_is_looser_by_kind(self) -> None:
        """Unions never loosen; unordered values never loosen."""
        assert not is_looser("prohibited", frozenset(), frozenset(pp.Prohibited))
        assert not is_looser("internal_weight", Decimal(1), Decimal(0))
        assert is_looser(
            "eligible_purchasers", frozenset(pp.PurchaserKind), frozenset()
        )

    def test_grades_order(self) -> None:
        """Ranks fall from EXCELLENT to POOR."""
        assert [g.rank for g in pp.Grade] == [3, 2, 1, 0]
        assert pp.Grade.EXCELLENT.is_at_least(pp.Grade.EXCELLENT)

    def test_tables_read_in_chinese(self) -> None:
        """Bands and schedules print compactly."""
        assert str(pp.GradeBands(90, 80, 60)) == "优≥90 良≥80 中≥60"
        assert str(
            pp.PaymentSchedule(1, Decimal("0.95"), Decimal("0.85"), Decimal("0.7"))
        ) == ("优 100% 良 95% 中 85% 差 70%")

    def test_schedule_repair_lowers_ratios(self) -> None:
        """ordered() never raises a ratio."""
        repaired = pp.PaymentSchedule(Decimal("0.5"), 1, Decimal("0.8"), 1).ordered()
        assert repaired == pp.PaymentSchedule(
            Decimal("0.5"), Decimal("0.5"), Decimal("0.5"), Decimal("0.5")
        )


class TestProcurement:
    rules = pp.presets.anyang().at(date(2016, 6, 1))

    def test_methods_know_their_origin(self) -> None:
        """Each method cites the document that created it."""
        assert pp.Method.COMPETITIVE_CONSULTATION.introduced_by == "ck-2014-214"
        assert str(pp.Method.INVITATIONAL_TENDERING.citation) == "gpl Art 29"
        assert pp.Method.OPEN_TENDERING.is_tendering
        assert not pp.Method.SINGLE_SOURCE.is_tendering

    def test_below_the_threshold_open_and_consultation_are_free(self) -> None:
        """800,000 yuan: tender or consult, others need grounds."""
        permitted = pp.procurement.permitted_methods(Decimal(800_000), (), self.rules)
        assert permitted == {
            pp.Method.OPEN_TENDERING,
            pp.Method.COMPETITIVE_CONSULTATION,
        }

    def test_below_the_decentralised_limit_no_ground_is_needed(self) -> None:
        """300,000 yuan: every existing method but quotations."""
        permitted = pp.procurement.permitted_methods(Decimal(300_000), (), self.rules)
        assert permitted == set(pp.Method) - {
            pp.Method.REQUEST_FOR_QUOTATIONS,
            pp.Method.FRAMEWORK_AGREEMENT,
        }

    def test_above_the_threshold_only_open_tendering_without_approval(self) -> None:
        """3,000,000 yuan: anything else needs DEVIATION_APPROVED."""
        verdicts = {
            a.method: a
            for a in pp.procurement.assess_methods(Decimal(3_000_000), (), self.rules)
        }
        assert verdicts[pp.Method.OPEN_TENDERING].permitted
        assert (
            "DEVIATION_APPROVED"
            in verdicts[pp.Method.COMPETITIVE_CONSULTATION].reasons[0]
        )
        approved = pp.procurement.permitted_methods(
            Decimal(3_000_000), {pp.MethodGround.DEVIATION_APPROVED}, self.rules
        )
        assert pp.Method.COMPETITIVE_CONSULTATION in approved

    @pytest.mark.parametrize(
        ("method", "ground"),
        [
            (pp.Method.INVITATIONAL_TENDERING, pp.MethodGround.LIMITED_SUPPLIERS),
            (pp.Method.COMPETITIVE_NEGOTIATION, pp.MethodGround.URGENT),
            (pp.Method.SINGLE_SOURCE, pp.MethodGround.ONLY_ONE_SUPPLIER),
        ],
    )
    def test_each_method_opens_with_its_ground(
        self, method: pp.Method, ground: pp.MethodGround
    ) -> None:
        """Without the ground refused; with it permitted."""
        amount = Decimal(800_000)
        assert not pp.procurement.assess_method(
            method, amount, (), self.rules
        ).permitted
        assert pp.procurement.assess_method(
            method, amount, {ground}, self.rules
        ).permitted

    def test_quotations_are_never_for_services(self) -> None:
        """询价 is for goods only, whatever the amount."""
        verdict = pp.procurement.assess_method(
            pp.Method.REQUEST_FOR_QUOTATIONS, Decimal(1000), (), self.rules
        )
        assert "never for services" in verdict.reasons[0]

    def test_methods_that_do_not_exist_yet_are_refused(self) -> None:
        """Framework agreements before 2022 and consultation before 2015."""
        verdict = pp.procurement.assess_method(
            pp.Method.FRAMEWORK_AGREEMENT, Decimal(1000), (), self.rules
        )
        assert "does not exist yet" in verdict.reasons[0]
        assert "mof-110" in verdict.reasons[0]

    def test_excluded_methods_cite_the_excluding_document(self) -> None:
        """A method a document excludes says which document."""
        fw = pp.presets.anyang().with_document(
            pp.PolicyDocument(
                id="ay-no-single",
                title=pp.Label("禁止单一来源", "No single source"),
                layer=pp.Layer.SUPPORTING,
                effective=date(2016, 1, 1),
                sets=pp.Overrides(excluded_methods={pp.Method.SINGLE_SOURCE}),
                articles={"excluded_methods": "§1"},
            )
        )
        verdict = pp.procurement.assess_method(
            pp.Method.SINGLE_SOURCE, Decimal(1000), (), fw.at(date(2016, 6, 1))
        )
        assert "excluded by ay-no-single §1" in verdict.reasons[0]

    @pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "NaN", "sNaN"])
    def test_an_amount_that_is_not_finite_is_refused(self, amount: str) -> None:
        """Infinity would reach every threshold, NaN none: refused, named.

        Before, infinity drew the reason "no limit yuan is at or above the
        open-tender threshold of no limit", and NaN an `InvalidOperation`.
        """
        value = Decimal(amount)
        message = f"amount: a purchase amount (采购金额) must be finite, not {amount}"
        for judge in (
            lambda: pp.procurement.assess_method(
                pp.Method.SINGLE_SOURCE, value, (), self.rules
            ),
            lambda: pp.procurement.method_problems(
                pp.Method.OPEN_TENDERING, value, frozenset(), self.rules
            ),
            lambda: pp.procurement.assess_methods(value, (), self.rules),
            lambda: pp.procurement.permitted_methods(value, (), self.rules),
        ):
            with pytest.raises(pp.InvalidInput) as refused:
                judge()
            assert refused.value.messages == (message,)
            assert isinstance(refused.value, ValueError)

    def test_grounds_for_lists_the_opening_grounds(self) -> None:
        """Open tendering needs none."""
        assert pp.procurement.grounds_for(pp.Method.OPEN_TENDERING) == frozenset()
        assert pp.MethodGround.ADD_ON in pp.procurement.grounds_for(
            pp.Method.SINGLE_SOURCE
        )
