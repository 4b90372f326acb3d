//! Reparse-point buffers and the NT path forms around them: the portable half of
//! Go's `Readlink`, `Fchdir`/`fdpath` and of long-path handling.
//!
//! Portable and free of system calls, so it is unit-tested (and fuzzed) on every
//! OS:
//! * [`parse_reparse_buffer`] reads a `REPARSE_DATA_BUFFER` as
//!   `DeviceIoControl(FSCTL_GET_REPARSE_POINT)` returns it. The bytes are treated
//!   as untrusted: every offset and length is checked, nothing is read out of
//!   bounds, and malformed data gives an [`Errno`], never a panic.
//! * [`ReparseTarget::go_target`] applies Go's `Readlink` rules to a parsed buffer.
//! * [`remove_extended_prefix`] is current Go's rewrite of a final path
//!   (`\\?\C:\x` → `C:\x`, `\\?\UNC\s\x` → `\\s\x`).
//! * [`fix_long_path`] is the rule every path-taking call of this crate applies so
//!   that paths longer than `MAX_PATH` work (beyond Go's `syscall`; Go's `os` has the
//!   same idea in `fixLongPath`).

use crate::errno::{Errno, Result};

/// Go: `syscall.FSCTL_GET_REPARSE_POINT` = `0x900A8`: the `DeviceIoControl` code
/// that reads a reparse point's data.
pub const FSCTL_GET_REPARSE_POINT: u32 = 0x900A8;
/// `FSCTL_SET_REPARSE_POINT` = `0x900A4` (not in Go's `syscall`): the
/// `DeviceIoControl` code that stores reparse data, e.g. the bytes of
/// [`ReparseTarget::to_bytes`] to make a junction.
pub const FSCTL_SET_REPARSE_POINT: u32 = 0x900A4;
/// Go: `syscall.MAXIMUM_REPARSE_DATA_BUFFER_SIZE` = `16 * 1024`: the largest
/// reparse buffer Windows returns (and the buffer size `readlink` uses).
pub const MAXIMUM_REPARSE_DATA_BUFFER_SIZE: usize = 16 * 1024;
/// Go: `syscall.IO_REPARSE_TAG_SYMLINK` = `0xA000000C`: a symbolic link.
pub const IO_REPARSE_TAG_SYMLINK: u32 = 0xA000000C;
/// Go (unexported): `_IO_REPARSE_TAG_MOUNT_POINT` = `0xA0000003`: a junction or a
/// volume mount point.
#[doc(alias = "_IO_REPARSE_TAG_MOUNT_POINT")]
pub const IO_REPARSE_TAG_MOUNT_POINT: u32 = 0xA0000003;
/// Go: `syscall.SYMBOLIC_LINK_FLAG_DIRECTORY` = `0x1`: `CreateSymbolicLinkW`
/// makes a directory link.
pub const SYMBOLIC_LINK_FLAG_DIRECTORY: u32 = 0x1;
/// `SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE` = `0x2` (Go:
/// `internal/syscall/windows`): create without the symlink privilege where
/// Developer Mode allows it (Windows 10 1703 and later).
pub const SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE: u32 = 0x2;
/// Go (unexported): `_SYMLINK_FLAG_RELATIVE` = `1`: the `Flags` bit of a symbolic
/// link reparse buffer saying the substitute name is relative.
#[doc(alias = "_SYMLINK_FLAG_RELATIVE")]
pub const SYMLINK_FLAG_RELATIVE: u32 = 1;

/// Size of the common header: `ReparseTag` (u32), `ReparseDataLength` (u16),
/// `Reserved` (u16).
const HEADER: usize = 8;

/// A parsed symbolic-link or mount-point reparse buffer.
///
/// Go: the private `reparseDataBuffer`, `symbolicLinkReparseBuffer` and
/// `mountPointReparseBuffer` types of `syscall`, read by `Readlink`. The names are
/// kept as UTF-16 units exactly as stored (no NUL handling), so nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReparseTarget {
    /// The reparse tag: [`IO_REPARSE_TAG_SYMLINK`] or [`IO_REPARSE_TAG_MOUNT_POINT`].
    pub tag: u32,
    /// `SubstituteName`: the NT path the system follows (`\??\C:\dir`), or the
    /// relative target of a relative symbolic link.
    pub substitute_name: Vec<u16>,
    /// `PrintName`: the name meant for display (may be empty).
    pub print_name: Vec<u16>,
    /// `Flags` of a symbolic link ([`SYMLINK_FLAG_RELATIVE`]); 0 for a mount point,
    /// whose buffer has no such field.
    pub flags: u32,
}

impl ReparseTarget {
    /// Whether this is a symbolic link whose target is relative to the link's
    /// directory (`Flags & SYMLINK_FLAG_RELATIVE`).
    pub fn is_relative(&self) -> bool {
        self.tag == IO_REPARSE_TAG_SYMLINK && self.flags & SYMLINK_FLAG_RELATIVE != 0
    }

    /// Go's `Readlink` result, as UTF-16 units.
    ///
    /// The substitute name up to its first NUL (Go decodes it with
    /// `UTF16ToString`), then:
    /// * symbolic link, relative: returned verbatim;
    /// * symbolic link, absolute: a leading `\??\` is stripped; after it `X:…`
    ///   stays, `UNC\server\share` becomes `\\server\share`, anything else stays;
    ///   a name without `\??\` is left alone;
    /// * mount point or junction: a leading `\??\` is stripped (a volume mount point
    ///   comes out as `Volume{guid}\`).
    ///
    /// ```
    /// use winsyscall::{ReparseTarget, IO_REPARSE_TAG_SYMLINK};
    /// let w = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
    /// let t = ReparseTarget { tag: IO_REPARSE_TAG_SYMLINK, substitute_name: w(r"\??\UNC\srv\share"),
    ///                         print_name: vec![], flags: 0 };
    /// assert_eq!(t.go_target(), w(r"\\srv\share"));
    /// ```
    pub fn go_target(&self) -> Vec<u16> {
        let s = until_nul(&self.substitute_name);
        const NT: [u16; 4] = units4(b"\\??\\");
        const UNC: [u16; 4] = units4(b"UNC\\");
        if self.tag == IO_REPARSE_TAG_SYMLINK {
            if self.is_relative() || !s.starts_with(&NT) {
                return s.to_vec();
            }
            let rest = &s[4..];
            if rest.len() >= 2 && rest[1] == u16::from(b':') {
                rest.to_vec()
            } else if rest.starts_with(&UNC) {
                let mut v = vec![u16::from(b'\\'), u16::from(b'\\')];
                v.extend_from_slice(&rest[4..]);
                v
            } else {
                rest.to_vec()
            }
        } else if s.starts_with(&NT) {
            s[4..].to_vec()
        } else {
            s.to_vec()
        }
    }

    /// The `REPARSE_DATA_BUFFER` bytes for this target, in the layout
    /// [`parse_reparse_buffer`] reads (beyond Go: what `FSCTL_SET_REPARSE_POINT`
    /// takes to make a junction or link).
    ///
    /// The path buffer holds the substitute name, a NUL, the print name and a
    /// NUL, as Windows writes it; the lengths exclude the NULs. A tag other than
    /// the two supported ones gives `EINVAL`, names too long for the 16-bit
    /// fields (or a buffer over [`MAXIMUM_REPARSE_DATA_BUFFER_SIZE`]) give
    /// `ERROR_INVALID_REPARSE_DATA`. `parse_reparse_buffer(&t.to_bytes()?) == Ok(t)`.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let fixed = match self.tag {
            IO_REPARSE_TAG_SYMLINK => 12usize,
            IO_REPARSE_TAG_MOUNT_POINT => 8,
            _ => return Err(Errno::EINVAL),
        };
        let bad = Errno::ERROR_INVALID_REPARSE_DATA;
        let sub_len = self.substitute_name.len() * 2;
        let print_off = sub_len + 2;
        let print_len = self.print_name.len() * 2;
        let data_len = fixed + print_off + print_len + 2;
        if HEADER + data_len > MAXIMUM_REPARSE_DATA_BUFFER_SIZE {
            return Err(bad);
        }
        let u16_of = |n: usize| u16::try_from(n).map_err(|_| bad);
        let mut v = Vec::with_capacity(HEADER + data_len);
        v.extend_from_slice(&self.tag.to_le_bytes());
        v.extend_from_slice(&u16_of(data_len)?.to_le_bytes());
        v.extend_from_slice(&[0, 0]);
        for field in [0, sub_len, print_off, print_len] {
            v.extend_from_slice(&u16_of(field)?.to_le_bytes());
        }
        if fixed == 12 {
            v.extend_from_slice(&self.flags.to_le_bytes());
        }
        for u in self
            .substitute_name
            .iter()
            .chain(&[0])
            .chain(&self.print_name)
            .chain(&[0])
        {
            v.extend_from_slice(&u.to_le_bytes());
        }
        Ok(v)
    }

    /// [`go_target`](Self::go_target) as Go's exact (WTF-8) bytes: what Go's
    /// `Readlink` copies into its buffer.
    pub fn go_target_wtf8(&self) -> Vec<u8> {
        crate::wstr::utf16_to_wtf8(&self.go_target())
    }

    /// [`go_target`](Self::go_target) as a `String` (an unpaired surrogate
    /// becomes U+FFFD).
    pub fn to_string_lossy(&self) -> String {
        crate::wstr::utf16_to_string(&self.go_target())
    }
}

const fn units4(b: &[u8; 4]) -> [u16; 4] {
    [b[0] as u16, b[1] as u16, b[2] as u16, b[3] as u16]
}

fn until_nul(s: &[u16]) -> &[u16] {
    match s.iter().position(|&c| c == 0) {
        Some(n) => &s[..n],
        None => s,
    }
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads `len` bytes at `off` of `path_buffer` as UTF-16 (little-endian) units.
fn name_at(path_buffer: &[u8], off: u16, len: u16) -> Result<Vec<u16>> {
    let (off, len) = (usize::from(off), usize::from(len));
    if (off | len) & 1 != 0 {
        return Err(Errno::ERROR_INVALID_REPARSE_DATA);
    }
    let bytes = path_buffer
        .get(off..off + len)
        .ok_or(Errno::ERROR_INVALID_REPARSE_DATA)?;
    Ok(bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect())
}

/// Parses a `REPARSE_DATA_BUFFER` (the bytes `FSCTL_GET_REPARSE_POINT` returned).
///
/// Go: the parsing half of `syscall.Readlink`. This is the crate's fuzz entry
/// point: `buf` may be anything.
///
/// Layout (little-endian): `ReparseTag u32`, `ReparseDataLength u16`,
/// `Reserved u16`, then for a symbolic link `SubstituteNameOffset`,
/// `SubstituteNameLength`, `PrintNameOffset`, `PrintNameLength` (u16 each),
/// `Flags u32` and the `PathBuffer`; a mount point has the same four u16 fields
/// and no `Flags`. Name offsets and lengths are in bytes, relative to `PathBuffer`.
///
/// Errors:
/// * a tag other than [`IO_REPARSE_TAG_SYMLINK`] / [`IO_REPARSE_TAG_MOUNT_POINT`]:
///   `ENOENT` (`ERROR_FILE_NOT_FOUND`), as Go's `Readlink` (checked right after
///   the 8-byte header, as Go looks at the tag first);
/// * fewer than 8 bytes, a `ReparseDataLength` reaching past `buf`, a data
///   length too short for the fixed fields, an odd name offset or length, or a
///   name outside the data: `ERROR_INVALID_REPARSE_DATA` (4392). Go does not
///   check these (it would read out of bounds or panic); bytes after
///   `8 + ReparseDataLength` are ignored.
///
/// ```
/// use winsyscall::{parse_reparse_buffer, Errno};
/// assert_eq!(parse_reparse_buffer(&[1, 2, 3]), Err(Errno::ERROR_INVALID_REPARSE_DATA));
/// // Any other tag (here IO_REPARSE_TAG_DEDUP) is Go's ENOENT.
/// assert_eq!(parse_reparse_buffer(&[0x13, 0, 0, 0x80, 0, 0, 0, 0]), Err(Errno::ENOENT));
/// ```
pub fn parse_reparse_buffer(buf: &[u8]) -> Result<ReparseTarget> {
    let bad = Errno::ERROR_INVALID_REPARSE_DATA;
    if buf.len() < HEADER {
        return Err(bad);
    }
    let tag = u32_at(buf, 0).ok_or(bad)?;
    let data_len = usize::from(u16_at(buf, 4).ok_or(bad)?);
    let fixed = match tag {
        IO_REPARSE_TAG_SYMLINK => 12,
        IO_REPARSE_TAG_MOUNT_POINT => 8,
        _ => return Err(Errno::ENOENT),
    };
    let data = buf.get(HEADER..HEADER + data_len).ok_or(bad)?;
    if data.len() < fixed {
        return Err(bad);
    }
    let field = |i: usize| u16_at(data, 2 * i).ok_or(bad);
    let (sub_off, sub_len, print_off, print_len) = (field(0)?, field(1)?, field(2)?, field(3)?);
    let flags = if fixed == 12 {
        u32_at(data, 8).ok_or(bad)?
    } else {
        0
    };
    let path_buffer = &data[fixed..];
    Ok(ReparseTarget {
        tag,
        substitute_name: name_at(path_buffer, sub_off, sub_len)?,
        print_name: name_at(path_buffer, print_off, print_len)?,
        flags,
    })
}

/// Current Go's `removeExtendedPrefix` (used by `Fchdir` on the result of `fdpath`):
/// `\\?\UNC\rest` becomes `\\rest`, otherwise a leading `\\?\` is stripped;
/// anything else is returned unchanged. The match is case-sensitive and takes
/// backslashes only (`\\?\Unc\…` and `//?/UNC/…` stay as they are). Units in,
/// units out, no NUL.
///
/// ```
/// let w = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
/// assert_eq!(winsyscall::remove_extended_prefix(&w(r"\\?\UNC\srv\share")), w(r"\\srv\share"));
/// assert_eq!(winsyscall::remove_extended_prefix(&w(r"\\?\C:\dir")), w(r"C:\dir"));
/// ```
#[doc(alias = "removeExtendedPrefix")]
pub fn remove_extended_prefix(path: &[u16]) -> Vec<u16> {
    const EXT: [u16; 4] = units4(b"\\\\?\\");
    const UNC: [u16; 4] = units4(b"UNC\\");
    if let Some(rest) = path.strip_prefix(&EXT[..]) {
        if let Some(tail) = rest.strip_prefix(&UNC[..]) {
            let mut v = vec![u16::from(b'\\'), u16::from(b'\\')];
            v.extend_from_slice(tail);
            return v;
        }
        return rest.to_vec();
    }
    path.to_vec()
}

/// Paths at least this long (in UTF-16 units) are rewritten by [`fix_long_path`]:
/// 248 is the longest name `CreateDirectoryW` takes without the `\\?\` form
/// (`MAX_PATH` less room for an 8.3 file name), the same cut-off Go's `os` uses.
pub const LONG_PATH_THRESHOLD: usize = 248;

fn is_sep(c: u16) -> bool {
    c == u16::from(b'\\') || c == u16::from(b'/')
}

/// The long-path rule every path-taking call of this crate applies (beyond Go's
/// `syscall`, which passes names through; Go's `os.fixLongPath` is the model).
///
/// Returns `None` (use the path as given) unless **all** of these hold:
/// * the path is at least [`LONG_PATH_THRESHOLD`] (248) units long;
/// * it is absolute: `X:\…` / `X:/…` (drive) or `\\server\share\…` (UNC, either
///   slash);
/// * it is not already a device or extended path (`\\?\`, `\\.\`, `\??\`).
///
/// Otherwise the result is the `\\?\` form (`\\?\X:\…` or `\\?\UNC\server\share\…`)
/// of the path after normalising as Windows would have: `/` becomes `\`, empty
/// and `.` components are dropped, `..` removes the previous component (never
/// climbing above the drive root or the UNC share). Relative paths (`a\b`,
/// `X:rel`, `\rooted`) are never rewritten, so they keep the `MAX_PATH` limit
/// unless the system has long paths enabled. Components are otherwise kept
/// byte-exact (trailing dots and spaces, which Win32 normalisation would strip,
/// stay — the same as Go's `os`).
///
/// ```
/// use winsyscall::fix_long_path;
/// let w = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
/// assert_eq!(fix_long_path(&w(r"C:\short")), None);
/// let long = format!(r"C:/tmp/./x/../{}", "a".repeat(250));
/// assert_eq!(fix_long_path(&w(&long)), Some(w(&format!(r"\\?\C:\tmp\{}", "a".repeat(250)))));
/// ```
pub fn fix_long_path(path: &[u16]) -> Option<Vec<u16>> {
    if path.len() < LONG_PATH_THRESHOLD {
        return None;
    }
    let bs = u16::from(b'\\');
    let (mut out, root_len, rest) = if path.len() >= 3
        && path[1] == u16::from(b':')
        && is_sep(path[2])
        && (path[0] < 0x80 && (path[0] as u8).is_ascii_alphabetic())
    {
        let mut v: Vec<u16> = r"\\?\".encode_utf16().collect();
        v.extend_from_slice(&[path[0], path[1], bs]);
        let root = v.len();
        (v, root, &path[3..])
    } else if path.len() >= 3 && is_sep(path[0]) && is_sep(path[1]) && !is_sep(path[2]) {
        let tail = &path[2..];
        // Device or already-extended forms: \\?\ and \\.\ (either slash).
        if tail.len() >= 2
            && (tail[0] == u16::from(b'?') || tail[0] == u16::from(b'.'))
            && is_sep(tail[1])
        {
            return None;
        }
        let mut parts = tail.split(|&c| is_sep(c)).filter(|p| !p.is_empty());
        let server = parts.next()?;
        let share = parts.next()?;
        let mut v: Vec<u16> = r"\\?\UNC\".encode_utf16().collect();
        v.extend_from_slice(server);
        v.push(bs);
        v.extend_from_slice(share);
        v.push(bs);
        let root = v.len();
        // Skip past server and share in the original text.
        let mut seen = 0;
        let mut i = 0;
        while i < tail.len() && seen < 2 {
            while i < tail.len() && is_sep(tail[i]) {
                i += 1;
            }
            while i < tail.len() && !is_sep(tail[i]) {
                i += 1;
            }
            seen += 1;
        }
        (v, root, &tail[i..])
    } else {
        return None;
    };
    for comp in rest.split(|&c| is_sep(c)) {
        if comp.is_empty() || comp == [u16::from(b'.')] {
            continue;
        }
        if comp == [u16::from(b'.'), u16::from(b'.')] {
            // Drop the last component (and its separator), never the root.
            if out.len() > root_len {
                out.pop(); // the trailing separator
                while out.len() > root_len && out[out.len() - 1] != bs {
                    out.pop();
                }
            }
            continue;
        }
        out.extend_from_slice(comp);
        out.push(bs);
    }
    // No trailing separator, except on the root itself.
    if out.len() > root_len {
        out.pop();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn le16(v: &mut Vec<u8>, x: u16) {
        v.extend_from_slice(&x.to_le_bytes());
    }

    /// Builds a buffer exactly as the documented Windows layout: header,
    /// four u16 name fields, optional Flags, then the PathBuffer holding the
    /// substitute name followed by the print name (each NUL-terminated, as
    /// Windows writes them; the lengths exclude the NULs).
    fn build(tag: u32, flags: Option<u32>, sub: &str, print: &str) -> Vec<u8> {
        let (sub, print) = (w(sub), w(print));
        let mut pb = Vec::new();
        for u in sub.iter().chain([&0]).chain(print.iter()).chain([&0]) {
            le16(&mut pb, *u);
        }
        let fixed = if flags.is_some() { 12 } else { 8 };
        let data_len = (fixed + pb.len()) as u16;
        let mut v = Vec::new();
        v.extend_from_slice(&tag.to_le_bytes());
        le16(&mut v, data_len);
        le16(&mut v, 0);
        le16(&mut v, 0);
        le16(&mut v, (sub.len() * 2) as u16);
        le16(&mut v, ((sub.len() + 1) * 2) as u16);
        le16(&mut v, (print.len() * 2) as u16);
        if let Some(f) = flags {
            v.extend_from_slice(&f.to_le_bytes());
        }
        v.extend_from_slice(&pb);
        v
    }

    #[test]
    fn absolute_symlink_byte_exact() {
        // The bytes of a link to C:\x as Windows stores it, written out by hand.
        #[rustfmt::skip]
        let bytes: [u8; 44] = [
            0x0C, 0x00, 0x00, 0xA0, // IO_REPARSE_TAG_SYMLINK
            0x24, 0x00, 0x00, 0x00, // ReparseDataLength = 36, Reserved
            0x00, 0x00, 0x0E, 0x00, // SubstituteName: offset 0, length 14
            0x10, 0x00, 0x08, 0x00, // PrintName: offset 16, length 8
            0x00, 0x00, 0x00, 0x00, // Flags = 0 (absolute)
            b'\\', 0, b'?', 0, b'?', 0, b'\\', 0, b'C', 0, b':', 0, b'\\', 0, 0, 0,
            b'C', 0, b':', 0, b'\\', 0, b'x', 0,
        ];
        let t = parse_reparse_buffer(&bytes).unwrap();
        assert_eq!(t.tag, IO_REPARSE_TAG_SYMLINK);
        assert_eq!(t.substitute_name, w(r"\??\C:\"));
        assert_eq!(t.print_name, w(r"C:\x"));
        assert!(!t.is_relative());
        assert_eq!(t.go_target(), w(r"C:\"));
        assert_eq!(
            t,
            parse_reparse_buffer(&build(IO_REPARSE_TAG_SYMLINK, Some(0), r"\??\C:\", r"C:\x"))
                .unwrap()
        );
    }

    #[test]
    fn symlink_forms_follow_go_readlink() {
        let cases = [
            (0, r"\??\C:\Users\gopher\dir", r"C:\Users\gopher\dir"),
            (0, r"\??\UNC\server\share\dir", r"\\server\share\dir"),
            (0, r"\??\Volume{0123}\x", r"Volume{0123}\x"), // unexpected form: only \??\ stripped
            (
                0,
                r"\Device\HarddiskVolume1\x",
                r"\Device\HarddiskVolume1\x",
            ), // no \??\: verbatim
            (
                SYMLINK_FLAG_RELATIVE,
                r"..\target\file.txt",
                r"..\target\file.txt",
            ),
            (SYMLINK_FLAG_RELATIVE, r"\??\C:\kept", r"\??\C:\kept"), // relative: verbatim
            (0, r"\??\C", "C"), // too short for a drive: only \??\ stripped
            (0, r"\??\", ""),
        ];
        for (flags, sub, want) in cases {
            let t = parse_reparse_buffer(&build(IO_REPARSE_TAG_SYMLINK, Some(flags), sub, "print"))
                .unwrap();
            assert_eq!(t.substitute_name, w(sub));
            assert_eq!(t.print_name, w("print"));
            assert_eq!(t.is_relative(), flags != 0);
            assert_eq!(t.to_string_lossy(), want, "{sub}");
            assert_eq!(t.go_target_wtf8(), want.as_bytes());
        }
    }

    #[test]
    fn junction_and_volume_mount_point() {
        let j = parse_reparse_buffer(&build(
            IO_REPARSE_TAG_MOUNT_POINT,
            None,
            r"\??\C:\target",
            r"C:\target",
        ))
        .unwrap();
        assert_eq!(j.tag, IO_REPARSE_TAG_MOUNT_POINT);
        assert_eq!(j.flags, 0);
        assert!(!j.is_relative());
        assert_eq!(j.to_string_lossy(), r"C:\target");
        let vol = r"\??\Volume{01234567-89ab-cdef-0123-456789abcdef}\";
        let m = parse_reparse_buffer(&build(IO_REPARSE_TAG_MOUNT_POINT, None, vol, "")).unwrap();
        assert_eq!(
            m.to_string_lossy(),
            r"Volume{01234567-89ab-cdef-0123-456789abcdef}\"
        );
        assert!(m.print_name.is_empty());
        // A mount point's UNC\ is not rewritten (Go only strips \??\ there).
        let u = parse_reparse_buffer(&build(IO_REPARSE_TAG_MOUNT_POINT, None, r"\??\UNC\s\x", ""))
            .unwrap();
        assert_eq!(u.to_string_lossy(), r"UNC\s\x");
    }

    #[test]
    fn substitute_name_stops_at_nul_like_go() {
        let mut t =
            parse_reparse_buffer(&build(IO_REPARSE_TAG_SYMLINK, Some(0), r"\??\C:\a", "")).unwrap();
        t.substitute_name.insert(6, 0);
        assert_eq!(t.to_string_lossy(), r"C:");
    }

    #[test]
    fn to_bytes_matches_the_documented_layout_and_limits() {
        let t = ReparseTarget {
            tag: IO_REPARSE_TAG_SYMLINK,
            substitute_name: w(r"\??\C:\"),
            print_name: w(r"C:\x"),
            flags: 0,
        };
        let mut want = build(IO_REPARSE_TAG_SYMLINK, Some(0), r"\??\C:\", r"C:\x");
        assert_eq!(t.to_bytes().unwrap(), want);
        let j = ReparseTarget {
            tag: IO_REPARSE_TAG_MOUNT_POINT,
            flags: 0,
            ..t.clone()
        };
        want = build(IO_REPARSE_TAG_MOUNT_POINT, None, r"\??\C:\", r"C:\x");
        assert_eq!(j.to_bytes().unwrap(), want);
        let other = ReparseTarget {
            tag: 0x8000_0013,
            ..t.clone()
        };
        assert_eq!(other.to_bytes(), Err(Errno::EINVAL));
        let huge = ReparseTarget {
            substitute_name: vec![0x41; 8200],
            ..t
        };
        assert_eq!(huge.to_bytes(), Err(Errno::ERROR_INVALID_REPARSE_DATA));
        // Go's limit, 16 KiB, is inclusive: 8 + 12 + 2 * 8180 + 4 = 16,384 bytes.
        assert_eq!(MAXIMUM_REPARSE_DATA_BUFFER_SIZE, 16384);
        let at_limit = ReparseTarget {
            substitute_name: vec![0x41; 8180],
            print_name: vec![],
            ..huge.clone()
        };
        assert_eq!(at_limit.to_bytes().unwrap().len(), 16384);
        let over = ReparseTarget {
            substitute_name: vec![0x41; 8181],
            ..at_limit
        };
        assert_eq!(over.to_bytes(), Err(Errno::ERROR_INVALID_REPARSE_DATA));
    }

    #[test]
    fn short_header_is_invalid_whatever_the_tag() {
        // Found by the fuzz target: 6 bytes with an unknown tag are malformed, not ENOENT.
        assert_eq!(
            parse_reparse_buffer(&[3, 0, 3, 0, 12, 12]),
            Err(Errno::ERROR_INVALID_REPARSE_DATA)
        );
        assert_eq!(
            parse_reparse_buffer(&[0x13, 0, 0, 0x80, 0, 0, 0]),
            Err(Errno::ERROR_INVALID_REPARSE_DATA)
        );
        assert_eq!(
            parse_reparse_buffer(&[0x13, 0, 0, 0x80, 0, 0, 0, 0]),
            Err(Errno::ENOENT)
        );
    }

    #[test]
    fn other_tags_are_enoent() {
        for tag in [0x8000_0013u32, 0x8000_0017, 0x9000_001A, 0, 0xA000_001D] {
            let mut b = build(IO_REPARSE_TAG_MOUNT_POINT, None, r"\??\C:\x", "");
            b[..4].copy_from_slice(&tag.to_le_bytes());
            assert_eq!(parse_reparse_buffer(&b), Err(Errno::ENOENT), "{tag:#x}");
        }
    }

    #[test]
    fn truncated_buffers_are_invalid_data() {
        let full = build(
            IO_REPARSE_TAG_SYMLINK,
            Some(0),
            r"\??\C:\target",
            r"C:\target",
        );
        for n in 0..full.len() {
            assert_eq!(
                parse_reparse_buffer(&full[..n]),
                Err(Errno::ERROR_INVALID_REPARSE_DATA),
                "len {n}"
            );
        }
        assert!(parse_reparse_buffer(&full).is_ok());
        // Trailing bytes past ReparseDataLength (the rest of a 16 KiB buffer) are ignored.
        let mut padded = full.clone();
        padded.resize(MAXIMUM_REPARSE_DATA_BUFFER_SIZE, 0xAA);
        assert_eq!(parse_reparse_buffer(&padded), parse_reparse_buffer(&full));
    }

    #[test]
    fn lying_lengths_are_invalid_data() {
        let good = build(IO_REPARSE_TAG_SYMLINK, Some(0), r"\??\C:\t", "p");
        let bad = Err(Errno::ERROR_INVALID_REPARSE_DATA);
        let patch = |off: usize, val: u16| {
            let mut b = good.clone();
            b[off..off + 2].copy_from_slice(&val.to_le_bytes());
            parse_reparse_buffer(&b)
        };
        assert_eq!(patch(4, good.len() as u16 - 7), bad); // data length one past the end
        assert_eq!(patch(4, 0xFFFF), bad);
        assert_eq!(patch(4, 11), bad); // too short for the symlink fields
        assert_eq!(patch(8, 0xFFFE), bad); // substitute offset out of range
        assert_eq!(patch(10, 0xFFFE), bad); // substitute length out of range
        assert_eq!(patch(12, 0xFFFE), bad); // print offset out of range
        assert_eq!(patch(14, 0x0100), bad); // print length out of range
        assert_eq!(patch(8, 1), bad); // odd offset
        assert_eq!(patch(10, 3), bad); // odd length
        let mut b = good.clone();
        b[8..12].copy_from_slice(&[1, 0, 3, 0]); // odd offset and odd length
        assert_eq!(parse_reparse_buffer(&b), bad);
        // Exactly the fixed fields and no path buffer: two empty names.
        for (tag, fixed) in [
            (IO_REPARSE_TAG_SYMLINK, 12u8),
            (IO_REPARSE_TAG_MOUNT_POINT, 8),
        ] {
            let mut b = tag.to_le_bytes().to_vec();
            b.extend_from_slice(&[fixed, 0, 0, 0]);
            b.resize(8 + usize::from(fixed), 0);
            let t = parse_reparse_buffer(&b).unwrap();
            assert_eq!((t.tag, t.flags), (tag, 0));
            assert!(t.substitute_name.is_empty() && t.print_name.is_empty());
        }
        // A data length that cuts the names short is caught even though the bytes exist.
        assert_eq!(patch(4, 14), bad);
        // Mount point too short for its four fields.
        let mut m = build(IO_REPARSE_TAG_MOUNT_POINT, None, r"\??\C:\t", "");
        m[4..6].copy_from_slice(&7u16.to_le_bytes());
        assert_eq!(parse_reparse_buffer(&m), bad);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        // A cheap deterministic fuzz: every mutation of every byte of a few seeds.
        let seeds = [
            build(IO_REPARSE_TAG_SYMLINK, Some(1), r"..\x", "x"),
            build(IO_REPARSE_TAG_MOUNT_POINT, None, r"\??\C:\x", r"C:\x"),
        ];
        for seed in &seeds {
            for i in 0..seed.len() {
                for v in [0u8, 1, 0x7F, 0x80, 0xFE, 0xFF] {
                    let mut b = seed.clone();
                    b[i] = v;
                    if let Ok(t) = parse_reparse_buffer(&b) {
                        let _ = t.go_target();
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn prop_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            if let Ok(t) = parse_reparse_buffer(&bytes) {
                let _ = t.go_target();
            }
        }

        #[test]
        fn prop_documented_layout_round_trips(sub in "[^\\x00]{0,40}", print in "[^\\x00]{0,40}",
                                              relative in proptest::bool::ANY, junction in proptest::bool::ANY) {
            let (tag, flags) = if junction { (IO_REPARSE_TAG_MOUNT_POINT, None) } else {
                (IO_REPARSE_TAG_SYMLINK, Some(u32::from(relative))) };
            let t = parse_reparse_buffer(&build(tag, flags, &sub, &print)).unwrap();
            proptest::prop_assert_eq!(t.substitute_name, w(&sub));
            proptest::prop_assert_eq!(t.print_name, w(&print));
            proptest::prop_assert_eq!(t.flags, flags.unwrap_or(0));
        }

        #[test]
        fn prop_to_bytes_round_trips(sub in proptest::collection::vec(proptest::num::u16::ANY, 0..64),
                                     print in proptest::collection::vec(proptest::num::u16::ANY, 0..64),
                                     flags in proptest::num::u32::ANY, junction in proptest::bool::ANY) {
            let t = if junction {
                ReparseTarget { tag: IO_REPARSE_TAG_MOUNT_POINT, substitute_name: sub, print_name: print, flags: 0 }
            } else {
                ReparseTarget { tag: IO_REPARSE_TAG_SYMLINK, substitute_name: sub, print_name: print, flags }
            };
            let bytes = t.to_bytes().unwrap();
            proptest::prop_assert_eq!(parse_reparse_buffer(&bytes), Ok(t));
        }

        #[test]
        fn prop_long_path_is_extended_and_clean(parts in proptest::collection::vec("[a-z.]{1,12}", 30..60)) {
            let p = format!("C:\\{}", parts.join("/"));
            if let Some(out) = fix_long_path(&w(&p)) {
                let s = String::from_utf16(&out).unwrap();
                proptest::prop_assert!(s.starts_with("\\\\?\\C:\\"));
                proptest::prop_assert!(!s.contains('/'));
                proptest::prop_assert!(!s[7..].contains("\\\\"));
                proptest::prop_assert!(!s.split('\\').skip(3).any(|c| c == "." || c == ".."));
            }
        }
    }

    #[test]
    fn go_remove_extended_prefix_table() {
        // Go's TestRemoveExtendedPrefix.
        let vol = "Volume{01234567-89ab-cdef-0123-456789abcdef}\\dir";
        let cases = [
            (r"\\?\".to_string(), String::new()),
            (r"\\?\C:\dir".into(), r"C:\dir".into()),
            (format!(r"\\?\{vol}"), vol.to_string()),
            (r"\\?\UNC\".into(), r"\\".into()),
            (
                r"\\?\UNC\server\share\dir".into(),
                r"\\server\share\dir".into(),
            ),
            (
                r"\\?\Unc\server\share\dir".into(),
                r"Unc\server\share\dir".into(),
            ),
            (
                "//?/UNC/server/share/dir".into(),
                "//?/UNC/server/share/dir".into(),
            ),
            (r"\\".into(), r"\\".into()),
            (r"\\?".into(), r"\\?".into()),
            (r"C:\dir".into(), r"C:\dir".into()),
        ];
        for (input, want) in cases {
            assert_eq!(remove_extended_prefix(&w(&input)), w(&want), "{input}");
        }
    }

    #[test]
    fn long_path_rule() {
        let a = "a".repeat(120);
        let b = "b".repeat(130);
        // Short paths are never touched.
        assert_eq!(fix_long_path(&w(r"C:\x\..\y")), None);
        let drive = format!(r"C:\{a}\{b}");
        assert_eq!(
            fix_long_path(&w(&drive)),
            Some(w(&format!(r"\\?\C:\{a}\{b}")))
        );
        let messy = format!(r"c:/{a}//./zz/..\{b}\");
        assert_eq!(
            fix_long_path(&w(&messy)),
            Some(w(&format!(r"\\?\c:\{a}\{b}")))
        );
        // .. never climbs above the root.
        let up = format!(r"C:\..\..\{a}\{b}");
        assert_eq!(fix_long_path(&w(&up)), Some(w(&format!(r"\\?\C:\{a}\{b}"))));
        let unc = format!(r"\\srv\share\{a}\..\{b}\{a}");
        assert_eq!(
            fix_long_path(&w(&unc)),
            Some(w(&format!(r"\\?\UNC\srv\share\{b}\{a}")))
        );
        let unc_up = format!(r"//srv/share/../../{a}/{b}");
        assert_eq!(
            fix_long_path(&w(&unc_up)),
            Some(w(&format!(r"\\?\UNC\srv\share\{a}\{b}")))
        );
        // Relative, drive-relative, rooted, device and extended forms are left alone.
        for p in [
            format!(r"{a}\{b}"),
            format!(r"C:{a}\{b}"),
            format!(r"\{a}\{b}"),
            format!(r"\\?\C:\{a}\{b}"),
            format!(r"\\.\C:\{a}\{b}"),
            format!(r"//?/C:/{a}/{b}"),
            format!(r"\\srv{a}{b}"),
        ] {
            assert_eq!(fix_long_path(&w(&p)), None, "{p}");
        }
        // A drive letter is one ASCII letter: not a digit, nor a unit whose
        // low byte is a letter.
        for p in [format!(r"1:\{a}\{b}"), format!("\u{141}:\\{a}\\{b}")] {
            assert_eq!(fix_long_path(&w(&p)), None, "{p}");
        }
        // UNC: a one-letter server; the third component is kept.
        let p = format!(r"\\s\share\{a}\{b}");
        assert_eq!(
            fix_long_path(&w(&p)),
            Some(w(&format!(r"\\?\UNC\s\share\{a}\{b}")))
        );
        let p = format!(r"\\srv\share\{a}\{b}");
        assert_eq!(
            fix_long_path(&w(&p)),
            Some(w(&format!(r"\\?\UNC\srv\share\{a}\{b}")))
        );
        // Nothing after the root: the root keeps its separator.
        let share = "s".repeat(250);
        assert_eq!(
            fix_long_path(&w(&format!(r"\\srv\{share}"))),
            Some(w(&format!(r"\\?\UNC\srv\{share}\")))
        );
        let dots = format!(r"C:\{}", r".\".repeat(125));
        assert_eq!(fix_long_path(&w(&dots)), Some(w(r"\\?\C:\")));
        // Exactly at the threshold.
        let edge = format!(r"C:\{}", "e".repeat(LONG_PATH_THRESHOLD - 3));
        assert_eq!(edge.len(), LONG_PATH_THRESHOLD);
        assert!(fix_long_path(&w(&edge)).is_some());
        assert!(fix_long_path(&w(&edge[..edge.len() - 1])).is_none());
    }
}
