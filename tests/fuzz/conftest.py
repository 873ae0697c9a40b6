"""Hypothesis profiles for the fuzz tests.

The default run uses the fast profile (a few dozen examples per target, a couple of seconds).
The long profile runs 10,000 examples per target:

    OPS_MATURITY_LONG_TESTS=1 pytest tests/fuzz

Hypothesis keeps its example database in .hypothesis/ (ignored by git).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("OPS_MATURITY_LONG_TESTS") == "1"

settings.register_profile(
    "fast",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("long" if LONG else "fast")
