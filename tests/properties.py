"""Hypothesis profiles: the same examples on every CI run, many random ones under `make fuzz`.

    ci     (CI is set)          derandomized, no example database: two runs of one commit agree
    dev    (default)            random seeds, the local database replays what failed here
    fuzz   (`make fuzz`)        random seeds, FUZZ_SCALE (default 40) times the examples of each test

Tests take their settings from `examples(n)`, never a bare `settings(max_examples=n)`, so that
the fuzz profile can scale them. Every failure `make fuzz` finds becomes an ordinary test.
A test whose examples are slow (whole reports' tables) runs few in the fast suite and more under
`make fuzz`: `examples(20, fuzz=40)` is 20 examples, and 40 times FUZZ_SCALE under the fuzz profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["PROFILE", "examples"]

_QUIET = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", **_QUIET)
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_QUIET)
settings.register_profile("fuzz", print_blob=True, **_QUIET)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)
_SCALE = int(os.environ.get("FUZZ_SCALE", "40")) if PROFILE == "fuzz" else 1


def examples(n: int, fuzz: int | None = None) -> settings:
    """Settings for a property test of `n` examples; under the fuzz profile FUZZ_SCALE times `fuzz` (default n)."""
    return settings(max_examples=(n if fuzz is None or PROFILE != "fuzz" else fuzz) * _SCALE)
