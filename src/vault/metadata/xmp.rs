//! XMP packets (XML inside images and PDFs): the few properties that name a place, a device,
//! a person or a time, found by plain text search rather than an XML parser. Bounded: a packet
//! is looked at up to [`MAX_PACKET`] bytes, a property's first few occurrences only.

use super::{FindingKind as K, Findings};

/// Longest stretch of a packet searched.
const MAX_PACKET: usize = 1024 * 1024;
/// Packets looked for in a whole file (PDF, HEIF).
const MAX_PACKETS: usize = 4;

/// Properties and what they reveal (GPS is handled apart: two properties make one position).
const PROPERTIES: [(&str, K); 17] = [
    ("tiff:Make", K::Device),
    ("tiff:Model", K::Device),
    ("aux:SerialNumber", K::Device),
    ("exifEX:BodySerialNumber", K::Device),
    ("aux:Lens", K::Device),
    ("exifEX:LensModel", K::Device),
    ("dc:creator", K::Author),
    ("exifEX:CameraOwnerName", K::Author),
    ("xmpRights:Owner", K::Author),
    ("xmp:CreatorTool", K::Software),
    ("pdf:Producer", K::Software),
    ("xmp:CreateDate", K::CaptureTime),
    ("exif:DateTimeOriginal", K::CaptureTime),
    ("photoshop:DateCreated", K::CaptureTime),
    ("photoshop:City", K::Other),
    ("Iptc4xmpCore:Location", K::Other),
    ("photoshop:Country", K::Other),
];

/// The value of `key` at `at` (just after the name): an attribute (`="v"`), an element's
/// text (`>v<`), or the first item of an `rdf:Seq`/`Bag`/`Alt` (`><rdf:Seq><rdf:li>v<`).
fn value_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    if first.is_alphanumeric() || first == '_' || first == '-' || first == ':' {
        return None; // A longer name (exif:GPSLatitudeRef when looking for exif:GPSLatitude).
    }
    let rest = rest.trim_start();
    if let Some(r) = rest.strip_prefix('=') {
        let r = r.trim_start();
        let q = r.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let r = r.get(1..)?;
        return r.find(q).and_then(|end| r.get(..end));
    }
    let r = rest.strip_prefix('>')?;
    let end = r.find('<')?;
    let direct = r.get(..end)?;
    if !direct.trim().is_empty() {
        return Some(direct);
    }
    let li = r.get(..r.len().min(4096))?.find("<rdf:li")?;
    let r = r.get(li..)?;
    let r = r.get(r.find('>')? + 1..)?;
    r.get(..r.find('<')?)
}

/// Values of `key` (its first three occurrences).
fn values<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.match_indices(key).take(3).filter_map(|(i, _)| value_at(text, i + key.len())).collect()
}

/// XMP's `DDD,MM.mmmk` or `DDD,MM,SSk` as signed decimal degrees.
fn xmp_coordinate(v: &str) -> Option<f64> {
    let v = v.trim();
    let hemisphere = v.chars().last()?;
    let sign = match hemisphere.to_ascii_uppercase() {
        'N' | 'E' => 1.0,
        'S' | 'W' => -1.0,
        _ => return None,
    };
    let body = v.get(..v.len() - 1)?;
    let mut deg = 0.0;
    for (i, part) in body.split(',').enumerate() {
        let n: f64 = part.trim().parse().ok()?;
        deg += n / [1.0, 60.0, 3600.0].get(i)?;
    }
    (deg.is_finite() && deg <= 180.0).then_some(sign * deg)
}

/// Findings of one packet's text.
pub(super) fn scan(text: &str, f: &mut Findings) {
    let mut cut = text.len().min(MAX_PACKET);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = text.get(..cut).unwrap_or_default();
    let lat = values(text, "exif:GPSLatitude").into_iter().next();
    let lon = values(text, "exif:GPSLongitude").into_iter().next();
    match (lat.and_then(xmp_coordinate), lon.and_then(xmp_coordinate)) {
        (Some(a), Some(b)) => f.add(K::Gps, &format!("{a:.6}, {b:.6}")),
        _ if lat.is_some() || lon.is_some() => {
            f.add(K::Gps, &format!("{}, {}", lat.unwrap_or("?"), lon.unwrap_or("?")))
        }
        _ => {}
    }
    for (key, kind) in PROPERTIES {
        for v in values(text, key) {
            let v = if kind == K::Other {
                format!("{}: {v}", key.rsplit(':').next().unwrap_or(key))
            } else {
                v.to_owned()
            };
            f.add(kind, &v);
        }
    }
}

/// Findings of every XMP packet in a whole file (PDF, HEIF), the first [`MAX_PACKETS`].
pub(super) fn scan_file(b: &[u8], f: &mut Findings) {
    const START: &[u8] = b"<x:xmpmeta";
    let mut pos = 0;
    for _ in 0..MAX_PACKETS {
        let Some(at) = b.get(pos..).and_then(|r| r.windows(START.len()).position(|w| w == START)) else {
            return;
        };
        let start = pos + at;
        let end = (start + MAX_PACKET).min(b.len());
        let packet = b.get(start..end).unwrap_or_default();
        let packet = match packet.windows(12).position(|w| w == b"</x:xmpmeta>") {
            Some(e) => packet.get(..e).unwrap_or(packet),
            None => packet,
        };
        scan(&String::from_utf8_lossy(packet), f);
        pos = start + START.len();
    }
}
