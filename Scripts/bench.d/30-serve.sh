#!/usr/bin/env bash
# Benchmark: wrk against `novush serve` on loopback. GET /v2/subscribers/:id and POST /v1/events/trigger,
# requests/s and p99 latency at 16 and 64 connections. Needs $NOVUSH (a release binary) and wrk (Debian).
# Prints markdown table rows to stdout; stops by itself (each run is $BENCH_SECONDS, default 10 s; the
# whole script stays under 2 min). The server runs with --rate-limit off: Novu's own limits (2,000
# configuration requests/s) would otherwise cap what is measured; the non-2xx column shows any refusals.
set -euo pipefail
novush="${NOVUSH:?set NOVUSH to a release novush binary}"
seconds="${BENCH_SECONDS:-10}"
command -v wrk >/dev/null || { echo "30-serve: wrk is not installed (apt-get install wrk)" >&2; exit 0; }
command -v curl >/dev/null || { echo "30-serve: curl is not installed" >&2; exit 1; }
source "$(dirname "$0")/../lib/serve.sh"
key="sk_bench_$$"
start_serve 30-serve "$novush" "$key"
auth="Authorization: ApiKey $key"
post() { curl -sS -f --max-time 10 -X POST "$url$1" -H "$auth" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
post /v2/subscribers '{"subscriberId":"bench1","firstName":"Bench","email":"bench1@example.com"}'
post /v2/workflows \
    '{"name":"Bench","workflowId":"bench","active":true,"steps":[{"name":"inbox","type":"in_app","controlValues":{"body":"hi {{payload.n}}"}}]}'
cat >"$work/trigger.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"bench","to":"bench1","payload":{"n":1}}'
wrk.headers["Content-Type"] = "application/json"
LUA
row() { # name connections wrk-args…
    local name=$1 conns=$2; shift 2
    local out; out="$(timeout $((seconds + 20)) wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "$auth" "$@" 2>&1)" || true
    local rps p99 non2xx
    rps="$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    echo "| novush serve | $name | $conns | ${rps:-?} | ${p99:-?} | ${non2xx:-0} |"
}
# A few seconds of unmeasured reads first: the server's connections, prepared statements and pages
# warm up, and what the machine was doing before the script settles.
timeout 20 wrk -t2 -c16 -d3s -H "$auth" "$url/v2/subscribers/bench1" >/dev/null 2>&1 || true
echo "| target | request | connections | requests/s | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
for c in 16 64; do row "GET /v2/subscribers/:id" "$c" "$url/v2/subscribers/bench1"; done
for c in 16 64; do row "POST /v1/events/trigger" "$c" -s "$work/trigger.lua" "$url/v1/events/trigger"; done
