//! The keyholder side end to end: real server, real `tipbox` binaries for pull, vault, push and
//! ack, real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "keyholder/case_ids.rs"]
mod case_ids;
#[path = "keyholder/charts.rs"]
mod charts;
mod common;
#[path = "keyholder/metadata.rs"]
mod metadata;
#[path = "keyholder/shell.rs"]
mod shell;
#[path = "keyholder/team.rs"]
mod team;
#[path = "keyholder/triage.rs"]
mod triage;
#[path = "keyholder/usability.rs"]
mod usability;

use common::cli::*;
use common::*;

#[test]
fn the_whole_loop_on_real_binaries() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let binary: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let (st, body) = submit(
        &s,
        &c,
        &[
            ("message", "A man from the station visited my parents."),
            ("country", "IT"),
            ("incident", "police_station"),
            ("contact_ok", "yes"),
        ],
        vec![("photo.jpg", binary.clone())],
    );
    assert_eq!(st, 200);
    let codename = codename_of(&body);

    let kh = Keyholder::new(&s);
    let b1 = kh.pull(&s, "b1.tar");
    assert_eq!(manifest_items(&b1), 1);
    let out = ok(&kh.vault(&["import", b1.to_str().unwrap()]));
    assert!(out.contains("imported 1 new item"), "{out}");
    let out = ok(&kh.vault(&["import", b1.to_str().unwrap()]));
    assert!(out.contains("imported 0 new item") && out.contains("1 already"), "idempotent: {out}");

    let show: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    assert_eq!(show["thread"][0]["message"], "A man from the station visited my parents.");
    assert_eq!(show["answers"]["country"], "IT");
    assert_eq!(show["answers"]["incident"][0], "police_station");
    assert_eq!(show["thread"][0]["attachments"][0]["name"], "photo.jpg");
    let ex = kh.path("extracted");
    ok(&kh.vault(&["extract", "1", "--out", ex.to_str().unwrap()]));
    let got = std::fs::read(ex.join("01-photo.jpg")).unwrap();
    assert_eq!(got, binary, "extracted byte for byte");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(ex.join("01-photo.jpg")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "never executable");

    let reply = kh.reply("1", "Thank you. Can you tell us the date of the visit?", "reply.tar");
    let out = ok(&kh.push(&s, &reply));
    assert!(out.contains("1 reply(ies) stored"), "{out}");

    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("Can you tell us the date of the visit?"), "the source reads the reply");

    // The bundle itself is not an acknowledgement: only what the vault could read is.
    let e = err(&kh.ack(&s, &b1));
    assert!(e.contains("not an acknowledgement list"), "{e}");
    let out = ok(&kh.ack(&s, &ack_list(&b1)));
    assert!(out.contains("1 of 1 item(s) acknowledged as kh0: 1 deleted"), "{out}");
    let b2 = kh.pull(&s, "b2.tar");
    assert_eq!(manifest_items(&b2), 0, "the next bundle is empty");
    // The reply stays readable for the source after the ack.
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("Can you tell us the date of the visit?"));
    // The vault keeps the whole thread, reply included.
    let show: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    assert_eq!(show["thread"][1]["kind"], "reply");
}

#[test]
fn api_refuses_bad_tokens_and_bad_replies() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "hello")], vec![]);
    let _codename = codename_of(&body);
    let http = http();
    let url = |p: &str| format!("{}{p}", s.kh_base);
    assert_eq!(http.get(url("/keyholder/v1/bundle")).send().unwrap().status().as_u16(), 401);
    let r = http.get(url("/keyholder/v1/bundle")).bearer_auth("tipbox_kh_wrong").send().unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(r.headers().get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(http.post(url("/keyholder/v1/ack")).body("{}").send().unwrap().status().as_u16(), 401);
    assert_eq!(http.post(url("/keyholder/v1/replies")).body("x").send().unwrap().status().as_u16(), 401);
    let good = |rb: reqwest::blocking::RequestBuilder| rb.bearer_auth(&s.token);
    assert_eq!(good(http.get(url("/keyholder/v1/bundle"))).send().unwrap().status().as_u16(), 200);

    // A valid-looking reply bundle for a source the server does not know.
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    ok(&kh.vault(&["import", b.to_str().unwrap()]));
    let reply = kh.reply("1", "hi", "reply.tar");
    let mut m = tipbox::bundle::read::read_manifest(std::fs::File::open(&reply).unwrap()).unwrap();
    let mut parts = vec![];
    tipbox::bundle::read::read_bundle(std::fs::File::open(&reply).unwrap(), |_, p, r| {
        let mut v = vec![];
        std::io::Read::read_to_end(r, &mut v).unwrap();
        parts.push((p.clone(), v));
        Ok(())
    })
    .unwrap();
    let rebuild = |m: &tipbox::bundle::format::Manifest, data: Vec<u8>| {
        tipbox::bundle::write::write_bundle(m, Vec::new(), |_| {
            Ok(Box::new(std::io::Cursor::new(data.clone())))
        })
        .unwrap()
    };
    let mut unknown = m.clone();
    unknown.items[0].source = tipbox::store::SourceId([9; 16]);
    let r = good(http.post(url("/keyholder/v1/replies")))
        .body(rebuild(&unknown, parts[0].1.clone()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Garbage instead of ciphertext.
    let garbage = vec![b'x'; parts[0].1.len()];
    let r = good(http.post(url("/keyholder/v1/replies"))).body(rebuild(&m, garbage)).send().unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // A passphrase-encrypted file is not a reply either.
    let mut pw = vec![];
    {
        use std::io::Write;
        let mut w =
            age::Encryptor::with_user_passphrase("pw".to_owned().into()).wrap_output(&mut pw).unwrap();
        w.write_all(b"x").unwrap();
        w.finish().unwrap();
    }
    m.items[0].parts[0].size = pw.len() as u64;
    let r = good(http.post(url("/keyholder/v1/replies"))).body(rebuild(&m, pw)).send().unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Not a tar; a server bundle instead of a reply bundle.
    let r = good(http.post(url("/keyholder/v1/replies"))).body("not a tar").send().unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let r = good(http.post(url("/keyholder/v1/replies"))).body(std::fs::read(&b).unwrap()).send().unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Bad ack bodies.
    let r = good(http.post(url("/keyholder/v1/ack"))).body("{\"items\": [\"zz\"]}").send().unwrap();
    assert_eq!(r.status().as_u16(), 422);

    // Nothing was stored: the store holds only the tip.
    s.stop();
    let store = s.open_store();
    assert_eq!(store.item_count(), 1);
}

#[test]
fn failed_token_attempts_are_throttled() {
    let s = Server::start(Opts {
        extra: "[rate_limits]\nkeyholder_auth_failures_per_minute = 3\n".into(),
        ..Default::default()
    });
    let http = http();
    let url = format!("{}/keyholder/v1/bundle", s.kh_base);
    // The keyholder has pulled before the attack starts.
    assert_eq!(http.get(&url).bearer_auth(&s.token).send().unwrap().status().as_u16(), 200);
    let statuses: Vec<u16> = (0..6)
        .map(|_| http.get(&url).bearer_auth("tipbox_kh_guess").send().unwrap().status().as_u16())
        .collect();
    assert_eq!(&statuses[..3], &[401, 401, 401]);
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    let r = http.get(&url).bearer_auth("tipbox_kh_guess").send().unwrap();
    assert!(r.headers().get("retry-after").is_some());
    // The real token, already verified, still works during the attack.
    assert_eq!(http.get(&url).bearer_auth(&s.token).send().unwrap().status().as_u16(), 200);
}

#[test]
fn vault_holds_no_plaintext() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let canaries = [
        "CANARY-VMSG-1a2b",
        "CANARY-VCITY-3c4d",
        "CANARY-VFILE-5e6f",
        "CANARY-VNAME-7a8b",
        "CANARY-VNOTE-9c0d",
        "CANARY-VREPLY-1f1f",
    ];
    let (st, _) = submit(
        &s,
        &c,
        &[("message", canaries[0]), ("city", canaries[1])],
        vec![(&format!("{}.txt", canaries[3]), canaries[2].repeat(50).into_bytes())],
    );
    assert_eq!(st, 200);
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    ok(&kh.vault(&["import", b.to_str().unwrap()]));
    ok(&kh.vault_stdin(&["note", "1"], canaries[4].as_bytes()));
    ok(&kh.vault(&["tag", "1", "+urgent"]));
    ok(&kh.vault(&["status", "1", "in-review"]));
    ok(&kh.vault(&["assign", "1", "alice"]));
    let reply = kh.reply("1", canaries[5], "r.tar");
    let shown = ok(&kh.vault(&["show", "1"]));
    assert!(shown.contains(canaries[0]) && shown.contains(canaries[4]) && shown.contains(canaries[5]));
    let vault = kh.path("vault");
    for canary in canaries {
        assert_eq!(dir_contains(&vault, canary.as_bytes()), None, "{canary} found in the vault");
        assert_eq!(dir_contains(&b, canary.as_bytes()), None, "{canary} found in the bundle");
        assert_eq!(dir_contains(&reply, canary.as_bytes()), None, "{canary} found in the reply bundle");
    }
    assert!(
        dir_contains(&vault, b"urgent").is_none() && dir_contains(&vault, b"alice").is_none(),
        "triage is encrypted too"
    );
}

#[test]
fn two_keyholders_and_removing_one() {
    let a = age::x25519::Identity::generate();
    let b = age::x25519::Identity::generate();
    let mut s = Server::start(Opts { keyholders: vec![a.clone(), b.clone()], ..Default::default() });
    let c = s.client();
    assert_eq!(submit(&s, &c, &[("message", "for both")], vec![]).0, 200);
    let ka = Keyholder::with(&a);
    let kb = Keyholder::with(&b);
    let b1 = ka.pull(&s, "b1.tar");
    for k in [&ka, &kb] {
        let out = ok(&k.vault(&["import", b1.to_str().unwrap()]));
        assert!(out.contains("1 new item"), "{out}");
        let show: serde_json::Value = serde_json::from_str(&ok(&k.vault(&["show", "1", "--json"]))).unwrap();
        assert_eq!(show["thread"][0]["message"], "for both");
    }
    // B's reply reaches A's vault too, by importing the reply bundle.
    // Each pins the other in their team roster; then B's reply reaches A's vault.
    ka.team_add("b", &b);
    kb.team_add("a", &a);
    let r = kb.reply("1", "from b", "r.tar");
    let out = ok(&ka.vault(&["import", r.to_str().unwrap()]));
    assert!(out.contains("1 new item"), "{out}");
    let show: serde_json::Value = serde_json::from_str(&ok(&ka.vault(&["show", "1", "--json"]))).unwrap();
    assert_eq!(show["thread"][1]["message"], "from b");

    // Remove B from the config: new tips are no longer readable by B.
    s.stop();
    let cfg = std::fs::read_to_string(&s.config).unwrap();
    let without_b = cfg.replace(&b.to_public().to_string(), &a.to_public().to_string());
    std::fs::write(&s.config, without_b).unwrap();
    s.restart();
    let c = s.client();
    assert_eq!(submit(&s, &c, &[("message", "after removal")], vec![]).0, 200);
    let b2 = ka.pull(&s, "b2.tar");
    let out = ok(&ka.vault(&["import", b2.to_str().unwrap()]));
    assert!(out.contains("1 new item"), "{out}");
    // B reads none of it: the import fails, writes no acknowledgement list, changes nothing.
    let e = err(&kb.vault(&["import", b2.to_str().unwrap()]));
    assert!(e.contains("not encrypted to your identity"), "{e}");
    assert!(e.contains("[[keyholders]]"), "{e}");
    assert!(!ack_list(&b2).exists() || ka.path("b2.tar.ack") == ack_list(&b2));
    let list: serde_json::Value = serde_json::from_str(&ok(&kb.vault(&["list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "B only has the old case");
}

#[test]
fn cli_exit_codes_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    // keygen with a passphrase from the environment; 0600; refuses to overwrite.
    let o = tipbox(&["keygen", "--out", &p("id.age")], &[("TIPBOX_PASSPHRASE", "correct horse battery")]);
    let out = ok(&o);
    let recipient = out.lines().find_map(|l| l.strip_prefix("recipient:   ")).unwrap().to_owned();
    assert!(recipient.starts_with("age1"));
    let signing = out.lines().find_map(|l| l.strip_prefix("signing key: ")).unwrap().to_owned();
    assert!(signing.parse::<tipbox::crypto::sign::PublicKey>().is_ok(), "{out}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(p("id.age")).unwrap().permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(p("id.age")).unwrap();
    assert!(text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"), "passphrase-encrypted");
    assert!(!text.contains("AGE-SECRET-KEY"));
    let e =
        err(&tipbox(&["keygen", "--out", &p("id.age")], &[("TIPBOX_PASSPHRASE", "correct horse battery")]));
    assert!(e.contains("exists"), "{e}");
    let e = err(&tipbox(&["keygen", "--out", &p("short.age")], &[("TIPBOX_PASSPHRASE", "short")]));
    assert!(e.contains("at least"), "{e}");
    // --plaintext says what it is.
    let o = tipbox(&["keygen", "--out", &p("plain.txt"), "--plaintext"], &[]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("NOT passphrase-protected"));

    // A wrong passphrase, a missing vault, a corrupt bundle.
    std::fs::write(p("junk.tar"), b"this is not a bundle").unwrap();
    let e = err(&tipbox(
        &["vault", "--vault", &p("v"), "--identity", &p("id.age"), "import", &p("junk.tar")],
        &[("TIPBOX_PASSPHRASE", "wrong horse battery")],
    ));
    assert!(e.contains("wrong passphrase"), "{e}");
    let e = err(&tipbox(
        &["vault", "--vault", &p("v"), "--identity", &p("id.age"), "list"],
        &[("TIPBOX_PASSPHRASE", "correct horse battery")],
    ));
    assert!(e.contains("no vault at"), "{e}");
    let e = err(&tipbox(
        &["vault", "--vault", &p("v"), "--identity", &p("id.age"), "import", &p("junk.tar")],
        &[("TIPBOX_PASSPHRASE", "correct horse battery")],
    ));
    assert!(e.contains("bundle"), "{e}");
    let e = err(&tipbox(&["vault", "--vault", &p("v"), "--identity", &p("nope"), "list"], &[]));
    assert!(e.contains("nope"), "{e}");
    // A failed first import left no vault; an empty bundle makes one.
    assert!(!dir.path().join("v").exists());
    let empty = tipbox::bundle::format::Manifest::new(
        tipbox::bundle::format::BundleKind::Server,
        "0123456789abcdef".into(),
        vec![],
    );
    let bytes = tipbox::bundle::write::write_bundle(&empty, Vec::new(), |_| unreachable!()).unwrap();
    std::fs::write(p("empty.tar"), bytes).unwrap();
    ok(&tipbox(
        &["vault", "--vault", &p("v"), "--identity", &p("id.age"), "import", &p("empty.tar")],
        &[("TIPBOX_PASSPHRASE", "correct horse battery")],
    ));
    // A vault opened with the wrong identity.
    let o = tipbox(&["keygen", "--out", &p("other.txt"), "--plaintext"], &[]);
    ok(&o);
    let e = err(&tipbox(&["vault", "--vault", &p("v"), "--identity", &p("other.txt"), "list"], &[]));
    assert!(e.contains("does not open with this identity"), "{e}");
    // token prints a token and the config line for it; --out writes the token file 0600;
    // --hash-of gives the line for an existing token file.
    let out = ok(&tipbox(&["token", "--name", "alice"], &[]));
    let token = out.lines().next().unwrap().to_owned();
    let line = out.lines().nth(1).unwrap();
    let hash = line.strip_prefix("alice = \"").and_then(|l| l.strip_suffix('"')).unwrap();
    let parsed = tipbox::crypto::token::parse_hash(hash).unwrap();
    assert!(tipbox::crypto::token::matches(&tipbox::crypto::token::digest(token.as_bytes()), &parsed));
    let out = ok(&tipbox(&["token", "--name", "bob", "--out", &p("token-bob")], &[]));
    assert!(!out.contains("tipbox_kh_"), "the token went to the file, not the screen: {out}");
    assert_eq!(std::fs::metadata(p("token-bob")).unwrap().permissions().mode() & 0o777, 0o600);
    std::fs::write(p("pasted"), format!("token: {token}\n")).unwrap();
    let out = ok(&tipbox(&["token", "--name", "alice", "--hash-of", &p("pasted")], &[]));
    assert_eq!(out.trim(), line, "a pasted `token:` line is understood");
    // key show prints an identity's public keys.
    let out = ok(&tipbox(&["key", "show", "--identity", &p("plain.txt")], &[]));
    assert!(out.contains("recipient:   age1") && out.contains("signing key: tipboxsig1"), "{out}");
    // Usage errors exit 2.
    assert_eq!(tipbox(&["vault"], &[]).status.code(), Some(2));
}

#[test]
fn export_writes_the_same_bundle_offline_and_statuses_follow_the_lifecycle() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    for (m, country, incident) in
        [("one", "NL", "harassment"), ("two", "IT", "police_station"), ("three", "NL", "police_station")]
    {
        assert_eq!(
            submit(&s, &c, &[("message", m), ("country", country), ("incident", incident)], vec![]).0,
            200
        );
    }
    s.stop();
    let kh = Keyholder::new(&s);
    let out = kh.path("export.tar");
    let o =
        ok(&tipbox(&["export", "--config", s.config.to_str().unwrap(), "--out", out.to_str().unwrap()], &[]));
    assert!(o.contains("exported 3 item"), "{o}");
    ok(&kh.vault(&["import", out.to_str().unwrap()]));
    let all: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["list", "--json"]))).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3);
    let nl: serde_json::Value =
        serde_json::from_str(&ok(&kh.vault(&["list", "--json", "--country", "NL"]))).unwrap();
    assert_eq!(nl.as_array().unwrap().len(), 2);
    let st: serde_json::Value =
        serde_json::from_str(&ok(&kh.vault(&["list", "--json", "--incident", "police_station"]))).unwrap();
    assert_eq!(st.as_array().unwrap().len(), 2);
    // Lifecycle: new → closed is refused, new → in-review → verified → closed works.
    let e = err(&kh.vault(&["status", "1", "closed"]));
    assert!(e.contains("in-review"), "{e}");
    ok(&kh.vault(&["status", "1", "in-review"]));
    ok(&kh.vault(&["status", "1", "verified"]));
    ok(&kh.vault(&["status", "1", "closed"]));
    ok(&kh.vault(&["link", "2", "3", "--kind", "same-network"]));
    let closed: serde_json::Value =
        serde_json::from_str(&ok(&kh.vault(&["list", "--json", "--status", "closed"]))).unwrap();
    assert_eq!(closed.as_array().unwrap().len(), 1);
    // Reports.
    let csv = ok(&kh.vault(&["export-csv"]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[0].starts_with("case,case_id,received,language,country,city,when,role,incident_harassment")
    );
    assert!(lines.iter().any(|l| l.contains(",closed,")));
    let id_of = |n: &str| {
        let v: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", n, "--json"]))).unwrap();
        v["id"].as_str().unwrap().to_owned()
    };
    let (id2, id3) = (id_of("2"), id_of("3"));
    assert!(
        lines.iter().any(|l| l.ends_with(&format!(",{id3}")) || l.ends_with(&format!(",{id2}"))),
        "linked cases listed by id"
    );
    let stats = ok(&kh.vault(&["stats"]));
    assert!(stats.contains("NL") && stats.contains("police_station"));
    let svg = kh.path("stats.svg");
    ok(&kh.vault(&["stats", "--svg", svg.to_str().unwrap()]));
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Cases per country"));
}

/// A minimal SOCKS5 proxy (no auth, CONNECT by domain or IPv4) that records the hosts asked
/// for, standing in for Tor's SOCKS port.
fn socks5_proxy() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut c) = conn else { continue };
            let log = log.clone();
            std::thread::spawn(move || {
                let mut b = [0u8; 2];
                c.read_exact(&mut b).unwrap();
                let mut methods = vec![0u8; b[1] as usize];
                c.read_exact(&mut methods).unwrap();
                c.write_all(&[5, 0]).unwrap();
                let mut h = [0u8; 4];
                c.read_exact(&mut h).unwrap();
                let host = match h[3] {
                    3 => {
                        let mut n = [0u8; 1];
                        c.read_exact(&mut n).unwrap();
                        let mut name = vec![0u8; n[0] as usize];
                        c.read_exact(&mut name).unwrap();
                        String::from_utf8(name).unwrap()
                    }
                    _ => {
                        let mut ip = [0u8; 4];
                        c.read_exact(&mut ip).unwrap();
                        std::net::Ipv4Addr::from(ip).to_string()
                    }
                };
                let mut p = [0u8; 2];
                c.read_exact(&mut p).unwrap();
                let port = u16::from_be_bytes(p);
                log.lock().unwrap().push(host.clone());
                // Every name resolves here to loopback, as an onion address would inside Tor.
                let up = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                c.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, p[0], p[1]]).unwrap();
                let (mut a, mut b2) = (c.try_clone().unwrap(), up.try_clone().unwrap());
                let (mut c2, mut up2) = (c, up);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut a, &mut up2);
                    let _ = up2.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut b2, &mut c2);
            });
        }
    });
    (addr, seen)
}

#[test]
fn pull_goes_through_the_socks_proxy_with_remote_name_resolution() {
    let s = Server::start(Opts::default());
    assert_eq!(submit(&s, &s.client(), &[("message", "via tor")], vec![]).0, 200);
    let (proxy, seen) = socks5_proxy();
    let kh = Keyholder::new(&s);
    let tok = kh.token_file(&s);
    let port = s.kh_base.rsplit(':').next().unwrap();
    let onion = format!("http://tipboxkeyholderxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion:{port}");
    let out = kh.path("b.tar");
    let said = ok(&tipbox(
        &[
            "pull",
            "--server",
            &onion,
            "--token-file",
            tok.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--socks",
            &proxy,
        ],
        &[],
    ));
    assert!(said.contains("pulled 1 item"), "{said}");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        &["tipboxkeyholderxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion".to_owned()],
        "the .onion name went to the proxy unresolved (socks5h)"
    );
}

/// With several keyholders, a tip leaves the server only when every one of them acknowledged
/// it (`acked_by = "all"`, the default); meanwhile it leaves the bundles of those who did. With
/// `acked_by = "any"` the first acknowledgement retires it.
#[test]
fn acknowledgements_follow_the_team_rule() {
    let (a, b) = (age::x25519::Identity::generate(), age::x25519::Identity::generate());
    let s = Server::start(Opts { keyholders: vec![a.clone(), b.clone()], ..Default::default() });
    assert_eq!(submit(&s, &s.client(), &[("message", "for both")], vec![]).0, 200);
    let ka = Keyholder::with(&a);
    let kb = Keyholder { token: 1, ..Keyholder::with(&b) };
    let pa = ka.pull(&s, "a.tar");
    ka.import(&pa);
    let out = ok(&ka.ack(&s, &ack_list(&pa)));
    assert!(out.contains("acknowledged as kh0: 0 deleted from the server, 1 kept"), "{out}");
    assert_eq!(manifest_items(&ka.pull(&s, "a2.tar")), 0, "gone from a's bundles");
    let pb = kb.pull(&s, "b.tar");
    assert_eq!(manifest_items(&pb), 1, "still in b's");
    kb.import(&pb);
    // b's list may travel through a's token: it counts for the keyholder who signed it.
    let relay = Keyholder { token: 0, ..Keyholder::with(&b) };
    let out = ok(&relay.ack(&s, &ack_list(&pb)));
    assert!(out.contains("acknowledged as kh1: 1 deleted"), "{out}");
    assert_eq!(manifest_items(&kb.pull(&s, "b2.tar")), 0);

    let s = Server::start(Opts {
        keyholders: vec![a.clone(), b.clone()],
        extra: "[retention]\nacked_by = \"any\"\n".into(),
        ..Default::default()
    });
    assert_eq!(submit(&s, &s.client(), &[("message", "first wins")], vec![]).0, 200);
    let ka = Keyholder::with(&a);
    let pa = ka.pull(&s, "a.tar");
    ka.import(&pa);
    let out = ok(&ka.ack(&s, &ack_list(&pa)));
    assert!(out.contains("1 deleted"), "{out}");
    let kb = Keyholder { token: 1, ..Keyholder::with(&b) };
    assert_eq!(manifest_items(&kb.pull(&s, "b.tar")), 0);
}
