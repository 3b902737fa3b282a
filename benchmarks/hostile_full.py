"""The full hostile-input run: every refusal of the loader is a deliberate one.

Run: ``python benchmarks/hostile_full.py`` (about 10 minutes on the shared
two-core machine; ``--documents 500`` for a quick look).  It feeds

* ``--documents`` (10 000 by default) arbitrary JSON documents
  (`procpolicy.testing.strategies.json_values`, seeded) to ``from_dict`` for
  every class a host may load, and
* every single-field mutation of three stored projects (each node replaced
  by each value of a hostile palette, each field dropped, an unknown field
  added) to ``load_project`` with Anyang's workflow and to ``from_dict``,

and counts what came out: a value, a broken rule (`TransitionRefused`), or a
refusal whose every message is one of the loader's known messages
(``tests/properties/test_hostile_input.py``: `KNOWN_REFUSALS`).  Anything else
(another exception, an unknown message) is printed and makes the exit code 1.
The default suite runs a small sample of the same; the counts of a full run
are quoted in ``docs/security.md``.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import serialization
from procpolicy.errors import InvalidInput
from procpolicy.testing import strategies
from tests.properties.test_hostile_input import (
    KNOWN_REFUSALS,
    MUTATIONS,
    PALETTE,
    STORED,
    TARGETS,
    is_known,
)

Counts = collections.Counter[str]


def pattern_of(message: str) -> str:
    """The name of the known refusal a message is."""
    text = message.rpartition(" @ ")[0]
    for name, pattern in KNOWN_REFUSALS.items():
        if pattern.fullmatch(text):
            return name
    return "UNKNOWN"


def outcome(load: Any, problems: list[str], what: str) -> tuple[str, list[str]]:
    """Run ``load()``: ``loaded``/``refused``/``invalid``, and the messages."""
    try:
        load()
    except pp.TransitionRefused:
        return "refused", []
    except InvalidInput as error:
        unknown = [m for m in error.messages if not is_known(m)]
        problems += [f"{what}: unknown message {m!r}" for m in unknown]
        return "invalid", list(error.messages)
    except Exception as error:  # reported: the point of the run
        problems.append(f"{what}: {type(error).__name__}: {error}")
        return "crashed", []
    return "loaded", []


def documents(count: int, problems: list[str]) -> tuple[Counts, Counts]:
    """Feed ``count`` arbitrary JSON documents to ``from_dict``."""
    results: Counts = collections.Counter()
    patterns: Counts = collections.Counter()

    @seed(14)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(TARGETS), strategies.json_values())
    def run(cls: type, data: Any) -> None:
        kind, messages = outcome(
            lambda: serialization.from_dict(cls, data),
            problems,
            f"from_dict({cls.__name__}, {data!r:.120})",
        )
        results[kind] += 1
        patterns.update(pattern_of(m) for m in messages)

    run()
    return results, patterns


def mutations(problems: list[str]) -> tuple[Counts, Counts, Counts]:
    """Every single-field mutation of the stored projects, judged and trusted."""
    workflow = pp.Workflow(pp.presets.anyang())
    judged: Counts = collections.Counter()
    trusted: Counts = collections.Counter()
    patterns: Counts = collections.Counter()
    for project, what, payload in MUTATIONS:
        name = f"{project} {what:.100}"
        kind, messages = outcome(
            lambda p=payload: serialization.load_project(p, workflow), problems, name
        )
        judged[f"{project}: {kind}"] += 1
        kind, more = outcome(
            lambda p=payload: serialization.from_dict(pp.Project, p), problems, name
        )
        trusted[f"{project}: {kind}"] += 1
        patterns.update(pattern_of(m) for m in (*messages, *more))
    return judged, trusted, patterns


def table(title: str, counts: Counts) -> None:
    print(f"\n| {title} | count |\n|---|---|")
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {key.replace('|', '¦')} | {n} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    problems: list[str] = []
    print(f"Python {sys.version.split()[0]}, procpolicy from {pp.__file__}")
    start = time.perf_counter()
    results, shapes = documents(args.documents, problems)
    seconds = time.perf_counter() - start
    print(f"\n{sum(results.values())} arbitrary JSON documents in {seconds:.0f} s")
    table("arbitrary JSON: outcome", results)
    start = time.perf_counter()
    judged, trusted, more = mutations(problems)
    seconds = time.perf_counter() - start
    sizes = {name: sum(1 for m in MUTATIONS if m[0] == name) for name in STORED}
    print(
        f"\n{len(MUTATIONS)} single-field mutations ({len(PALETTE)} hostile values "
        f"per node, plus dropped and added fields) of {len(STORED)} stored "
        f"projects {sizes}, each loaded judged and trusted, in {seconds:.0f} s"
    )
    table("load_project(…, Workflow(anyang)): outcome", judged)
    table("from_dict(Project, …): outcome", trusted)
    table("messages by known pattern", shapes + more)
    print(f"\n{len(problems)} problems")
    for problem in problems[:50]:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
