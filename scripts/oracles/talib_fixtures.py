#!/usr/bin/env python3
"""Writes the TA-Lib reference fixtures the Indicators tests compare against.

    python3 -m venv .venv && .venv/bin/pip install ta-lib==0.8.2 numpy pandas
    .venv/bin/python scripts/oracles/talib_fixtures.py

One CSV per dataset under Tests/Fixtures/talib/: the input columns (time, open, high, low,
close, volume) followed by one column per indicator output, named in `tradehub ta` syntax
(`SMA(20)`, `BBANDS(10,1.5,2.5,1).upperband`; a bare name means TA-Lib's defaults). Warm-up
cells are empty. Numbers are written with 12 significant digits (the tests allow 1e-9 relative); inputs exactly.
"""
import os
import re
import sys

import numpy as np
import talib
import talib.abstract as abstract

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, "Tests", "Fixtures", "data")  # copies of ../shared/data
OUT = os.path.join(ROOT, "Tests", "Fixtures", "talib")

assert talib.__version__ == "0.8.2", f"TA-Lib Python 0.8.2 expected, found {talib.__version__}"

SPECS = """
SMA SMA(20) EMA EMA(12) WMA WMA(10) DEMA DEMA(10) TEMA TEMA(10) TRIMA TRIMA(10) TRIMA(11) KAMA KAMA(10)
T3 T3(7,0.5) MA MA(10,0) MA(10,1) MA(10,2) MA(10,3) MA(10,4) MA(10,5) MA(10,6) MA(10,8)
BBANDS BBANDS(20,2,2) BBANDS(10,1.5,2.5,1) BBANDS(15,2,2,5) MIDPOINT MIDPOINT(5) MIDPRICE MIDPRICE(5) SAR SAR(0.01,0.1)
MACD MACD(5,35,5) RSI RSI(2) STOCH STOCH(14,3,1,3,1) STOCHF STOCHF(14,3,1) STOCHRSI STOCHRSI(14,14,3,1)
WILLR WILLR(7) CCI CCI(20) CMO MOM ROC ROCP ROCR PPO PPO(10,21,0) APO APO(12,26,0) TRIX TRIX(9) ULTOSC
ADX ADX(5) ADXR DX PLUS_DI MINUS_DI PLUS_DM MINUS_DM AROON AROON(25) AROONOSC BOP MFI MFI(5)
OBV AD ADOSC ADOSC(5,20) ATR ATR(5) NATR TRANGE
STDDEV STDDEV(10,2) VAR VAR(10,1) LINEARREG LINEARREG_SLOPE LINEARREG_ANGLE LINEARREG_INTERCEPT TSF LINEARREG(50)
AVGPRICE MEDPRICE TYPPRICE WCLPRICE MAX MIN SUM MAX(5) MIN(5) SUM(5)
CDLDOJI CDLDOJISTAR CDLDRAGONFLYDOJI CDLGRAVESTONEDOJI CDLHAMMER CDLINVERTEDHAMMER CDLHANGINGMAN
CDLSHOOTINGSTAR CDLMARUBOZU CDLSPINNINGTOP CDLENGULFING CDLHARAMI CDLHARAMICROSS CDLPIERCING
CDLDARKCLOUDCOVER CDLDARKCLOUDCOVER(0.3) CDLMORNINGSTAR CDLMORNINGSTAR(0.1) CDLEVENINGSTAR CDLEVENINGSTAR(0.1)
CDLMORNINGDOJISTAR CDLEVENINGDOJISTAR CDL3WHITESOLDIERS CDL3BLACKCROWS
""".split()


def parse(spec):
    match = re.fullmatch(r"([A-Z0-9_]+)(?:\((.*)\))?", spec)
    name, args = match.group(1), match.group(2)
    return name, [float(a) for a in args.split(",")] if args else []


def compute(spec, inputs):
    name, args = parse(spec)
    function = abstract.Function(name)
    names = list(function.info["parameters"].keys())
    assert len(args) <= len(names), spec
    params = {}
    for key, value in zip(names, args):
        default = function.info["parameters"][key]
        params[key] = int(value) if isinstance(default, int) else float(value)
    function.parameters = params
    result = function(inputs)
    outputs = function.info["output_names"]
    results = [result] if len(outputs) == 1 else result
    columns = []
    for output, values in zip(outputs, results):
        values = np.asarray(values)
        if values.dtype.kind == "i":  # integer outputs (CDL*) come back as 0, not NaN, during warm-up
            values = values.astype(float)
            values[: function.lookback] = np.nan
        columns.append((spec if len(outputs) == 1 else f"{spec}.{output}", np.asarray(values, dtype=float)))
    return columns


def read_csv(path):
    times, rows = [], []
    with open(path) as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\n").split(",")
            times.append(cells[0])
            rows.append([float(c) for c in cells[1:6]])
    data = np.array(rows, dtype=float)
    return times, data[:, 0], data[:, 1], data[:, 2], data[:, 3], data[:, 4]


def random_walk(seed, count, scale, gaps=False, flats=False):
    """OHLCV from a seeded random walk: optional gaps between bars and flat stretches."""
    rng = np.random.default_rng(seed)
    close = scale
    rows = []
    for index in range(count):
        flat = flats and (index // 40) % 4 == 1
        if flat:
            open_ = high = low = close
            volume = 0.0 if index % 2 else float(rng.integers(1, 50))
        else:
            open_ = close * (1 + (rng.normal(0, 0.03) if gaps and rng.random() < 0.05 else 0))
            close = open_ * (1 + rng.normal(0, 0.01))
            high = max(open_, close) * (1 + abs(rng.normal(0, 0.004)))
            low = min(open_, close) * (1 - abs(rng.normal(0, 0.004)))
            if rng.random() < 0.05:
                close = open_  # doji-like bars for the pattern recognisers
            volume = float(rng.integers(100, 100000))
        rows.append((open_, high, low, close, volume))
    data = np.array(rows, dtype=float)
    times = [f"bar{index}" for index in range(count)]
    return times, data[:, 0], data[:, 1], data[:, 2], data[:, 3], data[:, 4]


def cell(value):
    if np.isnan(value):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return "%.12g" % value


def write(dataset, times, open_, high, low, close, volume):
    inputs = {"open": open_, "high": high, "low": low, "close": close, "volume": volume}
    columns = []
    for spec in SPECS:
        columns.extend(compute(spec, inputs))
    path = os.path.join(OUT, f"{dataset}.csv")
    with open(path, "w") as handle:
        header = ["time", "open", "high", "low", "close", "volume"] + [c for c, _ in columns]
        handle.write(",".join(f'"{name}"' if "," in name else name for name in header) + "\n")
        for row in range(len(times)):
            cells = [times[row]] + ["%r" % float(x[row]) for x in (open_, high, low, close, volume)]
            cells += [cell(values[row]) for _, values in columns]
            handle.write(",".join(cells) + "\n")
    print(f"{path}: {len(times)} rows, {len(columns)} outputs", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, rows in (("GOOG", None), ("EURUSD", 3000), ("BTCUSD", None)):
        columns = read_csv(os.path.join(SHARED, f"{name}.csv"))
        write(name, *[column[:rows] for column in columns])
    write("walk-gaps", *random_walk(11, 1000, 100.0, gaps=True))
    write("walk-flat", *random_walk(12, 800, 50.0, flats=True))
    write("walk-tiny", *random_walk(13, 500, 0.00012))
    write("walk-huge", *random_walk(14, 500, 2.5e6, gaps=True))


if __name__ == "__main__":
    main()
