//! JPEG: its segments, where EXIF, XMP, comments and thumbnails sit, read and removed.
//!
//! The walker is our own, over a slice, one linear pass, no allocation per segment: a hostile
//! file costs at most its length. It follows the scans to the real end of image, so that an
//! image appended after it (phones append a second JPEG with its own EXIF) is seen and dropped.

use super::image::{EXIF_PREFIX, XMP_EXT_PREFIX, XMP_PREFIX, be16};
use super::tiff::exif_findings;
use super::{CleanError, FindingKind as K, Findings, xmp};
// JPEG

/// One piece of a JPEG, in file order.
enum Piece<'a> {
    /// A marker segment with a length: its marker, its payload and all its bytes.
    Segment { marker: u8, payload: &'a [u8], raw: &'a [u8] },
    /// Bytes kept as they are: a standalone marker or entropy-coded scan data.
    Raw(&'a [u8]),
    /// The end of image, and whatever follows it.
    End { trailer: &'a [u8] },
    /// The structure breaks here (or the file ends before the end of image).
    Broken,
}

/// Walks a JPEG from its SOI to its EOI.
struct JpegWalk<'a> {
    b: &'a [u8],
    pos: usize,
    in_scan: bool,
    done: bool,
}

impl<'a> JpegWalk<'a> {
    fn new(b: &'a [u8]) -> Self {
        Self { b, pos: 2, in_scan: false, done: !b.starts_with(&[0xFF, 0xD8]) }
    }

    /// Entropy-coded data runs to the first marker that is not a stuffed byte or a restart.
    fn scan(&mut self) -> Piece<'a> {
        let start = self.pos;
        let mut i = start;
        loop {
            let Some(off) = self.b.get(i..).and_then(|r| r.iter().position(|&x| x == 0xFF)) else {
                self.done = true;
                return Piece::Broken;
            };
            i += off;
            match self.b.get(i + 1) {
                Some(0x00 | 0xD0..=0xD7) => i += 2,
                Some(0xFF) => i += 1,
                Some(_) => break,
                None => {
                    self.done = true;
                    return Piece::Broken;
                }
            }
        }
        self.pos = i;
        Piece::Raw(self.b.get(start..i).unwrap_or_default())
    }

    fn marker(&mut self) -> Piece<'a> {
        let b = self.b;
        if b.get(self.pos) != Some(&0xFF) {
            self.done = true;
            return Piece::Broken;
        }
        while b.get(self.pos + 1) == Some(&0xFF) {
            self.pos += 1;
        }
        let at = self.pos;
        let Some(&marker) = b.get(at + 1) else {
            self.done = true;
            return Piece::Broken;
        };
        if marker == 0xD9 {
            self.done = true;
            return Piece::End { trailer: b.get(at + 2..).unwrap_or_default() };
        }
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            self.pos = at + 2;
            return Piece::Raw(b.get(at..at + 2).unwrap_or_default());
        }
        let seg = be16(b, at + 2)
            .filter(|&len| len >= 2)
            .and_then(|len| Some((b.get(at + 4..at + 2 + len)?, b.get(at..at + 2 + len)?, at + 2 + len)));
        let Some((payload, raw, end)) = seg else {
            self.done = true;
            return Piece::Broken;
        };
        self.pos = end;
        self.in_scan = marker == 0xDA;
        Piece::Segment { marker, payload, raw }
    }
}

impl<'a> Iterator for JpegWalk<'a> {
    type Item = Piece<'a>;
    fn next(&mut self) -> Option<Piece<'a>> {
        if self.done {
            return None;
        }
        if self.in_scan {
            self.in_scan = false;
            return Some(self.scan());
        }
        Some(self.marker())
    }
}

/// Whether a JFIF APP0 carries a thumbnail (its two dimension bytes are not zero).
fn jfif_thumbnail(payload: &[u8]) -> bool {
    payload.get(12..14).is_some_and(|d| d != [0, 0])
}

/// JPEG findings; returns whether the file is whole (and so cleanable). `depth` bounds the
/// look into an image appended after the first (phones append a second JPEG with its own
/// EXIF).
pub(super) fn inspect_jpeg(b: &[u8], f: &mut Findings, depth: u8) -> bool {
    for piece in JpegWalk::new(b) {
        match piece {
            Piece::Segment { marker: 0xE1, payload, .. } => {
                if let Some(exif) = payload.strip_prefix(EXIF_PREFIX) {
                    exif_findings(exif, f);
                } else if let Some(x) =
                    payload.strip_prefix(XMP_PREFIX).or_else(|| payload.strip_prefix(XMP_EXT_PREFIX))
                {
                    xmp::scan(&String::from_utf8_lossy(x), f);
                }
            }
            Piece::Segment { marker: 0xE0, payload, .. }
                if payload.starts_with(b"JFXX") || jfif_thumbnail(payload) =>
            {
                f.add(K::Other, "a thumbnail image (may show the picture before it was edited)");
            }
            Piece::Segment { marker: 0xED, .. } => {
                f.add(K::Other, "Photoshop/IPTC data (may name the author, the place, a caption)");
            }
            Piece::Segment { marker: 0xFE, payload, .. } => {
                f.add(K::Other, &format!("comment: {}", String::from_utf8_lossy(payload)));
            }
            Piece::End { trailer } => {
                if !trailer.is_empty() {
                    f.add(K::Other, &format!("{} bytes after the end of the image", trailer.len()));
                    if depth == 0
                        && let Some(at) = trailer.windows(3).position(|w| w == [0xFF, 0xD8, 0xFF])
                    {
                        inspect_jpeg(trailer.get(at..).unwrap_or_default(), f, 1);
                    }
                }
                return true;
            }
            Piece::Broken => return false,
            _ => {}
        }
    }
    false
}

/// A JPEG with only what a decoder needs: APP0 (JFIF, thumbnail removed) and APP14 (Adobe
/// colour transform) stay, every other APPn and every comment goes, and nothing after EOI.
pub(super) fn clean_jpeg(b: &[u8]) -> Result<Vec<u8>, CleanError> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    for piece in JpegWalk::new(b) {
        match piece {
            Piece::Segment { marker: 0xE0, payload, raw } => {
                if payload.starts_with(b"JFIF\0") && payload.len() >= 14 {
                    // The first 14 bytes of JFIF with a 0×0 thumbnail.
                    out.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
                    out.extend_from_slice(payload.get(..12).unwrap_or_default());
                    out.extend_from_slice(&[0, 0]);
                } else if !payload.starts_with(b"JFXX") && payload.starts_with(b"JFIF") {
                    out.extend_from_slice(raw);
                }
            }
            Piece::Segment { marker: 0xEE, payload, raw } if payload.starts_with(b"Adobe") => {
                out.extend_from_slice(raw);
            }
            Piece::Segment { marker: 0xE0..=0xEF | 0xFE, .. } => {}
            Piece::Segment { raw, .. } | Piece::Raw(raw) => out.extend_from_slice(raw),
            Piece::End { .. } => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            Piece::Broken => return Err(CleanError::Malformed("its JPEG structure is broken")),
        }
    }
    Err(CleanError::Malformed("the JPEG ends before its end marker"))
}
