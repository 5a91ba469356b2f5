//! The source side end to end, against the real binary over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::io::Read;

use common::*;
use sha2::{Digest, Sha256};
use tipbox::bundle::document::{ReplyDocument, TipDocument};
use tipbox::store::{ItemKind, PartRole};

fn tip_doc(
    store: &tipbox::store::Store,
    rec: &tipbox::store::ItemRecord,
    id: &age::x25519::Identity,
) -> TipDocument {
    assert_eq!(rec.parts[0].role, PartRole::Document);
    let plain = decrypt_part(store, &rec.parts[0], id);
    tipbox::bundle::document::from_json(&plain).unwrap()
}

#[test]
fn tip_with_answers_and_files_round_trips_byte_for_byte() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let binary: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let text = "第一份文件\nsecond line\n".as_bytes().to_vec();
    let message = "They called my mother in Fuzhou twice.\r\nSecond line: 你好 — ئۇيغۇرچە";
    let (st, body) = submit(
        &s,
        &c,
        &[
            ("message", message),
            ("country", "NL"),
            ("city", "Rotterdam"),
            ("when", "since March 2024"),
            ("role", "family"),
            ("incident", "family_threats"),
            ("incident", "persuasion_to_return"),
            ("contact_ok", "yes"),
        ],
        vec![("scan.bin", binary.clone()), ("notes 笔记.txt", text.clone())],
    );
    assert_eq!(st, 200, "{body}");
    let codename = codename_of(&body);
    assert_eq!(codename.split_whitespace().count(), 8);
    assert!(body.contains("Write it down"));

    assert!(s.stop().success(), "SIGTERM exits 0");
    let store = s.open_store();
    let items: Vec<_> = store.items().map(Result::unwrap).collect();
    assert_eq!(items.len(), 1);
    let rec = &items[0];
    assert_eq!(rec.kind, ItemKind::Tip);
    assert_eq!(rec.parts.len(), 3);
    let doc = tip_doc(&store, rec, &s.identities[0]);
    assert_eq!(doc.message, message.replace("\r\n", "\n"));
    assert_eq!(doc.answers.text("country").raw(), "NL");
    assert_eq!(doc.answers.text("city").raw(), "Rotterdam");
    assert_eq!(doc.answers.text("when").raw(), "since March 2024");
    assert_eq!(doc.answers.text("role").raw(), "family");
    assert_eq!(doc.answers.options("incident"), vec!["family_threats", "persuasion_to_return"]);
    assert!(doc.answers.yes("contact_ok"));
    assert_eq!(doc.attachments.len(), 2);
    for (meta, expected) in doc.attachments.iter().zip([&binary, &text]) {
        let part = rec.parts.iter().find(|p| p.id == meta.part).unwrap();
        assert_eq!(part.role, PartRole::Attachment);
        let plain = decrypt_part(&store, part, &s.identities[0]);
        assert!(plain.len() as u64 >= meta.size, "padded, never shorter");
        assert_eq!(&plain[..meta.size as usize], &expected[..]);
        assert!(plain[meta.size as usize..].iter().all(|b| *b == 0));
    }
    assert_eq!(doc.attachments[1].name, "notes 笔记.txt");
    let src = store.source(&rec.source).unwrap().unwrap();
    assert!(src.recipient.starts_with("age1"));
}

#[test]
fn every_keyholder_can_decrypt() {
    let ids = vec![
        age::x25519::Identity::generate(),
        age::x25519::Identity::generate(),
        age::x25519::Identity::generate(),
    ];
    let mut s = Server::start(Opts { keyholders: ids, ..Default::default() });
    let c = s.client();
    let (st, _) = submit(&s, &c, &[("message", "three keyholders")], vec![]);
    assert_eq!(st, 200);
    s.stop();
    let store = s.open_store();
    let rec = store.items().next().unwrap().unwrap();
    for id in &s.identities {
        assert_eq!(tip_doc(&store, &rec, id).message, "three keyholders");
    }
    let stranger = age::x25519::Identity::generate();
    let mut ct = Vec::new();
    store.blobs().open(&rec.parts[0].id).unwrap().read_to_end(&mut ct).unwrap();
    assert!(tipbox::crypto::seal::decrypt(&stranger, &ct).is_err());
}

#[test]
fn unix_socket_listener_serves_the_flow() {
    let mut s = Server::start(Opts { unix: true, ..Default::default() });
    let c = s.client();
    let r = c.get(s.url("/")).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (st, body) = submit(&s, &c, &[("message", "over a unix socket")], vec![("a.txt", b"hello".to_vec())]);
    assert_eq!(st, 200, "{body}");
    let codename = codename_of(&body);
    assert!(login(&s, &c, &codename).is_some());
    assert!(s.stop().success());
    let store = s.open_store();
    assert_eq!(store.item_count(), 1);
}

#[test]
fn large_upload_streams_with_flat_memory() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let mut s = Server::start(Opts::default());
    let c = s.client();
    // Warm up the process (pages, pools) so the baseline is honest.
    let (st, _) = submit(&s, &c, &[("message", "warm-up")], vec![("w.bin", vec![1u8; 1 << 20])]);
    assert_eq!(st, 200);
    let before = s.proc_status_kib("VmHWM");
    let csrf = get_csrf(&s, &c, "/submit");
    let part = reqwest::blocking::multipart::Part::reader_with_length(Gen::new(42, SIZE), SIZE)
        .file_name("big.bin")
        .mime_str("application/octet-stream")
        .unwrap();
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf)
        .text("message", "big file")
        .part("attachment", part);
    let r = c.post(s.url("/submit")).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let after = s.proc_status_kib("VmHWM");
    let growth_mib = after.saturating_sub(before) / 1024;
    eprintln!("VmHWM before {before} KiB, after {after} KiB, growth {growth_mib} MiB");
    assert!(growth_mib < 64, "peak memory grew by {growth_mib} MiB for a 200 MiB upload");

    s.stop();
    let store = s.open_store();
    let rec = store.items().map(Result::unwrap).find(|r| r.size() > SIZE).unwrap();
    let doc = tip_doc(&store, &rec, &s.identities[0]);
    assert_eq!(doc.attachments[0].size, SIZE);
    // Decrypt as a stream and hash, so the test itself stays small too.
    let part = rec.parts.iter().find(|p| p.id == doc.attachments[0].part).unwrap();
    let f = store.blobs().open(&part.id).unwrap();
    let mut r = tipbox::crypto::seal::decrypt_stream(&s.identities[0], std::io::BufReader::new(f))
        .unwrap()
        .take(SIZE);
    let mut h = Sha256::new();
    std::io::copy(&mut r, &mut h).unwrap();
    let mut expected = Sha256::new();
    std::io::copy(&mut Gen::new(42, SIZE), &mut expected).unwrap();
    assert_eq!(h.finalize(), expected.finalize());
}

#[test]
fn no_plaintext_on_disk_in_tmp_or_in_logs() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let canary_msg = "CANARY-MSG-7d1f3e";
    let canary_file = "CANARY-FILE-88aa21";
    let canary_name = "CANARY-NAME-5c5c.txt";
    let canary_city = "CANARY-CITY-0b0b";
    let canary_follow = "CANARY-FOLLOW-9e9e";
    let mut file = canary_file.repeat(1000).into_bytes();
    file.extend_from_slice(b"tail");
    let (st, body) =
        submit(&s, &c, &[("message", canary_msg), ("city", canary_city)], vec![(canary_name, file)]);
    assert_eq!(st, 200);
    let codename = codename_of(&body);
    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    let csrf = csrf_of(&inbox);
    let form =
        reqwest::blocking::multipart::Form::new().text("csrf", csrf).text("message", canary_follow).part(
            "attachment",
            reqwest::blocking::multipart::Part::bytes(canary_file.as_bytes().to_vec()).file_name(canary_name),
        );
    let r = c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // A rejected form must not leave plaintext behind either.
    let (st, _) = submit(
        &s,
        &c,
        &[("message", canary_msg), ("country", "XX")],
        vec![("x.txt", canary_file.as_bytes().to_vec())],
    );
    assert_eq!(st, 400);
    s.stop();
    let logs = s.logs();
    assert!(!logs.is_empty(), "debug logging was on");
    for canary in [canary_msg, canary_file, canary_name, canary_city, canary_follow, codename.as_str()] {
        for dir in [&s.data, &s.tmp] {
            assert_eq!(dir_contains(dir, canary.as_bytes()), None, "{canary} found under {}", dir.display());
        }
        assert!(!logs.contains(canary), "{canary} found in the logs");
    }
    // The only addresses in the logs are the server's own listeners, never a client's.
    let own: Vec<&str> = [&s.base, &s.kh_base].iter().map(|u| u.trim_start_matches("http://")).collect();
    for line in logs.lines().filter(|l| l.contains("127.0.0.1:")) {
        assert!(own.iter().any(|a| line.contains(a)), "client address in logs: {line}");
    }
}

#[test]
fn codenames_log_in_exactly() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let (st, body) = submit(&s, &c, &[("message", "login test")], vec![]);
    assert_eq!(st, 200);
    let codename = codename_of(&body);
    assert!(login(&s, &c, &codename).is_some(), "right codename");
    let messy = format!("  {}\t", codename.to_uppercase().replace(' ', "   "));
    assert!(login(&s, &c, &messy).is_some(), "whitespace and case are normalised");
    let mut words: Vec<&str> = codename.split(' ').collect();
    let replacement = if words[3] == "abandon" { "ability" } else { "abandon" };
    words[3] = replacement;
    assert!(login(&s, &c, &words.join(" ")).is_none(), "one word changed");
    assert!(login(&s, &c, "not a codename at all").is_none());
    assert!(login(&s, &c, "").is_none());
    // Wrong codenames get the same generic page and status.
    let csrf = get_csrf(&s, &c, "/login");
    let wrong = c
        .post(s.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("codename", &words.join(" "))])
        .send()
        .unwrap();
    let st_wrong = wrong.status().as_u16();
    let body_wrong = wrong.text().unwrap();
    let garbage =
        c.post(s.url("/login")).form(&[("csrf", csrf.as_str()), ("codename", "x y z")]).send().unwrap();
    assert_eq!(st_wrong, 403);
    assert_eq!(garbage.status().as_u16(), st_wrong);
    assert!(body_wrong.contains("We could not find that codename"));
    // Without a valid CSRF token nothing is even tried.
    let forged =
        c.post(s.url("/login")).form(&[("csrf", "AAAA"), ("codename", codename.as_str())]).send().unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    assert!(forged.headers().get("set-cookie").is_none());
}

#[test]
fn codename_of_one_instance_fails_on_another() {
    let a = Server::start(Opts::default());
    let b = Server::start(Opts::default());
    let ca = a.client();
    let (_, body) = submit(&a, &ca, &[("message", "instance a")], vec![]);
    let codename = codename_of(&body);
    assert!(login(&a, &ca, &codename).is_some());
    assert!(login(&b, &b.client(), &codename).is_none());
}

#[test]
fn sessions_followups_replies_and_logout() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "first")], vec![]);
    let codename = codename_of(&body);
    let (_, other_body) = submit(&s, &c, &[("message", "another source")], vec![]);
    let other = codename_of(&other_body);
    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap();
    assert_eq!(inbox.status().as_u16(), 200);
    let inbox = inbox.text().unwrap();
    assert!(inbox.contains("No replies yet"));
    // Follow-up with a file joins the same thread.
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(&inbox))
        .text("message", "more details")
        .part(
            "attachment",
            reqwest::blocking::multipart::Part::bytes(b"evidence".to_vec()).file_name("e.txt"),
        );
    let r = c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("Your message was received"));
    // A CSRF token from another session (or none) is refused.
    let other_cookie = login(&s, &c, &other).unwrap();
    let other_inbox = c.get(s.url("/inbox")).header("cookie", &other_cookie).send().unwrap().text().unwrap();
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(&other_inbox))
        .text("message", "cross");
    let r = c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // No session: back to login.
    let r = s.client().get(s.url("/inbox")).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);

    // A reply is added through the store API while the server is down.
    s.stop();
    let store = s.open_store();
    let items: Vec<_> = store.items().map(Result::unwrap).collect();
    let first = items.iter().find(|i| tip_doc(&store, i, &s.identities[0]).message == "first").unwrap();
    let thread = store.thread(&first.source).unwrap();
    assert_eq!(thread.len(), 2, "tip and follow-up share the thread");
    let follow = thread.iter().find(|i| i.kind == ItemKind::Followup).unwrap();
    let fdoc = tip_doc(&store, follow, &s.identities[0]);
    assert_eq!(fdoc.message, "more details");
    assert_eq!(fdoc.kind, "followup");
    let src = store.source(&first.source).unwrap().unwrap();
    let reply = ReplyDocument {
        format: "tipbox-reply".into(),
        version: 1,
        day: "2026-11-24".parse().unwrap(),
        message: "We read your report <b>thank you</b>".into(),
    };
    let plain = tipbox::bundle::document::to_padded_json(&reply).unwrap();
    let mut rcpts = tipbox::crypto::seal::parse_recipients(std::slice::from_ref(&src.recipient)).unwrap();
    rcpts.push(s.identities[0].to_public());
    let ct = tipbox::crypto::seal::encrypt(&rcpts, &plain).unwrap();
    let (id, part) = (tipbox::store::ItemId::random().unwrap(), tipbox::store::PartId::random().unwrap());
    let sig = sign_reply(&s, &s.identities[0], id, part, first.source, &src.recipient, &ct);
    store.add_reply(id, part, first.source, &ct, sig, ("kh", &Default::default())).unwrap();
    // A reply written into the store without a keyholder's signature (a tampered store or
    // backup) is never shown.
    let forged = tipbox::bundle::document::to_padded_json(&ReplyDocument {
        message: "FORGED-send us your WeChat id".into(),
        ..reply.clone()
    })
    .unwrap();
    let ct = tipbox::crypto::seal::encrypt(&rcpts, &forged).unwrap();
    let (id, part) = (tipbox::store::ItemId::random().unwrap(), tipbox::store::PartId::random().unwrap());
    let stranger = age::x25519::Identity::generate();
    let sig = sign_reply(&s, &stranger, id, part, first.source, &src.recipient, &ct);
    store.add_reply(id, part, first.source, &ct, sig, ("kh", &Default::default())).unwrap();
    drop(store);
    s.restart();

    let c = s.client();
    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("We read your report &#60;b&#62;thank you&#60;/b&#62;"), "{inbox}");
    assert!(!inbox.contains("<b>"));
    assert!(!inbox.contains("FORGED"), "an unsigned reply never reaches the source");
    let other_cookie = login(&s, &c, &other).unwrap();
    let other_inbox = c.get(s.url("/inbox")).header("cookie", &other_cookie).send().unwrap().text().unwrap();
    assert!(!other_inbox.contains("We read your report"), "one source never sees another's replies");
    // Logout ends the session.
    let r =
        c.post(s.url("/logout")).header("cookie", &cookie).form(&[("csrf", csrf_of(&inbox))]).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(r.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    // It says so: the login page with a confirmation.
    let to = r.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let page = c.get(s.url(&to)).send().unwrap().text().unwrap();
    assert!(page.contains("You are logged out"), "{to}: {page}");
    let r = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
}

fn assert_kept(body: &str, needle: &str) {
    assert!(body.contains(needle), "form lost {needle:?}");
}

#[test]
fn validation_keeps_the_form_and_never_stores() {
    let mut s = Server::start(Opts { extra: "[limits]\nmax_message_chars = 50\nmax_field_chars = 20\nmax_files = 2\nmax_submission_bytes = 100000\n".into(), ..Default::default() });
    let c = s.client();
    let (m51, c21, w21) = ("m".repeat(51), "c".repeat(21), "w".repeat(21));
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<(&'a str, Vec<u8>)>, u16, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (vec![("city", "Amsterdam")], vec![], 400, "Write a message or add at least one file"),
        (
            vec![("message", &m51), ("city", "KeptCity")],
            vec![],
            400,
            "Your text has 51 characters, but one message holds at most 50",
        ),
        (vec![("message", "ok"), ("city", &c21)], vec![], 400, "at most 20 characters"),
        (vec![("message", "ok"), ("when", &w21)], vec![], 400, "at most 20 characters"),
        (vec![("message", "ok"), ("country", "XX")], vec![], 400, "Choose a country"),
        (vec![("message", "ok"), ("country", "nl")], vec![], 400, "Choose a country"),
        (vec![("message", "ok"), ("role", "spy")], vec![], 400, "Not a valid choice"),
        (vec![("message", "ok"), ("incident", "alien_abduction")], vec![], 400, "Not a valid choice"),
        (vec![("message", "ok"), ("contact_ok", "maybe")], vec![], 400, "Not a valid choice"),
        (vec![("message", "bell\u{7}")], vec![], 400, "plain text"),
        (vec![("message", "ok"), ("city", "a\u{1b}[31m")], vec![], 400, "plain text"),
        (vec![("message", "ok"), ("website", "http://spam")], vec![], 400, "must stay empty"),
        (
            vec![("message", "ok")],
            vec![("a", vec![1]), ("b", vec![2]), ("c", vec![3])],
            400,
            "At most 2 files",
        ),
        (vec![("message", "ok")], vec![("big", vec![0u8; 100_001])], 413, "at most"),
        (vec![("message", "ok")], vec![("../../etc/passwd", vec![1])], 400, "rename the file"),
        (vec![("message", "ok")], vec![("invoice\u{202E}gpj.exe", vec![1])], 400, "rename the file"),
        (vec![("message", "ok")], vec![("empty.txt", vec![])], 400, "empty"),
    ];
    for (fields, files, status, msg) in cases {
        let label = format!("{fields:?}");
        let (st, body) = submit(&s, &c, &fields, files);
        assert_eq!(st, status, "{label}: {body}");
        assert!(body.contains(msg), "{label}: expected {msg:?}");
        assert!(body.contains("name=\"csrf\""), "{label}: the form comes back");
        for (k, v) in &fields {
            if *k == "city" && v.len() <= 20 && !v.contains('\u{1b}') {
                assert_kept(&body, v);
            }
        }
    }
    // The typed message comes back in the form.
    let (_, body) = submit(&s, &c, &[("message", "keep this text"), ("country", "XX")], vec![]);
    assert_kept(&body, "keep this text");
    let (_, body) =
        submit(&s, &c, &[("message", "keep"), ("incident", "harassment"), ("role", "bogus")], vec![]);
    assert_kept(&body, "value=\"harassment\" checked");
    // Nothing was stored, and no part file was left behind.
    s.stop();
    let store = s.open_store();
    assert_eq!(store.item_count(), 0);
    assert_eq!(store.blobs().usage().bytes(), 0);
    assert!(files_under(&s.data.join("blobs")).is_empty());
}

#[test]
fn malformed_requests_get_calm_4xx() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let csrf = get_csrf(&s, &c, "/submit");
    // Not multipart.
    let r = c.post(s.url("/submit")).header("content-type", "text/plain").body("hi").send().unwrap();
    assert!(r.status().is_client_error());
    // Forged CSRF.
    let form = reqwest::blocking::multipart::Form::new().text("csrf", "forged").text("message", "x");
    assert_eq!(c.post(s.url("/submit")).multipart(form).send().unwrap().status().as_u16(), 403);
    // A file before the CSRF token.
    let form = reqwest::blocking::multipart::Form::new()
        .part("attachment", reqwest::blocking::multipart::Part::bytes(vec![1, 2, 3]).file_name("x"))
        .text("csrf", csrf.clone());
    assert_eq!(c.post(s.url("/submit")).multipart(form).send().unwrap().status().as_u16(), 403);
    // Unknown and duplicated fields.
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("message", "x")
        .text("surprise", "y");
    assert_eq!(c.post(s.url("/submit")).multipart(form).send().unwrap().status().as_u16(), 400);
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("message", "x")
        .text("message", "y");
    assert_eq!(c.post(s.url("/submit")).multipart(form).send().unwrap().status().as_u16(), 400);
    // Announced body over the limit: refused before reading.
    let resp = raw_request(
        &s.base,
        b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 999999999999\r\n\r\n--x--",
    );
    assert_eq!(status_of(&resp), 413, "{resp}");
    assert!(resp.contains("more than this site accepts"));
    // Unknown page.
    let r = c.get(s.url("/nope")).send().unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let body = r.text().unwrap();
    assert!(body.contains("This page does not exist"));
    // The server is still up.
    assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200);
}

#[test]
fn pages_have_no_script_and_metadata_is_public() {
    let s = Server::start(Opts::default());
    let c = s.client();
    for path in ["/", "/submit", "/login", "/nope"] {
        let r = c.get(s.url(path)).send().unwrap();
        let csp = r.headers().get("content-security-policy").unwrap().to_str().unwrap().to_owned();
        assert!(csp.contains("default-src 'none'"));
        let body = r.text().unwrap();
        assert!(!body.contains("<script"), "{path}");
        assert!(!body.contains("http://") && !body.contains("https://"), "{path}: no external resource");
        assert!(body.contains("<html lang=\"en\" dir=\"ltr\">"));
    }
    let css = c.get(s.url("/static/style.css")).send().unwrap();
    assert_eq!(css.headers().get("content-type").unwrap(), "text/css; charset=utf-8");
    assert!(css.text().unwrap().len() < 8 * 1024, "one small stylesheet");
    let m: serde_json::Value =
        serde_json::from_str(&c.get(s.url("/metadata")).send().unwrap().text().unwrap()).unwrap();
    assert_eq!(m["organisation"], "Test NGO");
    assert_eq!(m["limits"]["max_files"], 10);
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["languages", "limits", "organisation"], "only what a client needs");
}

#[test]
fn sigint_also_stops_gracefully() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let (st, _) = submit(&s, &c, &[("message", "before sigint")], vec![]);
    assert_eq!(st, 200);
    s.signal("INT");
    assert!(s.child.wait().unwrap().success());
    assert_eq!(s.open_store().item_count(), 1);
}

#[test]
fn demo_mode_creates_its_keys_once_and_works_end_to_end() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let start = || {
        let mut child = std::process::Command::new(BIN)
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--keyholder-listen", "127.0.0.1:0"])
            .current_dir(dir.path())
            .env_remove("TIPBOX_LOG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let urls: Vec<String> = (0..2)
            .map(|_| lines.next().unwrap().unwrap().strip_prefix("listening on ").unwrap().to_owned())
            .collect();
        (child, urls)
    };
    let (mut child, urls) = start();
    let id_path = dir.path().join("data/demo-identity.txt");
    let tok_path = dir.path().join("data/demo-token.txt");
    let id_text = std::fs::read_to_string(&id_path).unwrap();
    let token = std::fs::read_to_string(&tok_path).unwrap().trim().to_owned();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&id_path).unwrap().permissions().mode() & 0o777, 0o600);
    // A tip, then the demo token and identity read it back.
    tipbox::crypto::install_tls_provider();
    let c = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let page = c.get(format!("{}/submit", urls[0])).send().unwrap().text().unwrap();
    assert!(page.contains("tipbox demo"));
    let form =
        reqwest::blocking::multipart::Form::new().text("csrf", csrf_of(&page)).text("message", "demo tip");
    assert_eq!(c.post(format!("{}/submit", urls[0])).multipart(form).send().unwrap().status().as_u16(), 200);
    let bundle = c
        .get(format!("{}/keyholder/v1/bundle", urls[1]))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let identity = tipbox::vault::identity::read_plain_identity(&id_text).unwrap();
    let mut messages = vec![];
    tipbox::bundle::read::read_bundle(&bundle[..], |_, p, r| {
        let mut ct = vec![];
        r.read_to_end(&mut ct).unwrap();
        if p.role == PartRole::Document {
            let plain = tipbox::crypto::seal::decrypt(&identity, &ct).unwrap();
            messages.push(tipbox::bundle::document::from_json::<TipDocument>(&plain).unwrap().message);
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(messages, vec!["demo tip"]);
    let _ = std::process::Command::new("kill").arg(child.id().to_string()).status();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(err.contains("DEMO MODE") && err.contains("UNENCRYPTED"), "says loudly what it is: {err}");
    // A second start keeps the same identity and token.
    let (mut child, _) = start();
    assert_eq!(std::fs::read_to_string(&id_path).unwrap(), id_text);
    assert_eq!(std::fs::read_to_string(&tok_path).unwrap().trim(), token);
    let _ = child.kill();
    let _ = child.wait();
}

/// With `secure_cookies = true`, a client that does not keep the `Secure` session cookie over
/// plain HTTP (any browser but one treating `.onion` as a secure context) is told so after its
/// login instead of being sent back to `/login` without a word. The marker grants nothing.
#[test]
fn a_dropped_session_cookie_is_explained() {
    let s = Server::start(Opts { source_extra: "secure_cookies = true".into(), ..Default::default() });
    // No cookie store: the pre-session cookie goes along by hand, the session cookie never.
    tipbox::crypto::install_tls_provider();
    let c = reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let t = form_token(&s, "/submit");
    let form = reqwest::blocking::multipart::Form::new().text("csrf", t.csrf).text("message", "a tip");
    let r = c.post(s.url("/submit")).header("cookie", &t.cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let codename = codename_of(&r.text().unwrap());
    let t = form_token(&s, "/login");
    let r = c
        .post(s.url("/login"))
        .header("cookie", &t.cookie)
        .form(&[("csrf", t.csrf.as_str()), ("codename", &codename)])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "the login itself works");
    let session = set_cookie_named(&r, "session").expect("a session cookie was set");
    let next = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(next, "/inbox?lang=en&new=1");

    // The cookie was dropped: the login page says why.
    let r = c.get(s.url(&next)).send().unwrap();
    assert_eq!(r.status().as_u16(), 303, "no session, no inbox");
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, "/login?lang=en&nocookie=1");
    let page = c.get(s.url(&back)).send().unwrap().text().unwrap();
    assert!(page.contains("Your browser did not keep the login cookie."), "{page}");
    assert!(page.contains("such as Tor Browser"), "{page}");

    // A browser that kept it gets its inbox, marker or not; a cookie of an ended session still
    // hears that the session ended, and a plain visit to /inbox stays a silent redirect.
    let r = c.get(s.url(&next)).header("cookie", &session).send().unwrap();
    assert_eq!(r.status().as_u16(), 200, "the marker changes nothing for a kept cookie");
    let (name, _) = session.split_once('=').unwrap();
    let ended = c.get(s.url(&next)).header("cookie", format!("{name}=0000")).send().unwrap();
    assert_eq!(ended.headers()["location"], "/login?lang=en&ended=1");
    let plain = c.get(s.url("/inbox")).send().unwrap();
    assert_eq!(plain.headers()["location"], "/login?lang=en");
}
