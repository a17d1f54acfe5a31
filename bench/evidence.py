"""The evidence estimator on 100 simulated panels (staggered adoption, effects that
differ by cohort and grow after adoption, a common trend): coverage of the true effect,
coverage of zero for a placebo, the size of the pre-trend test, and the plain two-way
fixed-effects (TWFE) regression on the same panels, to show its bias. The figures in
docs/evidence.md come from this script. `make test` runs 20 of the same panels
(puente/insights/tests/test_evidence.py)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from puente.insights import evidence  # noqa: E402

RUNS = 100


def main() -> int:
    start = time.perf_counter()
    covered = placebo = twfe_covered = rejected = 0
    errors, twfe_errors, widths = [], [], []
    for seed in range(RUNS):
        panel, truth = evidence.simulate(seed)
        result = evidence.estimate(panel, "y", min_treated=3)
        covered += result.ci_low <= truth <= result.ci_high
        errors.append(result.estimate - truth)
        widths.append(result.ci_high - result.ci_low)
        beta, se = evidence.twfe_estimate(panel, "y")
        twfe_errors.append(beta - truth)
        twfe_covered += beta - 1.96 * se <= truth <= beta + 1.96 * se
        null, _ = evidence.simulate(seed, effect=False)
        zero = evidence.estimate(null, "y", min_treated=3)
        placebo += zero.ci_low <= 0 <= zero.ci_high
        rejected += zero.pre_trend_p is not None and zero.pre_trend_p < 0.05
    elapsed = time.perf_counter() - start
    print(
        f"evidence: {RUNS} simulated panels (24 agencies x 8 quarters), true effect {truth:.2f}"
    )
    print(
        f"  Callaway-Sant'Anna: covers the truth {covered}/{RUNS}, covers zero (placebo) {placebo}/{RUNS}"
    )
    print(
        f"  mean error {np.mean(errors):+.3f}, mean 95% interval width {np.mean(widths):.2f}"
    )
    print(f"  pre-trend test rejects a true null {rejected}/{RUNS} at 5%")
    print(
        f"  TWFE: mean error {np.mean(twfe_errors):+.3f} ({100 * np.mean(twfe_errors) / truth:+.0f}%), covers the truth {twfe_covered}/{RUNS}"
    )
    print(f"  {elapsed:.1f} s, {elapsed / (2 * RUNS):.2f} s per estimate")
    ok = covered >= 90 and placebo >= 90
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
