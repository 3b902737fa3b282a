"""Unit tests of `procpolicy.ocds`: mapping, ids, amounts, parties, package, record.

The schema tests need the OCDS 1.1.5 schema: ``OCDS_SCHEMA_DIR``, or
``../shared/ocds/1.1`` beside the checkout; without it they skip, saying how
to get it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from procpolicy import (
    DisclosureItem,
    Evaluation,
    Evaluator,
    InvalidInput,
    Method,
    MethodGround,
    PerformanceTarget,
    Prohibited,
    Project,
    Purchaser,
    PurchaserKind,
    Scope,
    ServiceCategory,
    SocialImpact,
    SupplierCondition,
    Undertaker,
    UndertakerKind,
    Workflow,
    ocds,
    presets,
)
from procpolicy import events as E  # noqa: N812
from procpolicy.evaluation import Achieved, Indicator, IndicatorSystem
from procpolicy.labels import Label
from procpolicy.presets.anyang import STREET_LAMPS
from procpolicy.project import fold
from tests._ocds_schema import Validators, errors

Json = dict[str, Any]
WORKFLOW = Workflow(presets.anyang())
PREFIX = "ocds-213czf"
OCID = "ocds-213czf-AY-2015-007"
BUYER = Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN)
FIRM = Undertaker(
    "安阳洁城环卫有限公司", UndertakerKind.ENTERPRISE, frozenset(SupplierCondition)
)
OTHER_FIRM = Undertaker(
    "河南绿源物业服务有限公司", UndertakerKind.ENTERPRISE, frozenset(SupplierCondition)
)
TARGETS = (PerformanceTarget("道路保洁达标率", Decimal(95)),)


# -- lifecycles ------------------------------------------------------------------------
def drafted(**changes: Any) -> E.Drafted:
    fields: Json = {
        "at": datetime(2015, 2, 2, 9),
        "project_id": "AY-2015-007",
        "title": "主城区道路保洁",
        "purchaser": BUYER,
        "category": ServiceCategory.MUNICIPAL_SANITATION,
        **changes,
    }
    return E.Drafted(**fields)


def budgeted(**changes: Any) -> E.Budgeted:
    fields: Json = {
        "at": datetime(2015, 2, 10, 9),
        "amount": Decimal(800_000),
        "separate_line": False,
        "targets": TARGETS,
        "cost_before": Decimal(950_000),
        **changes,
    }
    return E.Budgeted(**fields)


def opening(
    method: Method = Method.COMPETITIVE_CONSULTATION,
    grounds: frozenset[MethodGround] = frozenset(),
) -> list[E.Event]:
    """Drafted to ProcurementStarted, 2015."""
    return [
        drafted(),
        budgeted(),
        E.Disclosed(at=datetime(2015, 2, 12, 9), items=frozenset(DisclosureItem)),
        E.ProcurementStarted(
            at=datetime(2015, 2, 16, 9), method=method, grounds=grounds
        ),
    ]


def first_cycle() -> list[E.Event]:
    """Award to payment of the first contract period (2015-04 to 2016-03)."""
    return [
        E.Awarded(
            at=datetime(2015, 3, 10, 9),
            undertaker=FIRM,
            amount=Decimal(760_000),
            bidders=3,
        ),
        E.Contracted(
            at=datetime(2015, 3, 20, 9),
            start=date(2015, 4, 1),
            end=date(2016, 3, 31),
            amount=Decimal(760_000),
        ),
        E.Supervised(at=datetime(2015, 5, 1, 9), score=Decimal(88)),
        E.Supervised(at=datetime(2015, 9, 1, 9), score=Decimal(92), note="抽查合格"),
        E.Evaluated(
            at=datetime(2016, 3, 25, 9),
            evaluation=Evaluation(evaluator=Evaluator.INTERNAL, internal_score=90),
        ),
        E.Settled(at=datetime(2016, 4, 5, 9), paid=Decimal(760_000)),
    ]


ANYANG = (*opening(), *first_cycle(), E.Closed(at=datetime(2016, 4, 10, 9)))
"""The 2015 street-cleaning purchase, Drafted to Closed (11 events)."""


def renewal_and_retender() -> list[E.Event]:
    """After the first cycle: a renewal, a re-tender and a second award."""
    return [
        *opening(),
        *first_cycle(),
        E.Renewed(
            at=datetime(2016, 4, 6, 9),
            start=date(2016, 4, 1),
            end=date(2017, 3, 31),
            amount=Decimal(760_000),
        ),
        E.Supervised(at=datetime(2016, 6, 1, 9), score=Decimal(90)),
        E.Evaluated(
            at=datetime(2017, 3, 25, 9),
            evaluation=Evaluation(evaluator=Evaluator.INTERNAL, internal_score=90),
        ),
        E.Settled(at=datetime(2017, 4, 5, 9), paid=Decimal(760_000)),
        E.Retendered(at=datetime(2017, 4, 6, 9)),
        E.ProcurementStarted(at=datetime(2017, 4, 10, 9), method=Method.OPEN_TENDERING),
        E.Awarded(
            at=datetime(2017, 5, 10, 9),
            undertaker=OTHER_FIRM,
            amount=Decimal("700000.50"),
            bidders=4,
        ),
        E.Contracted(
            at=datetime(2017, 5, 20, 9),
            start=date(2017, 6, 1),
            end=date(2018, 5, 31),
            amount=Decimal("700000.50"),
            stable=True,
        ),
    ]


def judged(events: Sequence[E.Event]) -> Project:
    """The project the Anyang workflow builds from ``events`` (all accepted)."""
    return WORKFLOW.replay(events)


def export(project: Project, **options: Any) -> tuple[Json, ...]:
    return ocds.releases(project, PREFIX, **options)


def last(out: tuple[Json, ...]) -> Json:
    return out[-1]


# -- the OCDS schema ---------------------------------------------------------------
def publish(releases: Any, **changes: Any) -> Json:
    options: Json = {
        "publisher": "安阳市财政局",
        "uri": "https://data.example.org/ocds/2016.json",
        "published": datetime(2016, 5, 1, 12),
        **changes,
    }
    return ocds.package(releases, **options)


# -- tests ---------------------------------------------------------------------------
class TestOcid:
    def test_the_ocid_is_the_prefix_and_the_project_id(self) -> None:
        """``ocid`` joins the publisher's prefix and the project id with a hyphen."""
        project = fold([drafted()])
        assert ocds.ocid(project, PREFIX) == OCID
        assert {r["ocid"] for r in export(judged(ANYANG))} == {OCID}

    @pytest.mark.parametrize(
        "prefix",
        [
            "",
            "ocds-",
            "ocds-213cz",
            "ocds-213czf1",
            "OCDS-213CZF",
            "ocds_213czf",
            "ocds-213czf-",
            "ocds-213cZf",
            42,
            None,
        ],
    )
    def test_a_bad_prefix_is_invalid_input_naming_ocid_prefix(
        self, prefix: Any
    ) -> None:
        """Only 'ocds-' and six lowercase letters or digits is a prefix."""
        with pytest.raises(InvalidInput, match=r"^ocid_prefix: "):
            ocds.releases(fold([drafted()]), prefix)

    @pytest.mark.parametrize("project_id", ["AY#7", "AY 7", "AY\t7", "AY\x007"])
    def test_a_project_id_that_cannot_be_in_an_ocid_is_invalid_input(
        self, project_id: str
    ) -> None:
        """A '#', a space or a control character would break the release ids."""
        with pytest.raises(InvalidInput, match=r"^project\.id: "):
            ocds.releases(fold([drafted(project_id=project_id)]), PREFIX)

    def test_something_other_than_a_project_is_invalid_input(self) -> None:
        """Exporting a history or an event instead of a project is refused."""
        with pytest.raises(InvalidInput, match=r"^project: must be a Project"):
            ocds.releases(ANYANG, PREFIX)  # type: ignore[arg-type]


class TestMethods:
    @pytest.mark.parametrize(
        ("method", "code"),
        [
            (Method.OPEN_TENDERING, "open"),
            (Method.INVITATIONAL_TENDERING, "selective"),
            (Method.COMPETITIVE_NEGOTIATION, "limited"),
            (Method.COMPETITIVE_CONSULTATION, "limited"),
            (Method.REQUEST_FOR_QUOTATIONS, "limited"),
            (Method.SINGLE_SOURCE, "direct"),
            (Method.FRAMEWORK_AGREEMENT, "selective"),
        ],
    )
    def test_every_method_maps_to_the_closed_method_codelist(
        self, method: Method, code: str
    ) -> None:
        """The tender release gives the OCDS method and the Chinese name."""
        tender = last(export(fold(opening(method))))["tender"]
        assert ocds.METHODS[method] == code
        assert tender["procurementMethod"] == code
        assert tender["procurementMethodDetails"] == method.zh
        assert str(method.citation) in tender["procurementMethodRationale"]

    def test_the_method_table_covers_every_method(self) -> None:
        """No `Method` is left without an OCDS code."""
        assert set(ocds.METHODS) == set(Method)

    def test_the_rationale_lists_the_grounds_with_the_enabling_clause(self) -> None:
        """Declared grounds come first, then the clause that opens the method."""
        grounds = frozenset({MethodGround.ONLY_ONE_SUPPLIER, MethodGround.URGENT})
        tender = last(export(fold(opening(Method.SINGLE_SOURCE, grounds))))["tender"]
        assert tender["procurementMethodRationale"] == (
            f"{MethodGround.URGENT.zh}；{MethodGround.ONLY_ONE_SUPPLIER.zh}；"
            "依据 gpl Art 31"
        )
        assert tender["procurementMethodRationale_en"].startswith(
            f"{MethodGround.URGENT.en}; {MethodGround.ONLY_ONE_SUPPLIER.en}; "
        )

    def test_a_failed_tender_proves_no_qualified_bids_for_negotiation(self) -> None:
        """After a failed open tender, negotiation cites the ground it proves."""
        project = judged(
            [
                *opening(Method.OPEN_TENDERING),
                E.ProcurementFailed(
                    at=datetime(2015, 3, 9, 9), reason="投标人不足三家"
                ),
                E.ProcurementStarted(
                    at=datetime(2015, 3, 10, 9), method=Method.COMPETITIVE_NEGOTIATION
                ),
            ]
        )
        tender = last(export(project))["tender"]
        assert tender["id"] == "tender-2"
        assert tender["procurementMethod"] == "limited"
        assert tender["procurementMethodRationale"].startswith(
            f"{MethodGround.NO_QUALIFIED_BIDS.zh}(此前招标失败所证明)"
        )

    def test_a_ground_both_declared_and_proven_is_not_marked_as_proven(self) -> None:
        """A purchaser who declares the ground the history proves is simply cited."""
        history = [
            *opening(Method.OPEN_TENDERING),
            E.ProcurementFailed(at=datetime(2015, 3, 9, 9), reason="流标"),
            E.ProcurementStarted(
                at=datetime(2015, 3, 10, 9),
                method=Method.COMPETITIVE_NEGOTIATION,
                grounds={MethodGround.NO_QUALIFIED_BIDS},
            ),
        ]
        rationale = last(export(judged(history)))["tender"][
            "procurementMethodRationale"
        ]
        assert "此前招标失败" not in rationale
        assert rationale.startswith(MethodGround.NO_QUALIFIED_BIDS.zh)

    def test_a_failed_consultation_proves_no_ground(self) -> None:
        """Only a failed *tender* proves no qualified bids (gpl Art 30)."""
        history = [
            *opening(Method.COMPETITIVE_CONSULTATION),
            E.ProcurementFailed(at=datetime(2015, 3, 9, 9), reason="流标"),
            E.ProcurementStarted(
                at=datetime(2015, 3, 10, 9), method=Method.COMPETITIVE_NEGOTIATION
            ),
        ]
        rationale = last(export(fold(history)))["tender"]["procurementMethodRationale"]
        assert rationale == "依据 gpl Art 30"


class TestTags:
    def test_each_event_of_the_anyang_lifecycle_has_its_tag(self) -> None:
        """Planning, tender, award, contract, implementation, then termination."""
        assert [r["tag"] for r in export(judged(ANYANG))] == [
            ["planning"],
            ["planningUpdate"],
            ["planningUpdate"],
            ["tender"],
            ["award"],
            ["contract"],
            ["implementation"],
            ["implementation"],
            ["implementation"],
            ["implementation"],
            ["contractTermination"],
        ]

    def test_the_tender_status_follows_the_procedure(self) -> None:
        """Planning, planned, active, complete: set by the releases in turn."""
        statuses = [r["tender"].get("status") for r in export(judged(ANYANG))[:5]]
        assert statuses == ["planning", "planned", None, "active", "complete"]

    def test_a_failed_procedure_is_a_tender_update_with_status_unsuccessful(
        self,
    ) -> None:
        """流标: the tender is unsuccessful and the reason is a tender document."""
        history = [
            *opening(Method.OPEN_TENDERING),
            E.ProcurementFailed(at=datetime(2015, 3, 9, 9), reason="投标人不足三家"),
        ]
        release = last(export(judged(history)))
        assert release["tag"] == ["tenderUpdate"]
        assert release["tender"]["status"] == "unsuccessful"
        (notice,) = release["tender"]["documents"]
        assert notice["id"] == "failure-5"
        assert notice["description"] == "投标人不足三家"

    def test_a_renewal_is_a_new_contract_that_ends_the_previous_one(self) -> None:
        """续约: contract-2 starts and contract-1 ends, in one contract release."""
        out = export(judged(renewal_and_retender()))
        renewal = out[10]
        assert renewal["tag"] == ["contract"]
        ended, new = renewal["contracts"]
        assert ended == {
            "id": "contract-1",
            "awardID": "award-1",
            "status": "terminated",
        }
        assert new["id"] == "contract-2"
        assert new["awardID"] == "award-1"
        assert new["status"] == "active"
        assert new["description"] == "续约, 接续 contract-1"

    def test_a_retender_ends_the_contract_and_plans_the_next_tender(self) -> None:
        """再次招评标: the contract ends; tender-2 is planned, bidders cleared."""
        release = export(judged(renewal_and_retender()))[14]
        assert release["tag"] == ["contractUpdate", "planningUpdate"]
        assert release["contracts"] == [
            {"id": "contract-2", "awardID": "award-1", "status": "terminated"}
        ]
        assert release["tender"] == {
            "id": "tender-2",
            "status": "planned",
            "numberOfTenderers": None,
        }

    def test_a_closure_terminates_the_current_contract(self) -> None:
        """结项: contractTermination with the last contract terminated."""
        release = last(export(judged(ANYANG)))
        assert release["tag"] == ["contractTermination"]
        assert release["contracts"] == [
            {"id": "contract-1", "awardID": "award-1", "status": "terminated"}
        ]

    def test_a_cancellation_before_award_cancels_the_tender(self) -> None:
        """撤销 before an award: tenderCancellation, the reason a document."""
        history = [
            *opening()[:2],
            E.Cancelled(at=datetime(2015, 2, 11, 9), reason="预算调整"),
        ]
        release = last(export(judged(history)))
        assert release["tag"] == ["tenderCancellation"]
        assert "awards" not in release
        tender = release["tender"]
        assert tender["status"] == "cancelled"
        assert tender["documents"][0]["documentType"] == "cancellationDetails"
        assert tender["documents"][0]["description"] == "预算调整"

    def test_a_cancellation_after_award_cancels_the_award_too(self) -> None:
        """撤销 after an award: the tender and the award are both cancelled."""
        history = [
            *opening(),
            first_cycle()[0],
            E.Cancelled(at=datetime(2015, 3, 12, 9), reason="承接主体放弃"),
        ]
        release = last(export(judged(history)))
        assert release["tag"] == ["tenderCancellation", "awardCancellation"]
        assert release["awards"] == [{"id": "award-1", "status": "cancelled"}]


class TestIds:
    def test_release_ids_are_the_ocid_and_the_place_in_the_history(self) -> None:
        """Release n of the history has the id ``{ocid}-00n``."""
        ids = [r["id"] for r in export(judged(ANYANG))]
        assert ids == [f"{OCID}-{n:03d}" for n in range(1, 12)]

    def test_exporting_twice_gives_equal_releases(self) -> None:
        """The export is a pure function of the project."""
        project = judged(renewal_and_retender())
        assert export(project) == export(project)
        assert export(project) == export(fold(project.history))

    def test_a_longer_history_keeps_the_releases_of_a_shorter_one(self) -> None:
        """Releases, ids included, never change as the project goes on."""
        history = renewal_and_retender()
        full = export(judged(history))
        for cut in range(1, len(history)):
            assert export(fold(history[:cut])) == full[:cut]

    def test_rounds_awards_and_periods_are_numbered(self) -> None:
        """tender-N per procedure, award-N per awarded round, contract-N per period."""
        compiled = ocds.record(export(judged(renewal_and_retender())))[
            "compiledRelease"
        ]
        assert compiled["tender"]["id"] == "tender-2"
        assert [a["id"] for a in compiled["awards"]] == ["award-1", "award-2"]
        assert [(c["id"], c["awardID"]) for c in compiled["contracts"]] == [
            ("contract-1", "award-1"),
            ("contract-2", "award-1"),
            ("contract-3", "award-2"),
        ]

    def test_nested_ids_are_unique_within_their_arrays(self) -> None:
        """Milestones, transactions and documents never share an id."""
        compiled = ocds.record(export(judged(renewal_and_retender())))[
            "compiledRelease"
        ]
        lists = [compiled["tender"]["documents"]]
        for contract in compiled["contracts"]:
            implementation = contract.get("implementation", {})
            lists += [implementation.get(k, []) for k in ("milestones", "transactions")]
        for items in lists:
            ids = [item["id"] for item in items]
            assert len(ids) == len(set(ids))
        milestones = compiled["contracts"][0]["implementation"]["milestones"]
        assert [m["id"] for m in milestones] == [
            "supervision-7",
            "supervision-8",
            "evaluation-9",
        ]


class TestAmounts:
    @pytest.mark.parametrize(
        ("amount", "number"),
        [
            ("800000", 800000),
            ("760000.50", 760000.5),
            ("99.999", 100),
            ("12.345", 12.35),
            ("1.005", 1.01),
            ("0.125", 0.13),
            ("1234567890123.45", 1234567890123.45),
        ],
    )
    def test_amounts_are_rounded_half_up_to_the_fen(
        self, amount: str, number: float
    ) -> None:
        """An amount is an int when whole and a float of the fen amount otherwise."""
        release = last(export(fold([drafted(), budgeted(amount=Decimal(amount))])))
        value = release["planning"]["budget"]["amount"]
        assert value == {"amount": number, "currency": "CNY"}
        assert type(value["amount"]) is type(number)
        assert release["tender"]["value"] == value

    def test_a_huge_whole_amount_stays_exact(self) -> None:
        """The largest whole amount is a JSON integer: no float rounding."""
        huge = Decimal(999999999999999)
        release = last(export(fold([drafted(), budgeted(amount=huge)])))
        assert release["planning"]["budget"]["amount"]["amount"] == 10**15 - 1

    def test_an_amount_beyond_any_json_number_never_reaches_the_export(self) -> None:
        """An amount past the double range is refused where it enters, by name."""
        absurd = Decimal("9" * 400 + ".5")
        with pytest.raises(InvalidInput, match=r"^Budgeted\.amount: "):
            export(fold([drafted(), budgeted(amount=absurd)]))

    def test_every_amount_of_a_lifecycle_is_in_cny(self) -> None:
        """Budget, tender, award, contract and payment values all carry CNY."""
        text = json.dumps(export(judged(renewal_and_retender())))
        currencies = re.findall(r'"currency": "([A-Z]+)"', text)
        assert len(currencies) > 10
        assert set(currencies) == {"CNY"}


class TestParties:
    def test_the_buyer_is_buyer_and_procuring_entity_from_the_first_release(
        self,
    ) -> None:
        """The purchaser (购买主体) is the buyer and manages the procurement."""
        (first,) = export(fold([drafted()]))
        assert first["buyer"] == {"id": BUYER.name, "name": BUYER.name}
        assert first["parties"] == [
            {
                "id": BUYER.name,
                "name": BUYER.name,
                "roles": ["buyer", "procuringEntity"],
            }
        ]
        assert first["tender"]["procuringEntity"] == first["buyer"]

    def test_roles_grow_with_the_lifecycle(self) -> None:
        """The undertaker becomes supplier at award; payer and payee at payment."""
        out = export(judged(ANYANG))
        roles = [{p["id"]: p["roles"] for p in r["parties"]} for r in out]
        assert roles[3] == {BUYER.name: ["buyer", "procuringEntity"]}
        assert roles[4][FIRM.name] == ["supplier"]
        assert roles[9] == {
            BUYER.name: ["buyer", "procuringEntity", "payer"],
            FIRM.name: ["supplier", "payee"],
        }

    def test_every_reference_names_a_party_of_its_release(self) -> None:
        """buyer, procuringEntity, suppliers, payer and payee resolve in parties."""
        for release in export(judged(renewal_and_retender())):
            names = {p["id"]: p["name"] for p in release["parties"]}
            rest = {k: v for k, v in release.items() if k != "parties"}
            text = json.dumps(rest, ensure_ascii=False)
            refs = re.findall(r'\{"id": "([^"]+)", "name": "([^"]+)"\}', text)
            assert refs
            assert all(names.get(i) == n for i, n in refs)

    def test_a_new_undertaker_after_a_retender_is_a_second_supplier(self) -> None:
        """Both undertakers stay in the parties, each a supplier."""
        release = last(export(judged(renewal_and_retender())))
        assert [(p["id"], p["roles"]) for p in release["parties"]] == [
            (BUYER.name, ["buyer", "procuringEntity", "payer"]),
            (FIRM.name, ["supplier", "payee"]),
            (OTHER_FIRM.name, ["supplier"]),
        ]


class TestDates:
    def test_a_naive_moment_is_china_standard_time(self) -> None:
        """Events without a zone are CST: the date-time says +08:00."""
        (first,) = export(fold([drafted()]))
        assert first["date"] == "2015-02-02T09:00:00+08:00"

    def test_an_aware_moment_is_written_in_china_standard_time(self) -> None:
        """An event at 01:30 UTC is the same moment, 09:30+08:00."""
        at = datetime(2015, 2, 2, 1, 30, 15, 500, tzinfo=UTC)
        (first,) = export(fold([drafted(at=at)]))
        assert first["date"] == "2015-02-02T09:30:15.000500+08:00"

    def test_a_contract_period_covers_its_first_and_last_days(self) -> None:
        """Inclusive periods: 00:00:00 on the first day to 23:59:59 on the last."""
        contract = export(judged(ANYANG))[5]["contracts"][0]
        assert contract["period"] == {
            "startDate": "2015-04-01T00:00:00+08:00",
            "endDate": "2016-03-31T23:59:59+08:00",
            "durationInDays": 366,
        }
        assert contract["dateSigned"] == "2015-03-20T09:00:00+08:00"


class TestPlanning:
    def test_drafted_facts_without_an_ocds_field_go_into_the_tender_description(
        self,
    ) -> None:
        """Category, item, purchaser kind, department, 谁来考 factors, negative list."""
        event = drafted(
            category=STREET_LAMPS.category,
            item=STREET_LAMPS,
            involves={Prohibited.STAFFING, Prohibited.FINANCING},
            social_impact=SocialImpact.LOW,
            fixed_site=True,
            scope=Scope.SITE,
        )
        tender = last(export(fold([event])))["tender"]
        assert tender["title"] == "主城区道路保洁"
        assert tender["mainProcurementCategory"] == "services"
        assert tender["description"] == (
            "服务类别: 市政环卫；目录项目: AY-2014-01；购买主体性质: 国家机关；"
            "所属部门: 城管；社会影响度: 低；固定场所: 有；范围: 单一场所；"
            f"涉及负面清单: {Prohibited.FINANCING.zh}、{Prohibited.STAFFING.zh}"
        )
        assert "Catalogue item: AY-2014-01" in tender["description_en"]
        assert tender["items"] == [
            {
                "id": "1",
                "description": STREET_LAMPS.name.zh,
                "description_en": STREET_LAMPS.name.en,
            }
        ]

    def test_unrecorded_who_evaluates_factors_are_not_said(self) -> None:
        """An unknown 谁来考 factor (None) is left out, never written as a value."""
        tender = last(export(fold([drafted(fixed_site=False)])))["tender"]
        assert "固定场所: 无" in tender["description"]
        assert "社会影响度" not in tender["description"]
        assert "范围" not in tender["description"]

    def test_the_budget_carries_the_department_the_line_and_the_amount(self) -> None:
        """部门预算 and the separate purchase-of-services line (单列)."""
        release = last(export(fold([drafted(), budgeted(separate_line=True)])))
        assert release["planning"]["budget"] == {
            "description": "城管部门预算；单列政府购买服务预算",
            "description_en": "Department budget of 城管; separate "
            "purchase-of-services line",
            "amount": {"amount": 800000, "currency": "CNY"},
            "project": "主城区道路保洁",
            "projectID": "AY-2015-007",
        }
        assert release["tender"]["status"] == "planned"

    def test_targets_and_the_cost_before_are_the_planning_rationale(self) -> None:
        """三衔接 targets and the before/after comparison's 'before'."""
        planning = last(export(fold([drafted(), budgeted()])))["planning"]
        assert (
            planning["rationale"]
            == "绩效目标: 道路保洁达标率 95；购买前成本: 950000 元"
        )
        assert planning["rationale_en"].startswith("Performance targets: ")

    def test_a_budget_without_targets_or_cost_has_no_rationale(self) -> None:
        """No text is invented when there is nothing to say."""
        event = budgeted(targets=(), cost_before=None)
        assert "rationale" not in last(export(fold([drafted(), event])))["planning"]

    def test_disclosed_items_are_tender_documents_of_their_type(self) -> None:
        """项目, 内容, 承接主体要求, 绩效评价标准 as typed documents."""
        documents = export(judged(ANYANG))[2]["tender"]["documents"]
        assert [(d["id"], d["documentType"]) for d in documents] == [
            ("disclosure-3-project", "plannedProcurementNotice"),
            ("disclosure-3-content", "technicalSpecifications"),
            ("disclosure-3-undertaker-requirements", "eligibilityCriteria"),
            ("disclosure-3-evaluation-standards", "contractSchedule"),
        ]
        assert {d["datePublished"] for d in documents} == {"2015-02-12T09:00:00+08:00"}
        assert set(ocds.DOCUMENT_TYPES) == set(DisclosureItem)

    @pytest.mark.parametrize(
        ("channel", "where"),
        [
            (
                "https://www.ayggzy.cn/notice/7",
                {"url": "https://www.ayggzy.cn/notice/7"},
            ),
            ("安阳市政府采购网", {"description": "发布渠道: 安阳市政府采购网"}),
            ("http://x/ 空格", {"description": "发布渠道: http://x/ 空格"}),
            ("", {}),
        ],
    )
    def test_a_web_channel_is_the_url_and_any_other_its_description(
        self, channel: str, where: Json
    ) -> None:
        """Only a well-formed http(s) URI goes into ``url`` (format uri)."""
        event = E.Disclosed(
            at=datetime(2015, 2, 12, 9),
            items=frozenset({DisclosureItem.PROJECT}),
            channel=channel,
        )
        (document,) = last(export(fold([drafted(), event])))["tender"]["documents"]
        assert {k: document[k] for k in ("url", "description") if k in document} == (
            where
        )


class TestAwardAndContract:
    def test_the_award_gives_value_supplier_kind_and_conditions(self) -> None:
        """承接主体: kind in the description, Art 22 conditions as a document."""
        release = export(judged(ANYANG))[4]
        assert release["tender"] == {
            "id": "tender-1",
            "status": "complete",
            "numberOfTenderers": 3,
        }
        (award,) = release["awards"]
        assert award["value"] == {"amount": 760000, "currency": "CNY"}
        assert award["suppliers"] == [{"id": FIRM.name, "name": FIRM.name}]
        assert award["description"] == f"承接主体性质: {FIRM.kind.zh}"
        (conditions,) = award["documents"]
        assert conditions["documentType"] == "eligibilityCriteria"
        assert conditions["description"].count("；") == len(SupplierCondition) - 1

    def test_an_award_without_bidders_or_conditions_says_nothing_of_them(
        self,
    ) -> None:
        """Unrecorded bidders and unshown conditions are left out, not invented."""
        bare = Undertaker("某社会组织", UndertakerKind.SOCIAL_ORGANIZATION)
        award = E.Awarded(
            at=datetime(2015, 3, 10, 9), undertaker=bare, amount=Decimal(1)
        )
        release = last(export(fold([*opening(), award])))
        assert "numberOfTenderers" not in release["tender"]
        assert "documents" not in release["awards"][0]

    def test_a_stable_contract_says_it_may_run_three_years(self) -> None:
        """mof-102 Art 24's stable-service condition goes into the description."""
        contract = last(export(judged(renewal_and_retender())))["contracts"][0]
        assert contract["id"] == "contract-3"
        assert contract["value"] == {"amount": 700000.5, "currency": "CNY"}
        assert contract["description_en"].startswith("stable, funded service")
        assert "description" not in export(judged(ANYANG))[5]["contracts"][0]


class TestImplementation:
    def test_daily_evaluations_are_met_assessment_milestones(self) -> None:
        """日常考评: a milestone with the score, and the note when there is one."""
        out = export(judged(ANYANG))
        (first,) = out[6]["contracts"][0]["implementation"]["milestones"]
        (second,) = out[7]["contracts"][0]["implementation"]["milestones"]
        assert first == {
            "id": "supervision-7",
            "title": "日常考评",
            "title_en": "Routine evaluation",
            "type": "assessment",
            "code": "routineEvaluation",
            "status": "met",
            "dateMet": "2015-05-01T09:00:00+08:00",
            "description": "得分 88",
            "description_en": "score 88",
        }
        assert second["description"] == "得分 92；抽查合格"

    def test_the_evaluation_result_is_a_milestone(self) -> None:
        """绩效考评: evaluator, scores and total in the milestone's description."""
        release = export(judged(ANYANG))[8]
        (milestone,) = release["contracts"][0]["implementation"]["milestones"]
        assert milestone["code"] == "performanceEvaluation"
        assert milestone["description"] == (
            "考评主体: 购买主体内部考评；内部评分 90；总分 90.00"
        )

    def test_with_the_framework_the_evaluation_states_grade_and_payment(
        self,
    ) -> None:
        """The grade and payment ratio come from the rules on the evaluation day."""
        release = export(judged(ANYANG), framework=WORKFLOW.framework)[8]
        (milestone,) = release["contracts"][0]["implementation"]["milestones"]
        assert milestone["description"].endswith("；等级 优, 拨付比例 100%")
        assert milestone["description_en"].endswith(
            "; grade Excellent, payment ratio 100%"
        )

    def test_a_third_party_evaluation_gives_both_scores_and_the_weight(self) -> None:
        """第三方考评: the third party, its score and the internal weight."""
        evaluation = Evaluation(
            evaluator=Evaluator.THIRD_PARTY,
            internal_score=90,
            external_score=80,
            internal_weight=Decimal("0.4"),
            third_party="河南正信评估有限公司",
        )
        history = [
            *ANYANG[:8],
            E.Evaluated(at=datetime(2016, 3, 25, 9), evaluation=evaluation),
        ]
        release = last(export(judged(history)))
        (milestone,) = release["contracts"][0]["implementation"]["milestones"]
        assert milestone["description"] == (
            "考评主体: 第三方考评 (河南正信评估有限公司)；内部评分 90；"
            "第三方评分 80；内部权重 0.4；总分 84.00"
        )

    def test_a_payment_is_a_transaction_from_buyer_to_supplier(self) -> None:
        """拨付: value, payer and payee; no document without a cost reason."""
        implementation = export(judged(ANYANG))[9]["contracts"][0]["implementation"]
        assert implementation == {
            "transactions": [
                {
                    "id": "payment-10",
                    "date": "2016-04-05T09:00:00+08:00",
                    "value": {"amount": 760000, "currency": "CNY"},
                    "payer": {"id": BUYER.name, "name": BUYER.name},
                    "payee": {"id": FIRM.name, "name": FIRM.name},
                }
            ]
        }

    def test_why_it_cost_more_is_a_financial_report(self) -> None:
        """Settled.cost_reason is a financialProgressReport document."""
        settled = E.Settled(
            at=datetime(2016, 4, 5, 9),
            paid=Decimal(760_000),
            cost_reason="人工成本上涨",
        )
        release = last(export(judged([*ANYANG[:9], settled])))
        (document,) = release["contracts"][0]["implementation"]["documents"]
        assert document["documentType"] == "financialProgressReport"
        assert document["description"] == "人工成本上涨"

    def test_closure_names_who_is_held_accountable(self) -> None:
        """无效必问责: who answers goes into a document of the closing release."""
        closed = E.Closed(at=datetime(2016, 4, 10, 9), accountable="城管局分管负责人")
        release = last(export(judged([*ANYANG[:10], closed])))
        (document,) = release["contracts"][0]["implementation"]["documents"]
        assert document["id"] == "accountability-11"
        assert document["description"] == "城管局分管负责人"
        assert "implementation" not in last(export(judged(ANYANG)))["contracts"][0]


class TestTrustedHistories:
    def test_events_ocds_cannot_express_here_have_no_release(self) -> None:
        """A contract without an award, or a payment without a contract, is skipped."""
        history = [
            drafted(),
            first_cycle()[1],
            first_cycle()[2],
            first_cycle()[5],
            E.Renewed(
                at=datetime(2016, 4, 6),
                start=date(2016, 4, 1),
                end=date(2017, 3, 31),
                amount=Decimal(1),
            ),
            E.Retendered(at=datetime(2016, 4, 7)),
            E.Closed(at=datetime(2016, 4, 8)),
        ]
        out = export(fold(history))
        assert [r["id"] for r in out] == [f"{OCID}-001"]

    def test_a_procedure_without_a_budget_has_no_tender_value(self) -> None:
        """Nothing is invented: no budget, no estimated value."""
        started = E.ProcurementStarted(
            at=datetime(2015, 2, 16, 9), method=Method.OPEN_TENDERING
        )
        assert "value" not in last(export(fold([drafted(), started])))["tender"]

    def test_a_failure_without_a_procedure_proves_nothing(self) -> None:
        """A trusted 流标 with no procedure started leaves later methods unproven."""
        history = [
            drafted(),
            E.ProcurementFailed(at=datetime(2015, 3, 1), reason="流标"),
            E.ProcurementStarted(
                at=datetime(2015, 3, 2), method=Method.COMPETITIVE_NEGOTIATION
            ),
        ]
        out = export(fold(history))
        assert out[1]["tender"]["status"] == "unsuccessful"
        assert out[2]["tender"]["procurementMethodRationale"] == "依据 gpl Art 30"


class TestPackage:
    def test_a_package_has_the_publishing_metadata_and_the_releases(self) -> None:
        """uri, version 1.1, publishedDate, publisher and the releases in order."""
        out = export(judged(ANYANG))
        package = publish(out)
        assert package == {
            "uri": "https://data.example.org/ocds/2016.json",
            "version": "1.1",
            "publishedDate": "2016-05-01T12:00:00+08:00",
            "publisher": {"name": "安阳市财政局"},
            "releases": list(out),
        }

    def test_an_aware_publication_time_keeps_its_zone(self) -> None:
        """The caller's clock is the caller's: an aware moment is written as given."""
        moment = datetime(2016, 5, 1, 4, tzinfo=UTC)
        package = publish(export(judged(ANYANG)), published=moment)
        assert package["publishedDate"] == "2016-05-01T04:00:00+00:00"

    @pytest.mark.parametrize(
        ("releases", "changes", "field"),
        [
            ([], {}, "releases"),
            ({"ocid": "x"}, {}, "releases"),
            ("releases", {}, "releases"),
            (5, {}, "releases"),
            ([1], {}, r"releases\[0\]"),
            ([{"ocid": "x", "id": "1"}] * 2, {}, r"releases\[1\]\.id"),
            ([{"ocid": "x", "id": "1"}], {"publisher": " "}, "publisher"),
            ([{"ocid": "x", "id": "1"}], {"publisher": None}, "publisher"),
            ([{"ocid": "x", "id": "1"}], {"uri": "data/2016.json"}, "uri"),
            ([{"ocid": "x", "id": "1"}], {"uri": "https://x/a b"}, "uri"),
            ([{"ocid": "x", "id": "1"}], {"published": date(2016, 5, 1)}, "published"),
        ],
    )
    def test_bad_arguments_are_invalid_input_naming_the_field(
        self, releases: Any, changes: Json, field: str
    ) -> None:
        """Each bad argument is refused with a message that names it."""
        with pytest.raises(InvalidInput, match=f"^{field}: "):
            publish(releases, **changes)

    def test_every_problem_is_reported_at_once(self) -> None:
        """A package with three problems names all three."""
        with pytest.raises(InvalidInput) as raised:
            publish([], publisher="", uri="nope")
        assert [m.split(":")[0] for m in raised.value.messages] == [
            "releases",
            "publisher",
            "uri",
        ]

    def test_releases_of_two_projects_share_a_package(self) -> None:
        """Ocids differ, so every release id in the package is unique."""
        other = [drafted(project_id="AY-2015-008"), *ANYANG[1:]]
        out = [*export(judged(ANYANG)), *export(judged(other))]
        package = publish(out)
        assert len({(r["ocid"], r["id"]) for r in package["releases"]}) == 22
        assert len({r["id"] for r in package["releases"]}) == 22


def release(number: int, day: int, **fields: Any) -> Json:
    return {
        "ocid": OCID,
        "id": str(number),
        "date": f"2016-01-{day:02d}T00:00:00+08:00",
        "tag": ["tender"],
        "initiationType": "tender",
        **fields,
    }


class TestRecord:
    def test_the_compiled_release_is_tagged_compiled_with_the_newest_date(
        self,
    ) -> None:
        """Tagged 'compiled', with the newest date and the id ``{ocid}-{date}``."""
        record = ocds.record([release(1, 1), release(2, 3), release(3, 2)])
        compiled = record["compiledRelease"]
        assert record["ocid"] == OCID
        assert (
            compiled["ocid"],
            compiled["id"],
            compiled["date"],
            compiled["tag"],
        ) == (
            OCID,
            f"{OCID}-2016-01-03T00:00:00+08:00",
            "2016-01-03T00:00:00+08:00",
            ["compiled"],
        )

    def test_releases_are_merged_oldest_first_whatever_their_order(self) -> None:
        """The newest value wins; the record lists the releases by date."""
        record = ocds.record(
            [
                release(2, 5, tender={"id": "t", "status": "complete"}),
                release(1, 1, tender={"id": "t", "status": "active", "title": "保洁"}),
            ]
        )
        assert [r["id"] for r in record["releases"]] == ["1", "2"]
        assert record["compiledRelease"]["tender"] == {
            "id": "t",
            "status": "complete",
            "title": "保洁",
        }

    def test_releases_of_one_moment_keep_their_given_order(self) -> None:
        """Equal dates: the later in the input wins (a stable sort)."""
        record = ocds.record(
            [release(1, 1, language="zh"), release(2, 1, language="en")]
        )
        assert record["compiledRelease"]["language"] == "en"

    def test_a_naive_date_is_read_as_china_time(self) -> None:
        """'2016-01-01T07:00:00' (CST) is after '2016-01-01T06:00:00+08:00'."""
        naive = {**release(1, 1, language="en"), "date": "2016-01-01T07:00:00"}
        aware = {**release(2, 1, language="zh"), "date": "2016-01-01T06:00:00+08:00"}
        assert ocds.record([naive, aware])["compiledRelease"]["language"] == "en"

    def test_arrays_of_objects_with_ids_merge_by_id(self) -> None:
        """Identifier merge: same id merges, a new id is appended."""
        record = ocds.record(
            [
                release(1, 1, awards=[{"id": "a", "status": "active", "title": "甲"}]),
                release(2, 2, awards=[{"id": "b"}, {"id": "a", "status": "cancelled"}]),
            ]
        )
        assert record["compiledRelease"]["awards"] == [
            {"id": "a", "status": "cancelled", "title": "甲"},
            {"id": "b"},
        ]

    def test_other_arrays_replace_the_earlier_one_whole(self) -> None:
        """Strings (roles) and wholeListMerge arrays are literal values."""
        first = {"id": "p", "roles": ["buyer"], "additionalIdentifiers": [{"id": "1"}]}
        second = {"id": "p", "roles": ["payer"], "additionalIdentifiers": [{"id": "2"}]}
        record = ocds.record(
            [release(1, 1, parties=[first]), release(2, 2, parties=[second])]
        )
        assert record["compiledRelease"]["parties"] == [second]

    def test_null_removes_a_field_and_empties_change_nothing(self) -> None:
        """A null deletes; an empty object or array leaves the earlier value."""
        record = ocds.record(
            [
                release(
                    1,
                    1,
                    tender={"id": "t", "numberOfTenderers": 3},
                    awards=[{"id": "a"}],
                ),
                release(
                    2, 2, tender={"numberOfTenderers": None}, awards=[], planning={}
                ),
            ]
        )
        compiled = record["compiledRelease"]
        assert compiled["tender"] == {"id": "t"}
        assert compiled["awards"] == [{"id": "a"}]
        assert "planning" not in compiled

    def test_a_value_of_another_shape_is_replaced(self) -> None:
        """An object over a literal, identified items over a literal array."""
        record = ocds.record(
            [
                release(1, 1, tender="?", awards=["x"]),
                release(2, 2, tender={"id": "t"}, awards=[{"id": "a"}]),
            ]
        )
        compiled = record["compiledRelease"]
        assert compiled["tender"] == {"id": "t"}
        assert compiled["awards"] == [{"id": "a"}]

    def test_the_compiled_release_shares_nothing_with_the_releases(self) -> None:
        """Changing the compiled release leaves the releases as they were."""
        out = export(judged(ANYANG))
        before = copy.deepcopy(out)
        compiled = ocds.record(out)["compiledRelease"]
        compiled["parties"][0]["roles"].append("funder")
        compiled["tender"]["documents"][0]["title"] = "改"
        assert out == before

    @pytest.mark.parametrize(
        ("releases", "field"),
        [
            ([], "releases"),
            ("releases", "releases"),
            ([release(1, 1), 7], r"releases\[1\]"),
            ([release(1, 1), {**release(2, 2), "ocid": "ocds-213czf-X"}], "releases"),
            ([{**release(1, 1), "ocid": None}], "releases"),
            (
                [release(1, 1), {**release(2, 2), "date": "2016-13-01"}],
                r"releases\[1\]\.date",
            ),
            (
                [{k: v for k, v in release(1, 1).items() if k != "date"}],
                r"releases\[0\]\.date",
            ),
        ],
    )
    def test_bad_releases_are_invalid_input(self, releases: Any, field: str) -> None:
        """No release, a non-release, two ocids or a bad date are refused."""
        with pytest.raises(InvalidInput, match=f"^{field}: "):
            ocds.record(releases)

    def test_the_anyang_record_sums_up_the_lifecycle(self) -> None:
        """The compiled release: complete tender, terminated contract, all payments."""
        compiled = ocds.record(export(judged(ANYANG)))["compiledRelease"]
        assert compiled["tender"]["status"] == "complete"
        assert compiled["tender"]["procurementMethod"] == "limited"
        assert compiled["planning"]["budget"]["amount"]["amount"] == 800000
        (contract,) = compiled["contracts"]
        assert contract["status"] == "terminated"
        assert len(contract["implementation"]["milestones"]) == 3
        assert len(contract["implementation"]["transactions"]) == 1


class TestSchema:
    def test_every_release_of_the_lifecycles_validates(
        self, validators: Validators
    ) -> None:
        """Closed, renewed, re-tendered, failed and cancelled lifecycles are valid."""
        lifecycles = [
            ANYANG,
            renewal_and_retender(),
            [
                *opening(Method.OPEN_TENDERING),
                E.ProcurementFailed(at=datetime(2015, 3, 9, 9), reason="流标"),
                E.Cancelled(at=datetime(2015, 3, 10, 9), reason="撤销"),
            ],
        ]
        for history in lifecycles:
            for item in export(judged(history), framework=WORKFLOW.framework):
                assert errors(validators.release, item) == [], item["id"]

    @pytest.mark.parametrize("method", list(Method))
    def test_a_tender_of_every_method_validates(
        self, validators: Validators, method: Method
    ) -> None:
        """Each method's tender release is valid, RFQ and framework included."""
        for item in export(fold([*opening(method), *first_cycle()])):
            assert errors(validators.release, item) == [], item["id"]

    def test_unusual_values_validate(self, validators: Validators) -> None:
        """Fractional and huge amounts, aware times, items, URLs and empty texts."""
        history = [
            drafted(
                at=datetime(2015, 2, 2, 1, 30, 15, 500, tzinfo=UTC),
                item=STREET_LAMPS,
                involves={Prohibited.STAFFING},
            ),
            budgeted(amount=Decimal("1" + "0" * 13 + ".004"), separate_line=True),
            E.Disclosed(
                at=datetime(2015, 2, 12, 9),
                items=frozenset(DisclosureItem),
                channel="https://www.ayggzy.cn/notice/7",
            ),
        ]
        for item in export(fold(history)):
            assert errors(validators.release, item) == [], item["id"]

    def test_a_package_of_two_projects_validates(self, validators: Validators) -> None:
        """The release package schema resolves the release schema locally."""
        other = [drafted(project_id="AY-2015-008"), *renewal_and_retender()[1:]]
        package = publish([*export(judged(ANYANG)), *export(judged(other))])
        assert errors(validators.package, package) == []

    def test_the_record_validates_in_a_record_package(
        self, validators: Validators
    ) -> None:
        """Embedded releases and the compiled release are valid."""
        record = ocds.record(export(judged(renewal_and_retender())))
        assert errors(validators.release, record["compiledRelease"]) == []
        records = {
            "uri": "https://data.example.org/ocds/records.json",
            "version": "1.1",
            "publishedDate": "2017-06-01T00:00:00+08:00",
            "publisher": {"name": "安阳市财政局"},
            "records": [record],
        }
        assert errors(validators.records, records) == []

    def test_the_validators_reject_what_ocds_forbids(
        self, validators: Validators
    ) -> None:
        """A value off a closed codelist, a bad date-time or URI is caught."""
        good = export(judged(ANYANG))[3]
        bad_method = {**good, "tender": {**good["tender"], "procurementMethod": "x"}}
        bad_date = {**good, "date": "2015-02-16 09:00"}
        assert errors(validators.release, bad_method)
        assert errors(validators.release, bad_date)
        assert errors(validators.package, publish([good]) | {"uri": "a b"})


class TestRecordPackage:
    def records(self) -> list[Json]:
        other = [drafted(project_id="AY-2015-008"), *renewal_and_retender()[1:]]
        return [
            ocds.record(export(judged(ANYANG))),
            ocds.record(export(judged(other))),
        ]

    def publish(self, records: Any, **changes: Any) -> Json:
        options: Json = {
            "publisher": "安阳市财政局",
            "uri": "https://data.example.org/ocds/records.json",
            "published": datetime(2017, 6, 1),
            **changes,
        }
        return ocds.record_package(records, **options)

    def test_a_record_package_has_the_publishing_metadata_and_the_records(
        self,
    ) -> None:
        """uri, version 1.1, publishedDate, publisher and the records in order."""
        records = self.records()
        assert self.publish(records) == {
            "uri": "https://data.example.org/ocds/records.json",
            "version": "1.1",
            "publishedDate": "2017-06-01T00:00:00+08:00",
            "publisher": {"name": "安阳市财政局"},
            "records": records,
        }

    def test_the_metadata_is_that_of_a_release_package(self) -> None:
        """Both kinds of package write the same publishing metadata."""
        records = self.publish(self.records())
        releases = publish(
            export(judged(ANYANG)), uri=records["uri"], published=datetime(2017, 6, 1)
        )
        assert {k: v for k, v in records.items() if k != "records"} == {
            k: v for k, v in releases.items() if k != "releases"
        }

    def test_a_record_package_validates(self, validators: Validators) -> None:
        """Two projects' records validate against record-package-schema.json."""
        assert errors(validators.records, self.publish(self.records())) == []

    @pytest.mark.parametrize(
        ("records", "changes", "field"),
        [
            ([], {}, "records"),
            ({"ocid": "x"}, {}, "records"),
            ("records", {}, "records"),
            (5, {}, "records"),
            ([1], {}, r"records\[0\]"),
            ([{"releases": []}], {}, r"records\[0\]\.ocid"),
            ([{"ocid": ""}], {}, r"records\[0\]\.ocid"),
            ([{"ocid": "x"}, {"ocid": "x"}], {}, r"records\[1\]\.ocid"),
            ([{"ocid": "x"}], {"publisher": " "}, "publisher"),
            ([{"ocid": "x"}], {"uri": "records.json"}, "uri"),
            ([{"ocid": "x"}], {"published": "2017-06-01"}, "published"),
        ],
    )
    def test_bad_arguments_are_invalid_input_naming_the_field(
        self, records: Any, changes: Json, field: str
    ) -> None:
        """Each bad argument is refused with a message that names it."""
        with pytest.raises(InvalidInput, match=f"^{field}: "):
            self.publish(records, **changes)

    def test_every_problem_is_reported_at_once(self) -> None:
        """A record package with four problems names all four."""
        with pytest.raises(InvalidInput) as raised:
            self.publish([{"ocid": None}], publisher="", uri="nope", published=None)
        assert [m.split(":")[0] for m in raised.value.messages] == [
            "records[0].ocid",
            "publisher",
            "uri",
            "published",
        ]

    def test_the_package_holds_the_given_record_objects(self) -> None:
        """The records are those given, in order, not copies."""
        records = self.records()
        package = self.publish(reversed(records))
        assert [r["ocid"] for r in package["records"]] == [
            "ocds-213czf-AY-2015-008",
            OCID,
        ]
        assert package["records"][1] is records[0]


# -- supplements, publication, deadlines, reported targets (issue 12) -------------
SIGNED = datetime(2015, 3, 20, 9)


def amended_cycle() -> list[E.Event]:
    """The 2015 purchase with a deadline, a publication, two supplements, targets."""
    start, rest = opening()[:3], first_cycle()
    award, contract, *running = rest
    evaluated = E.Evaluated(
        at=datetime(2016, 3, 25, 9),
        evaluation=Evaluation(evaluator=Evaluator.INTERNAL, internal_score=90),
        achieved=(Achieved("道路保洁达标率", Decimal(96)),),
    )
    return [
        *start,
        E.ProcurementStarted(
            at=datetime(2015, 2, 16, 9),
            method=Method.COMPETITIVE_CONSULTATION,
            deadline=date(2015, 2, 26),
        ),
        award,
        contract,
        E.ContractPublished(at=datetime(2015, 3, 23, 9)),
        E.Amended(at=datetime(2015, 4, 20, 9), amount=Decimal(20_000), reason="追加"),
        E.Amended(at=datetime(2015, 4, 25, 9), amount=Decimal(15_000), reason="再追加"),
        *running[:2],
        evaluated,
        E.Settled(at=datetime(2016, 4, 5, 9), paid=Decimal(795_000)),
    ]


class TestAmendmentsAndPublication:
    def test_a_supplement_is_a_contract_amendment_with_the_new_value(self) -> None:
        """Amended: contractAmendment, the contract's value with its supplements."""
        out = export(judged(amended_cycle()))
        first, second = out[7], out[8]
        assert first["tag"] == ["contractAmendment"]
        contract = second["contracts"][0]
        assert contract["id"] == "contract-1"
        assert contract["value"] == {"amount": 795_000, "currency": "CNY"}
        (amendment,) = contract["amendments"]
        assert amendment["id"] == "amendment-9"
        assert amendment["rationale"] == "再追加"
        assert amendment["date"] == "2015-04-25T09:00:00+08:00"
        assert "15000" in amendment["description_en"]

    def test_a_publication_is_a_contract_notice(self) -> None:
        """ContractPublished: contractUpdate with a contractNotice document."""
        release = export(judged(amended_cycle()))[6]
        assert release["tag"] == ["contractUpdate"]
        (notice,) = release["contracts"][0]["documents"]
        assert notice["documentType"] == "contractNotice"
        assert notice["datePublished"] == "2015-03-23T09:00:00+08:00"

    def test_the_deadline_ends_the_tender_period(self) -> None:
        """The response deadline is tenderPeriod.endDate, at the end of its day."""
        tender = export(judged(amended_cycle()))[3]["tender"]
        assert tender["tenderPeriod"] == {
            "startDate": "2015-02-16T09:00:00+08:00",
            "endDate": "2015-02-26T23:59:59+08:00",
        }

    def test_an_add_on_names_the_original_contract(self) -> None:
        """An add-on's rationale names the original contract's amount."""
        add_on = E.ProcurementStarted(
            at=datetime(2015, 2, 16, 9),
            method=Method.SINGLE_SOURCE,
            grounds=frozenset({MethodGround.ADD_ON}),
            original_contract=Decimal(8_000_000),
        )
        tender = export(fold([*opening()[:3], add_on]))[3]["tender"]
        assert (
            "original contract 8000000 yuan" in tender["procurementMethodRationale_en"]
        )

    def test_the_evaluation_reports_the_achieved_values(self) -> None:
        """Each achieved value, and an indicator system, are in the milestone."""
        history = amended_cycle()
        release = export(judged(history))[11]
        (milestone,) = release["contracts"][0]["implementation"]["milestones"]
        assert "道路保洁达标率 achieved 96" in milestone["description_en"]
        system = IndicatorSystem(
            (Indicator(name=Label("达标率", "Pass rate"), points=100, target=95),)
        )
        evaluated = history[11]
        assert isinstance(evaluated, E.Evaluated)
        scored = fold([*history[:11], attrs.evolve(evaluated, indicators=system)])
        (milestone,) = export(scored)[11]["contracts"][0]["implementation"][
            "milestones"
        ]
        assert "scored by an indicator system of 1" in milestone["description_en"]

    def test_the_new_releases_and_their_record_validate(
        self, validators: Validators
    ) -> None:
        """Every release, and the compiled record, validate against OCDS 1.1.5."""
        project = judged(amended_cycle())
        for item in export(project):
            assert errors(validators.release, item) == [], item["id"]
        record = ocds.record(export(project))
        assert errors(validators.release, record["compiledRelease"]) == []
        assert record["compiledRelease"]["contracts"][0]["value"]["amount"] == 795_000
        assert len(record["compiledRelease"]["contracts"][0]["amendments"]) == 2

    def test_a_supplement_or_publication_without_a_contract_has_no_release(
        self,
    ) -> None:
        """Loaded without judging, they cannot be mapped before a contract."""
        history = [
            *opening(),
            E.ContractPublished(at=datetime(2015, 3, 1, 9)),
            E.Amended(at=datetime(2015, 3, 2, 9), amount=Decimal(1), reason="x"),
        ]
        assert len(export(fold(history))) == 4
