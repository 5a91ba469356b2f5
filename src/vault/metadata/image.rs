//! Image containers (JPEG, PNG, WebP, HEIF): where their metadata sits, read and removed.
//!
//! The walkers are our own, over slices, one linear pass, no allocation per segment, no
//! decompression: a hostile file costs at most its length. EXIF's TIFF structure is read by
//! kamadak-exif (the caller runs us under `catch_unwind`). Cleaning keeps an allow-list of
//! what a decoder needs and drops the rest, so metadata in a segment we have never heard of
//! goes too.

use exif::{In, Reader, Tag, Value};

use super::{CleanError, FindingKind as K, Findings, xmp};

const EXIF_PREFIX: &[u8] = b"Exif\0\0";
const XMP_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXT_PREFIX: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

fn be16(b: &[u8], at: usize) -> Option<usize> {
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

// ---------------------------------------------------------------------------------------------
// EXIF

/// Findings of a raw EXIF block (a TIFF structure).
pub(super) fn exif_findings(raw: &[u8], f: &mut Findings) {
    let read = Reader::new().continue_on_error(true).read_raw(raw.to_vec());
    match read.or_else(|e| e.distill_partial_result(|_| {})) {
        Ok(exif) => exif_fields(&exif, f),
        Err(_) => f.add(K::Other, "EXIF data that could not be read"),
    }
}

/// The first ASCII string of a field.
fn ascii(exif: &exif::Exif, tag: Tag) -> Option<String> {
    let field = exif.get_field(tag, In::PRIMARY)?;
    match &field.value {
        Value::Ascii(v) => v.first().map(|s| String::from_utf8_lossy(s).trim().to_owned()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// Degrees, minutes, seconds as signed decimal degrees (`S` and `W` negative).
fn coordinate(exif: &exif::Exif, tag: Tag, reference: Tag, max: f64) -> Option<f64> {
    let Value::Rational(dms) = &exif.get_field(tag, In::PRIMARY)?.value else { return None };
    let mut deg = 0.0;
    for (i, r) in dms.iter().take(3).enumerate() {
        if r.denom == 0 {
            return None;
        }
        deg += r.to_f64() / [1.0, 60.0, 3600.0].get(i).copied().unwrap_or(1.0);
    }
    let negative = ascii(exif, reference).is_some_and(|r| r.starts_with(['S', 's', 'W', 'w']));
    let deg = if negative { -deg } else { deg };
    (deg.is_finite() && deg.abs() <= max).then_some(deg)
}

fn exif_fields(exif: &exif::Exif, f: &mut Findings) {
    let lat = coordinate(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, 90.0);
    let lon = coordinate(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, 180.0);
    match (lat, lon) {
        (Some(lat), Some(lon)) => f.add(K::Gps, &format!("{lat:.6}, {lon:.6}")),
        _ if exif.get_field(Tag::GPSLatitude, In::PRIMARY).is_some()
            || exif.get_field(Tag::GPSLongitude, In::PRIMARY).is_some() =>
        {
            f.add(K::Gps, "GPS coordinates (unreadable values)");
        }
        _ => {}
    }
    let make = ascii(exif, Tag::Make).unwrap_or_default();
    let model = ascii(exif, Tag::Model).unwrap_or_default();
    let device = if model.to_lowercase().starts_with(&make.to_lowercase()) {
        model
    } else {
        format!("{make} {model}")
    };
    f.add(K::Device, &device);
    for (tag, kind, what) in [
        (Tag::BodySerialNumber, K::Device, "serial number "),
        (Tag::LensMake, K::Device, "lens "),
        (Tag::LensModel, K::Device, "lens "),
        (Tag::LensSerialNumber, K::Device, "lens serial number "),
        (Tag::CameraOwnerName, K::Author, ""),
        (Tag::Artist, K::Author, ""),
        (Tag::Copyright, K::Author, "copyright "),
        (Tag::DateTimeOriginal, K::CaptureTime, ""),
        (Tag::DateTime, K::CaptureTime, ""),
        (Tag::Software, K::Software, ""),
        (Tag::ImageUniqueID, K::Other, "image id "),
        (Tag::ImageDescription, K::Other, "description: "),
    ] {
        if let Some(v) = ascii(exif, tag) {
            f.add(kind, &format!("{what}{v}"));
        }
    }
    if exif.get_field(Tag::MakerNote, In::PRIMARY).is_some() {
        f.add(K::Other, "a maker note (camera-specific data, may hold a serial number)");
    }
    if exif.get_field(Tag::JPEGInterchangeFormat, In::THUMBNAIL).is_some() {
        f.add(K::Other, "a thumbnail image (may show the picture before it was edited)");
    }
}
