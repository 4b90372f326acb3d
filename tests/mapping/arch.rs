//! The `arch` cell of a mapping row: where the row's named tests run.
//!
//! Three places run tests: `x86_64` (under Wine, `x86_64-pc-windows-gnu`), `i686` (under
//! 32-bit Wine, `i686-pc-windows-gnu`) and `portable` (natively on the Linux x86_64
//! host). A test runs where every `cfg` on its way holds: its file's `#![cfg(..)]`, the
//! `#[cfg(..)]` of each `mod` declaration leading to its file (`#[path]` honoured), of
//! the inline modules named in the reference and of the test function. A row's value
//! lists, in that order, every place where at least one of its tests runs; `—` if none.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// The places, in the order a cell lists them.
pub const PLACES: [&str; 3] = ["x86_64", "i686", "portable"];

/// The cell of a row none of whose tests runs anywhere (or that has none).
pub const NONE: &str = "—";

/// What a `cfg` predicate sees in each place.
struct Target {
    windows: bool,
    arch: &'static str,
    width: &'static str,
    os: &'static str,
}

const TARGETS: [Target; 3] = [
    Target {
        windows: true,
        arch: "x86_64",
        width: "64",
        os: "windows",
    },
    Target {
        windows: true,
        arch: "x86",
        width: "32",
        os: "windows",
    },
    Target {
        windows: false,
        arch: "x86_64",
        width: "64",
        os: "linux",
    },
];

/// A set of [`PLACES`], one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Places(u8);

impl Places {
    pub const ALL: Places = Places(0b111);

    pub fn and(self, o: Places) -> Places {
        Places(self.0 & o.0)
    }

    pub fn or(self, o: Places) -> Places {
        Places(self.0 | o.0)
    }

    /// The cell text: the places in order, `, `-separated, or [`NONE`].
    pub fn cell(self) -> String {
        let names: Vec<&str> = PLACES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, p)| *p)
            .collect();
        if names.is_empty() {
            NONE.to_string()
        } else {
            names.join(", ")
        }
    }
}

/// Checks a cell's words without looking at the tests.
pub fn check_vocabulary(cell: &str) -> Result<(), String> {
    if cell == NONE {
        return Ok(());
    }
    let mut last = None;
    for word in cell.split(", ") {
        let Some(i) = PLACES.iter().position(|p| *p == word) else {
            let why = if word.contains("aarch64") {
                " (no test runs on aarch64)"
            } else {
                ""
            };
            return Err(format!(
                "`{word}` is not one of {PLACES:?} or `{NONE}`{why}"
            ));
        };
        if last.is_some_and(|l| l >= i) {
            return Err(format!(
                "write the places once each, in the order {}",
                PLACES.join(", ")
            ));
        }
        last = Some(i);
    }
    Ok(())
}

// ---- cfg predicates -------------------------------------------------------------------

fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == '"' {
            chars.next();
            let mut t = String::from('"');
            for d in chars.by_ref() {
                t.push(d);
                if d == '"' {
                    break;
                }
            }
            out.push(t);
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut t = String::new();
            while let Some(&d) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                t.push(d);
                chars.next();
            }
            out.push(t);
        } else {
            if matches!(c, '(' | ')' | ',' | '=') {
                out.push(c.to_string());
            }
            chars.next();
        }
    }
    out
}

/// The Cargo features the test stages build with (the default: every area).
const DEFAULT_FEATURES: &[&str] = &[
    "full", "fs", "net", "iocp", "process", "registry", "security", "crypto", "dns", "iphlp",
    "dll", "console",
];

fn eval(toks: &[String], i: &mut usize, t: &Target) -> Result<bool, String> {
    let name = toks.get(*i).ok_or("cfg ends early")?.clone();
    *i += 1;
    if matches!(name.as_str(), "any" | "all" | "not") {
        if toks.get(*i).map(String::as_str) != Some("(") {
            return Err(format!("`{name}` without `(`"));
        }
        *i += 1;
        let mut vals = Vec::new();
        while toks.get(*i).map(String::as_str) != Some(")") {
            vals.push(eval(toks, i, t)?);
            if toks.get(*i).map(String::as_str) == Some(",") {
                *i += 1;
            }
        }
        *i += 1;
        return match name.as_str() {
            "any" => Ok(vals.iter().any(|v| *v)),
            "all" => Ok(vals.iter().all(|v| *v)),
            _ if vals.len() == 1 => Ok(!vals[0]),
            _ => Err("not() takes one predicate".to_string()),
        };
    }
    if toks.get(*i).map(String::as_str) == Some("=") {
        let v = toks.get(*i + 1).ok_or("cfg ends early")?.trim_matches('"');
        *i += 2;
        return match name.as_str() {
            "target_arch" => Ok(v == t.arch),
            "target_pointer_width" => Ok(v == t.width),
            "target_os" => Ok(v == t.os),
            "target_family" => Ok(v == if t.windows { "windows" } else { "unix" }),
            "target_env" => Ok(v == "gnu"),
            // Every stage tests with the default features, which turn on every area.
            "feature" => Ok(DEFAULT_FEATURES.contains(&v)),
            _ => Err(format!("unknown cfg `{name} = \"{v}\"`")),
        };
    }
    match name.as_str() {
        "windows" => Ok(t.windows),
        "unix" => Ok(!t.windows),
        "test" | "debug_assertions" => Ok(true),
        "miri" | "doctest" => Ok(false),
        _ => Err(format!("unknown cfg `{name}`")),
    }
}

/// Where `cfg(pred)` holds.
pub fn places_of_cfg(pred: &str) -> Result<Places, String> {
    let toks = tokens(pred);
    let mut bits = 0;
    for (k, t) in TARGETS.iter().enumerate() {
        let mut i = 0;
        if eval(&toks, &mut i, t)? {
            bits |= 1 << k;
        }
        if i != toks.len() {
            return Err(format!("cannot read cfg({pred})"));
        }
    }
    Ok(Places(bits))
}

/// Where every `#[cfg(..)]` (`#![cfg(..)]` if `inner`) of `text` holds.
fn places_of_attrs(text: &str, inner: bool) -> Result<Places, String> {
    let marker = if inner { "#![cfg(" } else { "#[cfg(" };
    let mut places = Places::ALL;
    let mut rest = text;
    while let Some(k) = rest.find(marker) {
        let open = k + marker.len() - 1;
        let end = super::matching_close(rest, open).ok_or("unbalanced cfg attribute")?;
        places = places.and(places_of_cfg(&rest[open + 1..end])?);
        rest = &rest[end..];
    }
    Ok(places)
}

/// The outer attributes written right before the item that starts on the line of `pos`
/// (comment lines skipped; a blank line or the end of another item stops the search).
pub fn leading_attrs(text: &str, pos: usize) -> String {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut kept = Vec::new();
    for line in text[..line_start].lines().rev() {
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        if t.is_empty() || t.ends_with(['}', ';', '{']) || t.starts_with("#!") {
            break;
        }
        kept.push(t);
    }
    kept.reverse();
    kept.join(" ")
}

// ---- files and modules ----------------------------------------------------------------

/// Whether `line` is `[pub[(..)]] mod <name>` followed by `end`.
fn is_mod_line(line: &str, name: &str, end: char) -> bool {
    let mut t = line.trim_start();
    if let Some(r) = t.strip_prefix("pub") {
        let r = if r.starts_with('(') {
            r.find(')').map_or(r, |k| &r[k + 1..])
        } else {
            r
        };
        if !r.starts_with([' ', '\t']) {
            return false;
        }
        t = r.trim_start();
    }
    let Some(r) = t.strip_prefix("mod") else {
        return false;
    };
    if !r.starts_with([' ', '\t']) {
        return false;
    }
    let r = r.trim_start();
    r.strip_prefix(name)
        .is_some_and(|r| r.trim_start().starts_with(end))
}

/// The byte offset of the first line of `text` that is `mod <name>` then `end`.
fn find_mod(text: &str, name: &str, end: char) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if is_mod_line(line, name, end) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// `dir/rel` with `.` and `..` resolved, `/`-separated.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

fn dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Reads the sources (paths relative to the package root), once each.
pub struct Sources<'a> {
    root: &'a Path,
    texts: HashMap<String, Option<String>>,
    places: HashMap<String, Places>,
}

impl<'a> Sources<'a> {
    pub fn new(root: &'a Path) -> Self {
        Sources {
            root,
            texts: HashMap::new(),
            places: HashMap::new(),
        }
    }

    fn text(&mut self, rel: &str) -> Option<String> {
        let root = self.root;
        self.texts
            .entry(rel.to_string())
            .or_insert_with(|| fs::read_to_string(root.join(rel)).ok())
            .clone()
    }

    fn all_rs(&self, top: &str) -> Vec<String> {
        fn walk(root: &Path, rel: &str, out: &mut Vec<String>) {
            let Ok(rd) = fs::read_dir(root.join(rel)) else {
                return;
            };
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let sub = format!("{rel}/{name}");
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    walk(root, &sub, out);
                } else if name.ends_with(".rs") {
                    out.push(sub);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.root, top, &mut out);
        out.sort();
        out
    }

    /// The file declaring module file `rel` and the offset of its `mod` line; `None`
    /// for a crate root (`src/lib.rs`, `tests/<name>.rs`).
    fn declaration(&mut self, rel: &str) -> Result<Option<(String, usize)>, String> {
        let top = rel.split('/').next().unwrap_or("");
        if rel == "src/lib.rs" || (top == "tests" && rel.matches('/').count() == 1) {
            return Ok(None);
        }
        // `#[path = ".."] mod x;`, relative to the declaring file's directory.
        for f in self.all_rs(top) {
            let Some(t) = self.text(&f) else { continue };
            let mut from = 0;
            while let Some(k) = t[from..].find("#[path") {
                let at = from + k;
                from = at + 6;
                let Some(q) = t[at..].find('"') else { break };
                let Some(q2) = t[at + q + 1..].find('"') else {
                    break;
                };
                let target = &t[at + q + 1..at + q + 1 + q2];
                if join(dir_of(&f), target) == rel {
                    let after = at + q + 1 + q2;
                    let mut pos = after;
                    for line in t[after..].split_inclusive('\n') {
                        let l = line.trim_start();
                        if l.starts_with("mod ") || l.starts_with("pub ") {
                            return Ok(Some((f, pos)));
                        }
                        pos += line.len();
                    }
                }
            }
        }
        let stem = rel.trim_end_matches(".rs");
        let stem = stem.strip_suffix("/mod").unwrap_or(stem);
        let (parent, name) = stem.rsplit_once('/').ok_or("not a module path")?;
        let candidates = if parent == "src" {
            vec!["src/lib.rs".to_string()]
        } else {
            vec![format!("{parent}.rs"), format!("{parent}/mod.rs")]
        };
        for c in candidates {
            if let Some(t) = self.text(&c) {
                if let Some(p) = find_mod(&t, name, ';') {
                    return Ok(Some((c, p)));
                }
            }
        }
        Err(format!("{rel}: no `mod {name};` declares it"))
    }

    /// Where the code of file `rel` is compiled.
    pub fn file_places(&mut self, rel: &str) -> Result<Places, String> {
        if let Some(p) = self.places.get(rel) {
            return Ok(*p);
        }
        let t = self.text(rel).ok_or_else(|| format!("no file {rel}"))?;
        let mut places = places_of_attrs(&t, true)?;
        if let Some((parent, pos)) = self.declaration(rel)? {
            let pt = self.text(&parent).unwrap_or_default();
            places = places.and(places_of_attrs(&leading_attrs(&pt, pos), false)?);
            places = places.and(self.file_places(&parent)?);
        }
        self.places.insert(rel.to_string(), places);
        Ok(places)
    }

    /// Where the test `tests/x.rs::f` (or `src/y.rs::tests::f`) runs.
    pub fn test_places(&mut self, r: &str) -> Result<Places, String> {
        let (file, path) = r.split_once(".rs::").ok_or("not a test reference")?;
        let rel = format!("{file}.rs");
        let t = self.text(&rel).ok_or_else(|| format!("no file {rel}"))?;
        let mut places = self.file_places(&rel)?;
        let segs: Vec<&str> = path.split("::").collect();
        let (func, mods) = segs.split_last().ok_or("empty path")?;
        for m in mods {
            let pos = find_mod(&t, m, '{').ok_or_else(|| format!("no `mod {m} {{` in {rel}"))?;
            places = places.and(places_of_attrs(&leading_attrs(&t, pos), false)?);
        }
        let pos = t
            .find(&format!("fn {func}("))
            .ok_or_else(|| format!("no `fn {func}(` in {rel}"))?;
        Ok(places.and(places_of_attrs(&leading_attrs(&t, pos), false)?))
    }

    /// The arch cell a row with this test cell must have.
    pub fn row_cell(&mut self, tests: &[&str]) -> Result<String, String> {
        let mut places = Places(0);
        for r in tests {
            places = places.or(self.test_places(r)?);
        }
        Ok(places.cell())
    }
}
