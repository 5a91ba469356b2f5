//! Bundle round trips and tampering.

use proptest::prelude::*;

use super::format::*;
use super::read::*;
use super::write::*;
use crate::store::{ItemId, ItemKind, PartId, PartRole, SourceId};

fn manifest(parts: &[(PartId, u64)]) -> Manifest {
    let mut m = Manifest::new(BundleKind::Server, "o".into(), vec!["age1x".into()]);
    m.items.push(ManifestItem {
        id: ItemId([1; 16]),
        kind: ItemKind::Tip,
        source: SourceId([2; 16]),
        source_recipient: "age1y".into(),
        day: "2026-01-01".into(),
        parts: parts
            .iter()
            .map(|(id, size)| ManifestPart { id: *id, role: PartRole::Document, size: *size })
            .collect(),
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
    let mut dup = manifest(&[(a, 5), (a, 5)]);
    dup.items[0].parts[1].role = PartRole::Attachment;
    assert!(check_manifest(&dup).is_err());
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
