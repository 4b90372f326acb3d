//! DLLs and raw calls: Go's `DLL`, `Proc`, `LazyDLL`, `LazyProc`, `DLLError`,
//! `LoadDLL`, `LoadLibrary`, `GetProcAddress`, and the `Syscall*` family
//! (`dll_windows.go`, `runtime/syscall_windows.go`).
//!
//! # Differences from Go, in one place
//!
//! * Loading searches **System32 only** by default ([`load_dll`] uses
//!   `LoadLibraryExW(name, 0, LOAD_LIBRARY_SEARCH_SYSTEM32)`), so a DLL planted
//!   in the current or the application directory is never picked up. Go does
//!   this only for its own list of system DLLs. Ask for the default search
//!   order explicitly with [`load_dll_from_search_path`] (or [`load_library`],
//!   Go's `LoadLibrary`, which bypasses the rule as in Go).
//! * Nothing panics except [`must_load_dll`] and [`Dll::must_find_proc`], whose
//!   whole point in Go is to panic. Go's `LazyDLL.Handle`, `LazyProc.Addr` and
//!   `LazyProc.Call` panic when the DLL or the procedure is missing; ours return
//!   a [`DllError`] instead. Too many arguments give `E2BIG` instead of a panic.
//! * A [`Proc`] keeps its DLL loaded: [`Dll::release`] (and `Drop`) call
//!   `FreeLibrary` once the last `Proc` of that DLL is gone, so a `Proc` can
//!   never point into an unloaded module.
//! * Calls pass every argument in the integer registers and on the stack. Go's
//!   runtime also copies the first four into `XMM0`–`XMM3` and returns `XMM0` as
//!   `r2`; here `r2` is 0 on x86_64 and aarch64. For floating-point functions,
//!   transmute [`Proc::addr`] to the exact `extern "system" fn` type instead.
//! * On 32-bit x86, as Go's 386 routine: every argument is pushed on the stack,
//!   the stack pointer is restored after the call, so both stdcall (Windows
//!   API) and cdecl (C runtime) functions can be called, and `r2` is EDX, the
//!   high half of a 64-bit result (undefined for a 32-bit one).

use crate::errno::{Errno, Result};
use crate::sys::{cvt, last_error_raw};
use crate::wstr::WideArg;
use std::ffi::CString;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use windows_sys::Win32::Foundation::{FreeLibrary, HMODULE, SetLastError};
use windows_sys::Win32::System::LibraryLoader::{
    GetProcAddress, LOAD_LIBRARY_FLAGS, LOAD_LIBRARY_SEARCH_SYSTEM32, LoadLibraryExW, LoadLibraryW,
};

#[cfg(target_arch = "x86")]
#[path = "dll_x86.rs"]
mod x86;

/// The most arguments a call may pass: Go's runtime `maxArgs` (42).
pub const MAX_CALL_ARGS: usize = 42;

/// Why a DLL could not be loaded or a procedure could not be found.
///
/// Go: `syscall.DLLError{Err, ObjName, Msg}`. `Display` is Go's `Msg`
/// (`"Failed to load <name>: <errno text>"` or
/// `"Failed to find <proc> procedure in <dll>: <errno text>"`), and
/// [`source`](std::error::Error::source) is the [`Errno`] (Go's `Unwrap`).
#[doc(alias = "DLLError")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DllError {
    /// The underlying error (Go's `Err`), e.g. `ERROR_MOD_NOT_FOUND` (126) or
    /// `ERROR_PROC_NOT_FOUND` (127); `EINVAL` for a name holding a NUL.
    pub err: Errno,
    /// The DLL or procedure name that failed (Go's `ObjName`).
    pub obj_name: String,
    /// The message (Go's `Msg`), which `Display` prints.
    pub msg: String,
}

impl DllError {
    fn load(name: &str, err: Errno) -> DllError {
        DllError {
            err,
            obj_name: name.to_owned(),
            msg: format!("Failed to load {name}: {err}"),
        }
    }

    fn find(name: &str, dll: &str, err: Errno) -> DllError {
        DllError {
            err,
            obj_name: name.to_owned(),
            msg: format!("Failed to find {name} procedure in {dll}: {err}"),
        }
    }
}

impl fmt::Display for DllError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for DllError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.err)
    }
}

impl From<DllError> for Errno {
    fn from(e: DllError) -> Errno {
        e.err
    }
}

impl From<DllError> for std::io::Error {
    fn from(e: DllError) -> std::io::Error {
        std::io::Error::new(e.err.kind(), e)
    }
}

/// The loaded module; `FreeLibrary` runs when the last owner (the [`Dll`] or
/// one of its [`Proc`]s) goes away.
#[derive(Debug)]
struct Module {
    name: String,
    handle: usize,
}

impl Drop for Module {
    fn drop(&mut self) {
        // SAFETY: we own one reference count of this module (LoadLibraryExW),
        // and nothing derived from it outlives this value.
        unsafe { FreeLibrary(self.handle as HMODULE) };
    }
}

/// A loaded DLL.
///
/// Go: `syscall.DLL`. Made by [`load_dll`]; `FreeLibrary` runs on
/// [`release`](Dll::release) or `Drop`, but only once every [`Proc`] found in it
/// is gone too (beyond Go: a `Proc` can never outlive its module).
#[doc(alias = "DLL")]
#[derive(Clone, Debug)]
pub struct Dll {
    module: Arc<Module>,
}

fn load_with_flags(name: &str, flags: LOAD_LIBRARY_FLAGS) -> std::result::Result<Dll, DllError> {
    let h = name
        .with_wide(|w| {
            // SAFETY: `w` is NUL-terminated and lives across the call.
            unsafe { LoadLibraryExW(w.as_ptr(), std::ptr::null_mut(), flags) }
        })
        .map_err(|e| DllError::load(name, e))?;
    if h.is_null() {
        return Err(DllError::load(name, crate::sys::last_error()));
    }
    Ok(Dll {
        module: Arc::new(Module {
            name: name.to_owned(),
            handle: h as usize,
        }),
    })
}

/// Loads a DLL from the system directory.
///
/// Go: `syscall.LoadDLL`. Calls `LoadLibraryExW(name, 0,
/// LOAD_LIBRARY_SEARCH_SYSTEM32)`, so a relative name is looked up in System32
/// only (no DLL planting); an absolute path is loaded as given. Go does this
/// only for its own system DLL list and searches the default path otherwise:
/// use [`load_dll_from_search_path`] for that.
///
/// Errors: a [`DllError`] whose message is `"Failed to load <name>: <text>"`;
/// a NUL in `name` gives one whose `err` is `EINVAL` (Go returns a bare `EINVAL`).
///
/// ```no_run
/// let k32 = winsyscall::load_dll("kernel32.dll").unwrap();
/// let p = k32.find_proc("GetTickCount").unwrap();
/// // SAFETY: GetTickCount takes no arguments.
/// let (ticks, _, _) = unsafe { p.call(&[]) };
/// # let _ = ticks;
/// ```
#[doc(alias = "LoadDLL")]
pub fn load_dll(name: &str) -> std::result::Result<Dll, DllError> {
    load_with_flags(name, LOAD_LIBRARY_SEARCH_SYSTEM32)
}

/// Loads a DLL through Windows' default search order (application directory,
/// System32, Windows, current directory, `PATH`…).
///
/// Go: what `syscall.LoadDLL` does for a name outside its system list
/// (`LoadLibraryExW(name, 0, 0)`). Only for DLLs you ship yourself: a DLL
/// planted in a searched directory will be loaded.
pub fn load_dll_from_search_path(name: &str) -> std::result::Result<Dll, DllError> {
    load_with_flags(name, 0)
}

/// Loads a DLL from System32, panicking on failure.
///
/// Go: `syscall.MustLoadDLL`. As [`load_dll`].
///
/// # Panics
/// When the DLL cannot be loaded, with the [`DllError`] message, as Go does.
#[doc(alias = "MustLoadDLL")]
pub fn must_load_dll(name: &str) -> Dll {
    match load_dll(name) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

impl Dll {
    /// The name the DLL was loaded by (Go's `DLL.Name`).
    pub fn name(&self) -> &str {
        &self.module.name
    }

    /// The module handle (Go's `DLL.Handle`).
    pub fn handle(&self) -> usize {
        self.module.handle
    }

    /// Finds an exported procedure.
    ///
    /// Go: `(*DLL).FindProc`. Calls `GetProcAddress` with the name as an ANSI
    /// string. Errors: a [`DllError`] with message `"Failed to find <name>
    /// procedure in <dll>: <text>"` (`ERROR_PROC_NOT_FOUND`); a NUL in `name`
    /// gives `err == EINVAL`.
    #[doc(alias = "FindProc")]
    pub fn find_proc(&self, name: &str) -> std::result::Result<Proc, DllError> {
        // SAFETY: `self.module` holds a reference to the module, so it stays
        // loaded for the call.
        match unsafe { get_proc_address(self.module.handle, name) } {
            Ok(addr) => Ok(Proc {
                module: self.module.clone(),
                name: name.to_owned(),
                addr,
            }),
            Err(e) => Err(DllError::find(name, &self.module.name, e)),
        }
    }

    /// Finds an exported procedure, panicking on failure.
    ///
    /// Go: `(*DLL).MustFindProc`.
    ///
    /// # Panics
    /// When the procedure is missing, with the [`DllError`] message, as Go does.
    #[doc(alias = "MustFindProc")]
    pub fn must_find_proc(&self, name: &str) -> Proc {
        match self.find_proc(name) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    /// Unloads the DLL.
    ///
    /// Go: `(*DLL).Release` (`FreeLibrary`). If [`Proc`]s of this DLL (or clones
    /// of this `Dll`) are still alive, the module stays loaded until the last of
    /// them drops, and this returns `Ok(())`. Dropping a `Dll` does the same.
    #[doc(alias = "Release")]
    pub fn release(self) -> Result<()> {
        match Arc::try_unwrap(self.module) {
            Ok(m) => {
                let h = m.handle;
                std::mem::forget(m);
                // SAFETY: this was the last owner of the module's reference.
                cvt(unsafe { FreeLibrary(h as HMODULE) }).map(drop)
            }
            Err(_) => Ok(()),
        }
    }
}

/// A procedure found in a [`Dll`].
///
/// Go: `syscall.Proc`. Holds its DLL loaded.
#[derive(Clone, Debug)]
pub struct Proc {
    module: Arc<Module>,
    name: String,
    addr: usize,
}

impl Proc {
    /// The procedure's name (Go's `Proc.Name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name of the DLL it was found in (Go's `Proc.Dll.Name`).
    pub fn dll_name(&self) -> &str {
        &self.module.name
    }

    /// The procedure's address.
    ///
    /// Go: `(*Proc).Addr`. Valid while this `Proc` (which keeps the DLL
    /// loaded) lives.
    #[doc(alias = "Addr")]
    pub fn addr(&self) -> usize {
        self.addr
    }

    /// Calls the procedure with pointer-sized arguments.
    ///
    /// Go: `(*Proc).Call` (`SyscallN`). Returns `(r1, r2, last_error)`: as in
    /// Go the error is always there (`Errno(0)` when the call left the last
    /// error at 0, which is cleared before the call); look at `r1` first. `r2`
    /// is 0, or EDX on 32-bit x86 (see the module docs). More than
    /// [`MAX_CALL_ARGS`] (42) arguments give `(0, 0, E2BIG)` without calling
    /// (Go panics).
    ///
    /// # Safety
    /// The procedure must take exactly `args.len()` pointer-sized integer
    /// arguments with the platform calling convention (on 32-bit x86, stdcall
    /// or cdecl), and every argument that is a pointer must be valid for what
    /// the procedure does with it.
    #[doc(alias = "Call")]
    pub unsafe fn call(&self, args: &[usize]) -> (usize, usize, Errno) {
        // SAFETY: forwarded to the caller; `addr` is a live export.
        unsafe { syscall_n(self.addr, args) }
    }
}

/// A DLL loaded on first use.
///
/// Go: `syscall.LazyDLL`. Cheap to clone (shared state). The first
/// [`load`](LazyDll::load) (or procedure lookup) calls [`load_dll`] (System32
/// only); it happens once even when many threads race, and a failure is not
/// remembered: the next call tries again.
#[doc(alias = "LazyDLL")]
#[derive(Clone, Debug)]
pub struct LazyDll {
    inner: Arc<LazyInner>,
}

#[derive(Debug)]
struct LazyInner {
    name: String,
    dll: OnceLock<Dll>,
    lock: Mutex<()>,
}

impl LazyDll {
    /// Describes a DLL to load later; nothing is loaded yet.
    ///
    /// Go: `syscall.NewLazyDLL`.
    #[doc(alias = "NewLazyDLL")]
    pub fn new(name: &str) -> LazyDll {
        LazyDll {
            inner: Arc::new(LazyInner {
                name: name.to_owned(),
                dll: OnceLock::new(),
                lock: Mutex::new(()),
            }),
        }
    }

    /// The DLL name (Go's `LazyDLL.Name`).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// Loads the DLL if that has not happened yet.
    ///
    /// Go: `(*LazyDLL).Load`. Thread-safe; loaded at most once; a failure is
    /// returned and retried on the next call.
    #[doc(alias = "Load")]
    pub fn load(&self) -> std::result::Result<&Dll, DllError> {
        if let Some(d) = self.inner.dll.get() {
            return Ok(d);
        }
        let _guard = self.inner.lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = self.inner.dll.get() {
            return Ok(d);
        }
        let d = load_dll(&self.inner.name)?;
        Ok(self.inner.dll.get_or_init(|| d))
    }

    /// The module handle, loading the DLL first.
    ///
    /// Go: `(*LazyDLL).Handle`, which panics when the load fails; this returns
    /// the [`DllError`] instead.
    #[doc(alias = "Handle")]
    pub fn handle(&self) -> std::result::Result<usize, DllError> {
        self.load().map(Dll::handle)
    }

    /// Describes a procedure of this DLL; nothing is looked up yet.
    ///
    /// Go: `(*LazyDLL).NewProc`.
    #[doc(alias = "NewProc")]
    pub fn new_proc(&self, name: &str) -> LazyProc {
        LazyProc {
            dll: self.clone(),
            name: name.to_owned(),
            proc: Arc::new((OnceLock::new(), Mutex::new(()))),
        }
    }
}

/// A procedure of a [`LazyDll`], looked up on first use.
///
/// Go: `syscall.LazyProc`. Cheap to clone (shared state). The lookup happens
/// once, thread-safely; a failure is not remembered.
#[derive(Clone, Debug)]
pub struct LazyProc {
    dll: LazyDll,
    name: String,
    #[allow(clippy::type_complexity)]
    proc: Arc<(OnceLock<Proc>, Mutex<()>)>,
}

impl LazyProc {
    /// The procedure name (Go's `LazyProc.Name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Loads the DLL and finds the procedure if that has not happened yet.
    ///
    /// Go: `(*LazyProc).Find`. Errors: the [`DllError`] of the load or of the
    /// lookup (naming the procedure and the DLL).
    #[doc(alias = "Find")]
    pub fn find(&self) -> std::result::Result<&Proc, DllError> {
        let (cell, lock) = &*self.proc;
        if let Some(p) = cell.get() {
            return Ok(p);
        }
        let _guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = cell.get() {
            return Ok(p);
        }
        let p = self.dll.load()?.find_proc(&self.name)?;
        Ok(cell.get_or_init(|| p))
    }

    /// The procedure's address, finding it first.
    ///
    /// Go: `(*LazyProc).Addr`, which panics on failure; this returns the
    /// [`DllError`].
    #[doc(alias = "Addr")]
    pub fn addr(&self) -> std::result::Result<usize, DllError> {
        self.find().map(Proc::addr)
    }

    /// Finds the procedure and calls it, as [`Proc::call`].
    ///
    /// Go: `(*LazyProc).Call`, which panics when the procedure is missing;
    /// this returns the [`DllError`].
    ///
    /// # Safety
    /// As [`Proc::call`].
    #[doc(alias = "Call")]
    pub unsafe fn call(
        &self,
        args: &[usize],
    ) -> std::result::Result<(usize, usize, Errno), DllError> {
        let p = self.find()?;
        // SAFETY: forwarded to the caller.
        Ok(unsafe { p.call(args) })
    }
}

/// Loads a DLL through the default search order and returns its raw handle.
///
/// Go: `syscall.LoadLibrary` (`LoadLibraryW`). As in Go this **bypasses the
/// System32 rule** of [`load_dll`]: a planted DLL may be loaded. The handle is
/// not owned by anything: pass it to [`free_library`] when done.
#[doc(alias = "LoadLibrary")]
pub fn load_library(name: impl WideArg) -> Result<usize> {
    let h = name.with_wide(|w| {
        // SAFETY: `w` is NUL-terminated and lives across the call.
        unsafe { LoadLibraryW(w.as_ptr()) }
    })?;
    if h.is_null() {
        Err(crate::sys::last_error())
    } else {
        Ok(h as usize)
    }
}

/// Releases one reference to a module loaded by [`load_library`].
///
/// Go: `syscall.FreeLibrary`.
///
/// # Safety
/// `handle` must be a reference you own (from [`load_library`]), and no code or
/// data of the module may be used after the last reference is released.
#[doc(alias = "FreeLibrary")]
pub unsafe fn free_library(handle: usize) -> Result<()> {
    // SAFETY: forwarded to the caller.
    cvt(unsafe { FreeLibrary(handle as HMODULE) }).map(drop)
}

/// The address of an export of a loaded module.
///
/// Go: `syscall.GetProcAddress` (the name is passed as ANSI). A NUL in `name`
/// gives `EINVAL` before any call. Unlike Go's, this is `unsafe`: a module
/// handle is the address of a mapped image, and the loader reads the image's
/// headers there. The safe form is [`Dll::find_proc`] (or [`LazyProc`]), whose
/// module is held loaded by the `Dll` itself.
///
/// ```
/// # #[cfg(windows)] {
/// let k32 = winsyscall::load_dll("kernel32.dll").unwrap();
/// // SAFETY: `k32` holds the module loaded for the call.
/// let addr = unsafe { winsyscall::get_proc_address(k32.handle(), "GetTickCount") };
/// assert_eq!(addr, Ok(k32.find_proc("GetTickCount").unwrap().addr()));
/// # }
/// ```
///
/// Safe code cannot pass an integer as a module:
///
/// ```compile_fail,E0133
/// let _ = winsyscall::get_proc_address(0x1000, "GetTickCount");
/// ```
///
/// # Safety
/// `module` must be a module handle of this process (from [`load_library`],
/// [`Dll::handle`] or `GetModuleHandle`) that stays loaded for the call.
#[doc(alias = "GetProcAddress")]
pub unsafe fn get_proc_address(module: usize, name: &str) -> Result<usize> {
    let c = CString::new(name).map_err(|_| Errno::EINVAL)?;
    // SAFETY: `c` is NUL-terminated (a name, never an ordinal); `module` is a
    // loaded module per the caller.
    match unsafe { GetProcAddress(module as HMODULE, c.as_ptr().cast()) } {
        Some(f) => Ok(f as usize),
        None => Err(crate::sys::last_error()),
    }
}

/// The calling thread's last error.
///
/// Go: `syscall.GetLastError() (lasterr error)`: `Err(Errno)` when it is
/// non-zero, `Ok(())` when it is 0.
#[doc(alias = "GetLastError")]
pub fn get_last_error() -> Result<()> {
    let e = last_error_raw();
    if e.0 == 0 { Ok(()) } else { Err(e) }
}

/// Calls the function at `trap` with `args` (up to [`MAX_CALL_ARGS`]).
///
/// Go: `syscall.SyscallN`. The thread's last error is set to 0 first and read
/// right after the call, so the returned [`Errno`] is what the function left
/// (often `Errno(0)` on success). `r2` is 0, or EDX on 32-bit x86 (see the
/// module docs). More than 42
/// arguments give `(0, 0, E2BIG)` and nothing is called (Go panics); a `trap`
/// of 0 gives `(0, 0, EINVAL)` (Go would crash). Does not allocate.
///
/// # Safety
/// `trap` must be the address of a function taking exactly `args.len()`
/// pointer-sized integer arguments with the platform calling convention (on
/// 32-bit x86, stdcall or cdecl), and the arguments must be valid for what the
/// function does with them.
#[doc(alias = "SyscallN")]
pub unsafe fn syscall_n(trap: usize, args: &[usize]) -> (usize, usize, Errno) {
    if trap == 0 {
        return (0, 0, Errno::EINVAL);
    }
    if args.len() > MAX_CALL_ARGS {
        return (0, 0, Errno::E2BIG);
    }
    // SAFETY: SetLastError only writes thread-local state.
    unsafe { SetLastError(0) };
    // SAFETY: forwarded to the caller.
    let (r1, r2) = unsafe { call_words(trap, args) };
    (r1, r2, last_error_raw())
}

/// 32-bit x86: Go's 386 routine, which restores the stack pointer after the
/// call (so cdecl functions work too) and returns EDX as `r2`.
#[cfg(target_arch = "x86")]
unsafe fn call_words(trap: usize, args: &[usize]) -> (usize, usize) {
    let mut r2 = 0;
    // SAFETY: the caller promises `trap` takes these arguments; the routine
    // restores the stack whichever of stdcall or cdecl `trap` uses.
    let r1 = unsafe { x86::call_x86(trap, args.as_ptr(), args.len(), &mut r2) };
    (r1, r2)
}

/// Other architectures: one `extern "system"` signature per argument count
/// (at most [`MAX_CALL_ARGS`], checked by the caller); `r2` is 0.
#[cfg(not(target_arch = "x86"))]
unsafe fn call_words(trap: usize, args: &[usize]) -> (usize, usize) {
    macro_rules! dispatch {
        ($($n:literal => [$($i:literal),*],)*) => {
            match args.len() {
                $($n => {
                    // SAFETY: the caller promises `trap` has this signature.
                    let f = unsafe { std::mem::transmute::<usize, extern "system" fn($(dispatch!(@word $i)),*) -> usize>(trap) };
                    f($(args[$i]),*)
                })*
                _ => unreachable!("at most MAX_CALL_ARGS arguments"),
            }
        };
        (@word $i:literal) => { usize };
    }
    let r1 = dispatch! {
            0 => [],
            1 => [0],
            2 => [0, 1],
            3 => [0, 1, 2],
            4 => [0, 1, 2, 3],
            5 => [0, 1, 2, 3, 4],
            6 => [0, 1, 2, 3, 4, 5],
            7 => [0, 1, 2, 3, 4, 5, 6],
            8 => [0, 1, 2, 3, 4, 5, 6, 7],
            9 => [0, 1, 2, 3, 4, 5, 6, 7, 8],
            10 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            11 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            12 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            13 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            14 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
            15 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
            16 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            17 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
            18 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
            19 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
            20 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
            21 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
            22 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
            23 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22],
            24 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
            25 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
            26 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
            27 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26],
            28 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27],
            29 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28],
            30 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
            31 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30],
            32 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
            33 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32],
            34 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33],
            35 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34],
            36 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
            37 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36],
            38 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37],
            39 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38],
            40 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
            41 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40],
            42 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41],
    };
    (r1, 0)
}

fn syscall_first<const N: usize>(
    trap: usize,
    nargs: usize,
    args: [usize; N],
) -> (usize, usize, Errno) {
    if nargs > N {
        return (0, 0, Errno::EINVAL);
    }
    // SAFETY: forwarded from the public callers' contracts.
    unsafe { syscall_n(trap, &args[..nargs]) }
}

macro_rules! numbered_syscalls {
    ($($(#[$m:meta])* $name:ident, $go:literal, $n:literal;)*) => {$(
        #[doc = concat!("Calls `trap` with the first `nargs` of up to ", stringify!($n), " arguments.")]
        ///
        #[doc = concat!("Go: `syscall.", $go, "` (deprecated there in favour of `SyscallN`). The")]
        #[doc = concat!("arguments come as an array (Go: `a1, …, a", stringify!($n), "`). `nargs` larger")]
        /// than the array gives `(0, 0, EINVAL)` and nothing is called (Go panics
        /// with "syscall: n > len(args)"). Otherwise as [`syscall_n`].
        ///
        /// # Safety
        /// As [`syscall_n`], for the first `nargs` arguments.
        $(#[$m])*
        pub unsafe fn $name(trap: usize, nargs: usize, args: [usize; $n]) -> (usize, usize, Errno) {
            syscall_first(trap, nargs, args)
        }
    )*};
}

numbered_syscalls! {
    #[doc(alias = "Syscall")] syscall, "Syscall", 3;
    #[doc(alias = "Syscall6")] syscall6, "Syscall6", 6;
    #[doc(alias = "Syscall9")] syscall9, "Syscall9", 9;
    #[doc(alias = "Syscall12")] syscall12, "Syscall12", 12;
    #[doc(alias = "Syscall15")] syscall15, "Syscall15", 15;
    #[doc(alias = "Syscall18")] syscall18, "Syscall18", 18;
}

fn kernel32() -> &'static LazyDll {
    static K32: OnceLock<LazyDll> = OnceLock::new();
    K32.get_or_init(|| LazyDll::new("kernel32.dll"))
}

/// Whether kernel32 exports `CancelIoEx` (Vista and later).
///
/// Go: `syscall.LoadCancelIoEx`: only probes the export; the error is a
/// [`DllError`] naming it. [`cancel_io_ex`](crate::cancel_io_ex) itself is
/// always available here (windows-sys links it).
#[doc(alias = "LoadCancelIoEx")]
pub fn load_cancel_io_ex() -> std::result::Result<(), DllError> {
    static P: OnceLock<LazyProc> = OnceLock::new();
    P.get_or_init(|| kernel32().new_proc("CancelIoEx"))
        .find()
        .map(drop)
}

/// Whether kernel32 exports `SetFileCompletionNotificationModes`.
///
/// Go: `syscall.LoadSetFileCompletionNotificationModes`: only probes the export.
#[doc(alias = "LoadSetFileCompletionNotificationModes")]
pub fn load_set_file_completion_notification_modes() -> std::result::Result<(), DllError> {
    static P: OnceLock<LazyProc> = OnceLock::new();
    P.get_or_init(|| kernel32().new_proc("SetFileCompletionNotificationModes"))
        .find()
        .map(drop)
}
