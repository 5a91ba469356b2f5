//! EXIF's TIFF structure, read by kamadak-exif (the caller runs us under `catch_unwind`): the
//! position, device, author, software and times it records.

use exif::{In, Reader, Tag, Value};

use super::{FindingKind as K, Findings};
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

pub(super) fn exif_fields(exif: &exif::Exif, f: &mut Findings) {
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
