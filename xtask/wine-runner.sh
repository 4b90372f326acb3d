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
if [ "${WINSYSCALL_WINE_ASLR:-0}" != 1 ] && setarch "$(uname -m)" -R true 2>/dev/null; then
  exec setarch "$(uname -m)" -R wine "$@"
fi
exec wine "$@"
