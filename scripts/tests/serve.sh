#!/usr/bin/env bash
# End-to-end acceptance of `tradehub serve` on a real port: readiness, metrics, problem+json,
# the data-directory lock, configuration errors and graceful shutdown on SIGTERM.
set -euo pipefail
tradehub="${1:?usage: serve.sh PATH/TO/tradehub}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill -KILL "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ ! -f "$work/serve.log" ] || { echo "--- serve log ---" >&2; cat "$work/serve.log" >&2; }; exit 1; }

# 1. A config file with an unknown key stops start-up before anything starts.
printf '[http]\nport = 8000\nprot = 1\n' > "$work/bad.toml"
if "$tradehub" --config "$work/bad.toml" --data-dir "$work/never" serve 2> "$work/bad.err"; then
    fail "serve accepted a config file with an unknown key"
fi
grep -q 'error\[E_CONFIG_UNKNOWN_KEY\]' "$work/bad.err" || fail "no error[E_CONFIG_UNKNOWN_KEY]: $(cat "$work/bad.err")"
grep -q "http.prot" "$work/bad.err" || fail "error does not name the key: $(cat "$work/bad.err")"
grep -q "bad.toml:3" "$work/bad.err" || fail "error does not name file:line: $(cat "$work/bad.err")"
grep -q '^hint: ' "$work/bad.err" || fail "no hint line"
[ ! -e "$work/never" ] || fail "a data directory was created although start-up failed"

# 2. Start on a free port and wait for /ready.
"$tradehub" serve --data-dir "$work/data" --port 0 --log-format json 2> "$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 500); do
    base="$(grep -o '"http":"http://[0-9.:]*"' "$work/serve.log" | head -n 1 | cut -d'"' -f4 || true)"
    [ -z "$base" ] || break
    kill -0 "$server_pid" 2>/dev/null || fail "serve exited during start-up"
    sleep 0.02
done
[ -n "$base" ] || fail "serve did not log its ready line"
status="$(curl -s -o "$work/ready.json" -w '%{http_code}' "$base/ready")"
[ "$status" = 200 ] || fail "/ready answered $status"
grep -q '"name":"storage"' "$work/ready.json" || fail "/ready does not name the storage service"
grep -q '"name":"gateway"' "$work/ready.json" || fail "/ready does not name the gateway service"

# 3. /metrics is Prometheus text.
curl -sf "$base/metrics" > "$work/metrics.txt" || fail "/metrics failed"
grep -q '^process_start_time_seconds ' "$work/metrics.txt" || fail "no process_start_time_seconds"
grep -q '^http_requests_total{' "$work/metrics.txt" || fail "no http_requests_total"
if grep -vE '^(# (TYPE|HELP) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf))$' "$work/metrics.txt" | grep -q .; then
    fail "invalid Prometheus lines: $(grep -vE '^(#|[a-zA-Z_:])' "$work/metrics.txt" | head -n 3)"
fi

# 4. Unknown routes answer problem+json with a code.
status="$(curl -s -D "$work/nope.headers" -o "$work/nope.json" -w '%{http_code}' "$base/api/v1/nope")"
[ "$status" = 404 ] || fail "/api/v1/nope answered $status"
grep -qi '^content-type: application/problem+json' "$work/nope.headers" || fail "404 is not problem+json"
grep -q '"code":"E_HTTP_NOT_FOUND"' "$work/nope.json" || fail "404 body has no code: $(cat "$work/nope.json")"
curl -sf "$base/api/v1/errors" | grep -q '"E_HTTP_NOT_FOUND"' || fail "/api/v1/errors does not list the 404"

# Every request log line is JSON with the request id of its response.
request_id="$(grep -i '^x-request-id:' "$work/nope.headers" | tr -d '\r' | cut -d' ' -f2)"
grep -q "\"hb.request.id\":\"$request_id\".*\"http.path\":\"/api/v1/nope\"" "$work/serve.log" \
    || fail "no JSON request log line with request id $request_id"

# 5. A second process on the same data directory gets a clear error.
if "$tradehub" db status --data-dir "$work/data" 2> "$work/second.err"; then
    fail "a second process opened a data directory in use"
fi
grep -q 'error\[E_DATA_DIR_LOCKED\]' "$work/second.err" || fail "second process: $(cat "$work/second.err")"

# 6. SIGTERM: exit 0 within 2 s.
kill -TERM "$server_pid"
for _ in $(seq 1 200); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.01
done
kill -0 "$server_pid" 2>/dev/null && fail "serve still running 2 s after SIGTERM"
wait "$server_pid" && code=0 || code=$?
server_pid=""
[ "$code" = 0 ] || fail "serve exited $code after SIGTERM"

# 7. The recorded errors survived the restart.
"$tradehub" errors seen --data-dir "$work/data" --json | grep -q '"E_HTTP_NOT_FOUND"' || fail "404 occurrence not stored"
echo "serve.sh: ok" >&2
