"""Security posture (docs/security.md): no code from input, bounded loading."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import procpolicy as pp
from procpolicy import InvalidInput, serialization
from procpolicy import events as E  # noqa: N812
from tests._lifecycle import cleaning_2015

SOURCES = sorted((Path(pp.__file__).parent).rglob("*.py"))
"""Every module of the library."""
IO_ALLOWED = {"cli.py", "__main__.py"}
"""The only modules that may read or write (DESIGN.md, principle 1)."""
"""Seconds a hostile payload may take to be refused (measured: under 0.2)."""

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
FORBIDDEN_MODULES = {
    "pickle",
    "cPickle",
    "dill",
    "marshal",
    "shelve",
    "yaml",
    "subprocess",
    "ctypes",
    "socket",
    "urllib",
    "http",
    "requests",
}
FORBIDDEN_ATTRIBUTES = {
    ("os", "system"),
    ("os", "popen"),
    ("os", "exec"),
    ("os", "spawn"),
    ("importlib", "import_module"),
}
IO_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}


def calls(tree: ast.AST) -> list[tuple[str, str]]:
    """Every call as (object, function): ``("", "open")``, ``("os", "system")``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            found.append(("", func.id))
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            found.append((owner, func.attr))
    return found


def imports(tree: ast.AST) -> set[str]:
    """The top-level package of every import."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


class TestNoCodeFromInput:
    def test_the_scan_sees_every_module(self):
        """The scan covers the package, the testing kit included."""
        names = {p.name for p in SOURCES}
        assert {"serialization.py", "workflow.py", "strategies.py", "cli.py"} <= names

    @pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
    def test_no_module_evaluates_or_executes_text(self, path):
        """No ``eval``, ``exec``, ``compile``, ``__import__`` or ``input``."""
        used = {name for owner, name in calls(parsed(path)) if not owner}
        assert used & FORBIDDEN_CALLS == set()

    @pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
    def test_no_module_unpickles_spawns_or_connects(self, path):
        """No pickle, marshal, shelve or YAML; no subprocess, shell or socket."""
        tree = parsed(path)
        assert imports(tree) & FORBIDDEN_MODULES == set()
        for owner, name in calls(tree):
            assert not any(
                owner == o and name.startswith(n) for o, n in FORBIDDEN_ATTRIBUTES
            ), (owner, name)

    @pytest.mark.parametrize(
        "path", [p for p in SOURCES if p.name not in IO_ALLOWED], ids=lambda p: p.name
    )
    def test_only_the_command_line_reads_or_writes_files(self, path):
        """Outside ``cli.py`` and ``__main__.py`` nothing opens a file."""
        used = {name for _, name in calls(parsed(path))}
        assert used & IO_CALLS == set()

    def test_the_scan_finds_what_it_forbids(self):
        """The scan itself sees a forbidden call, import and file access."""
        tree = ast.parse("import pickle\nos.system('x')\neval('1')\nopen('f')")
        assert imports(tree) == {"pickle"}
        assert set(calls(tree)) == {("os", "system"), ("", "eval"), ("", "open")}


def nested(depth: int, kind: type) -> Any:
    """A list or dict nested ``depth`` levels, built without recursion."""
    root: Any = [] if kind is list else {}
    node = root
    for _ in range(depth):
        child: Any = [] if kind is list else {}
        if kind is list:
            node.append(child)
        else:
            node["a"] = child
        node = child
    return root


TEN_MB = 10 * 1024 * 1024
HOSTILE: list[tuple[str, type, Any]] = [
    ("10 MB string", pp.Label, {"zh": "x" * TEN_MB, "en": "a"}),
    ("1.3 million values", pp.Project, {"schema": "x", "history": [0] * 1_300_000}),
    ("100 000 nested lists", pp.Project, nested(100_000, list)),
    ("100 000 nested objects", pp.PolicyFramework, nested(100_000, dict)),
    ("a 100 000-digit integer", pp.Parameters, {"max_contract_years": 10**100_000}),
    ("a 41-character numeral", pp.Overrides, {"open_tender_threshold": "1" * 41}),
    ("NaN", pp.Overrides, {"open_tender_threshold": "NaN"}),
    ("a float", pp.Overrides, {"open_tender_threshold": 1.5}),
    ("minus infinity", pp.Overrides, {"open_tender_threshold": "-Infinity"}),
]
HOSTILE_TEXT: list[tuple[str, type, str | bytes]] = [
    ("10 MB of JSON", pp.Label, json.dumps({"zh": "x" * TEN_MB, "en": "a"})),
    ("10 MB JSON list", pp.Project, json.dumps(list(range(1_400_000)))),
    ("100 000 open brackets", pp.Project, "[" * 100_000 + "]" * 100_000),
    (
        "a 5000-digit integer",
        pp.Parameters,
        '{"max_contract_years": ' + "9" * 5000 + "}",
    ),
    ("NaN literal", pp.Overrides, '{"open_tender_threshold": NaN}'),
    ("invalid UTF-8", pp.Label, b'{"zh": "\xff", "en": "a"}'),
]


class TestBoundedLoading:
    @pytest.mark.parametrize(
        ("what", "cls", "data"), HOSTILE, ids=[h[0] for h in HOSTILE]
    )
    def test_a_hostile_payload_fails_fast_with_invalid_input(self, what, cls, data):
        """Huge, deep or odd payloads raise `InvalidInput` naming a path.

        How fast is measured by ``benchmarks/bench_hostile.py``, not here.
        """
        with pytest.raises(InvalidInput) as caught:
            serialization.from_dict(cls, data)
        assert all("@ $" in m for m in caught.value.messages), what

    @pytest.mark.parametrize(
        ("what", "cls", "text"), HOSTILE_TEXT, ids=[h[0] for h in HOSTILE_TEXT]
    )
    def test_hostile_json_text_fails_fast_with_invalid_input(self, what, cls, text):
        """Huge, deep or broken JSON raises `InvalidInput`, never `RecursionError`."""
        with pytest.raises(InvalidInput) as caught:
            serialization.loads(cls, text)
        assert caught.value.messages, what

    def test_the_limits_hold_a_real_framework_with_a_wide_margin(self):
        """Anyang's framework loads under the default limits."""
        data = serialization.to_dict(pp.presets.anyang())
        assert serialization.from_dict(pp.PolicyFramework, data) == pp.presets.anyang()

    def test_tighter_limits_refuse_what_the_defaults_allow(self):
        """A host may lower the limits; the payload is then refused."""
        data = serialization.to_dict(pp.presets.anyang())
        tight = serialization.Limits(max_nodes=100)
        with pytest.raises(InvalidInput, match="more than 100 values"):
            serialization.from_dict(pp.PolicyFramework, data, limits=tight)


def huge_history(amount: str) -> list[E.Event]:
    """The 2015 lifecycle with every amount set to ``amount``, tendered openly.

    Budget, award and contract are equal, the tender is open (no ground
    needed above the threshold) and a third party evaluates (the amount
    calls for one), so every event up to the payment passes the rules.
    """
    history = cleaning_2015()[:10]
    big = Decimal(amount)
    evaluation = pp.Evaluation(
        evaluator=pp.Evaluator.THIRD_PARTY,
        internal_score=Decimal(90),
        external_score=Decimal(90),
        internal_weight=Decimal("0.4"),
    )
    out: list[E.Event] = []
    for event in history:
        if isinstance(event, E.Budgeted):
            # What it cost before is as large: the purchase costs no more.
            event = attrs.evolve(event, amount=big, cost_before=big)  # noqa: PLW2901
        elif isinstance(event, E.Awarded | E.Contracted):
            event = attrs.evolve(event, amount=big)  # noqa: PLW2901
        elif isinstance(event, E.ProcurementStarted):
            event = attrs.evolve(event, method=pp.Method.OPEN_TENDERING)  # noqa: PLW2901
        elif isinstance(event, E.Evaluated):
            event = attrs.evolve(event, evaluation=evaluation)  # noqa: PLW2901
        elif isinstance(event, E.Settled):
            event = attrs.evolve(event, paid=big)  # noqa: PLW2901
        out.append(event)
    return out


class TestHugeAmounts:
    """Amounts far beyond any budget are refused where they enter.

    Every decimal is below 10^15 with at most 12 decimal places, so the
    guards' arithmetic stays exact in the default 28-digit context and no
    message formats an absurdly long number.
    """

    @pytest.mark.parametrize(
        "amount", ["1E+15", "1E+27", "1E+30", "123456789012345678901234567890"]
    )
    def test_a_huge_amount_is_refused_at_the_edge(self, amount):
        """A budget of 10^15 yuan or more is InvalidInput, naming the field."""
        with pytest.raises(InvalidInput, match=r"Budgeted\.amount: must be below 1e"):
            huge_history(amount)

    def test_the_largest_accepted_amount_is_judged_exactly(self):
        """Just under the bound, a full lifecycle is judged without error."""
        history = huge_history("999999999999999.99")
        workflow = pp.Workflow(pp.presets.anyang())
        project = workflow.replay(history[:-1])
        assert workflow.check(project, history[-1]) == ()

    @pytest.mark.parametrize("amount", ["1E-13", "0.0000000000001"])
    def test_absurd_precision_is_refused(self, amount):
        """More than 12 decimal places is InvalidInput."""
        with pytest.raises(InvalidInput, match="at most 12 decimal places"):
            huge_history(amount)

    @pytest.mark.parametrize("numeral", ["1E+50000000", "1E-999999999", "9e41"])
    def test_a_huge_exponent_is_refused_by_from_dict_fast(self, numeral):
        """A stored amount like '1E+50000000' is refused before any formatting."""
        payload = serialization.to_dict(pp.project.fold(huge_history("1000")[:3]))
        payload["history"][1]["amount"] = numeral
        with pytest.raises(InvalidInput, match=r"@ \$\.history\[1\]\.amount"):
            serialization.from_dict(pp.Project, payload)
