"""Every finding the framework checks make is bilingual, with its figures."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import procpolicy as pp

POLICY = Path(pp.policy.__file__)


def test_every_finding_the_checks_build_has_chinese_text() -> None:
    """Each ``Finding(...)`` in policy.py passes ``zh=``."""
    tree = ast.parse(POLICY.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Finding"
    ]
    assert len(calls) >= 15
    missing = [c.lineno for c in calls if not any(k.arg == "zh" for k in c.keywords)]
    assert missing == []


def test_a_missing_core_role_is_said_in_chinese_with_its_day() -> None:
    """The Chinese message names the day and the role, as the English does."""
    (finding,) = pp.presets.anyang().without("ay-process").check()
    assert "2014-01-01" in finding.message
    assert finding.zh == "自2014-01-01起没有配套文件承担购买服务流程"


def test_a_loosening_is_said_in_chinese_with_both_values() -> None:
    """The values of both documents appear in the Chinese message."""
    local = pp.PolicyDocument(
        id="ay-local",
        title=pp.Label("实施办法", "Measure"),
        layer=pp.Layer.IMPLEMENTATION,
        effective=date(2018, 1, 1),
        sets=pp.Overrides(max_contract_years=5),
        articles={"max_contract_years": "§9"},
    )
    fw = pp.presets.national().with_document(local)
    (finding,) = [f for f in fw.check() if f.rule.id == "framework.loosening"]
    assert "ay-local将max_contract_years设为5" in finding.zh
    assert "宽于cy-2017-87设定的3" in finding.zh
