//! A narrated tour of winsyscall, run under Wine by `cargo xtask demo`.
//!
//! Each step prints the Go name, the Rust call and what happened.

#[cfg(windows)]
mod basics;
#[cfg(windows)]
mod echo;
#[cfg(windows)]
mod envreg;
#[cfg(windows)]
mod fs;
#[cfg(windows)]
mod iocp;
#[cfg(windows)]
mod net;
#[cfg(windows)]
mod process;
#[cfg(windows)]
mod security;
#[cfg(windows)]
mod whoami;

/// Prints one step of the tour: the Go symbol, the Rust call, and the outcome.
#[cfg(windows)]
pub fn step(go: &str, rust: &str, outcome: impl std::fmt::Display) {
    println!("  {go:<34} {rust}\n  {:<34} => {outcome}", "");
}

/// Prints a section heading.
#[cfg(windows)]
pub fn section(title: &str) {
    println!("\n== {title} ==");
}

#[cfg(windows)]
fn main() {
    println!("winsyscall tour: Go's Windows syscall package, in safe Rust");
    basics::run();
    fs::run();
    net::run();
    iocp::run();
    echo::run();
    process::run();
    envreg::run_env_registry_time();
    security::run();
    whoami::run();
    println!("\ntour complete.");
}

#[cfg(not(windows))]
fn main() {
    eprintln!("the tour runs on Windows (or under Wine): cargo xtask demo");
}
