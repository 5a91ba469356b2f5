//! PNG, WebP and HEIF containers: where their metadata sits, read and removed.
//!
//! The walkers are our own, over slices, one linear pass, no allocation per chunk, no
//! decompression: a hostile file costs at most its length. Cleaning keeps an allow-list of what
//! a decoder needs and drops the rest, so metadata in a chunk we have never heard of goes too.

use exif::Reader;

use super::tiff::{exif_fields, exif_findings};
use super::{CleanError, FindingKind as K, Findings, xmp};

pub(super) const EXIF_PREFIX: &[u8] = b"Exif\0\0";
pub(super) const XMP_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
pub(super) const XMP_EXT_PREFIX: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

pub(super) fn be16(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2).map(|x| usize::from(u16::from_be_bytes([x[0], x[1]])))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    let x = b.get(at..at + 4)?;
    usize::try_from(u32::from_be_bytes([x[0], x[1], x[2], x[3]])).ok()
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    let x = b.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([x[0], x[1], x[2], x[3]])).ok()
}

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Every chunk of a PNG up to IEND: `(type, data, all its bytes)`, then the bytes after IEND;
/// `None` when the structure breaks. Calls `each` per chunk, allocates nothing.
fn png_walk<'a>(b: &'a [u8], mut each: impl FnMut([u8; 4], &'a [u8], &'a [u8])) -> Option<&'a [u8]> {
    let mut pos = PNG_SIGNATURE.len();
    loop {
        let len = be32(b, pos)?;
        let kind: [u8; 4] = b.get(pos + 4..pos + 8)?.try_into().ok()?;
        let end = pos.checked_add(12)?.checked_add(len)?;
        let data = b.get(pos + 8..end - 4)?;
        each(kind, data, b.get(pos..end)?);
        pos = end;
        if &kind == b"IEND" {
            return b.get(pos..);
        }
    }
}

/// Latin-1 (tEXt's encoding) to a string.
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// What a PNG text keyword says.
fn png_text(keyword: &str, text: &str, f: &mut Findings) {
    match keyword {
        "XML:com.adobe.xmp" => xmp::scan(text, f),
        "Author" | "Copyright" => f.add(K::Author, text),
        "Software" => f.add(K::Software, text),
        "Creation Time" => f.add(K::CaptureTime, text),
        "Source" => f.add(K::Device, text),
        _ => f.add(K::Other, &format!("{keyword}: {text}")),
    }
}

fn png_chunk(kind: &[u8; 4], data: &[u8], f: &mut Findings) {
    let mut fields = data.splitn(2, |&c| c == 0);
    let keyword = latin1(fields.next().unwrap_or_default());
    let rest = fields.next().unwrap_or_default();
    match kind {
        b"eXIf" => exif_findings(data, f),
        b"tEXt" => png_text(&keyword, &latin1(rest), f),
        b"iTXt" => match rest {
            // Uncompressed: flag 0, method, then language and translated keyword.
            [0, _, tail @ ..] => {
                let text = tail.splitn(3, |&c| c == 0).nth(2).unwrap_or_default();
                png_text(&keyword, &String::from_utf8_lossy(text), f);
            }
            _ => f.add(K::Other, &format!("compressed text \u{201c}{keyword}\u{201d} (not read)")),
        },
        b"zTXt" => f.add(K::Other, &format!("compressed text \u{201c}{keyword}\u{201d} (not read)")),
        b"tIME" => {
            if let [y1, y2, mo, d, h, mi, s] = data {
                let y = u16::from_be_bytes([*y1, *y2]);
                f.add(K::CaptureTime, &format!("modified {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"));
            }
        }
        _ => {}
    }
}

pub(super) fn inspect_png(b: &[u8], f: &mut Findings) -> bool {
    let trailer = png_walk(b, |kind, data, _| png_chunk(&kind, data, f));
    if let Some(t) = trailer.filter(|t| !t.is_empty()) {
        f.add(K::Other, &format!("{} bytes after the end of the image", t.len()));
    }
    trailer.is_some()
}

/// Ancillary chunks a PNG keeps: transparency, colour space (no ICC), pixel size, animation.
const PNG_KEEP: [&[u8; 4]; 13] = [
    b"tRNS", b"cHRM", b"gAMA", b"sBIT", b"sRGB", b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT",
    b"cICP", b"mDCV",
];

pub(super) fn clean_png(b: &[u8]) -> Result<Vec<u8>, CleanError> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(PNG_SIGNATURE);
    png_walk(b, |kind, _, raw| {
        // Critical chunks (upper-case first letter) are needed to decode; of the others, only
        // the allow-list.
        if kind[0].is_ascii_uppercase() || PNG_KEEP.contains(&&kind) {
            out.extend_from_slice(raw);
        }
    })
    .ok_or(CleanError::Malformed("its PNG structure is broken or truncated"))?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// WebP

/// Every chunk of a WebP: `(fourcc, data, all its bytes with padding)`; `None` when broken.
fn webp_walk<'a>(b: &'a [u8], mut each: impl FnMut([u8; 4], &'a [u8], &'a [u8])) -> Option<()> {
    let riff_end = le32(b, 4)?.checked_add(8)?.min(b.len());
    let mut pos = 12;
    while pos < riff_end {
        let id: [u8; 4] = b.get(pos..pos + 4)?.try_into().ok()?;
        let len = le32(b, pos + 4)?;
        let data = b.get(pos + 8..pos.checked_add(8)?.checked_add(len)?)?;
        let end = (pos + 8 + len + (len & 1)).min(riff_end);
        each(id, data, b.get(pos..end)?);
        pos = end;
    }
    Some(())
}

pub(super) fn inspect_webp(b: &[u8], f: &mut Findings) -> bool {
    webp_walk(b, |id, data, _| match &id {
        b"EXIF" => exif_findings(data.strip_prefix(EXIF_PREFIX).unwrap_or(data), f),
        b"XMP " => xmp::scan(&String::from_utf8_lossy(data), f),
        _ => {}
    })
    .is_some()
}

/// WebP chunks a picture needs; ICCP, EXIF, XMP and unknown chunks go.
const WEBP_KEEP: [&[u8; 4]; 6] = [b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"];

pub(super) fn clean_webp(b: &[u8]) -> Result<Vec<u8>, CleanError> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    webp_walk(b, |id, _, raw| {
        if WEBP_KEEP.contains(&&id) {
            let at = out.len();
            out.extend_from_slice(raw);
            if &id == b"VP8X" {
                // Flags: ICC (0x20), EXIF (0x08) and XMP (0x04) are gone.
                if let Some(flags) = out.get_mut(at + 8) {
                    *flags &= !(0x20 | 0x08 | 0x04);
                }
            }
        }
    })
    .ok_or(CleanError::Malformed("its WebP structure is broken or truncated"))?;
    let size = u32::try_from(out.len() - 8).map_err(|_| CleanError::TooLarge)?;
    if let Some(s) = out.get_mut(4..8) {
        s.copy_from_slice(&size.to_le_bytes());
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// HEIF

/// HEIF brands (HEIC stills, sequences and the generic image brand).
pub(super) fn is_heif(b: &[u8]) -> bool {
    b.get(4..8) == Some(b"ftyp")
        && b.get(8..12).is_some_and(|brand| {
            [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"]
                .iter()
                .any(|x| *x == brand)
        })
}

pub(super) fn inspect_heif(b: &[u8], f: &mut Findings) {
    if let Ok(exif) = Reader::new().read_from_container(&mut std::io::Cursor::new(b)) {
        exif_fields(&exif, f);
    }
}
