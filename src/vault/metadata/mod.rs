//! What an attachment's metadata reveals about the source, and a copy without it.
//!
//! A photo straight from a phone carries where it was taken (GPS), when, and with which device;
//! a PDF names its author and the software that wrote it. A keyholder who forwards such a file
//! to a journalist or a court may expose the source, so the vault shows what each attachment
//! reveals ([`inspect`]) and `vault extract --clean` writes copies without it ([`clean`]).
//!
//! Every byte here is hostile (a source or a compromised server chose it). So: the format is
//! sniffed from magic bytes only, never from the name or declared type; containers are walked
//! by small parsers of our own over slices (`get`, never indexing), in one linear pass, without
//! decompressing anything; the one third-party parser (kamadak-exif, for the TIFF structure of
//! EXIF) runs under `catch_unwind`, so a bug in it gives "not inspected", never a crash; files
//! larger than [`MAX_INSPECT_BYTES`] are not inspected; every value is [`Untrusted`], trimmed
//! to [`MAX_VALUE_CHARS`], and at most [`MAX_FINDINGS`] are kept.
//!
//! Cleaning removes by allow-list (what an image needs to display stays, everything else
//! goes), without re-encoding: pixels are untouched. PDF is not cleaned: removing its Info
//! dictionary and XMP reliably needs a full PDF writer (object streams, incremental updates,
//! encryption), and a half-clean PDF would be worse than none. HEIC is not cleaned either.

mod image;
mod jpeg;
mod pdf;
mod tiff;
mod xmp;

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::{Deserialize, Serialize};

use crate::text::Untrusted;

/// Larger attachments are not inspected (nor cleaned): bounded memory and time per file.
pub const MAX_INSPECT_BYTES: u64 = 64 * 1024 * 1024;
/// Longest value shown, characters.
pub const MAX_VALUE_CHARS: usize = 200;
/// Most findings kept per file (a hostile file could hold thousands of text chunks).
pub const MAX_FINDINGS: usize = 32;

/// What kind of fact about the source a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// Where the file was made (GPS coordinates).
    Gps,
    /// When.
    CaptureTime,
    /// With which camera, phone or lens (make, model, serial numbers).
    Device,
    /// By whom (author, artist, owner, copyright).
    Author,
    /// With which software.
    Software,
    /// Anything else worth knowing (comments, thumbnails, data after the image…).
    Other,
}

impl FindingKind {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Gps => "gps",
            FindingKind::CaptureTime => "capture-time",
            FindingKind::Device => "device",
            FindingKind::Author => "author",
            FindingKind::Software => "software",
            FindingKind::Other => "other",
        }
    }

    /// Words for a keyholder ("GPS position", "device"…).
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Gps => "GPS position",
            FindingKind::CaptureTime => "capture time",
            FindingKind::Device => "device",
            FindingKind::Author => "author",
            FindingKind::Software => "software",
            FindingKind::Other => "other metadata",
        }
    }

    /// Whether a cleaned copy may still hold this kind (checked after cleaning).
    fn identifying(self) -> bool {
        matches!(self, FindingKind::Gps | FindingKind::Device | FindingKind::Author)
    }
}

/// One fact the file's metadata reveals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// What kind of fact.
    pub kind: FindingKind,
    /// Its value as the file states it, e.g. `52.370216, 4.895168` or `Apple iPhone 12`.
    pub value: Untrusted,
}

/// A file format recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// HEIC/HEIF.
    Heic,
    /// PDF.
    Pdf,
}

impl Format {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Heic => "heic",
            Format::Pdf => "pdf",
        }
    }

    /// File extensions a file of this format usually has (the first is the usual one).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            Format::Png => &["png"],
            Format::Webp => &["webp"],
            Format::Heic => &["heic", "heif"],
            Format::Pdf => &["pdf"],
        }
    }
}

/// What [`inspect`] found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Inspection {
    /// The format, when the magic bytes say one we know.
    pub format: Option<Format>,
    /// What the metadata reveals (empty: nothing found, which with `inspected: false` means
    /// "not looked at", not "clean").
    pub findings: Vec<Finding>,
    /// Whether [`clean`] can write a copy without metadata.
    pub cleanable: bool,
    /// False when the file was too large, of an unknown format or unparseable.
    pub inspected: bool,
}

impl Inspection {
    /// Whether a finding would expose who or where the source is.
    pub fn identifies(&self) -> bool {
        self.findings.iter().any(|f| f.kind.identifying())
    }
}

/// Why a copy could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// Not a format this module cleans.
    #[error("this format cannot be cleaned ({0})")]
    NotCleanable(&'static str),
    /// Larger than [`MAX_INSPECT_BYTES`].
    #[error("the file is too large to be cleaned")]
    TooLarge,
    /// The structure is broken or truncated.
    #[error("the file is damaged or truncated: {0}")]
    Malformed(&'static str),
}

/// Findings as they are gathered: bounded in number, trimmed, without repeats.
#[derive(Default)]
pub(crate) struct Findings(Vec<Finding>);

impl Findings {
    /// Adds a finding (ignored when blank, repeated or past [`MAX_FINDINGS`]).
    pub(crate) fn add(&mut self, kind: FindingKind, value: &str) {
        let value = bounded(value);
        if value.is_empty() || self.0.len() >= MAX_FINDINGS {
            return;
        }
        if !self.0.iter().any(|f| f.kind == kind && f.value == value) {
            self.0.push(Finding { kind, value });
        }
    }
}

/// Trims a value (blanks and NULs at either end) and cuts it to [`MAX_VALUE_CHARS`].
fn bounded(s: &str) -> Untrusted {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if t.chars().count() <= MAX_VALUE_CHARS {
        return Untrusted::new(t);
    }
    let mut cut: String = t.chars().take(MAX_VALUE_CHARS).collect();
    cut.push('…');
    Untrusted::new(cut)
}

/// The format, from magic bytes only (never the name or the declared type, which the source
/// or a server chose).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::Webp)
    } else if image::is_heif(bytes) {
        Some(Format::Heic)
    } else if pdf::is_pdf(bytes) {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// What the file's metadata reveals. Never panics; bounded work.
pub fn inspect(bytes: &[u8]) -> Inspection {
    let format = sniff(bytes);
    let mut out = Inspection { format, ..Default::default() };
    let Some(format) = format else { return out };
    if bytes.len() as u64 > MAX_INSPECT_BYTES {
        return out;
    }
    let run = catch_unwind(AssertUnwindSafe(|| {
        let mut f = Findings::default();
        let cleanable = match format {
            Format::Jpeg => jpeg::inspect_jpeg(bytes, &mut f, 0),
            Format::Png => image::inspect_png(bytes, &mut f),
            Format::Webp => image::inspect_webp(bytes, &mut f),
            Format::Heic => {
                image::inspect_heif(bytes, &mut f);
                xmp::scan_file(bytes, &mut f);
                false
            }
            Format::Pdf => {
                pdf::inspect(bytes, &mut f);
                false
            }
        };
        (f.0, cleanable)
    }));
    if let Ok((findings, cleanable)) = run {
        out.findings = findings;
        out.cleanable = cleanable;
        out.inspected = true;
    }
    out
}

/// A copy of a JPEG, PNG or WebP without its metadata (EXIF, XMP, comments, text chunks,
/// colour profiles, thumbnails, anything after the image), pixels untouched. Other formats
/// are refused. The caller should [`inspect`] the result before trusting it (extract does).
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, CleanError> {
    if bytes.len() as u64 > MAX_INSPECT_BYTES {
        return Err(CleanError::TooLarge);
    }
    let format = sniff(bytes).ok_or(CleanError::NotCleanable("unknown format"))?;
    let run = catch_unwind(AssertUnwindSafe(|| match format {
        Format::Jpeg => jpeg::clean_jpeg(bytes),
        Format::Png => image::clean_png(bytes),
        Format::Webp => image::clean_webp(bytes),
        Format::Heic | Format::Pdf => Err(CleanError::NotCleanable(format.as_str())),
    }));
    run.unwrap_or(Err(CleanError::Malformed("the cleaner failed on it")))
}

#[cfg(test)]
mod tests;

/// The integration tests' JPEG builder, shared with the unit tests of the vault.
#[cfg(test)]
#[path = "../../../tests/common/jpeg.rs"]
pub(crate) mod test_jpeg;
