#!/usr/bin/env python3
"""Runs winsyscall's aarch64 callback entry points in an emulator (unicorn).

No aarch64 Windows machine runs the test suite, so the rig's `emulate-aarch64`
stage runs this (in a private virtualenv with `unicorn`) on the library built
for aarch64-pc-windows-msvc:

    cargo build -p winsyscall --lib --target aarch64-pc-windows-msvc
    python3 xtask/emulate/aarch64_callbacks.py [path/to/libwinsyscall.rlib]

It pulls the COFF object holding `winsyscall_callback_table_a64_v0_1` out of
the rlib, maps its section, replaces the relocated `bl dispatch` with a branch
to a fake dispatcher (a hook), and calls entry points the way an AAPCS64
caller would: x0-x7 and 8-byte stack slots at sp, lr = a stop address,
callee-saved registers and x18 set to sentinels. It checks what the dispatcher
sees (slot, one contiguous argument array, sp 16-aligned, x29 pointing at the
saved {x29, x30}) and what the caller gets back (x0 = result, sp, x18-x30
restored, no store outside the 80-byte frame).
"""
import os
import struct
import sys

from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM, UC_HOOK_CODE, UC_HOOK_MEM_WRITE
from unicorn.arm64_const import *

TABLE = b"winsyscall_callback_table_a64_v0_1"
RLIB = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "target", "aarch64-pc-windows-msvc", "debug",
    "libwinsyscall.rlib")


def find_object(rlib):
    """The member of the rlib (an `ar` archive) holding the callback table."""
    data = open(rlib, "rb").read()
    assert data[:8] == b"!<arch>\n", "not an ar archive: " + rlib
    o = 8
    while o + 60 <= len(data):
        size = int(data[o + 48:o + 58].decode().strip())
        member = data[o + 60:o + 60 + size]
        if member[:2] == struct.pack("<H", 0xAA64) and TABLE in member:
            # The object that defines the table (others may only refer to it).
            _, syms = coff(member)
            if any(n == TABLE and sec > 0 for n, _, sec in syms.values()):
                return member
        o += 60 + size + (size & 1)
    sys.exit("no object with the aarch64 callback table in " + rlib)


def coff(data):
    machine, nsec, _, symoff, nsym, optsz, _ = struct.unpack_from("<HHIIIHH", data, 0)
    assert machine == 0xAA64, hex(machine)
    strtab = symoff + 18 * nsym
    secs = []
    for i in range(nsec):
        o = 20 + optsz + 40 * i
        name = data[o:o + 8].rstrip(b"\0")
        size, rawptr, relptr, _, nrel = struct.unpack_from("<IIIIH", data, o + 16)
        secs.append((name, data[rawptr:rawptr + size], relptr, nrel))
    syms = {}
    i = 0
    while i < nsym:
        o = symoff + 18 * i
        raw = data[o:o + 8]
        if raw[:4] == b"\0\0\0\0":
            off = struct.unpack_from("<I", raw, 4)[0]
            name = data[strtab + off:data.index(b"\0", strtab + off)]
        else:
            name = raw.rstrip(b"\0")
        value, secnum, _, _, naux = struct.unpack_from("<IhHBB", data, o + 8)
        syms[i] = (name, value, secnum)
        i += 1 + naux
    return secs, syms


data = find_object(RLIB)
secs, syms = coff(data)
(tname, tval, tsec), = [v for v in syms.values() if v[0] == TABLE]
(_, cval, _), = [v for v in syms.values() if v[0] == b"winsyscall_callback_common_a64_v0_1"]
name, code, relptr, nrel = secs[tsec - 1]
code = bytearray(code)
# The one relocation in the section: the bl to the dispatcher.
rels = [struct.unpack_from("<IIH", data, relptr + 10 * k) for k in range(nrel)]
assert len(rels) == 1 and rels[0][2] == 0x3, rels  # IMAGE_REL_ARM64_BRANCH26
bl_at = rels[0][0]

CODE, STUB, STOP = 0x100000, 0x200000, 0x300000
STACK_LO, STACK_HI = 0x400000, 0x500000
off = (STUB - (CODE + bl_at)) // 4
struct.pack_into("<I", code, bl_at, 0x94000000 | (off & 0x3FFFFFF))

CALLEE = [UC_ARM64_REG_X18] + [getattr(sys.modules[__name__], f"UC_ARM64_REG_X{n}") for n in range(19, 29)]
X = [getattr(sys.modules[__name__], f"UC_ARM64_REG_X{n}") for n in range(0, 29)]
ARGS = X[:8]


def call(slot, nargs, result):
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(CODE, 0x100000)
    uc.mem_write(CODE, bytes(code))
    uc.mem_map(STUB, 0x1000)
    uc.mem_map(STOP, 0x1000)
    for a in (STUB, STOP):
        uc.mem_write(a, struct.pack("<I", 0xD503201F))  # nop
    uc.mem_map(STACK_LO, STACK_HI - STACK_LO)
    args = [0x1111_0000_0000_0000 + 0x101 * k + slot for k in range(nargs)]
    nstack = max(0, nargs - 8)
    sp = STACK_HI - 0x1000 - 16 * ((nstack + 1) // 2)
    assert sp % 16 == 0
    for k in range(nstack):
        uc.mem_write(sp + 8 * k, struct.pack("<Q", args[8 + k]))
    for k in range(8):
        uc.reg_write(ARGS[k], args[k] if k < nargs else 0xDEAD_0000 + k)
    for k, r in enumerate(CALLEE):
        uc.reg_write(r, 0x5EED_0000 + k)
    fp, lr = 0xF00D_F00D, STOP
    uc.reg_write(UC_ARM64_REG_X29, fp)
    uc.reg_write(UC_ARM64_REG_X30, lr)
    uc.reg_write(UC_ARM64_REG_SP, sp)
    seen = {}
    bad_writes = []

    def on_write(uc, access, addr, size, value, _):
        if STACK_LO <= addr < STACK_HI and not (sp - 80 <= addr and addr + size <= sp):
            bad_writes.append((hex(addr), size))

    def on_code(uc, addr, size, _):
        if addr == STUB:
            s = uc.reg_read(UC_ARM64_REG_SP)
            p = uc.reg_read(UC_ARM64_REG_X1)
            f = uc.reg_read(UC_ARM64_REG_X29)
            seen["slot"] = uc.reg_read(UC_ARM64_REG_X0)
            seen["sp_aligned"] = s % 16 == 0
            seen["args"] = list(struct.unpack(f"<{nargs}Q", bytes(uc.mem_read(p, 8 * nargs)))) if nargs else []
            seen["contiguous"] = p + 64 == sp
            seen["frame"] = f == s and struct.unpack("<QQ", bytes(uc.mem_read(f, 16))) == (fp, lr)
            # A real dispatcher may clobber every volatile register.
            for r in X[:18]:
                uc.reg_write(r, 0xBAD_BAD)
            uc.reg_write(UC_ARM64_REG_X0, result)
            uc.reg_write(UC_ARM64_REG_PC, uc.reg_read(UC_ARM64_REG_X30))
        elif addr == STOP:
            uc.emu_stop()

    uc.hook_add(UC_HOOK_CODE, on_code)
    uc.hook_add(UC_HOOK_MEM_WRITE, on_write)
    uc.emu_start(CODE + tval + 8 * slot, 0, count=200)
    assert uc.reg_read(UC_ARM64_REG_PC) == STOP, hex(uc.reg_read(UC_ARM64_REG_PC))
    fails = []
    if seen.get("slot") != slot:
        fails.append(f"slot {seen.get('slot')} != {slot}")
    if not seen.get("sp_aligned"):
        fails.append("sp misaligned at the dispatcher")
    if seen.get("args") != args:
        fails.append(f"args {seen.get('args')} != {args}")
    if not seen.get("contiguous"):
        fails.append("register args not directly below the stack args")
    if not seen.get("frame"):
        fails.append("x29 does not point at the saved {x29, x30}")
    if uc.reg_read(UC_ARM64_REG_X0) != result:
        fails.append("result not in x0")
    if uc.reg_read(UC_ARM64_REG_SP) != sp:
        fails.append("sp not restored")
    if uc.reg_read(UC_ARM64_REG_X29) != fp:
        fails.append("x29 not restored")
    for k, r in enumerate(CALLEE):
        if uc.reg_read(r) != 0x5EED_0000 + k:
            fails.append(f"callee-saved register {k} clobbered")
    if bad_writes:
        fails.append(f"stores outside the frame: {bad_writes}")
    return fails


total = failed = 0
for slot in (0, 1, 2, 255, 256, 1023, 1024, 2046, 2047):
    for nargs in (0, 1, 7, 8, 9, 10, 17, 64):
        total += 1
        f = call(slot, nargs, 0xC0FFEE_0000 + slot * 100 + nargs)
        if f:
            failed += 1
            print(f"FAIL slot {slot} nargs {nargs}: {f}")
print(f"section {name.decode()}: table at {tval:#x}, common routine at {cval:#x}, bl at {bl_at:#x}")
print(f"{total - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
