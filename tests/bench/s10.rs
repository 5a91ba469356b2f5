//! S10: merging the team's triage. A vault of N cases receives a teammate's sync bundle of
//! 10·N operations (in batches of ten, as ten-change commands would make them: statuses,
//! tags, notes, assignees), imported by the real binary; and the merge alone (every operation
//! of the vault recomputed into every case), each beside decrypting the same bytes with age in
//! the same run.

use std::time::Instant;

use age::x25519::Identity;

use crate::Row;
use crate::common::cli::{Keyholder, ok};
use crate::common::made::{Tip, bundle};
use tipbox::bundle::format::{BundleKind, Manifest, ManifestPart, TeamPacket};
use tipbox::model::{Day, ItemId, OpId, PartId};
use tipbox::vault::ops::sync::{TEAM_FORMAT, TEAM_VERSION, TeamDocument};
use tipbox::vault::ops::{Batch, CaseKey, Op, SignedBatch};
use tipbox::vault::state::Status;

/// Ten operations on one case by `who`.
fn ten_ops(case: &CaseKey, i: usize) -> Vec<Op> {
    let c = || case.clone();
    let mut ops = vec![
        Op::Status { case: c(), to: Status::InReview },
        Op::Tag { case: c(), tag: format!("t{}", i % 50), on: true },
        Op::Assign { case: c(), who: Some(format!("researcher {}", i % 7)) },
    ];
    for n in 0..5u8 {
        let mut note = [n; 16];
        note[..8].copy_from_slice(&(i as u64).to_le_bytes());
        ops.push(Op::NoteAdd {
            case: c(),
            note: OpId(note),
            text: format!("note {n} on case {i}: called the contact, waiting for documents"),
            written: None,
        });
    }
    ops.push(Op::Tag { case: c(), tag: "urgent".into(), on: i.is_multiple_of(3) });
    ops.push(Op::Status { case: c(), to: Status::Verified });
    ops
}

/// A sync bundle of `batches` by `teammate`, encrypted to `me`; returns the packet's
/// ciphertext too.
fn sync_bundle(kh: &Keyholder, me: &Identity, batches: Vec<SignedBatch>, teammate: &Identity) -> Vec<u8> {
    let doc = TeamDocument { format: TEAM_FORMAT.into(), version: TEAM_VERSION, batches };
    let plain = serde_json::to_vec(&doc).unwrap();
    let ct = tipbox::crypto::seal::encrypt(&[me.to_public(), teammate.to_public()], &plain).unwrap();
    let (id, part, day) = (ItemId::random().unwrap(), PartId::random().unwrap(), Day::today());
    let key = tipbox::crypto::sign::SigningKey::from_identity(teammate).unwrap();
    let st = tipbox::bundle::signing::team_statement(
        "0123456789abcdef",
        id,
        part,
        day,
        &tipbox::bundle::signing::sha256(&ct),
    );
    let mut m = Manifest::new(BundleKind::Sync, "0123456789abcdef".into(), vec![me.to_public().to_string()]);
    m.team.push(TeamPacket {
        id,
        day,
        part: ManifestPart { id: part, role: tipbox::model::item::PartRole::Team, size: ct.len() as u64 },
        signature: tipbox::crypto::sign::Signed::new(&key, &st),
    });
    let f = std::fs::File::create(kh.path("sync.tar")).unwrap();
    let c = ct.clone();
    tipbox::bundle::write::write_bundle(&m, f, move |_| Ok(Box::new(std::io::Cursor::new(c.clone()))))
        .unwrap();
    ct
}

pub(crate) fn s10(quick: bool, rows: &mut Vec<Row>) {
    let n = if quick { 500 } else { 10_000 };
    let (me, teammate) = (Identity::generate(), Identity::generate());
    let kh = Keyholder::with(&me);
    let messages: Vec<String> = (0..n).map(|i| format!("Tip {i}: a visit from the station")).collect();
    let tips: Vec<Tip<'_>> = messages.iter().map(|m| Tip::new(m)).collect();
    ok(&kh.vault(&["import", bundle(&kh, &me, &tips).to_str().unwrap()]));
    kh.team_add("teammate", &teammate);

    let keys: Vec<CaseKey> = {
        let v = tipbox::vault::Vault::open(&kh.path("vault"), me.clone()).unwrap();
        v.state.cases.values().map(|c| c.key()).collect()
    };
    let key = tipbox::crypto::sign::SigningKey::from_identity(&teammate).unwrap();
    let batches: Vec<SignedBatch> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let batch = Batch {
                id: OpId::random().unwrap(),
                author: key.public(),
                clock: 1 + i as u64,
                day: Day::today(),
                ops: ten_ops(k, i),
            };
            let signature = key.sign(&batch.statement().unwrap());
            SignedBatch { batch, signature }
        })
        .collect();
    let ops: usize = batches.iter().map(|b| b.batch.ops.len()).sum();
    let roster = [key.public()];
    let t = Instant::now();
    assert!(batches.iter().all(|b| b.verify(&roster).is_ok()));
    let verify = t.elapsed().as_secs_f64();
    let ct = sync_bundle(&kh, &me, batches, &teammate);

    let t = Instant::now();
    let out = ok(&kh.vault(&["import", kh.path("sync.tar").to_str().unwrap()]));
    let import = t.elapsed().as_secs_f64();
    assert!(out.contains(&format!("merged {ops} new change(s)")), "{out}");
    let t = Instant::now();
    let _ = tipbox::crypto::seal::decrypt(&me, &ct).unwrap();
    let decrypt = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut v = tipbox::vault::Vault::open(&kh.path("vault"), me.clone()).unwrap();
    let open = t.elapsed().as_secs_f64();
    let t = Instant::now();
    tipbox::vault::ops::merge::rederive(&mut v);
    let merge = t.elapsed().as_secs_f64();
    let t = Instant::now();
    v.save().unwrap();
    let save = t.elapsed().as_secs_f64();
    let mib = ct.len() as f64 / (1024.0 * 1024.0);
    let ms = |s: f64| format!("{:.0} ms", s * 1e3);
    rows.push(Row {
        scenario: format!("S10 import of a teammate's {ops} operations over {n} cases ({mib:.1} MiB)"),
        figure: ms(import),
        baseline: format!("{} to decrypt the same bytes", ms(decrypt)),
        ratio: Some(import / decrypt),
        target: format!(
            "of which: {} checking {} batch signatures, {} opening and {} saving the vault",
            ms(verify),
            n,
            ms(open),
            ms(save)
        ),
    });
    rows.push(Row {
        scenario: format!("S10 merge alone: {ops} operations into {n} cases"),
        figure: ms(merge),
        baseline: format!("{} to decrypt the same bytes", ms(decrypt)),
        ratio: Some(merge / decrypt),
        target: "a small multiple".into(),
    });
}
