//! The team as one desk (issue 16): three keyholders, three vaults, the real server. Each
//! imports the same tips in its own order; two triage the same case at the same time, without
//! seeing each other; `vault sync` + `tipbox push` hand their changes to the server, which
//! stores ciphertext it cannot read and puts it into the others' next pull; after one round
//! every vault shows the same triage. A stranger's operations are refused, the server's store
//! never holds triage plaintext, and tips and team packets leave the server only once every
//! keyholder has them.

use age::x25519::Identity;
use serde_json::Value;

use crate::common::cli::*;
use crate::common::*;

fn json(kh: &Keyholder, args: &[&str]) -> Value {
    serde_json::from_str(&ok(&kh.vault(args))).unwrap()
}

/// The id of the case whose message is `text`.
fn id_of(kh: &Keyholder, text: &str) -> String {
    let rows = json(kh, &["list", "--json", "--with-text"]);
    let row = rows.as_array().unwrap().iter().find(|r| r["text"].as_str().unwrap().contains(text)).unwrap();
    row["id"].as_str().unwrap().to_owned()
}

/// What a case's triage looks like from one vault (notes as a sorted set of texts).
fn triage(kh: &Keyholder, id: &str) -> (Value, Value, Value, Vec<String>) {
    let v = json(kh, &["show", id, "--json"]);
    let mut notes: Vec<String> =
        v["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_owned()).collect();
    notes.sort();
    (v["status"].clone(), v["tags"].clone(), v["assignee"].clone(), notes)
}

/// Pulls, imports and acknowledges: one keyholder's round trip.
fn round(kh: &Keyholder, s: &Server, name: &str) -> (String, tipbox::bundle::format::Manifest) {
    let b = kh.pull(s, name);
    let m = tipbox::bundle::read::read_manifest(std::fs::File::open(&b).unwrap()).unwrap();
    let out = kh.import(&b);
    ok(&kh.ack(s, &ack_list(&b)));
    (out, m)
}

fn sync_push(kh: &Keyholder, s: &Server, name: &str) -> String {
    let out = kh.path(name);
    ok(&kh.vault(&["sync", "--out", out.to_str().unwrap()]));
    ok(&kh.push(s, &out))
}

#[test]
fn three_vaults_triage_together_through_the_server_and_converge() {
    let ids = [Identity::generate(), Identity::generate(), Identity::generate()];
    let s = Server::start(Opts { keyholders: ids.to_vec(), ..Default::default() });
    let kh: Vec<Keyholder> =
        ids.iter().enumerate().map(|(i, id)| Keyholder { token: i, ..Keyholder::with(id) }).collect();
    // Alice sees the first tip alone; then two more arrive, and every vault pulls.
    let c = s.client();
    assert_eq!(submit(&s, &c, &[("message", "station in the old town")], vec![]).0, 200);
    round(&kh[0], &s, "a1.tar");
    assert_eq!(submit(&s, &c, &[("message", "threats to my parents")], vec![]).0, 200);
    assert_eq!(submit(&s, &c, &[("message", "a call from the police")], vec![]).0, 200);
    for (i, k) in kh.iter().enumerate() {
        round(k, &s, &format!("p{i}.tar"));
    }
    // The roster, as each keyholder pins the others (in person, from `tipbox key show`).
    let names = ["alice", "bob", "carol"];
    for (i, k) in kh.iter().enumerate() {
        for (j, other) in ids.iter().enumerate() {
            if i != j {
                k.team_add(names[j], other);
            }
        }
    }
    let id = id_of(&kh[0], "station in the old town");
    for k in &kh[1..] {
        assert_eq!(id_of(k, "station in the old town"), id, "one id in every vault");
    }

    // Alice and Bob triage the same case at once, neither seeing the other's change.
    ok(&kh[0].vault(&["status", &id, "in-review"]));
    ok(&kh[0].vault(&["tag", &id, "+CANARY-TAG-7q"]));
    ok(&kh[0].vault_stdin(&["note", &id], b"CANARY-NOTE-alice: called the lawyer"));
    ok(&kh[1].vault(&["tag", &id, "+urgent"]));
    ok(&kh[1].vault(&["assign", &id, "bob"]));
    ok(&kh[1].vault_stdin(&["note", &id], b"bob: the address matches another case"));
    let st = ok(&kh[0].vault(&["status"]));
    assert!(st.contains("Not yet sent to the team: 5 change(s)"), "{st}");

    for (i, k) in kh[..2].iter().enumerate() {
        let out = sync_push(k, &s, &format!("s{i}.tar"));
        assert!(out.contains("the team's changes are stored on the server"), "{out}");
    }
    // The server cannot read what it stores: no triage text anywhere under its data dir.
    for canary in [&b"CANARY-NOTE"[..], b"canary-tag-7q", b"called the lawyer"] {
        assert_eq!(dir_contains(&s.data, canary), None, "{}", String::from_utf8_lossy(canary));
    }

    // One more round: everyone pulls what the others sent.
    let (out, m) = round(&kh[2], &s, "c2.tar");
    assert_eq!(m.team.len(), 2, "carol gets both packets");
    // Alice: two `seen` batches (two imports) and three changes; Bob: one and three.
    assert!(out.contains("merged 9 new change(s) of the team in 9 batch(es)"), "{out}");
    let (_, m) = round(&kh[0], &s, "a2.tar");
    assert_eq!(m.team.len(), 1, "alice gets bob's packet, not her own");
    round(&kh[1], &s, "b2.tar");
    let want = triage(&kh[0], &id);
    assert_eq!(want.0, "in-review");
    assert_eq!(want.1, serde_json::json!(["canary-tag-7q", "urgent"]));
    assert_eq!(want.2, "bob");
    assert_eq!(want.3.len(), 2, "both notes, none lost: {:?}", want.3);
    for k in &kh[1..] {
        assert_eq!(triage(k, &id), want, "every vault shows the same triage");
    }
    // Authors are named as each vault's roster names them.
    let shown = ok(&kh[2].vault(&["show", &id]));
    assert!(shown.contains("status new → in-review (alice)"), "{shown}");

    // Every keyholder has acknowledged both packets and every tip: nothing left for anyone.
    for (i, k) in kh.iter().enumerate() {
        let b = k.pull(&s, &format!("end{i}.tar"));
        let m = tipbox::bundle::read::read_manifest(std::fs::File::open(&b).unwrap()).unwrap();
        assert!(m.team.is_empty(), "team packets leave once everyone has them");
        assert!(m.items.iter().all(|i| i.kind == tipbox::model::item::ItemKind::Reply), "tips gone");
    }
    // Carol's vault has not sent its `seen` batch yet: alice's status says so until it comes.
    let st = ok(&kh[0].vault(&["status"]));
    assert!(st.contains("carol: has not seen 3 item(s)"), "{st}");
    sync_push(&kh[2], &s, "s2.tar");
    round(&kh[0], &s, "a3.tar");
    let st = ok(&kh[0].vault(&["status"]));
    assert!(st.contains("carol: has everything this vault holds"), "{st}");
    assert!(st.contains("bob: has everything"), "{st}");
}

#[test]
fn a_reply_reaches_the_team_and_a_usb_sync_bundle_is_passed_on() {
    let ids = [Identity::generate(), Identity::generate(), Identity::generate()];
    let s = Server::start(Opts { keyholders: ids.to_vec(), ..Default::default() });
    let kh: Vec<Keyholder> =
        ids.iter().enumerate().map(|(i, id)| Keyholder { token: i, ..Keyholder::with(id) }).collect();
    assert_eq!(submit(&s, &s.client(), &[("message", "please answer")], vec![]).0, 200);
    for (i, k) in kh.iter().enumerate() {
        round(k, &s, &format!("p{i}.tar"));
        for (j, other) in ids.iter().enumerate() {
            if i != j {
                k.team_add(&format!("kh{j}"), other);
            }
        }
    }
    let id = id_of(&kh[0], "please answer");
    let reply = kh[0].reply(&id, "we read it", "r.tar");
    ok(&kh[0].push(&s, &reply));
    // The reply travels in the others' bundles: carol's vault shows it without a USB stick.
    let (_, m) = round(&kh[2], &s, "c.tar");
    assert_eq!(m.items.len(), 1);
    assert!(ok(&kh[2].vault(&["show", &id])).contains("we read it"));

    // Over USB: alice's sync bundle (the reply and a tag) goes to bob, whose next sync passes
    // both on, for carol.
    ok(&kh[0].vault(&["tag", &id, "+by-usb"]));
    let usb = kh[0].path("usb.tar");
    ok(&kh[0].vault(&["sync", "--out", usb.to_str().unwrap()]));
    assert_eq!(manifest_items(&usb), 1, "the reply rides along");
    assert!(kh[1].import(&usb).contains("merged"));
    assert_eq!(triage(&kh[1], &id).1, serde_json::json!(["by-usb"]));
    assert!(ok(&kh[1].vault(&["show", &id])).contains("we read it"));
    let relay = kh[1].path("relay.tar");
    ok(&kh[1].vault(&["sync", "--out", relay.to_str().unwrap()]));
    assert_eq!(manifest_items(&relay), 1, "bob passes the reply on");
    kh[2].import(&relay);
    assert_eq!(triage(&kh[2], &id).1, serde_json::json!(["by-usb"]));
    // Nothing new: sync says so rather than writing an empty bundle.
    let again = kh[2].path("again.tar");
    ok(&kh[2].vault(&["sync", "--out", again.to_str().unwrap()]));
    assert!(
        err(&kh[2].vault(&["sync", "--out", kh[2].path("a2.tar").to_str().unwrap()])).contains("nothing new")
    );
}

#[test]
fn operations_signed_by_a_stranger_are_refused_and_reported() {
    // Xavier is a keyholder of the server (a compromised or departed member), but not in
    // bob's roster; Xavier's own roster has bob, so bob's vault can decrypt what it sends.
    let (a, b, x) = (Identity::generate(), Identity::generate(), Identity::generate());
    let s = Server::start(Opts { keyholders: vec![a.clone(), b.clone(), x.clone()], ..Default::default() });
    assert_eq!(submit(&s, &s.client(), &[("message", "a case")], vec![]).0, 200);
    let kb = Keyholder { token: 1, ..Keyholder::with(&b) };
    let kx = Keyholder { token: 2, ..Keyholder::with(&x) };
    round(&kb, &s, "b.tar");
    round(&kx, &s, "x.tar");
    kb.team_add("alice", &a);
    kx.team_add("bob", &b);
    let id = id_of(&kx, "a case");
    ok(&kx.vault(&["status", &id, "in-review"]));
    ok(&kx.vault(&["tag", &id, "+planted"]));
    let forged = kx.path("xs.tar");
    ok(&kx.vault(&["sync", "--out", forged.to_str().unwrap()]));
    ok(&kx.push(&s, &forged));

    // Bob's next pull brings it; his vault refuses every batch in it, says so, changes nothing.
    let b2 = kb.pull(&s, "b2.tar");
    let o = kb.vault(&["import", b2.to_str().unwrap()]);
    let said = stderr(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("REFUSED") && said.contains("not in your team roster"), "{said}");
    let (status, tags, _, _) = triage(&kb, &id);
    assert_eq!((status, tags), (serde_json::json!("new"), serde_json::json!([])));
    // Carried by hand, the same.
    let said = stderr(&kb.vault(&["import", forged.to_str().unwrap()]));
    assert!(said.contains("REFUSED"), "{said}");
    assert_eq!(triage(&kb, &id).1, serde_json::json!([]));

    // A sync bundle whose packet a keyholder of this server did not sign is refused by the
    // server: bob's bundle with the packet re-signed by a key the server does not know.
    let mine = kb.path("mine.tar");
    ok(&kb.vault(&["sync", "--out", mine.to_str().unwrap()]));
    let resigned = kb.path("resigned.tar");
    resign_team_packet(&mine, &resigned, &Identity::generate());
    let o = kb.push(&s, &resigned);
    assert!(!o.status.success() && stderr(&o).contains("not signed by a keyholder"), "{}", stderr(&o));
}

/// Copies a sync bundle with its team packet's signature replaced by `who`'s.
fn resign_team_packet(from: &std::path::Path, to: &std::path::Path, who: &Identity) {
    use std::io::Read;
    let mut archive = tar::Archive::new(std::fs::File::open(from).unwrap());
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        entries.push((e.path().unwrap().to_str().unwrap().to_owned(), data));
    }
    let mut m: tipbox::bundle::format::Manifest = serde_json::from_slice(&entries[0].1).unwrap();
    let t = &mut m.team[0];
    let ct = &entries.iter().find(|(p, _)| p.contains(&t.part.id.to_string())).unwrap().1;
    let key = tipbox::crypto::sign::SigningKey::from_identity(who).unwrap();
    let st = tipbox::bundle::signing::team_statement(
        &m.origin,
        t.id,
        t.part.id,
        t.day,
        &tipbox::bundle::signing::sha256(ct),
    );
    t.signature = tipbox::crypto::sign::Signed::new(&key, &st);
    entries[0].1 = serde_json::to_vec(&m).unwrap();
    let mut b = tar::Builder::new(std::fs::File::create(to).unwrap());
    for (path, data) in &entries {
        tipbox::bundle::write::append_entry(&mut b, path, data.len() as u64, &data[..]).unwrap();
    }
    b.finish().unwrap();
}
