//! Attacks through integers Windows would dereference or free: a chain policy
//! read as an OID string, a message source walked as a module image, insert
//! arguments that were never given, a forced store close that frees contexts
//! other values own, and a Winsock clean-up that would close every socket of
//! the process. Safe code only.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use winsyscall::*;

const TEST_CERT: &[u8] = include_bytes!("../data/winsyscall-test.der");
const ENC: u32 = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;

/// A chain of the self-signed test certificate (its root is untrusted).
fn test_chain() -> CertChain {
    let cert = CertContext::from_encoded(ENC, TEST_CERT).unwrap();
    cert.get_chain(&ChainOptions::default()).unwrap()
}

/// Windows reads a policy above 0xFFFF as the address of an OID string: no
/// integer of the caller's reaches it, only the predefined policies.
#[test]
fn chain_policy_is_never_an_address() {
    crate::in_child("raw_addr::chain_policy_is_never_an_address", || {
        for id in [
            0usize,
            9,
            10,
            11,
            12,
            13,
            0xFFFF,
            0x10000,
            0x1234_5678,
            usize::MAX,
        ] {
            assert_eq!(ChainPolicy::try_from(id), Err(Errno::EINVAL), "{id:#x}");
        }
        let chain = test_chain();
        let base = ChainPolicy::try_from(CERT_CHAIN_POLICY_BASE).unwrap();
        let st = chain.verify_policy(base, 0, None).unwrap();
        assert_eq!(st.error, CERT_E_UNTRUSTEDROOT);
        // Every predefined policy runs without an extra structure.
        for id in 1..=8 {
            let _ = chain.verify_policy(ChainPolicy::try_from(id).unwrap(), 0, None);
        }
    });
}

/// The SSL extra structure has a `checks` integer where the Authenticode
/// structure has a signer-info pointer: it is refused for every policy but
/// SSL, before any call.
#[test]
fn ssl_extra_input_only_for_the_ssl_policy() {
    crate::in_child("raw_addr::ssl_extra_input_only_for_the_ssl_policy", || {
        let chain = test_chain();
        let ssl = SslPolicy {
            auth_type: AUTHTYPE_SERVER,
            checks: 0x4141_4141,
            server_name: Some("winsyscall-test"),
        };
        for p in [
            ChainPolicy::Base,
            ChainPolicy::Authenticode,
            ChainPolicy::AuthenticodeTs,
            ChainPolicy::BasicConstraints,
            ChainPolicy::NtAuth,
            ChainPolicy::MicrosoftRoot,
            ChainPolicy::Ev,
        ] {
            assert_eq!(
                chain.verify_policy(p, 0, Some(&ssl)).map(|s| s.error),
                Err(Errno::EINVAL),
                "{p:?}"
            );
        }
        let ok = SslPolicy { checks: 0, ..ssl };
        let st = chain.verify_policy(ChainPolicy::Ssl, 0, Some(&ok)).unwrap();
        assert_eq!(st.error, CERT_E_UNTRUSTEDROOT);
    });
}

/// `FormatMessage` flags that make Windows read or write through something
/// the caller did not give as a typed value are refused; inserts are never
/// expanded (no argument array exists to read them from).
#[test]
fn format_message_reads_only_typed_sources() {
    crate::in_child("raw_addr::format_message_reads_only_typed_sources", || {
        let mut buf = [0u16; 512];
        // The message source is a loaded module, borrowed across the call.
        let kb = load_dll("kernelbase.dll").or_else(|_| load_dll("kernel32.dll"));
        let kb = kb.unwrap();
        for flags in [
            FORMAT_MESSAGE_FROM_STRING,
            FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS,
            FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM,
            FORMAT_MESSAGE_FROM_SYSTEM | 0x0001_0000,
        ] {
            for src in [None, Some(&kb)] {
                // With FROM_STRING, Windows would read the module's image as
                // UTF-16 text.
                assert_eq!(
                    format_message(flags, src, 5, 0, &mut buf),
                    Err(Errno::EINVAL),
                    "{flags:#x}"
                );
            }
        }
        // ERROR_BAD_EXE_FORMAT's text has an insert (Windows: "%1 is not a
        // valid Win32 application.", Wine: "Bad EXE format for %1."): without
        // IGNORE_INSERTS Windows would read a string pointer from an argument
        // list nobody passed. The insert stays as written.
        for flags in [
            FORMAT_MESSAGE_FROM_SYSTEM,
            FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY,
        ] {
            let n = format_message(flags, None, 193, 0, &mut buf).unwrap();
            let text = utf16_to_string(&buf[..n as usize]);
            assert!(text.contains("%1"), "{flags:#x}: {text:?}");
        }
        // The message table of a loaded module, borrowed across the call.
        let n = format_message(FORMAT_MESSAGE_FROM_HMODULE, Some(&kb), 5, 0, &mut buf).unwrap();
        let text = utf16_to_string(&buf[..n as usize]);
        assert_eq!(text.trim_end(), Errno::ERROR_ACCESS_DENIED.to_string());
        // None is the executable itself, which has no resource section.
        assert_eq!(
            format_message(FORMAT_MESSAGE_FROM_HMODULE, None, 5, 0, &mut buf),
            Err(Errno(1812)),
            "ERROR_RESOURCE_DATA_NOT_FOUND"
        );
    });
}

/// `CERT_CLOSE_STORE_FORCE_FLAG` would free the contexts live `CertContext`s
/// own: refused (`EINVAL`, the store closed as on drop). The check flag
/// reports `CRYPT_E_PENDING_CLOSE` and the contexts stay valid.
#[test]
fn store_close_never_frees_live_contexts() {
    crate::in_child("raw_addr::store_close_never_frees_live_contexts", || {
        let cert = CertContext::from_encoded(ENC, TEST_CERT).unwrap();

        let store = CertStore::open_memory().unwrap();
        let added = store.add(&cert, CERT_STORE_ADD_ALWAYS).unwrap();
        // Stop an enumeration early, then walk it all: every context handed
        // out is an own reference, whatever the enumeration frees.
        let first = store.certificates().next().unwrap().unwrap();
        let all: Vec<CertContext> = store.certificates().map(Result::unwrap).collect();
        for flags in [
            CERT_CLOSE_STORE_FORCE_FLAG,
            CERT_CLOSE_STORE_FORCE_FLAG | CERT_CLOSE_STORE_CHECK_FLAG,
            4,
        ] {
            let s = CertStore::open_memory().unwrap();
            let _c = s.add(&cert, CERT_STORE_ADD_ALWAYS).unwrap();
            assert_eq!(s.close(flags), Err(Errno::EINVAL), "{flags:#x}");
        }
        assert_eq!(store.close(CERT_CLOSE_STORE_FORCE_FLAG), Err(Errno::EINVAL));
        for c in [&added, &first, &all[0]] {
            assert_eq!(c.encoded(), TEST_CERT);
            assert_eq!(c.clone().encoded(), TEST_CERT);
        }

        let store = CertStore::open_memory().unwrap();
        let kept = store.add(&cert, CERT_STORE_ADD_ALWAYS).unwrap();
        assert_eq!(
            store.close(CERT_CLOSE_STORE_CHECK_FLAG),
            Err(Errno(CRYPT_E_PENDING_CLOSE))
        );
        assert_eq!(kept.encoded(), TEST_CERT);
        let empty = CertStore::open_memory().unwrap();
        assert_eq!(empty.close(CERT_CLOSE_STORE_CHECK_FLAG), Ok(()));
        drop((added, first, all, kept));
        assert_eq!(cert.encoded(), TEST_CERT);
    });
}

/// Releasing Winsock's last reference closes every socket of the process on
/// Windows. `wsa_cleanup` releases only what `wsa_startup` took; beyond that
/// it is `WSANOTINITIALISED`, and both the crate's and std's sockets keep
/// working.
#[test]
fn wsa_cleanup_cannot_end_winsock_under_live_sockets() {
    crate::in_child(
        "raw_addr::wsa_cleanup_cannot_end_winsock_under_live_sockets",
        || {
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
            let own = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
            assert_eq!(wsa_cleanup(), Err(Errno::WSANOTINITIALISED));
            wsa_startup(0x0202).unwrap();
            wsa_startup(0x0202).unwrap();
            assert_eq!(wsa_cleanup(), Ok(()));
            assert_eq!(wsa_cleanup(), Ok(()));
            for _ in 0..4 {
                assert_eq!(wsa_cleanup(), Err(Errno::WSANOTINITIALISED));
                assert_eq!(wsa_cleanup().unwrap_err().0, 10093);
            }

            let addr: SocketAddr = listener.local_addr().unwrap();
            connect(&own, addr).unwrap();
            let (mut served, _) = listener.accept().unwrap();
            let mut client = TcpStream::from(own);
            client.write_all(b"ping").unwrap();
            let mut got = [0u8; 4];
            served.read_exact(&mut got).unwrap();
            assert_eq!(&got, b"ping");
            served.write_all(b"pong").unwrap();
            client.read_exact(&mut got).unwrap();
            assert_eq!(&got, b"pong");
            // New sockets still come, from std and from the crate.
            let again = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).unwrap();
            connect(&again, addr).unwrap();
            drop(listener.accept().unwrap());
        },
    );
}

/// A provider deleted with `CRYPT_DELETEKEYSET` holds no handle: asking it for
/// random bytes is `ERROR_INVALID_HANDLE` before any call, so advapi32 never
/// sees a provider value it did not hand out.
#[test]
fn deleted_key_set_provider_is_never_passed_to_windows() {
    let name = format!("winsyscall-soundness-{}", std::process::id());
    let made = CryptProv::acquire(Some(&name), None, PROV_RSA_FULL, CRYPT_NEWKEYSET).unwrap();
    drop(made);
    let gone = CryptProv::acquire(Some(&name), None, PROV_RSA_FULL, CRYPT_DELETEKEYSET).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(gone.gen_random(&mut buf), Err(Errno::ERROR_INVALID_HANDLE));
    assert_eq!(
        crypt_gen_random(&gone, &mut []),
        Err(Errno::ERROR_INVALID_HANDLE)
    );
    assert_eq!(buf, [0u8; 16]);
}
