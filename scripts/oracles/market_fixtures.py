#!/usr/bin/env python3
"""Writes the bar-aggregation reference fixtures the MarketData tests compare against.

    python3 -m venv .venv && .venv/bin/pip install 'pandas>=3' numpy
    .venv/bin/python scripts/oracles/market_fixtures.py

Output under Tests/Fixtures/market/:

- ticks.csv: a seeded random EURUSD-like tick stream (5 digits), about 50,000 ticks from
  2024-01-17 to 2024-04-19: forex hours (closed Friday 21:00 to Sunday 21:00 UTC), a holiday,
  a few multi-hour gaps, bursts with several ticks in the same millisecond, occasional deal
  volume (whole and half lots), a few asks half a point off the grid (spreads of x.5 points
  round up), and two news jumps that stay at their new level (a genuine level shift must not
  be rejected as a spike). Columns `time_ms,bid,ask,last,volume,flags`; every tick is valid.
- bars.csv: the bars pandas builds from those ticks with `resample(...)` and
  first/max/min/last/count/sum, for M1 M5 M15 M30 H1 H4 D1, W1 (Monday start, `W-MON`, closed
  and labelled left), W1-SUN (Sunday start) and MN1 (`MS`), in UTC and in UTC+02:00 (offset
  7200 s: periods are local, labels are the UTC instant of the local period start). Spread is
  min(ask - bid) in points, rounded half up, computed exactly from integer tenths of a point.
  Columns `series,offset_s,time_ms,open,high,low,close,tick_volume,spread,real_volume`. A series
  whose offset-7200 bars are identical to its UTC bars (M1…H1, as 7200 s is a whole number of
  their periods) is written once, under offset 0; the tests check the offset aggregation
  against those rows.
"""
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "market")

assert int(pd.__version__.split(".")[0]) >= 3, f"pandas 3.x expected, found {pd.__version__}"

SEED = 20240117
DIGITS = 5
START = pd.Timestamp("2024-01-17 09:13:27.250", tz="UTC")
END = pd.Timestamp("2024-04-19 20:59:59.999", tz="UTC")
HOLIDAY = pd.Timestamp("2024-03-29", tz="UTC")  # Good Friday: no ticks all day
SERIES = [
    ("M1", "min", {}), ("M5", "5min", {}), ("M15", "15min", {}), ("M30", "30min", {}), ("H1", "h", {}),
    ("H4", "4h", {}), ("D1", "D", {}), ("W1", "W-MON", {"closed": "left", "label": "left"}),
    ("W1-SUN", "W-SUN", {"closed": "left", "label": "left"}), ("MN1", "MS", {}),
]
OFFSETS = [0, 7200]


def market_open(ms):
    """Forex hours: closed from Friday 21:00 to Sunday 21:00 UTC, on the holiday and in the gaps."""
    t = pd.Timestamp(ms, unit="ms", tz="UTC")
    weekday, hour = t.weekday(), t.hour
    if weekday == 5 or (weekday == 4 and hour >= 21) or (weekday == 6 and hour < 21):
        return False
    if t.normalize() == HOLIDAY:
        return False
    return not any(start <= ms < end for start, end in GAPS)


def ms(text):
    return int(pd.Timestamp(text, tz="UTC").value // 1_000_000)


GAPS = [
    (ms("2024-01-23 03:00"), ms("2024-01-23 09:45")),
    (ms("2024-02-07 12:10"), ms("2024-02-07 13:50")),
    (ms("2024-02-29 00:00"), ms("2024-02-29 18:20")),  # most of the leap day
    (ms("2024-03-13 22:00"), ms("2024-03-14 06:00")),  # across midnight
    (ms("2024-03-31 20:00"), ms("2024-04-01 04:00")),  # across the month end
]
NEWS = {ms("2024-02-02 13:30"): +250, ms("2024-03-08 13:30"): -400}  # points, persistent


def decimal(units, places):
    """An exact decimal string of units * 10^-places."""
    sign = "-" if units < 0 else ""
    units = abs(units)
    whole, fraction = divmod(units, 10**places)
    return f"{sign}{whole}.{fraction:0{places}d}" if places else f"{sign}{whole}"


def price_text(tenths):
    """A price held in tenths of a point: 5 decimals on the grid, 6 when half a point off."""
    return decimal(tenths // 10, DIGITS) if tenths % 10 == 0 else decimal(tenths, DIGITS + 1)


def volume_text(halves):
    return str(halves // 2) if halves % 2 == 0 else f"{halves // 2}.5"


def generate():
    rng = np.random.default_rng(SEED)
    end_ms = ms(str(END.tz_localize(None)))
    t = ms(str(START.tz_localize(None)))
    bid = 109_000 * 10  # tenths of a point: 1.09000
    spread = 12 * 10
    news = sorted(NEWS.items())
    rows = []
    previous = None
    closed_since = None
    while t <= end_ms:
        if not market_open(t):
            if closed_since is None:
                closed_since = t
            t += 60_000 + int(rng.integers(0, 60_000))
            continue
        if closed_since is not None:
            # The market reopens a little away from where it closed.
            bid += int(np.clip(rng.normal(0, 25), -80, 80)) * 10
            closed_since = None
        hour = (t // 3_600_000) % 24
        busy = 7 <= hour < 17
        step = int(np.clip(np.rint(rng.normal(0, 3.0)), -30, 30))
        if news and t >= news[0][0]:
            step = news.pop(0)[1]
        bid += step * 10
        spread = int(np.clip(np.rint(0.8 * spread / 10 + 0.2 * 12 + rng.normal(0, 2)), 2, 40)) * 10
        ask = bid + spread + (5 if rng.random() < 0.03 else 0)
        halves = 0
        if rng.random() < 0.08:
            halves = int(rng.integers(1, 40)) if rng.random() < 0.5 else 2 * int(rng.integers(1, 60))
        flags = (2 if previous is None or bid != previous[1] else 0) | (4 if previous is None or ask != previous[2] else 0)
        last = 0
        if halves:
            flags |= 8 | 16 | 32
            last = ask
        row = (t, bid, ask, last, halves, flags)
        if previous is not None and row == previous:
            row = (t, bid - 10, ask, last, halves, flags | 2)
            bid -= 10
        rows.append(row)
        previous = row
        # Ticks come in bursts (a geometric number, mean 8) a few seconds apart, some in the same
        # millisecond, separated by quiet minutes (longer outside the busy hours).
        if rng.random() < 1 / 8:
            t += int(rng.exponential(8 * 60_000 if busy else 25 * 60_000)) + 1
        else:
            draw = rng.random()
            t += 0 if draw < 0.05 else int(rng.integers(1, 400)) if draw < 0.15 else int(rng.exponential(3_000)) + 1
    return rows


def write_ticks(rows):
    with open(os.path.join(OUT, "ticks.csv"), "w") as handle:
        handle.write("time_ms,bid,ask,last,volume,flags\n")
        for t, bid, ask, last, halves, flags in rows:
            last_text = price_text(last) if last else "0"
            handle.write(f"{t},{price_text(bid)},{price_text(ask)},{last_text},{volume_text(halves)},{flags}\n")


def bars(rows, rule, options, offset):
    frame = pd.DataFrame(rows, columns=["time_ms", "bid", "ask", "last", "halves", "flags"])
    local = pd.to_datetime(frame["time_ms"] + offset * 1000, unit="ms")
    data = pd.DataFrame({
        "bid": [float(price_text(b)) for b in frame["bid"]],
        "spread_tenths": (frame["ask"] - frame["bid"]).to_numpy(),
        "volume": (frame["halves"] / 2.0).to_numpy(),
    }, index=local)
    grouped = data.resample(rule, **options)
    result = pd.DataFrame({
        "open": grouped["bid"].first(),
        "high": grouped["bid"].max(),
        "low": grouped["bid"].min(),
        "close": grouped["bid"].last(),
        "tick_volume": grouped["bid"].count(),
        "spread_tenths": grouped["spread_tenths"].min(),
        "real_volume": grouped["volume"].sum(),
    })
    result = result[result["tick_volume"] > 0]
    labels = result.index.as_unit("ms").asi8 - offset * 1000
    spread = (result["spread_tenths"].astype(np.int64) + 5) // 10  # half up, exact in integers
    return labels, result, spread


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = generate()
    times = [row[0] for row in rows]
    assert times == sorted(times)
    assert all(a != b for a, b in zip(rows, rows[1:])), "consecutive duplicate"
    write_ticks(rows)
    lines = ["series,offset_s,time_ms,open,high,low,close,tick_volume,spread,real_volume"]
    counts = {}
    written = {}
    for offset in OFFSETS:
        for name, rule, options in SERIES:
            labels, result, spread = bars(rows, rule, options, offset)
            assert int(result["tick_volume"].sum()) == len(rows)
            counts[(name, offset)] = len(result)
            key = (list(labels), result.to_numpy().tolist(), list(spread))
            if offset and written.get(name) == key:
                continue  # a whole number of the period's length: the same bars as in UTC, not repeated
            written[name] = key
            for label, row, points in zip(labels, result.itertuples(), spread):
                lines.append(
                    f"{name},{offset},{label},{row.open!r},{row.high!r},{row.low!r},{row.close!r},"
                    f"{row.tick_volume},{points},{row.real_volume!r}")
    with open(os.path.join(OUT, "bars.csv"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    same_ms = sum(1 for a, b in zip(times, times[1:]) if a == b)
    print(f"{len(rows)} ticks ({same_ms} in the same millisecond as the previous), bars per series:")
    print(", ".join(f"{name}@{offset}: {count}" for (name, offset), count in counts.items()))


if __name__ == "__main__":
    main()
