"""Shared test configuration: Hypothesis profiles.

``HYPOTHESIS_PROFILE`` picks the profile; when it is unset, ``ci`` is used if
the ``CI`` environment variable is set, else ``dev``.

* ``dev`` (the default, what the README's ``pytest`` runs): 20 examples per
  property, derandomized, so a fresh machine gets the same run — and the same
  100 % branch coverage — every time.
* ``ci``: 200 examples per property, derandomized: repeatable CI runs.
* ``explore``: 1000 random examples per property, the database on: for a
  developer hunting new counterexamples (``HYPOTHESIS_PROFILE=explore pytest
  --no-cov tests/properties``).
* ``mutmut``: chosen when the tests run inside ``mutmut run`` (which imports
  ``mutmut`` before it runs pytest in its own process): the ``dev`` examples,
  no shrinking (a mutant needs one failure, not the smallest), and no
  ``differing_executors`` health check, since mutmut runs the same test
  methods many times in one process.

Every module of procpolicy is imported here, before any test runs.
Hypothesis (recent 6.x releases) sometimes draws a constant found in the source
of the *local* modules loaded so far; procpolicy imports some modules lazily
(``procpolicy.__getattr__``, the CLI), so without this a property's examples
would depend on which tests ran before it, and a test run alone would not
see the examples it meets in the full run.

Tests marked ``slow`` are the slow tier: ``pytest`` deselects them (pyproject
``addopts``), ``pytest -m slow --no-cov`` runs them (docs/testing.md).
"""

import os
import sys

from hypothesis import HealthCheck, Phase, settings

# The same local modules, hence the same Hypothesis constants, for every test
# (see above).
import tests._modules  # noqa: F401

# The OCDS schema validators, a fixture shared by the unit and property tests.
pytest_plugins = ["tests._ocds_schema"]

settings.register_profile(
    "dev", max_examples=20, deadline=None, derandomize=True, database=None
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "mutmut",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def _profile() -> str:
    if chosen := os.environ.get("HYPOTHESIS_PROFILE"):
        return chosen
    if "mutmut" in sys.modules:
        return "mutmut"
    return "ci" if os.environ.get("CI") else "dev"


settings.load_profile(_profile())
