"""The cattrs converter: JSON-ready dicts, strict loading, bounded payloads."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

import procpolicy as pp
from procpolicy import presets
from procpolicy import serialization as S  # noqa: N812
from tests._lifecycle import cleaning_2015

ANYANG = presets.anyang()


def project() -> pp.Project:
    return pp.Workflow(ANYANG).replay(cleaning_2015())


class TestRoundTrip:
    @pytest.mark.parametrize(
        "value",
        [
            pp.Label("以钱养事", "Money pays for tasks"),
            pp.Citation("gpl", "Art 35", verified=False, note="x"),
            pp.RULES["contract.term"],
            pp.Overrides(open_tender_threshold=Decimal("Infinity"), min_tender_days=3),
            pp.Overrides(),
            pp.Parameters(),
            ANYANG.at(date(2016, 6, 1)).parameters,
            ANYANG.document("ay-evaluation"),
            ANYANG.document("ay-catalogue-2016"),
            pp.Catalogue(categories={pp.ServiceCategory.TRAINING}),
            pp.Outcome(payment_ratio=Decimal("0.5"), may_renew=False, accountable=True),
            pp.Evaluation(
                evaluator=pp.Evaluator.THIRD_PARTY,
                internal_score=Decimal(80),
                external_score=Decimal("77.5"),
                internal_weight=Decimal("0.4"),
            ),
            pp.Finding(pp.RULES["framework.expiry"], "m", ("a",), "h"),
            pp.Violation(pp.RULES["tender.period"], "m", "中", (("days", "3"),)),
            pp.Change("parameter", "x", "1", "2"),
        ],
        ids=lambda v: type(v).__name__,
    )
    def test_values_survive_a_json_round_trip(self, value: Any) -> None:
        """from_dict(to_dict(x)) == x, through real JSON text."""
        text = S.dumps(value)
        assert S.loads(type(value), text) == value
        assert S.from_dict(type(value), json.loads(text)) == value

    def test_whole_json_numbers_load_as_decimals(self) -> None:
        """An integer amount is exact, so it is accepted for a Decimal."""
        loaded = S.from_dict(pp.Overrides, {"open_tender_threshold": 2_000_000})
        assert loaded.get("open_tender_threshold") == Decimal(2_000_000)

    def test_frameworks_and_rule_sets_round_trip(self) -> None:
        """The whole Anyang framework and a rule set survive."""
        assert S.from_dict(pp.PolicyFramework, S.to_dict(ANYANG)) == ANYANG
        rules = ANYANG.at(date(2016, 6, 1))
        assert S.from_dict(pp.RuleSet, json.loads(S.dumps(rules))) == rules

    def test_projects_round_trip_with_their_derived_facts(self) -> None:
        """A stored project folds back with the same views."""
        p = project()
        back = S.from_dict(pp.Project, json.loads(S.dumps(p)))
        assert back == p
        assert back.stage is pp.Stage.CLOSED
        assert back.paid == p.paid
        assert back.cost_comparison == p.cost_comparison

    def test_events_are_tagged_and_load_as_their_class(self) -> None:
        """Each event carries "type" and loads through the Event base class."""
        for event in cleaning_2015():
            data = S.to_dict(event)
            assert data["type"] == type(event).__name__
            assert S.from_dict(pp.events.Event, data) == event
            assert S.from_dict(type(event), data) == event

    def test_aware_datetimes_keep_their_offset(self) -> None:
        """An aware `at` round-trips to the same instant and offset."""
        utc = datetime(2015, 2, 1, 20, tzinfo=UTC)
        event = pp.events.Retendered(at=utc)
        back = S.from_dict(pp.events.Retendered, S.to_dict(event))
        assert back == event
        assert back.at.utcoffset() == timedelta(0)
        assert back.day == date(2015, 2, 2)

    def test_payload_shape(self) -> None:
        """Decimals as strings, dates ISO, enums by name, sets sorted, schema tag."""
        data = S.to_dict(project())
        assert data["schema"] == "procpolicy.project/1"
        budget = data["history"][1]
        assert budget["amount"] == "800000"
        assert budget["at"] == "2015-02-10T09:00:00"
        assert data["history"][2]["items"] == sorted(i.name for i in pp.DisclosureItem)
        doc = S.to_dict(ANYANG.document("ay-implementation"))
        assert doc["articles"]["max_contract_years"] == "合同管理"
        assert doc["layer"] == "IMPLEMENTATION"


class TestStrictLoading:
    def messages(self, cls: type, data: object) -> tuple[str, ...]:
        with pytest.raises(pp.InvalidInput) as info:
            S.from_dict(cls, data)
        return info.value.messages

    def test_missing_fields_name_their_paths(self) -> None:
        """Every missing field is listed with its path."""
        msgs = self.messages(pp.PolicyFramework, {"documents": [{"id": "x"}]})
        assert "required field missing @ $.documents[0].title" in msgs
        assert "required field missing @ $.documents[0].effective" in msgs

    def test_bad_values_name_their_paths(self) -> None:
        """A bad date and an unknown enum name are both reported."""
        good = S.to_dict(ANYANG.document("gpl"))
        msgs = self.messages(
            pp.PolicyFramework,
            {
                "documents": [
                    good,
                    dict(good, id="x", effective="2015-13-01", layer="FOO"),
                ]
            },
        )
        assert any(m.endswith("@ $.documents[1].layer") and "'FOO'" in m for m in msgs)
        assert any(m.endswith("@ $.documents[1].effective") for m in msgs)

    @pytest.mark.parametrize(
        ("cls", "data", "fragment"),
        [
            (
                pp.Label,
                {"zh": 1, "en": "x"},
                "expected a string, got an integer @ $.zh",
            ),
            (pp.Label, {"zh": "x", "en": "y", "fr": "z"}, "extra fields found (fr)"),
            (pp.Label, ["x", "y"], "@ $"),
            (
                pp.Citation,
                {"document": "d", "verified": "false"},
                "expected true or false",
            ),
            (
                pp.Overrides,
                {"max_contract_years": "1"},
                "expected an int, got a string",
            ),
            (pp.Overrides, {"max_contract_years": True}, "expected an int, got true"),
            (pp.Overrides, {"open_tender_threshold": 1.5}, "expected a decimal string"),
            (
                pp.Overrides,
                {"open_tender_threshold": "abc"},
                "is not a decimal numeral",
            ),
            (pp.Overrides, {"open_tender_threshold": "1" * 50}, "is too long"),
            (pp.Overrides, {"nope": 1}, "'nope' is not a parameter;"),
            (pp.Overrides, [], "expected an object of parameter values"),
            (pp.Overrides, {"prohibited": "STAFFING"}, "expected a list"),
            (
                pp.Overrides,
                {"grade_bands": {"excellent": "90", "good": "80"}},
                "required field missing @ $.grade_bands.fair",
            ),
            (pp.Catalogue, {"categories": ["TRAINING", 3]}, "@ $.categories[1]"),
            (pp.Evaluation, {"evaluator": "INTERNAL", "internal_score": "NaN"}, "NaN"),
            (
                pp.Evaluation,
                {
                    "evaluator": "INTERNAL",
                    "internal_score": "90",
                    "external_score": "80",
                },
                "INTERNAL evaluation has no external",
            ),
            (pp.events.Budgeted, {"type": "Settled"}, "expected type 'Budgeted'"),
            (
                pp.events.Budgeted,
                "x",
                "expected an object for Budgeted, got a string @ $",
            ),
            (pp.events.Event, {"type": "Nope"}, "'type' must be one of Drafted"),
            (pp.events.Event, 3, "expected an object for an event, got an integer"),
            (pp.events.Retendered, {"at": 3}, "expected an ISO date-time string"),
            (pp.events.Retendered, {"at": "yesterday"}, "is not an ISO 8601 date-time"),
            (
                pp.events.Contracted,
                {
                    "at": "2015-01-01T00:00:00",
                    "start": 20150101,
                    "end": "2015-12-31",
                    "amount": "1",
                },
                "expected an ISO date string",
            ),
            (
                pp.PolicyDocument,
                {
                    "id": "x",
                    "title": {"zh": "a", "en": "b"},
                    "layer": "SUPPORTING",
                    "effective": "2015-01-01",
                    "articles": {"a": 1},
                },
                "expected an object of strings",
            ),
            (
                pp.RuleSet,
                {
                    "documents": [],
                    "parameters": {},
                    "catalogue": {},
                    "methods": [],
                    "sources": [["x"]],
                },
                "expected 2 items, not 1",
            ),
            (
                pp.RuleSet,
                {
                    "documents": [],
                    "parameters": {},
                    "catalogue": {},
                    "methods": [],
                    "sources": "x",
                },
                "expected a list",
            ),
        ],
    )
    def test_wrong_types_are_invalid_input(
        self, cls: type, data: object, fragment: str
    ) -> None:
        """Strictness: no coercion of strings, bools or floats; paths named."""
        msgs = self.messages(cls, data)
        assert any(fragment in m for m in msgs), msgs

    @pytest.mark.parametrize(
        ("data", "fragment"),
        [
            ({"history": []}, "'schema' must be"),
            ({"schema": "procpolicy.project/1", "history": []}, "non-empty list"),
            (
                {"schema": "procpolicy.project/1", "history": [], "x": 1},
                "unexpected field",
            ),
            ([], "expected an object for Project, got a list @ $"),
            (
                {
                    "schema": "procpolicy.project/1",
                    "history": [{"type": "Retendered", "at": "2015-01-01T00:00:00"}],
                },
                "must start with a Drafted event",
            ),
        ],
    )
    def test_bad_projects_are_invalid_input(self, data: object, fragment: str) -> None:
        """The schema tag and a non-empty history starting with Drafted are required."""
        assert any(fragment in m for m in self.messages(pp.Project, data))

    def test_an_event_error_names_its_index_in_the_history(self) -> None:
        """A contract ending before it starts is reported at $.history[5].end."""
        data = S.to_dict(project())
        data["history"][5]["end"] = "2015-01-01"
        data["history"][3]["amount"] = "5"
        msgs = self.messages(pp.Project, data)
        assert any(
            m.endswith("@ $.history[5].end") and "is before start" in m for m in msgs
        )
        assert any("extra fields found (amount) @ $.history[3]" in m for m in msgs)

    def test_loads_rejects_text_that_is_not_json(self) -> None:
        """Broken JSON is InvalidInput, not JSONDecodeError escaping as itself."""
        with pytest.raises(pp.InvalidInput, match="not JSON"):
            S.loads(pp.Label, "{")

    def test_to_dict_of_a_foreign_value_is_invalid_input(self) -> None:
        """Something procpolicy does not know cannot be stored."""
        with pytest.raises(pp.InvalidInput, match="cannot store a object"):
            S.to_dict(object())


class TestLimits:
    def test_deep_nesting_fails_fast(self) -> None:
        """A payload nested 10,000 deep is refused before structuring."""
        data: Any = []
        for _ in range(10_000):
            data = [data]
        with pytest.raises(pp.InvalidInput, match="nests deeper than 32"):
            S.from_dict(pp.Catalogue, {"categories": data})

    def test_too_many_values_fail_fast(self) -> None:
        """More values than the limit are refused."""
        with pytest.raises(pp.InvalidInput, match="more than 100 values"):
            S.from_dict(
                pp.Catalogue,
                {"categories": list(range(200))},
                limits=S.Limits(max_nodes=100),
            )

    def test_huge_strings_and_integers_fail_fast(self) -> None:
        """A megabyte title and a 500-digit integer are refused."""
        with pytest.raises(pp.InvalidInput, match="exceeds 10000 @ \\$.zh"):
            S.from_dict(pp.Label, {"zh": "字" * 1_000_000, "en": "x"})
        with pytest.raises(pp.InvalidInput, match="integer too large @ \\$.max_tender"):
            S.from_dict(pp.Overrides, {"max_tender": 10**500})

    def test_limits_are_validated(self) -> None:
        """A limit must be a positive int."""
        with pytest.raises(pp.InvalidInput, match="Limits.max_depth"):
            S.Limits(max_depth=0)


class TestLoadProject:
    def test_trusted_load_folds_without_judging(self) -> None:
        """A history that breaks a rule still loads without a workflow."""
        data = S.to_dict(project())
        data["history"][5]["end"] = "2017-03-31"  # a two-year contract
        loaded = S.load_project(data)
        assert loaded.contract is not None
        assert loaded.contract.end == date(2017, 3, 31)

    def test_checked_load_replays_and_refuses(self) -> None:
        """With a workflow, the two-year contract is refused with contract.term."""
        data = S.to_dict(project())
        data["history"][5]["end"] = "2017-03-31"
        with pytest.raises(pp.TransitionRefused) as info:
            S.load_project(data, pp.Workflow(ANYANG))
        assert [v.rule.id for v in info.value.violations] == ["contract.term"]
        assert S.load_project(S.to_dict(project()), pp.Workflow(ANYANG)) == project()

    def test_checked_load_of_garbage_is_invalid_input(self) -> None:
        """A malformed payload is InvalidInput with its path."""
        with pytest.raises(pp.InvalidInput, match="'schema' must be"):
            S.load_project({"history": [1]}, pp.Workflow(ANYANG))


class TestLoaderMessages:
    """Issue 14: messages say what was expected, never an exception's text."""

    def messages(self, cls: type, data: object) -> tuple[str, ...]:
        with pytest.raises(pp.InvalidInput) as info:
            S.from_dict(cls, data)
        return info.value.messages

    def test_a_string_for_an_object_says_so(self) -> None:
        """Was ``AttributeError: 'str' object has no attribute 'keys' @ $``."""
        assert self.messages(pp.Purchaser, "x") == (
            "expected an object for Purchaser, got a string @ $",
        )

    def test_null_for_an_object_says_null(self) -> None:
        """Was ``argument of type 'NoneType' is not iterable``."""
        assert self.messages(pp.Purchaser, None) == (
            "expected an object for Purchaser, got null @ $",
        )

    def test_a_nested_list_for_an_object_names_its_path(self) -> None:
        """Was ``unknown error ('list' object has no attribute 'keys')``."""
        data = S.to_dict(project())
        data["history"][0]["purchaser"] = []
        assert self.messages(pp.Project, data) == (
            "expected an object for Purchaser, got a list @ $.history[0].purchaser",
        )

    def test_an_aware_moment_off_the_calendar_in_china_is_refused_at_its_at(
        self,
    ) -> None:
        """Was ``unknown error (date value out of range) @ $.history[0]``."""
        data = S.to_dict(project())
        data["history"][0]["at"] = "9999-12-31T23:00:00-05:00"
        (message,) = self.messages(pp.Project, data)
        assert message.startswith("Drafted.at: must fall between 1949-10-01 and")
        assert message.endswith(" @ $.history[0].at")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (True, "expected an object for Label, got true @ $"),
            (1.5, "expected an object for Label, got a floating-point number @ $"),
            ({"zh": False, "en": "x"}, "expected a string, got false @ $.zh"),
            ({"zh": {}, "en": "x"}, "expected a string, got an object @ $.zh"),
            ({"zh": 3, "en": "x"}, "expected a string, got an integer @ $.zh"),
        ],
    )
    def test_what_was_got_is_named_in_json_words(
        self, data: object, message: str
    ) -> None:
        """null, true, false, an integer, a string, a list, an object."""
        assert self.messages(pp.Label, data) == (message,)

    def test_a_python_value_is_named_by_its_class(self) -> None:
        """A host passing a Python object hears its class."""
        assert self.messages(pp.Label, Decimal(1)) == (
            "expected an object for Label, got a Decimal @ $",
        )

    def test_each_refusal_of_a_class_points_at_its_field(self) -> None:
        """Two fields refused by their classes: each at its own path."""
        data = S.to_dict(project())
        data["history"][4]["undertaker"]["name"] = " "
        data["history"][5]["end"] = "2015-01-01"
        msgs = self.messages(pp.Project, data)
        assert "Undertaker.name: must not be empty @ $.history[4].undertaker.name" in (
            msgs
        )
        assert any(
            m.startswith("Contracted.end: 2015-01-01 is before start")
            and m.endswith("@ $.history[5].end")
            for m in msgs
        )

    def test_a_refusal_of_the_whole_object_stays_at_the_object(self) -> None:
        """A framework that cannot stand is refused in its own words, at its path."""
        doc = S.to_dict(ANYANG.document("gpl"))
        (message,) = self.messages(pp.PolicyFramework, {"documents": [doc, doc]})
        assert message.startswith("two documents have the id 'gpl'; ids must be")
        assert message.endswith(" @ $")

    def test_a_bounded_parameter_is_refused_at_its_path(self) -> None:
        """Overrides name the parameter; the path names it too."""
        doc = dict(S.to_dict(ANYANG.document("gpl")), sets={"min_tender_days": 36501})
        expected = "Overrides.min_tender_days: must be at most 36500, got 36501"
        assert self.messages(pp.PolicyDocument, doc) == (
            f"{expected} @ $.sets.min_tender_days",
        )

    @pytest.mark.parametrize(
        ("cls", "data", "message"),
        [
            (
                pp.events.Budgeted,
                {"type": ["x"]},
                "expected type 'Budgeted', not a list",
            ),
            (pp.events.Budgeted, {"type": "x" * 41}, "not a string"),
            (pp.events.Event, {"type": 3}, "not an integer"),
            (pp.Project, {"schema": None, "history": []}, "not null"),
            (pp.Project, {"schema": "v0", "history": []}, "not 'v0'"),
            (pp.events.Event, [], "expected an object for an event, got a list"),
        ],
    )
    def test_a_wrong_tag_is_quoted_only_when_short(
        self, cls: type, data: object, message: str
    ) -> None:
        """A tag is quoted when it is a short string, else named by its kind."""
        assert any(message in m for m in self.messages(cls, data))

    def test_an_unknown_enum_name_of_the_wrong_type_names_the_enum(self) -> None:
        """A list where a Layer name belongs."""
        doc = dict(S.to_dict(ANYANG.document("gpl")), layer=[])
        assert self.messages(pp.PolicyDocument, doc) == (
            "expected the name of a Layer, got a list @ $.layer",
        )


class TestStrictGrammar:
    """Stored decimals are JSON numerals; dates and date-times ISO 8601 extended."""

    def threshold(self, text: object) -> Decimal:
        value = S.from_dict(pp.Overrides, {"open_tender_threshold": text})
        return value.get("open_tender_threshold")  # type: ignore[no-any-return]

    @pytest.mark.parametrize(
        "text", ["1_000", "１２", "٣٠٠", "-0", "-0.00", "+1", " 1", "1.", ".5", "007"]
    )
    def test_a_numeral_outside_the_grammar_is_refused(self, text: str) -> None:
        """Separators, other digits, a sign, blanks, leading zeros, negative zero."""
        with pytest.raises(pp.InvalidInput, match=r"@ \$\.open_tender_threshold$"):
            self.threshold(text)

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("0", Decimal(0)),
            ("12.50", Decimal("12.50")),
            ("1E+6", Decimal(1_000_000)),
            ("2.5e3", Decimal(2500)),
            ("Infinity", Decimal("Infinity")),
        ],
    )
    def test_a_json_numeral_or_infinity_is_read(
        self, text: str, value: Decimal
    ) -> None:
        """ASCII digits, an optional fraction and exponent; Infinity for 'no limit'."""
        assert self.threshold(text) == value

    def test_the_refusals_of_the_numeral_grammar_say_why(self) -> None:
        """A negative zero and a foreign numeral get their own messages."""
        with pytest.raises(pp.InvalidInput, match="'-0' is a negative zero; write '0'"):
            self.threshold("-0")
        with pytest.raises(pp.InvalidInput, match="is not a decimal numeral"):
            self.threshold("NaN")

    def test_a_negative_zero_is_stored_as_zero(self) -> None:
        """A value holding -0 stores '0', which the grammar reads back."""
        target = pp.PerformanceTarget("x", Decimal("-0"))
        stored = S.to_dict(target)
        assert stored["target"] == "0"
        assert S.from_dict(pp.PerformanceTarget, stored) == target
        assert S.to_dict(pp.PerformanceTarget("y", Decimal("-1.5")))["target"] == "-1.5"

    @pytest.mark.parametrize(
        "text",
        [
            "20150601T090000",
            "2015-W23-1T09:00:00",
            "2015-152T09:00:00",
            "2015-06-01 09:00:00",
            "2015-06-01",
            "2015-06-01T09",
            "2015-06-01T09:00:00,5",
            "2015-06-01T09:00:00.1234567",
            "2015-06-01T09:00:00+0800",
            "２０１５-06-01T09:00:00",
            "2015-06-01T24:00:00",
        ],
    )
    def test_a_date_time_outside_the_extended_format_is_refused(
        self, text: str
    ) -> None:
        """Basic format, week and ordinal dates, a blank for T, no time, odd forms."""
        with pytest.raises(pp.InvalidInput, match=r"is not an ISO 8601 date-time"):
            S.from_dict(pp.events.Retendered, {"at": text})

    @pytest.mark.parametrize(
        "text",
        [
            "2015-06-01T09:00",
            "2015-06-01T09:00:00",
            "2015-06-01T09:00:00.5",
            "2015-06-01T09:00:00.123456+08:00",
            "2015-06-01T01:00:00Z",
            "2015-06-01T09:00:00+05:30:15",
        ],
    )
    def test_the_extended_format_is_read(self, text: str) -> None:
        """Minutes, seconds, a fraction, Z or an offset (seconds too, as Python has)."""
        event = S.from_dict(pp.events.Retendered, {"at": text})
        assert event.day == date(2015, 6, 1)

    @pytest.mark.parametrize(
        "text", ["20150601", "2015-W23-1", "2015-152", "2015-6-1", "2015-02-30"]
    )
    def test_a_date_outside_the_extended_format_is_refused(self, text: str) -> None:
        """Only YYYY-MM-DD, a real day."""
        doc = dict(S.to_dict(ANYANG.document("gpl")), effective=text)
        with pytest.raises(pp.InvalidInput, match=r"is not an ISO date \(YYYY-MM-DD\)"):
            S.from_dict(pp.PolicyDocument, doc)

    @pytest.mark.parametrize("text", ["1949-09-30", "2200-01-01", "9999-12-31"])
    def test_a_stored_date_outside_the_domain_is_refused_by_the_loader(
        self, text: str
    ) -> None:
        """The loader itself refuses a day outside 1949-10-01 to 2199-12-31."""
        doc = dict(S.to_dict(ANYANG.document("gpl")), expires=text)
        expected = f"'{text}' is outside the domain of dates, 1949-10-01 to 2199-12-31"
        assert self.messages_of(pp.PolicyDocument, doc) == (f"{expected} @ $.expires",)

    def messages_of(self, cls: type, data: object) -> tuple[str, ...]:
        with pytest.raises(pp.InvalidInput) as info:
            S.from_dict(cls, data)
        return info.value.messages


class TestJsonText:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                "{",
                (
                    "not JSON: Expecting property name enclosed in double quotes "
                    "at line 1, column 2 @ $"
                ),
            ),
            (b'{"zh": "\xff"}', "not JSON: not UTF-8 text (byte 8) @ $"),
            (
                "[" * 100_000 + "]" * 100_000,
                "not JSON: nested too deeply for the parser @ $",
            ),
            ("9" * 5000, "not JSON: an integer with too many digits @ $"),
        ],
        ids=["broken", "not utf-8", "deep", "long integer"],
    )
    def test_text_that_is_not_json_says_what_the_parser_found(
        self, text: str | bytes, message: str
    ) -> None:
        """The parser's finding, in the loader's words, never its exception."""
        with pytest.raises(pp.InvalidInput) as info:
            S.loads(pp.Label, text)
        assert info.value.messages == (message,)
