//! What a state learns by seizing the server's disk or by talking to it, against the real
//! binaries: after real flows (tips, follow-ups, a signed reply read by its source, acks, a
//! settle) no file or directory time is finer than the day, the store's files hold none of the
//! acknowledged items' ids and none of the deleted source's, records sit in key order, a backup
//! taken afterwards holds none of it; no response names the software or shows the clock
//! finer than an hour; cross-site posts and login CSRF are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::cli::*;
use common::*;

/// Every id of a bundle's items: item, part and source ids.
#[derive(Default)]
struct Ids {
    items: Vec<[u8; 16]>,
    parts: Vec<[u8; 16]>,
    sources: BTreeSet<[u8; 16]>,
}

fn ids_of(bundle: &Path) -> Ids {
    let m = tipbox::bundle::read::read_manifest(std::fs::File::open(bundle).unwrap()).unwrap();
    let mut ids = Ids::default();
    for it in &m.items {
        ids.items.push(it.id.0);
        ids.sources.insert(it.source.0);
        ids.parts.extend(it.parts.iter().map(|p| p.id.0));
    }
    ids
}

/// Every needle's raw form and lowercase hex, for scanning files.
fn needles(ids: &[[u8; 16]]) -> Vec<Vec<u8>> {
    ids.iter().flat_map(|id| [id.to_vec(), tipbox::crypto::hex(id).into_bytes()]).collect()
}

/// Every file and directory under `root`, `root` included (no symlinks followed), with its
/// metadata taken before the directory is listed (listing it would set its access time).
fn entries(root: &Path) -> Vec<(PathBuf, std::fs::Metadata)> {
    let meta = std::fs::symlink_metadata(root).unwrap();
    let is_dir = meta.is_dir();
    let mut out = vec![(root.to_path_buf(), meta)];
    if is_dir {
        for e in std::fs::read_dir(root).unwrap() {
            out.extend(entries(&e.unwrap().path()));
        }
    }
    out
}

fn settle(s: &Server) -> serde_json::Value {
    let o = tipbox(&["settle", "--config", s.config.to_str().unwrap()], &[]);
    serde_json::from_str(ok(&o).trim()).unwrap()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn follow_up(s: &Server, c: &reqwest::blocking::Client, codename: &str, text: &str) {
    let cookie = login(s, c, codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(&inbox))
        .text("message", text.to_owned());
    let r = c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
}

#[test]
fn a_seized_disk_tells_only_the_day_and_deleted_is_gone() {
    let mut s =
        Server::start(Opts { extra: "[retention]\nsource_grace_days = 0\n".into(), ..Default::default() });
    let kh = Keyholder::new(&s);
    // Source A: a tip with a file, a follow-up, then a signed reply it reads.
    let c = s.client();
    let (st, body) =
        submit(&s, &c, &[("message", "they visited my mother")], vec![("a.pdf", vec![1u8; 40_000])]);
    assert_eq!(st, 200);
    let code_a = codename_of(&body);
    follow_up(&s, &c, &code_a, "and again on Monday");
    let first = kh.pull(&s, "first.tar");
    kh.import(&first);
    let reply = kh.reply("1", "we will call you", "reply.tar");
    ok(&kh.push(&s, &reply));
    let cookie = login(&s, &c, &code_a).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("we will call you"), "the source reads its reply");
    let acked = ok(&kh.ack(&s, &ack_list(&first)));
    assert!(acked.contains("2 deleted from the server"), "{acked}");
    // Source B: a tip with a file, acknowledged; its thread is then empty.
    let (_, body_b) =
        submit(&s, &s.client(), &[("message", "a man photographed us")], vec![("b.jpg", vec![2u8; 30_000])]);
    let code_b = codename_of(&body_b);
    let second = kh.pull(&s, "second.tar");
    kh.import(&second);
    ok(&kh.ack(&s, &ack_list(&second)));
    // Sources C…F: one tip each, kept, submitted one after another.
    for i in 0..4 {
        assert_eq!(submit(&s, &s.client(), &[("message", &format!("kept tip {i}"))], vec![]).0, 200);
    }
    let gone = {
        let (a, b) = (ids_of(&first), ids_of(&second));
        let mut ids = Ids { items: a.items, parts: a.parts, sources: b.sources.clone() };
        ids.items.extend(b.items);
        ids.parts.extend(b.parts);
        ids
    };

    // The first settle finds B's thread empty; the second (grace 0) deletes B and its login.
    let one = settle(&s);
    assert_eq!(one["sources_marked"], 1, "{one}");
    let two = settle(&s);
    assert_eq!(two["sources_deleted"], 1, "{two}");
    assert!(login(&s, &s.client(), &code_b).is_none(), "nothing left: the codename opens nothing");
    let cookie = login(&s, &s.client(), &code_a).expect("a source with a reply waiting stays");
    let inbox = s.client().get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    assert!(inbox.contains("we will call you"));

    // A backup taken now holds none of what was deleted.
    let backup = s.root.path().join("after.tar");
    ok(&tipbox(&["backup", "--config", s.config.to_str().unwrap(), "--out", backup.to_str().unwrap()], &[]));
    let raw = std::fs::read(&backup).unwrap();
    let mut deleted = needles(&gone.items);
    deleted.extend(needles(&gone.parts));
    deleted.extend(needles(&gone.sources.iter().copied().collect::<Vec<_>>()));
    for n in &deleted {
        assert!(!raw.windows(n.len()).any(|w| w == &n[..]), "the backup holds a deleted id");
    }

    // The image of the stopped server (which settles once more on its way down).
    let before_stop = unix_now();
    assert!(s.stop().success());
    let today = unix_now().div_euclid(86_400) * 86_400;
    let image = entries(&s.data);
    for (p, m) in &image {
        assert_eq!((m.mtime(), m.mtime_nsec()), (today, 0), "{p:?}: modified at midnight UTC");
        assert_eq!((m.atime(), m.atime_nsec()), (today, 0), "{p:?}: accessed at midnight UTC");
        assert!(m.ctime() >= before_stop, "{p:?}: its change time is the last settle's, not its own");
    }
    for (f, _) in image.iter().filter(|(_, m)| m.is_file()) {
        let data = std::fs::read(f).unwrap();
        for n in &deleted {
            assert!(!data.windows(n.len()).any(|w| w == &n[..]), "{f:?} still holds a deleted id");
        }
        let text = String::from_utf8_lossy(&data);
        assert!(!text.contains("read_day") && !text.contains("\"created\""), "{f:?}: no source activity day");
    }
    // Records sit in id order, not arrival order.
    let db = std::fs::read(s.data.join("store/db")).unwrap();
    let store = s.open_store();
    let kept: Vec<String> = store.items().map(|r| r.unwrap().id.to_string()).collect();
    drop(store);
    let mut by_offset: Vec<(usize, &String)> = kept
        .iter()
        .map(|id| (db.windows(id.len()).position(|w| w == id.as_bytes()).expect("record in the log"), id))
        .collect();
    by_offset.sort();
    let mut by_id = kept.clone();
    by_id.sort();
    assert_eq!(by_offset.into_iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(), by_id, "key order");
    assert_eq!(kept.len(), 5, "the reply and the four kept tips");
}

/// Every response a visitor can provoke, raw: status line, headers, body.
fn provoked(s: &Server) -> Vec<(String, String)> {
    let get = |p: &str| format!("GET {p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes();
    let mut out: Vec<(String, String)> =
        ["/", "/submit", "/login", "/inbox", "/metadata", "/static/style.css", "/nope"]
            .iter()
            .map(|p| (p.to_string(), raw_request(&s.base, &get(p))))
            .collect();
    out.push((
        "405".into(),
        raw_request(&s.base, b"DELETE /submit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ));
    out.push(("400 from actix-http".into(), raw_request(&s.base, b"GARBAGE\r\n\r\n")));
    out.push(("403".into(), raw_request(&s.base, b"POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\ncsrf=")));
    out.push(("keyholder 401".into(), raw_request(&s.kh_base, &get("/keyholder/v1/bundle"))));
    out
}

#[test]
fn no_response_names_the_software_or_shows_the_clock() {
    let s = Server::start(Opts::default());
    let version = env!("CARGO_PKG_VERSION");
    for (label, resp) in provoked(&s) {
        assert!(resp.starts_with("HTTP/1.1 "), "{label}: {resp}");
        let lower = resp.to_ascii_lowercase();
        assert!(!lower.contains("tipbox"), "{label} names the software:\n{resp}");
        assert!(!resp.contains(version), "{label} shows the version");
        assert!(!lower.contains("\nserver:"), "{label}: a Server header");
        let date = lower
            .lines()
            .find_map(|l| l.strip_prefix("date: "))
            .unwrap_or_else(|| panic!("{label}: no Date"));
        assert!(date.trim_end().ends_with(":00:00 gmt"), "{label}: Date finer than the hour: {date}");
    }
    // CSRF tokens carry the hour, not the second.
    let page = http().get(s.url("/submit")).send().unwrap().text().unwrap();
    let raw = data_encoding::BASE64URL_NOPAD.decode(csrf_of(&page).as_bytes()).unwrap();
    let issued = u64::from_be_bytes(raw[..8].try_into().unwrap());
    assert!(issued.abs_diff(unix_now() as u64 / 3600) <= 1, "{issued} is an hour number");
}

#[test]
fn cross_site_posts_and_login_csrf_are_refused() {
    let s = Server::start(Opts::default());
    let (_, body) = submit(&s, &s.client(), &[("message", "planted by the attacker")], vec![]);
    let attackers_codename = codename_of(&body);
    // The recipe: the attacker fetches a token with its own client…
    let attacker = form_token(&s, "/login");
    let login_as = |c: &reqwest::blocking::Client, extra: &[(&str, &str)], cookie: Option<&str>| {
        let mut r = c.post(s.url("/login"));
        for (k, v) in extra {
            r = r.header(*k, *v);
        }
        if let Some(ck) = cookie {
            r = r.header("cookie", ck);
        }
        let r =
            r.form(&[("csrf", attacker.csrf.as_str()), ("codename", &attackers_codename)]).send().unwrap();
        (r.status().as_u16(), set_cookie_named(&r, "session"))
    };
    // …and has a victim's browser post it with the attacker's codename.
    let victim = s.client();
    victim.get(s.url("/")).send().unwrap();
    let victim_form = form_token(&s, "/login").cookie;
    for (label, headers) in [
        ("foreign Origin", vec![("origin", "https://attacker.example")]),
        ("cross-site fetch", vec![("sec-fetch-site", "cross-site")]),
        ("same-site fetch", vec![("sec-fetch-site", "same-site")]),
        ("no headers at all", vec![]),
    ] {
        let (st, session) = login_as(&victim, &headers, Some(&victim_form));
        assert_eq!(st, 403, "{label}");
        assert!(session.is_none(), "{label}: the victim is not logged in as the attacker");
    }
    // Even with the attacker's own cookie, a foreign Origin is refused before anything else.
    let (st, _) = login_as(&victim, &[("origin", "https://attacker.example")], Some(&attacker.cookie));
    assert_eq!(st, 403);
    // The attacker's own browser, from our page: Origin null (no-referrer) and same-origin.
    let (st, session) = login_as(
        &s.client(),
        &[("origin", "null"), ("sec-fetch-site", "same-origin")],
        Some(&attacker.cookie),
    );
    assert_eq!(st, 303);
    assert!(session.is_some());
    // A cross-site multipart post is refused too, with nothing stored.
    let form = form_token(&s, "/submit");
    let before = s.files_count();
    let r = http()
        .post(s.url("/submit"))
        .header("cookie", &form.cookie)
        .header("origin", "http://evil.onion")
        .multipart(reqwest::blocking::multipart::Form::new().text("csrf", form.csrf).text("message", "x"))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().unwrap().contains("was not sent from this site"), "the calm page");
    assert_eq!(s.files_count(), before);
}
