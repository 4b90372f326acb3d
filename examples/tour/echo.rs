//! Tour: a TCP echo server driven by one I/O completion port, ported from Go.
//!
//! The Go program this mirrors (a sketch: one listener, one client in the same
//! process, a fixed number of rounds, loopback only; error handling cut):
//!
//! ```go
//! port, _ := syscall.CreateIoCompletionPort(syscall.InvalidHandle, 0, 0, 1)
//! ls := listen("127.0.0.1:0")                   // Socket + Bind + Listen
//! syscall.CreateIoCompletionPort(ls, port, keyListener, 0)
//! as, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
//! var addrs [2 * (16 + 16)]byte
//! var accOv, conOv syscall.Overlapped
//! syscall.AcceptEx(ls, as, &addrs[0], 0, 32, 32, &n, &accOv) // ERROR_IO_PENDING
//! c := boundSocket("127.0.0.1:0")
//! syscall.CreateIoCompletionPort(c, port, keyClient, 0)
//! syscall.ConnectEx(c, lsAddr, nil, 0, nil, &conOv)          // ERROR_IO_PENDING
//! for done := false; !done; {
//!     err := syscall.GetQueuedCompletionStatus(port, &qty, &key, &ov, syscall.INFINITE)
//!     if ov == nil { log.Fatal(err) }           // nothing dequeued
//!     switch {                                  // err != nil: that I/O failed
//!     case ov == &accOv:  // SO_UPDATE_ACCEPT_CONTEXT, associate `as`, WSARecv on it
//!     case ov == &conOv:  // SO_UPDATE_CONNECT_CONTEXT, WSASend "ping 0", WSARecv
//!     case key == keyServer && ov is a receive:
//!         if qty == 0 { done = true } else { WSASend(as, buf[:qty]); WSARecv(as) }
//!     case key == keyClient && ov is a receive: // the echo
//!         if round++; round < rounds { WSASend("ping N"); WSARecv } else { Shutdown(c, SHUT_WR) }
//!     }
//! }
//! ```
//!
//! In Rust every `Overlapped`, buffer and socket an operation touches is
//! **owned by the operation** until its packet comes out of the port, so
//! nothing here is `unsafe`: `CompletionPort::{accept, connect, recv, send}`
//! start the operations, `wait` plays `GetQueuedCompletionStatus` and hands
//! each operation's buffers (and sockets) back with its result. Go's
//! "`err != nil` but `ov` set" (a failed I/O) is `OpDone::result` being `Err`.

use crate::{section, step};
use std::os::windows::io::OwnedSocket;
use std::sync::Arc;
use std::time::Duration;
use winsyscall::*;

const ROUNDS: usize = 3;
const WAIT: Option<Duration> = Some(Duration::from_secs(10));
const KEY_LISTENER: usize = 1;
const KEY_CLIENT: usize = 2;
const KEY_SERVER: usize = 3;

pub fn run() {
    section(
        "A Go echo server on a completion port, ported (AcceptEx, ConnectEx, WSARecv, WSASend)",
    );
    match serve() {
        Ok(echoed) => step(
            "syscall.GetQueuedCompletionStatus loop",
            "port.wait(..) until the client shuts down",
            format!("{ROUNDS} rounds echoed: {echoed:?}"),
        ),
        Err(e) => step("(echo server)", "…", format!("failed: {e}")),
    }
}

fn message(round: usize) -> Vec<u8> {
    format!("ping {round}").into_bytes()
}

fn serve() -> std::result::Result<Vec<String>, Box<dyn std::error::Error>> {
    let port = CompletionPort::new(1)?;
    let listener = Arc::new(std::net::TcpListener::bind("127.0.0.1:0")?);
    let laddr = listener.local_addr()?;
    port.associate_socket(&listener, KEY_LISTENER)?;
    let client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?;
    bind(&client, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))?;
    port.associate_socket(&client, KEY_CLIENT)?;

    // Both operations run on their own: `detach` keeps them going without a
    // token (dropping a token would cancel its operation).
    let accept_socket = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?;
    port.accept(Arc::clone(&listener), accept_socket)?.detach();
    port.connect(client, &Sockaddr::from(laddr), Vec::new())?
        .detach();

    let (mut server, mut client) = (None::<OwnedSocket>, None::<OwnedSocket>);
    let mut round = 0;
    let (mut sent, mut got) = (Vec::new(), Vec::new());
    let mut echoed = Vec::new();
    loop {
        let Completion::Done(d) = port.wait(WAIT)? else {
            continue; // no posted or foreign packets in this program
        };
        // A failed I/O arrives with its packet, as in Go; here it ends the server.
        let n = d.result?;
        match (d.key, d.output) {
            (_, OpOutput::Accept { socket, remote, .. }) => {
                step(
                    "syscall.AcceptEx",
                    "port.accept(listener, socket)",
                    format!("accepted {remote:?}"),
                );
                port.associate_socket(&socket, KEY_SERVER)?;
                port.recv(&socket, vec![0; 64])?.detach();
                server = Some(socket);
            }
            (_, OpOutput::Connect { socket, .. }) => {
                step(
                    "syscall.ConnectEx",
                    "port.connect(client, &laddr, vec![])",
                    format!("connected from {:?}", getsockname(&socket)?),
                );
                sent = message(round);
                port.send(&socket, sent.clone())?.detach();
                port.recv(&socket, vec![0; 64])?.detach();
                client = Some(socket);
            }
            (KEY_SERVER, OpOutput::Recv(data)) => {
                let s = server.as_ref().ok_or("receive before accept")?;
                if data.is_empty() {
                    // The client shut down its side: the server is done.
                    step(
                        "syscall.WSARecv (0 bytes)",
                        "port.recv(&server, ..) → OpOutput::Recv(empty)",
                        "peer closed; server stops",
                    );
                    return Ok(echoed);
                }
                // Echo what came (the buffer moves into the send), and read on.
                port.send(s, data)?.detach();
                port.recv(s, vec![0; 64])?.detach();
            }
            (KEY_CLIENT, OpOutput::Recv(data)) => {
                let c = client.as_ref().ok_or("receive before connect")?;
                if data.is_empty() {
                    return Err("the server closed early".into());
                }
                // A stream may split a message: read until the echo is whole.
                got.extend_from_slice(&data);
                if got.len() < sent.len() {
                    port.recv(c, vec![0; 64])?.detach();
                    continue;
                }
                if got != sent {
                    return Err(format!("echo {got:?} for {sent:?}").into());
                }
                echoed.push(String::from_utf8(std::mem::take(&mut got))?);
                round += 1;
                if round < ROUNDS {
                    sent = message(round);
                    port.send(c, sent.clone())?.detach();
                    port.recv(c, vec![0; 64])?.detach();
                } else {
                    shutdown(c, SHUT_WR)?;
                }
            }
            (_, OpOutput::Send(buf)) => {
                debug_assert_eq!(n as usize, buf.len());
            }
            (key, other) => return Err(format!("unexpected {other:?} for key {key}").into()),
        }
    }
}
