//! Checks `docs/GO_MAPPING.md`, the Go → Rust mapping table, against the symbol
//! inventories `docs/go-symbols.txt` and `docs/seed-symbols.txt`.
//!
//! Native test: it only reads text files, so it runs on Linux (`cargo test --test mapping`)
//! and builds for Windows as well.
//!
//! Rules enforced (the same rules are stated at the top of `docs/GO_MAPPING.md`):
//! - the file contains the header `| Go symbol | Rust item | status | test | notes |`
//!   (it may be repeated, e.g. once per section);
//! - every other line starting with `|` (except `|---|` separator lines) is a mapping row,
//!   so no other tables may live in that file;
//! - a row has exactly 5 cells; a literal `|` inside a cell is written `\|`;
//! - the Go symbol cell is not empty. Only a cell holding exactly ONE symbol, optionally in
//!   backticks (`Name` or `Type.Method`, no `*`/parentheses for pointer receivers), counts as
//!   the row of that symbol. Free-form cells (`PAGE_* / FILE_MAP_*`, `(directory iterator)`,
//!   `A, B`) are fine for extra rows (constants, Rust-only additions) but cover nothing;
//! - status is one of `done`, `beyond`, `n/a`, `planned`;
//! - `done`/`beyond` rows name a Rust item and at least one test; tests are written
//!   `tests/<file>.rs::<fn>` or `src/<path>.rs::<mod>::<fn>`, several separated by `; `,
//!   backticks allowed; each named file must exist and contain `fn <fn>(`. Test references
//!   in rows of other statuses are checked the same way;
//! - `n/a` rows have non-empty notes;
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

const HEADER: &str = "| Go symbol | Rust item | status | test | notes |";
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
        if row.cells.len() != 5 {
            problems.push(format!(
                "{}  -> {} cells, want 5 (write a literal | as \\|)",
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
        if status == "n/a" && is_blank(row.cell(4)) {
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
        if row.cells.len() != 5 || is_blank(cell) {
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
