//! What an attachment's metadata reveals, on the real server and binaries: a phone photo with
//! a GPS position is submitted, `vault show` warns about the position, and `vault extract
//! --clean` writes a copy without it beside the original, which stays byte-identical to what
//! was submitted; `manifest.txt` holds both SHA-256 hashes.

use std::os::unix::fs::PermissionsExt;

use sha2::Digest;

use crate::common::cli::*;
use crate::common::jpeg::{self, jpeg_with_gps};
use crate::common::*;

fn sha256(b: &[u8]) -> String {
    tipbox::crypto::hex(&sha2::Sha256::digest(b))
}

/// The GPS latitude in a JPEG's EXIF, read with the crate the vault uses.
fn latitude(b: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(b)).ok()?;
    let f = exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)?;
    Some(f.display_value().to_string())
}

#[test]
fn show_warns_of_gps_and_extract_clean_removes_it_keeping_the_original() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let photo = jpeg_with_gps();
    assert!(latitude(&photo).is_some(), "the test photo carries a position");
    let fields = [("message", "Photo of the car outside my flat."), ("country", "NL")];
    let (st, _) = submit(&s, &c, &fields, vec![("car.jpg", photo.clone()), ("notes.txt", b"plain".to_vec())]);
    assert_eq!(st, 200);
    let kh = Keyholder::new(&s);
    kh.import(&kh.pull(&s, "b.tar"));

    // show: the hash and the position, as text and as JSON.
    let text = ok(&kh.vault(&["show", "1"]));
    assert!(text.contains(&format!("  ! reveals GPS position: {}", jpeg::POSITION)), "{text}");
    assert!(text.contains("  ! reveals device: TestCam"), "{text}");
    assert!(text.contains(&format!("sha256 {}", sha256(&photo))), "{text}");
    assert!(text.contains("--clean"), "the hint: {text}");
    let json: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    let att = &json["thread"][0]["attachments"];
    assert_eq!(att[0]["sha256"], sha256(&photo));
    assert_eq!(att[0]["findings"][0]["kind"], "gps");
    assert_eq!(att[0]["findings"][0]["value"], jpeg::POSITION);
    assert_eq!((att[0]["cleanable"].as_bool(), att[0]["inspected"].as_bool()), (Some(true), Some(true)));
    assert_eq!((att[1]["cleanable"].as_bool(), att[1]["inspected"].as_bool()), (Some(false), Some(false)));

    // extract without --clean: exactly the originals, no manifest.
    let plain = kh.path("plain");
    let out = ok(&kh.vault(&["extract", "1", "--out", plain.to_str().unwrap()]));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert_eq!(std::fs::read(plain.join("01-car.jpg")).unwrap(), photo);
    assert!(!plain.join("manifest.txt").exists() && !plain.join("01-car.clean.jpg").exists());

    // extract --clean: the original untouched, a cleaned copy without GPS, a manifest.
    let ex = kh.path("clean");
    let out = ok(&kh.vault(&["extract", "1", "--out", ex.to_str().unwrap(), "--clean"]));
    let (original, cleaned, manifest) =
        (ex.join("01-car.jpg"), ex.join("01-car.clean.jpg"), ex.join("manifest.txt"));
    for p in [&original, &cleaned, &manifest] {
        assert!(out.contains(p.to_str().unwrap()), "prints {}: {out}", p.display());
        let mode = std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", p.display());
    }
    assert_eq!(std::fs::read(&original).unwrap(), photo, "the original stays byte-identical");
    let clean = std::fs::read(&cleaned).unwrap();
    assert!(clean.starts_with(&[0xFF, 0xD8]) && clean.ends_with(&[0xFF, 0xD9]), "still a JPEG");
    assert_eq!(latitude(&clean), None, "no GPS left");
    assert!(!clean.windows(7).any(|w| w == b"TestCam"), "no make left");
    assert!(!ex.join("02-notes.clean.txt").exists());

    let m = std::fs::read_to_string(&manifest).unwrap();
    assert!(m.contains(&format!("  sha256: {}", sha256(&photo))), "{m}");
    assert!(m.contains(&format!("  cleaned sha256: {}", sha256(&clean))), "{m}");
    assert!(m.contains("cleaned copy: 01-car.clean.jpg"), "{m}");
    assert!(m.contains(&format!("found GPS position: {}", jpeg::POSITION)), "{m}");
    assert!(m.contains("02-notes.txt") && m.contains("not inspected"), "{m}");

    // A second --clean into the same directory refuses before writing anything.
    let e = err(&kh.vault(&["extract", "1", "--out", ex.to_str().unwrap(), "--clean"]));
    assert!(e.contains("manifest.txt already exists"), "{e}");
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), m);
}
