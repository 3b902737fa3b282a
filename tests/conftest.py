"""Shared test configuration: Hypothesis profiles.

``HYPOTHESIS_PROFILE`` picks ``dev`` (fast, the default) or ``ci``; when it
is unset and the ``CI`` environment variable is, ``ci`` is used.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
