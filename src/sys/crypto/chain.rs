//! Certificate chains ([`CertChain`] and its borrowing views) and chain
//! policies: `CertVerifyCertificateChainPolicy` with Go's layouts and a typed
//! policy ([`ChainPolicy`]) in place of Go's `uintptr`.

use super::cert::{CertChainContext, CertChainElement, CertContext, CertSimpleChain};
use crate::errno::{Errno, Result};
use crate::sys::cvt;
use crate::wstr::WideCString;
use crate::wstr::utf16_ptr_to_string;
use core::ffi::c_void;
use core::ptr;
use core::ptr::NonNull;
use windows_sys::Win32::Security::Cryptography::{
    CERT_CHAIN_CONTEXT, CertDuplicateCertificateChain, CertDuplicateCertificateContext,
    CertFreeCertificateChain,
};
use windows_sys::Win32::Security::Cryptography::{
    CERT_CHAIN_POLICY_PARA, CERT_CHAIN_POLICY_STATUS, CertVerifyCertificateChainPolicy,
};

// Policies for `CertVerifyCertificateChainPolicy` (integers Windows takes in
// the policy "OID" pointer). Turn one into a [`ChainPolicy`] to use it.
go_consts! { usize;
    CERT_CHAIN_POLICY_BASE = 1; CERT_CHAIN_POLICY_AUTHENTICODE = 2;
    CERT_CHAIN_POLICY_AUTHENTICODE_TS = 3; CERT_CHAIN_POLICY_SSL = 4;
    CERT_CHAIN_POLICY_BASIC_CONSTRAINTS = 5; CERT_CHAIN_POLICY_NT_AUTH = 6;
    CERT_CHAIN_POLICY_MICROSOFT_ROOT = 7; CERT_CHAIN_POLICY_EV = 8;
}

/// A chain policy for [`CertChain::verify_policy`]: one of the predefined
/// policies Go names (`CERT_CHAIN_POLICY_*`).
///
/// Windows takes the policy as a pointer-sized value that is either a small
/// predefined number or the address of an OID string, which it reads (and
/// uses to look up a policy DLL). Go passes any `uintptr`; here only the
/// predefined numbers exist, so no integer can be read as an address.
/// [`ChainPolicy::try_from`] turns Go's constants into one and gives `EINVAL`
/// for every other number, including Windows' newer policies 9–12
/// (`SSL_F12`, `SSL_HPKP_HEADER`, `THIRD_PARTY_ROOT`, `SSL_KEY_PIN`), whose
/// extra structures this crate does not build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChainPolicy {
    /// [`CERT_CHAIN_POLICY_BASE`] (1): the basic chain checks.
    Base,
    /// [`CERT_CHAIN_POLICY_AUTHENTICODE`] (2).
    Authenticode,
    /// [`CERT_CHAIN_POLICY_AUTHENTICODE_TS`] (3).
    AuthenticodeTs,
    /// [`CERT_CHAIN_POLICY_SSL`] (4): TLS; the only policy that takes an
    /// [`SslPolicy`].
    Ssl,
    /// [`CERT_CHAIN_POLICY_BASIC_CONSTRAINTS`] (5).
    BasicConstraints,
    /// [`CERT_CHAIN_POLICY_NT_AUTH`] (6).
    NtAuth,
    /// [`CERT_CHAIN_POLICY_MICROSOFT_ROOT`] (7).
    MicrosoftRoot,
    /// [`CERT_CHAIN_POLICY_EV`] (8).
    Ev,
}

impl ChainPolicy {
    /// Go's number for the policy (`CERT_CHAIN_POLICY_*`).
    pub const fn id(self) -> usize {
        match self {
            ChainPolicy::Base => CERT_CHAIN_POLICY_BASE,
            ChainPolicy::Authenticode => CERT_CHAIN_POLICY_AUTHENTICODE,
            ChainPolicy::AuthenticodeTs => CERT_CHAIN_POLICY_AUTHENTICODE_TS,
            ChainPolicy::Ssl => CERT_CHAIN_POLICY_SSL,
            ChainPolicy::BasicConstraints => CERT_CHAIN_POLICY_BASIC_CONSTRAINTS,
            ChainPolicy::NtAuth => CERT_CHAIN_POLICY_NT_AUTH,
            ChainPolicy::MicrosoftRoot => CERT_CHAIN_POLICY_MICROSOFT_ROOT,
            ChainPolicy::Ev => CERT_CHAIN_POLICY_EV,
        }
    }
}

impl TryFrom<usize> for ChainPolicy {
    type Error = Errno;

    /// One of Go's `CERT_CHAIN_POLICY_*` numbers (1–8); `EINVAL` for any
    /// other value.
    fn try_from(id: usize) -> Result<ChainPolicy> {
        Ok(match id {
            CERT_CHAIN_POLICY_BASE => ChainPolicy::Base,
            CERT_CHAIN_POLICY_AUTHENTICODE => ChainPolicy::Authenticode,
            CERT_CHAIN_POLICY_AUTHENTICODE_TS => ChainPolicy::AuthenticodeTs,
            CERT_CHAIN_POLICY_SSL => ChainPolicy::Ssl,
            CERT_CHAIN_POLICY_BASIC_CONSTRAINTS => ChainPolicy::BasicConstraints,
            CERT_CHAIN_POLICY_NT_AUTH => ChainPolicy::NtAuth,
            CERT_CHAIN_POLICY_MICROSOFT_ROOT => ChainPolicy::MicrosoftRoot,
            CERT_CHAIN_POLICY_EV => ChainPolicy::Ev,
            _ => return Err(Errno::EINVAL),
        })
    }
}

impl From<ChainPolicy> for usize {
    fn from(p: ChainPolicy) -> usize {
        p.id()
    }
}

// Policy errors (`CertChainPolicyStatus.Error`, HRESULTs) and SSL auth types.
go_consts! { u32;
    CERT_E_EXPIRED = 0x800B0101; CERT_E_ROLE = 0x800B0103; CERT_E_PURPOSE = 0x800B0106;
    CERT_E_UNTRUSTEDROOT = 0x800B0109; CERT_E_CN_NO_MATCH = 0x800B010F;
    AUTHTYPE_CLIENT = 1; AUTHTYPE_SERVER = 2;
}

/// Go: `syscall.CertChainPolicyPara` (`CERT_CHAIN_POLICY_PARA`). Built inside
/// [`CertChain::verify_policy`]; public for Go parity.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertChainPolicyPara {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `Flags`.
    pub flags: u32,
    /// Go: `ExtraPolicyPara`, e.g. an [`SslExtraCertChainPolicyPara`].
    pub extra_policy_para: *mut c_void,
}

/// Go: `syscall.SSLExtraCertChainPolicyPara` (`SSL_EXTRA_CERT_CHAIN_POLICY_PARA`):
/// the extra input of [`CERT_CHAIN_POLICY_SSL`]. Built from [`SslPolicy`].
#[doc(alias = "SSLExtraCertChainPolicyPara")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SslExtraCertChainPolicyPara {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `AuthType`: [`AUTHTYPE_CLIENT`] or [`AUTHTYPE_SERVER`].
    pub auth_type: u32,
    /// Go: `Checks`: checks to skip (`SECURITY_FLAG_IGNORE_*`).
    pub checks: u32,
    /// Go: `ServerName`, NUL-terminated UTF-16.
    pub server_name: *mut u16,
}

/// Go: `syscall.CertChainPolicyStatus` (`CERT_CHAIN_POLICY_STATUS`): the
/// outcome of a policy check; `error == 0` means the chain passes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertChainPolicyStatus {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `Error`: 0, or an HRESULT such as [`CERT_E_UNTRUSTEDROOT`].
    pub error: u32,
    /// Go: `ChainIndex` of the failing simple chain.
    pub chain_index: u32,
    /// Go: `ElementIndex` of the failing element.
    pub element_index: u32,
    /// Go: `ExtraPolicyStatus` (always NULL from [`CertChain::verify_policy`]).
    pub extra_policy_status: *mut c_void,
}

/// The extra input of the [`ChainPolicy::Ssl`] policy, turned into an
/// [`SslExtraCertChainPolicyPara`] by [`CertChain::verify_policy`].
#[derive(Clone, Copy, Debug, Default)]
pub struct SslPolicy<'a> {
    /// [`AUTHTYPE_SERVER`] or [`AUTHTYPE_CLIENT`].
    pub auth_type: u32,
    /// Checks to skip (`SECURITY_FLAG_IGNORE_*`).
    pub checks: u32,
    /// The name the certificate must match (`None`: no name check).
    pub server_name: Option<&'a str>,
}

/// Go: `*syscall.CertChainContext` from `CertGetCertificateChain`, owned
/// (freed on drop with `CertFreeCertificateChain`; `Clone` duplicates).
///
/// Derefs to [`CertChainContext`]; [`CertChain::chains`] walks it safely.
#[derive(Debug)]
pub struct CertChain(NonNull<CertChainContext>);

// SAFETY: chain contexts are reference-counted and immutable once built.
unsafe impl Send for CertChain {}
// SAFETY: as above; `&CertChain` only reads.
unsafe impl Sync for CertChain {}

impl CertChain {
    /// Takes a chain context whose one reference the caller hands over.
    pub(super) fn from_owned(p: NonNull<CertChainContext>) -> CertChain {
        CertChain(p)
    }

    /// The raw chain context (still owned by `self`).
    pub fn as_ptr(&self) -> *const CertChainContext {
        self.0.as_ptr()
    }

    fn raw(&self) -> *const CERT_CHAIN_CONTEXT {
        self.0.as_ptr().cast()
    }

    /// The simple chains (Go: `Chains[:ChainCount]`); the first is the one
    /// Windows judged best.
    pub fn chains(&self) -> Vec<SimpleChain<'_>> {
        let c = &**self;
        // SAFETY: Windows keeps `chain_count` valid pointers at `chains` for
        // the chain's life, which the result's lifetime is bound to.
        unsafe { ptr_array(c.chains, c.chain_count) }
            .iter()
            // SAFETY: an entry of the live chain borrowed by `self`.
            .map(|&p| SimpleChain(unsafe { chain_ref(p) }))
            .collect()
    }
}

impl core::ops::Deref for CertChain {
    type Target = CertChainContext;
    fn deref(&self) -> &CertChainContext {
        // SAFETY: a live chain, valid while `self` holds its reference.
        unsafe { self.0.as_ref() }
    }
}

impl Clone for CertChain {
    fn clone(&self) -> CertChain {
        // SAFETY: duplicating a live chain returns it with one more reference.
        let p = unsafe { CertDuplicateCertificateChain(self.raw()) };
        CertChain(NonNull::new(p.cast()).expect("CertDuplicateCertificateChain"))
    }
}

impl Drop for CertChain {
    fn drop(&mut self) {
        // SAFETY: we own one reference; it is given back once.
        unsafe { CertFreeCertificateChain(self.raw()) };
    }
}

/// Go: `syscall.CertFreeCertificateChain` is [`CertChain`]'s drop; this
/// function makes it explicit.
#[doc(alias = "CertFreeCertificateChain")]
pub fn cert_free_certificate_chain(chain: CertChain) {
    drop(chain)
}

/// A borrowed [`CertSimpleChain`] inside a [`CertChain`] (derefs to it).
#[derive(Clone, Copy, Debug)]
pub struct SimpleChain<'a>(&'a CertSimpleChain);

impl<'a> SimpleChain<'a> {
    /// The elements, from the end certificate to the root (Go:
    /// `Elements[:NumElements]`).
    pub fn elements(&self) -> Vec<ChainElement<'a>> {
        // SAFETY: part of a live chain: `num_elements` valid pointers, alive
        // as long as the chain borrowed for 'a.
        unsafe { ptr_array(self.0.elements, self.0.num_elements) }
            .iter()
            // SAFETY: an entry of the live chain borrowed for 'a.
            .map(|&p| ChainElement(unsafe { chain_ref(p) }))
            .collect()
    }
}

impl core::ops::Deref for SimpleChain<'_> {
    type Target = CertSimpleChain;
    fn deref(&self) -> &CertSimpleChain {
        self.0
    }
}

/// A borrowed [`CertChainElement`] inside a [`CertChain`] (derefs to it).
#[derive(Clone, Copy, Debug)]
pub struct ChainElement<'a>(&'a CertChainElement);

impl ChainElement<'_> {
    /// The element's certificate, as an owned reference.
    pub fn cert(&self) -> Option<CertContext> {
        if self.0.cert_context.is_null() {
            return None;
        }
        // SAFETY: a live context inside a live chain; duplicating takes our
        // own reference.
        let p = unsafe { CertDuplicateCertificateContext(self.0.cert_context.cast()) };
        // SAFETY: the duplicate is one reference we own.
        unsafe { CertContext::from_raw(p.cast()) }
    }

    /// Go: `ExtendedErrorInfo` as text, if Windows gave any.
    pub fn extended_error_info(&self) -> Option<String> {
        let p = self.0.extended_error_info;
        // SAFETY: NULL or a NUL-terminated string inside the live chain.
        (!p.is_null()).then(|| unsafe { utf16_ptr_to_string(p) })
    }
}

impl core::ops::Deref for ChainElement<'_> {
    type Target = CertChainElement;
    fn deref(&self) -> &CertChainElement {
        self.0
    }
}

/// `count` pointers at `p` as a slice (empty when `p` is NULL).
///
/// # Safety
/// `p` is NULL or points to `count` initialised pointers living for `'a`.
unsafe fn ptr_array<'a, T>(p: *mut *mut T, count: u32) -> &'a [*mut T] {
    if p.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: per the caller.
    unsafe { std::slice::from_raw_parts(p, count as usize) }
}

/// A reference from an entry of a live chain.
///
/// # Safety
/// `p` is NULL or points into a chain that lives for `'a`.
unsafe fn chain_ref<'a, T>(p: *mut T) -> &'a T {
    assert!(!p.is_null(), "NULL entry in a certificate chain");
    // SAFETY: non-NULL, and valid for 'a per the caller.
    unsafe { &*p }
}

impl CertChain {
    /// Go: `syscall.CertVerifyCertificateChainPolicy`: checks the chain
    /// against `policy` ([`ChainPolicy::Base`], [`ChainPolicy::Ssl`]…) with
    /// `flags` and, for SSL, `ssl`.
    ///
    /// The call's own failure is `Err`; a chain that fails the policy is
    /// `Ok` with a non-zero [`CertChainPolicyStatus::error`] (e.g.
    /// [`CERT_E_UNTRUSTEDROOT`]), as in Go.
    ///
    /// Differences from Go, for safety: the policy is a [`ChainPolicy`], not
    /// an integer Windows could read as the address of an OID string (use
    /// `ChainPolicy::try_from(CERT_CHAIN_POLICY_SSL)?` for Go's constants);
    /// the extra input is built from `ssl`, and `ssl` with any policy but
    /// [`ChainPolicy::Ssl`] is `EINVAL` (another policy would read that
    /// structure as its own, pointer fields included). NUL in the server
    /// name → `EINVAL`.
    #[doc(alias = "CertVerifyCertificateChainPolicy")]
    pub fn verify_policy(
        &self,
        policy: ChainPolicy,
        flags: u32,
        ssl: Option<&SslPolicy<'_>>,
    ) -> Result<CertChainPolicyStatus> {
        if ssl.is_some() && policy != ChainPolicy::Ssl {
            return Err(Errno::EINVAL);
        }
        let name = ssl
            .and_then(|s| s.server_name)
            .map(WideCString::new)
            .transpose()?;
        let mut extra = ssl.map(|s| SslExtraCertChainPolicyPara {
            size: size_of::<SslExtraCertChainPolicyPara>() as u32,
            auth_type: s.auth_type,
            checks: s.checks,
            server_name: name
                .as_ref()
                .map_or(ptr::null_mut(), |n| n.as_ptr() as *mut u16),
        });
        let para = CertChainPolicyPara {
            size: size_of::<CertChainPolicyPara>() as u32,
            flags,
            extra_policy_para: extra
                .as_mut()
                .map_or(ptr::null_mut(), |e| ptr::from_mut(e).cast()),
        };
        // The EV policy documents an extra status structure it writes; give
        // it one of its own size rather than rely on crypt32 checking NULL.
        let mut ev_status =
            windows_sys::Win32::Security::Cryptography::EV_EXTRA_CERT_CHAIN_POLICY_STATUS {
                cbSize: size_of::<
                    windows_sys::Win32::Security::Cryptography::EV_EXTRA_CERT_CHAIN_POLICY_STATUS,
                >() as u32,
                dwQualifiers: 0,
                dwIssuanceUsageIndex: 0,
            };
        let mut status = CertChainPolicyStatus {
            size: size_of::<CertChainPolicyStatus>() as u32,
            error: 0,
            chain_index: 0,
            element_index: 0,
            extra_policy_status: match policy {
                ChainPolicy::Ev => ptr::from_mut(&mut ev_status).cast(),
                _ => ptr::null_mut(),
            },
        };
        // SAFETY: the chain is live; `para`, `extra` and `name` outlive the
        // call; `status` is writable and sized.
        cvt(unsafe {
            CertVerifyCertificateChainPolicy(
                // A predefined policy number, which Windows never reads as
                // an address.
                ptr::without_provenance(policy.id()),
                self.raw(),
                ptr::from_ref(&para).cast::<CERT_CHAIN_POLICY_PARA>(),
                ptr::from_mut(&mut status).cast::<CERT_CHAIN_POLICY_STATUS>(),
            )
        })?;
        // The EV status lived on this frame: hand back no pointer to it.
        status.extra_policy_status = ptr::null_mut();
        Ok(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_policy_is_only_a_predefined_number() {
        for id in 1..=8 {
            assert_eq!(ChainPolicy::try_from(id).map(usize::from), Ok(id));
        }
        // 9..=12 are Windows' newer policies with their own extra structures;
        // anything above 0xFFFF is what Windows reads as an OID string.
        for id in [0, 9, 10, 11, 12, 13, 0xFFFF, 0x10000, usize::MAX] {
            assert_eq!(ChainPolicy::try_from(id), Err(Errno::EINVAL), "{id:#x}");
        }
    }
}
