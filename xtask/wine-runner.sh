#!/bin/sh
# Cargo runner for x86_64- and i686-pc-windows-gnu: runs a Windows .exe under Wine in the
# project's private prefix (prepared by `cargo xtask test` / `cargo xtask demo`).
here=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX="${WINSYSCALL_WINEPREFIX:-$here/target/wineprefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
if ! command -v wine >/dev/null 2>&1; then
  echo "wine-runner: wine is not installed; run 'cargo xtask demo' once (as root it installs it)" >&2
  exit 127
fi
if [ ! -f "$WINEPREFIX/.winsyscall-ready" ]; then
  echo "wine-runner: $WINEPREFIX is not prepared; run 'cargo xtask demo' once" >&2
fi
# Wine 8's loader sometimes cannot map the shared user data page at 0x7ffe0000
# ("failed to map the shared user data: c0000018") when address-space layout
# randomisation has put something there: the process dies at start-up, and a
# parent's CreateProcess answers ERROR_INTERNAL_ERROR (1359). Without
# randomisation (`setarch -R`, inherited by every child Wine starts) the layout is
# the one Wine expects. Where the personality call is refused (some container
# seccomp profiles), or with WINSYSCALL_WINE_ASLR=1, Wine runs as it is.
run_wine() {
  if [ "${WINSYSCALL_WINE_ASLR:-0}" != 1 ] && setarch "$(uname -m)" -R true 2>/dev/null; then
    setarch "$(uname -m)" -R wine "$@"
  else
    wine "$@"
  fi
}
# Now and then a process loses its connection to the wineserver before it
# runs anything ("wine client error:0: recvmsg: Connection reset by peer"),
# and dies with status 1. That is Wine's start-up, not the program: the run is
# made once more, and the retry is logged where `cargo xtask test` lists
# Wine's retries (WINSYSCALL_SKIP_LOG, a Z: path). Standard error goes to a
# file, shown when the process ends: a pipe would stay open as long as Wine's
# background services (winedevice.exe), which inherit it, live.
err=$(mktemp) || exit 1
trap 'rm -f "$err"' EXIT
try=1
while :; do
  run_wine "$@" 2> "$err"
  code=$?
  cat "$err" >&2
  if [ "$code" != 0 ] && [ "$try" = 1 ] && grep -q "^wine client error" "$err"; then
    if [ -n "$WINSYSCALL_SKIP_LOG" ]; then
      log=$(printf '%s' "$WINSYSCALL_SKIP_LOG" | sed 's/^[Zz]://; s#\\#/#g')
      printf '%s — RETRY (wineserver): the process lost its wineserver connection at start-up (exit %s); run again\n' \
        "$(basename "$1")" "$code" >> "$log"
    fi
    echo "wine-runner: lost the wineserver connection; running $(basename "$1") again" >&2
    try=2
    continue
  fi
  exit "$code"
done
