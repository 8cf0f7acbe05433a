#!/usr/bin/env bash
# `tradehub bench --json` prints one JSON array with a figure per benchmark.
set -euo pipefail
tradehub="${1:?usage: bench.sh PATH/TO/tradehub}"
out="$("$tradehub" bench startup errors.fingerprint --iterations 2 --json)"
for name in startup errors.fingerprint; do
    echo "$out" | grep -q "\"name\" : \"$name\"" || { echo "FAIL: no figure for $name in: $out" >&2; exit 1; }
done
echo "$out" | grep -q '"value" : [0-9]' || { echo "FAIL: no numeric value in: $out" >&2; exit 1; }
[ "$(echo "$out" | head -c 1)" = "[" ] || { echo "FAIL: stdout is not one JSON array: $out" >&2; exit 1; }
if "$tradehub" bench nosuch 2> /dev/null; then echo "FAIL: unknown benchmark accepted" >&2; exit 1; fi
echo "bench.sh: ok" >&2
