"""How fast hostile payloads are refused: time to InvalidInput, per payload.

Run: ``python benchmarks/bench_hostile.py``.  It reports; it never asserts.
The payloads are those of ``tests/unit/test_security.py``; the results are
quoted in ``docs/security.md``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procpolicy import serialization
from procpolicy.errors import InvalidInput
from tests.unit.test_security import HOSTILE, HOSTILE_TEXT


def refused_in(load: object, cls: type, data: object, rounds: int = 5) -> float:
    """Median milliseconds until ``load(cls, data)`` raises InvalidInput."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        try:
            load(cls, data)  # type: ignore[operator]
        except InvalidInput:
            samples.append((time.perf_counter() - start) * 1000)
        else:
            return float("nan")
    return statistics.median(samples)


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    print("| payload | loader | time to InvalidInput |")
    print("|---|---|---|")
    for what, cls, data in HOSTILE:
        ms = refused_in(serialization.from_dict, cls, data)
        print(f"| {what} | from_dict | {ms:.2f} ms |")
    for what, cls, text in HOSTILE_TEXT:
        ms = refused_in(serialization.loads, cls, text)
        print(f"| {what} | loads | {ms:.2f} ms |")


if __name__ == "__main__":
    main()
