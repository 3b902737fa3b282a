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
"""

import os

from hypothesis import HealthCheck, settings

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
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
