#!/usr/bin/env python3
"""Writes the backtesting.py reference fixtures the Backtest tests compare against.

    python3 -m venv .venv && .venv/bin/pip install backtesting==0.6.6 pandas numpy ta-lib==0.8.2
    .venv/bin/python scripts/oracles/backtesting_fixtures.py

Runs the built-in strategies (defined here exactly as `tradehub strategies` describes them, with
TA-Lib indicators) through `backtesting.Backtest(...).run()` on GOOG, EURUSD, BTCUSD and seeded
random walks, with several parameter sets and `Backtest` arguments. One JSON file per case under
Tests/Fixtures/backtest/: the data file, strategy, parameters and arguments, every statistic
in backtesting.py's order (times ISO 8601 UTC, durations in seconds, NaN as null, infinities as "inf"/"-inf") and every
closed trade. The random walks are written beside them as CSV (Tests/Fixtures/backtest/data/).
"""
import json
import math
import os
import warnings

import backtesting
import numpy as np
import pandas as pd
import talib
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Tests", "Fixtures", "data")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "backtest")

assert backtesting.__version__ == "0.6.6", f"backtesting.py 0.6.6 expected, found {backtesting.__version__}"
assert talib.__version__ == "0.8.2", f"TA-Lib Python 0.8.2 expected, found {talib.__version__}"


def brackets(strategy, long):
    """Stop-loss and take-profit prices a fraction `sl`/`tp` away from the last close (0 = none)."""
    close = strategy.data.Close[-1]
    sign = 1 if long else -1
    sl = close * (1 - sign * strategy.sl) if strategy.sl else None
    tp = close * (1 + sign * strategy.tp) if strategy.tp else None
    return dict(sl=sl, tp=tp)


class SmaCross(Strategy):
    fast, slow, sl, tp = 10, 20, 0.0, 0.0

    def init(self):
        self.a = self.I(talib.SMA, self.data.Close, self.fast)
        self.b = self.I(talib.SMA, self.data.Close, self.slow)

    def next(self):
        if crossover(self.a, self.b):
            self.buy(**brackets(self, True))
        elif crossover(self.b, self.a):
            self.sell(**brackets(self, False))


class RsiReversion(Strategy):
    period, lower, upper, sl, tp = 14, 30.0, 70.0, 0.0, 0.0

    def init(self):
        self.rsi = self.I(talib.RSI, self.data.Close, self.period)

    def next(self):
        if crossover(self.lower, self.rsi):
            self.buy(**brackets(self, True))
        elif crossover(self.rsi, self.upper):
            self.sell(**brackets(self, False))


class BbandsBreakout(Strategy):
    period, devs, sl, tp = 20, 2.0, 0.0, 0.0

    def init(self):
        self.bands = self.I(talib.BBANDS, self.data.Close, self.period, self.devs, self.devs)

    def next(self):
        upper, _, lower = self.bands
        if crossover(self.data.Close, upper):
            self.buy(**brackets(self, True))
        elif crossover(lower, self.data.Close):
            self.sell(**brackets(self, False))


class OrderMix(Strategy):
    """Test only (OrderMix in Tests/BacktestTests): stop, limit and stop-limit entries with
    brackets, fixed and fractional sizes, partial closes, on a 20-bar cycle."""
    def init(self):
        self.sma = self.I(talib.SMA, self.data.Close, 10)

    def next(self):
        i, c = len(self.data) - 1, self.data.Close[-1]
        k = i % 20
        if k == 0:
            self.buy(stop=c * 1.01, sl=c * 0.97, tp=c * 1.05)
        elif k == 5:
            self.sell(limit=c * 1.01, sl=c * 1.04, tp=c * 0.96)
        elif k == 10:
            self.buy(size=3, limit=c * 0.995, stop=c * 1.005)
        elif k == 13:
            self.position.close(0.5)
        elif k == 15:
            self.sell(size=0.3, sl=c * 1.02)
        elif k == 17:
            self.buy(size=0.2, limit=c * 0.99, tp=c * 1.03)


STRATEGIES = {"sma-cross": SmaCross, "rsi-reversion": RsiReversion, "bbands-breakout": BbandsBreakout,
              "order-mix": OrderMix}


def random_walk(seed, n, freq, start):
    """OHLC around a geometric random walk; prices rounded to 4 decimals."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.012, n)))
    open_ = np.r_[100, close[:-1]] * (1 + rng.normal(0, 0.002, n))
    high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.004, n)))
    low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.004, n)))
    index = pd.date_range(start, periods=n, freq=freq)
    frame = pd.DataFrame({"Open": open_, "High": high, "Low": low, "Close": close}, index=index).round(4)
    frame["Volume"] = rng.integers(100, 10_000, n)
    return frame


def load(name):
    return pd.read_csv(os.path.join(DATA, name), index_col=0, parse_dates=True)


def iso(t):
    return None if t is None or pd.isna(t) else pd.Timestamp(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def number(x):
    if x is None:
        return None
    if isinstance(x, pd.Timestamp):
        return iso(x)
    if isinstance(x, pd.Timedelta):
        return x.total_seconds()
    if isinstance(x, (pd._libs.tslibs.nattype.NaTType,)):
        return None
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def run_case(name, data_file, frame, strategy, params, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats = Backtest(frame, STRATEGIES[strategy], **options).run(**params)
    trades = stats["_trades"]
    out = {
        "case": name,
        "data": data_file,
        "strategy": strategy,
        "params": params,
        "options": options,
        "stat_names": [k for k in stats.keys() if not k.startswith("_")],
        "stats": {k: number(v) for k, v in stats.items() if not k.startswith("_")},
        "trades": [
            {
                "size": int(t.Size), "entry_bar": int(t.EntryBar), "exit_bar": int(t.ExitBar),
                "entry_price": float(t.EntryPrice), "exit_price": float(t.ExitPrice),
                "sl": number(t.SL), "tp": number(t.TP), "pnl": float(t.PnL),
                "commission": float(t.Commission), "return_pct": float(t.ReturnPct),
                "entry_time": iso(t.EntryTime), "exit_time": iso(t.ExitTime),
            }
            for t in trades.itertuples()
        ],
    }
    trades_json = ",\n".join("  " + json.dumps(t) for t in out.pop("trades"))
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        # One trade a line keeps the files small and their diffs readable.
        f.write(json.dumps(out, indent=1)[:-2] + ',\n "trades": [\n' + trades_json + "\n ]\n}\n")
    print(f"{name}: {trades_json.count(chr(10)) + bool(trades_json)} trades, return {out['stats']['Return [%]']}")


def main():
    os.makedirs(os.path.join(OUT, "data"), exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".json"):
            os.remove(os.path.join(OUT, old))
    walks = {
        "rw_daily_1.csv": random_walk(1, 1500, "D", "2015-01-01"),     # calendar days: 365-day year
        "rw_hourly_2.csv": random_walk(2, 4000, "h", "2021-03-01"),    # 24/7 hours: daily resampling
        "rw_business_3.csv": random_walk(3, 1200, "B", "2010-01-04"),  # weekdays: 252-day year
        "rw_weekly_4.csv": random_walk(4, 400, "W", "2000-01-02"),     # weekly: 52 periods a year
    }
    frames = {}
    for file, frame in walks.items():
        frame.to_csv(os.path.join(OUT, "data", file), index_label="")
        frames["backtest/data/" + file] = load_walk(file)
    for file in ("GOOG.csv", "EURUSD.csv", "BTCUSD.csv"):
        frames["data/" + file] = load(file)

    base = dict(cash=10_000, spread=0.0, commission=0.0, margin=1.0, trade_on_close=False,
                hedging=False, exclusive_orders=False, finalize_trades=False)

    def case(name, data, strategy, params, **options):
        run_case(name, data, frames[data], strategy, params, {**base, **options})

    goog, eur, btc = "data/GOOG.csv", "data/EURUSD.csv", "data/BTCUSD.csv"
    case("goog_sma_10_20", goog, "sma-cross", dict(fast=10, slow=20))
    case("goog_sma_10_20_commission", goog, "sma-cross", dict(fast=10, slow=20), commission=0.002)
    case("goog_sma_10_20_exclusive", goog, "sma-cross", dict(fast=10, slow=20), commission=0.002, exclusive_orders=True)
    case("goog_sma_5_30_close_finalize", goog, "sma-cross", dict(fast=5, slow=30), trade_on_close=True, finalize_trades=True,
         exclusive_orders=True)
    case("goog_sma_20_50_hedging", goog, "sma-cross", dict(fast=20, slow=50), hedging=True, spread=0.001, exclusive_orders=True)
    case("goog_sma_10_20_brackets", goog, "sma-cross", dict(fast=10, slow=20, sl=0.05, tp=0.1), commission=0.001)
    case("goog_sma_10_20_brackets_hedging", goog, "sma-cross", dict(fast=10, slow=20, sl=0.03, tp=0.06),
         hedging=True, finalize_trades=True)
    case("goog_rsi_14", goog, "rsi-reversion", dict(period=14, lower=30, upper=70), commission=0.002)
    case("goog_rsi_14_exclusive", goog, "rsi-reversion", dict(period=14, lower=30, upper=70), commission=0.002,
         exclusive_orders=True)
    case("goog_rsi_7_exclusive_spread", goog, "rsi-reversion", dict(period=7, lower=25, upper=75),
         exclusive_orders=True, spread=0.0005, finalize_trades=True)
    case("goog_rsi_14_margin_close", goog, "rsi-reversion", dict(period=14, lower=35, upper=65),
         margin=0.5, trade_on_close=True, commission=0.001, exclusive_orders=True)
    case("goog_bbands_20_2", goog, "bbands-breakout", dict(period=20, devs=2.0), commission=0.001, finalize_trades=True,
         exclusive_orders=True)
    case("eurusd_sma_10_20_margin", eur, "sma-cross", dict(fast=10, slow=20), margin=0.02, commission=0.00002, exclusive_orders=True)
    case("eurusd_sma_24_96_exclusive", eur, "sma-cross", dict(fast=24, slow=96), margin=0.05,
         exclusive_orders=True, spread=0.00005, finalize_trades=True)
    case("eurusd_rsi_14_hedging", eur, "rsi-reversion", dict(period=14, lower=30, upper=70), margin=0.01,
         hedging=True, commission=0.00001, exclusive_orders=True)
    case("eurusd_rsi_21_brackets", eur, "rsi-reversion", dict(period=21, lower=30, upper=70, sl=0.002, tp=0.004),
         margin=0.02, trade_on_close=True)
    case("btcusd_sma_3_6", btc, "sma-cross", dict(fast=3, slow=6), cash=1_000_000, commission=0.001, finalize_trades=True,
         exclusive_orders=True)
    for file in walks:
        data, stem = "backtest/data/" + file, file[:-4]
        case(f"{stem}_sma_10_20", data, "sma-cross", dict(fast=10, slow=20), commission=0.001)
        case(f"{stem}_sma_5_15_exclusive_close", data, "sma-cross", dict(fast=5, slow=15),
             exclusive_orders=True, trade_on_close=True, finalize_trades=True, spread=0.0002)
        case(f"{stem}_rsi_14_margin", data, "rsi-reversion", dict(period=14, lower=30, upper=70),
             margin=0.1, commission=0.0005, exclusive_orders=True)
        case(f"{stem}_rsi_9_hedging_brackets", data, "rsi-reversion", dict(period=9, lower=30, upper=70, sl=0.02, tp=0.03),
             hedging=True, finalize_trades=True)
        case(f"{stem}_bbands_15_1_5", data, "bbands-breakout", dict(period=15, devs=1.5), margin=0.2, exclusive_orders=True)
    for data, margin in ((goog, 1.0), (eur, 0.05), ("backtest/data/rw_daily_1.csv", 0.5)):
        stem = data.split("/")[-1][:-4].lower()
        case(f"{stem}_order_mix", data, "order-mix", {}, margin=margin, commission=0.001)
        case(f"{stem}_order_mix_hedging_finalize", data, "order-mix", {}, margin=margin, hedging=True, finalize_trades=True)
        case(f"{stem}_order_mix_exclusive", data, "order-mix", {}, margin=margin, exclusive_orders=True, spread=0.0003)
        case(f"{stem}_order_mix_close", data, "order-mix", {}, margin=margin, trade_on_close=True, finalize_trades=True)
    # High leverage on a random walk runs out of money: the run stops and equity is 0 from there on.
    case("rw_daily_1_sma_3_7_broke", "backtest/data/rw_daily_1.csv", "sma-cross", dict(fast=3, slow=7), margin=0.01)


def load_walk(file):
    return pd.read_csv(os.path.join(OUT, "data", file), index_col=0, parse_dates=True)


if __name__ == "__main__":
    main()
