#!/usr/bin/env python3
"""Writes the hand-made seed corpus in fuzz/corpus/<target>/ (run from fuzz/).

Each seed is a byte-exact example of what the target parses: reparse buffers as
FSCTL_GET_REPARSE_POINT returns them, raw socket addresses as Winsock fills
them, Go's WTF-8 table, command lines, environment blocks.
"""
import os
import struct

SYMLINK, MOUNT = 0xA000000C, 0xA0000003


def w(s):
    return s.encode("utf-16-le")


def reparse(tag, sub, prn, flags=None, print_first=False):
    sub, prn = w(sub), w(prn)
    if print_first:  # the order CreateSymbolicLinkW writes
        path = prn + b"\0\0" + sub + b"\0\0"
        fields = (len(prn) + 2, len(sub), 0, len(prn))
    else:  # the order of a junction made by hand (and of ReparseTarget::to_bytes)
        path = sub + b"\0\0" + prn + b"\0\0"
        fields = (0, len(sub), len(sub) + 2, len(prn))
    body = struct.pack("<4H", *fields)
    if tag == SYMLINK:
        body += struct.pack("<I", flags or 0)
    body += path
    return struct.pack("<IHH", tag, len(body), 0) + body


def sockaddr_in(ip, port):
    return struct.pack("<H", 2) + struct.pack(">H", port) + bytes(ip) + bytes(8)


def sockaddr_in6(ip, port, flow=0, scope=0):
    return (struct.pack("<H", 23) + struct.pack(">H", port) + struct.pack("<I", flow)
            + bytes(ip) + struct.pack("<I", scope))


EPOCH_TICKS = 116444736000000000
SPAN = (2**63 - 1) // 100  # |ticks - epoch| where Filetime.Nanoseconds stops fitting


def time_case(n=0, ts=(0, 0), tv=(0, 0), ft=0, ticks=0, st=(False, 0, 0), code=0, sig=0):
    """One 69-byte record of the `time` target (its `Case`, little-endian, as
    `arbitrary` reads it): n, Timespec, Timeval, Filetime (as ticks), raw ticks,
    SystemTime (before epoch?, secs, nanos), exit code, signal."""
    return struct.pack("<q qq ii Q Q ? Q I I i", n, *ts, *tv, ft, ticks, *st, code, sig)


def env_block(entries):
    return b"".join(w(e) + b"\0\0" for e in entries) + b"\0\0"


SEEDS = {
    "reparse": {
        "symlink_abs": reparse(SYMLINK, r"\??\C:\target\dir", r"C:\target\dir", 0, True),
        "symlink_rel": reparse(SYMLINK, r"..\sib\file.txt", r"..\sib\file.txt", 1, True),
        "symlink_unc": reparse(SYMLINK, r"\??\UNC\server\share\x", r"\\server\share\x", 0),
        "junction": reparse(MOUNT, r"\??\C:\Users\Public", r"C:\Users\Public"),
        "volume_mount": reparse(MOUNT, r"\??\Volume{01234567-89ab-cdef-0123-456789abcdef}" "\\", ""),
        "symlink_truncated": reparse(SYMLINK, r"\??\C:\x", r"C:\x", 0)[:20],
        "dedup_tag": struct.pack("<IHH", 0x80000013, 0, 0),
        # The fuzz finding of regressions/reparse/short-header-unknown-tag.
        "short_header_unknown_tag": struct.pack("<IH", 0x80000013, 0),
        "long_drive_path": w("C:/tmp/./x/../" + "a" * 120 + "\\" + "b" * 130),
        "long_unc_path": w(r"\\server\share\.." + "\\c" * 130),
    },
    "sockaddr": {
        "in_loopback_80": sockaddr_in([127, 0, 0, 1], 80),
        "in6_loopback_443": sockaddr_in6([0] * 15 + [1], 443),
        "in6_linklocal_scope": sockaddr_in6([0xFE, 0x80] + [0] * 13 + [1], 8080, 0x12345, 3),
        "in6_v4mapped": sockaddr_in6([0] * 10 + [0xFF, 0xFF, 10, 0, 0, 1], 53),
        "un_path": struct.pack("<H", 1) + b"C:\\tmp\\s.sock\0",
        "un_abstract": struct.pack("<H", 1) + b"\0abstract",
        "un_unbound": struct.pack("<H", 1),
        "in_short": sockaddr_in([10, 0, 0, 1], 1)[:15],
        "netbios": struct.pack("<H", 17) + bytes(14),
    },
    "utf16": {
        # Go's wtf8_windows_test.go table (minus the NUL row) and fuzz seeds.
        **{f"go_wtf8_{i:02}": b for i, b in enumerate([
            b"\x5C", b"\x7F", b"\xC2\x80", b"\xD7\x8A", b"\xDF\xBF", b"\xE0\xA0\x80",
            b"\xE2\xB0\xBC", b"\xEF\xBF\xBF", b"\xED\xA0\x80", b"\xED\xA0\x80\xED\xA0\x80",
            b"\xED\xA0\x80\x0A", b"\xED\xA0\x80\xF0\x9D\x8C\x86\xED\xA0\x80", b"\xED\xA6\xAF",
            b"\xED\xAF\xBF", b"\xED\xB0\x80", b"\xED\xB0\x80\xED\xB0\x80", b"\xED\xB0\x80\x0A",
            b"\xED\xB0\x80\xF0\x9D\x8C\x86\xED\xB0\x80", b"\xED\xBB\xAE", b"\xED\xBF\xBF",
            b"\xF0\x90\x80\x80", b"\xF0\x9D\x8C\x86", b"\xF4\x8F\xBF\xBF"])},
        "go_fuzz_seeds": "hi â ねこ 😃".encode() + b"\x90\xe3\x81\xe3\xc1\x81",
        "pair_as_halves": b"\xED\xA0\x80\xED\xB0\x80",
        "overlong_and_range": b"\xC0\xAF\xF4\x90\x80\x80\xF5",
        "ascii_run_then_nul": b"0123456789abcdefghijklmnopqrstuv\0x",
        "units_lone_surrogates": struct.pack("<6H", 0xD800, 0x61, 0xDC00, 0xD83D, 0xDE03, 0xDBFF),
    },
    "cmdline": {
        "go_escape_table": "\x1f".join([
            "", "a", " ", "\\", '"', '\\"', '\\\\"', "\\\\ ", " \\\\", "a ", "C:\\",
            "C:\\Program Files (x32)\\Common\\", "C:\\Users\\Игорь\\", "\\\\?\\C:\\Windows",
            "\\\\server\\share\\file"]).encode(),
        "quoted_program": b'"C:\\Program Files\\p.exe" a\\\\\\"b "c d" ""',
        "program_with_space": "C:\\x y\\prog.exe\x1fa\tb\x1f\x1fq\"q".encode(),
        "doubled_quotes": b'p "a""b c" """""" x a"b"" c\\',
        "tabs_newlines": b"p\ta\n b\t\t\"c\td\"\x1fe\nf",
    },
    "time": {
        "zero": time_case(),
        "go_examples": time_case(-1_500_000_000, (2**63 - 1, 0), (-1, -1), 0, EPOCH_TICKS,
                                 (True, 1, 500_000_000), 0xC0000005, 2),
        "minimums": time_case(-2**63, (-2**63, -2**63), (-2**31, -2**31), 2**64 - 1,
                              EPOCH_TICKS + SPAN, (False, 2**63 - 1, 999_999_999), 2**32 - 1, -1),
        "y2038_wraps": time_case(2**31 * 10**9, (-1, 2 * 10**9), (2**31 - 1, 2**31 - 1),
                                 EPOCH_TICKS + SPAN + 1, EPOCH_TICKS - SPAN - 1,
                                 (True, 2**63, 0), 259, 16),
        "maximums": time_case(2**63 - 1, (2**63 - 1, 2**63 - 1), (2**31 - 1, 999_999), 2**63,
                              2**64 - 1, (True, 2**63, 1), 0x7FFFFFFF, -2**31),
        "sub_unit_negatives": b"".join(
            time_case(n, (1, -1), (-1, 1), EPOCH_TICKS - 1, 10**7, (True, 0, k), 3, s)
            for n, k, s in [(-99, 99, 0), (-100, 100, 10), (-999, 999, 12), (-1000, 1000, 15),
                            (-1, 1, 9), (10**9, 10**9 - 1, 11)]),
    },
    "envblock": {
        "entries": "PATH=C:\\bin;C:\\x\x1f=C:=C:\\dir\x1fb=2\x1fA=1\x1fnoequals\x1fX=😃é".encode(),
        "block": env_block(["=C:=C:\\x", "A=1", "PATH=a;b"]),
        "block_lone_surrogate": struct.pack("<6H", 0x4B, 0x3D, 0xD800, 0, 0, 0),
        "block_unterminated": env_block(["A=1", "B=2"])[:-2],
        "empty_block": b"\0\0",
        "bytes_invalid_utf8": b"K=\xff\x1fa\xe3\x81b\x1f\xed\xa0\x80=x",
    },
}

for target, seeds in SEEDS.items():
    os.makedirs(f"corpus/{target}", exist_ok=True)
    for name, data in seeds.items():
        with open(f"corpus/{target}/{name}", "wb") as f:
            f.write(data)
