//! Test JPEGs carrying metadata, built here so that every test (and the browser tests of the
//! desk) submits the same photo: a valid 1×1 grey JPEG whose EXIF has a GPS position and a
//! camera make, like a phone photo.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};

/// Latitude of [`jpeg_with_gps`] (north).
pub const LATITUDE: f64 = 52.370216;
/// Longitude of [`jpeg_with_gps`] (east).
pub const LONGITUDE: f64 = 4.895168;
/// How `vault show` and the inspection print that position.
pub const POSITION: &str = "52.370216, 4.895168";
/// The camera make in its EXIF.
pub const MAKE: &str = "TestCam";

/// A valid 1×1 grey baseline JPEG with no metadata at all.
pub fn plain_jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    // Quantisation table 0: all ones.
    j.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    j.extend_from_slice(&[1; 64]);
    // Baseline frame: 8 bits, 1×1, one component (id 1, 1×1 sampling, table 0).
    j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]);
    // Huffman tables (DC 0, AC 0): one code of length 1, for symbol 0.
    for class in [0x00, 0x10] {
        j.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, class, 0x01]);
        j.extend_from_slice(&[0; 15]);
        j.push(0x00);
    }
    // Scan: DC difference 0 ("0"), end of block ("0"), padded with ones.
    j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    j.push(0x3F);
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

/// A raw EXIF block (TIFF structure) holding `fields`.
pub fn exif_block(fields: &[Field]) -> Vec<u8> {
    let mut w = Writer::new();
    for f in fields {
        w.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    w.write(&mut out, false).unwrap();
    out.into_inner()
}

/// `jpeg` with an APP1 EXIF segment holding `exif` right after its SOI.
pub fn with_exif(jpeg: &[u8], exif: &[u8]) -> Vec<u8> {
    let len = u16::try_from(exif.len() + 8).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn ascii(tag: Tag, s: &str) -> Field {
    Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.as_bytes().to_vec()]) }
}

fn degrees(tag: Tag, deg: f64) -> Field {
    let micro = (deg * 1_000_000.0).round() as u32;
    let r = |num, denom| Rational { num, denom };
    Field { tag, ifd_num: In::PRIMARY, value: Value::Rational(vec![r(micro, 1_000_000), r(0, 1), r(0, 1)]) }
}

/// The EXIF fields of a phone photo: GPS [`LATITUDE`] N, [`LONGITUDE`] E, make [`MAKE`].
pub fn gps_fields() -> Vec<Field> {
    vec![
        ascii(Tag::Make, MAKE),
        ascii(Tag::GPSLatitudeRef, "N"),
        degrees(Tag::GPSLatitude, LATITUDE),
        ascii(Tag::GPSLongitudeRef, "E"),
        degrees(Tag::GPSLongitude, LONGITUDE),
    ]
}

/// A valid small JPEG whose EXIF has GPS 52.370216 N, 4.895168 E and Make "TestCam".
pub fn jpeg_with_gps() -> Vec<u8> {
    with_exif(&plain_jpeg(), &exif_block(&gps_fields()))
}
