//! Tour: DLLs, run-time callbacks, and a TCP echo through an I/O completion port.

use crate::{section, step};
use std::time::Duration;
use winsyscall::*;

const WAIT: Option<Duration> = Some(Duration::from_secs(10));

pub fn run() {
    section("DLLs (System32 only by default)");
    let k32 = LazyDll::new("kernel32.dll");
    let mul_div = k32.new_proc("MulDiv");
    // SAFETY: MulDiv(int, int, int) -> int.
    let r = unsafe { mul_div.call(&[300, 7, 2]) };
    step(
        "syscall.LazyProc.Call",
        "k32.new_proc(\"MulDiv\").call(&[300, 7, 2])",
        format!("{:?}", r.map(|(r1, _, e)| (r1, e.0))),
    );
    let missing = k32.new_proc("NoSuchProc");
    step(
        "syscall.LazyProc.Find",
        "k32.new_proc(\"NoSuchProc\").find()",
        format!(
            "{:?}",
            missing.find().map(|_| ()).map_err(|e| e.to_string())
        ),
    );
    step(
        "syscall.LoadDLL",
        "load_dll(\"no-such.dll\")",
        format!(
            "{:?}",
            load_dll("no-such.dll")
                .map(|_| ())
                .map_err(|e| e.to_string())
        ),
    );

    section("Callbacks (NewCallback, NewCallbackCDecl)");
    callbacks();

    section("Completion ports: a TCP echo with AcceptEx, ConnectEx, WSARecv, WSASend");
    if let Err(e) = echo() {
        step("(echo)", "…", format!("failed: {e}"));
    }
}

fn callbacks() {
    let crt = match load_dll("msvcrt.dll").and_then(|d| d.find_proc("qsort")) {
        Ok(p) => p,
        Err(e) => return step("syscall.MustFindProc", "find_proc(\"qsort\")", e),
    };
    let cmp = new_callback_cdecl(2, |a| {
        // SAFETY: qsort passes two pointers into the i32 array it sorts.
        let (x, y) = unsafe { (*(a[0] as *const i32), *(a[1] as *const i32)) };
        x.cmp(&y) as i32 as usize
    });
    let Ok(cmp) = cmp else {
        return step(
            "syscall.NewCallbackCDecl",
            "new_callback_cdecl(2, cmp)",
            format!("{cmp:?}"),
        );
    };
    let mut v = [5i32, -3, 42, 0, 17, -8];
    // SAFETY: qsort(base, count, size, comparator) over `v`.
    unsafe { crt.call(&[v.as_mut_ptr() as usize, v.len(), 4, cmp.ptr()]) };
    step(
        "syscall.NewCallbackCDecl",
        "qsort(v, 6, 4, new_callback_cdecl(2, cmp).ptr())",
        format!("{v:?}"),
    );

    let k32 = LazyDll::new("kernel32.dll");
    let start = new_callback(1, |a| a[0] * 2);
    let Ok(start) = start else { return };
    let (create, wait, code, close) = (
        k32.new_proc("CreateThread"),
        k32.new_proc("WaitForSingleObject"),
        k32.new_proc("GetExitCodeThread"),
        k32.new_proc("CloseHandle"),
    );
    let mut exit = 0u32;
    // SAFETY: CreateThread(NULL, 0, start, 21, 0, NULL) with a one-argument
    // callback; the handle is waited on, read and closed; `start` outlives the thread.
    let out = unsafe {
        create
            .call(&[0, 0, start.ptr(), 21, 0, 0])
            .and_then(|(h, _, _)| {
                wait.call(&[h, u32::MAX as usize])?;
                code.call(&[h, (&raw mut exit) as usize])?;
                close.call(&[h])
            })
    };
    step(
        "syscall.NewCallback",
        "CreateThread(.., new_callback(1, |a| a[0] * 2).ptr(), 21, ..)",
        format!("{:?} → thread exit code {exit}", out.map(|_| ())),
    );
}

fn echo() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let port = CompletionPort::new(0)?;
    let listener = std::sync::Arc::new(std::net::TcpListener::bind("127.0.0.1:0")?);
    let laddr = listener.local_addr()?;
    port.associate_socket(&listener, 1)?;
    let client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?;
    bind(&client, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))?;
    port.associate_socket(&client, 2)?;
    step(
        "syscall.CreateIoCompletionPort",
        "CompletionPort::new(0) + associate_socket(..)",
        format!("{port:?}"),
    );

    // The operations own what they touch when they finish: the accepting and
    // connecting sockets (given back in the outputs), a clone of the listener.
    let acc = port.accept(listener.clone(), socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?)?;
    let con = port.connect(client, &Sockaddr::from(laddr), b"hi".to_vec())?;
    step(
        "syscall.AcceptEx / syscall.ConnectEx",
        "port.accept(..), port.connect(.., b\"hi\")",
        format!("{:?}, {:?} in flight", acc.id(), con.id()),
    );
    let (mut server, mut client) = (None, None);
    for _ in 0..2 {
        if let Completion::Done(d) = port.wait(WAIT)? {
            match d.output {
                OpOutput::Accept { socket, remote, .. } => {
                    step(
                        "syscall.GetAcceptExSockaddrs",
                        "(accept completion)",
                        format!("peer {remote:?}"),
                    );
                    server = Some(socket);
                }
                OpOutput::Connect { socket, .. } => {
                    step(
                        "syscall.GetQueuedCompletionStatus",
                        "port.wait(..)",
                        format!("{:?} → {:?}", d.id, d.result),
                    );
                    client = Some(socket);
                }
                _ => {}
            }
        }
    }
    let server = server.ok_or("no accept completion")?;
    let client = client.ok_or("no connect completion")?;
    port.associate_socket(&server, 3)?;
    let _r = port.recv(&server, vec![0; 64])?;
    if let Completion::Done(OpDone {
        output: OpOutput::Recv(v),
        ..
    }) = port.wait(WAIT)?
    {
        step(
            "syscall.WSARecv",
            "port.recv(&server, vec![0; 64])",
            format!("{:?}", String::from_utf8_lossy(&v)),
        );
        let _s = port.send(&server, v)?;
        let _r = port.recv(&client, vec![0; 64])?;
        for _ in 0..2 {
            if let Completion::Done(d) = port.wait(WAIT)? {
                if let OpOutput::Recv(v) = d.output {
                    step(
                        "syscall.WSASend",
                        "port.send(&server, data) → client recv",
                        format!("echoed {:?}", String::from_utf8_lossy(&v)),
                    );
                }
            }
        }
    }
    let pending = port.recv(&client, vec![0; 64])?;
    pending.cancel()?;
    if let Completion::Done(d) = port.wait(WAIT)? {
        step(
            "syscall.CancelIoEx",
            "pending.cancel()",
            format!("{:?}", d.result),
        );
    }
    // Go's shape: an error, with the packet when one was taken (none here).
    step(
        "syscall.GetQueuedCompletionStatus",
        "get_queued_completion_status(&port, 0)",
        format!("{:?}", get_queued_completion_status(&port, 0)),
    );
    Ok(())
}
