"""The public API: ``__all__`` matches docs/api.md, and DESIGN.md's contract holds."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import procpolicy
from procpolicy.labels import BilingualEnum

DOCS = Path(__file__).resolve().parents[1] / "docs"
BEGIN = "<!-- begin procpolicy.__all__ -->"
END = "<!-- end procpolicy.__all__ -->"

# The public contract of DESIGN.md (from the shared tools/contract.py), for the
# modules that exist; ocds, simulation and testing have their own tests.
CONTRACT: dict[str, tuple[str, ...]] = {
    "procpolicy": (
        "PolicyFramework",
        "PolicyDocument",
        "Overrides",
        "Parameters",
        "RuleSet",
        "Reform",
        "Label",
        "Citation",
        "Rule",
        "Violation",
        "Finding",
        "Severity",
        "Provenance",
        "Layer",
        "CoreRole",
        "Question",
        "ServiceCategory",
        "CatalogueItem",
        "Catalogue",
        "Prohibited",
        "Method",
        "MethodGround",
        "Purchaser",
        "PurchaserKind",
        "Undertaker",
        "UndertakerKind",
        "SupplierCondition",
        "PerformanceTarget",
        "DisclosureItem",
        "Stage",
        "Project",
        "Workflow",
        "Grade",
        "Outcome",
        "Evaluation",
        "Evaluator",
        "ProcPolicyError",
        "TransitionRefused",
        "InvalidInput",
        "PolicyInconsistent",
        "presets",
        "serialization",
        "events",
    ),
    "procpolicy.presets": ("anyang", "national"),
    "procpolicy.serialization": ("to_dict", "from_dict"),
    "procpolicy.events": (
        "Drafted",
        "Budgeted",
        "Disclosed",
        "ProcurementStarted",
        "ProcurementFailed",
        "Awarded",
        "Contracted",
        "Supervised",
        "Evaluated",
        "Settled",
        "Renewed",
        "Retendered",
        "Closed",
        "Cancelled",
    ),
}

# Methods the contract names on the main classes.
METHODS: dict[str, tuple[str, ...]] = {
    "Workflow": ("start", "apply", "check", "allowed", "replay", "to_mermaid"),
    "RuleSet": ("source", "grade", "outcome", "diff"),
    "PolicyFramework": (
        "check",
        "warnings",
        "at",
        "with_document",
        "frozen_at",
        "timeline",
    ),
    "Reform": ("apply",),
}


def documented_names() -> list[str]:
    """The top-level names listed in docs/api.md, in page order."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    assert BEGIN in text, f"docs/api.md lost its marker {BEGIN!r}"
    assert END in text, f"docs/api.md lost its marker {END!r}"
    table = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)


def resolve(dotted: str) -> object:
    """The object a dotted name refers to: a module, or an attribute of one."""
    module, _, attribute = dotted.rpartition(".")
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        return getattr(importlib.import_module(module), attribute)


def public_enums() -> list[type[BilingualEnum]]:
    """Every bilingual enum exported by the package."""
    found = []
    for name in procpolicy.__all__:
        value = getattr(procpolicy, name)
        if (
            inspect.isclass(value)
            and issubclass(value, BilingualEnum)
            and value is not BilingualEnum
        ):
            found.append(value)
    return found


class TestApiPage:
    def test_api_page_lists_exactly_the_names_of_all(self) -> None:
        """docs/api.md lists every name of procpolicy.__all__ and no other."""
        listed = documented_names()
        missing = sorted(set(procpolicy.__all__) - set(listed))
        extra = sorted(set(listed) - set(procpolicy.__all__))
        assert not missing, f"add to the table in docs/api.md: {missing}"
        assert not extra, f"not in procpolicy.__all__, drop from docs/api.md: {extra}"

    def test_api_page_lists_each_name_once(self) -> None:
        """No name appears twice in the table."""
        listed = documented_names()
        assert len(listed) == len(set(listed))

    def test_all_holds_unique_names_that_exist(self) -> None:
        """Every name of __all__ is unique and importable from the package."""
        assert len(procpolicy.__all__) == len(set(procpolicy.__all__))
        for name in procpolicy.__all__:
            assert hasattr(procpolicy, name), name

    def test_api_page_links_each_name_to_the_object_it_names(self) -> None:
        """Each row's link resolves to the very object the package exports."""
        text = (DOCS / "api.md").read_text(encoding="utf-8")
        table = text.split(BEGIN, 1)[1].split(END, 1)[0]
        rows = re.findall(
            r"^\| `(\w+)` \| \{py:\w+\}`([\w.]+)` \|", table, flags=re.MULTILINE
        )
        assert len(rows) == len(documented_names())
        for name, target in rows:
            assert resolve(target) is getattr(procpolicy, name), (
                f"docs/api.md: {name} links to {target}, a different object"
            )


class TestContract:
    @pytest.mark.parametrize(
        ("module", "name"),
        [(module, name) for module, names in CONTRACT.items() for name in names],
    )
    def test_contract_name_is_importable(self, module: str, name: str) -> None:
        """Each name of DESIGN.md's public contract can be imported."""
        assert hasattr(importlib.import_module(module), name)

    @pytest.mark.parametrize(
        ("owner", "method"),
        [(owner, method) for owner, methods in METHODS.items() for method in methods],
    )
    def test_contract_method_exists(self, owner: str, method: str) -> None:
        """Each method the contract names exists and is callable."""
        assert callable(getattr(getattr(procpolicy, owner), method))

    def test_top_level_contract_names_are_in_all(self) -> None:
        """The contract's top-level names are part of __all__, hence documented."""
        missing = sorted(set(CONTRACT["procpolicy"]) - set(procpolicy.__all__))
        assert not missing


class TestGlossary:
    @pytest.mark.parametrize("enum", public_enums(), ids=lambda e: e.__name__)
    def test_every_enum_member_is_in_the_glossary(
        self, enum: type[BilingualEnum]
    ) -> None:
        """Each member's Chinese term and Python name appear in docs/glossary.md."""
        text = (DOCS / "glossary.md").read_text(encoding="utf-8")
        for member in enum:
            assert member.zh in text, f"docs/glossary.md: add {member.zh}"
            assert f"{enum.__name__}.{member.name}" in text, (
                f"docs/glossary.md: add {enum.__name__}.{member.name}"
            )
