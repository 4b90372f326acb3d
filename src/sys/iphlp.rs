//! The IP helper calls Go's `syscall` exports: [`get_adapters_info`] (the
//! IPv4 adapter list, copied into owned [`AdapterInfo`] values) and
//! [`get_if_entry`] (an interface's [`MibIfRow`]), plus Go's raw layouts
//! (`IpAdapterInfo`, `IpAddrString`, `InterfaceInfo`…).
//!
//! ```no_run
//! # fn main() -> winsyscall::Result<()> {
//! for a in winsyscall::get_adapters_info()? {
//!     let row = winsyscall::get_if_entry(a.index)?;
//!     println!("{} {:?} mtu {}", a.adapter_name, a.ip_address_list, row.mtu);
//! }
//! # Ok(()) }
//! ```

use crate::errno::{Errno, Result};
use crate::sys::cvt_code;
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetAdaptersInfo, GetIfEntry, IP_ADAPTER_INFO, IP_ADDR_STRING, MIB_IFROW,
};

go_consts! { usize;
    MAX_ADAPTER_NAME_LENGTH = 256; MAX_ADAPTER_DESCRIPTION_LENGTH = 128;
    MAX_ADAPTER_ADDRESS_LENGTH = 8; MAXLEN_PHYSADDR = 8; MAX_INTERFACE_NAME_LEN = 256;
    MAXLEN_IFDESCR = 256;
}

/// Go: `syscall.SockaddrGen` (`[24]byte`): the `sockaddr_gen` union of an
/// [`InterfaceInfo`] (a `sockaddr_in`, or an old 24-byte `sockaddr_in6`).
pub type SockaddrGen = [u8; 24];

/// Go: `syscall.InterfaceInfo` (`INTERFACE_INFO`): one entry of the list
/// `WSAIoctl(SIO_GET_INTERFACE_LIST)` returns into a byte buffer (read the
/// buffer as `[InterfaceInfo]`: this is plain data).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InterfaceInfo {
    /// Go: `Flags` (`IFF_UP`…).
    pub flags: u32,
    /// Go: `Address`.
    pub address: SockaddrGen,
    /// Go: `BroadcastAddress`.
    pub broadcast_address: SockaddrGen,
    /// Go: `Netmask`.
    pub netmask: SockaddrGen,
}

/// Go: `syscall.IpAddressString` (`IP_ADDRESS_STRING`): a dotted IPv4
/// address as up to 15 ASCII bytes and a NUL.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct IpAddressString {
    /// Go: `String`.
    pub string: [u8; 16],
}

impl IpAddressString {
    /// The text up to the first NUL (lossy).
    pub fn to_string_lossy(&self) -> String {
        let n = self.string.iter().position(|&b| b == 0).unwrap_or(16);
        String::from_utf8_lossy(&self.string[..n]).into_owned()
    }
}

/// Go: `syscall.IpMaskString`, the same layout as [`IpAddressString`].
pub type IpMaskString = IpAddressString;

/// Go: `syscall.IpAddrString` (`IP_ADDR_STRING`): a node of a list of
/// address/mask strings. [`AdapterInfo`] holds the copied-out lists.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct IpAddrString {
    /// Go: `Next`.
    pub next: *mut IpAddrString,
    /// Go: `IpAddress`.
    pub ip_address: IpAddressString,
    /// Go: `IpMask`.
    pub ip_mask: IpMaskString,
    /// Go: `Context`.
    pub context: u32,
}

/// Go: `syscall.IpAdapterInfo` (`IP_ADAPTER_INFO`): a node of the adapter
/// list `GetAdaptersInfo` fills, the raw layout. [`get_adapters_info`]
/// returns [`AdapterInfo`] copies instead.
///
/// Go declares `HaveWins` as a 1-byte `bool`; Windows writes a 4-byte `BOOL`
/// there (the padding after Go's byte), so it is a `u32` here.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct IpAdapterInfo {
    /// Go: `Next`.
    pub next: *mut IpAdapterInfo,
    /// Go: `ComboIndex`.
    pub combo_index: u32,
    /// Go: `AdapterName` (ASCII, NUL-terminated).
    pub adapter_name: [u8; MAX_ADAPTER_NAME_LENGTH + 4],
    /// Go: `Description` (ANSI, NUL-terminated).
    pub description: [u8; MAX_ADAPTER_DESCRIPTION_LENGTH + 4],
    /// Go: `AddressLength`.
    pub address_length: u32,
    /// Go: `Address` (the MAC address).
    pub address: [u8; MAX_ADAPTER_ADDRESS_LENGTH],
    /// Go: `Index`.
    pub index: u32,
    /// Go: `Type` (`MIB_IF_TYPE_*`).
    pub type_: u32,
    /// Go: `DhcpEnabled`.
    pub dhcp_enabled: u32,
    /// Go: `CurrentIpAddress`.
    pub current_ip_address: *mut IpAddrString,
    /// Go: `IpAddressList`.
    pub ip_address_list: IpAddrString,
    /// Go: `GatewayList`.
    pub gateway_list: IpAddrString,
    /// Go: `DhcpServer`.
    pub dhcp_server: IpAddrString,
    /// Go: `HaveWins`.
    pub have_wins: u32,
    /// Go: `PrimaryWinsServer`.
    pub primary_wins_server: IpAddrString,
    /// Go: `SecondaryWinsServer`.
    pub secondary_wins_server: IpAddrString,
    /// Go: `LeaseObtained` (a C `time_t`).
    pub lease_obtained: i64,
    /// Go: `LeaseExpires`.
    pub lease_expires: i64,
}

/// One address of an [`AdapterInfo`] list (a copied-out [`IpAddrString`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IpAddrEntry {
    /// Go: `IpAddress` (dotted text, `"0.0.0.0"` or `""` when Windows has none).
    pub ip_address: String,
    /// Go: `IpMask`.
    pub ip_mask: String,
    /// Go: `Context`.
    pub context: u32,
}

/// One adapter from [`get_adapters_info`]: an owned copy of an
/// [`IpAdapterInfo`] node with its address lists walked and its strings
/// decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdapterInfo {
    /// Go: `ComboIndex`.
    pub combo_index: u32,
    /// Go: `AdapterName` (usually a `{GUID}`).
    pub adapter_name: String,
    /// Go: `Description`.
    pub description: String,
    /// Go: `Address[:AddressLength]`, the MAC address.
    pub address: Vec<u8>,
    /// Go: `Index`, the interface index for [`get_if_entry`].
    pub index: u32,
    /// Go: `Type` (`MIB_IF_TYPE_ETHERNET` 6, `MIB_IF_TYPE_LOOPBACK` 24…).
    pub type_: u32,
    /// Go: `DhcpEnabled != 0`.
    pub dhcp_enabled: bool,
    /// Go: `*CurrentIpAddress`, when set.
    pub current_ip_address: Option<IpAddrEntry>,
    /// Go: `IpAddressList`, every node.
    pub ip_address_list: Vec<IpAddrEntry>,
    /// Go: `GatewayList`, every node.
    pub gateway_list: Vec<IpAddrEntry>,
    /// Go: `DhcpServer`, every node.
    pub dhcp_server: Vec<IpAddrEntry>,
    /// Go: `HaveWins`.
    pub have_wins: bool,
    /// Go: `PrimaryWinsServer`, every node.
    pub primary_wins_server: Vec<IpAddrEntry>,
    /// Go: `SecondaryWinsServer`, every node.
    pub secondary_wins_server: Vec<IpAddrEntry>,
    /// Go: `LeaseObtained` (seconds since 1970).
    pub lease_obtained: i64,
    /// Go: `LeaseExpires` (seconds since 1970).
    pub lease_expires: i64,
}

fn cstr_lossy(b: &[u8]) -> String {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..n]).into_owned()
}

fn entry(s: &IP_ADDR_STRING) -> IpAddrEntry {
    let text = |a: &[i8; 16]| cstr_lossy(&a.map(|c| c as u8));
    IpAddrEntry {
        ip_address: text(&s.IpAddress.String),
        ip_mask: text(&s.IpMask.String),
        context: s.Context,
    }
}

/// Walks an `IP_ADDR_STRING` list from its embedded head.
///
/// # Safety
/// Every `Next` pointer is NULL or points to a valid node (inside the
/// GetAdaptersInfo buffer, still alive).
unsafe fn walk(head: &IP_ADDR_STRING) -> Vec<IpAddrEntry> {
    let mut out = vec![entry(head)];
    let mut p = head.Next;
    while !p.is_null() {
        // SAFETY: a valid node, per the caller.
        let n = unsafe { &*p };
        out.push(entry(n));
        p = n.Next;
    }
    out
}

/// Go: `syscall.GetAdaptersInfo`: the machine's IPv4 adapters (iphlpapi
/// `GetAdaptersInfo`), each copied into an [`AdapterInfo`].
///
/// The buffer starts empty and grows to the size Windows asks for on
/// `ERROR_BUFFER_OVERFLOW` (111), as Go's `net` package does around the raw
/// call. Errors are the return code (Go's `errcode error`): with no adapter
/// at all Windows answers `ERROR_NO_DATA` (232), returned as `Err` like Go.
#[doc(alias = "GetAdaptersInfo")]
pub fn get_adapters_info() -> Result<Vec<AdapterInfo>> {
    let mut len = 0u32;
    let mut buf: Vec<u64> = Vec::new();
    loop {
        let p = if buf.is_empty() {
            core::ptr::null_mut()
        } else {
            buf.as_mut_ptr().cast::<IP_ADAPTER_INFO>()
        };
        // SAFETY: `p` is NULL (with len 0) or a buffer of at least `len`
        // bytes, 8-byte aligned as the structure needs.
        match cvt_code(unsafe { GetAdaptersInfo(p, &mut len) }) {
            Ok(()) => break,
            Err(Errno::ERROR_BUFFER_OVERFLOW) if (len as usize) > buf.len() * 8 => {
                buf = vec![0u64; (len as usize).div_ceil(8)];
            }
            Err(e) => return Err(e),
        }
    }
    let mut out = Vec::new();
    let mut p = if buf.is_empty() {
        core::ptr::null()
    } else {
        buf.as_ptr().cast::<IP_ADAPTER_INFO>()
    };
    while !p.is_null() {
        // SAFETY: a node Windows wrote into `buf`, which is alive; its list
        // pointers point inside `buf` too.
        let a = unsafe { &*p };
        let addr_len = (a.AddressLength as usize).min(MAX_ADAPTER_ADDRESS_LENGTH);
        // SAFETY: every list pointer (and CurrentIpAddress) is NULL or a node
        // inside `buf`, as GetAdaptersInfo lays them out.
        let (current, ips, gateways, dhcp, wins1, wins2) = unsafe {
            (
                a.CurrentIpAddress.as_ref().map(entry),
                walk(&a.IpAddressList),
                walk(&a.GatewayList),
                walk(&a.DhcpServer),
                walk(&a.PrimaryWinsServer),
                walk(&a.SecondaryWinsServer),
            )
        };
        out.push(AdapterInfo {
            combo_index: a.ComboIndex,
            adapter_name: cstr_lossy(&a.AdapterName.map(|c| c as u8)),
            description: cstr_lossy(&a.Description.map(|c| c as u8)),
            address: a.Address[..addr_len].to_vec(),
            index: a.Index,
            type_: a.Type,
            dhcp_enabled: a.DhcpEnabled != 0,
            current_ip_address: current,
            ip_address_list: ips,
            gateway_list: gateways,
            dhcp_server: dhcp,
            have_wins: a.HaveWins != 0,
            primary_wins_server: wins1,
            secondary_wins_server: wins2,
            lease_obtained: a.LeaseObtained,
            lease_expires: a.LeaseExpires,
        });
        p = a.Next;
    }
    Ok(out)
}

/// Go: `syscall.MibIfRow` (`MIB_IFROW`): an interface's description and
/// counters, from [`get_if_entry`]. Plain data.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MibIfRow {
    /// Go: `Name` (UTF-16, NUL-terminated).
    pub name: [u16; MAX_INTERFACE_NAME_LEN],
    /// Go: `Index`.
    pub index: u32,
    /// Go: `Type`.
    pub type_: u32,
    /// Go: `Mtu`.
    pub mtu: u32,
    /// Go: `Speed` (bits per second).
    pub speed: u32,
    /// Go: `PhysAddrLen`.
    pub phys_addr_len: u32,
    /// Go: `PhysAddr`.
    pub phys_addr: [u8; MAXLEN_PHYSADDR],
    /// Go: `AdminStatus`.
    pub admin_status: u32,
    /// Go: `OperStatus`.
    pub oper_status: u32,
    /// Go: `LastChange`.
    pub last_change: u32,
    /// Go: `InOctets`.
    pub in_octets: u32,
    /// Go: `InUcastPkts`.
    pub in_ucast_pkts: u32,
    /// Go: `InNUcastPkts`.
    pub in_n_ucast_pkts: u32,
    /// Go: `InDiscards`.
    pub in_discards: u32,
    /// Go: `InErrors`.
    pub in_errors: u32,
    /// Go: `InUnknownProtos`.
    pub in_unknown_protos: u32,
    /// Go: `OutOctets`.
    pub out_octets: u32,
    /// Go: `OutUcastPkts`.
    pub out_ucast_pkts: u32,
    /// Go: `OutNUcastPkts`.
    pub out_n_ucast_pkts: u32,
    /// Go: `OutDiscards`.
    pub out_discards: u32,
    /// Go: `OutErrors`.
    pub out_errors: u32,
    /// Go: `OutQLen`.
    pub out_q_len: u32,
    /// Go: `DescrLen`.
    pub descr_len: u32,
    /// Go: `Descr` (ASCII).
    pub descr: [u8; MAXLEN_IFDESCR],
}

impl Default for MibIfRow {
    fn default() -> MibIfRow {
        // SAFETY: all fields are integers or integer arrays; zero is valid.
        unsafe { core::mem::zeroed() }
    }
}

impl MibIfRow {
    /// `name` up to its NUL, lossy.
    pub fn name_string(&self) -> String {
        let n = self
            .name
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(self.name.len());
        String::from_utf16_lossy(&self.name[..n])
    }

    /// `descr[..descr_len]` up to a NUL, lossy.
    pub fn descr_string(&self) -> String {
        cstr_lossy(&self.descr[..(self.descr_len as usize).min(MAXLEN_IFDESCR)])
    }

    /// `phys_addr[..phys_addr_len]`.
    pub fn phys_addr(&self) -> &[u8] {
        &self.phys_addr[..(self.phys_addr_len as usize).min(MAXLEN_PHYSADDR)]
    }
}

/// Go: `syscall.GetIfEntry`: the [`MibIfRow`] of interface `index` (iphlpapi
/// `GetIfEntry`; the error is the return code, Go's `errcode error`).
///
/// Go fills a caller's row whose `Index` is set; this takes the index and
/// returns the row. An index no interface has fails with
/// `ERROR_INVALID_DATA` (13) on Windows (Wine 8: `ERROR_FILE_NOT_FOUND`).
#[doc(alias = "GetIfEntry")]
pub fn get_if_entry(index: u32) -> Result<MibIfRow> {
    let mut row = MibIfRow {
        index,
        ..MibIfRow::default()
    };
    // SAFETY: `MibIfRow` has MIB_IFROW's layout (tested) and is writable.
    cvt_code(unsafe { GetIfEntry(core::ptr::from_mut(&mut row).cast::<MIB_IFROW>()) })?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_constants_match_windows_sys() {
        use windows_sys::Win32::NetworkManagement::IpHelper as ws;
        assert_eq!(
            MAX_ADAPTER_NAME_LENGTH,
            ws::MAX_ADAPTER_NAME_LENGTH as usize
        );
        assert_eq!(
            MAX_ADAPTER_DESCRIPTION_LENGTH,
            ws::MAX_ADAPTER_DESCRIPTION_LENGTH as usize
        );
        assert_eq!(
            MAX_ADAPTER_ADDRESS_LENGTH,
            ws::MAX_ADAPTER_ADDRESS_LENGTH as usize
        );
        assert_eq!(MAXLEN_PHYSADDR, ws::MAXLEN_PHYSADDR as usize);
        assert_eq!(MAX_INTERFACE_NAME_LEN, ws::MAX_INTERFACE_NAME_LEN as usize);
        assert_eq!(MAXLEN_IFDESCR, ws::MAXLEN_IFDESCR as usize);
    }

    #[test]
    fn strings_stop_at_nul() {
        let mut a = IpAddressString::default();
        a.string[..9].copy_from_slice(b"127.0.0.1");
        assert_eq!(a.to_string_lossy(), "127.0.0.1");
        let mut r = MibIfRow::default();
        r.descr[..2].copy_from_slice(b"lo");
        r.descr_len = 3;
        assert_eq!(r.descr_string(), "lo");
    }
}
