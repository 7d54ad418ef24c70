"""Growth of work with input size, for the hostile-input tests: a ratio of two timings taken
in one test, never an absolute time (a loaded machine slows both sizes alike)."""

from __future__ import annotations

import gc
import math
import time
from typing import Callable

# time(8n) / time(n) must stay under 8 * SLACK: linear work gives about 8, quadratic 64
FACTOR = 8
SLACK = 2.5


def best_time(fn: Callable[[], object], repeats: int = 3) -> float:
    best = math.inf
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def growth(run: Callable[[object], object], make: Callable[[int], object], n: int,
           factor: int = FACTOR, repeats: int = 3) -> float:
    """time(run(make(factor * n))) / time(run(make(n))), each the minimum of ``repeats``."""
    small, large = make(n), make(factor * n)
    run(small)  # warm caches (stems, compiled patterns) so they do not count for the small size
    return best_time(lambda: run(large), repeats) / best_time(lambda: run(small), repeats)


def exponent(ratio: float, factor: int = FACTOR) -> float:
    """The k in time ~ size**k that ``ratio`` implies."""
    return math.log(ratio) / math.log(factor)


def assert_linear(run, make, n: int, what: str) -> None:
    ratio = growth(run, make, n)
    assert ratio < FACTOR * SLACK, (f"{what}: time x{ratio:.1f} for x{FACTOR} input "
                                    f"(exponent {exponent(ratio):.2f})")
