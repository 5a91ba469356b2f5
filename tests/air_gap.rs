//! Everything that crosses the air gap is hostile: the audit's recipes against the offline side,
//! reproduced against the real binaries. A compromised server or a tampered bundle must not be
//! able to add a reader to replies, replace or delete evidence, drive the keyholder's terminal
//! or spreadsheet, speak to a source in the NGO's name, or turn "nothing was read" into
//! "everything is deleted".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use age::x25519::Identity;
use common::cli::*;
use common::*;
use tipbox::bundle::format::{BundleKind, Manifest, ManifestItem, ManifestPart};
use tipbox::model::{ItemId, PartId, SourceId};
use tipbox::store::{ItemKind, PartRole};

/// A bundle taken apart: its manifest and every part's bytes.
fn open_bundle(path: &Path) -> (Manifest, HashMap<PartId, Vec<u8>>) {
    let mut parts = HashMap::new();
    let m = tipbox::bundle::read::read_bundle(std::fs::File::open(path).unwrap(), |_, p, r| {
        let mut v = vec![];
        std::io::Read::read_to_end(r, &mut v).unwrap();
        parts.insert(p.id, v);
        Ok(())
    })
    .unwrap();
    (m, parts)
}

/// Writes a bundle from a manifest and part bytes (sizes taken from the bytes), unchecked.
fn write_bundle(path: &Path, m: &Manifest, parts: &HashMap<PartId, Vec<u8>>) {
    let mut m = m.clone();
    for i in &mut m.items {
        for p in &mut i.parts {
            p.size = parts[&p.id].len() as u64;
        }
    }
    let bytes = tipbox::bundle::write::write_bundle(&m, Vec::new(), |p| {
        Ok(Box::new(std::io::Cursor::new(parts[&p.id].clone())))
    })
    .unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn encrypt(to: &[&Identity], plain: &[u8]) -> Vec<u8> {
    let rs: Vec<_> = to.iter().map(|i| i.to_public()).collect();
    tipbox::crypto::seal::encrypt(&rs, plain).unwrap()
}

/// Every file of the vault with its SHA-256 (the lock aside): what "unchanged" means.
fn snapshot(kh: &Keyholder) -> BTreeMap<String, String> {
    use sha2::Digest;
    let root = kh.path("vault");
    files_under(&root)
        .into_iter()
        .filter(|p| !p.ends_with(".lock"))
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap().display().to_string();
            (rel, tipbox::crypto::hex(&sha2::Sha256::digest(std::fs::read(&p).unwrap())))
        })
        .collect()
}

/// No control, direction or invisible character a terminal could act on (newlines and tabs
/// aside).
fn assert_inert(label: &str, out: &str) {
    if let Some(c) =
        out.chars().find(|c| tipbox::text::is_unsafe_for_display(*c) && !matches!(c, '\n' | '\t'))
    {
        panic!("{label}: U+{:04X} reached the output:\n{out}", c as u32);
    }
}

#[test]
fn an_injected_recipient_is_never_adopted_and_cannot_read_a_reply() {
    let s = Server::start(Opts::default());
    assert_eq!(submit(&s, &s.client(), &[("message", "my sister was visited")], vec![]).0, 200);
    let kh = Keyholder::new(&s);
    let pulled = kh.pull(&s, "b.tar");
    let (mut m, parts) = open_bundle(&pulled);
    let outsider = Identity::generate();
    m.keyholders.push(outsider.to_public().to_string());
    let tampered = kh.path("tampered.tar");
    write_bundle(&tampered, &m, &parts);

    let o = kh.vault(&["import", tampered.to_str().unwrap()]);
    ok(&o);
    let warn = stderr(&o);
    assert!(
        warn.contains(&outsider.to_public().to_string()) && warn.contains("NOT encrypted to them"),
        "{warn}"
    );
    let team = ok(&kh.vault(&["team", "list"]));
    assert!(!team.contains(&outsider.to_public().to_string()), "{team}");

    let reply = kh.reply("1", "we spoke to your sister", "r.tar");
    let (rm, rparts) = open_bundle(&reply);
    let ct = &rparts[&rm.items[0].parts[0].id];
    assert!(tipbox::crypto::seal::decrypt(&outsider, ct).is_err(), "the outsider cannot read the reply");
    assert!(tipbox::crypto::seal::decrypt(&s.identities[0], ct).is_ok(), "the owner can");
    assert!(!rm.keyholders.contains(&outsider.to_public().to_string()));
}

/// Builds a signed reply bundle by hand, as anyone holding a pulled bundle could.
fn reply_bundle(
    path: &Path,
    origin: &str,
    (source, recipient): (SourceId, &str),
    source_id: &Identity,
    signer: Option<&Identity>,
    text: &str,
) -> (ItemId, PartId) {
    let doc = tipbox::bundle::document::ReplyDocument {
        format: "tipbox-reply".into(),
        version: 1,
        day: tipbox::model::Day::today(),
        message: text.into(),
    };
    let ct = encrypt(&[source_id], &tipbox::bundle::document::to_padded_json(&doc).unwrap());
    let (id, part) = (ItemId::random().unwrap(), PartId::random().unwrap());
    let signature = signer.map(|by| {
        let st = tipbox::bundle::signing::reply_statement(
            origin,
            id,
            part,
            source,
            recipient,
            &tipbox::bundle::signing::sha256(&ct),
        );
        tipbox::crypto::sign::Signed::new(&tipbox::crypto::sign::SigningKey::from_identity(by).unwrap(), &st)
    });
    let mut m = Manifest::new(BundleKind::Replies, origin.into(), vec![]);
    m.items.push(ManifestItem {
        id,
        kind: ItemKind::Reply,
        source,
        source_recipient: recipient.into(),
        day: tipbox::model::Day::today(),
        parts: vec![ManifestPart { id: part, role: PartRole::Reply, size: ct.len() as u64 }],
        signature,
    });
    write_bundle(path, &m, &HashMap::from([(part, ct)]));
    (id, part)
}

#[test]
fn forged_unsigned_wrongly_signed_and_retargeted_replies_are_refused() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let (_, a) = submit(&s, &c, &[("message", "source A")], vec![]);
    let (_, b) = submit(&s, &c, &[("message", "source B")], vec![]);
    let (code_a, code_b) = (codename_of(&a), codename_of(&b));
    let kh = Keyholder::new(&s);
    let pulled = kh.pull(&s, "b.tar");
    kh.import(&pulled);
    let (m, _) = open_bundle(&pulled);
    let origin = m.origin.clone();
    let src = |i: usize| (m.items[i].source, m.items[i].source_recipient.as_str());

    // A phisher with only the API token: a reply encrypted to the source, signed by their own
    // key (or by none), pushed with the keyholder's token.
    let phisher = Identity::generate();
    let lure = "to help your family we need your full name and WeChat id";
    let push_status = |bundle: &Path| {
        let body = std::fs::read(bundle).unwrap();
        http()
            .post(format!("{}/keyholder/v1/replies", s.kh_base))
            .bearer_auth(&s.token)
            .body(body)
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    let stranger = kh.path("stranger.tar");
    reply_bundle(&stranger, &origin, src(0), &phisher, Some(&phisher), lure);
    assert_eq!(push_status(&stranger), 403, "signed by a key the server does not know");
    let e = err(&kh.push(&s, &stranger));
    assert!(e.contains("not signed by a keyholder of this server"), "{e}");
    let unsigned = kh.path("unsigned.tar");
    reply_bundle(&unsigned, &origin, src(0), &phisher, None, lure);
    assert_eq!(push_status(&unsigned), 422, "unsigned");

    // A real reply, then the same signature moved to the other source, or its bytes changed.
    let real = kh.reply("1", "Thank you, we read it.", "real.tar");
    let (rm, rparts) = open_bundle(&real);
    let mut moved = rm.clone();
    let other = if rm.items[0].source == src(0).0 { src(1) } else { src(0) };
    moved.items[0].source = other.0;
    moved.items[0].source_recipient = other.1.into();
    let retargeted = kh.path("retargeted.tar");
    write_bundle(&retargeted, &moved, &rparts);
    assert_eq!(push_status(&retargeted), 403, "a signature cannot be moved to another source");
    let mut changed = rparts.clone();
    let pid = rm.items[0].parts[0].id;
    let forged_ct = encrypt(&[&s.identities[0]], b"{\"format\":\"tipbox-reply\"}");
    changed.insert(pid, forged_ct);
    let swapped = kh.path("swapped.tar");
    write_bundle(&swapped, &rm, &changed);
    assert_eq!(push_status(&swapped), 403, "the signature covers the ciphertext");
    let mut bad_sig = rm.clone();
    let stranger_key = tipbox::crypto::sign::SigningKey::from_identity(&phisher).unwrap();
    let sig = bad_sig.items[0].signature.as_mut().unwrap();
    sig.signature = stranger_key.sign(&tipbox::crypto::sign::Statement::new("x"));
    let wrong = kh.path("wrong.tar");
    write_bundle(&wrong, &bad_sig, &rparts);
    assert_eq!(push_status(&wrong), 403, "a keyholder's key with someone else's signature");

    // Nothing of that was stored; the real reply goes through and reaches its source only.
    s.stop();
    assert_eq!(s.open_store().item_count(), 2);
    s.restart();
    let out = ok(&kh.push(&s, &real));
    assert!(out.contains("1 reply(ies) stored"), "{out}");
    let c = s.client();
    let case1 = ok(&kh.vault(&["show", "1"]));
    let (mine, theirs) = if case1.contains("source A") { (&code_a, &code_b) } else { (&code_b, &code_a) };
    let inbox = |code: &str| {
        let cookie = login(&s, &c, code).unwrap();
        c.get(s.url("/inbox")).header("cookie", cookie).send().unwrap().text().unwrap()
    };
    assert!(inbox(mine).contains("Thank you, we read it."));
    let other_inbox = inbox(theirs);
    assert!(!other_inbox.contains("Thank you") && !other_inbox.contains("WeChat"), "{other_inbox}");
}

#[test]
fn a_teammates_vault_accepts_roster_signed_replies_and_refuses_others() {
    let (a, b) = (Identity::generate(), Identity::generate());
    let s = Server::start(Opts { keyholders: vec![a.clone(), b.clone()], ..Default::default() });
    assert_eq!(submit(&s, &s.client(), &[("message", "for the team")], vec![]).0, 200);
    let (ka, kb) = (Keyholder::with(&a), Keyholder::with(&b));
    let pulled = ka.pull(&s, "b.tar");
    ka.import(&pulled);
    kb.import(&pulled);
    kb.team_add("alice", &a);
    ka.team_add("bob", &b);

    let from_a = ka.reply("1", "from alice", "ra.tar");
    let out = kb.import(&from_a);
    assert!(out.contains("1 new item"), "{out}");
    let shown = ok(&kb.vault(&["show", "1"]));
    assert!(shown.contains("from alice") && shown.contains("reply, signed by alice"), "{shown}");

    // Someone outside B's roster (but holding a pulled bundle) writes a "reply" to the same
    // case, encrypted so that B can read it and signed by themselves.
    let (m, _) = open_bundle(&pulled);
    let outsider = Identity::generate();
    let forged = kb.path("forged.tar");
    let before = snapshot(&kb);
    reply_bundle(
        &forged,
        &m.origin,
        (m.items[0].source, &m.items[0].source_recipient),
        &b,
        Some(&outsider),
        "lure",
    );
    let e = err(&kb.vault(&["import", forged.to_str().unwrap()]));
    assert!(e.contains("not in your team roster"), "{e}");
    assert_eq!(snapshot(&kb), before, "a refused bundle changes nothing");

    // Once alice is removed from B's roster, her replies are refused too.
    ok(&kb.vault(&["team", "remove", "alice"]));
    let later = ka.reply("1", "later", "ra2.tar");
    let e = err(&kb.vault(&["import", later.to_str().unwrap()]));
    assert!(e.contains("not in your team roster"), "{e}");
}

#[test]
fn crafted_bundles_cannot_overwrite_or_delete_evidence() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let photo: Vec<u8> = (0..50_000u32).map(|i| (i * 7) as u8).collect();
    assert_eq!(submit(&s, &c, &[("message", "the real report")], vec![("photo.jpg", photo)]).0, 200);
    assert_eq!(submit(&s, &c, &[("message", "second case")], vec![]).0, 200);
    let kh = Keyholder::new(&s);
    let pulled = kh.pull(&s, "b.tar");
    kh.import(&pulled);
    let before = snapshot(&kh);
    let shows = || (ok(&kh.vault(&["show", "1", "--json"])), ok(&kh.vault(&["show", "2", "--json"])));
    let shown = shows();
    let (m, parts) = open_bundle(&pulled);
    let me = &s.identities[0];
    let forged_doc = |msg: &str| {
        let doc = serde_json::json!({"format":"tipbox-tip","version":1,"kind":"tip","day":"2026-01-01",
            "language":"en","answers":{},"message":msg,"attachments":[]});
        encrypt(&[me], serde_json::to_string(&doc).unwrap().as_bytes())
    };
    type Attempt = (&'static str, Manifest, HashMap<PartId, Vec<u8>>);
    let attempts: Vec<Attempt> = {
        let mut v = vec![];
        // A known item with another document of another size.
        let mut p1 = parts.clone();
        p1.insert(m.items[0].parts[0].id, forged_doc("FORGED and longer than the original text was"));
        v.push(("known item, other content and size", m.clone(), p1));
        // The same size, other bytes.
        let mut p2 = parts.clone();
        let orig = &parts[&m.items[0].parts[0].id];
        p2.insert(m.items[0].parts[0].id, orig.iter().map(|b| b ^ 1).collect());
        v.push(("known item, same size, other bytes", m.clone(), p2));
        // A new, undecryptable item naming an existing part.
        let mut m3 = m.clone();
        let mut it = m.items[0].clone();
        it.id = ItemId::random().unwrap();
        m3.items = vec![it];
        let mut p3 = HashMap::new();
        p3.insert(m.items[0].parts[0].id, vec![0u8; 300]);
        for p in &m.items[0].parts {
            p3.entry(p.id).or_insert_with(|| vec![1u8; 10]);
        }
        v.push(("new item naming an existing part", m3, p3));
        // A follow-up that gives a known source another recipient (replies would go there).
        let mut m4 = m.clone();
        let mut it = m.items[1].clone();
        it.id = ItemId::random().unwrap();
        it.kind = ItemKind::Followup;
        it.source_recipient = Identity::generate().to_public().to_string();
        let doc = PartId::random().unwrap();
        it.parts = vec![ManifestPart { id: doc, role: PartRole::Document, size: 0 }];
        m4.items = vec![it];
        let p4 = HashMap::from([(doc, forged_doc("redirect"))]);
        v.push(("known source, other recipient", m4, p4));
        // One good new item with one conflicting one: all or nothing.
        let mut m5 = m.clone();
        let mut good = m.items[1].clone();
        good.id = ItemId::random().unwrap();
        good.source = SourceId::random().unwrap();
        let gdoc = PartId::random().unwrap();
        good.parts = vec![ManifestPart { id: gdoc, role: PartRole::Document, size: 0 }];
        m5.items = vec![good, m.items[0].clone()];
        let mut p5 = parts.clone();
        p5.insert(gdoc, forged_doc("innocent"));
        p5.insert(m.items[0].parts[0].id, forged_doc("FORGED again"));
        v.push(("a good item beside a conflict", m5, p5));
        v
    };
    for (what, am, ap) in attempts {
        let path = kh.path("attack.tar");
        write_bundle(&path, &am, &ap);
        let e = err(&kh.vault(&["import", path.to_str().unwrap()]));
        assert!(e.contains("nothing was imported"), "{what}: {e}");
        assert_eq!(snapshot(&kh), before, "{what}: the vault changed");
        assert_eq!(shows(), shown, "{what}: a case changed");
        assert!(!ack_list(&path).exists(), "{what}: no acknowledgement for a refused bundle");
    }
    // A bundle cut short after a valid manifest leaves nothing behind either.
    let bytes = std::fs::read(&pulled).unwrap();
    let cut = kh.path("cut.tar");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    err(&kh.vault(&["import", cut.to_str().unwrap()]));
    assert_eq!(snapshot(&kh), before, "a broken bundle leaves no staging behind");
    // Re-importing the true bundle is still fine.
    assert!(kh.import(&pulled).contains("2 already in the vault"));
    // A part changed on disk is refused when read, never shown.
    let part = kh.path("vault").join("parts").join(format!("{}.age", m.items[0].parts[0].id));
    let mut data = std::fs::read(&part).unwrap();
    let n = data.len() - 1;
    data[n] ^= 0xff;
    std::fs::write(&part, data).unwrap();
    // The first manifest item became case 1 (import files items in manifest order per day).
    let e = err(&kh.vault(&["show", "1"]));
    assert!(e.contains("changed on disk"), "{e}");
}

/// Hostile text as a source (or a forger who knows the recipients) can write it.
const HOSTILE: &[&str] = &[
    "\u{1b}]52;c;ZXZpbCBjbGlwYm9hcmQ=\u{7}",
    "\u{1b}[2K\u{1b}[1A\u{1b}[2Kline erased",
    "\u{9b}31mC1 CSI",
    "bell\u{7}backspace\u{8}\u{8}",
    "invoice\u{202E}fdp.exe",
    "\u{2066}isolate\u{2069}\u{200B}zero width\u{FEFF}",
    "=HYPERLINK(\"http://evil.example\",\"open\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "  =1+1",
    "\r\n=2+2",
    "tag\u{E0041}chars",
];

/// A tip document of hostile answers and file names, encrypted to `to`.
fn hostile_item(to: &Identity, n: usize) -> (ManifestItem, HashMap<PartId, Vec<u8>>) {
    let h = |i: usize| HOSTILE[(n + i) % HOSTILE.len()];
    let (doc_id, att_id) = (PartId::random().unwrap(), PartId::random().unwrap());
    let attachment = encrypt(&[to], b"PNG not really");
    let doc = serde_json::json!({
        "format": "tipbox-tip", "version": 1, "kind": "tip", "day": "2026-11-30", "language": "en",
        "answers": {"country": "NL", "city": h(1), "when": h(2), "role": "self",
                    "incidents": ["police_station"], "contact_ok": true},
        "message": HOSTILE.join("\n"),
        "attachments": [{"part": att_id, "name": format!("{}{}", h(3), "../../.bashrc"),
                         "content_type": h(4), "size": 14}],
    });
    let doc = tipbox::bundle::document::to_padded_json(&doc).unwrap();
    let item = ManifestItem {
        id: ItemId::random().unwrap(),
        kind: ItemKind::Tip,
        source: SourceId::random().unwrap(),
        source_recipient: Identity::generate().to_public().to_string(),
        day: "2026-11-30".parse().unwrap(),
        parts: vec![
            ManifestPart { id: doc_id, role: PartRole::Document, size: 0 },
            ManifestPart { id: att_id, role: PartRole::Attachment, size: 0 },
        ],
        signature: None,
    };
    (item, HashMap::from([(doc_id, encrypt(&[to], &doc)), (att_id, attachment)]))
}

#[test]
fn the_hostile_bundle_corpus_renders_inert() {
    let me = Identity::generate();
    let kh = Keyholder::with(&me);
    let mut m =
        Manifest::new(BundleKind::Server, "0123456789abcdef".into(), vec![me.to_public().to_string()]);
    let mut parts = HashMap::new();
    for n in 0..HOSTILE.len() {
        let (item, p) = hostile_item(&me, n);
        m.items.push(item);
        parts.extend(p);
    }
    let bundle = kh.path("hostile.tar");
    write_bundle(&bundle, &m, &parts);
    let out = kh.import(&bundle);
    assert!(out.contains(&format!("imported {} new item", HOSTILE.len())), "{out}");

    for args in
        [vec!["list"], vec!["list", "--json"], vec!["stats"], vec!["stats", "--json"], vec!["team", "list"]]
    {
        let o = kh.vault(&args);
        assert_inert(&args.join(" "), &ok(&o));
        assert_inert(&args.join(" "), &stderr(&o));
    }
    for case in 1..=HOSTILE.len() {
        let case = case.to_string();
        assert_inert("show", &ok(&kh.vault(&["show", &case])));
        let json = ok(&kh.vault(&["show", &case, "--json"]));
        assert_inert("show --json", &json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(
            HOSTILE.iter().any(|h| v["thread"][0]["message"].as_str().unwrap().contains(h)),
            "JSON keeps the data"
        );
        let dir = kh.path(&format!("x{case}"));
        let o = kh.vault(&["extract", &case, "--out", dir.to_str().unwrap()]);
        assert_inert("extract", &ok(&o));
        for f in files_under(&dir) {
            let name = f.file_name().unwrap().to_str().unwrap().to_owned();
            assert_inert("extracted name", &name);
            assert!(!name.starts_with('.') && f.parent() == Some(dir.as_path()), "{name}");
        }
    }
    let csv = ok(&kh.vault(&["export-csv"]));
    assert_inert("csv", &csv);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let mut n = 0;
    for rec in rows.records() {
        for cell in rec.unwrap().iter() {
            let t = cell.trim_start();
            assert!(!t.starts_with(['=', '+', '-', '@']), "formula cell {cell:?}");
        }
        n += 1;
    }
    assert_eq!(n, HOSTILE.len());
    let svg = kh.path("charts.svg");
    ok(&kh.vault(&["stats", "--svg", svg.to_str().unwrap()]));
    assert_inert("svg", &std::fs::read_to_string(svg).unwrap());
}

#[test]
fn hostile_fields_that_do_not_fit_are_refused_whole() {
    let me = Identity::generate();
    let kh = Keyholder::with(&me);
    // A first, good import so that "unchanged" has something to keep.
    let mut good = Manifest::new(BundleKind::Server, "0123456789abcdef".into(), vec![]);
    let (item, mut parts) = hostile_item(&me, 0);
    good.items.push(item);
    let path = kh.path("good.tar");
    write_bundle(&path, &good, &parts);
    kh.import(&path);
    let before = snapshot(&kh);
    type Twist = Box<dyn Fn(&mut serde_json::Value)>;
    let twists: Vec<(&str, Twist)> = vec![
        (
            "incident outside the vocabulary",
            Box::new(|d| d["answers"]["incidents"] = serde_json::json!(["=cmd"])),
        ),
        ("country outside ISO 3166", Box::new(|d| d["answers"]["country"] = "\u{1b}[2J".into())),
        ("role outside the form", Box::new(|d| d["answers"]["role"] = "@admin".into())),
        ("language that is not a tag", Box::new(|d| d["language"] = "en\u{202e}".into())),
        (
            "duplicate incidents",
            Box::new(|d| d["answers"]["incidents"] = serde_json::json!(["other", "other"])),
        ),
        ("huge answer", Box::new(|d| d["answers"]["city"] = "x".repeat(5000).into())),
        ("huge file name", Box::new(|d| d["attachments"][0]["name"] = "y".repeat(5000).into())),
        ("attachment larger than its part", Box::new(|d| d["attachments"][0]["size"] = 1_000_000.into())),
        (
            "attachment naming another part",
            Box::new(|d| d["attachments"][0]["part"] = PartId([7; 16]).to_string().into()),
        ),
        ("a day that is no day", Box::new(|d| d["day"] = "2026-11-30\u{1b}[2J".into())),
    ];
    for (what, twist) in twists {
        let (mut item, p) = hostile_item(&me, 1);
        let doc_id = item.parts[0].id;
        let plain = tipbox::crypto::seal::decrypt(&me, &p[&doc_id]).unwrap();
        let mut doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        twist(&mut doc);
        parts = p;
        parts.insert(doc_id, encrypt(&[&me], &serde_json::to_vec(&doc).unwrap()));
        item.id = ItemId::random().unwrap();
        let mut m = good.clone();
        m.items = vec![item];
        let path = kh.path("bad.tar");
        write_bundle(&path, &m, &parts);
        let e = err(&kh.vault(&["import", path.to_str().unwrap()]));
        assert!(e.contains("nothing was imported"), "{what}: {e}");
        assert_inert(what, &e);
        assert_eq!(snapshot(&kh), before, "{what}");
    }
    // Manifest fields are checked before anything else.
    let raw = std::fs::read(kh.path("good.tar")).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    for (what, from, to) in [
        ("day with an escape", "\"2026-11-30\"", "\"2026-11-3\\u001b\""),
        ("origin with an escape", "\"0123456789abcdef\"", "\"\\u001b]52;c;x\\u0007\""),
    ] {
        assert!(text.contains(from));
        let m = good.clone();
        let json = serde_json::to_string_pretty(&m).unwrap().replacen(from, to, 1);
        let bytes = bundle_with_raw_manifest(&json, &m, &parts);
        let path = kh.path("badm.tar");
        std::fs::write(&path, bytes).unwrap();
        let e = err(&kh.vault(&["import", path.to_str().unwrap()]));
        assert!(e.contains("damaged or not a tipbox bundle"), "{what}: {e}");
        assert_inert(what, &e);
        assert_eq!(snapshot(&kh), before, "{what}");
    }
}

/// A tar whose manifest is `json` verbatim, followed by `m`'s parts.
fn bundle_with_raw_manifest(json: &str, m: &Manifest, parts: &HashMap<PartId, Vec<u8>>) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    tipbox::bundle::write::append_entry(&mut b, "manifest.json", json.len() as u64, json.as_bytes()).unwrap();
    for i in &m.items {
        for p in &i.parts {
            let data = parts.get(&p.id).cloned().unwrap_or_default();
            let path = tipbox::bundle::format::part_path(&p.id);
            tipbox::bundle::write::append_entry(&mut b, &path, data.len() as u64, &data[..]).unwrap();
        }
    }
    b.into_inner().unwrap()
}

#[test]
fn an_import_that_reads_nothing_fails_and_ack_then_acknowledges_nothing() {
    let s = Server::start(Opts::default());
    let c = s.client();
    for m in ["one", "two"] {
        assert_eq!(submit(&s, &c, &[("message", m)], vec![]).0, 200);
    }
    // A keyholder whose recipient the server does not have (a wrong [[keyholders]] entry).
    let wrong = Keyholder::with(&Identity::generate());
    let pulled = wrong.pull(&s, "b.tar");
    let e = err(&wrong.vault(&["import", pulled.to_str().unwrap()]));
    assert!(e.contains("this bundle is not encrypted to your identity"), "{e}");
    assert!(e.contains("check that the server's [[keyholders]]") || e.contains("[[keyholders]]"), "{e}");
    assert!(!ack_list(&pulled).exists(), "no acknowledgement list for what was not read");
    assert!(!wrong.path("vault").join("vault.age").exists(), "a failed first import leaves no vault");
    // Acknowledging the bundle itself is refused; nothing leaves the server.
    let e = err(&wrong.ack(&s, &pulled));
    assert!(e.contains("not an acknowledgement list") && e.contains("Nothing was sent"), "{e}");
    let again = wrong.pull(&s, "again.tar");
    assert_eq!(manifest_items(&again), 2);

    // A list signed by a keyholder the server does not know acknowledges nothing either.
    let forged = tipbox::bundle::signing::AckList::new(
        &tipbox::crypto::sign::SigningKey::from_identity(&wrong.id).unwrap(),
        &open_bundle(&pulled).0.origin,
        open_bundle(&pulled).0.item_ids(),
    );
    let path = wrong.path("forged.ack");
    std::fs::write(&path, serde_json::to_vec(&forged).unwrap()).unwrap();
    let e = err(&wrong.ack(&s, &path));
    assert!(e.contains("not signed by a keyholder of this server"), "{e}");
    assert_eq!(manifest_items(&wrong.pull(&s, "still.tar")), 2);

    // The real keyholder reads them; their list acknowledges exactly those.
    let kh = Keyholder::new(&s);
    kh.import(&pulled);
    let out = ok(&kh.ack(&s, &ack_list(&pulled)));
    assert!(out.contains("2 of 2 item(s) acknowledged") && out.contains("2 deleted"), "{out}");
    assert_eq!(manifest_items(&kh.pull(&s, "after.tar")), 0);
}

#[test]
fn onion_servers_need_socks_and_urls_need_a_scheme() {
    let kh = Keyholder::with(&Identity::generate());
    let tok = kh.path("token");
    std::fs::write(&tok, "tipbox_kh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
    let onion = "http://tipboxkeyholderxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion";
    let bundle = kh.path("b.tar");
    std::fs::write(&bundle, b"x").unwrap();
    for cmd in ["pull", "push", "ack"] {
        let mut args = vec![cmd, "--server", onion, "--token-file", tok.to_str().unwrap()];
        if cmd == "pull" {
            args.extend(["--out", "/nonexistent/never-written.tar"]);
        } else {
            args.push(bundle.to_str().unwrap());
        }
        let e = err(&tipbox(&args, &[]));
        assert!(
            e.contains("onion address") && e.contains("--socks") && e.contains("Nothing was sent"),
            "{cmd}: {e}"
        );
    }
    // Without a scheme: a usage error (exit 2, like clap's) that says what is missing.
    let o = tipbox(
        &["pull", "--server", "127.0.0.1:8081", "--token-file", tok.to_str().unwrap(), "--out", "x"],
        &[],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("no scheme") && e.contains("http://"), "{e}");
}
