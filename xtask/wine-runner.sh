#!/bin/sh
# Cargo runner for x86_64-pc-windows-gnu: runs a Windows .exe under Wine in the
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
exec wine "$@"
