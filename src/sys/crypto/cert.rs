//! Certificate stores, contexts and chains (crypt32), with Go's `Cert*`
//! layouts from `types_windows.go`.

use super::chain::CertChain;
use crate::errno::{Errno, Result};
use crate::sys::{clamp_len, cvt, last_error};
use crate::time::Filetime;
use crate::wstr::WideArg;
use core::ffi::{CStr, c_void};
use core::ptr::{self, NonNull};
use windows_sys::Win32::Security::Cryptography::{
    CERT_CHAIN_CONTEXT, CERT_CHAIN_PARA, CERT_CONTEXT, CertAddCertificateContextToStore,
    CertCloseStore, CertCreateCertificateContext, CertDuplicateCertificateContext,
    CertEnumCertificatesInStore, CertFreeCertificateContext, CertGetCertificateChain,
    CertOpenStore, CertOpenSystemStoreW,
};

// Usage matching, encodings, store providers and flags.
go_consts! { u32;
    USAGE_MATCH_TYPE_AND = 0; USAGE_MATCH_TYPE_OR = 1;
    X509_ASN_ENCODING = 0x00000001; PKCS_7_ASN_ENCODING = 0x00010000;
    /// A store in memory (`CertOpenStore`'s provider, an integer in a
    /// pointer-sized argument): see [`CertStore::open_memory`].
    CERT_STORE_PROV_MEMORY = 2;
    /// `CertAddCertificateContextToStore`: add even if an equal certificate is there.
    CERT_STORE_ADD_ALWAYS = 4;
    CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG = 0x00000004;
}

// `CertTrustStatus.ErrorStatus` bits.
go_consts! { u32;
    CERT_TRUST_NO_ERROR = 0x00000000;
    CERT_TRUST_IS_NOT_TIME_VALID = 0x00000001;
    CERT_TRUST_IS_REVOKED = 0x00000004;
    CERT_TRUST_IS_NOT_SIGNATURE_VALID = 0x00000008;
    CERT_TRUST_IS_NOT_VALID_FOR_USAGE = 0x00000010;
    CERT_TRUST_IS_UNTRUSTED_ROOT = 0x00000020;
    CERT_TRUST_REVOCATION_STATUS_UNKNOWN = 0x00000040;
    CERT_TRUST_IS_CYCLIC = 0x00000080;
    CERT_TRUST_INVALID_EXTENSION = 0x00000100;
    CERT_TRUST_INVALID_POLICY_CONSTRAINTS = 0x00000200;
    CERT_TRUST_INVALID_BASIC_CONSTRAINTS = 0x00000400;
    CERT_TRUST_INVALID_NAME_CONSTRAINTS = 0x00000800;
    CERT_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT = 0x00001000;
    CERT_TRUST_HAS_NOT_DEFINED_NAME_CONSTRAINT = 0x00002000;
    CERT_TRUST_HAS_NOT_PERMITTED_NAME_CONSTRAINT = 0x00004000;
    CERT_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT = 0x00008000;
    CERT_TRUST_IS_OFFLINE_REVOCATION = 0x01000000;
    CERT_TRUST_NO_ISSUANCE_CHAIN_POLICY = 0x02000000;
    CERT_TRUST_IS_EXPLICIT_DISTRUST = 0x04000000;
    CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT = 0x08000000;
}

/// `CertCloseStore` flag (beyond Go): frees every context of the store even
/// if someone still holds it. [`CertStore::close`] refuses it (`EINVAL`):
/// each [`CertContext`] owns its reference and would be left dangling.
pub const CERT_CLOSE_STORE_FORCE_FLAG: u32 = 1;
/// `CertCloseStore` flag (beyond Go): close, but report
/// [`CRYPT_E_PENDING_CLOSE`] when contexts of the store are still alive
/// (the store is closed either way; those contexts stay valid).
pub const CERT_CLOSE_STORE_CHECK_FLAG: u32 = 2;
/// `CRYPT_E_PENDING_CLOSE` (0x8009200F, beyond Go): what
/// [`CertStore::close`] with [`CERT_CLOSE_STORE_CHECK_FLAG`] reports when
/// contexts of the store are still alive.
pub const CRYPT_E_PENDING_CLOSE: u32 = 0x8009200F;

/// Go: `syscall.OID_PKIX_KP_SERVER_AUTH`, the TLS server-authentication usage.
///
/// Go's is a `var` of NUL-terminated bytes; here a `&CStr` constant
/// (`to_bytes_with_nul()` gives Go's bytes).
pub const OID_PKIX_KP_SERVER_AUTH: &CStr = c"1.3.6.1.5.5.7.3.1";
/// Go: `syscall.OID_SERVER_GATED_CRYPTO` (Microsoft server-gated crypto), a `&CStr`.
pub const OID_SERVER_GATED_CRYPTO: &CStr = c"1.3.6.1.4.1.311.10.3.3";
/// Go: `syscall.OID_SGC_NETSCAPE` (Netscape server-gated crypto), a `&CStr`.
pub const OID_SGC_NETSCAPE: &CStr = c"2.16.840.1.113730.4.1";

/// `CRYPT_E_NOT_FOUND` (0x80092004): the end of a store enumeration.
const CRYPT_E_NOT_FOUND: u32 = 0x80092004;

/// Go: `syscall.CertContext` (`CERT_CONTEXT`), the raw layout: the encoded
/// certificate and the store it belongs to.
///
/// Read it through [`CertContext`], which owns one; Go's `CertInfo` pointer
/// is an opaque `*mut c_void` here (Go's `CertInfo` has no fields).
#[doc(alias = "CERT_CONTEXT")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertContextData {
    /// Go: `EncodingType` ([`X509_ASN_ENCODING`]…).
    pub encoding_type: u32,
    /// Go: `EncodedCert`, the DER bytes.
    pub encoded_cert: *mut u8,
    /// Go: `Length` of `EncodedCert`.
    pub length: u32,
    /// Go: `CertInfo` (opaque).
    pub cert_info: *mut c_void,
    /// Go: `Store`, the `HCERTSTORE` holding the context.
    pub store: *mut c_void,
}

/// Go: `syscall.CertTrustStatus` (`CERT_TRUST_STATUS`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CertTrustStatus {
    /// Go: `ErrorStatus`: `CERT_TRUST_*` error bits ([`CERT_TRUST_IS_UNTRUSTED_ROOT`]…).
    pub error_status: u32,
    /// Go: `InfoStatus`: `CERT_TRUST_*` information bits.
    pub info_status: u32,
}

/// Go: `syscall.CertEnhKeyUsage` (`CERT_ENHKEY_USAGE` / `CTL_USAGE`): a list
/// of usage OIDs.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertEnhKeyUsage {
    /// Go: `Length`, the number of OIDs.
    pub length: u32,
    /// Go: `UsageIdentifiers`, NUL-terminated OID strings.
    pub usage_identifiers: *mut *mut u8,
}

/// Go: `syscall.CertUsageMatch` (`CERT_USAGE_MATCH`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertUsageMatch {
    /// Go: `Type`: [`USAGE_MATCH_TYPE_AND`] or [`USAGE_MATCH_TYPE_OR`].
    pub type_: u32,
    /// Go: `Usage`.
    pub usage: CertEnhKeyUsage,
}

/// Go: `syscall.CertChainPara` (`CERT_CHAIN_PARA`, the part up to
/// `pftCacheResync`; Windows reads `size` to know which fields are there).
///
/// Built inside [`CertContext::get_chain`] from [`ChainOptions`]; the raw
/// layout is public for Go parity.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertChainPara {
    /// Go: `Size` (`size_of::<CertChainPara>()`).
    pub size: u32,
    /// Go: `RequestedUsage`.
    pub requested_usage: CertUsageMatch,
    /// Go: `RequstedIssuancePolicy` (sic).
    #[doc(alias = "RequstedIssuancePolicy")]
    pub requested_issuance_policy: CertUsageMatch,
    /// Go: `URLRetrievalTimeout` (ms).
    pub url_retrieval_timeout: u32,
    /// Go: `CheckRevocationFreshnessTime` (a BOOL).
    pub check_revocation_freshness_time: u32,
    /// Go: `RevocationFreshnessTime` (s).
    pub revocation_freshness_time: u32,
    /// Go: `CacheResync`.
    pub cache_resync: *mut Filetime,
}

/// Go: `syscall.CertRevocationInfo` (`CERT_REVOCATION_INFO`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertRevocationInfo {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `RevocationResult`.
    pub revocation_result: u32,
    /// Go: `RevocationOid`.
    pub revocation_oid: *mut u8,
    /// Go: `OidSpecificInfo`.
    pub oid_specific_info: *mut c_void,
    /// Go: `HasFreshnessTime` (a BOOL).
    pub has_freshness_time: u32,
    /// Go: `FreshnessTime`.
    pub freshness_time: u32,
    /// Go: `CrlInfo` (opaque: Go's `CertRevocationCrlInfo` has no fields).
    pub crl_info: *mut c_void,
}

/// Go: `syscall.CertChainElement` (`CERT_CHAIN_ELEMENT`): one certificate of
/// a simple chain. Read through [`ChainElement`](super::ChainElement).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertChainElement {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `CertContext`.
    pub cert_context: *mut CertContextData,
    /// Go: `TrustStatus`.
    pub trust_status: CertTrustStatus,
    /// Go: `RevocationInfo`.
    pub revocation_info: *mut CertRevocationInfo,
    /// Go: `IssuanceUsage`.
    pub issuance_usage: *mut CertEnhKeyUsage,
    /// Go: `ApplicationUsage`.
    pub application_usage: *mut CertEnhKeyUsage,
    /// Go: `ExtendedErrorInfo`.
    pub extended_error_info: *mut u16,
}

/// Go: `syscall.CertSimpleChain` (`CERT_SIMPLE_CHAIN`): a chain from an end
/// certificate towards a root. Read through [`SimpleChain`](super::SimpleChain).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertSimpleChain {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `TrustStatus`.
    pub trust_status: CertTrustStatus,
    /// Go: `NumElements`.
    pub num_elements: u32,
    /// Go: `Elements`.
    pub elements: *mut *mut CertChainElement,
    /// Go: `TrustListInfo` (opaque: Go's `CertTrustListInfo` has no fields).
    pub trust_list_info: *mut c_void,
    /// Go: `HasRevocationFreshnessTime` (a BOOL).
    pub has_revocation_freshness_time: u32,
    /// Go: `RevocationFreshnessTime`.
    pub revocation_freshness_time: u32,
}

/// Go: `syscall.CertChainContext` (`CERT_CHAIN_CONTEXT`, Go's fields: the
/// Windows structure continues with `dwCreateFlags` and `ChainId`). Owned by
/// [`CertChain`], which derefs to it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CertChainContext {
    /// Go: `Size`.
    pub size: u32,
    /// Go: `TrustStatus`, the summary of every element's.
    pub trust_status: CertTrustStatus,
    /// Go: `ChainCount`.
    pub chain_count: u32,
    /// Go: `Chains`.
    pub chains: *mut *mut CertSimpleChain,
    /// Go: `LowerQualityChainCount`.
    pub lower_quality_chain_count: u32,
    /// Go: `LowerQualityChains`.
    pub lower_quality_chains: *mut *mut CertChainContext,
    /// Go: `HasRevocationFreshnessTime` (a BOOL).
    pub has_revocation_freshness_time: u32,
    /// Go: `RevocationFreshnessTime`.
    pub revocation_freshness_time: u32,
}

/// Go: the `Handle` of a certificate store (`HCERTSTORE`), closed on drop
/// (`CertCloseStore(h, 0)`).
///
/// Opened by [`CertStore::open_system`] (`CertOpenSystemStore`),
/// [`CertStore::open_memory`] or [`CertStore::open`] (`CertOpenStore`).
/// Certificates taken from a store stay valid after it closes (Windows keeps
/// the store's memory until the last context is freed).
#[derive(Debug)]
pub struct CertStore(NonNull<c_void>);

// SAFETY: HCERTSTORE handles are usable from any thread; crypt32 locks
// store operations internally.
unsafe impl Send for CertStore {}
// SAFETY: as above.
unsafe impl Sync for CertStore {}

impl CertStore {
    /// Go: `syscall.CertOpenSystemStore(0, name)`: crypt32
    /// `CertOpenSystemStoreW` with no provider: `"ROOT"`, `"MY"`, `"CA"`…
    /// of the current user. NUL in `name` → `EINVAL` without a call.
    #[doc(alias = "CertOpenSystemStore")]
    pub fn open_system(name: impl WideArg) -> Result<CertStore> {
        // SAFETY: `w` is NUL-terminated; provider 0 means the default one.
        let h = name.with_wide(|w| unsafe { CertOpenSystemStoreW(0, w.as_ptr()) })?;
        NonNull::new(h).map(CertStore).ok_or_else(last_error)
    }

    /// A new, empty store in memory: `CertOpenStore(CERT_STORE_PROV_MEMORY,
    /// 0, 0, 0, NULL)`. Beyond Go (Go's callers pass these arguments to the
    /// raw call).
    pub fn open_memory() -> Result<CertStore> {
        // SAFETY: the memory provider takes no parameter (NULL).
        unsafe { CertStore::open(CERT_STORE_PROV_MEMORY as usize, 0, 0, 0, ptr::null()) }
    }

    /// Go: `syscall.CertOpenStore`: crypt32 `CertOpenStore`, the raw call.
    ///
    /// `provider` is one of the integer providers (`CERT_STORE_PROV_*`, passed
    /// where Windows takes a pointer, as Go does) or the address of a
    /// NUL-terminated provider name.
    ///
    /// # Safety
    /// `provider` and `para` must be what that provider expects (`para` is
    /// read during the call only).
    #[doc(alias = "CertOpenStore")]
    pub unsafe fn open(
        provider: usize,
        encoding_type: u32,
        crypt_prov: usize,
        flags: u32,
        para: *const c_void,
    ) -> Result<CertStore> {
        // SAFETY: arguments valid per the caller's contract.
        let h = unsafe { CertOpenStore(provider as _, encoding_type, crypt_prov, flags, para) };
        NonNull::new(h).map(CertStore).ok_or_else(last_error)
    }

    /// Go: `syscall.CertCloseStore(h, flags)`, reporting its error. Dropping
    /// closes with flags 0.
    ///
    /// `flags` is 0 or [`CERT_CLOSE_STORE_CHECK_FLAG`]: with the latter and
    /// contexts of the store still alive, the result is
    /// `Err(Errno(CRYPT_E_PENDING_CLOSE))`, as in Go, but the store is closed
    /// all the same and those contexts stay valid.
    ///
    /// Difference from Go, for safety: [`CERT_CLOSE_STORE_FORCE_FLAG`] (or
    /// any other bit) is `EINVAL`, and the store is then closed as on drop
    /// (flags 0). The force flag frees every context of the store, including
    /// the ones live [`CertContext`] values still own.
    #[doc(alias = "CertCloseStore")]
    pub fn close(self, flags: u32) -> Result<()> {
        if flags & !CERT_CLOSE_STORE_CHECK_FLAG != 0 {
            return Err(Errno::EINVAL);
        }
        let h = self.0.as_ptr();
        std::mem::forget(self);
        // SAFETY: a store handle we own, closed once.
        cvt(unsafe { CertCloseStore(h, flags) }).map(drop)
    }

    /// The raw `HCERTSTORE` (still owned by `self`).
    pub fn as_raw(&self) -> *mut c_void {
        self.0.as_ptr()
    }

    /// Go: `syscall.CertEnumCertificatesInStore` as an iterator over owned
    /// certificates (each a [`CertContext`] that outlives the iteration).
    ///
    /// Go returns `CRYPT_E_NOT_FOUND` (0x80092004) as the error that ends the
    /// walk; here that (or `ERROR_NO_MORE_FILES`) ends the iterator, and any
    /// other failure is yielded once as `Err`.
    #[doc(alias = "CertEnumCertificatesInStore")]
    pub fn certificates(&self) -> CertIter<'_> {
        CertIter {
            store: self,
            prev: ptr::null(),
            done: false,
        }
    }

    /// Go: `syscall.CertAddCertificateContextToStore`: adds (a copy of) `cert`
    /// with a disposition such as [`CERT_STORE_ADD_ALWAYS`], returning the
    /// store's own context for it.
    #[doc(alias = "CertAddCertificateContextToStore")]
    pub fn add(&self, cert: &CertContext, disposition: u32) -> Result<CertContext> {
        let mut added: *mut CERT_CONTEXT = ptr::null_mut();
        // SAFETY: both handles are live; `added` receives a context we then own.
        cvt(unsafe {
            CertAddCertificateContextToStore(self.as_raw(), cert.raw(), disposition, &mut added)
        })?;
        // SAFETY: on success Windows hands us one reference to `added`.
        unsafe { CertContext::from_raw(added.cast()) }.ok_or(Errno::EINVAL)
    }
}

impl Drop for CertStore {
    fn drop(&mut self) {
        // SAFETY: a store handle we own, closed once.
        unsafe { CertCloseStore(self.0.as_ptr(), 0) };
    }
}

/// The iterator of [`CertStore::certificates`].
#[derive(Debug)]
pub struct CertIter<'a> {
    store: &'a CertStore,
    prev: *const CERT_CONTEXT,
    done: bool,
}

impl Iterator for CertIter<'_> {
    type Item = Result<CertContext>;

    fn next(&mut self) -> Option<Result<CertContext>> {
        if self.done {
            return None;
        }
        // SAFETY: the store is live; `prev` is NULL or the context this
        // iterator got last, whose reference Windows takes back here.
        let p = unsafe { CertEnumCertificatesInStore(self.store.as_raw(), self.prev) };
        self.prev = p;
        if p.is_null() {
            self.done = true;
            return match last_error() {
                Errno(CRYPT_E_NOT_FOUND) | Errno::ERROR_NO_MORE_FILES => None,
                e => Some(Err(e)),
            };
        }
        // SAFETY: `p` is a live context; duplicating takes our own reference.
        let dup = unsafe { CertDuplicateCertificateContext(p) };
        // SAFETY: the duplicate is one reference we own.
        unsafe { CertContext::from_raw(dup.cast()) }.map(Ok)
    }
}

impl Drop for CertIter<'_> {
    fn drop(&mut self) {
        if !self.prev.is_null() {
            // SAFETY: the enumeration's reference to the last context is ours.
            unsafe { CertFreeCertificateContext(self.prev) };
        }
    }
}

/// Go: `*syscall.CertContext`: one certificate, owned (freed on drop with
/// `CertFreeCertificateContext`; `Clone` takes another reference with
/// `CertDuplicateCertificateContext`).
///
/// Derefs to the raw [`CertContextData`] layout; [`CertContext::encoded`]
/// gives the DER bytes.
#[derive(Debug)]
pub struct CertContext(NonNull<CertContextData>);

// SAFETY: certificate contexts are reference-counted, immutable once made,
// and usable from any thread.
unsafe impl Send for CertContext {}
// SAFETY: as above; `&CertContext` only reads.
unsafe impl Sync for CertContext {}

impl CertContext {
    /// Go: `syscall.CertCreateCertificateContext`: a context from encoded
    /// bytes (crypt32 `CertCreateCertificateContext`, NULL = error), e.g.
    /// `from_encoded(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, der)`. Windows
    /// copies the bytes. Bad DER fails (Windows: `CRYPT_E_ASN1_*`).
    #[doc(alias = "CertCreateCertificateContext")]
    pub fn from_encoded(encoding_type: u32, encoded: &[u8]) -> Result<CertContext> {
        // SAFETY: `encoded` is readable for the length passed (clamped).
        let p = unsafe {
            CertCreateCertificateContext(encoding_type, encoded.as_ptr(), clamp_len(encoded.len()))
        };
        // SAFETY: a non-NULL result is a new context we own.
        unsafe { CertContext::from_raw(p.cast()) }.ok_or_else(last_error)
    }

    /// Takes ownership of one reference to a context (`None` for NULL).
    ///
    /// # Safety
    /// `p` is NULL or a live `CERT_CONTEXT` whose reference the caller gives up.
    pub unsafe fn from_raw(p: *mut CertContextData) -> Option<CertContext> {
        NonNull::new(p).map(CertContext)
    }

    /// The raw context (still owned by `self`).
    pub fn as_ptr(&self) -> *const CertContextData {
        self.0.as_ptr()
    }

    fn raw(&self) -> *const CERT_CONTEXT {
        self.0.as_ptr().cast()
    }

    /// The encoded certificate (Go: `EncodedCert[:Length]`).
    pub fn encoded(&self) -> &[u8] {
        let d = &**self;
        if d.encoded_cert.is_null() {
            return &[];
        }
        // SAFETY: Windows keeps `length` bytes at `encoded_cert` for the
        // context's life, which `&self` spans.
        unsafe { std::slice::from_raw_parts(d.encoded_cert, d.length as usize) }
    }

    /// Go: `syscall.CertGetCertificateChain`: builds the chain of this
    /// certificate up to a root (crypt32 `CertGetCertificateChain`, default
    /// chain engine).
    ///
    /// Go takes the engine, time, extra store, a `*CertChainPara` and flags;
    /// here [`ChainOptions`] carries those (the para is built from it, so no
    /// raw pointer is needed). A chain ending in an untrusted root is a
    /// success: its [`CertChainContext::trust_status`] says so.
    #[doc(alias = "CertGetCertificateChain")]
    pub fn get_chain(&self, opts: &ChainOptions<'_>) -> Result<CertChain> {
        let mut oids: Vec<*mut u8> = opts.usage.iter().map(|o| o.as_ptr() as *mut u8).collect();
        let para = CertChainPara {
            size: size_of::<CertChainPara>() as u32,
            requested_usage: CertUsageMatch {
                type_: opts.usage_type,
                usage: CertEnhKeyUsage {
                    length: oids.len() as u32,
                    usage_identifiers: if oids.is_empty() {
                        ptr::null_mut()
                    } else {
                        oids.as_mut_ptr()
                    },
                },
            },
            requested_issuance_policy: CertUsageMatch {
                type_: 0,
                usage: CertEnhKeyUsage {
                    length: 0,
                    usage_identifiers: ptr::null_mut(),
                },
            },
            url_retrieval_timeout: 0,
            check_revocation_freshness_time: 0,
            revocation_freshness_time: 0,
            cache_resync: ptr::null_mut(),
        };
        let time = opts
            .time
            .as_ref()
            .map_or(ptr::null(), |t| ptr::from_ref(t).cast());
        let extra = opts
            .additional_store
            .map_or(ptr::null_mut(), CertStore::as_raw);
        let mut chain: *mut CERT_CHAIN_CONTEXT = ptr::null_mut();
        // SAFETY: `para` (and the OID array and strings it points to), the
        // time and the stores live across the call; `chain` is writable.
        cvt(unsafe {
            CertGetCertificateChain(
                ptr::null_mut(),
                self.raw(),
                time,
                extra,
                ptr::from_ref(&para).cast::<CERT_CHAIN_PARA>(),
                opts.flags,
                ptr::null(),
                &mut chain,
            )
        })?;
        NonNull::new(chain.cast())
            .map(CertChain::from_owned)
            .ok_or(Errno::EINVAL)
    }
}

impl core::ops::Deref for CertContext {
    type Target = CertContextData;
    fn deref(&self) -> &CertContextData {
        // SAFETY: a live context, valid while `self` holds its reference.
        unsafe { self.0.as_ref() }
    }
}

impl Clone for CertContext {
    fn clone(&self) -> CertContext {
        // SAFETY: duplicating a live context returns it with one more reference.
        let p = unsafe { CertDuplicateCertificateContext(self.raw()) };
        CertContext(NonNull::new(p.cast()).expect("CertDuplicateCertificateContext"))
    }
}

impl Drop for CertContext {
    fn drop(&mut self) {
        // SAFETY: we own one reference; it is given back once.
        unsafe { CertFreeCertificateContext(self.raw()) };
    }
}

/// Go: `syscall.CertCreateCertificateContext`: see [`CertContext::from_encoded`].
#[doc(alias = "CertCreateCertificateContext")]
pub fn cert_create_certificate_context(encoding_type: u32, encoded: &[u8]) -> Result<CertContext> {
    CertContext::from_encoded(encoding_type, encoded)
}

/// Go: `syscall.CertOpenSystemStore`: see [`CertStore::open_system`].
#[doc(alias = "CertOpenSystemStore")]
pub fn cert_open_system_store(name: impl WideArg) -> Result<CertStore> {
    CertStore::open_system(name)
}

/// What [`CertContext::get_chain`] passes to `CertGetCertificateChain`
/// (Go's `time`, `additionalStore`, `para.RequestedUsage` and `flags`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ChainOptions<'a> {
    /// The time to validate at (`None` = now).
    pub time: Option<Filetime>,
    /// A store searched for intermediates, besides the system stores.
    pub additional_store: Option<&'a CertStore>,
    /// [`USAGE_MATCH_TYPE_AND`] or [`USAGE_MATCH_TYPE_OR`] over `usage`.
    pub usage_type: u32,
    /// Required usage OIDs, e.g. [`OID_PKIX_KP_SERVER_AUTH`] (empty = any).
    pub usage: &'a [&'a CStr],
    /// `CERT_CHAIN_*` flags.
    pub flags: u32,
}

/// Go: `syscall.CertFreeCertificateContext` is [`CertContext`]'s drop; this
/// function makes it explicit (Windows reports no useful error).
#[doc(alias = "CertFreeCertificateContext")]
pub fn cert_free_certificate_context(cert: CertContext) {
    drop(cert)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_constants_match_windows_sys() {
        use windows_sys::Win32::Foundation as f;
        use windows_sys::Win32::Security::Cryptography as ws;
        macro_rules! same {
            ($m:ident: $($n:ident),*) => {$( assert_eq!($n as i64, $m::$n as usize as i64, stringify!($n)); )*};
        }
        same!(ws: USAGE_MATCH_TYPE_AND, USAGE_MATCH_TYPE_OR, X509_ASN_ENCODING,
            PKCS_7_ASN_ENCODING, CERT_STORE_PROV_MEMORY, CERT_STORE_ADD_ALWAYS,
            CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG, CERT_TRUST_NO_ERROR,
            CERT_TRUST_IS_NOT_TIME_VALID, CERT_TRUST_IS_REVOKED,
            CERT_TRUST_IS_NOT_SIGNATURE_VALID, CERT_TRUST_IS_NOT_VALID_FOR_USAGE,
            CERT_TRUST_IS_UNTRUSTED_ROOT, CERT_TRUST_REVOCATION_STATUS_UNKNOWN,
            CERT_TRUST_IS_CYCLIC, CERT_TRUST_INVALID_EXTENSION,
            CERT_TRUST_INVALID_POLICY_CONSTRAINTS, CERT_TRUST_INVALID_BASIC_CONSTRAINTS,
            CERT_TRUST_INVALID_NAME_CONSTRAINTS, CERT_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT,
            CERT_TRUST_HAS_NOT_DEFINED_NAME_CONSTRAINT,
            CERT_TRUST_HAS_NOT_PERMITTED_NAME_CONSTRAINT,
            CERT_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT, CERT_TRUST_IS_OFFLINE_REVOCATION,
            CERT_TRUST_NO_ISSUANCE_CHAIN_POLICY, CERT_TRUST_IS_EXPLICIT_DISTRUST,
            CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT, CERT_CHAIN_POLICY_BASE,
            CERT_CHAIN_POLICY_AUTHENTICODE, CERT_CHAIN_POLICY_AUTHENTICODE_TS,
            CERT_CHAIN_POLICY_SSL, CERT_CHAIN_POLICY_BASIC_CONSTRAINTS,
            CERT_CHAIN_POLICY_NT_AUTH, CERT_CHAIN_POLICY_MICROSOFT_ROOT,
            CERT_CHAIN_POLICY_EV, AUTHTYPE_CLIENT, AUTHTYPE_SERVER);
        macro_rules! same_hr {
            ($($n:ident),*) => {$( assert_eq!($n, f::$n as u32, stringify!($n)); )*};
        }
        same_hr!(
            CERT_E_EXPIRED,
            CERT_E_ROLE,
            CERT_E_PURPOSE,
            CERT_E_UNTRUSTEDROOT,
            CERT_E_CN_NO_MATCH
        );
        assert_eq!(CRYPT_E_NOT_FOUND, f::CRYPT_E_NOT_FOUND as u32);
        assert_eq!(CRYPT_E_PENDING_CLOSE, f::CRYPT_E_PENDING_CLOSE as u32);
        same!(ws: CERT_CLOSE_STORE_FORCE_FLAG, CERT_CLOSE_STORE_CHECK_FLAG);
        use crate::sys::crypto::*;
        same!(ws: PROV_RSA_FULL, PROV_RSA_SIG, PROV_DSS, PROV_FORTEZZA, PROV_MS_EXCHANGE,
            PROV_SSL, PROV_RSA_SCHANNEL, PROV_DSS_DH, PROV_EC_ECDSA_SIG, PROV_EC_ECNRA_SIG,
            PROV_EC_ECDSA_FULL, PROV_EC_ECNRA_FULL, PROV_DH_SCHANNEL, PROV_SPYRUS_LYNKS,
            PROV_RNG, PROV_INTEL_SEC, PROV_REPLACE_OWF, PROV_RSA_AES, CRYPT_VERIFYCONTEXT,
            CRYPT_NEWKEYSET, CRYPT_DELETEKEYSET, CRYPT_MACHINE_KEYSET, CRYPT_SILENT,
            CRYPT_DEFAULT_CONTAINER_OPTIONAL);
    }

    #[test]
    fn oids_are_gos_bytes() {
        assert_eq!(
            OID_PKIX_KP_SERVER_AUTH.to_bytes_with_nul(),
            b"1.3.6.1.5.5.7.3.1\0"
        );
        assert_eq!(
            OID_SERVER_GATED_CRYPTO.to_bytes_with_nul(),
            b"1.3.6.1.4.1.311.10.3.3\0"
        );
        assert_eq!(
            OID_SGC_NETSCAPE.to_bytes_with_nul(),
            b"2.16.840.1.113730.4.1\0"
        );
    }
}
