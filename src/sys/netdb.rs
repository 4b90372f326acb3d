//! Name resolution: `GetAddrInfoW` (with an owned result list), the old
//! `gethostbyname`/`getservbyname`/`getprotobyname`, and `ntohs`.
//!
//! Go: `syscall.GetAddrInfoW`, `FreeAddrInfoW`, `LoadGetAddrInfo`,
//! `GetHostByName`, `GetServByName`, `GetProtoByName`, `Ntohs`, and the
//! `AddrinfoW`, `Hostent`, `Servent`, `Protoent` types. Each call starts
//! Winsock itself if needed (beyond Go, whose callers must).

use crate::errno::{Errno, Result};
use crate::sockaddr::{Sockaddr, sockaddr_from_bytes};
use crate::sys::last_error;
use crate::sys::socket::ensure_winsock;
use std::ffi::{CStr, CString, c_char};
use windows_sys::Win32::Foundation::FreeLibrary;
use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::LibraryLoader::{
    GetProcAddress, LOAD_LIBRARY_SEARCH_SYSTEM32, LoadLibraryExW,
};

/// Go: `syscall.AddrinfoW`: Winsock's `ADDRINFOW`, here the *hints* of
/// [`get_addr_info_w`] (results come back as [`AddrInfo`]).
///
/// Same layout as Winsock's. Only `flags`, `family`, `socktype` and
/// `protocol` are read from hints (Winsock requires the rest to be zero; the
/// safe call passes zeros whatever they hold).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct AddrinfoW {
    /// `AI_*` flags.
    pub flags: i32,
    /// `AF_*`, or `AF_UNSPEC` for any.
    pub family: i32,
    /// `SOCK_*`, or 0 for any.
    pub socktype: i32,
    /// `IPPROTO_*`, or 0 for any.
    pub protocol: i32,
    /// Length of `addr`, bytes.
    pub addrlen: usize,
    /// The canonical name (UTF-16), or NULL.
    pub canonname: *mut u16,
    /// The address, or NULL.
    pub addr: *mut core::ffi::c_void,
    /// The next entry, or NULL.
    pub next: *mut AddrinfoW,
}

impl Default for AddrinfoW {
    fn default() -> Self {
        AddrinfoW::hints(0, 0, 0, 0)
    }
}

impl AddrinfoW {
    /// Hints with these four fields and everything else zero.
    pub const fn hints(flags: i32, family: i32, socktype: i32, protocol: i32) -> AddrinfoW {
        AddrinfoW {
            flags,
            family,
            socktype,
            protocol,
            addrlen: 0,
            canonname: core::ptr::null_mut(),
            addr: core::ptr::null_mut(),
            next: core::ptr::null_mut(),
        }
    }
}

/// One result of [`get_addr_info_w`], copied out of Winsock's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrInfo {
    /// `AI_*` flags.
    pub flags: i32,
    /// `AF_*`.
    pub family: i32,
    /// `SOCK_*`.
    pub socktype: i32,
    /// `IPPROTO_*`.
    pub protocol: i32,
    /// The canonical name (first entry, with `AI_CANONNAME`).
    pub canonname: Option<String>,
    /// The address, decoded; `None` if absent or of a family Go does not decode.
    pub addr: Option<Sockaddr>,
}

/// The result list of [`get_addr_info_w`]: owns Winsock's `ADDRINFOW` chain
/// and frees it with `FreeAddrInfoW` on drop (Go: `syscall.FreeAddrInfoW`).
#[doc(alias = "FreeAddrInfoW")]
#[derive(Debug)]
pub struct AddrInfoList {
    head: *mut ws::ADDRINFOW,
}

// SAFETY: the list is memory owned by this value alone; Winsock's
// FreeAddrInfoW may be called from any thread, and reads are plain loads.
unsafe impl Send for AddrInfoList {}
// SAFETY: shared access only reads the immutable list.
unsafe impl Sync for AddrInfoList {}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        if !self.head.is_null() {
            // SAFETY: `head` came from GetAddrInfoW and is freed once, here.
            unsafe { ws::FreeAddrInfoW(self.head) };
        }
    }
}

impl AddrInfoList {
    /// The entries, copied out.
    pub fn iter(&self) -> AddrInfoIter<'_> {
        AddrInfoIter {
            next: self.head,
            _list: core::marker::PhantomData,
        }
    }

    /// The raw head of the list (Go's `*AddrinfoW` result), valid while `self` lives.
    pub fn as_ptr(&self) -> *const AddrinfoW {
        self.head.cast()
    }
}

impl<'a> IntoIterator for &'a AddrInfoList {
    type Item = AddrInfo;
    type IntoIter = AddrInfoIter<'a>;
    fn into_iter(self) -> AddrInfoIter<'a> {
        self.iter()
    }
}

/// Iterator over an [`AddrInfoList`], yielding copies.
#[derive(Debug)]
pub struct AddrInfoIter<'a> {
    next: *const ws::ADDRINFOW,
    _list: core::marker::PhantomData<&'a AddrInfoList>,
}

impl Iterator for AddrInfoIter<'_> {
    type Item = AddrInfo;
    fn next(&mut self) -> Option<AddrInfo> {
        if self.next.is_null() {
            return None;
        }
        // SAFETY: a non-null entry of a live list (the iterator borrows it).
        let ai = unsafe { &*self.next };
        self.next = ai.ai_next;
        let canonname = (!ai.ai_canonname.is_null()).then(|| {
            // SAFETY: Winsock's canonical name is a NUL-terminated UTF-16 string.
            unsafe { crate::wstr::utf16_ptr_to_string(ai.ai_canonname) }
        });
        let addr = if ai.ai_addr.is_null() || ai.ai_addrlen == 0 {
            None
        } else {
            // SAFETY: Winsock's `ai_addr` is readable for `ai_addrlen` bytes.
            let b = unsafe { core::slice::from_raw_parts(ai.ai_addr.cast::<u8>(), ai.ai_addrlen) };
            sockaddr_from_bytes(b).ok()
        };
        Some(AddrInfo {
            flags: ai.ai_flags,
            family: ai.ai_family,
            socktype: ai.ai_socktype,
            protocol: ai.ai_protocol,
            canonname,
            addr,
        })
    }
}

fn wide(s: Option<&str>) -> Result<Option<Vec<u16>>> {
    s.map(crate::wstr::utf16_from_string).transpose()
}

/// Go: `syscall.GetAddrInfoW`: resolves `node` and/or `service`.
///
/// Calls `GetAddrInfoW(node, service, hints, &result)` (`None` passes NULL;
/// a NUL inside a string → `EINVAL` before any call). The error is the code
/// returned (`WSAHOST_NOT_FOUND` 11001…). The list is freed when the result
/// is dropped. Starts Winsock if needed.
///
/// ```no_run
/// use winsyscall::{get_addr_info_w, AddrinfoW, AF_INET, SOCK_STREAM};
/// let list = get_addr_info_w(Some("localhost"), Some("80"), Some(&AddrinfoW::hints(0, AF_INET, SOCK_STREAM, 0)))?;
/// for ai in &list { println!("{:?}", ai.addr); }
/// # Ok::<(), winsyscall::Errno>(())
/// ```
#[doc(alias = "GetAddrInfoW")]
pub fn get_addr_info_w(
    node: Option<&str>,
    service: Option<&str>,
    hints: Option<&AddrinfoW>,
) -> Result<AddrInfoList> {
    let node = wide(node)?;
    let service = wide(service)?;
    ensure_winsock()?;
    let h = hints.map(|h| ws::ADDRINFOW {
        ai_flags: h.flags,
        ai_family: h.family,
        ai_socktype: h.socktype,
        ai_protocol: h.protocol,
        ..Default::default()
    });
    let mut head: *mut ws::ADDRINFOW = core::ptr::null_mut();
    // SAFETY: the strings are NUL-terminated or NULL, the hints zeroed but
    // for the four fields, `head` a valid out pointer.
    let r = unsafe {
        ws::GetAddrInfoW(
            node.as_ref().map_or(core::ptr::null(), |v| v.as_ptr()),
            service.as_ref().map_or(core::ptr::null(), |v| v.as_ptr()),
            h.as_ref().map_or(core::ptr::null(), |h| h as *const _),
            &mut head,
        )
    };
    if r != 0 {
        return Err(Errno(r as u32));
    }
    Ok(AddrInfoList { head })
}

/// Go: `syscall.LoadGetAddrInfo`: whether ws2_32.dll (from System32) exports
/// `GetAddrInfoW`. `ERROR_MOD_NOT_FOUND` or `ERROR_PROC_NOT_FOUND` if not.
///
/// Calls `LoadLibraryExW(ws2_32.dll, SEARCH_SYSTEM32)`, `GetProcAddress`,
/// `FreeLibrary`.
#[doc(alias = "LoadGetAddrInfo")]
pub fn load_get_addr_info() -> Result<()> {
    let name: Vec<u16> = "ws2_32.dll\0".encode_utf16().collect();
    // SAFETY: `name` is NUL-terminated; no file handle.
    let m = unsafe {
        LoadLibraryExW(
            name.as_ptr(),
            core::ptr::null_mut(),
            LOAD_LIBRARY_SEARCH_SYSTEM32,
        )
    };
    if m.is_null() {
        return Err(last_error());
    }
    // SAFETY: `m` is a loaded module; the name is NUL-terminated.
    let p = unsafe { GetProcAddress(m, c"GetAddrInfoW".as_ptr().cast()) };
    let e = last_error();
    // SAFETY: `m` was loaded above and is released once.
    unsafe { FreeLibrary(m) };
    if p.is_some() { Ok(()) } else { Err(e) }
}

/// Copies a NUL-terminated C string; NULL → empty.
///
/// # Safety
/// `p` is NULL or a valid NUL-terminated string.
unsafe fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: per the contract.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// Copies a NULL-terminated array of C strings (at most 1024 entries).
///
/// # Safety
/// `p` is NULL or a valid NULL-terminated array of NUL-terminated strings.
unsafe fn cstr_list(p: *const *mut i8) -> Vec<String> {
    let mut v = Vec::new();
    if p.is_null() {
        return v;
    }
    for i in 0..1024 {
        // SAFETY: entries up to the NULL terminator are readable.
        let e = unsafe { *p.add(i) };
        if e.is_null() {
            break;
        }
        // SAFETY: each entry is a NUL-terminated string.
        v.push(unsafe { cstr(e.cast()) });
    }
    v
}

fn ansi(s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Errno::EINVAL)
}

/// Go: `syscall.Hostent`, copied out of Winsock's per-thread buffer.
///
/// Go returns a pointer into Winsock's thread-local storage, overwritten by
/// the next call; this is an owned copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hostent {
    /// The official name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// `AF_INET` (2).
    pub addr_type: u16,
    /// Bytes per address (4).
    pub length: u16,
    /// The addresses, each `length` bytes, network order.
    pub addr_list: Vec<Vec<u8>>,
}

/// Go: `syscall.GetHostByName`: the IPv4 host entry for `name` (obsolete;
/// prefer [`get_addr_info_w`]).
///
/// Calls `gethostbyname` (ANSI; a NUL in `name` → `EINVAL`); NULL → the last
/// error (`WSAHOST_NOT_FOUND`…). Starts Winsock if needed.
#[doc(alias = "GetHostByName")]
pub fn get_host_by_name(name: &str) -> Result<Hostent> {
    let n = ansi(name)?;
    ensure_winsock()?;
    // SAFETY: `n` is NUL-terminated.
    let h = unsafe { ws::gethostbyname(n.as_ptr().cast()) };
    if h.is_null() {
        return Err(last_error());
    }
    // SAFETY: non-null: a valid HOSTENT in this thread's Winsock buffer, read now.
    let h = unsafe { &*h };
    let length = h.h_length.max(0) as usize;
    let mut addr_list = Vec::new();
    if !h.h_addr_list.is_null() {
        for i in 0..1024 {
            // SAFETY: entries up to the NULL terminator are readable.
            let a = unsafe { *h.h_addr_list.add(i) };
            if a.is_null() {
                break;
            }
            // SAFETY: each address is `h_length` bytes.
            addr_list.push(unsafe { core::slice::from_raw_parts(a.cast::<u8>(), length) }.to_vec());
        }
    }
    Ok(Hostent {
        // SAFETY: Winsock's strings and arrays are NUL/NULL-terminated.
        name: unsafe { cstr(h.h_name.cast()) },
        // SAFETY: as above.
        aliases: unsafe { cstr_list(h.h_aliases) },
        addr_type: h.h_addrtype as u16,
        length: length as u16,
        addr_list,
    })
}

/// Go: `syscall.Servent`, copied out of Winsock's per-thread buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Servent {
    /// The official service name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The protocol (`"tcp"`, `"udp"`).
    pub proto: String,
    /// The port **in network byte order**, as in Go: use [`ntohs`].
    pub port: u16,
}

/// Go: `syscall.GetServByName`: the service entry for `name` over `proto`.
///
/// Calls `getservbyname` (ANSI; a NUL → `EINVAL`); NULL → the last error
/// (`WSANO_DATA`…). Starts Winsock if needed.
#[doc(alias = "GetServByName")]
pub fn get_serv_by_name(name: &str, proto: &str) -> Result<Servent> {
    let n = ansi(name)?;
    let p = ansi(proto)?;
    ensure_winsock()?;
    // SAFETY: both strings are NUL-terminated.
    let s = unsafe { ws::getservbyname(n.as_ptr().cast(), p.as_ptr().cast()) };
    if s.is_null() {
        return Err(last_error());
    }
    // SAFETY: non-null: a valid SERVENT, read now.
    let s = unsafe { &*s };
    Ok(Servent {
        // SAFETY: Winsock's strings and arrays are NUL/NULL-terminated.
        name: unsafe { cstr(s.s_name.cast()) },
        // SAFETY: as above.
        aliases: unsafe { cstr_list(s.s_aliases) },
        // SAFETY: as above.
        proto: unsafe { cstr(s.s_proto.cast()) },
        port: s.s_port as u16,
    })
}

/// Go: `syscall.Protoent`, copied out of Winsock's per-thread buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Protoent {
    /// The official protocol name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The protocol number (host order).
    pub proto: u16,
}

/// Go: `syscall.GetProtoByName`: the protocol entry for `name` (`"tcp"` → 6).
///
/// Calls `getprotobyname` (ANSI; a NUL → `EINVAL`); NULL → the last error.
/// Starts Winsock if needed.
#[doc(alias = "GetProtoByName")]
pub fn get_proto_by_name(name: &str) -> Result<Protoent> {
    let n = ansi(name)?;
    ensure_winsock()?;
    // SAFETY: `n` is NUL-terminated.
    let p = unsafe { ws::getprotobyname(n.as_ptr().cast()) };
    if p.is_null() {
        return Err(last_error());
    }
    // SAFETY: non-null: a valid PROTOENT, read now.
    let p = unsafe { &*p };
    Ok(Protoent {
        // SAFETY: Winsock's strings and arrays are NUL/NULL-terminated.
        name: unsafe { cstr(p.p_name.cast()) },
        // SAFETY: as above.
        aliases: unsafe { cstr_list(p.p_aliases) },
        proto: p.p_proto as u16,
    })
}

/// Go: `syscall.Ntohs`: a 16-bit value from network to host byte order.
///
/// Go calls ws2_32's `ntohs`; this computes the same (`u16::from_be`)
/// without a call, so it is `const` and needs no Winsock.
#[doc(alias = "Ntohs")]
pub const fn ntohs(netshort: u16) -> u16 {
    u16::from_be(netshort)
}
