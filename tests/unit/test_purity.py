"""Principle 1: no I/O, clock or hidden randomness in the core modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import procpolicy

SRC = Path(procpolicy.__file__).parent
EDGE = {"cli.py", "__main__.py"}
CORE = sorted(p for p in SRC.rglob("*.py") if p.name not in EDGE)

FORBIDDEN_MODULES = {
    "os",
    "sys",
    "io",
    "pathlib",
    "socket",
    "subprocess",
    "shutil",
    "tempfile",
    "urllib",
    "http",
    "requests",
    "logging",
    "time",
    "pickle",
    "marshal",
    "shelve",
    "secrets",
    "uuid",
    "glob",
    "builtins",
}
FORBIDDEN_CALLS = {"open", "print", "input", "eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {
    "now",
    "today",
    "utcnow",
    "time",
    "perf_counter",
    "urandom",
    "random",
    "randint",
    "choice",
    "shuffle",
    "seed",
    "getrandbits",
}


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_modules_were_found() -> None:
    """The scan sees the modules it guards."""
    names = {p.name for p in CORE}
    assert {"policy.py", "workflow.py", "serialization.py", "procurement.py"} <= names
    assert any(p.parent.name == "_process" for p in CORE)


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_does_no_io_and_reads_no_clock(path: Path) -> None:
    """No I/O module, no clock or global-random call, no eval/exec/pickle."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not imported(tree) & FORBIDDEN_MODULES
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"
            elif isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_ATTRS:
                owner = func.value
                # random.Random(seed).random() on a passed-in generator is allowed.
                assert not (
                    isinstance(owner, ast.Name)
                    and owner.id in {"random", "datetime", "date", "time", "os", "np"}
                ), f"{path.name}:{node.lineno} calls {func.attr}"


def test_the_scan_catches_a_clock_call(tmp_path: Path) -> None:
    """The checker itself fails on a module reading the clock."""
    bad = tmp_path / "bad.py"
    bad.write_text("import datetime\nx = datetime.now()\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        test_core_module_does_no_io_and_reads_no_clock(bad)
