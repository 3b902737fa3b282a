"""Strategies for judgements: verdicts, rule results, requirements, judgements."""

from __future__ import annotations

from hypothesis import strategies as st

from procpolicy.rules import Judgement, Requirement, RuleResult, Verdict
from procpolicy.testing._driver import TEXTS
from procpolicy.testing._values import citations, events, rules

__all__ = ["judgements", "requirements", "rule_results"]

_TEXT = st.text(max_size=40)
_FACTS = st.dictionaries(_TEXT, _TEXT, max_size=3).map(lambda d: tuple(d.items()))
"""Figures by name: each name once (they are stored as a JSON object)."""
_BASIS = st.lists(citations(), max_size=3).map(tuple)


def rule_results() -> st.SearchStrategy[RuleResult]:
    """A registered rule's verdict, with a basis, a message and figures."""
    return st.builds(
        RuleResult,
        rule=rules(),
        verdict=st.sampled_from(Verdict),
        basis=_BASIS,
        message=_TEXT,
        zh=_TEXT,
        facts=_FACTS,
        unknown=_TEXT,
    )


def requirements() -> st.SearchStrategy[Requirement]:
    """What a registered rule demands of the next event, met or not or unknown."""
    return st.builds(
        Requirement,
        rule=rules(),
        message=TEXTS,
        zh=_TEXT,
        bound=_TEXT,
        facts=_FACTS,
        met=st.none() | st.booleans(),
        basis=_BASIS,
    )


def judgements() -> st.SearchStrategy[Judgement]:
    """An event's judgement: rule results in any order, strict or not."""
    return st.builds(
        Judgement,
        event=events(),
        results=st.lists(rule_results(), max_size=4).map(tuple),
        strict=st.booleans(),
    )
