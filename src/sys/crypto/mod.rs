//! CryptoAPI: a provider handle for random bytes ([`CryptProv`],
//! [`crypt_gen_random`]) and certificate stores, contexts and chains
//! ([`CertStore`], [`CertContext`], [`CertChain`]): Go's advapi32 / crypt32
//! `//sys` wrappers and the `Cert*` layouts of `types_windows.go`.
//!
//! Go hands out raw handles and pointers that the caller must free by hand
//! (`CryptReleaseContext`, `CertCloseStore`, `CertFreeCertificateContext`,
//! `CertFreeCertificateChain`); here each is an owned type that frees itself on
//! drop, and whatever Windows points into is read through borrowing views.
//!
//! ```no_run
//! # fn main() -> winsyscall::Result<()> {
//! use winsyscall::{CRYPT_VERIFYCONTEXT, CryptProv, PROV_RSA_FULL, crypt_gen_random};
//! let prov = CryptProv::acquire(None, None, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)?;
//! let mut key = [0u8; 32];
//! crypt_gen_random(&prov, &mut key)?;
//! # Ok(()) }
//! ```

mod cert;
mod chain;

pub use cert::*;
pub use chain::*;

use crate::errno::{Errno, Result};
use crate::sys::cvt;
use crate::wstr::WideCString;
use windows_sys::Win32::Security::Cryptography::{
    CryptAcquireContextW, CryptGenRandom, CryptReleaseContext,
};

// Provider types (wincrypt.h), for `CryptAcquireContext`.
go_consts! { u32;
    PROV_RSA_FULL = 1; PROV_RSA_SIG = 2; PROV_DSS = 3; PROV_FORTEZZA = 4;
    PROV_MS_EXCHANGE = 5; PROV_SSL = 6; PROV_RSA_SCHANNEL = 12; PROV_DSS_DH = 13;
    PROV_EC_ECDSA_SIG = 14; PROV_EC_ECNRA_SIG = 15; PROV_EC_ECDSA_FULL = 16;
    PROV_EC_ECNRA_FULL = 17; PROV_DH_SCHANNEL = 18; PROV_SPYRUS_LYNKS = 20; PROV_RNG = 21;
    PROV_INTEL_SEC = 22; PROV_REPLACE_OWF = 23; PROV_RSA_AES = 24;
}

// `CryptAcquireContext` flags.
go_consts! { u32;
    /// No key container: the usual flag for hashing and random bytes.
    CRYPT_VERIFYCONTEXT = 0xF0000000;
    CRYPT_NEWKEYSET = 0x00000008;
    /// Deletes the key container; no provider handle results.
    CRYPT_DELETEKEYSET = 0x00000010;
    CRYPT_MACHINE_KEYSET = 0x00000020;
    CRYPT_SILENT = 0x00000040;
    CRYPT_DEFAULT_CONTAINER_OPTIONAL = 0x00000080;
}

/// Go: `Handle` from `syscall.CryptAcquireContext`: a cryptographic service
/// provider handle (`HCRYPTPROV`), released on drop (`CryptReleaseContext`).
///
/// Go returns a bare handle the caller must release; this one owns it.
/// [`CryptProv::release`] reports the release error. Safe to share between
/// threads (CryptoAPI providers lock internally; Go's `crypto/rand` used one
/// provider from every goroutine).
#[derive(Debug)]
pub struct CryptProv(usize);

// SAFETY: an HCRYPTPROV is a process-wide handle usable from any thread;
// CryptGenRandom on a shared provider is thread-safe.
unsafe impl Send for CryptProv {}
// SAFETY: as above; `&CryptProv` only allows CryptGenRandom.
unsafe impl Sync for CryptProv {}

fn opt_wide(s: Option<&str>) -> Result<Option<WideCString>> {
    s.map(WideCString::new).transpose()
}

impl CryptProv {
    /// Go: `syscall.CryptAcquireContext`: advapi32 `CryptAcquireContextW`.
    ///
    /// `container` and `provider` are optional names (`None` = NULL: the
    /// default container / provider); a NUL inside either is `EINVAL` before
    /// any call. With [`CRYPT_DELETEKEYSET`] Windows deletes the container
    /// and hands out no handle: the result then holds none and dropping it
    /// does nothing.
    #[doc(alias = "CryptAcquireContext")]
    pub fn acquire(
        container: Option<&str>,
        provider: Option<&str>,
        prov_type: u32,
        flags: u32,
    ) -> Result<CryptProv> {
        let container = opt_wide(container)?;
        let provider = opt_wide(provider)?;
        let ptr = |w: &Option<WideCString>| w.as_ref().map_or(std::ptr::null(), |w| w.as_ptr());
        let mut h = 0usize;
        // SAFETY: `h` is writable; the names are NUL-terminated or NULL and
        // outlive the call.
        cvt(unsafe {
            CryptAcquireContextW(&mut h, ptr(&container), ptr(&provider), prov_type, flags)
        })?;
        if flags & CRYPT_DELETEKEYSET != 0 {
            h = 0;
        }
        Ok(CryptProv(h))
    }

    /// Go: `syscall.CryptReleaseContext(h, 0)`, reporting its error (drop
    /// releases too, ignoring the result).
    #[doc(alias = "CryptReleaseContext")]
    pub fn release(self) -> Result<()> {
        let h = self.0;
        std::mem::forget(self);
        if h == 0 {
            return Ok(());
        }
        // SAFETY: `h` is a provider handle we own; it is released once.
        cvt(unsafe { CryptReleaseContext(h, 0) }).map(drop)
    }

    /// The raw `HCRYPTPROV` (still owned by `self`).
    pub fn as_raw(&self) -> usize {
        self.0
    }

    /// Go: `syscall.CryptGenRandom`, as a method: see [`crypt_gen_random`].
    #[doc(alias = "CryptGenRandom")]
    pub fn gen_random(&self, buf: &mut [u8]) -> Result<()> {
        crypt_gen_random(self, buf)
    }
}

impl Drop for CryptProv {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: a provider handle we own, released once.
            unsafe { CryptReleaseContext(self.0, 0) };
        }
    }
}

/// Go: `syscall.CryptAcquireContext`: [`CryptProv::acquire`].
#[doc(alias = "CryptAcquireContext")]
pub fn crypt_acquire_context(
    container: Option<&str>,
    provider: Option<&str>,
    prov_type: u32,
    flags: u32,
) -> Result<CryptProv> {
    CryptProv::acquire(container, provider, prov_type, flags)
}

/// Go: `syscall.CryptReleaseContext(h, 0)`: [`CryptProv::release`].
#[doc(alias = "CryptReleaseContext")]
pub fn crypt_release_context(prov: CryptProv) -> Result<()> {
    prov.release()
}

/// Go: `syscall.CryptGenRandom`: fills `buf` with cryptographically random
/// bytes (advapi32 `CryptGenRandom`).
///
/// Go takes a length and a pointer; this takes a slice and fills all of it
/// (a slice longer than `u32::MAX` bytes is filled in several calls rather
/// than clamped: a short fill would leave predictable bytes). An empty slice
/// succeeds without a call. A `CryptProv` that holds no handle (the result of
/// [`CRYPT_DELETEKEYSET`]) gives `ERROR_INVALID_HANDLE` before any call: a
/// provider handle is the address of advapi32's own record, so no value the
/// crate did not get from Windows is ever passed as one.
#[doc(alias = "CryptGenRandom")]
pub fn crypt_gen_random(prov: &CryptProv, buf: &mut [u8]) -> Result<()> {
    if prov.0 == 0 {
        return Err(Errno::ERROR_INVALID_HANDLE);
    }
    for chunk in buf.chunks_mut(u32::MAX as usize) {
        // SAFETY: `chunk` is writable for its length, which fits in a u32.
        cvt(unsafe { CryptGenRandom(prov.0, chunk.len() as u32, chunk.as_mut_ptr()) })?;
    }
    Ok(())
}
