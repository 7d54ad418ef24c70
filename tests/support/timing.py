"""Growth of work with input size, for the hostile-input tests: a ratio of two timings taken
in one test, never an absolute time (a loaded machine slows both sizes alike)."""

from __future__ import annotations

import gc
import math
import os
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
           factor: int = FACTOR, repeats: int = 5) -> float:
    """time(run(make(factor * n))) / time(run(make(n))), each the minimum of ``repeats``."""
    small, large = make(n), make(factor * n)
    run(small)  # warm caches (stems, compiled patterns) so they do not count for the small size
    # the small size is timed more often: its minimum is the one noise inflates most
    return best_time(lambda: run(large), repeats) / best_time(lambda: run(small), 3 * repeats)


def exponent(ratio: float, factor: int = FACTOR) -> float:
    """The k in time ~ size**k that ``ratio`` implies."""
    return math.log(ratio) / math.log(factor)


def assert_linear(run, make, n: int, what: str, tries: int = 3) -> None:
    """Linear growth, measured up to ``tries`` times: a busy machine can spoil one measurement,
    while quadratic work (a ratio near 64) fails every one."""
    ratios = []
    for _ in range(tries):
        ratios.append(growth(run, make, n))
        if ratios[-1] < FACTOR * SLACK:
            return
    ratio = min(ratios)
    raise AssertionError(f"{what}: time x{ratio:.1f} for x{FACTOR} input "
                         f"(exponent {exponent(ratio):.2f})")


def bench_environ(*drop: str) -> dict[str, str]:
    """The environment for a timed child process, less ``drop``. Python's bytecode cache is
    always written: with PYTHONDONTWRITEBYTECODE set (as on some machines) every module edited
    since its .pyc was written is compiled again in each process, ~45 ms that no installed
    copy pays."""
    return {k: v for k, v in os.environ.items()
            if k != "PYTHONDONTWRITEBYTECODE" and k not in drop}
