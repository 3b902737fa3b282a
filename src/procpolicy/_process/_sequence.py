"""The two rules of every edge: the order of the steps and the order of time.

``stage.order``: an event may only follow the stages its step names (the
stage graph of ``procpolicy._process.STEPS``).  ``history.chronology``: an
event may not predate the one before it, a record-keeping rule of this
library (its citation names the documentation page that states it).
"""

from __future__ import annotations

from procpolicy.labels import Label
from procpolicy.rules import Citation, Provenance, Rule

__all__ = ["HISTORY_CHRONOLOGY", "STAGE_ORDER"]

STAGE_ORDER = Rule(
    "stage.order",
    Label("流程顺序", "Steps follow the purchase process"),
    Citation(
        "ay-process",
        "全文",
        provenance=Provenance.ASSUMED,
        note="the article names Anyang's process document without its text; the "
        "order of the steps is this library's, following mof-102 and the "
        "Government Procurement Law",
    ),
)
HISTORY_CHRONOLOGY = Rule(
    "history.chronology",
    Label("事件时序", "Events do not go back in time"),
    Citation(
        "procpolicy",
        "docs/workflow.md, Dates",
        note="a record-keeping rule of this library, not of the regulations",
    ),
)
