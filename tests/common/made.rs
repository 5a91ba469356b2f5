//! Bundles made here, as a server (perhaps a compromised one) would make them: encrypted to
//! the keyholder, holding what the server's own form refuses (controls, direction marks, any
//! page language), so that the vault and the desk can be tested against them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::HashMap;
use std::path::PathBuf;

use age::x25519::Identity;
use serde_json::Value;
use tipbox::bundle::format::{BundleKind, Manifest, ManifestItem, ManifestPart};
use tipbox::model::{ItemId, PartId, SourceId};
use tipbox::store::{ItemKind, PartRole};

use super::cli::Keyholder;

/// What a source sent: the first message, its answers, its follow-ups.
pub struct Tip<'a> {
    pub message: &'a str,
    pub language: &'a str,
    pub city: &'a str,
    pub followups: &'a [&'a str],
}

impl<'a> Tip<'a> {
    pub fn new(message: &'a str) -> Self {
        Tip { message, language: "en", city: "", followups: &[] }
    }
}

fn item(to: &Identity, source: SourceId, kind: ItemKind, doc: Value) -> (ManifestItem, PartId, Vec<u8>) {
    let id = PartId::random().unwrap();
    let plain = tipbox::bundle::document::to_padded_json(&doc).unwrap();
    let ct = tipbox::crypto::seal::encrypt(&[to.to_public()], &plain).unwrap();
    let mi = ManifestItem {
        id: ItemId::random().unwrap(),
        kind,
        source,
        source_recipient: Identity::generate().to_public().to_string(),
        day: tipbox::model::Day::today(),
        parts: vec![ManifestPart { id, role: PartRole::Document, size: ct.len() as u64 }],
        signature: None,
    };
    (mi, id, ct)
}

/// A server bundle of `tips` (cases 1, 2, … in that order), encrypted to `me`.
pub fn bundle(kh: &Keyholder, me: &Identity, tips: &[Tip<'_>]) -> PathBuf {
    let sourced: Vec<(SourceId, &Tip<'_>)> = tips.iter().map(|t| (SourceId::random().unwrap(), t)).collect();
    bundle_of(kh, me, &sourced, "made.tar")
}

/// A server bundle of `tips`, each from the thread given with it (so that several bundles can
/// carry the same threads), written to `name` in the keyholder's directory.
pub fn bundle_of(kh: &Keyholder, me: &Identity, tips: &[(SourceId, &Tip<'_>)], name: &str) -> PathBuf {
    let mut m =
        Manifest::new(BundleKind::Server, "0123456789abcdef".into(), vec![me.to_public().to_string()]);
    let mut parts: HashMap<PartId, Vec<u8>> = HashMap::new();
    let day = tipbox::model::Day::today().to_string();
    for &(source, t) in tips {
        let mut docs = vec![(
            ItemKind::Tip,
            serde_json::json!({"format": "tipbox-tip", "version": 1, "kind": "tip", "day": day,
                "language": t.language, "answers": {"country": "NL", "city": t.city}, "message": t.message}),
        )];
        for f in t.followups {
            docs.push((
                ItemKind::Followup,
                serde_json::json!({"format": "tipbox-tip", "version": 1, "kind": "followup", "day": day,
                    "language": t.language, "message": f}),
            ));
        }
        for (kind, doc) in docs {
            let (mi, id, ct) = item(me, source, kind, doc);
            m.items.push(mi);
            parts.insert(id, ct);
        }
    }
    let bytes = tipbox::bundle::write::write_bundle(&m, Vec::new(), |p| {
        Ok(Box::new(std::io::Cursor::new(parts[&p.id].clone())))
    })
    .unwrap();
    let path = kh.path(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A keyholder whose vault holds `tips` as cases 1, 2, ….
pub fn vault_with(tips: &[Tip<'_>]) -> Keyholder {
    let me = Identity::generate();
    let kh = Keyholder::with(&me);
    let b = bundle(&kh, &me, tips);
    assert!(kh.import(&b).contains(&format!("into {} new case", tips.len())));
    kh
}
