//! Unit tests: files with metadata built here (the JPEG builder is shared with the integration
//! tests), and hostile bytes that must never panic.

use exif::{Field, In, Tag, Value};
use proptest::prelude::*;

use super::*;

use super::test_jpeg as jpeg;

fn kinds(i: &Inspection, kind: FindingKind) -> Vec<String> {
    i.findings.iter().filter(|f| f.kind == kind).map(|f| f.value.raw().to_owned()).collect()
}

fn phone_jpeg() -> Vec<u8> {
    let mut fields = jpeg::gps_fields();
    let ascii = |tag, s: &str| Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.into()]) };
    fields.push(ascii(Tag::Model, "TestCam X1"));
    fields.push(ascii(Tag::DateTimeOriginal, "2026:03:04 05:06:07"));
    fields.push(ascii(Tag::Artist, "Jane Source"));
    let mut j = jpeg::with_exif(&jpeg::plain_jpeg(), &jpeg::exif_block(&fields));
    // A comment and an XMP packet before the frame, and a second image after the end.
    let insert = |j: &mut Vec<u8>, marker: u8, payload: &[u8]| {
        let mut seg = vec![0xFF, marker];
        seg.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        seg.extend_from_slice(payload);
        j.splice(2..2, seg);
    };
    insert(&mut j, 0xFE, b"taken at the station");
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description xmp:CreatorTool=\"PhotoApp 3\"/></x:xmpmeta>";
    insert(&mut j, 0xE1, xmp);
    j.extend_from_slice(&jpeg::jpeg_with_gps());
    j
}

#[test]
fn jpeg_reveals_position_device_time_author() {
    let i = inspect(&jpeg::jpeg_with_gps());
    assert_eq!(i.format, Some(Format::Jpeg));
    assert!(i.inspected && i.cleanable);
    assert_eq!(kinds(&i, FindingKind::Gps), [jpeg::POSITION]);
    assert_eq!(kinds(&i, FindingKind::Device), ["TestCam"]);

    let i = inspect(&phone_jpeg());
    // "TestCam X1", not "TestCam TestCam X1"; then the appended image's own EXIF.
    assert_eq!(kinds(&i, FindingKind::Device), ["TestCam X1", "TestCam"]);
    assert_eq!(kinds(&i, FindingKind::Gps), [jpeg::POSITION]);
    assert_eq!(kinds(&i, FindingKind::CaptureTime), ["2026:03:04 05:06:07"]);
    assert_eq!(kinds(&i, FindingKind::Author), ["Jane Source"]);
    assert_eq!(kinds(&i, FindingKind::Software), ["PhotoApp 3"]);
    let other = kinds(&i, FindingKind::Other);
    assert!(other.iter().any(|o| o == "comment: taken at the station"), "{other:?}");
    assert!(other.iter().any(|o| o.contains("after the end of the image")), "{other:?}");
}

#[test]
fn southern_western_positions_are_negative() {
    let mut fields = jpeg::gps_fields();
    for f in &mut fields {
        match f.tag {
            Tag::GPSLatitudeRef => f.value = Value::Ascii(vec![b"S".to_vec()]),
            Tag::GPSLongitudeRef => f.value = Value::Ascii(vec![b"W".to_vec()]),
            _ => {}
        }
    }
    let i = inspect(&jpeg::with_exif(&jpeg::plain_jpeg(), &jpeg::exif_block(&fields)));
    assert_eq!(kinds(&i, FindingKind::Gps), ["-52.370216, -4.895168"]);
}

#[test]
fn cleaned_jpeg_keeps_the_picture_and_loses_the_metadata() {
    let original = phone_jpeg();
    let cleaned = clean(&original).unwrap();
    let i = inspect(&cleaned);
    assert!(i.inspected && i.findings.is_empty(), "{:?}", i.findings);
    assert_eq!(cleaned, jpeg::plain_jpeg(), "exactly the picture's own segments are left");
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&cleaned)).is_err());
}

fn png(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        p.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        p.extend_from_slice(*kind);
        p.extend_from_slice(data);
        p.extend_from_slice(&[0; 4]); // CRC: not checked by the inspection nor the cleaner.
    }
    p
}

#[test]
fn png_text_and_exif() {
    let ihdr: &[u8] = &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0];
    let exif = jpeg::exif_block(&jpeg::gps_fields());
    let p = png(&[
        (b"IHDR", ihdr),
        (b"tEXt", b"Author\0Jane Source"),
        (b"iTXt", b"Software\0\0\0en\0\0Editor 9"),
        (b"eXIf", &exif),
        (b"gAMA", &[0, 0, 0xB1, 0x8F]),
        (b"IDAT", &[0x78, 0x01]),
        (b"IEND", b""),
    ]);
    let i = inspect(&p);
    assert_eq!(i.format, Some(Format::Png));
    assert!(i.cleanable);
    assert_eq!(kinds(&i, FindingKind::Author), ["Jane Source"]);
    assert_eq!(kinds(&i, FindingKind::Software), ["Editor 9"]);
    assert_eq!(kinds(&i, FindingKind::Gps), [jpeg::POSITION]);
    let cleaned = clean(&p).unwrap();
    assert!(inspect(&cleaned).findings.is_empty());
    let expected =
        png(&[(b"IHDR", ihdr), (b"gAMA", &[0, 0, 0xB1, 0x8F]), (b"IDAT", &[0x78, 0x01]), (b"IEND", b"")]);
    assert_eq!(cleaned, expected);
}

#[test]
fn webp_exif_is_removed_and_flags_follow() {
    let exif = jpeg::exif_block(&jpeg::gps_fields());
    let chunk = |id: &[u8; 4], data: &[u8]| {
        let mut c = id.to_vec();
        c.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    };
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &[0x08 | 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    body.extend(chunk(b"ICCP", b"profile"));
    body.extend(chunk(b"VP8L", &[0x2F, 0, 0, 0, 0]));
    body.extend(chunk(b"EXIF", &exif));
    let mut w = b"RIFF".to_vec();
    w.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    w.extend(body);
    let i = inspect(&w);
    assert_eq!((i.format, i.cleanable), (Some(Format::Webp), true));
    assert_eq!(kinds(&i, FindingKind::Gps), [jpeg::POSITION]);
    let c = clean(&w).unwrap();
    assert!(inspect(&c).findings.is_empty());
    assert_eq!(c.get(20), Some(&0), "VP8X says no ICC, no EXIF");
    assert_eq!(c.len(), 12 + 18 + 14);
    assert_eq!(c.get(4..8), Some(&u32::try_from(c.len() - 8).unwrap().to_le_bytes()[..]));
}

#[test]
fn pdf_info_and_xmp() {
    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Author (Jane \\(J\\) Source) \
        /Producer <FEFF00570072006900740065> /CreationDate (D:20260304050607+01'00') /Title (Report) >>\nendobj\n\
        3 0 obj\n<< /Type /Metadata >>\nstream\n<x:xmpmeta><exif:GPSLatitude>52,22.21296N</exif:GPSLatitude>\
        <exif:GPSLongitude>4,53.71008E</exif:GPSLongitude></x:xmpmeta>\nendstream\nendobj\ntrailer\n<< /Info 2 0 R >>\n%%EOF\n";
    let i = inspect(pdf);
    assert_eq!(i.format, Some(Format::Pdf));
    assert!(i.inspected && !i.cleanable);
    assert_eq!(kinds(&i, FindingKind::Author), ["Jane (J) Source"]);
    assert_eq!(kinds(&i, FindingKind::Software), ["Write"]);
    assert_eq!(kinds(&i, FindingKind::CaptureTime), ["created D:20260304050607+01'00'"]);
    assert_eq!(kinds(&i, FindingKind::Gps), [jpeg::POSITION], "GPS in XMP");
    assert!(matches!(clean(pdf), Err(CleanError::NotCleanable("pdf"))));
}

#[test]
fn format_comes_from_magic_bytes_only() {
    assert_eq!(sniff(b"GIF89a"), None);
    let i = inspect(b"Author: nobody, just text named photo.jpg");
    assert!(!i.inspected && !i.cleanable && i.format.is_none());
    assert!(matches!(clean(b"plain"), Err(CleanError::NotCleanable(_))));
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    assert_eq!(sniff(heic), Some(Format::Heic));
    let i = inspect(heic);
    assert!(i.inspected && !i.cleanable);
}

#[test]
fn truncated_and_garbage_never_panic() {
    let j = phone_jpeg();
    for cut in (0..j.len()).step_by(7) {
        let part = &j[..cut];
        let i = inspect(part);
        if let Ok(c) = clean(part) {
            assert!(!inspect(&c).identifies());
        }
        assert!(i.findings.len() <= MAX_FINDINGS);
    }
    assert!(clean(&j[..j.len() / 2]).is_err(), "a truncated JPEG is not cleaned");
    // Thousands of comments: bounded findings, each value bounded.
    let mut many = vec![0xFF, 0xD8];
    for n in 0..5000u32 {
        let text = format!("{n}{}", "x".repeat(300));
        many.extend_from_slice(&[0xFF, 0xFE]);
        many.extend_from_slice(&u16::try_from(text.len() + 2).unwrap().to_be_bytes());
        many.extend_from_slice(text.as_bytes());
    }
    let i = inspect(&many);
    assert_eq!(i.findings.len(), MAX_FINDINGS);
    assert!(i.findings.iter().all(|f| f.value.chars() <= MAX_VALUE_CHARS + 1));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn random_bytes_never_panic(prefix in 0usize..5, body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let heads: [&[u8]; 5] = [b"\xFF\xD8\xFF", b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBP", b"%PDF-", b"\0\0\0\x18ftypheic"];
        let mut b = heads[prefix].to_vec();
        b.extend(body);
        let _ = inspect(&b);
        if let Ok(c) = clean(&b) {
            prop_assert!(!inspect(&c).identifies());
        }
    }
}
