//! Memory layouts of every `repr(C)` type the crate hands to Windows or reads from it.
//!
//! Each layout is compared with the matching `windows-sys` type (`size_of`, `align_of`,
//! `offset_of!`) rather than with numbers written for one architecture, so the same
//! assertions hold on x86_64, i686 and aarch64. Where Go's layout deliberately differs
//! from the Windows header (a shorter array, a count of another width, a struct that
//! stops before Windows' newer trailing fields), the test states the difference in
//! terms of the `windows-sys` type. Layouts that are the same on every architecture
//! (fixed-width fields only) are also checked portably, with Go's numbers.

use core::mem::{align_of, offset_of, size_of};
use winsyscall::*;

/// `$ours` has the size of `$theirs` (and, unless written `size`, its alignment), and
/// each `our_field = their_field` pair sits at the same offset.
#[cfg_attr(not(windows), allow(unused_macros))]
macro_rules! same_layout {
    ($ours:ty = $theirs:ty $(; $f:ident = $g:ident)* $(;)?) => {{
        same_layout!(size $ours = $theirs $(; $f = $g)*);
        assert_eq!(
            align_of::<$ours>(),
            align_of::<$theirs>(),
            "alignment of {}",
            stringify!($ours)
        );
    }};
    (size $ours:ty = $theirs:ty $(; $f:ident = $g:ident)* $(;)?) => {{
        assert_eq!(
            size_of::<$ours>(),
            size_of::<$theirs>(),
            "size of {} vs {}",
            stringify!($ours),
            stringify!($theirs)
        );
        same_offsets!($ours = $theirs $(; $f = $g)*);
    }};
}

/// Each `our_field = their_field` pair sits at the same offset (for Go structs that
/// are a prefix of the Windows one).
#[cfg_attr(not(windows), allow(unused_macros))]
macro_rules! same_offsets {
    ($ours:ty = $theirs:ty $(; $f:ident = $g:ident)* $(;)?) => {{
        $(
            assert_eq!(
                offset_of!($ours, $f),
                offset_of!($theirs, $g),
                "{}.{} vs {}.{}",
                stringify!($ours),
                stringify!($f),
                stringify!($theirs),
                stringify!($g)
            );
        )*
    }};
}

/// Socket addresses and option structs have fixed-width fields only: Go's sizes hold
/// on every architecture.
#[test]
fn sockaddr_layouts_as_go() {
    assert_eq!(size_of::<RawSockaddr>(), 16);
    assert_eq!(size_of::<RawSockaddrInet4>(), 16);
    assert_eq!(offset_of!(RawSockaddrInet4, port), 2);
    assert_eq!(offset_of!(RawSockaddrInet4, addr), 4);
    assert_eq!(offset_of!(RawSockaddrInet4, zero), 8);
    assert_eq!(size_of::<RawSockaddrInet6>(), 28);
    assert_eq!(offset_of!(RawSockaddrInet6, flowinfo), 4);
    assert_eq!(offset_of!(RawSockaddrInet6, addr), 8);
    assert_eq!(offset_of!(RawSockaddrInet6, scope_id), 24);
    assert_eq!(size_of::<RawSockaddrUnix>(), 2 + UNIX_PATH_MAX);
    assert_eq!(UNIX_PATH_MAX, 108);
    assert_eq!(size_of::<RawSockaddrAny>(), SIZEOF_SOCKADDR_ANY);
    assert_eq!(SIZEOF_SOCKADDR_ANY, 116);
    assert_eq!(align_of::<RawSockaddrAny>(), 2);
    assert_eq!(size_of::<SysLinger>(), 4);
    assert_eq!(size_of::<Linger>(), 8);
    assert_eq!(size_of::<IPMreq>(), 8);
    assert_eq!(size_of::<IPv6Mreq>(), 20);
    assert_eq!(size_of::<TCPKeepalive>(), 12);
    assert_eq!(size_of::<GUID>(), 16);
}

/// Time structs: fixed-width fields, the same everywhere.
#[test]
fn time_layouts_as_go() {
    assert_eq!((size_of::<Filetime>(), align_of::<Filetime>()), (8, 4));
    assert_eq!(size_of::<Timeval>(), 8);
    assert_eq!(size_of::<Timespec>(), 16);
    assert_eq!(size_of::<Systemtime>(), 16);
    assert_eq!(size_of::<Timezoneinformation>(), 172);
    assert_eq!(size_of::<Rusage>(), 4 * size_of::<Filetime>());
}

#[cfg(windows)]
mod windows {
    use super::*;
    use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};
    use windows_sys::Win32::NetworkManagement::Dns as dns;
    use windows_sys::Win32::NetworkManagement::IpHelper as ip;
    use windows_sys::Win32::Networking::WinSock as ws;
    use windows_sys::Win32::Security::Cryptography as cr;
    use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
    use windows_sys::Win32::Storage::FileSystem as fs;
    use windows_sys::Win32::System::Diagnostics::ToolHelp::PROCESSENTRY32W;
    use windows_sys::Win32::System::IO::{OVERLAPPED, OVERLAPPED_ENTRY};
    use windows_sys::Win32::System::Threading::STARTUPINFOW;
    use windows_sys::Win32::System::Time::TIME_ZONE_INFORMATION;

    #[test]
    fn sockaddr_layouts_equal_windows_sys() {
        same_layout!(RawSockaddr = ws::SOCKADDR; family = sa_family; data = sa_data);
        // Go's [4]byte address: byte-aligned where IN_ADDR is a u32 union.
        same_layout!(size RawSockaddrInet4 = ws::SOCKADDR_IN;
            family = sin_family; port = sin_port; addr = sin_addr; zero = sin_zero);
        same_layout!(RawSockaddrInet6 = ws::SOCKADDR_IN6;
            family = sin6_family; port = sin6_port; flowinfo = sin6_flowinfo;
            addr = sin6_addr; scope_id = Anonymous);
        same_layout!(RawSockaddrUnix = ws::SOCKADDR_UN; family = sun_family; path = sun_path);
        assert_eq!(
            offset_of!(ws::SOCKADDR_STORAGE, ss_family),
            offset_of!(RawSockaddrAny, addr)
        );
        assert!(size_of::<ws::SOCKADDR_STORAGE>() >= size_of::<RawSockaddrAny>());
        same_layout!(SysLinger = ws::LINGER; onoff = l_onoff; linger = l_linger);
        // Go's [4]byte fields: byte-aligned where IN_ADDR is a u32 union.
        same_layout!(size IPMreq = ws::IP_MREQ; multiaddr = imr_multiaddr; interface = imr_interface);
        same_layout!(IPv6Mreq = ws::IPV6_MREQ; multiaddr = ipv6mr_multiaddr; interface = ipv6mr_interface);
        same_layout!(TCPKeepalive = ws::tcp_keepalive; on_off = onoff;
            time = keepalivetime; interval = keepaliveinterval);
        same_layout!(GUID = windows_sys::core::GUID; data1 = data1; data2 = data2;
            data3 = data3; data4 = data4);
        assert_eq!(
            ws::SIO_GET_EXTENSION_FUNCTION_POINTER,
            SIO_GET_EXTENSION_FUNCTION_POINTER
        );
        assert_eq!(ws::SIO_KEEPALIVE_VALS, SIO_KEEPALIVE_VALS);
        assert_eq!(ws::SO_RCVTIMEO, SO_RCVTIMEO);
        assert_eq!(ws::SO_SNDTIMEO, SO_SNDTIMEO);
        assert_eq!(ws::MSG_PEEK, MSG_PEEK);
        assert_eq!(ws::AF_INET6, AF_INET6 as u16);
    }

    #[test]
    fn time_layouts_equal_windows_sys() {
        same_layout!(Filetime = FILETIME;
            low_date_time = dwLowDateTime; high_date_time = dwHighDateTime);
        same_layout!(Systemtime = SYSTEMTIME; year = wYear; day = wDay;
            milliseconds = wMilliseconds);
        same_layout!(Timezoneinformation = TIME_ZONE_INFORMATION; bias = Bias;
            standard_name = StandardName; standard_date = StandardDate;
            standard_bias = StandardBias; daylight_name = DaylightName;
            daylight_date = DaylightDate; daylight_bias = DaylightBias);
    }

    #[test]
    fn overlapped_and_completion_layouts() {
        same_layout!(Overlapped = OVERLAPPED; internal = Internal;
            internal_high = InternalHigh; offset = Anonymous; h_event = hEvent);
        assert_eq!(
            offset_of!(Overlapped, offset_high),
            offset_of!(OVERLAPPED, Anonymous) + 4
        );
        same_layout!(OverlappedEntry = OVERLAPPED_ENTRY; key = lpCompletionKey;
            overlapped = lpOverlapped; internal = Internal;
            bytes = dwNumberOfBytesTransferred);
        same_layout!(TransmitFileBuffers = ws::TRANSMIT_FILE_BUFFERS; head = Head;
            head_length = HeadLength; tail = Tail; tail_length = TailLength);
        let g = ws::WSAID_CONNECTEX;
        assert_eq!(
            (
                WSAID_CONNECTEX.data1,
                WSAID_CONNECTEX.data2,
                WSAID_CONNECTEX.data3,
                WSAID_CONNECTEX.data4
            ),
            (g.data1, g.data2, g.data3, g.data4)
        );
        let ov = Overlapped::at_offset(0x1_2345_6789);
        assert_eq!(
            (ov.offset, ov.offset_high, ov.file_offset()),
            (0x2345_6789, 1, 0x1_2345_6789)
        );
    }

    #[test]
    fn wsa_layouts() {
        same_layout!(WSABuf = ws::WSABUF; len = len; buf = buf);
        // The safe forms pass `IoSlice`s as WSABUFs.
        assert_eq!(size_of::<std::io::IoSlice<'_>>(), size_of::<ws::WSABUF>());
        assert_eq!(align_of::<std::io::IoSlice<'_>>(), align_of::<ws::WSABUF>());
        same_layout!(WSAProtocolChain = ws::WSAPROTOCOLCHAIN;
            chain_len = ChainLen; chain_entries = ChainEntries);
        assert_eq!(MAX_PROTOCOL_CHAIN, 7);
        same_layout!(WSAProtocolInfo = ws::WSAPROTOCOL_INFOW;
            service_flags1 = dwServiceFlags1; provider_flags = dwProviderFlags;
            provider_id = ProviderId; catalog_entry_id = dwCatalogEntryId;
            protocol_chain = ProtocolChain; version = iVersion;
            address_family = iAddressFamily; socket_type = iSocketType;
            security_scheme = iSecurityScheme; message_size = dwMessageSize;
            provider_reserved = dwProviderReserved; protocol_name = szProtocol);
        assert_eq!(WSAPROTOCOL_LEN, 255);
    }

    #[test]
    fn security_attributes_layout() {
        // `length` and `security_descriptor` are private: size, alignment and the
        // public field's offset here, the private fields through the bytes below.
        same_layout!(SecurityAttributes = SECURITY_ATTRIBUTES; inherit_handle = bInheritHandle);
        let mut sa = SecurityAttributes::new(true);
        // SAFETY: the attributes are only read back here, never passed to Windows.
        unsafe { sa.set_security_descriptor(0x1000 as *const core::ffi::c_void) };
        // SAFETY: same size (asserted above), and every bit pattern of these integer
        // and pointer fields is a valid SECURITY_ATTRIBUTES.
        let raw: SECURITY_ATTRIBUTES = unsafe { core::mem::transmute(sa) };
        assert_eq!(raw.nLength as usize, size_of::<SECURITY_ATTRIBUTES>());
        assert_eq!(raw.lpSecurityDescriptor as usize, 0x1000);
        assert_eq!(raw.bInheritHandle, 1);
        assert_eq!(
            SecurityAttributes::inheritable().length() as usize,
            size_of::<SECURITY_ATTRIBUTES>()
        );
        assert_eq!(SecurityAttributes::inheritable().inherit_handle, 1);
        assert_eq!(SecurityAttributes::new(false).inherit_handle, 0);
        assert_eq!(SecurityAttributes::new(false).security_descriptor(), 0);
    }

    #[test]
    fn file_information_layouts() {
        same_layout!(Win32FileAttributeData = fs::WIN32_FILE_ATTRIBUTE_DATA;
            file_attributes = dwFileAttributes; creation_time = ftCreationTime;
            last_write_time = ftLastWriteTime; file_size_high = nFileSizeHigh;
            file_size_low = nFileSizeLow);
        same_layout!(ByHandleFileInformation = fs::BY_HANDLE_FILE_INFORMATION;
            volume_serial_number = dwVolumeSerialNumber; file_size_low = nFileSizeLow;
            number_of_links = nNumberOfLinks; file_index_high = nFileIndexHigh;
            file_index_low = nFileIndexLow);
    }

    /// Go's Win32finddata keeps both name arrays one unit shorter than
    /// WIN32_FIND_DATAW (259 and 13 instead of 260 and 14): 4 bytes less, the same
    /// fields before the names.
    #[test]
    fn find_data_is_gos_shorter_layout() {
        same_offsets!(Win32finddata = fs::WIN32_FIND_DATAW;
            file_attributes = dwFileAttributes; last_write_time = ftLastWriteTime;
            file_size_low = nFileSizeLow; reserved1 = dwReserved1; file_name = cFileName);
        assert_eq!(
            size_of::<Win32finddata>(),
            size_of::<fs::WIN32_FIND_DATAW>() - 4
        );
        assert_eq!(
            align_of::<Win32finddata>(),
            align_of::<fs::WIN32_FIND_DATAW>()
        );
        assert_eq!(
            offset_of!(Win32finddata, alternate_file_name),
            offset_of!(fs::WIN32_FIND_DATAW, cAlternateFileName) - 2
        );
        let f = Win32finddata::default();
        assert_eq!((f.file_name.len(), f.alternate_file_name.len()), (259, 13));
    }

    #[test]
    fn process_layouts() {
        same_layout!(ProcessEntry32 = PROCESSENTRY32W; size = dwSize;
            process_id = th32ProcessID; default_heap_id = th32DefaultHeapID;
            parent_process_id = th32ParentProcessID; flags = dwFlags; exe_file = szExeFile);
        assert_eq!(
            ProcessEntry32::default().size as usize,
            size_of::<PROCESSENTRY32W>()
        );
        // The owned StartupInfo reports the size GetStartupInfoW filled in.
        let si: StartupInfo = get_startup_info();
        assert_eq!(si.cb as usize, size_of::<STARTUPINFOW>());
    }

    /// Go's DNSRecord: DNS_RECORDW's header, then a 40-byte window over its `Data`.
    #[test]
    fn dns_layouts() {
        same_offsets!(DnsRecord = dns::DNS_RECORDW; next = pNext; name = pName;
            type_ = wType; length = wDataLength; dw = Flags; ttl = dwTtl;
            reserved = dwReserved; data = Data);
        assert_eq!(
            size_of::<DnsRecord>(),
            offset_of!(dns::DNS_RECORDW, Data) + 40
        );
        assert_eq!(align_of::<DnsRecord>(), align_of::<*mut u16>());
        same_layout!(DnsSrvData = dns::DNS_SRV_DATAW; target = pNameTarget;
            priority = wPriority; weight = wWeight; port = wPort; pad = Pad);
        same_layout!(DnsMxData = dns::DNS_MX_DATAW; name_exchange = pNameExchange;
            preference = wPreference; pad = Pad);
        same_layout!(DnsPtrData = dns::DNS_PTR_DATAW; host = pNameHost);
        // Go's count is a uint16 where Windows has a DWORD: same offsets, same size.
        same_layout!(DnsTxtData = dns::DNS_TXT_DATAW; string_count = dwStringCount;
            string_array = pStringArray);
    }

    #[test]
    fn certificate_layouts() {
        same_layout!(CertContextData = cr::CERT_CONTEXT;
            encoding_type = dwCertEncodingType; encoded_cert = pbCertEncoded;
            length = cbCertEncoded; cert_info = pCertInfo; store = hCertStore);
        same_layout!(CertTrustStatus = cr::CERT_TRUST_STATUS;
            error_status = dwErrorStatus; info_status = dwInfoStatus);
        same_layout!(CertEnhKeyUsage = cr::CTL_USAGE; length = cUsageIdentifier;
            usage_identifiers = rgpszUsageIdentifier);
        same_layout!(CertUsageMatch = cr::CERT_USAGE_MATCH; type_ = dwType; usage = Usage);
        same_layout!(CertRevocationInfo = cr::CERT_REVOCATION_INFO; size = cbSize;
            revocation_result = dwRevocationResult; revocation_oid = pszRevocationOid;
            oid_specific_info = pvOidSpecificInfo; has_freshness_time = fHasFreshnessTime;
            freshness_time = dwFreshnessTime; crl_info = pCrlInfo);
        same_layout!(CertChainElement = cr::CERT_CHAIN_ELEMENT; size = cbSize;
            cert_context = pCertContext; trust_status = TrustStatus;
            revocation_info = pRevocationInfo; issuance_usage = pIssuanceUsage;
            application_usage = pApplicationUsage;
            extended_error_info = pwszExtendedErrorInfo);
        same_layout!(CertSimpleChain = cr::CERT_SIMPLE_CHAIN; size = cbSize;
            trust_status = TrustStatus; num_elements = cElement; elements = rgpElement;
            trust_list_info = pTrustListInfo;
            has_revocation_freshness_time = fHasRevocationFreshnessTime;
            revocation_freshness_time = dwRevocationFreshnessTime);
        // Go's CertChainContext and CertChainPara stop before Windows' newer trailing
        // fields: every field they have sits where Windows has it.
        same_offsets!(CertChainContext = cr::CERT_CHAIN_CONTEXT; size = cbSize;
            trust_status = TrustStatus; chain_count = cChain; chains = rgpChain;
            lower_quality_chain_count = cLowerQualityChainContext;
            lower_quality_chains = rgpLowerQualityChainContext;
            has_revocation_freshness_time = fHasRevocationFreshnessTime;
            revocation_freshness_time = dwRevocationFreshnessTime);
        assert!(size_of::<CertChainContext>() < size_of::<cr::CERT_CHAIN_CONTEXT>());
        same_offsets!(CertChainPara = cr::CERT_CHAIN_PARA; size = cbSize;
            requested_usage = RequestedUsage;
            requested_issuance_policy = RequestedIssuancePolicy;
            url_retrieval_timeout = dwUrlRetrievalTimeout;
            check_revocation_freshness_time = fCheckRevocationFreshnessTime;
            revocation_freshness_time = dwRevocationFreshnessTime;
            cache_resync = pftCacheResync);
        assert!(size_of::<CertChainPara>() < size_of::<cr::CERT_CHAIN_PARA>());
        same_layout!(CertChainPolicyPara = cr::CERT_CHAIN_POLICY_PARA; size = cbSize;
            flags = dwFlags; extra_policy_para = pvExtraPolicyPara);
        same_layout!(SslExtraCertChainPolicyPara = cr::HTTPSPolicyCallbackData;
            size = Anonymous; auth_type = dwAuthType; checks = fdwChecks;
            server_name = pwszServerName);
        same_layout!(CertChainPolicyStatus = cr::CERT_CHAIN_POLICY_STATUS; size = cbSize;
            error = dwError; chain_index = lChainIndex; element_index = lElementIndex;
            extra_policy_status = pvExtraPolicyStatus);
    }

    #[test]
    fn ip_helper_layouts() {
        same_layout!(IpAddressString = ip::IP_ADDRESS_STRING; string = String);
        // Go's IpMaskString is the same type as IpAddressString.
        same_layout!(IpMaskString = ip::IP_ADDRESS_STRING; string = String);
        same_layout!(IpAddrString = ip::IP_ADDR_STRING; next = Next;
            ip_address = IpAddress; ip_mask = IpMask; context = Context);
        same_layout!(IpAdapterInfo = ip::IP_ADAPTER_INFO; next = Next;
            combo_index = ComboIndex; adapter_name = AdapterName;
            description = Description; address_length = AddressLength;
            address = Address; index = Index; type_ = Type; dhcp_enabled = DhcpEnabled;
            current_ip_address = CurrentIpAddress; ip_address_list = IpAddressList;
            gateway_list = GatewayList; dhcp_server = DhcpServer; have_wins = HaveWins;
            primary_wins_server = PrimaryWinsServer;
            secondary_wins_server = SecondaryWinsServer;
            lease_obtained = LeaseObtained; lease_expires = LeaseExpires);
        same_layout!(MibIfRow = ip::MIB_IFROW; name = wszName; index = dwIndex;
            type_ = dwType; phys_addr_len = dwPhysAddrLen; phys_addr = bPhysAddr;
            admin_status = dwAdminStatus; oper_status = dwOperStatus;
            in_octets = dwInOctets; out_q_len = dwOutQLen; descr_len = dwDescrLen;
            descr = bDescr);
        same_layout!(InterfaceInfo = ws::INTERFACE_INFO; flags = iiFlags;
            address = iiAddress; broadcast_address = iiBroadcastAddress;
            netmask = iiNetmask);
        // Go's [24]byte for Winsock's sockaddr_gen union.
        assert_eq!(size_of::<SockaddrGen>(), size_of::<ws::sockaddr_gen>());
    }
}
