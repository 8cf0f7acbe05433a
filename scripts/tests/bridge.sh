#!/usr/bin/env bash
# End-to-end reliability of the MT5 bridge: kill -9 the server while the EA simulator streams
# 200,000 ticks, restart it, and check every tick is stored exactly once (no gap, no duplicate,
# nothing quarantined), then orders through the HTTP API and the CLI.
set -euo pipefail
tradehub="${1:?usage: bridge.sh PATH/TO/tradehub}"
work="$(mktemp -d)"
server_pid=""
sim_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill -KILL "$server_pid" 2>/dev/null || true
    [ -z "$sim_pid" ] || kill -KILL "$sim_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f ---" >&2; tail -n 20 "$f" >&2; done; exit 1; }

data="$work/data"
key="$("$tradehub" tenant create acme --json --data-dir "$data" | sed -n 's/.*"bridge_key" *: *"\([^"]*\)".*/\1/p')"
[ -n "$key" ] || fail "tenant create printed no key"

http_port=$((20000 + RANDOM % 10000))
bridge_port=$((http_port + 10000))
start_server() {
    "$tradehub" serve --data-dir "$data" --port "$http_port" --bridge-port "$bridge_port" --log-format json >> "$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 500); do
        curl -sf "http://127.0.0.1:$http_port/ready" > /dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || fail "serve exited during start-up"
        sleep 0.02
    done
    fail "serve not ready"
}

start_server
curl -sf "http://127.0.0.1:$http_port/api/v1/services" | grep -q "\"address\":\"127.0.0.1:$bridge_port\"" \
    || fail "/api/v1/services does not list the bridge at 127.0.0.1:$bridge_port"

# 1. Stream 200,000 ticks at 40,000/s; kill -9 the server in the middle; restart it.
"$tradehub" bridge-sim --port "$bridge_port" --key "$key" --count 200000 --rate 40000 \
    --symbols EURUSD,USDJPY --stream killtest --timeout 120 --json > "$work/sim.json" 2> "$work/sim.log" &
sim_pid=$!
sleep 2
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
sleep 0.5
start_server
wait "$sim_pid" || fail "bridge-sim failed: $(cat "$work/sim.json")"
sim_pid=""
grep -q '"completed" : true' "$work/sim.json" || fail "simulator did not complete: $(cat "$work/sim.json")"
grep -q '"acked" : 200000' "$work/sim.json" || fail "not every tick acknowledged: $(cat "$work/sim.json")"
grep -q '"reconnects" : 0,' "$work/sim.json" && fail "the simulator never reconnected: the kill missed the stream"

# 2. Orders: a connected terminal fills; the same order_id twice executes once; no terminal is unroutable.
"$tradehub" bridge-sim --port "$bridge_port" --key "$key" --login 4242 --count 1 --symbols GBPUSD --stream orders --timeout 3 \
    > /dev/null 2> "$work/sim-orders.log" &
sim_pid=$!
sleep 0.5
kill -TERM "$server_pid"
wait "$server_pid" || fail "serve did not exit 0 on SIGTERM"
server_pid=""
wait "$sim_pid" 2>/dev/null || true
sim_pid=""

# 3. Exactly once in storage: every tick stored once, nothing quarantined.
total=0
for symbol in EURUSD USDJPY; do
    "$tradehub" export ticks --tenant acme --symbol "$symbol" --output "$work/$symbol.csv" --data-dir "$data" 2> /dev/null
    total=$((total + $(tail -n +2 "$work/$symbol.csv" | wc -l)))
done
[ "$total" = 200000 ] || fail "stored $total ticks, sent 200000"
quarantined="$("$tradehub" quarantine list --tenant acme --json --data-dir "$data")"
echo "$quarantined" | grep -q '"E_' && fail "ticks were quarantined after the restart: $quarantined"
# The default tenant sees none of acme's ticks.
"$tradehub" export ticks --symbol EURUSD --output "$work/default.csv" --data-dir "$data" 2> /dev/null || true
[ ! -s "$work/default.csv" ] || [ "$(tail -n +2 "$work/default.csv" | wc -l)" = 0 ] || fail "the default tenant sees acme's ticks"

# 4. Orders end to end (HTTP API and CLI) against a terminal that stays connected.
start_server
"$tradehub" bridge-sim --port "$bridge_port" --key "$key" --login 4242 --count 1 --symbols AUDUSD --stream orders2 --timeout 30 --stay-connected \
    > /dev/null 2> "$work/sim-orders.log" &
sim_pid=$!
for _ in $(seq 1 250); do grep -q '"stream":"orders20000"' "$work/serve.log" && break; sleep 0.02; done
curl -sf "http://127.0.0.1:$http_port/api/v1/bars/live?symbol=AUDUSD&timeframe=M1&tenant=acme" | grep -q '"tick_volume":1' \
    || fail "no live M1 bar of AUDUSD"
"$tradehub" order send --port "$http_port" --tenant acme --login 4242 --symbol EURUSD --side buy --volume 0.1 --order-id o-1 --json \
    > "$work/order.json" || fail "order send failed: $(cat "$work/order.json")"
grep -q '"state" *: *"filled"' "$work/order.json" || fail "order not filled: $(cat "$work/order.json")"
"$tradehub" order send --port "$http_port" --tenant acme --login 4242 --symbol EURUSD --side buy --volume 0.1 --order-id o-1 --json \
    > "$work/order2.json"
grep -q '"state" *: *"filled"' "$work/order2.json" || fail "resent order o-1: $(cat "$work/order2.json")"
if "$tradehub" order send --port "$http_port" --tenant acme --login 999 --symbol EURUSD --side sell --volume 1 2> "$work/unroutable.err"; then
    fail "an order for an unconnected login succeeded"
fi
grep -q 'error\[E_ORDER_UNROUTABLE\]' "$work/unroutable.err" || fail "unroutable: $(cat "$work/unroutable.err")"
"$tradehub" order list --port "$http_port" --tenant acme --json | grep -q '"unroutable"' || fail "order list lacks the unroutable order"
kill -TERM "$server_pid"
wait "$server_pid" || fail "serve did not exit 0 on SIGTERM"
server_pid=""
kill "$sim_pid" 2>/dev/null || true
wait "$sim_pid" 2>/dev/null || true
sim_pid=""
echo "bridge.sh: ok" >&2
