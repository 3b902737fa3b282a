"""Differential check: the same histories, the same judgements, before and after.

A restructuring keeps behaviour.  This script records, for a corpus of
generated histories under both presets, what the library says about every
event (the rule ids `Workflow.check` reports, whether `apply` accepts it), the
project each accepted prefix folds to, its grade and its OCDS releases; then
it compares a second tree's answers with the record, line by line.

Record with one tree (e.g. the previous commit, unpacked with ``git archive``),
compare with another::

    PYTHONPATH=/tmp/base/src python benchmarks/differential.py record \
        --out /tmp/corpus.json --histories 1000
    python benchmarks/differential.py compare /tmp/corpus.json

``compare`` prints every difference and exits 1 when there is one.  The
corpus stores the histories themselves (as `serialization.to_dict` writes
events), so both trees judge byte-identical input even when the Hypothesis
strategies change between them.  CI runs a small sample (`--histories 60`)
recorded and compared by the same tree: it proves the script runs and that
judging is deterministic; the before/after comparison is run by hand at each
restructuring and reported in the closing note.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import procpolicy as pp
from procpolicy import ocds, presets, serialization

PRESETS = {"anyang": presets.anyang, "national": presets.national}


def generate(count: int) -> list[dict[str, Any]]:
    """``count`` histories per preset, generated reproducibly by Hypothesis."""
    from hypothesis import HealthCheck, given, settings

    from procpolicy.testing import strategies

    corpus: list[dict[str, Any]] = []
    for name, make in PRESETS.items():
        seen: list[tuple[pp.events.Event, ...]] = []

        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            strategies.event_sequences(
                make(),
                max_size=30,
                invalid=0.15,
                earliest=date(2014, 1, 1),
                latest=date(2026, 12, 31),
            )
        )
        def collect(history: tuple[pp.events.Event, ...]) -> None:
            seen.append(history)  # noqa: B023 - called within this iteration

        collect()
        corpus += [
            {
                "preset": name,
                "history": [serialization.to_dict(e) for e in h],
            }
            for h in seen
        ]
    return corpus


def judge(entry: dict[str, Any]) -> list[str]:
    """Every observation of one history, one line each."""
    framework = PRESETS[entry["preset"]]()
    wf = pp.Workflow(framework)
    history = [serialization.from_dict(pp.events.Event, e) for e in entry["history"]]
    lines: list[str] = []
    project = wf.start(history[0])
    for index, event in enumerate(history[1:], start=1):
        ids = [v.rule.id for v in wf.check(project, event)]
        lines.append(f"{index} {type(event).__name__} check {' '.join(ids) or '-'}")
        try:
            project = wf.apply(project, event)
        except pp.TransitionRefused as exc:
            lines.append(
                f"{index} refused {' '.join(v.rule.id for v in exc.violations)}"
            )
            continue
        grade = wf.grade(project)
        lines.append(
            f"{index} stage {project.stage.name} grade {grade.name if grade else '-'}"
        )
    folded = serialization.to_dict(project)
    lines.append("fold " + json.dumps(folded, sort_keys=True, ensure_ascii=False))
    releases = ocds.releases(project, ocid_prefix="ocds-213czf")
    lines.append("ocds " + json.dumps(releases, sort_keys=True, ensure_ascii=False))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("--out", required=True)
    rec.add_argument("--histories", type=int, default=500)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("corpus")
    both = sub.add_parser("self", help="record and compare in one tree (CI)")
    both.add_argument("--histories", type=int, default=60)
    args = parser.parse_args(argv)
    if args.command == "record":
        corpus = generate(args.histories)
        for entry in corpus:
            entry["lines"] = judge(entry)
        Path(args.out).write_text(json.dumps(corpus, ensure_ascii=False))
        print(f"recorded {len(corpus)} histories")
        return 0
    if args.command == "self":
        corpus = generate(args.histories)
        for entry in corpus:
            entry["lines"] = judge(entry)
    else:
        corpus = json.loads(Path(args.corpus).read_text())
    differences = 0
    for number, entry in enumerate(corpus):
        now = judge(entry)
        if now != entry["lines"]:
            differences += 1
            for old, new in zip(entry["lines"], now, strict=False):
                if old != new:
                    head = f"history {number} ({entry['preset']}):"
                    print(f"{head}\n- {old[:300]}\n+ {new[:300]}")
                    break
            else:
                print(f"history {number}: {len(entry['lines'])} → {len(now)} lines")
    print(f"{len(corpus)} histories, {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
