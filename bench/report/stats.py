"""Order statistics of latency samples (nearest-rank percentiles, in milliseconds).

>>> summary([0.010, 0.020, 0.030, 0.040])
{'n': 4, 'median_ms': 25.0, 'p95_ms': 40.0, 'p50_ms': 25.0, 'p99_ms': 40.0, 'min_ms': 10.0}
>>> percentile([1.0, 2.0, 3.0], 50)
2.0
>>> ratio(3.0, 2.0), ratio(1.0, 0)
(1.5, None)
"""

from __future__ import annotations

import math
import statistics


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(seconds: list[float]) -> dict:
    """Median, p95, p50, p99 and minimum of samples given in seconds, in ms."""
    if not seconds:
        return {"n": 0}
    ms = lambda x: round(x * 1000, 3)  # noqa: E731
    return {
        "n": len(seconds),
        "median_ms": ms(statistics.median(seconds)),
        "p95_ms": ms(percentile(seconds, 95)),
        "p50_ms": ms(percentile(seconds, 50)) if len(seconds) % 2 else ms(statistics.median(seconds)),
        "p99_ms": ms(percentile(seconds, 99)),
        "min_ms": ms(min(seconds)),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b`` rounded, or ``None`` when either is missing or ``b`` is zero."""
    if a is None or not b:
        return None
    return round(a / b, 3)


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    if not values:
        return None
    return round(math.exp(sum(math.log(v) for v in values) / len(values)), 3)
