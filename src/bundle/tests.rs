//! Bundle round trips and tampering.

use proptest::prelude::*;

use super::format::*;
use super::read::*;
use super::write::*;
use crate::model::item::{ItemKind, PartRole};
use crate::model::{ItemId, PartId, SourceId};

fn recipient() -> String {
    age::x25519::Identity::generate().to_public().to_string()
}

fn manifest(parts: &[(PartId, u64)]) -> Manifest {
    let mut m = Manifest::new(BundleKind::Server, "0123456789abcdef".into(), vec![recipient()]);
    m.items.push(ManifestItem {
        id: ItemId([1; 16]),
        kind: ItemKind::Tip,
        source: SourceId([2; 16]),
        source_recipient: recipient(),
        day: "2026-01-01".parse().unwrap(),
        parts: parts
            .iter()
            .enumerate()
            .map(|(n, (id, size))| ManifestPart {
                id: *id,
                role: if n == 0 { PartRole::Document } else { PartRole::Attachment },
                size: *size,
            })
            .collect(),
        signature: None,
    });
    m
}

fn bundle(m: &Manifest, data: &dyn Fn(&PartId) -> Vec<u8>) -> Vec<u8> {
    write_bundle(m, Vec::new(), |p| Ok(Box::new(std::io::Cursor::new(data(&p.id))))).unwrap()
}

#[test]
fn round_trip() {
    let a = PartId([3; 16]);
    let b = PartId([4; 16]);
    let m = manifest(&[(a, 5), (b, 3)]);
    let bytes = bundle(&m, &|id| if *id == a { b"hello".to_vec() } else { b"abc".to_vec() });
    let mut seen = Vec::new();
    let back = read_bundle(&bytes[..], |_, p, r| {
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        seen.push((p.id, v));
        Ok(())
    })
    .unwrap();
    assert_eq!(back.items, m.items);
    assert_eq!(seen, vec![(a, b"hello".to_vec()), (b, b"abc".to_vec())]);
}

#[test]
fn tampering_is_detected() {
    let a = PartId([3; 16]);
    let m = manifest(&[(a, 5)]);
    // A part listed but missing.
    let mut b = tar::Builder::new(Vec::new());
    let json = serde_json::to_vec(&m).unwrap();
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..]).unwrap();
    let only_manifest = b.into_inner().unwrap();
    assert!(read_manifest(&only_manifest[..]).is_err());
    // An extra entry.
    let mut b = tar::Builder::new(Vec::new());
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..]).unwrap();
    append_entry(&mut b, &part_path(&a), 5, &b"hello"[..]).unwrap();
    let mut h = tar::Header::new_old();
    h.as_old_mut().name[..16].copy_from_slice(b"../../etc/passwd");
    h.set_size(1);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    b.append(&h, &b"x"[..]).unwrap();
    assert!(read_manifest(&b.into_inner().unwrap()[..]).is_err());
    // Manifest not first.
    let mut b = tar::Builder::new(Vec::new());
    append_entry(&mut b, &part_path(&a), 5, &b"hello"[..]).unwrap();
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..]).unwrap();
    assert!(read_manifest(&b.into_inner().unwrap()[..]).is_err());
    // Wrong size.
    let mut b = tar::Builder::new(Vec::new());
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..]).unwrap();
    append_entry(&mut b, &part_path(&a), 4, &b"hell"[..]).unwrap();
    assert!(read_manifest(&b.into_inner().unwrap()[..]).is_err());
    // Not a tar at all, or empty.
    assert!(read_manifest(&b"garbage"[..]).is_err());
    assert!(read_manifest(&[][..]).is_err());
    // A duplicated part in the manifest.
    let dup = manifest(&[(a, 5), (a, 5)]);
    assert!(check_manifest(&dup).is_err());
}

/// Every field that crosses the air gap is checked: a hostile manifest never parses into
/// something the vault would act on.
#[test]
fn hostile_manifest_fields_are_refused() {
    let a = PartId([3; 16]);
    let good = manifest(&[(a, 5)]);
    assert!(check_manifest(&good).is_ok());
    type Change = Box<dyn Fn(&mut Manifest)>;
    let cases: Vec<(&str, Change)> = vec![
        ("origin with an escape", Box::new(|m| m.origin = "\u{1b}]52;c;x\u{7}".into())),
        ("origin too long", Box::new(|m| m.origin = "0".repeat(17))),
        ("keyholder not a recipient", Box::new(|m| m.keyholders.push("=HYPERLINK(1)".into()))),
        ("too many keyholders", Box::new(|m| m.keyholders = vec![recipient(); MAX_KEYHOLDERS + 1])),
        ("source recipient", Box::new(|m| m.items[0].source_recipient = "age1\u{202e}x".into())),
        ("empty part", Box::new(|m| m.items[0].parts[0].size = 0)),
        ("huge part", Box::new(|m| m.items[0].parts[0].size = MAX_PART_BYTES + 1)),
        ("tip with a reply part", Box::new(|m| m.items[0].parts[0].role = PartRole::Reply)),
        (
            "reply without signature",
            Box::new(|m| {
                m.items[0].kind = ItemKind::Reply;
                m.items[0].parts[0].role = PartRole::Reply;
            }),
        ),
        ("wrong version", Box::new(|m| m.version = 99)),
    ];
    for (what, change) in cases {
        let mut m = good.clone();
        change(&mut m);
        assert!(check_manifest(&m).is_err(), "{what}");
    }
    // Days and ids are refused while parsing, before any check runs.
    let json = serde_json::to_string(&good).unwrap().replace("2026-01-01", "2026-01-01\\u001b[2J");
    assert!(serde_json::from_str::<Manifest>(&json).is_err());
}

proptest! {
    #[test]
    fn reader_never_panics_on_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = read_manifest(&data[..]);
    }

    #[test]
    fn reader_never_panics_on_mutated_bundles(pos in 0usize..4096, byte in any::<u8>(), cut in 0usize..4096) {
        let a = PartId([3; 16]);
        let m = manifest(&[(a, 5)]);
        let mut bytes = bundle(&m, &|_| b"hello".to_vec());
        let p = pos % bytes.len();
        bytes[p] = byte;
        bytes.truncate(cut.max(1).min(bytes.len()));
        let _ = read_manifest(&bytes[..]);
    }
}
