#!/usr/bin/env python3
"""Times backtesting.py's `run()` on GOOG sma-cross(10,20), the `backtest.sma_cross_goog` baselines.

    .venv/bin/python scripts/oracles/backtesting_bench.py [RUNS]

Prints two lines, the median milliseconds of RUNS (default 20) runs after one warm-up run, with
cash 10,000 and commission 0.002: without, then with `exclusive_orders`. `tradehub bench
backtest.sma_cross_goog` calls it when .venv/bin/python exists and reports the ratios.
"""
import os
import sys
import time
import warnings

from backtesting import Backtest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backtesting_fixtures import SmaCross, load  # noqa: E402


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    data = load("GOOG.csv")
    for exclusive in (False, True):
        samples = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for k in range(runs + 1):
                start = time.perf_counter()
                Backtest(data, SmaCross, cash=10_000, commission=0.002, exclusive_orders=exclusive).run(fast=10, slow=20)
                if k:
                    samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        print(f"{samples[len(samples) // 2]:.4f}")


if __name__ == "__main__":
    main()
