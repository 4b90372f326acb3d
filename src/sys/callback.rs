//! Run-time callbacks: Go's `NewCallback`, `NewCallbackCDecl` and the runtime's
//! `compileCallback` (`runtime/syscall_windows.go`).
//!
//! A [`Callback`] turns a Rust closure over pointer-sized arguments into a plain
//! function pointer that Windows (or any C code) can call, from any thread.
//!
//! # Design
//!
//! As in Go, a fixed table of [`MAX_CALLBACKS`] (2048) entry points is
//! assembled into the binary. Entry `i` is a single 5-byte `call` to one shared
//! routine; that routine pops the return address to learn `i` (Go's
//! `callbackasm`), spills the four register arguments into the home space the
//! caller reserved above the return address (so every argument now sits in
//! one contiguous array on the caller's stack), and calls a Rust dispatcher
//! with `(i, pointer to the arguments)`. The dispatcher finds the closure in
//! slot `i` and hands it a slice of exactly the callback's declared `arity`
//! arguments.
//!
//! Reading exactly `arity` arguments is what keeps this sound on x64: the
//! first four always live in the home space (which every caller reserves,
//! whatever it passes), the others in the caller's outgoing-argument area,
//! which holds as many as the caller passed. Calling a callback with fewer
//! arguments than its arity is therefore the caller's bug, the same bug as
//! calling any C function with the wrong prototype.
//!
//! On aarch64 entry `i` is two instructions (8 bytes): it loads `i` into the
//! scratch register `x9` and branches to the shared routine (Go's arm64
//! `callbackasm`). The first eight integer arguments arrive in `x0`–`x7` and
//! the rest on the caller's stack, 8 bytes each, starting at the stack
//! pointer. The routine saves the frame pointer and link register, stores
//! `x0`–`x7` directly below the caller's stack arguments (so, again, all
//! arguments form one contiguous array), and calls the same dispatcher.
//! Reading exactly `arity` arguments is sound for the same reason as on x64:
//! the eight register slots always exist, the stack ones as far as the
//! caller passed them. No aarch64 Windows machine runs the test suite: these
//! entry points are assembled by every test run and executed in an emulator
//! (the rig's `emulate-aarch64` stage calls them as an aarch64 caller would,
//! with 0 to 64 arguments, and checks the slot, the argument array, the
//! frame, the stack and the registers it must keep), never on real hardware.
//!
//! On 32-bit x86 every argument is on the stack, so the shared routine has
//! nothing to spill: it hands the dispatcher the address of the caller's
//! first stack argument, and returns the way the callback's convention says.
//! A [`new_callback`] is stdcall (the Windows API convention): it pops its
//! `4 * arity` bytes of arguments on return, so its arity must be exactly what
//! the caller pushes (Go's 386 `NewCallback` pops the argument size of the
//! function the same way). A [`new_callback_cdecl`] leaves the arguments for
//! the caller to pop (C runtime callbacks such as `qsort`'s comparator).
//!
//! # Beyond Go
//!
//! * A slot is freed when its [`Callback`] drops (Go never frees one) and can
//!   be taken again; Go hands the same slot to the same function twice, we
//!   take a new one for every call (closures cannot be compared).
//!   [`Callback::retire`] frees the closure but never hands the slot out
//!   again.
//! * When every slot is taken the constructor returns
//!   [`CallbackError::Exhausted`] (Go stops the process with "too many callback
//!   functions").
//! * A panic in the closure never unwinds into the caller: it is caught, its
//!   message is written to stderr and the process **aborts** (there is no
//!   value the Windows caller could be given that would be right for every
//!   API).
//!
//! # Calls through a stale pointer
//!
//! The pointer of a dropped callback is the address of its slot's entry
//! point; the table is fixed, so the address itself cannot say which
//! callback it was made for. Exactly this happens when something calls it:
//!
//! * while the slot is free, the call **aborts** the process (message on
//!   stderr, `std::process::abort`): no freed closure ever runs;
//! * free slots are handed out least recently released first, and slots
//!   never used yet come before every released one. A released slot is
//!   therefore taken again only after every other free slot has been taken
//!   since its release: at least `MAX_CALLBACKS` minus the callbacks alive
//!   at that time further creations. From then on a stale pointer runs
//!   the *new* callback's closure, with that closure's arity, which is the
//!   caller's bug (calling a dangling function pointer);
//! * after [`Callback::retire`] the slot is never taken again, so a stale
//!   pointer aborts for the life of the process, at the price of one of the
//!   `MAX_CALLBACKS` slots. Retire callbacks Windows might still call after
//!   you are done with them (a window procedure of a window that may still
//!   get messages, a timer that may still fire).
//!
//! Float arguments and results are not supported (Go's amd64 and arm64 rule
//! too); an argument narrower than a pointer arrives with its upper bits
//! unspecified, as the calling conventions leave them. On x86_64 and aarch64
//! `cdecl` is the same convention as the system one, so
//! [`new_callback_cdecl`] differs from [`new_callback`] only in name. Entry
//! points exist on x86_64, 32-bit x86 and aarch64; elsewhere (such as
//! `arm64ec`) the constructors return [`CallbackError::Unsupported`].

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How many callbacks can be alive at once (Go: `cb_max` = 2000; Go promises
/// at least 1024).
pub const MAX_CALLBACKS: usize = 2048;

/// The most arguments a callback may take (Go: a frame of at most 64 words).
pub const MAX_CALLBACK_ARGS: usize = 64;

/// Why a callback could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackError {
    /// All [`MAX_CALLBACKS`] slots are taken (Go: a fatal "too many callback
    /// functions").
    Exhausted,
    /// More than [`MAX_CALLBACK_ARGS`] arguments were asked for (Go:
    /// "compileCallback: function argument frame too large").
    TooManyArguments(usize),
    /// Callbacks are only implemented on x86_64, 32-bit x86 and aarch64.
    Unsupported,
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::Exhausted => {
                write!(f, "too many callback functions ({MAX_CALLBACKS} alive)")
            }
            CallbackError::TooManyArguments(n) => write!(
                f,
                "compileCallback: function argument frame too large ({n} arguments, at most {MAX_CALLBACK_ARGS})"
            ),
            CallbackError::Unsupported => {
                f.write_str("callbacks are not supported on this architecture")
            }
        }
    }
}

impl std::error::Error for CallbackError {}

impl From<CallbackError> for std::io::Error {
    fn from(e: CallbackError) -> std::io::Error {
        let kind = match e {
            CallbackError::Exhausted => std::io::ErrorKind::OutOfMemory,
            CallbackError::TooManyArguments(_) => std::io::ErrorKind::InvalidInput,
            CallbackError::Unsupported => std::io::ErrorKind::Unsupported,
        };
        std::io::Error::new(kind, e)
    }
}

type Closure = dyn Fn(&[usize]) -> usize + Send + Sync + 'static;

#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64")),
    allow(dead_code)
)]
struct Entry {
    arity: usize,
    /// The caller pops the arguments (cdecl); otherwise the callee does
    /// (stdcall). Only 32-bit x86 tells them apart.
    cdecl: bool,
    f: Box<Closure>,
}

/// The closures, by slot. Each slot is locked only to clone or swap its `Arc`,
/// never while the closure runs, so callbacks may create or drop callbacks.
static SLOTS: [Mutex<Option<Arc<Entry>>>; MAX_CALLBACKS] =
    [const { Mutex::new(None) }; MAX_CALLBACKS];

/// Free slot numbers, taken from the front and released to the back, so a
/// released slot is the last to be taken again (lazily filled on first use,
/// in table order).
static FREE: Mutex<Option<VecDeque<usize>>> = Mutex::new(None);

/// Slots given up for good by [`Callback::retire`].
static RETIRED: AtomicUsize = AtomicUsize::new(0);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A live callback: a function pointer that runs a Rust closure.
///
/// Go: the `uintptr` that `syscall.NewCallback` returns. The pointer stays
/// valid until this value drops; then the slot is released (beyond Go). Keep
/// the `Callback` alive for as long as anything may call the pointer: what a
/// call through the pointer of a dropped callback does is described in the
/// [module docs](self#calls-through-a-stale-pointer) (it aborts until the slot
/// is taken again; [`Callback::retire`] makes that permanent).
///
/// ```no_run
/// # #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))] {
/// let cb = winsyscall::new_callback(2, |a| a[0] * 10 + a[1]).unwrap();
/// // SAFETY: the callback takes two pointer-sized arguments.
/// let f: extern "system" fn(usize, usize) -> usize = unsafe { std::mem::transmute(cb.ptr()) };
/// assert_eq!(f(4, 2), 42);
/// # }
/// ```
pub struct Callback {
    slot: usize,
    ptr: usize,
    arity: usize,
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("slot", &self.slot)
            .field("ptr", &format_args!("{:#x}", self.ptr))
            .field("arity", &self.arity)
            .finish()
    }
}

impl Callback {
    /// The function pointer, to pass to Windows (Go's `uintptr` result).
    /// Transmute it to an `extern "system" fn` (an `extern "C" fn` for a cdecl
    /// callback) taking [`arity`](Self::arity) `usize`-sized integer or
    /// pointer arguments and returning one.
    pub fn ptr(&self) -> usize {
        self.ptr
    }

    /// How many pointer-sized arguments the callback reads.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// Drops the closure and gives the slot up for good (beyond Go): from now
    /// on any call through [`ptr`](Self::ptr) aborts the process, for the
    /// life of the process, however many callbacks are made later. The slot
    /// counts neither as alive ([`live_callbacks`]) nor as free: each retired
    /// callback lowers by one how many can be alive at once.
    pub fn retire(self) {
        let slot = self.slot;
        std::mem::forget(self);
        let old = lock(&SLOTS[slot]).take();
        // Counted under the free list's lock, so `live_callbacks` sees the
        // free and retired counts of one moment.
        let free = lock(&FREE);
        RETIRED.fetch_add(1, Ordering::Relaxed);
        drop(free);
        drop(old);
    }
}

impl Drop for Callback {
    fn drop(&mut self) {
        let old = lock(&SLOTS[self.slot]).take();
        lock(&FREE)
            .get_or_insert_with(fresh_free_list)
            .push_back(self.slot);
        drop(old);
    }
}

fn fresh_free_list() -> VecDeque<usize> {
    (0..MAX_CALLBACKS).collect()
}

/// Makes a callback with the platform calling convention.
///
/// Go: `syscall.NewCallback(fn)`. `f` gets the `arity` pointer-sized
/// arguments the caller passed and returns the pointer-sized result; it may
/// run on any thread, several at once. No system call is made. On 32-bit x86
/// the callback is stdcall: it pops `4 * arity` bytes of arguments.
///
/// Differences from Go: the arity is given explicitly (Go reads it from the
/// function type); the slot is freed on drop; exhaustion is an error, not a
/// fatal crash; a panic aborts the process (see the module docs).
///
/// Errors: [`CallbackError::TooManyArguments`] above [`MAX_CALLBACK_ARGS`],
/// [`CallbackError::Exhausted`] when [`MAX_CALLBACKS`] are alive.
#[doc(alias = "NewCallback")]
pub fn new_callback<F>(arity: usize, f: F) -> Result<Callback, CallbackError>
where
    F: Fn(&[usize]) -> usize + Send + Sync + 'static,
{
    compile_callback(arity, f, false)
}

/// Makes a callback with the C (`cdecl`) calling convention.
///
/// Go: `syscall.NewCallbackCDecl(fn)`. On 32-bit x86 the callback returns
/// without popping its arguments (the caller pops them); transmute its
/// pointer to an `extern "C" fn`. On x86_64 and aarch64 cdecl and the system
/// convention are one and the same, so this is [`new_callback`].
#[doc(alias = "NewCallbackCDecl")]
pub fn new_callback_cdecl<F>(arity: usize, f: F) -> Result<Callback, CallbackError>
where
    F: Fn(&[usize]) -> usize + Send + Sync + 'static,
{
    compile_callback(arity, f, true)
}

/// Makes a callback; `cdecl` picks the convention (meaningful on 32-bit x86
/// only).
///
/// Go: the runtime's `compileCallback(fn, cdecl)`, behind [`new_callback`] and
/// [`new_callback_cdecl`].
#[doc(alias = "compileCallback")]
pub fn compile_callback<F>(arity: usize, f: F, cdecl: bool) -> Result<Callback, CallbackError>
where
    F: Fn(&[usize]) -> usize + Send + Sync + 'static,
{
    if arity > MAX_CALLBACK_ARGS {
        return Err(CallbackError::TooManyArguments(arity));
    }
    let Some(base) = table_base() else {
        return Err(CallbackError::Unsupported);
    };
    let slot = lock(&FREE)
        .get_or_insert_with(fresh_free_list)
        .pop_front()
        .ok_or(CallbackError::Exhausted)?;
    *lock(&SLOTS[slot]) = Some(Arc::new(Entry {
        arity,
        cdecl,
        f: Box::new(f),
    }));
    Ok(Callback {
        slot,
        ptr: base + ENTRY_SIZE * slot,
        arity,
    })
}

/// How many callbacks are alive right now (retired slots not included).
pub fn live_callbacks() -> usize {
    let mut free = lock(&FREE);
    let free_now = free.get_or_insert_with(fresh_free_list).len();
    MAX_CALLBACKS - free_now - RETIRED.load(Ordering::Relaxed)
}

/// Bytes per entry point: one `call rel32` on x86.
#[cfg(not(target_arch = "aarch64"))]
const ENTRY_SIZE: usize = 5;

/// Bytes per entry point on aarch64: `movz x9, #slot` and `b`.
#[cfg(target_arch = "aarch64")]
const ENTRY_SIZE: usize = 8;

#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64")),
    allow(dead_code)
)]
fn fatal(msg: &str) -> ! {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "winsyscall: fatal error in callback: {msg}"
    );
    std::process::abort()
}

/// Finds slot `slot`'s closure and runs it on its `arity` arguments at `args`.
/// Aborts for a free slot or a panic; never unwinds. Returns the result and
/// whether the callback is cdecl.
#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
unsafe fn run(slot: usize, args: *const usize) -> (usize, bool, usize) {
    let entry = match SLOTS.get(slot) {
        Some(m) => lock(m).clone(),
        None => None,
    };
    let Some(entry) = entry else {
        fatal("a callback was called after its Callback was dropped")
    };
    // SAFETY: `args` points at the caller's arguments (on x86_64 the home
    // space followed by its stack arguments; on aarch64 the spilled x0-x7
    // followed by its stack arguments); the caller passed `arity` arguments
    // (the Callback contract).
    let a = unsafe { std::slice::from_raw_parts(args, entry.arity) };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (entry.f)(a))) {
        Ok(r) => (r, entry.cdecl, entry.arity),
        Err(p) => {
            let m = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(non-string panic payload)".into());
            fatal(&format!(
                "the closure panicked: {m}; aborting instead of unwinding into foreign code"
            ))
        }
    }
}

/// Called by the shared entry routine with the slot number and the address of
/// the spilled arguments. Never unwinds.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
unsafe extern "system" fn dispatch(slot: usize, args: *const usize) -> usize {
    // SAFETY: forwarded from the entry routine.
    unsafe { run(slot, args) }.0
}

#[cfg(target_arch = "x86_64")]
core::arch::global_asm!(
    ".text",
    ".p2align 4",
    ".globl winsyscall_callback_table_v0_1",
    "winsyscall_callback_table_v0_1:",
    ".rept {n}",
    "call 2f",
    ".endr",
    ".p2align 4",
    ".seh_proc winsyscall_callback_common_v0_1",
    "winsyscall_callback_common_v0_1:",
    "2:",
    // The entry's return address tells which entry was called.
    "pop rax",
    // Spill the register arguments into the caller's home space.
    "mov [rsp + 8], rcx",
    "mov [rsp + 16], rdx",
    "mov [rsp + 24], r8",
    "mov [rsp + 32], r9",
    "sub rsp, 40",
    ".seh_stackalloc 40",
    ".seh_endprologue",
    // slot = (return address - table) / 5 - 1
    "lea rcx, [rip + winsyscall_callback_table_v0_1]",
    "sub rax, rcx",
    "xor edx, edx",
    "mov ecx, 5",
    "div ecx",
    "lea rcx, [rax - 1]",
    "lea rdx, [rsp + 48]",
    "call {dispatch}",
    "add rsp, 40",
    "ret",
    ".seh_endproc",
    n = const MAX_CALLBACKS,
    dispatch = sym dispatch,
);

#[cfg(target_arch = "x86_64")]
unsafe extern "C" {
    /// The first entry point of the table assembled above.
    static winsyscall_callback_table_v0_1: u8;
}

#[cfg(target_arch = "x86_64")]
fn table_base() -> Option<usize> {
    // Taking the address of an extern static is safe; it is never read.
    Some(&raw const winsyscall_callback_table_v0_1 as usize)
}

/// Called by the 32-bit x86 entry routine (cdecl) with the slot number, the
/// address of the caller's first stack argument, and where to store how many
/// bytes of arguments the entry routine must pop on return: `4 * arity` for a
/// stdcall callback, 0 for a cdecl one (the caller pops). Never unwinds.
#[cfg(target_arch = "x86")]
unsafe extern "C" fn dispatch_x86(slot: usize, args: *const usize, pop: *mut usize) -> usize {
    // SAFETY: forwarded from the entry routine.
    let (r, cdecl, arity) = unsafe { run(slot, args) };
    // SAFETY: `pop` points at a word the entry routine reserved on its stack.
    unsafe { pop.write(if cdecl { 0 } else { 4 * arity }) };
    r
}

// 32-bit x86: every argument is on the stack, so the entry routine only has to
// learn the slot, hand the address of the arguments to Rust, and return the
// way the callback's convention says: `ret` for cdecl, and for stdcall a return
// that also drops the callee's `4 * arity` bytes of arguments (Go's 386
// `callbackasm1` pops the frame size the same way). EAX, ECX and EDX are the
// only registers touched; EBX, ESI, EDI and EBP are preserved.
#[cfg(target_arch = "x86")]
core::arch::global_asm!(
    ".text",
    ".p2align 4",
    ".globl _winsyscall_callback_table_x86_v0_1",
    "_winsyscall_callback_table_x86_v0_1:",
    ".rept {n}",
    "call 2f",
    ".endr",
    ".p2align 4",
    "2:",
    // The entry's return address tells which entry was called; now [esp] is
    // the caller's return address and its arguments start at [esp + 4].
    "pop eax",
    "push ebp",
    "mov ebp, esp",
    // [ebp - 4]: how many argument bytes to pop, written by the dispatcher.
    "sub esp, 4",
    // slot = (return address - table) / 5 - 1
    "sub eax, offset _winsyscall_callback_table_x86_v0_1",
    "xor edx, edx",
    "mov ecx, 5",
    "div ecx",
    "dec eax",
    "lea ecx, [ebp - 4]",
    "push ecx",
    "lea ecx, [ebp + 8]",
    "push ecx",
    "push eax",
    "call {dispatch}",
    "mov ecx, [ebp - 4]",
    "mov esp, ebp",
    "pop ebp",
    // Return to the caller, dropping `ecx` bytes of its arguments.
    "pop edx",
    "add esp, ecx",
    "jmp edx",
    n = const MAX_CALLBACKS,
    dispatch = sym dispatch_x86,
);

#[cfg(target_arch = "x86")]
unsafe extern "C" {
    /// The first entry point of the table assembled above.
    static winsyscall_callback_table_x86_v0_1: u8;
}

#[cfg(target_arch = "x86")]
fn table_base() -> Option<usize> {
    // Taking the address of an extern static is safe; it is never read.
    Some(&raw const winsyscall_callback_table_x86_v0_1 as usize)
}

// aarch64 (Windows ARM64 ABI). Entry `i` is `movz x9, #i; b common`: x9 is
// a volatile scratch register that carries no argument (x16/x17 are avoided:
// a linker's branch veneer may use them). At `common`, x0-x7 hold the first
// eight arguments and the caller's stack arguments start at sp, which the ABI
// keeps 16-byte aligned at all times (Windows faults on a misaligned sp).
// The frame, from the new sp:
//
//   [sp + 0]                  x29 (the caller's frame pointer)
//   [sp + 8]                  x30 (the return address)
//   [sp + A64_SPILL] ...      x0 .. x7, 8 bytes each, ending at the old sp
//   [old sp] ...              the caller's stack arguments
//
// so `sp + A64_SPILL` is the address of one contiguous array of every
// argument. x29 points at the saved {x29, x30} pair (the frame chain that
// Windows' stack walkers follow), the prologue is described by SEH unwind
// codes, nothing is stored below sp, and x18 (the TEB) and x19-x28 are never
// touched: the dispatcher is an ordinary AAPCS64 function that preserves
// them, and the result comes back in x0.
#[cfg(target_arch = "aarch64")]
const A64_REG_ARGS: usize = 8;

/// Offset from the routine's sp of the spilled x0 (just above the saved
/// x29/x30 pair).
#[cfg(target_arch = "aarch64")]
const A64_SPILL: usize = 16;

/// Bytes the routine takes from the stack: the x29/x30 pair and x0-x7.
#[cfg(target_arch = "aarch64")]
const A64_FRAME: usize = A64_SPILL + 8 * A64_REG_ARGS;

// The layout above, checked as the crate builds for aarch64.
#[cfg(target_arch = "aarch64")]
const _: () = {
    // The spilled x0-x7 end exactly where the caller's stack arguments begin.
    assert!(A64_SPILL + 8 * A64_REG_ARGS == A64_FRAME);
    // sp stays 16-byte aligned.
    assert!(A64_FRAME.is_multiple_of(16) && A64_SPILL.is_multiple_of(16));
    // `stp x29, x30, [sp, #-A64_FRAME]!` (and its unwind code) encodes a
    // multiple of 8 up to 512; `stp`'s offsets reach 504.
    assert!(A64_FRAME.is_multiple_of(8) && A64_FRAME <= 512);
    assert!(A64_SPILL + 48 <= 504);
    // `movz x9, #slot` holds 16 bits.
    assert!(MAX_CALLBACKS <= 1 << 16);
};

#[cfg(target_arch = "aarch64")]
core::arch::global_asm!(
    ".text",
    ".p2align 4",
    ".globl winsyscall_callback_table_a64_v0_1",
    "winsyscall_callback_table_a64_v0_1:",
    ".set winsyscall_callback_slot_a64_v0_1, 0",
    ".rept {n}",
    "movz x9, #winsyscall_callback_slot_a64_v0_1",
    "b 2f",
    ".set winsyscall_callback_slot_a64_v0_1, winsyscall_callback_slot_a64_v0_1 + 1",
    ".endr",
    ".p2align 4",
    ".seh_proc winsyscall_callback_common_a64_v0_1",
    "winsyscall_callback_common_a64_v0_1:",
    "2:",
    // Save the frame record and take the whole frame at once; sp stays
    // 16-byte aligned.
    "stp x29, x30, [sp, #-{frame}]!",
    ".seh_save_fplr_x {frame}",
    "mov x29, sp",
    ".seh_set_fp",
    ".seh_endprologue",
    // x0-x7 go directly below the caller's stack arguments.
    "stp x0, x1, [sp, #{spill}]",
    "stp x2, x3, [sp, #({spill} + 16)]",
    "stp x4, x5, [sp, #({spill} + 32)]",
    "stp x6, x7, [sp, #({spill} + 48)]",
    // dispatch(slot, pointer to the arguments)
    "mov x0, x9",
    "add x1, sp, #{spill}",
    "bl {dispatch}",
    // The result is in x0; restore x29/x30 and free the frame.
    ".seh_startepilogue",
    "ldp x29, x30, [sp], #{frame}",
    ".seh_save_fplr_x {frame}",
    ".seh_endepilogue",
    "ret",
    ".seh_endproc",
    n = const MAX_CALLBACKS,
    frame = const A64_FRAME,
    spill = const A64_SPILL,
    dispatch = sym dispatch,
);

#[cfg(target_arch = "aarch64")]
unsafe extern "C" {
    /// The first entry point of the table assembled above.
    static winsyscall_callback_table_a64_v0_1: u8;
}

#[cfg(target_arch = "aarch64")]
fn table_base() -> Option<usize> {
    // Taking the address of an extern static is safe; it is never read.
    Some(&raw const winsyscall_callback_table_a64_v0_1 as usize)
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64")))]
fn table_base() -> Option<usize> {
    None
}
