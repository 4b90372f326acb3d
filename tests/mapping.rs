//! Checks `docs/GO_MAPPING.md`, the Go → Rust mapping table, against the symbol
//! inventories `docs/go-symbols.txt` and `docs/seed-symbols.txt`.
//!
//! Native test: it only reads text files, so it runs on Linux (`cargo test --test mapping`)
//! and builds for Windows as well.
//!
//! Rules enforced (the same rules are stated at the top of `docs/GO_MAPPING.md`):
//! - the file contains the header `| Go symbol | Rust item | status | test | arch | notes |`
//!   (it may be repeated, e.g. once per section);
//! - every other line starting with `|` (except `|---|` separator lines) is a mapping row,
//!   so no other tables may live in that file;
//! - a row has exactly 6 cells; a literal `|` inside a cell is written `\|`;
//! - the Go symbol cell is not empty. Only a cell holding exactly ONE symbol, optionally in
//!   backticks (`Name` or `Type.Method`, no `*`/parentheses for pointer receivers), counts as
//!   the row of that symbol. Free-form cells (`PAGE_* / FILE_MAP_*`, `(directory iterator)`,
//!   `A, B`) are fine for extra rows (constants, Rust-only additions) but cover nothing;
//! - status is one of `done`, `beyond`, `n/a`, `planned`;
//! - `done`/`beyond` rows name a Rust item and at least one test; tests are written
//!   `tests/<file>.rs::<fn>` or `src/<path>.rs::<mod>::<fn>`, several separated by `; `,
//!   backticks allowed; each named file must exist and contain `fn <fn>(`. Test references
//!   in rows of other statuses are checked the same way;
//! - the tests of a `done`/`beyond` row mention its Rust item: the item is the first
//!   `code span` of the Rust cell (its last path segment: `Errno::EINVAL` → `EINVAL`;
//!   every member of `T::{a, b}`; `T` for "`Drop` for `T`" and "`Trait for T`"; the Go
//!   cell's symbol for "same names" and for a Go glob like `AF_*`, matched as a glob).
//!   Each item must appear in at least one named test, and every named test must mention
//!   at least one item of the Rust cell: as a whole identifier outside comments, in the
//!   test's body or in a function of the same file it names (a helper it calls, a child
//!   entry point it starts);
//! - `n/a` rows have non-empty notes;
//! - the arch cell says where the row's named tests run, from their `cfg` attributes
//!   (`mapping/arch.rs`): `x86_64` and `i686` under Wine, `portable` natively on Linux,
//!   in that order, `, `-separated, or `—` when none runs; no row can claim aarch64;
//! - no Go symbol has two rows;
//! - every symbol of `docs/seed-symbols.txt` and `docs/go-symbols.txt` has a row.
//!
//! Set `WINSYSCALL_MAPPING=/path/to/file.md` to check another file (e.g. a scratch assembly
//! of `docs/mapping/*.md`) instead of `docs/GO_MAPPING.md`.
//!
//! Every check reports all offending rows at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "mapping/arch.rs"]
mod arch;

const HEADER: &str = "| Go symbol | Rust item | status | test | arch | notes |";
/// Cells per row.
const CELLS: usize = 6;
const STATUSES: [&str; 4] = ["done", "beyond", "n/a", "planned"];
/// Group tags of `docs/go-symbols.txt`, in the file's order.
const GROUPS: [&str; 18] = [
    "core", "strings", "errno", "fs", "net", "iocp", "dll", "callback", "process", "env",
    "registry", "time", "security", "crypto", "dns", "iphlp", "console", "misc",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mapping_path() -> PathBuf {
    match std::env::var_os("WINSYSCALL_MAPPING") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => root().join("docs").join("GO_MAPPING.md"),
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Panics with every problem, one per line, if there are any.
fn report(what: &str, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    let mut msg = format!("{what}: {} problem(s)\n", problems.len());
    for p in problems {
        let _ = writeln!(msg, "  {p}");
    }
    panic!("{msg}");
}

/// One table row of the mapping file.
struct Row {
    line: usize,
    text: String,
    cells: Vec<String>,
}

impl Row {
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
    fn symbol(&self) -> &str {
        strip_ticks(self.cell(0))
    }
    fn status(&self) -> &str {
        strip_ticks(self.cell(2))
    }
    fn at(&self) -> String {
        format!("line {}: {}", self.line, self.text)
    }
}

fn strip_ticks(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('`')
        .and_then(|t| t.strip_suffix('`'))
        .map_or(s, str::trim)
}

/// A cell that says "nothing here".
fn is_blank(s: &str) -> bool {
    matches!(strip_ticks(s), "" | "-" | "—" | "–")
}

/// Splits `| a | b \| c | d |` into trimmed cells, honouring `\|`.
fn split_cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push_str("\\|");
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Header presence and the rows of the mapping file.
struct Mapping {
    path: PathBuf,
    headers: usize,
    rows: Vec<Row>,
}

fn load_mapping() -> Mapping {
    let path = mapping_path();
    let text = read(&path);
    let mut headers = 0;
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let t = line.trim();
        if !t.starts_with('|') {
            continue;
        }
        if t == HEADER {
            headers += 1;
            continue;
        }
        if is_separator(t) {
            continue;
        }
        rows.push(Row {
            line: i + 1,
            text: t.to_string(),
            cells: split_cells(t),
        });
    }
    Mapping {
        path,
        headers,
        rows,
    }
}

/// `symbol -> group` from `docs/go-symbols.txt`, in file order, plus format problems.
fn load_go_symbols() -> (Vec<(String, String)>, Vec<String>) {
    let path = root().join("docs").join("go-symbols.txt");
    let text = read(&path);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() != 2 || parts[0].trim().is_empty() || parts[0] != parts[0].trim() {
            problems.push(format!(
                "go-symbols.txt line {}: want `<symbol>\\t<group>`: {line:?}",
                i + 1
            ));
            continue;
        }
        out.push((parts[0].to_string(), parts[1].trim().to_string()));
    }
    (out, problems)
}

fn load_seed_symbols() -> Vec<String> {
    let text = read(&root().join("docs").join("seed-symbols.txt"));
    text.lines()
        .map(|l| l.trim_end_matches('\r').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Name` or `Type.Method`.
fn is_symbol(s: &str) -> bool {
    match s.split_once('.') {
        Some((t, m)) => is_ident(t) && is_ident(m),
        None => is_ident(s),
    }
}

/// Checks one test reference, `tests/x.rs::f` or `src/a/b.rs::tests::f`.
fn check_test_ref(r: &str, cache: &mut HashMap<PathBuf, Option<String>>) -> Result<(), String> {
    let r = strip_ticks(r);
    let Some((file, path)) = r.split_once(".rs::") else {
        return Err(format!(
            "`{r}` is not `tests/<file>.rs::<fn>` or `src/<path>.rs::<fn>`"
        ));
    };
    let file = format!("{file}.rs");
    if !(file.starts_with("tests/") || file.starts_with("src/"))
        || file.contains("..")
        || file.contains('\\')
        || file.contains(' ')
    {
        return Err(format!(
            "`{r}`: the file must be tests/<file>.rs or src/<path>.rs"
        ));
    }
    let segments: Vec<&str> = path.split("::").collect();
    if segments.iter().any(|s| !is_ident(s)) {
        return Err(format!("`{r}`: `{path}` is not a Rust path to a fn"));
    }
    let func = segments[segments.len() - 1];
    let full = root().join(&file);
    let body = cache
        .entry(full.clone())
        .or_insert_with(|| fs::read_to_string(&full).ok());
    match body {
        None => Err(format!("`{r}`: {file} does not exist")),
        Some(body) if !body.contains(&format!("fn {func}(")) => {
            Err(format!("`{r}`: {file} has no `fn {func}(`"))
        }
        Some(_) => Ok(()),
    }
}

#[test]
fn go_symbols_inventory_is_well_formed() {
    let (symbols, mut problems) = load_go_symbols();
    let mut seen = HashSet::new();
    let mut last: Option<(usize, &str)> = None;
    for (sym, group) in &symbols {
        if !is_symbol(sym) {
            problems.push(format!("{sym}: not `Name` or `Type.Method`"));
        }
        if !seen.insert(sym.as_str()) {
            problems.push(format!("{sym}: listed twice"));
        }
        let Some(g) = GROUPS.iter().position(|g| g == group) else {
            problems.push(format!("{sym}: unknown group `{group}`"));
            continue;
        };
        if let Some((lg, ls)) = last {
            if (g, sym.as_str()) < (lg, ls) {
                problems.push(format!(
                    "{sym}\t{group}: out of order (sort by group in the header's order, then name)"
                ));
            }
        }
        last = Some((g, sym.as_str()));
    }
    for s in load_seed_symbols() {
        if !seen.contains(s.as_str()) {
            problems.push(format!(
                "{s}: in seed-symbols.txt but not in go-symbols.txt"
            ));
        }
    }
    if symbols.is_empty() {
        problems.push("go-symbols.txt lists no symbols".to_string());
    }
    report("docs/go-symbols.txt", &problems);
}

#[test]
fn mapping_has_the_table_header() {
    let m = load_mapping();
    if m.headers == 0 {
        report(
            &m.path.display().to_string(),
            &[format!("no line equal to `{HEADER}`")],
        );
    }
}

#[test]
fn mapping_rows_are_well_formed() {
    let m = load_mapping();
    let mut problems = Vec::new();
    for row in &m.rows {
        if row.cells.len() != CELLS {
            problems.push(format!(
                "{}  -> {} cells, want {CELLS} (write a literal | as \\|)",
                row.at(),
                row.cells.len()
            ));
            continue;
        }
        if is_blank(row.cell(0)) {
            problems.push(format!("{}  -> empty Go symbol cell", row.at()));
        }
        let status = row.status();
        if !STATUSES.contains(&status) {
            problems.push(format!(
                "{}  -> status `{status}` is not one of {STATUSES:?}",
                row.at()
            ));
        }
        if matches!(status, "done" | "beyond") {
            if is_blank(row.cell(1)) {
                problems.push(format!("{}  -> {status} row without a Rust item", row.at()));
            }
            if is_blank(row.cell(3)) {
                problems.push(format!("{}  -> {status} row without a test", row.at()));
            }
        }
        if status == "n/a" && is_blank(row.cell(5)) {
            problems.push(format!("{}  -> n/a row needs a reason in notes", row.at()));
        }
    }
    report(&m.path.display().to_string(), &problems);
}

#[test]
fn mapping_tests_exist() {
    let m = load_mapping();
    let mut cache = HashMap::new();
    let mut problems = Vec::new();
    for row in &m.rows {
        let cell = row.cell(3);
        if row.cells.len() != CELLS || is_blank(cell) {
            continue;
        }
        for r in cell.split("; ") {
            if let Err(e) = check_test_ref(r, &mut cache) {
                problems.push(format!("{}  -> {e}", row.at()));
            }
        }
    }
    report(&m.path.display().to_string(), &problems);
}

/// The arch cell of every row is where its named tests run (`mapping/arch.rs`): a row
/// cannot claim a place its tests are compiled out of, nor leave one out.
#[test]
fn mapping_arch_is_where_the_tests_run() {
    let m = load_mapping();
    let root = root();
    let mut sources = arch::Sources::new(&root);
    let mut problems = Vec::new();
    for row in m.rows.iter().filter(|r| r.cells.len() == CELLS) {
        let cell = row.cell(4);
        if let Err(e) = arch::check_vocabulary(cell) {
            problems.push(format!("{}  -> arch: {e}", row.at()));
            continue;
        }
        let tests: Vec<&str> = if is_blank(row.cell(3)) {
            Vec::new()
        } else {
            row.cell(3).split("; ").map(strip_ticks).collect()
        };
        match sources.row_cell(&tests) {
            Ok(want) if want == cell => {}
            Ok(want) => problems.push(format!(
                "{}  -> arch `{cell}`, but the named tests run on `{want}`",
                row.at()
            )),
            Err(e) => problems.push(format!("{}  -> arch: {e}", row.at())),
        }
    }
    report(&m.path.display().to_string(), &problems);
}

#[test]
fn arch_reads_cfg_attributes() {
    let cell = |pred: &str| arch::places_of_cfg(pred).unwrap().cell();
    assert_eq!(cell("windows"), "x86_64, i686");
    assert_eq!(cell("not(windows)"), "portable");
    assert_eq!(cell("target_arch = \"x86\""), "i686");
    assert_eq!(cell("target_pointer_width = \"64\""), "x86_64, portable");
    assert_eq!(
        cell("all(windows, any(target_arch = \"x86_64\", target_arch = \"aarch64\"))"),
        "x86_64"
    );
    assert_eq!(cell("target_arch = \"aarch64\""), arch::NONE);
    assert!(arch::places_of_cfg("sanitize = \"x\"").is_err());
    let text =
        "}\n\n/// Doc.\n#[cfg(any(\n    target_arch = \"x86\",\n))]\n// note\n#[test]\nfn t() {}\n";
    let attrs = arch::leading_attrs(text, text.find("fn t(").unwrap());
    assert!(
        attrs.starts_with("#[cfg(any(") && attrs.ends_with("#[test]"),
        "{attrs}"
    );
    for bad in ["x86", "i686, x86_64", "x86_64, x86_64", "aarch64", ""] {
        assert!(arch::check_vocabulary(bad).is_err(), "{bad}");
    }
    arch::check_vocabulary("x86_64, i686, portable").unwrap();
    // Real files: a whole test file compiled off Windows only, a module file reached
    // through `#[cfg(target_arch = "x86")] #[path = ..] mod`, a test fn for i686 only.
    let root = root();
    let mut s = arch::Sources::new(&root);
    let file = |s: &mut arch::Sources, f: &str| s.file_places(f).unwrap().cell();
    assert_eq!(file(&mut s, "tests/fuzz_corpus.rs"), "portable");
    assert_eq!(file(&mut s, "src/sys/dll_x86.rs"), "i686");
    assert_eq!(file(&mut s, "src/sys/process/start.rs"), "x86_64, i686");
    assert_eq!(file(&mut s, "src/errno_kind.rs"), "x86_64, i686, portable");
    let x86_only = "tests/callback.rs::x86_stdcall_pops_its_arguments_and_cdecl_leaves_them";
    assert_eq!(s.row_cell(&[x86_only]).unwrap(), "i686");
    assert_eq!(
        s.row_cell(&["tests/layout.rs::windows::time_layouts_equal_windows_sys"])
            .unwrap(),
        "x86_64, i686"
    );
}

#[test]
fn mapping_has_no_duplicate_symbols() {
    let m = load_mapping();
    let mut by_symbol: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in &m.rows {
        if !is_blank(row.cell(0)) {
            by_symbol.entry(row.symbol()).or_default().push(row);
        }
    }
    let mut problems = Vec::new();
    for (sym, rows) in by_symbol.iter().filter(|(_, r)| r.len() > 1) {
        let lines: Vec<String> = rows.iter().map(|r| r.line.to_string()).collect();
        problems.push(format!(
            "`{sym}` has {} rows: lines {}",
            rows.len(),
            lines.join(", ")
        ));
    }
    report(&m.path.display().to_string(), &problems);
}

#[test]
fn mapping_covers_every_symbol() {
    let m = load_mapping();
    let covered: HashSet<&str> = m
        .rows
        .iter()
        .map(Row::symbol)
        .filter(|s| is_symbol(s))
        .collect();
    // Free-form Go cells that mention a symbol as a whole word, to point at in the report.
    let mut mentions: HashMap<String, Vec<usize>> = HashMap::new();
    for row in m.rows.iter().filter(|r| !is_symbol(r.symbol())) {
        let words = row
            .cell(0)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .filter(|w| !w.is_empty());
        for w in words {
            mentions.entry(w.to_string()).or_default().push(row.line);
        }
    }
    let hint = |sym: &str| match mentions.get(sym) {
        Some(lines) => {
            let l: Vec<String> = lines.iter().map(usize::to_string).collect();
            format!(
                "{sym} (line {} mentions it in a free-form cell: give it its own row with the bare symbol)",
                l.join(", ")
            )
        }
        None => sym.to_string(),
    };
    let (symbols, _) = load_go_symbols();
    let mut missing: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut total = 0;
    for (sym, group) in &symbols {
        if !covered.contains(sym.as_str()) {
            let g = GROUPS
                .iter()
                .position(|x| x == group)
                .unwrap_or(GROUPS.len());
            missing.entry(g).or_default().push(hint(sym));
            total += 1;
        }
    }
    let mut problems = Vec::new();
    for (g, syms) in &missing {
        let name = GROUPS.get(*g).copied().unwrap_or("(unknown group)");
        problems.push(format!(
            "go-symbols.txt [{name}] {} without a row: {}",
            syms.len(),
            syms.join(", ")
        ));
    }
    let known: HashSet<&str> = symbols.iter().map(|(s, _)| s.as_str()).collect();
    for s in load_seed_symbols() {
        if !covered.contains(s.as_str()) && !known.contains(s.as_str()) {
            problems.push(format!("seed-symbols.txt: {} without a row", hint(&s)));
        }
    }
    if total > 0 {
        problems.push(format!(
            "{total} go-symbols.txt symbol(s) without a row in total"
        ));
    }
    report(&m.path.display().to_string(), &problems);
}

// ---- The named tests mention the row's Rust item --------------------------------------

/// One thing a row's test must name: an identifier, or a glob with `*` (`HKEY_*`,
/// `CTRL_*_EVENT`) that some identifier of the test must match.
#[derive(Debug, Clone, PartialEq)]
struct Item(String);

impl Item {
    fn matches(&self, ident: &str) -> bool {
        glob(self.0.as_bytes(), ident.as_bytes())
    }
}

/// `*` matches any run (possibly empty) of identifier characters.
fn glob(p: &[u8], s: &[u8]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|i| glob(rest, &s[i..])),
        Some((c, rest)) => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

/// The backtick code spans of a cell, in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).map(str::trim).collect()
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '*'
}

/// The items one code span names: `a::b::c` → `c`; `T::{x, y}` → `x` and `y`;
/// `fn_name(args) -> T`, `T { fields }`, `T<G>`, `X: u32` → the leading path's last
/// segment; `unsafe f`, `impl Tr for T` → `f`, `T`. An empty list when the span names
/// no Rust path (e.g. a literal).
fn span_items(span: &str) -> Vec<Item> {
    let mut s = span.trim();
    for kw in ["unsafe ", "pub ", "const ", "static "] {
        s = s.strip_prefix(kw).unwrap_or(s).trim_start();
    }
    // `impl Trait for Type`, `Trait for Type`: the type is what the test has to touch.
    s = s.strip_prefix("impl ").unwrap_or(s);
    if let Some((_, ty)) = s.rsplit_once(" for ") {
        s = ty.trim();
    }
    let head: String = s.chars().take_while(|&c| is_path_char(c)).collect();
    let rest = &s[head.len()..];
    if head.ends_with("::") && rest.starts_with('{') {
        let inner = rest[1..].split('}').next().unwrap_or("");
        return inner
            .split(',')
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
            .flat_map(span_items)
            .collect();
    }
    let last = head
        .trim_end_matches(':')
        .rsplit("::")
        .next()
        .unwrap_or("")
        .to_string();
    let starts_ok = last
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '*');
    if starts_ok && last.chars().any(|c| c != '*') {
        vec![Item(last)]
    } else {
        Vec::new()
    }
}

/// The row's Rust item(s), every one of which the named tests must mention.
///
/// The first code span of the Rust cell names it (all members of a `T::{a, b}` group
/// count); a leading `Drop` (as in "`Drop` for `T`") stands for the type after it. A
/// Rust cell of "same names", or a Go cell whose first symbol is a glob (`AF_*`), takes
/// the first symbol of the Go cell instead. `None` when the cell names nothing checkable (a malformed row).
fn row_items(row: &Row) -> Option<Vec<Item>> {
    let rust = row.cell(1);
    if rust.trim_start().starts_with("same names") {
        let go = row.cell(0);
        let spans = code_spans(go);
        let first = match spans.first() {
            Some(s) => *s,
            None => go.split([',', ' ']).find(|w| !w.trim().is_empty())?,
        };
        let items = span_items(first);
        return (!items.is_empty()).then_some(items);
    }
    // A group of constants (`AF_*`, `CTRL_*_EVENT`): any member of the group will do.
    if let Some(g) = code_spans(row.cell(0)).first().filter(|g| g.contains('*')) {
        let items = span_items(g);
        if !items.is_empty() {
            return Some(items);
        }
    }
    let spans = code_spans(rust);
    let mut it = spans.iter().copied();
    let mut first = it.next()?;
    if first == "Drop" {
        first = it.next()?;
    }
    let items = span_items(first);
    (!items.is_empty()).then_some(items)
}

/// `text` with comments removed and the braces inside string and char literals
/// blanked (the literals' other characters stay: a child's name in a string counts).
fn strip_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |c: u8| if c == b'{' || c == b'}' { b' ' } else { c };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'/' && next == Some(b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && next == Some(b'*') {
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                i += 1;
            }
            i += 2;
        } else if c == b'r'
            && matches!(next, Some(b'"' | b'#'))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            // Raw string: r"…", r#"…"#; no escapes.
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            let open = i + 1 + hashes;
            if b.get(open) != Some(&b'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let end = b[open + 1..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |p| open + 1 + p + close.len());
            out.extend(b[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == b'"' {
            out.push(c);
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    out.push(b' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            if i < b.len() {
                out.push(b'"');
                i += 1;
            }
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{7f}'), or a lifetime (left as is).
            let end = if next == Some(b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == b'\'')
                    .map(|p| i + 3 + p)
            } else if b.get(i + 2) == Some(&b'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(e) => {
                    out.extend(b[i..e].iter().map(|&c| blank(c)));
                    i = e;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The body (from its `{` to the matching `}`) of `fn func(` in `text` (cleaned by
/// [`strip_comments`], so every brace left is code).
fn fn_body(text: &str, func: &str) -> Option<String> {
    let start = text.find(&format!("fn {func}("))?;
    let text = &text[start..];
    let open = text.find('{')?;
    let close = matching_close(text, open)?;
    Some(text[open..=close].to_string())
}

/// The index of the bracket that closes the one at `open` (`(`, `[` or `{`).
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let (l, r) = match text[open..].chars().next()? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        '{' => ('{', '}'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        if c == l {
            depth += 1;
        } else if c == r {
            depth -= 1;
            if depth == 0 {
                return Some(open + i);
            }
        }
    }
    None
}

/// The names of the functions `text` defines (`fn name(`).
fn fn_names(text: &str) -> HashSet<&str> {
    text.match_indices("fn ")
        .filter(|(i, _)| *i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
        .filter_map(|(i, _)| {
            let rest = &text[i + 3..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            rest[end..].starts_with('(').then(|| &rest[..end])
        })
        .collect()
}

/// Every identifier of `body`.
fn identifiers(body: &str) -> HashSet<&str> {
    body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_ascii_digit()))
        .collect()
}

/// The code the test `r` names (`tests/x.rs::f`) runs, as far as its own file shows: its
/// body, plus the bodies of the functions of the same file it names (helpers it calls,
/// child entry points it starts by name), transitively. `None` if the test cannot be
/// found.
fn test_body(r: &str, cache: &mut HashMap<PathBuf, Option<String>>) -> Option<String> {
    let r = strip_ticks(r);
    let (file, path) = r.split_once(".rs::")?;
    let func = path.rsplit("::").next()?;
    let full = root().join(format!("{file}.rs"));
    let text = cache
        .entry(full.clone())
        .or_insert_with(|| fs::read_to_string(&full).ok().map(|t| strip_comments(&t)))
        .as_ref()?;
    let names = fn_names(text);
    let mut seen = HashSet::from([func.to_string()]);
    let mut todo = vec![fn_body(text, func)?];
    let mut all = String::new();
    while let Some(body) = todo.pop() {
        for name in body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if names.contains(name) && seen.insert(name.to_string()) {
                todo.extend(fn_body(text, name));
            }
        }
        all.push_str(&body);
        all.push('\n');
    }
    Some(all)
}

/// Every item any code span of the row's Rust cell names (and, for "same names", of
/// its Go cell): what a named test may touch to count as a test of the row.
fn row_all_items(row: &Row, primary: &[Item]) -> Vec<Item> {
    let mut all = primary.to_vec();
    let mut cells = vec![row.cell(1)];
    if row.cell(1).trim_start().starts_with("same names") {
        cells.push(row.cell(0));
    }
    for cell in cells {
        for span in code_spans(cell) {
            all.extend(span_items(span));
        }
    }
    all
}

/// The tests of each `done`/`beyond` row must mention the row's Rust item (for a group,
/// every member): each item in at least one of them, and every named test at least one
/// item of the row's Rust cell. "Mention" means a whole identifier outside comments, in
/// the test's body or in a function of the same file it calls or starts as a child. A
/// test that never touches the item cannot prove it.
#[test]
fn mapping_tests_mention_their_rust_item() {
    let m = load_mapping();
    let mut cache = HashMap::new();
    let mut problems = Vec::new();
    for row in &m.rows {
        let cell = row.cell(3);
        if row.cells.len() != CELLS || is_blank(cell) || !matches!(row.status(), "done" | "beyond")
        {
            continue;
        }
        let Some(items) = row_items(row) else {
            problems.push(format!(
                "{}  -> the Rust item cell names no Rust path in its first `code span`",
                row.at()
            ));
            continue;
        };
        let all = row_all_items(row, &items);
        let mut mentioned = vec![false; items.len()];
        for r in cell.split("; ") {
            let Some(body) = test_body(r, &mut cache) else {
                problems.push(format!(
                    "{}  -> cannot find the body of `{}`",
                    row.at(),
                    strip_ticks(r)
                ));
                continue;
            };
            let idents = identifiers(&body);
            let has = |it: &Item| idents.iter().any(|id| it.matches(id));
            for (m, it) in mentioned.iter_mut().zip(&items) {
                *m |= has(it);
            }
            if !all.iter().any(has) {
                let names: Vec<&str> = all.iter().map(|it| it.0.as_str()).collect();
                problems.push(format!(
                    "{}  -> `{}` mentions none of `{}`",
                    row.at(),
                    strip_ticks(r),
                    names.join("`, `")
                ));
            }
        }
        let missing: Vec<&str> = items
            .iter()
            .zip(&mentioned)
            .filter(|(_, m)| !**m)
            .map(|(it, _)| it.0.as_str())
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{}  -> no named test mentions `{}`",
                row.at(),
                missing.join("`, `")
            ));
        }
    }
    report(&m.path.display().to_string(), &problems);
}

#[test]
fn item_extraction_reads_the_row_formats() {
    let items = |s: &str| -> Vec<String> { span_items(s).into_iter().map(|i| i.0).collect() };
    assert_eq!(items("open"), ["open"]);
    assert_eq!(
        items("Errno::ERROR_FILE_NOT_FOUND"),
        ["ERROR_FILE_NOT_FOUND"]
    );
    assert_eq!(
        items("Errno::{is_not_exist, is_exist}"),
        ["is_not_exist", "is_exist"]
    );
    assert_eq!(items("stdin()"), ["stdin"]);
    assert_eq!(items("reg_open_key_ex -> RegKey"), ["reg_open_key_ex"]);
    assert_eq!(items("Timespec { sec: i64, nsec: i64 }"), ["Timespec"]);
    assert_eq!(items("unsafe Proc::call(&[usize]) -> usize"), ["call"]);
    assert_eq!(items("impl Display for Signal"), ["Signal"]);
    assert_eq!(items("Display for DllError"), ["DllError"]);
    assert_eq!(items("HKEY_*: u32"), ["HKEY_*"]);
    assert_eq!(items("TryFrom<SystemTime>"), ["TryFrom"]);
    assert!(items("0x900A8").is_empty());
    assert!(Item("CTRL_*_EVENT".into()).matches("CTRL_C_EVENT"));
    assert!(!Item("CTRL_*_EVENT".into()).matches("CTRL_C"));
    assert!(!Item("open".into()).matches("open_plan"));
    let text = strip_comments(
        "fn a() { let s = \"}\\\"\"; let r = r\"\\}\"; /* open */ // open\n b('}'); }\nfn open() {}",
    );
    let body = fn_body(&text, "a").unwrap();
    assert!(!identifiers(&body).contains("open"), "{body}");
    assert!(identifiers(&body).contains("b"), "{body}");
}
