//! Attacks through values Windows trusts in otherwise ordinary calls: a
//! security-descriptor address in security attributes, DNS options that
//! reshape what dnsapi reads and returns, a module handle parsed as an image,
//! a structure size the tool-help calls trust, and a close protection set on
//! a handle someone else owns. Safe code only; that the descriptor address
//! and `get_proc_address` are out of reach of safe code is proved at compile
//! time by the `compile_fail` examples on `SecurityAttributes` and
//! `get_proc_address`.

use crate::common::TempDir;
use std::net::{Ipv4Addr, UdpSocket};
use std::os::windows::io::OwnedHandle;
use winsyscall::*;

/// The attributes safe code can build are exactly Go's two forms (default
/// descriptor, inheritable or not), and Windows makes the handle inheritable
/// exactly when asked.
#[test]
fn security_attributes_only_in_their_safe_forms() {
    let forms = [
        SecurityAttributes::new(true),
        SecurityAttributes::inheritable(),
        SecurityAttributes::new(false),
    ];
    let fields: Vec<_> = forms
        .iter()
        .map(|sa| (sa.length(), sa.security_descriptor(), sa.inherit_handle))
        .collect();
    // sizeof(SECURITY_ATTRIBUTES): 24 on 64-bit Windows, 12 on 32-bit.
    let len = if cfg!(target_pointer_width = "64") {
        24
    } else {
        12
    };
    assert_eq!(fields, [(len, 0, 1), (len, 0, 1), (len, 0, 0)]);

    let d = TempDir::new("sweep-sa");
    let p = d.join("f");
    let open = |sa: Option<&SecurityAttributes>| -> OwnedHandle {
        create_file(
            &p,
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            sa,
            OPEN_ALWAYS,
            FILE_ATTRIBUTE_NORMAL,
            None,
        )
        .unwrap()
    };
    let flags = |h: &OwnedHandle| get_handle_information(h).unwrap();
    assert_eq!(flags(&open(None)), 0);
    assert_eq!(flags(&open(Some(&forms[0]))), HANDLE_FLAG_INHERIT);
    assert_eq!(flags(&open(Some(&forms[1]))), HANDLE_FLAG_INHERIT);
    assert_eq!(flags(&open(Some(&forms[2]))), 0);
    // The public `inherit_handle` is a boolean to Windows.
    let mut sa = SecurityAttributes::new(false);
    sa.inherit_handle = 7;
    assert_eq!(flags(&open(Some(&sa))), HANDLE_FLAG_INHERIT);
}

/// The address the DNS responder below listens on (port 53). Wine's resolver
/// drops answers from other loopback addresses, so this is the one
/// tests/misc.rs uses too (each test binary runs on its own).
const DNS_SERVER: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// Answers one query for an A record with 127.0.0.1 (TTL 300), then stops.
fn answer_one_a_query(sock: UdpSocket) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        let mut served = 0;
        // Wine's resolver may retry; answer every query until the socket
        // times out.
        while let Ok((n, from)) = sock.recv_from(&mut buf) {
            let q = &buf[..n];
            let Some(qend) = q
                .get(12..)
                .and_then(|s| s.iter().position(|&b| b == 0))
                .map(|z| 12 + z + 5)
                .filter(|&e| e <= n)
            else {
                continue;
            };
            let mut r = Vec::with_capacity(qend + 16);
            r.extend_from_slice(&q[..2]); // id
            r.extend_from_slice(&[0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
            r.extend_from_slice(&q[12..qend]);
            r.extend_from_slice(&[0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 127, 0, 0, 1]);
            let _ = sock.send_to(&r, from);
            served += 1;
        }
        served
    })
}

/// Options that would make dnsapi return a raw message, read `pExtra` (the
/// caller-shaped server list) as a `DNS_EXTRA_INFO` chain, or do something
/// undocumented are refused before any call; the documented bits that keep
/// the answer a record list still reach the server and give its answer.
#[test]
fn dns_options_outside_the_whitelist_are_einval() {
    crate::in_child(
        "sweep::dns_options_outside_the_whitelist_are_einval",
        || {
            let sock = UdpSocket::bind((DNS_SERVER, 53)).expect("serve DNS on 127.0.0.1:53");
            sock.set_read_timeout(Some(std::time::Duration::from_millis(1500)))
                .unwrap();
            let probe = sock.try_clone().unwrap();
            probe.set_nonblocking(true).unwrap();
            let servers = [DNS_SERVER];
            let name = "sweep.winsyscall.test";
            for opt in [
                0x200,       // DNS_QUERY_RETURN_MESSAGE
                0x1000_0000, // reserved
                0x8000_0000, // reserved
                0xF000_0000, // DNS_QUERY_RESERVED
                0x0100_0000, // DNS_QUERY_DNSSEC_OK
                0x0200_0000, // DNS_QUERY_DNSSEC_CHECKING_DISABLED
                0x8000,      // undocumented
                0x1_0000,    // undocumented
                0x40_0000,   // undocumented
                u32::MAX,
                DNS_QUERY_BYPASS_CACHE | 0x200,
            ] {
                assert_eq!(
                    dns_query_servers(name, DNS_TYPE_A, opt, &servers).err(),
                    Some(Errno::EINVAL),
                    "{opt:#x}"
                );
                assert_eq!(
                    dns_query(name, DNS_TYPE_A, opt).err(),
                    Some(Errno::EINVAL),
                    "{opt:#x}"
                );
            }
            // Nothing was sent to the server.
            let mut buf = [0u8; 512];
            let nothing = sock.recv_from(&mut buf).unwrap_err();
            assert_eq!(nothing.kind(), std::io::ErrorKind::WouldBlock);
            sock.set_nonblocking(false).unwrap();

            let server = answer_one_a_query(sock);
            let opts = DNS_QUERY_BYPASS_CACHE
            | DNS_QUERY_NO_HOSTS_FILE
            | DNS_QUERY_NO_NETBT
            | DNS_QUERY_NO_MULTICAST
            | 0x1 // ACCEPT_TRUNCATED_RESPONSE
            | 0x1000 // TREAT_AS_FQDN
            | 0x10_0000 // DONT_RESET_TTL_VALUES
            | 0x20_0000; // DISABLE_IDN_ENCODING
            let recs = dns_query_servers(name, DNS_TYPE_A, opts, &servers).unwrap();
            let all: Vec<_> = recs
                .iter()
                .map(|r| (r.name, r.type_, r.ttl, r.data))
                .collect();
            assert_eq!(
                all,
                [(
                    name.to_string(),
                    DNS_TYPE_A,
                    300,
                    DnsData::A(Ipv4Addr::LOCALHOST)
                )]
            );
            drop(recs);
            assert!(server.join().unwrap() >= 1);
        },
    );
}

/// A module handle is an image address: only the `Dll` form, which holds its
/// module loaded, is safe (`get_proc_address` is `unsafe`, see its
/// `compile_fail` example), and it gives Go's answers.
#[test]
fn exports_are_found_through_a_loaded_dll() {
    let k32 = load_dll("kernel32.dll").unwrap();
    let p = k32.find_proc("GetCurrentProcessId").unwrap();
    assert_ne!(p.addr(), 0);
    assert_eq!(
        k32.find_proc("NoSuchProcWinsyscall").unwrap_err().err,
        Errno::ERROR_PROC_NOT_FOUND
    );
    assert_eq!(k32.find_proc("a\0b").unwrap_err().err, Errno::EINVAL);
    // The Proc keeps the module loaded after the Dll is released.
    k32.release().unwrap();
    let again = load_dll("kernel32.dll").unwrap();
    assert_eq!(
        again.find_proc("GetCurrentProcessId").unwrap().addr(),
        p.addr()
    );
}

/// `dwSize` is a length Windows trusts: only the structure's own size is
/// passed on; every other one gives `ERROR_BAD_LENGTH` and leaves the entry
/// as it was.
#[test]
fn process32_refuses_every_size_but_its_own() {
    crate::in_child("sweep::process32_refuses_every_size_but_its_own", || {
        const BAD_LENGTH: Errno = Errno(24);
        let own = size_of::<ProcessEntry32>() as u32;
        // sizeof(PROCESSENTRY32W): 568 on 64-bit Windows, 556 on 32-bit.
        assert_eq!(
            own,
            if cfg!(target_pointer_width = "64") {
                568
            } else {
                556
            }
        );
        let snap = create_toolhelp32_snapshot(TH32CS_SNAPPROCESS, 0).unwrap();
        for size in [0, 1, own - 1, own + 1, 2 * own, 0x10_0000, u32::MAX] {
            let mut e = ProcessEntry32 {
                size,
                process_id: 0x5eed,
                ..ProcessEntry32::default()
            };
            assert_eq!(process32_first(&snap, &mut e), Err(BAD_LENGTH), "{size}");
            assert_eq!(process32_next(&snap, &mut e), Err(BAD_LENGTH), "{size}");
            assert_eq!((e.size, e.process_id, e.exe_file[0]), (size, 0x5eed, 0));
        }
        let mut e = ProcessEntry32::default();
        process32_first(&snap, &mut e).unwrap();
        let mut seen = vec![e.process_id];
        while process32_next(&snap, &mut e).is_ok() {
            seen.push(e.process_id);
        }
        assert!(seen.contains(&std::process::id()), "{seen:?}");
    });
}

/// Close protection breaks the owner's close: a borrowed handle can neither
/// get nor lose it (`EINVAL`, flags unchanged); the owner can do both.
#[test]
fn protect_from_close_needs_the_owned_handle() {
    let d = TempDir::new("sweep-protect");
    let mut h = create_file(
        d.join("f"),
        GENERIC_READ,
        FILE_SHARE_READ,
        None,
        CREATE_ALWAYS,
        FILE_ATTRIBUTE_NORMAL,
        None,
    )
    .unwrap();
    let p = HANDLE_FLAG_PROTECT_FROM_CLOSE;
    let i = HANDLE_FLAG_INHERIT;
    assert_eq!(p, 2);
    for (mask, flags) in [(p, p), (p | i, p | i), (p, 0), (u32::MAX, u32::MAX)] {
        assert_eq!(
            set_handle_information(&h, mask, flags),
            Err(Errno::EINVAL),
            "{mask:#x}"
        );
        assert_eq!(get_handle_information(&h), Ok(0));
    }
    set_handle_information(&h, i, i).unwrap();
    assert_eq!(get_handle_information(&h), Ok(i));
    set_owned_handle_information(&mut h, p, p).unwrap();
    assert_eq!(get_handle_information(&h), Ok(p | i));
    // Nor can a borrower lift the owner's protection.
    assert_eq!(set_handle_information(&h, p, 0), Err(Errno::EINVAL));
    close_on_exec(&h);
    assert_eq!(get_handle_information(&h), Ok(p));
    set_owned_handle_information(&mut h, p | i, 0).unwrap();
    assert_eq!(get_handle_information(&h), Ok(0));
    close(h).unwrap();
}
