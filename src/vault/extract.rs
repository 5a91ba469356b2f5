//! `vault extract [--clean]`: a case's attachments written out of the vault.
//!
//! Originals are written byte-identical to what the source sent (the evidence), after the
//! part's hash is checked, as `NN-name` (0600, never over an existing file, in a 0700
//! directory). With `--clean`, each JPEG, PNG or WebP also gets a copy without its metadata
//! beside it (`NN-stem.clean.ext`), written only once [`metadata::inspect`] finds no position,
//! device or author left in it, and `manifest.txt` lists both SHA-256 hashes and what the
//! metadata revealed, so that a keyholder can show which copy was passed on and that it is
//! the original without its metadata.

use std::fmt::Write as _;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::Digest;
use zeroize::Zeroizing;

use super::metadata::{self, Format, Inspection, MAX_INSPECT_BYTES};
use super::state::{Attachment, Case};
use super::{Vault, VaultError};
use crate::files;
use crate::text::Untrusted;

/// One attachment written.
#[derive(Debug)]
pub struct ExtractedFile {
    /// The original, byte-identical.
    pub original: PathBuf,
    /// The cleaned copy, when one was written.
    pub cleaned: Option<PathBuf>,
    /// SHA-256 of the original, hex.
    pub sha256: String,
    /// SHA-256 of the cleaned copy, hex.
    pub cleaned_sha256: Option<String>,
    /// Why no cleaned copy was written (with `clean` only).
    pub note: Option<String>,
}

/// What `extract` wrote.
#[derive(Debug)]
pub struct Extracted {
    /// Every attachment, in thread order.
    pub files: Vec<ExtractedFile>,
    /// `manifest.txt` (with `clean` only).
    pub manifest: Option<PathBuf>,
}

/// A file name safe to create: no path, nothing the file-name rule refuses (controls,
/// direction and invisible characters, blanks), no leading dot, at most 120 characters. Never
/// executable (files are created 0600).
pub fn sanitize_name(name: &Untrusted) -> String {
    let cleaned: String = name
        .raw()
        .chars()
        .map(|c| {
            let bad = crate::text::is_unsafe_for_display(c)
                || crate::text::filename::refusal(c).is_some()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
            if bad { '_' } else { c }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let mut out: String = trimmed.chars().take(120).collect();
    if out.is_empty() {
        out = "attachment".into();
    }
    out
}

/// The cleaned copy's name: `NN-stem.clean.ext`, with the name's own extension when it is one
/// of the format's, else the format's usual one (a JPEG named `x.exe` becomes
/// `NN-x.exe.clean.jpg`: the real type shows).
fn cleaned_name(n: usize, safe: &str, format: Format) -> String {
    let exts = format.extensions();
    if let Some((stem, ext)) = safe.rsplit_once('.')
        && !stem.is_empty()
        && exts.contains(&ext.to_ascii_lowercase().as_str())
    {
        return format!("{n:02}-{stem}.clean.{ext}");
    }
    format!("{n:02}-{safe}.clean.{}", exts.first().copied().unwrap_or("bin"))
}

/// Creates `path`, refusing to write over anything.
fn create(path: &Path) -> Result<std::fs::File, VaultError> {
    files::create_new(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            VaultError::Invalid(format!("{} already exists: extract into an empty directory", path.display()))
        } else {
            e.into()
        }
    })
}

/// A plaintext held in memory, wiped when dropped.
type Plain = Zeroizing<Vec<u8>>;

/// Writes an attachment's plaintext to `path`, streaming; returns its SHA-256 and, when
/// `keep`, the plaintext (zeroized when dropped).
fn write_original(
    v: &Vault,
    a: &Attachment,
    path: &Path,
    keep: bool,
) -> Result<(String, Option<Plain>), VaultError> {
    let part_path = v.verified_part_path(&a.part)?;
    let mut f = create(path)?;
    let ct = BufReader::new(files::open(&part_path)?);
    let mut r = crate::crypto::seal::decrypt_stream(v.identity(), ct)?.take(a.size);
    let mut kept =
        Zeroizing::new(Vec::with_capacity(if keep { usize::try_from(a.size).unwrap_or(0) } else { 0 }));
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    let mut hash = sha2::Sha256::new();
    let mut copied = 0u64;
    loop {
        let n = r.read(&mut buf).map_err(|e| files::named(path, e))?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        f.write_all(chunk).map_err(|e| files::named(path, e))?;
        hash.update(chunk);
        if keep {
            kept.extend_from_slice(chunk);
        }
        copied += n as u64;
    }
    f.sync_all().map_err(|e| files::named(path, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if copied != a.size {
        return Err(VaultError::Corrupt(format!("attachment {name} is shorter than its manifest says")));
    }
    let sha256 = crate::crypto::hex(&hash.finalize());
    if !a.sha256.is_empty() && a.sha256 != sha256 {
        return Err(VaultError::Corrupt(format!("attachment {name} is not what was imported")));
    }
    Ok((sha256, keep.then_some(kept)))
}

/// Writes the cleaned copy of one attachment beside its original, or notes why not.
fn clean_copy(
    out: &Path,
    n: usize,
    safe: &str,
    plain: Option<&[u8]>,
    inspection: &Inspection,
    file: &mut ExtractedFile,
) -> Result<(), VaultError> {
    let (Some(plain), Some(format), true) = (plain, inspection.format, inspection.cleanable) else {
        file.note = Some(match inspection.format {
            _ if !inspection.inspected => {
                "not cleaned: not inspected (too large, unknown format or unreadable)".to_owned()
            }
            Some(f) => format!("not cleaned: {} files cannot be cleaned here", f.as_str()),
            None => "not cleaned: unknown format".to_owned(),
        });
        return Ok(());
    };
    let cleaned = match metadata::clean(plain) {
        Ok(c) => Zeroizing::new(c),
        Err(e) => {
            file.note = Some(format!("not cleaned: {e}"));
            return Ok(());
        }
    };
    let after = metadata::inspect(&cleaned);
    if !after.inspected || after.identifies() {
        file.note = Some("not cleaned: the cleaned copy still revealed a position, device or author".into());
        return Ok(());
    }
    let path = out.join(cleaned_name(n, safe, format));
    let mut f = create(&path)?;
    f.write_all(&cleaned).and_then(|_| f.sync_all()).map_err(|e| files::named(&path, e))?;
    file.cleaned_sha256 = Some(crate::crypto::hex(&sha2::Sha256::digest(&cleaned[..])));
    file.cleaned = Some(path);
    Ok(())
}

/// `vault extract`: writes every attachment of a case into `out` (created 0700), each file
/// byte-identical to what the source sent, after checking each part's hash; with `clean`,
/// cleaned copies and `manifest.txt` too.
pub fn extract(v: &Vault, case: &Case, out: &Path, clean: bool) -> Result<Extracted, VaultError> {
    files::create_private_dir(out)?;
    // Taken first, so that a directory already holding a manifest refuses before any write.
    let manifest_path = out.join("manifest.txt");
    let mut manifest = if clean { Some(create(&manifest_path)?) } else { None };
    let mut written = Vec::new();
    let mut inspections = Vec::new();
    let mut n = 0;
    for it in v.state.thread(case) {
        for a in &it.attachments {
            n += 1;
            let safe = sanitize_name(&a.name);
            let path = out.join(format!("{n:02}-{safe}"));
            let (sha256, plain) = write_original(v, a, &path, clean && a.size <= MAX_INSPECT_BYTES)?;
            let mut file =
                ExtractedFile { original: path, cleaned: None, sha256, cleaned_sha256: None, note: None };
            if clean {
                let inspection = match &plain {
                    Some(p) => metadata::inspect(p),
                    None => Inspection {
                        format: a.inspection.as_ref().and_then(|i| i.format),
                        ..Default::default()
                    },
                };
                clean_copy(out, n, &safe, plain.as_deref().map(|p| &p[..]), &inspection, &mut file)?;
                inspections.push(inspection);
            }
            written.push(file);
        }
    }
    if let Some(f) = manifest.as_mut() {
        let text = manifest_text(case.number, &written, &inspections);
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| files::named(&manifest_path, e))?;
    }
    Ok(Extracted { files: written, manifest: manifest.map(|_| manifest_path) })
}

fn base_name(p: &Path) -> String {
    Untrusted::new(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).line()
}

/// `manifest.txt`: per file, the original's name and SHA-256, what its metadata revealed, the
/// cleaned copy's name and SHA-256 or why there is none.
fn manifest_text(case: u32, files: &[ExtractedFile], inspections: &[Inspection]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "tipbox vault extract --clean: case {case}");
    let _ = writeln!(
        s,
        "Originals are byte-identical to what the source sent. Cleaned copies are the same pictures without\n\
         their metadata (not re-encoded). Values below are as the files state them."
    );
    for (f, i) in files.iter().zip(inspections) {
        let _ = writeln!(s, "\n{}", base_name(&f.original));
        let _ = writeln!(s, "  sha256: {}", f.sha256);
        let _ = writeln!(s, "  format: {}", i.format.map_or("unknown", Format::as_str));
        if !i.inspected {
            let _ = writeln!(s, "  metadata: not inspected");
        } else if i.findings.is_empty() {
            let _ = writeln!(s, "  metadata: nothing found");
        }
        for finding in &i.findings {
            let _ = writeln!(s, "  found {}: {}", finding.kind.label(), finding.value.line());
        }
        match (&f.cleaned, &f.cleaned_sha256) {
            (Some(c), Some(h)) => {
                let _ = writeln!(s, "  cleaned copy: {}\n  cleaned sha256: {h}", base_name(c));
            }
            _ => {
                let _ = writeln!(s, "  {}", f.note.as_deref().unwrap_or("not cleaned"));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised() {
        let s = |x: &str| sanitize_name(&Untrusted::new(x));
        assert_eq!(s("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(s(".bashrc"), "bashrc");
        assert_eq!(s("evil\u{202E}gpj.exe"), "evil_gpj.exe");
        assert_eq!(s("invoice.pdf\u{3164}\u{3164}.exe"), "invoice.pdf__.exe");
        assert_eq!(s("\u{2800}\u{2800}.pdf\u{FE0F}"), "__.pdf_");
        assert_eq!(s(""), "attachment");
        assert_eq!(s("照片.jpg"), "照片.jpg");
        assert_eq!(s(&"a".repeat(500)).chars().count(), 120);
    }

    #[test]
    fn cleaned_names_show_the_real_type() {
        assert_eq!(cleaned_name(1, "photo.jpg", Format::Jpeg), "01-photo.clean.jpg");
        assert_eq!(cleaned_name(2, "IMG_1.JPEG", Format::Jpeg), "02-IMG_1.clean.JPEG");
        assert_eq!(cleaned_name(3, "invoice.exe", Format::Jpeg), "03-invoice.exe.clean.jpg");
        assert_eq!(cleaned_name(4, "scan", Format::Png), "04-scan.clean.png");
    }
}
