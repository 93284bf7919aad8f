# Shared set-up for the Scripts/ commands: installs what is missing, saying what it runs.
# Sourced, not executed.

NOVUSH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_debian_packages PACKAGE... : installs the Debian packages that are not installed yet.
ensure_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || fail "missing packages ${missing[*]}, and apt-get is not available: install them with your package manager"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fail "missing packages ${missing[*]}: run as root, or install them with: apt-get install ${missing[*]}"
        sudo="sudo"
    fi
    say "installing Debian packages: ${missing[*]}"
    say "running: $sudo apt-get update"
    $sudo apt-get update -qq || fail "apt-get update failed"
    say "running: $sudo apt-get install -y ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || fail "apt-get install ${missing[*]} failed"
}

# The libraries novush links and the tools its build needs.
ensure_build_dependencies() {
    command -v swift >/dev/null || fail "swift is not on PATH: install the Swift 6 toolchain first (https://www.swift.org/install)"
    ensure_debian_packages pkg-config liblua5.4-dev libedit-dev
}

# ensure_python_venv : creates .venv with the official Novu SDK and pytest (for the conformance suite).
ensure_python_venv() {
    local venv="$NOVUSH_ROOT/.venv"
    command -v python3 >/dev/null || ensure_debian_packages python3
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
        ensure_debian_packages python3-venv
    fi
    if [ ! -x "$venv/bin/python" ]; then
        say "creating the Python virtual environment $venv"
        python3 -m venv "$venv" || fail "python3 -m venv failed"
    fi
    if ! "$venv/bin/python" -c 'import novu_py, pytest' 2>/dev/null; then
        say "installing novu-py and pytest into $venv (pip)"
        "$venv/bin/pip" install -q --disable-pip-version-check novu-py pytest || fail "pip install novu-py pytest failed"
    fi
}

# build_release PRODUCT... : release builds as users run them. The Swift runtime and Foundation are
# linked statically, the executable exports no symbols and is not position-independent: the loader
# then has almost nothing to relocate (5,000 relocations instead of 250,000), which takes start-up
# (`novush -e 'print(1)'`) from about 19 ms to 7 ms on a 2-core machine. The executable's own code
# loads at a fixed address; libraries, heap and stacks are still randomised.
RELEASE_FLAGS=(-c release --static-swift-stdlib -Xlinker --no-export-dynamic -Xswiftc -Xclang-linker -Xswiftc -no-pie)
build_release() {
    for product in "$@"; do
        swift build "${RELEASE_FLAGS[@]}" --product "$product" >&2
    done
}
