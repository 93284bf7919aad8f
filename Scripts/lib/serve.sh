# Starts `novush serve` for a benchmark and stops it on exit. Sourced, not executed.
#
# start_serve NAME NOVUSH KEY: makes a temporary directory ($work), starts NOVUSH serve on a free
# loopback port with a fresh store there, NOVU_SECRET_KEY=KEY and no rate limits, and sets $url.
# NAME prefixes the error messages. On exit the server is stopped (SIGTERM, then SIGKILL after 5 s)
# and $work removed.

work=""
serve_pid=""

stop_serve() {
    if [[ -n "$serve_pid" ]] && kill -0 "$serve_pid" 2>/dev/null; then
        kill -TERM "$serve_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$serve_pid" 2>/dev/null || true
    fi
    [[ -n "$work" ]] && rm -rf "$work"
}

start_serve() {
    local name=$1 novush=$2 key=$3
    work="$(mktemp -d)"
    trap stop_serve EXIT
    NOVU_SECRET_KEY="$key" "$novush" serve --port 0 --store "$work/s.sqlite" --quiet --rate-limit off \
        >"$work/out" 2>"$work/err" &
    serve_pid=$!
    url=""
    for _ in $(seq 1 100); do
        url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/out")"
        [[ -n "$url" ]] && break
        kill -0 "$serve_pid" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n "$url" ]] || { echo "$name: server did not start" >&2; cat "$work/err" >&2; exit 1; }
}
