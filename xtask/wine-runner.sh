#!/bin/sh
# Cargo runner for x86_64-pc-windows-gnu: runs a Windows .exe under Wine in the
# project's private prefix (prepared by `cargo xtask test` / `cargo xtask demo`).
here=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX="${WINSYSCALL_WINEPREFIX:-$here/target/wineprefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
exec wine "$@"
