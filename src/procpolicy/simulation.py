"""Seeded scenarios over years, for policy researchers (what-if questions).

A `Scenario` holds the rules (any `PolicyFramework`, ``presets.anyang()`` by
default), the years, the purchasers, what they buy (`ProjectTemplate`), the
undertaker pool (`UndertakerType`), evaluation noise, renewal behaviour and how
often a purchaser breaks a rule (`Lapses`).  `anyang_rollout` is the
2014–2017 rollout the article tells; every figure in it is an assumption
(`ASSUMPTIONS`), overridable through the scenario's fields.

`run` takes every project through the real `Workflow`, year by year, with
``random.Random(seed)`` as the only source of randomness, and returns a
`SimulationResult`: one `ProjectYear` per project and year, summaries per
year and department, the refusals met by rule id.  `run_many` runs several
seeds on any `concurrent.futures.Executor` with the same results as in
series; `compare` lists what differs between two results, year by year.

Examples:
    >>> from procpolicy.simulation import anyang_rollout, run
    >>> result = run(anyang_rollout().with_years([2014]), seed=1)
    >>> [row.project_id for row in result.rows][:3]
    ['lamps-2014-001', 'lamps-2014-002', 'parks-2014-001']
"""

from __future__ import annotations

from inspect import isclass, isfunction

from procpolicy._simulation._compare import Comparison, Difference, compare
from procpolicy._simulation._engine import Progress, run, run_many
from procpolicy._simulation._model import (
    Lapses,
    ProjectTemplate,
    Triangular,
    UndertakerType,
)
from procpolicy._simulation._result import (
    METRICS,
    Origin,
    ProjectYear,
    SimulationResult,
    Summary,
    combine,
)
from procpolicy._simulation._rollout import (
    ANYANG_DEPARTMENTS,
    ANYANG_TEMPLATES,
    ANYANG_UNDERTAKERS,
    ASSUMPTIONS,
)
from procpolicy._simulation._scenario import Scenario, anyang_rollout

__all__ = [
    "ANYANG_DEPARTMENTS",
    "ANYANG_TEMPLATES",
    "ANYANG_UNDERTAKERS",
    "ASSUMPTIONS",
    "METRICS",
    "Comparison",
    "Difference",
    "Lapses",
    "Origin",
    "Progress",
    "ProjectTemplate",
    "ProjectYear",
    "Scenario",
    "SimulationResult",
    "Summary",
    "Triangular",
    "UndertakerType",
    "anyang_rollout",
    "combine",
    "compare",
    "run",
    "run_many",
]

# The public names live here: autodoc documents them under this module, and
# pickles (process pools, Dask) name them by it.
for _name in __all__:
    _obj = globals()[_name]
    if isclass(_obj) or isfunction(_obj):
        _obj.__module__ = __name__
del _name, _obj
