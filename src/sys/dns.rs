//! DNS queries through the Windows resolver (dnsapi): [`dns_query`] returns an
//! owned [`DnsRecords`] list (freed on drop, Go's `DnsRecordListFree`) whose
//! iterator copies each record out as a typed [`DnsEntry`]; plus
//! [`dns_name_compare`] and Go's `DNS*` layouts and `DNS_TYPE_*` constants.
//!
//! ```no_run
//! # fn main() -> winsyscall::Result<()> {
//! use winsyscall::{DNS_TYPE_A, DnsData, dns_query};
//! for rec in dns_query("localhost", DNS_TYPE_A, 0)?.iter() {
//!     if let DnsData::A(ip) = rec.data {
//!         println!("{} -> {ip}", rec.name);
//!     }
//! }
//! # Ok(()) }
//! ```

use crate::errno::{Errno, Result};
use crate::sys::cvt_code;
use crate::wstr::{WideArg, utf16_ptr_to_string};
use core::ffi::c_void;
use core::ptr::{self, NonNull, addr_of};
use std::net::{Ipv4Addr, Ipv6Addr};
use windows_sys::Win32::NetworkManagement::Dns::{
    DNS_RECORDA, DNS_RECORDW, DnsFree, DnsFreeRecordList, DnsNameCompare_W, DnsQuery_W,
};

// Record types (`DNSRecord.Type`, `DnsQuery`'s `qtype`).
go_consts! { u16;
    DNS_TYPE_A = 0x0001; DNS_TYPE_NS = 0x0002; DNS_TYPE_MD = 0x0003; DNS_TYPE_MF = 0x0004;
    DNS_TYPE_CNAME = 0x0005; DNS_TYPE_SOA = 0x0006; DNS_TYPE_MB = 0x0007; DNS_TYPE_MG = 0x0008;
    DNS_TYPE_MR = 0x0009; DNS_TYPE_NULL = 0x000a; DNS_TYPE_WKS = 0x000b; DNS_TYPE_PTR = 0x000c;
    DNS_TYPE_HINFO = 0x000d; DNS_TYPE_MINFO = 0x000e; DNS_TYPE_MX = 0x000f;
    DNS_TYPE_TEXT = 0x0010; DNS_TYPE_RP = 0x0011; DNS_TYPE_AFSDB = 0x0012;
    DNS_TYPE_X25 = 0x0013; DNS_TYPE_ISDN = 0x0014; DNS_TYPE_RT = 0x0015;
    DNS_TYPE_NSAP = 0x0016; DNS_TYPE_NSAPPTR = 0x0017; DNS_TYPE_SIG = 0x0018;
    DNS_TYPE_KEY = 0x0019; DNS_TYPE_PX = 0x001a; DNS_TYPE_GPOS = 0x001b;
    DNS_TYPE_AAAA = 0x001c; DNS_TYPE_LOC = 0x001d; DNS_TYPE_NXT = 0x001e;
    DNS_TYPE_EID = 0x001f; DNS_TYPE_NIMLOC = 0x0020; DNS_TYPE_SRV = 0x0021;
    DNS_TYPE_ATMA = 0x0022; DNS_TYPE_NAPTR = 0x0023; DNS_TYPE_KX = 0x0024;
    DNS_TYPE_CERT = 0x0025; DNS_TYPE_A6 = 0x0026; DNS_TYPE_DNAME = 0x0027;
    DNS_TYPE_SINK = 0x0028; DNS_TYPE_OPT = 0x0029; DNS_TYPE_DS = 0x002B;
    DNS_TYPE_RRSIG = 0x002E; DNS_TYPE_NSEC = 0x002F; DNS_TYPE_DNSKEY = 0x0030;
    DNS_TYPE_DHCID = 0x0031; DNS_TYPE_UINFO = 0x0064; DNS_TYPE_UID = 0x0065;
    DNS_TYPE_GID = 0x0066; DNS_TYPE_UNSPEC = 0x0067; DNS_TYPE_ADDRS = 0x00f8;
    DNS_TYPE_TKEY = 0x00f9; DNS_TYPE_TSIG = 0x00fa; DNS_TYPE_IXFR = 0x00fb;
    DNS_TYPE_AXFR = 0x00fc; DNS_TYPE_MAILB = 0x00fd; DNS_TYPE_MAILA = 0x00fe;
    DNS_TYPE_ALL = 0x00ff; DNS_TYPE_ANY = 0x00ff; DNS_TYPE_WINS = 0xff01;
    DNS_TYPE_WINSR = 0xff02;
    /// Go's value; Windows' `windns.h` makes `DNS_TYPE_NBSTAT` equal to
    /// `DNS_TYPE_WINSR` (0xff02), Go equal to `DNS_TYPE_WINS`.
    DNS_TYPE_NBSTAT = 0xff01;
}

go_consts! { u32;
    /// The status of a query that found the name but no record of the type:
    /// `dns_query` fails with `Errno(DNS_INFO_NO_RECORDS)` (9501).
    DNS_INFO_NO_RECORDS = 0x251D;
}

/// Go: `syscall.DnsSectionQuestion`: the section bits (`Dw & 3`) of a record.
#[allow(non_upper_case_globals)]
pub const DnsSectionQuestion: u32 = 0x0000;
/// Go: `syscall.DnsSectionAnswer`: a record of the answer section.
#[allow(non_upper_case_globals)]
pub const DnsSectionAnswer: u32 = 0x0001;
/// Go: `syscall.DnsSectionAuthority`: a record of the authority section.
#[allow(non_upper_case_globals)]
pub const DnsSectionAuthority: u32 = 0x0002;
/// Go: `syscall.DnsSectionAdditional`: a record of the additional section.
#[allow(non_upper_case_globals)]
pub const DnsSectionAdditional: u32 = 0x0003;

/// `DNS_QUERY_STANDARD` (0): the default query options. Beyond Go (Go's
/// callers write the numbers).
pub const DNS_QUERY_STANDARD: u32 = 0;
/// `DNS_QUERY_BYPASS_CACHE` (0x8): skip the resolver cache. Beyond Go.
pub const DNS_QUERY_BYPASS_CACHE: u32 = 0x8;
/// `DNS_QUERY_NO_WIRE_QUERY` (0x10): answer from the cache and hosts file
/// only, never the network. Beyond Go.
pub const DNS_QUERY_NO_WIRE_QUERY: u32 = 0x10;
/// `DNS_QUERY_NO_HOSTS_FILE` (0x40): skip the hosts file. Beyond Go.
pub const DNS_QUERY_NO_HOSTS_FILE: u32 = 0x40;
/// `DNS_QUERY_NO_NETBT` (0x80): no NetBIOS fallback. Beyond Go.
pub const DNS_QUERY_NO_NETBT: u32 = 0x80;
/// `DNS_QUERY_NO_MULTICAST` (0x800): no LLMNR / mDNS. Beyond Go.
pub const DNS_QUERY_NO_MULTICAST: u32 = 0x800;

/// Go: `syscall.DNSSRVData` (`DNS_SRV_DATAW`), the raw layout of an SRV
/// record's data; [`DnsData::Srv`] is the copied-out form.
#[doc(alias = "DNSSRVData")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DnsSrvData {
    /// Go: `Target`.
    pub target: *mut u16,
    /// Go: `Priority`.
    pub priority: u16,
    /// Go: `Weight`.
    pub weight: u16,
    /// Go: `Port`.
    pub port: u16,
    /// Go: `Pad`.
    pub pad: u16,
}

/// Go: `syscall.DNSPTRData` (`DNS_PTR_DATAW`, also CNAME/NS data), the raw
/// layout; [`DnsData::Ptr`] / [`DnsData::Cname`] / [`DnsData::Ns`] are the
/// copied-out forms.
#[doc(alias = "DNSPTRData")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DnsPtrData {
    /// Go: `Host`.
    pub host: *mut u16,
}

/// Go: `syscall.DNSMXData` (`DNS_MX_DATAW`), the raw layout;
/// [`DnsData::Mx`] is the copied-out form.
#[doc(alias = "DNSMXData")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DnsMxData {
    /// Go: `NameExchange`.
    pub name_exchange: *mut u16,
    /// Go: `Preference`.
    pub preference: u16,
    /// Go: `Pad`.
    pub pad: u16,
}

/// Go: `syscall.DNSTXTData` (`DNS_TXT_DATAW`), the raw layout (Go declares
/// the count as `uint16`; Windows' is a `DWORD` whose low half it reads);
/// [`DnsData::Txt`] is the copied-out form.
#[doc(alias = "DNSTXTData")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DnsTxtData {
    /// Go: `StringCount`.
    pub string_count: u16,
    /// Go: `StringArray` (the first of `string_count` pointers).
    pub string_array: [*mut u16; 1],
}

/// Go: `syscall.DNSRecord` (`DNS_RECORDW` with its data as 40 raw bytes),
/// the raw layout of a node of [`DnsRecords`].
///
/// Go's callers walk `Next` and cast `Data`; here [`DnsRecords::iter`] does
/// that and yields owned [`DnsEntry`] values.
#[doc(alias = "DNSRecord")]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DnsRecord {
    /// Go: `Next`.
    pub next: *mut DnsRecord,
    /// Go: `Name`.
    pub name: *mut u16,
    /// Go: `Type` (`DNS_TYPE_*`).
    pub type_: u16,
    /// Go: `Length` of the data.
    pub length: u16,
    /// Go: `Dw`: flags, the section in the low two bits.
    pub dw: u32,
    /// Go: `Ttl` (seconds).
    pub ttl: u32,
    /// Go: `Reserved`.
    pub reserved: u32,
    /// Go: `Data`.
    pub data: [u8; 40],
}

/// The data of a record, copied out of the list by [`DnsRecords::iter`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsData {
    /// `DNS_TYPE_A`: an IPv4 address.
    A(Ipv4Addr),
    /// `DNS_TYPE_AAAA`: an IPv6 address.
    Aaaa(Ipv6Addr),
    /// `DNS_TYPE_PTR`: the host name (Go: `DNSPTRData.Host`).
    Ptr(String),
    /// `DNS_TYPE_CNAME`: the canonical name.
    Cname(String),
    /// `DNS_TYPE_NS`: the name server.
    Ns(String),
    /// `DNS_TYPE_MX` (Go: `DNSMXData`).
    Mx {
        /// Go: `NameExchange`.
        exchange: String,
        /// Go: `Preference`.
        preference: u16,
    },
    /// `DNS_TYPE_SRV` (Go: `DNSSRVData`).
    Srv {
        /// Go: `Target`.
        target: String,
        /// Go: `Priority`.
        priority: u16,
        /// Go: `Weight`.
        weight: u16,
        /// Go: `Port`.
        port: u16,
    },
    /// `DNS_TYPE_TEXT` (Go: `DNSTXTData`): the strings.
    Txt(Vec<String>),
    /// Any other type: the first `min(Length, 40)` raw data bytes (Go's
    /// `Data [40]byte` window; pointers inside are meaningless once copied).
    Other(Vec<u8>),
}

/// One record of a [`DnsRecords`] list, copied out (Go: the fields of
/// `DNSRecord` plus its typed `Data`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsEntry {
    /// Go: `Name` (lossy UTF-16 → UTF-8).
    pub name: String,
    /// Go: `Type` (`DNS_TYPE_*`).
    pub type_: u16,
    /// The section: [`DnsSectionAnswer`]… (Go: `Dw & 3`).
    pub section: u32,
    /// Go: `Dw`, all flags.
    pub dw: u32,
    /// Go: `Ttl` (seconds).
    pub ttl: u32,
    /// Go: `Data`, typed.
    pub data: DnsData,
}

/// Go: the `*DNSRecord` list from `DnsQuery`, owned: freed on drop with
/// `DnsFree(list, DnsFreeRecordList)` (what Go's `DnsRecordListFree(list,
/// 1)` does; windows-sys binds the newer name).
#[derive(Debug)]
pub struct DnsRecords(Option<NonNull<DNS_RECORDW>>);

// SAFETY: the list is plain memory owned by this value alone.
unsafe impl Send for DnsRecords {}
// SAFETY: `&DnsRecords` only reads.
unsafe impl Sync for DnsRecords {}

impl DnsRecords {
    /// The records, in list order, each copied into a [`DnsEntry`].
    pub fn iter(&self) -> DnsIter<'_> {
        DnsIter {
            next: self.0.map_or(ptr::null(), |p| p.as_ptr().cast_const()),
            _list: self,
        }
    }

    /// The first record (Go: the list head), if any.
    pub fn first(&self) -> Option<DnsEntry> {
        self.iter().next()
    }

    /// The raw head of the list (still owned by `self`; NULL when empty).
    pub fn as_ptr(&self) -> *const DnsRecord {
        self.0
            .map_or(ptr::null(), |p| p.as_ptr().cast_const().cast())
    }
}

impl<'a> IntoIterator for &'a DnsRecords {
    type Item = DnsEntry;
    type IntoIter = DnsIter<'a>;
    fn into_iter(self) -> DnsIter<'a> {
        self.iter()
    }
}

impl Drop for DnsRecords {
    fn drop(&mut self) {
        if let Some(p) = self.0 {
            // SAFETY: a record list DnsQuery_W gave us, freed once.
            unsafe { DnsFree(p.as_ptr().cast::<c_void>(), DnsFreeRecordList) };
        }
    }
}

/// The iterator of [`DnsRecords::iter`].
#[derive(Debug)]
pub struct DnsIter<'a> {
    next: *const DNS_RECORDW,
    _list: &'a DnsRecords,
}

impl Iterator for DnsIter<'_> {
    type Item = DnsEntry;
    fn next(&mut self) -> Option<DnsEntry> {
        if self.next.is_null() {
            return None;
        }
        let rec = self.next;
        // SAFETY: a node of the live list borrowed by this iterator.
        unsafe {
            self.next = (*rec).pNext;
            Some(entry_from_raw(rec))
        }
    }
}

/// A lossy `String` from a NUL-terminated wide pointer ("" for NULL).
///
/// # Safety
/// `p` is NULL or a valid NUL-terminated UTF-16 string.
unsafe fn wstr(p: *const u16) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: per the caller.
        unsafe { utf16_ptr_to_string(p) }
    }
}

/// Copies one record out.
///
/// # Safety
/// `rec` points to a valid `DNS_RECORDW` whose data matches its type (as
/// DnsQuery_W makes them) and whose allocation covers `wDataLength` data bytes.
unsafe fn entry_from_raw(rec: *const DNS_RECORDW) -> DnsEntry {
    // SAFETY: per the caller, every read below is of a valid field.
    unsafe {
        let r = &*rec;
        let d = addr_of!((*rec).Data);
        let data = match r.wType {
            DNS_TYPE_A => DnsData::A(Ipv4Addr::from(r.Data.A.IpAddress.to_ne_bytes())),
            DNS_TYPE_AAAA => DnsData::Aaaa(Ipv6Addr::from(r.Data.AAAA.Ip6Address.IP6Byte)),
            DNS_TYPE_PTR => DnsData::Ptr(wstr(r.Data.PTR.pNameHost)),
            DNS_TYPE_CNAME => DnsData::Cname(wstr(r.Data.CNAME.pNameHost)),
            DNS_TYPE_NS => DnsData::Ns(wstr(r.Data.NS.pNameHost)),
            DNS_TYPE_MX => DnsData::Mx {
                exchange: wstr(r.Data.MX.pNameExchange),
                preference: r.Data.MX.wPreference,
            },
            DNS_TYPE_SRV => DnsData::Srv {
                target: wstr(r.Data.SRV.pNameTarget),
                priority: r.Data.SRV.wPriority,
                weight: r.Data.SRV.wWeight,
                port: r.Data.SRV.wPort,
            },
            DNS_TYPE_TEXT => {
                let n = r.Data.TXT.dwStringCount as usize;
                // The array runs past the declared one element, inside the
                // same allocation: index from the record pointer.
                let arr = addr_of!((*rec).Data.TXT.pStringArray).cast::<*const u16>();
                DnsData::Txt((0..n).map(|i| wstr(arr.add(i).read())).collect())
            }
            _ => {
                let n = usize::from(r.wDataLength).min(40);
                DnsData::Other(std::slice::from_raw_parts(d.cast::<u8>(), n).to_vec())
            }
        };
        DnsEntry {
            name: wstr(r.pName),
            type_: r.wType,
            section: r.Flags.DW & 3,
            dw: r.Flags.DW,
            ttl: r.dwTtl,
            data,
        }
    }
}

/// Go: `syscall.DnsQuery`: asks the Windows resolver for records of `qtype`
/// ([`DNS_TYPE_A`]…) for `name` (dnsapi `DnsQuery_W`, no server list).
///
/// The status is the error (Go's `status error`): e.g.
/// `Errno(DNS_INFO_NO_RECORDS)` (9501) or `DNS_ERROR_RCODE_NAME_ERROR`
/// (9003). NUL in `name` → `EINVAL` without a call. Go returns the raw list
/// for the caller to free; this returns it owned.
///
/// `options` may hold only the documented `DNS_QUERY_*` bits that leave the
/// answer a plain record list (truncation, TCP, recursion, cache, hosts file,
/// NetBIOS, wire, multicast, FQDN, address-configuration, TTL, IDN and
/// multi-label bits); anything else (`DNS_QUERY_RETURN_MESSAGE` 0x200, the
/// DNSSEC bits, the reserved bits 0xF0000000, unknown bits) gives `EINVAL`
/// without a call. Go passes any value.
#[doc(alias = "DnsQuery")]
pub fn dns_query(name: impl WideArg, qtype: u16, options: u32) -> Result<DnsRecords> {
    query(name, qtype, options, ptr::null_mut())
}

/// [`dns_query`] against the given DNS servers instead of the configured
/// ones: an `IP4_ARRAY` in `DnsQuery_W`'s `pExtra` (Go's `extra *byte`).
/// An empty list is the same as [`dns_query`]; `options` as in [`dns_query`]
/// (no option makes dnsapi read the list as anything but an `IP4_ARRAY`).
/// Beyond Go's signature.
#[doc(alias = "DnsQuery")]
pub fn dns_query_servers(
    name: impl WideArg,
    qtype: u16,
    options: u32,
    servers: &[Ipv4Addr],
) -> Result<DnsRecords> {
    if servers.is_empty() {
        return dns_query(name, qtype, options);
    }
    // IP4_ARRAY (windns.h): a u32 AddrCount, then AddrCount u32 addresses
    // in network order, 4-aligned; `query` refuses every option that would
    // make dnsapi read pExtra as anything else.
    let count = u32::try_from(servers.len()).map_err(|_| Errno::EINVAL)?;
    let mut arr = Vec::with_capacity(servers.len() + 1);
    arr.push(count);
    arr.extend(servers.iter().map(|a| u32::from_ne_bytes(a.octets())));
    query(name, qtype, options, arr.as_mut_ptr().cast())
}

/// The `DNS_QUERY_*` bits [`dns_query`] passes on: each leaves the result a
/// plain `DNS_RECORD` list and `pExtra` NULL or an `IP4_ARRAY`. Left out:
/// `RETURN_MESSAGE` (0x200: the raw message, and `pExtra` read as a
/// `DNS_EXTRA_INFO` chain), the DNSSEC bits and the reserved 0xF0000000.
const QUERY_OPTIONS_ALLOWED: u32 = 0x1 // ACCEPT_TRUNCATED_RESPONSE
    | 0x2 // USE_TCP_ONLY
    | 0x4 // NO_RECURSION
    | 0x8 // BYPASS_CACHE
    | 0x10 // NO_WIRE_QUERY (= CACHE_ONLY)
    | 0x20 // NO_LOCAL_NAME
    | 0x40 // NO_HOSTS_FILE
    | 0x80 // NO_NETBT
    | 0x100 // WIRE_ONLY
    | 0x400 // MULTICAST_ONLY
    | 0x800 // NO_MULTICAST
    | 0x1000 // TREAT_AS_FQDN
    | 0x2000 // ADDRCONFIG
    | 0x4000 // DUAL_ADDR
    | 0x2_0000 // MULTICAST_WAIT
    | 0x4_0000 // MULTICAST_VERIFY
    | 0x10_0000 // DONT_RESET_TTL_VALUES
    | 0x20_0000 // DISABLE_IDN_ENCODING
    | 0x80_0000; // APPEND_MULTILABEL

fn query(name: impl WideArg, qtype: u16, options: u32, extra: *mut c_void) -> Result<DnsRecords> {
    if options & !QUERY_OPTIONS_ALLOWED != 0 {
        return Err(Errno::EINVAL);
    }
    let mut head: *mut DNS_RECORDA = ptr::null_mut();
    // SAFETY: `w` is NUL-terminated; `extra` is NULL or an IP4_ARRAY living
    // across the call; `head` receives a list we then own.
    let status = name.with_wide(|w| unsafe {
        DnsQuery_W(
            w.as_ptr(),
            qtype,
            options,
            extra,
            &mut head,
            ptr::null_mut(),
        )
    })?;
    let list = DnsRecords(NonNull::new(head.cast()));
    cvt_code(status)?;
    Ok(list)
}

/// Go: `syscall.DnsRecordListFree(list, 1)` is [`DnsRecords`]' drop; this
/// function makes it explicit.
#[doc(alias = "DnsRecordListFree")]
pub fn dns_record_list_free(list: DnsRecords) {
    drop(list)
}

/// Go: `syscall.DnsNameCompare`: whether two DNS names are equal as DNS
/// compares them (case-insensitive, a trailing dot ignored): dnsapi
/// `DnsNameCompare_W`.
///
/// Go returns a bare `bool`; this returns `Err(EINVAL)` for a NUL inside
/// either name (Go's string conversion would have panicked on none: its
/// `//sys` takes `*uint16`).
#[doc(alias = "DnsNameCompare")]
pub fn dns_name_compare(name1: impl WideArg, name2: impl WideArg) -> Result<bool> {
    name1.with_wide(|a| {
        // SAFETY: both strings are NUL-terminated and outlive the call.
        name2.with_wide(|b| unsafe { DnsNameCompare_W(a.as_ptr(), b.as_ptr()) } != 0)
    })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows_sys::Win32::NetworkManagement::Dns::DNS_TXT_DATAW;

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain([0]).collect()
    }

    #[test]
    fn go_constants_match_windows_sys() {
        use windows_sys::Win32::NetworkManagement::Dns as ws;
        macro_rules! same {
            ($($n:ident),*) => {$( assert_eq!($n as i64, ws::$n as i64, stringify!($n)); )*};
        }
        same!(
            DNS_TYPE_A,
            DNS_TYPE_NS,
            DNS_TYPE_MD,
            DNS_TYPE_MF,
            DNS_TYPE_CNAME,
            DNS_TYPE_SOA,
            DNS_TYPE_MB,
            DNS_TYPE_MG,
            DNS_TYPE_MR,
            DNS_TYPE_NULL,
            DNS_TYPE_WKS,
            DNS_TYPE_PTR,
            DNS_TYPE_HINFO,
            DNS_TYPE_MINFO,
            DNS_TYPE_MX,
            DNS_TYPE_TEXT,
            DNS_TYPE_RP,
            DNS_TYPE_AFSDB,
            DNS_TYPE_X25,
            DNS_TYPE_ISDN,
            DNS_TYPE_RT,
            DNS_TYPE_NSAP,
            DNS_TYPE_NSAPPTR,
            DNS_TYPE_SIG,
            DNS_TYPE_KEY,
            DNS_TYPE_PX,
            DNS_TYPE_GPOS,
            DNS_TYPE_AAAA,
            DNS_TYPE_LOC,
            DNS_TYPE_NXT,
            DNS_TYPE_EID,
            DNS_TYPE_NIMLOC,
            DNS_TYPE_SRV,
            DNS_TYPE_ATMA,
            DNS_TYPE_NAPTR,
            DNS_TYPE_KX,
            DNS_TYPE_CERT,
            DNS_TYPE_A6,
            DNS_TYPE_DNAME,
            DNS_TYPE_SINK,
            DNS_TYPE_OPT,
            DNS_TYPE_DS,
            DNS_TYPE_RRSIG,
            DNS_TYPE_NSEC,
            DNS_TYPE_DNSKEY,
            DNS_TYPE_DHCID,
            DNS_TYPE_UINFO,
            DNS_TYPE_UID,
            DNS_TYPE_GID,
            DNS_TYPE_UNSPEC,
            DNS_TYPE_ADDRS,
            DNS_TYPE_TKEY,
            DNS_TYPE_TSIG,
            DNS_TYPE_IXFR,
            DNS_TYPE_AXFR,
            DNS_TYPE_MAILB,
            DNS_TYPE_MAILA,
            DNS_TYPE_ALL,
            DNS_TYPE_ANY,
            DNS_TYPE_WINS,
            DNS_TYPE_WINSR,
            DnsSectionQuestion,
            DnsSectionAnswer,
            DnsSectionAuthority,
            DNS_QUERY_STANDARD,
            DNS_QUERY_BYPASS_CACHE,
            DNS_QUERY_NO_WIRE_QUERY,
            DNS_QUERY_NO_HOSTS_FILE,
            DNS_QUERY_NO_NETBT,
            DNS_QUERY_NO_MULTICAST
        );
        assert_eq!(
            DNS_INFO_NO_RECORDS as i32,
            windows_sys::Win32::Foundation::DNS_INFO_NO_RECORDS
        );
        // windns.h spells it DnsSectionAddtional.
        assert_eq!(DnsSectionAdditional as i32, ws::DnsSectionAddtional);
        // Go's one departure from windns.h.
        assert_eq!((DNS_TYPE_NBSTAT, ws::DNS_TYPE_NBSTAT), (0xff01, 0xff02));
    }

    #[test]
    fn records_are_copied_out_by_type() {
        let name = wide("example.test");
        let host = wide("mail.example.test");
        let t1 = wide("v=spf1");
        let t2 = wide("hello");
        // SAFETY: zeroed DNS_RECORDW is a valid (empty) record.
        let mut recs: [DNS_RECORDW; 5] = unsafe { core::mem::zeroed() };
        for r in recs.iter_mut() {
            r.pName = name.as_ptr() as *mut u16;
            r.dwTtl = 60;
            r.Flags.DW = DnsSectionAnswer | 0x2000;
        }
        recs[0].wType = DNS_TYPE_A;
        recs[0].Data.A.IpAddress = u32::from_ne_bytes([127, 0, 0, 1]);
        recs[1].wType = DNS_TYPE_MX;
        recs[1].Data.MX.pNameExchange = host.as_ptr() as *mut u16;
        recs[1].Data.MX.wPreference = 10;
        recs[2].wType = DNS_TYPE_SRV;
        recs[2].Data.SRV.pNameTarget = host.as_ptr() as *mut u16;
        recs[2].Data.SRV.wPriority = 1;
        recs[2].Data.SRV.wWeight = 2;
        recs[2].Data.SRV.wPort = 443;
        recs[3].wType = DNS_TYPE_AAAA;
        recs[3].Data.AAAA.Ip6Address.IP6Byte = Ipv6Addr::LOCALHOST.octets();
        recs[4].wType = DNS_TYPE_CNAME;
        recs[4].Data.CNAME.pNameHost = host.as_ptr() as *mut u16;
        // SAFETY: every record is valid for its type.
        let got: Vec<DnsEntry> = recs.iter().map(|r| unsafe { entry_from_raw(r) }).collect();
        assert_eq!(got[0].data, DnsData::A(Ipv4Addr::LOCALHOST));
        assert_eq!(got[0].name, "example.test");
        assert_eq!((got[0].section, got[0].ttl), (DnsSectionAnswer, 60));
        let exchange = "mail.example.test".to_string();
        assert_eq!(
            got[1].data,
            DnsData::Mx {
                exchange: exchange.clone(),
                preference: 10
            }
        );
        assert_eq!(
            got[2].data,
            DnsData::Srv {
                target: exchange.clone(),
                priority: 1,
                weight: 2,
                port: 443
            }
        );
        assert_eq!(got[3].data, DnsData::Aaaa(Ipv6Addr::LOCALHOST));
        assert_eq!(got[4].data, DnsData::Cname(exchange));

        // TXT with two strings: the pointer array runs past the record's
        // declared one element, so lay it out in a bigger buffer.
        #[repr(C)]
        struct Txt2 {
            rec: DNS_RECORDW,
            more: [*const u16; 1],
        }
        // SAFETY: all-zero is valid for both fields.
        let mut t: Txt2 = unsafe { core::mem::zeroed() };
        t.rec.wType = DNS_TYPE_TEXT;
        t.rec.Data.TXT = DNS_TXT_DATAW {
            dwStringCount: 2,
            pStringArray: [t1.as_ptr() as *mut u16],
        };
        let off = core::mem::offset_of!(DNS_RECORDW, Data)
            + core::mem::offset_of!(DNS_TXT_DATAW, pStringArray);
        let word = size_of::<usize>();
        // SAFETY: the second slot is one pointer after the first, inside `t`
        // (size checked).
        unsafe {
            assert!(off + 2 * word <= size_of::<Txt2>());
            let base = ptr::from_mut(&mut t).cast::<u8>();
            base.add(off + word)
                .cast::<*const u16>()
                .write_unaligned(t2.as_ptr());
        }
        // SAFETY: a TXT record with two valid strings; the pointer covers
        // all of `t`, where the second string pointer lies.
        let e = unsafe { entry_from_raw(ptr::from_ref(&t).cast()) };
        assert_eq!(e.data, DnsData::Txt(vec!["v=spf1".into(), "hello".into()]));
        assert_eq!(e.name, "");
    }
}
