//! The desk (`tipbox vault ui`) over real HTTP: the real server takes the tips, the real
//! binaries pull and import them, and the real desk serves the vault. Who may use it, what it
//! sends, how it ends, and that hostile text stays text. The browser walk-through is in
//! `tests/browser/desk.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Duration;

use common::cli::*;
use common::desk::{DeskProc, client, no_redirects};
use common::*;

/// A server with `n` tips (the `i`th with `fields` and message "tip i"), pulled and imported.
fn vault_with_tips(tips: &[Vec<(&str, &str)>]) -> (Server, Keyholder) {
    let s = Server::start(Opts::default());
    for fields in tips {
        let (st, _) = submit(&s, &s.client(), fields, vec![]);
        assert_eq!(st, 200);
    }
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);
    (s, kh)
}

/// A server with one tip carrying one file, pulled and imported.
fn one_tip_with_a_file(message: &str, name: &str, bytes: Vec<u8>) -> (Server, Keyholder) {
    let s = Server::start(Opts::default());
    let (st, _) = submit(&s, &s.client(), &[("message", message)], vec![(name, bytes)]);
    assert_eq!(st, 200);
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);
    (s, kh)
}

#[test]
fn the_desk_opens_once_for_one_browser_and_refuses_everything_else() {
    let (_s, kh) = vault_with_tips(&[vec![("message", "first tip"), ("country", "NL")]]);
    let mut d = DeskProc::start(&kh, &[]);
    assert!(d.unlock.starts_with("http://127.0.0.1:"), "{}", d.unlock);

    // Without the cookie: 403 everywhere, and the page carries no CSRF token.
    let stranger = client();
    for path in ["/", "/case/1", "/stats", "/stats.svg", "/import"] {
        let r = stranger.get(d.url(path)).send().unwrap();
        assert_eq!(r.status().as_u16(), 403, "{path}");
        assert!(!r.text().unwrap().contains("name=\"csrf\""), "{path}: no token for a stranger");
    }
    // A wrong secret opens nothing and does not use up the real one.
    assert_eq!(stranger.get(d.url("/unlock/00")).send().unwrap().status().as_u16(), 403);

    // The URL works once: it sets an HttpOnly, SameSite=Strict cookie and leads to the list.
    let nr = no_redirects();
    let r = nr.get(&d.unlock).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let page = nr.get(d.url("/")).send().unwrap();
    let csp = page.headers().get("content-security-policy").unwrap().to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers().get("cache-control").unwrap(), "no-store");
    let body = page.text().unwrap();
    assert!(body.contains("href=\"/case/1\""), "{body}");
    assert_eq!(client().get(&d.unlock).send().unwrap().status().as_u16(), 403, "the URL works once");

    // DNS rebinding: the right cookie sent to another host name is refused.
    let port = d.base.rsplit(':').next().unwrap().to_owned();
    let r = nr.get(d.url("/")).header("host", format!("tipbox.attacker.example:{port}")).send().unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // Forms need the CSRF token and a same-origin request.
    let csrf = csrf_of(&body);
    let status = |form: &[(&str, &str)], extra: Option<(&str, &str)>| {
        let mut req = nr.post(d.url("/case/1/status")).form(form);
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        req.send().unwrap().status().as_u16()
    };
    assert_eq!(status(&[("status", "in-review")], None), 403, "no token");
    assert_eq!(status(&[("csrf", "0"), ("status", "in-review")], None), 403, "wrong token");
    let good = [("csrf", csrf.as_str()), ("status", "in-review")];
    assert_eq!(status(&good, Some(("sec-fetch-site", "cross-site"))), 403);
    assert_eq!(status(&good, Some(("origin", "http://attacker.example"))), 403);
    assert_eq!(status(&good, None), 303);
    assert_eq!(stranger.post(d.url("/case/1/status")).form(&good).send().unwrap().status().as_u16(), 403);

    // The desk holds the vault: the command line waits for it.
    let o = kh.vault(&["list"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("in use"), "{o:?}");

    // Lock ends the desk; the vault is free again, with the change saved.
    let r = nr.post(d.url("/lock")).form(&[("csrf", csrf.as_str())]).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(d.wait_exit(Duration::from_secs(30)).is_some_and(|s| s.success()), "Lock ends the desk");
    let show: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    assert_eq!(show["status"], "in-review");
}

#[test]
fn the_desk_listens_on_loopback_only() {
    let (_s, kh) = vault_with_tips(&[vec![("message", "a tip")]]);
    for addr in ["0.0.0.0:0", "192.168.1.10:8750", "[::]:8750", "localhost:8750", "example.org:80"] {
        let o = kh.vault(&["ui", "--listen", addr]);
        assert_eq!(o.status.code(), Some(2), "{addr}: {o:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains("loopback") || e.contains("not an address"), "{addr}: {e}");
    }
    // [::1] is loopback too.
    let d = DeskProc::start(&kh, &["--listen", "[::1]:0"]);
    assert!(d.unlock.starts_with("http://[::1]:"), "{}", d.unlock);
    assert_eq!(client().get(&d.unlock).send().unwrap().status().as_u16(), 200);
}

#[test]
fn the_desk_locks_when_idle_and_a_crash_leaves_no_stale_lock() {
    let (_s, kh) = vault_with_tips(&[vec![("message", "a tip")]]);
    let mut d = DeskProc::start(&kh, &["--idle", "1s"]);
    let _c = d.unlocked_client();
    assert!(
        d.wait_exit(Duration::from_secs(60)).is_some_and(|s| s.success()),
        "the desk locks itself when idle"
    );
    ok(&kh.vault(&["list"]));

    // Killed outright, the desk leaves a vault that opens at once (the lock is the kernel's).
    let mut d = DeskProc::start(&kh, &[]);
    d.child.kill().unwrap();
    d.child.wait().unwrap();
    ok(&kh.vault(&["list"]));
}

/// No control, direction or invisible character, and no markup from the tip, in `html`.
fn assert_inert_html(label: &str, html: &str) {
    for raw in ["<script", "<img", "<svg", "<b>"] {
        assert!(!html.contains(raw), "{label}: {raw:?} reached the page as markup:\n{html}");
    }
    if let Some(c) =
        html.chars().find(|c| tipbox::text::is_unsafe_for_display(*c) && !matches!(c, '\n' | '\t'))
    {
        panic!("{label}: U+{:04X} reached the page:\n{html}", c as u32);
    }
}

#[test]
fn hostile_text_from_a_bundle_stays_text_at_the_desk() {
    // What a compromised server could put in a bundle: markup, a direction override, a
    // terminal escape and a spreadsheet formula, in the message and an answer.
    let hostile = "<script>alert(1)</script> \u{202E}gpj.exe \u{1b}[31mred =HYPERLINK(\"http://x\") <img src=x onerror=alert(2)>";
    let kh = common::made::vault_with(&[common::made::Tip {
        city: "<b>Rotterdam</b>\u{202E}",
        ..common::made::Tip::new(hostile)
    }]);
    let d = DeskProc::start(&kh, &[]);
    let c = d.unlocked_client();
    for path in ["/", "/case/1", "/?q=script", "/?q=rotterdam"] {
        let html = c.get(d.url(path)).send().unwrap().text().unwrap();
        assert_inert_html(path, &html);
        assert!(
            html.contains("&lt;script&gt;")
                || html.contains("&#60;script&#62;")
                || path.contains("rotterdam"),
            "{path}: shown as text:\n{html}"
        );
        assert!(html.contains("\\u{202e}"), "{path}: the override is shown, not obeyed:\n{html}");
    }
    // Bad input gets a calm 4xx, never a crash.
    for (path, status) in [
        ("/?page=18446744073709551615", 200),
        ("/?page=-1", 400),
        ("/?status=bogus", 400),
        ("/?since=01/12/2026", 400),
        ("/?answer=nonsense", 400),
        (&format!("/?q={}", "x".repeat(201)), 400),
        ("/case/99", 404),
        ("/case/abc", 404),
        ("/nowhere", 404),
    ] {
        let r = c.get(d.url(path)).send().unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert!(r.text().unwrap().contains("<main>"), "{path}: the desk's page");
    }
    // The CSV written from the desk defuses the formula and holds no control character.
    let csrf = d.csrf(&c);
    let out = kh.path("cases.csv");
    let form = [("csrf", csrf.as_str()), ("out", out.to_str().unwrap()), ("with_text", "1")];
    assert_eq!(c.post(d.url("/export")).form(&form).send().unwrap().status().as_u16(), 200);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains('\u{202E}') && !csv.contains('\u{1b}'), "{csv}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    // A second export never replaces the first: 409, with the vault's words naming the file.
    let again = c.post(d.url("/export")).form(&form).send().unwrap();
    assert_eq!(again.status().as_u16(), 409);
    assert!(again.text().unwrap().contains("cases.csv"), "the page names the file");
    // A bundle that is not there: 404, naming it.
    let form = [("csrf", csrf.as_str()), ("bundle", "/nonexistent/bundle.tar")];
    let missing = c.post(d.url("/import")).form(&form).send().unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    assert!(missing.text().unwrap().contains("/nonexistent/bundle.tar"));
}

#[test]
fn attachments_are_listed_never_served() {
    let (_s, kh) =
        one_tip_with_a_file("see the file", "<svg onload=alert(3)>.jpg", b"not really a picture".to_vec());
    let d = DeskProc::start(&kh, &[]);
    let c = d.unlocked_client();
    let html = c.get(d.url("/case/1")).send().unwrap().text().unwrap();
    assert_inert_html("/case/1", &html);
    assert!(html.contains("&lt;svg onload=alert(3)&gt;.jpg") || html.contains("&#60;svg"), "{html}");
    assert!(!html.contains("not really a picture"), "the content is not on the page");
    for attr in ["href=\"/att", "src=\"/att", "<object", "<embed", "<iframe"] {
        assert!(!html.contains(attr), "{attr}");
    }
    // Written out on request only, byte for byte, with a sanitised name, mode 0600.
    let csrf = d.csrf(&c);
    let out = kh.path("files");
    let r = c
        .post(d.url("/case/1/extract"))
        .form(&[("csrf", csrf.as_str()), ("out", out.to_str().unwrap())])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(std::fs::read(out.join(&names[0])).unwrap(), b"not really a picture");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(out.join(&names[0])).unwrap().permissions().mode() & 0o777, 0o600);
    // A relative path depends on where the desk started: refused.
    let r =
        c.post(d.url("/case/1/extract")).form(&[("csrf", csrf.as_str()), ("out", "files2")]).send().unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[test]
fn gps_in_a_photo_is_shown_and_the_cleaned_copy_loses_it_while_the_original_stays() {
    use sha2::Digest;
    let photo = common::jpeg::jpeg_with_gps();
    let (_s, kh) = one_tip_with_a_file("the car outside", "car.jpg", photo.clone());
    let d = DeskProc::start(&kh, &[]);
    let c = d.unlocked_client();
    let html = c.get(d.url("/case/1")).send().unwrap().text().unwrap();
    assert!(html.contains(&format!("reveals a GPS position: {}", common::jpeg::POSITION)), "{html}");
    assert!(html.contains(common::jpeg::MAKE), "the device is named");
    let hash = tipbox::crypto::hex(&sha2::Sha256::digest(&photo));
    assert!(html.contains(&hash), "the original's SHA-256 is on the page");

    let csrf = d.csrf(&c);
    let out = kh.path("files");
    let form = [("csrf", csrf.as_str()), ("out", out.to_str().unwrap()), ("clean", "1")];
    let r = c.post(d.url("/case/1/extract")).form(&form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let done = r.text().unwrap();
    assert!(done.contains("Cleaned copy") && done.contains("manifest.txt"), "{done}");
    assert_eq!(std::fs::read(out.join("01-car.jpg")).unwrap(), photo, "the original stays byte-identical");
    let cleaned = std::fs::read(out.join("01-car.clean.jpg")).unwrap();
    let seen = tipbox::vault::metadata::inspect(&cleaned);
    assert!(seen.inspected && seen.findings.is_empty(), "{:?}", seen.findings);
    let manifest = std::fs::read_to_string(out.join("manifest.txt")).unwrap();
    assert!(manifest.contains(&hash), "{manifest}");
    assert!(manifest.contains(&tipbox::crypto::hex(&sha2::Sha256::digest(&cleaned))), "{manifest}");
}

#[test]
fn the_team_roster_at_the_desk_is_the_vaults() {
    let (_s, kh) = vault_with_tips(&[vec![("message", "a tip")]]);
    let mut d = DeskProc::start(&kh, &[]);
    let c = d.unlocked_client();
    let csrf = d.csrf(&c);
    let bob = age::x25519::Identity::generate();
    let (r, k) = (bob.to_public().to_string(), signing_key(&bob));
    let add = |name: &str| {
        let form =
            [("csrf", csrf.as_str()), ("name", name), ("recipient", r.as_str()), ("signing_key", k.as_str())];
        c.post(d.url("/team/add")).form(&form).send().unwrap()
    };
    let page = add("bob").text().unwrap();
    assert!(page.contains("Added to the team") && page.contains(&r) && page.contains(&k), "{page}");
    // The same rules as `vault team add`: a key already there is refused, with the vault's words.
    let again = add("bobby");
    assert_eq!(again.status().as_u16(), 409);
    assert!(again.text().unwrap().contains("already in the team"));
    let form = [("csrf", csrf.as_str()), ("name", "bob")];
    let page = c.post(d.url("/team/remove")).form(&form).send().unwrap().text().unwrap();
    assert!(page.contains("Removed from the team") && !page.contains(&r), "{page}");
    add("bob");
    // What bob's vault has not seen (nothing yet: it has sent no `seen`), and what is unsent.
    let page = c.get(d.url("/team")).send().unwrap().text().unwrap();
    assert!(page.contains("Not seen yet: 1 item(s) in 1 case(s)"), "{page}");
    assert!(page.contains("Not yet sent to the team"), "{page}");
    // `vault sync` at the desk: a new file, a sync bundle for the roster; then nothing new.
    let out = kh.path("desk-sync.tar");
    let form = [("csrf", csrf.as_str()), ("out", out.to_str().unwrap())];
    let page = c.post(d.url("/team/sync")).form(&form).send().unwrap().text().unwrap();
    assert!(page.contains("written to"), "{page}");
    let m = tipbox::bundle::read::read_manifest(std::fs::File::open(&out).unwrap()).unwrap();
    assert_eq!((m.kind, m.team.len()), (tipbox::bundle::format::BundleKind::Sync, 1));
    assert!(m.keyholders.contains(&r), "encrypted to the roster");
    let again_path = kh.path("again.tar");
    let again = [("csrf", csrf.as_str()), ("out", again_path.to_str().unwrap())];
    let r2 = c.post(d.url("/team/sync")).form(&again).send().unwrap();
    assert!(r2.status().is_client_error(), "{}", r2.status());
    assert!(r2.text().unwrap().contains("nothing new"));
    let page = c.get(d.url("/team")).send().unwrap().text().unwrap();
    assert!(page.contains("has been sent to the team"), "{page}");
    let form = [("csrf", csrf.as_str())];
    c.post(d.url("/lock")).form(&form).send().unwrap();
    d.wait_exit(Duration::from_secs(30)).unwrap();
    assert!(ok(&kh.vault(&["team", "list"])).contains(&r), "the command line sees the desk's roster");
}
