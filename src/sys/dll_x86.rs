//! The 32-bit x86 call routine behind [`syscall_n`](super::syscall_n) (Go's
//! 386 `runtime·asmstdcall`).
//!
//! It keeps the stack pointer in EBP (callee-saved) across the call, pushes
//! the arguments right to left, calls, and then restores the stack pointer
//! from EBP. So it does not matter whether the callee popped its arguments
//! (stdcall, the Windows API convention) or left them for the caller (cdecl,
//! the C runtime's): both come back with the stack as it was. It returns EAX
//! and stores EDX, the high half of a 64-bit result, as Go's `r2`.

core::arch::global_asm!(
    ".text",
    ".p2align 4",
    // C symbols carry a leading underscore on 32-bit x86 Windows.
    ".globl _winsyscall_call_x86_v0_1",
    "_winsyscall_call_x86_v0_1:",
    "push ebp",
    "mov ebp, esp",
    // [ebp + 8] trap, [ebp + 12] args, [ebp + 16] nargs, [ebp + 20] r2 out.
    "mov ecx, [ebp + 16]",
    "mov edx, [ebp + 12]",
    "3:",
    "test ecx, ecx",
    "jz 4f",
    "dec ecx",
    "push dword ptr [edx + 4*ecx]",
    "jmp 3b",
    "4:",
    "call dword ptr [ebp + 8]",
    // Whatever the callee popped, the stack is ours again.
    "mov esp, ebp",
    "mov ecx, [ebp + 20]",
    "mov [ecx], edx",
    "pop ebp",
    "ret",
);

unsafe extern "C" {
    /// Calls `trap` with the `nargs` words at `args` pushed as stack arguments
    /// and either convention's cleanup; returns EAX and stores EDX in `*r2`.
    ///
    /// Safety: `trap` must be a function that takes at most `nargs` stack
    /// words and preserves EBP (every x86 calling convention does), `args`
    /// must hold `nargs` words and `r2` must be writable.
    #[link_name = "winsyscall_call_x86_v0_1"]
    pub(super) fn call_x86(trap: usize, args: *const usize, nargs: usize, r2: *mut usize) -> usize;
}
