# Shared by scripts/run and scripts/test: progress lines and idempotent set-up.
# shellcheck shell=bash

step() { printf '==> %s\n' "$*" >&2; }

# The Debian packages the build and the tests need.
TRADEHUB_DEBIAN_PACKAGES=(libsqlite3-dev zlib1g-dev libxgboost-dev sqlite3 curl ca-certificates)

# Installs the packages that are missing (quietly); does nothing when all are present.
ensure_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        step "system packages present: $*"
        return
    fi
    step "installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Puts a Swift 6 toolchain on PATH (the machine image ships one in /opt/swift).
ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        for candidate in /opt/swift/usr/bin /opt/swift/bin /usr/share/swift/usr/bin; do
            if [ -x "$candidate/swift" ]; then
                export PATH="$candidate:$PATH"
                break
            fi
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: no Swift toolchain found; install Swift 6.1 or newer (https://swift.org/install/linux/)" >&2
        exit 1
    fi
    step "using $(swift --version 2>/dev/null | head -n 1)"
}

# Runs a command with its output kept in a log; prints the log's errors and tail on failure,
# or the last line matching $QUIET_SUMMARY (a grep -E pattern) on success.
run_quietly() {
    local log
    log="$(mktemp)"
    if "$@" >"$log" 2>&1; then
        if [ -n "${QUIET_SUMMARY:-}" ]; then grep -E "$QUIET_SUMMARY" "$log" | tail -n 3 >&2 || true; fi
        rm -f "$log"
    else
        local status=$?
        grep -E "error:|failed|✘" "$log" | head -n 60 >&2 || true
        echo "---- last lines of the output ($*) ----" >&2
        tail -n 30 "$log" >&2
        rm -f "$log"
        return "$status"
    fi
}
