//! Holding under hostile load, against the real server: a corpus of hostile requests, rate
//! limits per Tor circuit with real PROXY headers, the bounded argon2 pool, storage limits,
//! security headers on every error, SIGKILL in the middle of submissions, and file names that
//! disguise an extension (`hostile/filenames.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;
#[path = "hostile/filenames.rs"]
mod filenames;
#[path = "hostile/patience.rs"]
mod patience;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

const B: &str = "XyZzyBoundary7";

/// `(name, filename, content type, bytes)` of one multipart part.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// A multipart body from `(name, filename, content-type, bytes)` parts.
fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, ctype, data) in parts {
        body.extend_from_slice(format!("--{B}\r\n").as_bytes());
        let mut cd = format!("Content-Disposition: form-data; name=\"{name}\"");
        if let Some(f) = filename {
            cd.push_str(&format!("; filename=\"{f}\""));
        }
        body.extend_from_slice(cd.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(t) = ctype {
            body.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{B}--\r\n").as_bytes());
    body
}

std::thread_local! {
    /// The pre-session cookie [`post`] sends: anonymous forms' tokens are bound to it, and a
    /// corpus aimed at the form parser must get past that check to reach it.
    static FORM_COOKIE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Makes [`post`] on this thread send `cookie` (`name=value`, from [`form_token`]).
fn use_form_cookie(cookie: &str) {
    FORM_COOKIE.with(|c| *c.borrow_mut() = cookie.to_owned());
}

fn post(path: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
    let cookie = FORM_COOKIE.with(|c| c.borrow().clone());
    let cookie = if cookie.is_empty() { String::new() } else { format!("Cookie: {cookie}\r\n") };
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{cookie}Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn post_form(body: &[u8]) -> Vec<u8> {
    post("/submit", &format!("multipart/form-data; boundary={B}"), body)
}

/// Every hostile request, with a label. Each must get a 4xx and change nothing.
fn corpus(csrf: &str) -> Vec<(String, Vec<u8>)> {
    let mut c: Vec<(String, Vec<u8>)> = Vec::new();
    let ok_csrf = ("csrf", None, None, csrf.as_bytes());
    let mut add = |label: &str, req: Vec<u8>| c.push((label.to_owned(), req));

    // Request line and headers.
    for (i, line) in [
        "GARBAGE",
        "GET",
        "GET / HTTP/9.9",
        "GET /\0 HTTP/1.1",
        "GET / HTTP/1.1 extra",
        "POST /submit HTTP/1.1\r\nContent-Length: -1",
        "POST /submit HTTP/1.1\r\nContent-Length: 12abc",
        "POST /submit HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6",
        "POST /submit HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5",
        "POST /submit HTTP/1.1\r\nTransfer-Encoding: gzip, chunked",
        "POST /submit HTTP/1.1\r\nHost: a\r\nHost: b\r\nTransfer-Encoding: chunked\r\n\r\nZZZ",
        " GET / HTTP/1.1",
        "GET /\u{202e}txt HTTP/1.1",
        "POST /submit HTTP/1.1\r\nBad Header: x",
        "POST /submit HTTP/1.1\r\n: empty-name",
        "POST /submit HTTP/1.1\r\nX: a\x01b",
    ]
    .iter()
    .enumerate()
    {
        add(&format!("request line {i}"), format!("{line}\r\n\r\n").into_bytes());
    }
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    add("100 KB request line", long_uri.into_bytes());
    let mut many = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
    for i in 0..10_000 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("\r\n");
    add("10 000 headers", many.into_bytes());
    add(
        "100 KB header value",
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "v".repeat(100_000)).into_bytes(),
    );
    add("invalid UTF-8 path", b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec());
    add(
        "overlong UTF-8 path",
        b"GET /%c0%af%c0%afetc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
    );
    for path in [
        "/../../etc/passwd",
        "/static/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2fstyle.css",
        "//etc/passwd",
        "/submit/../../",
        "/inbox%00",
        "/static/style.css/..",
    ] {
        add(
            &format!("traversal {path}"),
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes(),
        );
    }
    for m in ["PUT", "DELETE", "PATCH", "TRACE", "CONNECT"] {
        add(
            &format!("method {m}"),
            format!("{m} /submit HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                .into_bytes(),
        );
    }
    add(
        "chunked garbage",
        b"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n"
            .to_vec(),
    );
    add("announced 999 GB", format!("POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={B}\r\nContent-Length: 999999999999\r\n\r\n--{B}").into_bytes());

    // Content types.
    let simple = multipart(&[ok_csrf, ("message", None, None, b"hello")]);
    for t in [
        "application/json",
        "text/plain",
        "multipart/mixed; boundary=XyZzyBoundary7",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=wrong",
        "image/png",
        "",
    ] {
        add(&format!("content type {t:?}"), post("/submit", t, &simple));
    }
    // Broken multipart framing.
    add("no closing boundary", post_form(&simple[..simple.len() - 12]));
    add(
        "boundary without CRLF",
        post_form(
            format!("--{B}Content-Disposition: form-data; name=\"message\"\r\n\r\nx\r\n--{B}--").as_bytes(),
        ),
    );
    add(
        "headers without blank line",
        post_form(
            format!("--{B}\r\nContent-Disposition: form-data; name=\"message\"\r\nx\r\n--{B}--\r\n")
                .as_bytes(),
        ),
    );
    add(
        "LF only",
        post_form(
            format!("--{B}\nContent-Disposition: form-data; name=\"message\"\n\nx\n--{B}--\n").as_bytes(),
        ),
    );
    add("empty body", post_form(b""));
    add("only preamble", post_form(b"just some text without any boundary"));
    add(
        "missing content-disposition",
        post_form(format!("--{B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{B}--\r\n").as_bytes()),
    );
    add(
        "disposition without name",
        post_form(format!("--{B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{B}--\r\n").as_bytes()),
    );
    add(
        "attachment disposition",
        post_form(
            format!("--{B}\r\nContent-Disposition: attachment; name=\"message\"\r\n\r\nx\r\n--{B}--\r\n")
                .as_bytes(),
        ),
    );
    add("giant field name", post_form(&multipart(&[ok_csrf, (&"n".repeat(100_000), None, None, b"x")])));
    add("giant part header", post_form(format!("--{B}\r\nContent-Disposition: form-data; name=\"message\"\r\nX-Pad: {}\r\n\r\nx\r\n--{B}--\r\n", "p".repeat(100_000)).as_bytes()));
    add("100 part headers", {
        let mut h = String::new();
        for i in 0..100 {
            h.push_str(&format!("X-{i}: v\r\n"));
        }
        post_form(
            format!("--{B}\r\nContent-Disposition: form-data; name=\"message\"\r\n{h}\r\nx\r\n--{B}--\r\n")
                .as_bytes(),
        )
    });
    add("nested multipart", post_form(format!("--{B}\r\nContent-Disposition: form-data; name=\"message\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--inner--\r\n--{B}--\r\n").as_bytes()));
    let mut truncated = post_form(&simple);
    truncated.truncate(truncated.len() - 20);
    add("truncated body", truncated);
    let mut short = format!("POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={B}\r\nContent-Length: 5000\r\n\r\n").into_bytes();
    short.extend_from_slice(&simple);
    add("content-length longer than body", short);

    // Fields.
    let csrf_first = |rest: &[Part<'_>]| {
        let mut v = vec![ok_csrf];
        v.extend_from_slice(rest);
        post_form(&multipart(&v))
    };
    for (label, field, value) in [
        ("invalid UTF-8 message", "message", &b"caf\xe9 \xff"[..]),
        ("overlong slash", "message", b"\xc0\xaf"),
        ("overlong NUL", "message", b"\xc0\x80"),
        ("surrogate half", "message", b"\xed\xa0\x80"),
        ("NUL in message", "message", b"a\0b"),
        ("escape sequence", "message", b"\x1b[2J\x1b[31mred"),
        ("bell", "message", b"ding\x07"),
        ("NUL in city", "city", b"Rome\0"),
        ("newline in city", "city", b"Rome\nParis"),
        ("tab in when", "when", b"2024\t"),
        ("invalid UTF-8 city", "city", b"\xff\xff"),
        ("lowercase country", "country", b"nl"),
        ("unknown country", "country", b"XX"),
        ("three-letter country", "country", b"NLD"),
        ("country with NUL", "country", b"N\0"),
        ("bad role", "role", b"admin"),
        ("role injection", "role", b"self\" onmouseover=\""),
        ("bad incident", "incident", b"alien_abduction"),
        ("incident case", "incident", b"Harassment"),
        ("bad contact_ok", "contact_ok", b"definitely"),
        ("honeypot", "website", b"http://spam.example"),
        ("message over the limit", "message", &[b'm'; 100_001 * 4]),
        ("city over the limit", "city", &[b'c'; 900]),
        ("when over the limit", "when", &[b'w'; 900]),
    ] {
        add(label, csrf_first(&[(field, None, None, value)]));
    }
    for f in ["unknown", "submit", "lang", "message[]", "MESSAGE", "csrf ", "attachment2", "", "\0"] {
        add(
            &format!("unknown field {f:?}"),
            csrf_first(&[("message", None, None, b"x"), (f, None, None, b"v")]),
        );
    }
    for f in ["message", "country", "city", "when", "role", "contact_ok", "csrf", "website"] {
        let v: &[u8] = if f == "csrf" {
            csrf.as_bytes()
        } else if f == "country" {
            b"NL"
        } else if f == "role" {
            b"self"
        } else if f == "contact_ok" {
            b"yes"
        } else {
            b""
        };
        add(
            &format!("duplicate {f}"),
            csrf_first(&[("message", None, None, b"x"), (f, None, None, v), (f, None, None, v)]),
        );
    }
    for (i, bad) in [
        &b"\x80"[..],
        b"\xbf\xbf",
        b"\xc2",
        b"\xe2\x82",
        b"\xf0\x9f\x98",
        b"\xf8\x88\x80\x80\x80",
        b"\xfc\x84\x80\x80\x80\x80",
        b"\xe0\x80\xaf",
        b"\xf0\x80\x80\xaf",
        b"\xf4\x90\x80\x80",
        b"\xed\xbf\xbf",
        b"a\xfe\xffb",
    ]
    .iter()
    .enumerate()
    {
        add(&format!("invalid UTF-8 {i} in message"), csrf_first(&[("message", None, None, bad)]));
        add(
            &format!("invalid UTF-8 {i} in city"),
            csrf_first(&[("message", None, None, b"x"), ("city", None, None, bad)]),
        );
    }
    add("no message and no file", csrf_first(&[("city", None, None, b"Rome")]));
    add("only csrf", post_form(&multipart(&[ok_csrf])));
    let many_parts: Vec<Part<'_>> = (0..80).map(|_| ("incident", None, None, &b"harassment"[..])).collect();
    add("80 parts", csrf_first(&many_parts));

    // Files.
    for name in [
        "../../etc/passwd",
        "..\\\\..\\\\windows\\\\system32",
        "/etc/shadow",
        "C:\\\\boot.ini",
        "..",
        ".",
        "a/b.jpg",
        "invoice\u{202e}fdp.exe",
        "\u{2066}photo\u{2069}.jpg",
        "zero\u{200b}width.txt",
        "bom\u{feff}.txt",
        "nul\0.txt",
        "tab\t.txt",
        "newline\r\n.txt",
    ] {
        add(
            &format!("filename {name:?}"),
            csrf_first(&[("attachment", Some(name), Some("image/jpeg"), b"\xff\xd8\xff")]),
        );
    }
    // A name that is only too long is shortened, not refused (tests/sending.rs).
    add(
        "filename 300 chars, invisible",
        csrf_first(&[("attachment", Some(&format!("{}\u{2800}", "f".repeat(300))), None, b"x")]),
    );
    add(
        "chosen empty file",
        csrf_first(&[("message", None, None, b"x"), ("attachment", Some("empty.txt"), None, b"")]),
    );
    add("file part without filename", csrf_first(&[("attachment", None, Some("text/plain"), b"x")]));
    let eleven: Vec<Part<'_>> = std::iter::once(ok_csrf)
        .chain((0..11).map(|_| ("attachment", Some("f.txt"), Some("text/plain"), &b"data"[..])))
        .collect();
    add("11 files", post_form(&multipart(&eleven)));
    add("file before csrf", post_form(&multipart(&[("attachment", Some("a.txt"), None, b"x"), ok_csrf])));
    add(
        "file without csrf",
        post_form(&multipart(&[("message", None, None, b"x"), ("attachment", Some("a.txt"), None, b"x")])),
    );

    // Forged CSRF tokens.
    let mut flipped = csrf.as_bytes().to_vec();
    let last = flipped.len() - 1;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    for (label, token) in [
        ("empty csrf", b"".to_vec()),
        ("random csrf", b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_vec()),
        ("flipped csrf", flipped),
        ("truncated csrf", csrf.as_bytes()[..csrf.len() - 2].to_vec()),
        ("extended csrf", format!("{csrf}AA").into_bytes()),
        ("csrf with NUL", format!("{csrf}\0").into_bytes()),
        ("csrf 10 KB", vec![b'A'; 10_000]),
        ("csrf invalid UTF-8", b"\xff\xfe\xfd".to_vec()),
        ("csrf from the future", b"f_____________________________8".to_vec()),
    ] {
        add(label, post_form(&multipart(&[("csrf", None, None, &token), ("message", None, None, b"x")])));
    }
    add("no csrf at all", post_form(&multipart(&[("message", None, None, b"x")])));

    // Login.
    let login = |body: &str| post("/login", "application/x-www-form-urlencoded", body.as_bytes());
    add("login forged csrf", login("csrf=AAAA&codename=abandon+ability"));
    add("login no fields", login(""));
    add("login bad percent", login("csrf=%ZZ&codename=%"));
    add("login only codename", login("codename=abandon"));
    add("login 10 KB body", login(&format!("csrf=x&codename={}", "a".repeat(10_000))));
    add("login json", post("/login", "application/json", b"{\"codename\":\"x\"}"));
    add("login multipart", post("/login", &format!("multipart/form-data; boundary={B}"), &simple));
    add(
        "login invalid UTF-8",
        post("/login", "application/x-www-form-urlencoded", b"csrf=\xff&codename=\xfe"),
    );
    add("login duplicate fields", login("csrf=a&csrf=b&codename=c"));
    add("logout without session", post("/logout", "application/x-www-form-urlencoded", b"csrf=x"));
    add(
        "followup without session",
        post("/followup", &format!("multipart/form-data; boundary={B}"), &simple),
    );
    c
}

fn status_ok_4xx(resp: &str) -> bool {
    (400..500).contains(&status_of(resp))
}

#[test]
fn hostile_corpus_gets_4xx_and_changes_nothing() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    // Something already stored, which must survive untouched.
    let (st, body) = submit(&s, &c, &[("message", "already here")], vec![("keep.bin", vec![7u8; 50_000])]);
    assert_eq!(st, 200);
    let codename = codename_of(&body);
    let form = form_token(&s, "/submit");
    use_form_cookie(&form.cookie);
    let corpus = corpus(&form.csrf);
    assert!(corpus.len() >= 150, "corpus has {} requests", corpus.len());
    let mut failures = vec![];
    for (i, (label, req)) in corpus.iter().enumerate() {
        let resp = raw_request(&s.base, req);
        let st = status_of(&resp);
        // Session routes without a session answer with the login page: a redirect, or (for a
        // follow-up, whose text is kept for the login) the page itself. Either stores nothing,
        // which the end of this test checks.
        let login_page = st == 200 && resp.contains("action=\"/login");
        let fine = status_ok_4xx(&resp) || (label.contains("without session") && (st == 303 || login_page));
        if !fine {
            failures.push(format!("{label}: got {st}: {}", resp.lines().next().unwrap_or("(no response)")));
        }
        if i % 25 == 0 {
            assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200, "server down after {label}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile requests not answered 4xx:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
    assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200);
    assert!(login(&s, &c, &codename).is_some(), "the stored source still logs in");
    s.stop();
    let logs = s.logs();
    assert!(!logs.contains("panicked"), "no panic: {logs}");
    for secret in [form.csrf.as_str(), codename.as_str(), "alien_abduction", "spam.example", "passwd"] {
        assert!(!logs.contains(secret), "{secret} in logs");
    }
    let store = s.open_store();
    assert_eq!(store.item_count(), 1, "store unchanged");
    assert_eq!(files_under(&s.data.join("blobs")).len(), 2, "no part file left behind");
}

#[test]
fn keyholder_api_corpus() {
    let s = Server::start(Opts::default());
    let auth = format!("Authorization: Bearer {}\r\n", s.token);
    let mut reqs: Vec<(String, Vec<u8>)> = vec![];
    for (path, body) in [
        ("/keyholder/v1/ack", &b"not json"[..]),
        ("/keyholder/v1/ack", b"{\"items\": 5}"),
        ("/keyholder/v1/ack", b"{\"items\": [\"../../etc\"]}"),
        ("/keyholder/v1/ack", b"{\"items\": [], \"extra\": 1}"),
        ("/keyholder/v1/replies", b""),
        ("/keyholder/v1/replies", b"garbage"),
        ("/keyholder/v1/replies", &[0u8; 1024]),
    ] {
        let mut r = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        reqs.push((format!("{path} {}", String::from_utf8_lossy(&body[..body.len().min(20)])), r));
    }
    for h in [
        "Authorization: Bearer\r\n",
        "Authorization: Basic dXNlcjpwYXNz\r\n",
        "Authorization: Bearer \0\r\n",
        "",
        "Authorization: bearer x\r\n",
    ] {
        reqs.push((
            format!("auth {h:?}"),
            format!("GET /keyholder/v1/bundle HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{h}\r\n")
                .into_bytes(),
        ));
    }
    reqs.push((
        "too large ack".into(),
        format!("POST /keyholder/v1/ack HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 99999999999\r\n\r\n")
            .into_bytes(),
    ));
    reqs.push((
        "unknown route".into(),
        format!("GET /keyholder/v2/bundle HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n")
            .into_bytes(),
    ));
    for (label, r) in reqs {
        let resp = raw_request(&s.kh_base, &r);
        assert!(status_ok_4xx(&resp), "{label}: {}", resp.lines().next().unwrap_or(""));
    }
}

/// A raw request carrying a circuit's PROXY header.
fn via_circuit(s: &Server, circuit: u32, req: &[u8]) -> String {
    let addr =
        std::net::Ipv6Addr::new(0xfc00, 0xdead, 0xbeef, 0x4dad, 0, 0, (circuit >> 16) as u16, circuit as u16);
    raw_request_with(&s.base, Some(&format!("PROXY TCP6 {addr} ::1 65535 80\r\n")), req)
}

#[test]
fn per_circuit_limits_with_real_proxy_headers() {
    let rates = "[rate_limits]\nsubmissions_per_minute = 600\nsubmissions_burst = 100\nlogins_per_minute = 600\nlogins_burst = 100\nper_circuit_per_minute = 3\nper_circuit_burst = 3\n";
    let s = Server::start(Opts { extra: rates.into(), proxy: true, ..Default::default() });
    let page = via_circuit(&s, 7, b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status_of(&page), 200, "{page}");
    let csrf = csrf_of(&page);
    use_form_cookie(&raw_set_cookie(&page, "form"));
    let attempt = |circuit: u32| {
        let body = format!("csrf={csrf}&codename=abandon+ability+able+about+above+absent+absorb+abstract");
        let req = post("/login", "application/x-www-form-urlencoded", body.as_bytes());
        status_of(&via_circuit(&s, circuit, &req))
    };
    let a: Vec<u16> = (0..5).map(|_| attempt(0xA1)).collect();
    assert_eq!(&a[..3], &[403, 403, 403], "{a:?}");
    assert_eq!(&a[3..], &[429, 429], "the flooding circuit is throttled: {a:?}");
    let resp = via_circuit(
        &s,
        0xA1,
        &post("/login", "application/x-www-form-urlencoded", format!("csrf={csrf}&codename=x").as_bytes()),
    );
    assert!(resp.to_ascii_lowercase().contains("retry-after:"), "{resp}");
    assert!(resp.contains("Too many requests"), "calm page");
    assert_eq!(attempt(0xB2), 403, "another circuit is not throttled");
    // Without a PROXY header, or with one that lies, the connection is dropped unanswered.
    for bad in [
        "",
        "PROXY TCP4 fc00::1 ::1 1 2\r\n",
        "PROXY TCP6 fc00:dead:beef:4dad::1 ::1 99999 80\r\n",
        "PROXY TCP6  fc00:dead:beef:4dad::1 ::1 1 80\r\n",
        "GET / HTTP/1.1\r\n",
        "PROXY TCP6 fc00:dead:beef:4dad::1 ::1 1 80\n",
    ] {
        let resp =
            raw_request_with(&s.base, Some(bad), b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(resp, "", "{bad:?} must be dropped");
    }
    assert_eq!(
        status_of(&via_circuit(&s, 9, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        200
    );
    let logs = s.logs();
    assert!(!logs.contains("fc00:dead"), "circuit addresses never logged");
    assert!(!logs.contains("circuit"), "circuit ids never logged: {logs}");
}

#[test]
fn argon2_pool_is_bounded_under_parallel_logins() {
    let extra = "[argon2]\nmemory_kib = 32768\niterations = 2\nparallelism = 1\nworkers = 2\nqueue = 8\n";
    let s = Arc::new(Server::start(Opts { extra: extra.into(), ..Default::default() }));
    let c = s.client();
    let form = form_token(&s, "/login");
    let base_rss = s.proc_status_kib("VmRSS");
    let statuses = Arc::new(Mutex::new(vec![]));
    let start = Instant::now();
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let (s, form, statuses) = (s.clone(), form.clone(), statuses.clone());
            std::thread::spawn(move || {
                let c =
                    reqwest::blocking::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
                let r = c
                    .post(s.url("/login"))
                    .header("cookie", &form.cookie)
                    .form(&[
                        ("csrf", form.csrf.as_str()),
                        ("codename", &format!("wrong words number {i} a b c d")),
                    ])
                    .send()
                    .unwrap();
                statuses.lock().unwrap().push(r.status().as_u16());
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = start.elapsed();
    let st = statuses.lock().unwrap().clone();
    let busy = st.iter().filter(|s| **s == 503).count();
    let denied = st.iter().filter(|s| **s == 403).count();
    assert_eq!(busy + denied, 200, "only 'busy' or 'not found': {st:?}");
    assert!(busy > 0, "the queue overflowed into calm 503s");
    assert!(denied >= 2, "the pool kept working");
    let hwm = s.proc_status_kib("VmHWM");
    let bound = 2 * 32 * 1024 + 128 * 1024;
    eprintln!(
        "200 logins in {elapsed:?}: {denied} answered, {busy} busy; VmRSS before {base_rss} KiB, VmHWM {hwm} KiB (bound {bound} KiB)"
    );
    assert!(hwm <= bound, "VmHWM {hwm} KiB above pool × argon2 memory + 128 MiB");
    assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200);
}

#[test]
fn storage_quota_refuses_new_tips_and_keeps_everything_else() {
    let mut s = Server::start(Opts {
        extra: "[storage]\nquota_mib = 4\nreserve_mib = 0\n".into(),
        ..Default::default()
    });
    let c = s.client();
    let mut stored = vec![];
    let mut refused = 0;
    for i in 0..12 {
        let (st, body) =
            submit(&s, &c, &[("message", &format!("tip {i}"))], vec![("f.bin", vec![i as u8; 700_000])]);
        match st {
            200 => stored.push(codename_of(&body)),
            507 => {
                refused += 1;
                assert!(body.contains("cannot take new reports right now"), "clear page");
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(refused > 0 && !stored.is_empty(), "{} stored, {refused} refused", stored.len());
    // Logins, the inbox and the keyholder API keep working.
    let cookie = login(&s, &c, &stored[0]).unwrap();
    assert_eq!(c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().status().as_u16(), 200);
    let r = http().get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let bundle = r.bytes().unwrap();
    let m = tipbox::bundle::read::read_manifest(&bundle[..]).unwrap();
    assert_eq!(m.items.len(), stored.len());
    s.stop();
    let store = s.open_store();
    assert_eq!(store.item_count(), stored.len(), "nothing half-stored");
    for rec in store.items() {
        let rec = rec.unwrap();
        for p in &rec.parts {
            decrypt_part(&store, p, &s.identities[0]);
        }
    }
}

#[test]
fn free_disk_reserve_refuses_before_writing() {
    // A reserve larger than any disk: every new tip is refused, before a byte is written.
    let mut s =
        Server::start(Opts { extra: "[storage]\nreserve_mib = 1000000000\n".into(), ..Default::default() });
    let c = s.client();
    let (st, _) = submit(&s, &c, &[("message", "no room")], vec![("f.bin", vec![1; 1000])]);
    assert_eq!(st, 507);
    assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200);
    s.stop();
    assert_eq!(s.open_store().item_count(), 0);
    assert!(files_under(&s.data.join("blobs")).is_empty());
}

const REQUIRED: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("x-robots-tag", "noindex"),
];

fn check_headers(label: &str, resp: &str) {
    let head = resp.split("\r\n\r\n").next().unwrap_or("").to_ascii_lowercase();
    for (name, value) in REQUIRED {
        let line = head
            .lines()
            .find(|l| l.starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{label}: no {name}:\n{head}"));
        assert!(line.contains(&value.to_ascii_lowercase()), "{label}: {line}");
    }
    assert!(head.contains("permissions-policy:") && head.contains("camera=()"), "{label}");
    assert!(!head.contains("\nserver:"), "{label}: Server header");
    assert!(!head.contains("\netag:"), "{label}: ETag header");
}

#[test]
fn every_status_carries_the_security_headers() {
    let extra = "[rate_limits]\nlogins_per_minute = 1\nlogins_burst = 1\n[storage]\nquota_mib = 50\nreserve_mib = 0\n";
    let s = Server::start(Opts { extra: extra.into(), ..Default::default() });
    let form = form_token(&s, "/login");
    use_form_cookie(&form.cookie);
    let csrf = form.csrf;
    let login_req = |code: &str| {
        post("/login", "application/x-www-form-urlencoded", format!("csrf={csrf}&codename={code}").as_bytes())
    };
    let cases: Vec<(&str, u16, String)> = vec![
        ("200 page", 200, raw_request(&s.base, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        ("200 css", 200, raw_request(&s.base, b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        ("404", 404, raw_request(&s.base, b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        ("405", 405, raw_request(&s.base, b"DELETE /submit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        ("403", 403, raw_request(&s.base, &login_req("x").replace_csrf())),
        ("400", 400, raw_request(&s.base, &post_form(b"junk"))),
        ("413", 413, raw_request(&s.base, b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 99999999999\r\n\r\n--x--")),
        ("429", 429, {
            let _ = raw_request(&s.base, &login_req("a"));
            raw_request(&s.base, &login_req("b"))
        }),
        ("507", 507, raw_request(&s.base, &post_form(&multipart(&[("csrf", None, None, form_token(&s, "/submit").csrf.as_bytes()), ("message", None, None, &vec![b'm'; 1000])])).with_length(100 * 1024 * 1024))),
        ("keyholder 401", 401, raw_request(&s.kh_base, b"GET /keyholder/v1/bundle HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        ("keyholder 404", 404, raw_request(&s.kh_base, b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
    ];
    for (label, status, resp) in cases {
        assert_eq!(status_of(&resp), status, "{label}: {}", resp.lines().next().unwrap_or(""));
        check_headers(label, &resp);
    }
}

/// Small helpers for building the header test's requests.
trait ReqExt {
    fn replace_csrf(self) -> Vec<u8>;
    fn with_length(self, len: usize) -> Vec<u8>;
}

impl ReqExt for Vec<u8> {
    /// Replaces the CSRF token with a forged one.
    fn replace_csrf(self) -> Vec<u8> {
        let s = String::from_utf8(self).unwrap();
        let start = s.find("csrf=").unwrap() + 5;
        let end = s[start..].find('&').unwrap() + start;
        let forged = format!("{}{}{}", &s[..start], "A".repeat(end - start), &s[end..]);
        forged.into_bytes()
    }
    /// Announces a larger `Content-Length` (the quota check refuses before reading).
    fn with_length(self, len: usize) -> Vec<u8> {
        let s = String::from_utf8_lossy(&self).into_owned();
        let start = s.find("Content-Length: ").unwrap() + 16;
        let end = s[start..].find("\r\n").unwrap() + start;
        format!("{}{len}{}", &s[..start], &s[end..]).into_bytes()
    }
}

#[test]
fn sigkill_mid_submissions_loses_no_acknowledged_tip() {
    let mut s = Server::start(Opts::default());
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(vec![]));
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut rounds = 0;
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    while Instant::now() < deadline && rounds < 8 {
        rounds += 1;
        let stop = Arc::new(AtomicBool::new(false));
        let base = s.base.clone();
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let (stop, ack, base) = (stop.clone(), acknowledged.clone(), base.clone());
                std::thread::spawn(move || {
                    let c = reqwest::blocking::Client::builder()
                        .cookie_store(true)
                        .timeout(Duration::from_secs(10))
                        .build()
                        .unwrap();
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        i += 1;
                        let msg = format!("round {rounds} thread {t} tip {i}");
                        let Ok(page) = c.get(format!("{base}/submit")).send().and_then(|r| r.text()) else {
                            break;
                        };
                        let mut form = reqwest::blocking::multipart::Form::new()
                            .text("csrf", csrf_of(&page))
                            .text("message", msg.clone());
                        if i % 3 == 0 {
                            let data: Vec<u8> = (0..300_000u32).map(|x| (x ^ i) as u8).collect();
                            form = form.part(
                                "attachment",
                                reqwest::blocking::multipart::Part::bytes(data).file_name("a.bin"),
                            );
                        }
                        match c.post(format!("{base}/submit")).multipart(form).send() {
                            Ok(r) if r.status().as_u16() == 200 => {
                                if r.text().is_ok_and(|b| b.contains("id=\"codename\"")) {
                                    ack.lock().unwrap().push(msg);
                                }
                            }
                            _ => break,
                        }
                    }
                })
            })
            .collect();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(300 + seed % 1200));
        s.kill();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            let _ = w.join();
        }
        s.restart();
        let c = s.client();
        assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200, "reopened after kill {rounds}");
    }
    // Nothing half-written shows in a bundle: every part in it is complete and decrypts.
    let r = http().get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
    let bundle = r.bytes().unwrap();
    let id = &s.identities[0];
    let mut docs = std::collections::HashSet::new();
    tipbox::bundle::read::read_bundle(&bundle[..], |_, p, r| {
        let mut ct = vec![];
        std::io::Read::read_to_end(r, &mut ct).unwrap();
        let plain = tipbox::crypto::seal::decrypt(id, &ct).map_err(|e| e.to_string())?;
        if p.role == tipbox::store::PartRole::Document {
            let d: tipbox::bundle::document::TipDocument =
                tipbox::bundle::document::from_json(&plain).unwrap();
            docs.insert(d.message);
        }
        Ok(())
    })
    .unwrap();
    s.stop();
    let acked = acknowledged.lock().unwrap().clone();
    eprintln!("{rounds} SIGKILLs, {} acknowledged tips, {} in the store", acked.len(), docs.len());
    assert!(acked.len() > 10, "the test exercised the server");
    for m in &acked {
        assert!(docs.contains(m), "acknowledged tip lost: {m}");
    }
    let store = s.open_store();
    let rec = store.recovery();
    assert_eq!(rec.missing_parts, 0);
    let referenced: usize = store.items().map(|r| r.unwrap().parts.len()).sum();
    assert_eq!(
        files_under(&s.data.join("blobs")).len(),
        referenced,
        "no orphan part file survives a restart"
    );
    let _ = std::io::stdout().flush();
}

#[test]
fn slow_clients_are_cut_off() {
    let s = Server::start(Opts {
        extra: "[http]\nheader_timeout_secs = 2\nbody_idle_timeout_secs = 2\n".into(),
        ..Default::default()
    });
    let c = s.client();
    let form = form_token(&s, "/submit");
    let csrf = form.csrf.clone();
    let addr = s.base.trim_start_matches("http://").to_owned();
    // Our read timeout (30 s) is far above the server's (2 s): a closed connection or a 408
    // before it means the server cut the client off; a read timeout means it did not.
    let wait = |mut t: std::net::TcpStream| -> (String, bool) {
        t.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match std::io::Read::read(&mut t, &mut buf) {
                Ok(0) => return (String::from_utf8_lossy(&out).into_owned(), true),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut =>
                {
                    return (String::from_utf8_lossy(&out).into_owned(), false);
                }
                Err(_) => return (String::from_utf8_lossy(&out).into_owned(), true),
            }
        }
    };
    // Headers trickled and then stalled.
    let mut t = std::net::TcpStream::connect(&addr).unwrap();
    t.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let (resp, closed) = wait(t);
    assert!(closed, "a stalled request head is cut off");
    assert!(resp.is_empty() || status_of(&resp) == 408, "{resp}");
    // A body that stalls after a few bytes.
    let body = multipart(&[("csrf", None, None, csrf.as_bytes()), ("message", None, None, b"slow")]);
    let mut t = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /submit HTTP/1.1\r\nHost: x\r\nCookie: {}\r\nContent-Type: multipart/form-data; boundary={B}\r\nContent-Length: {}\r\n\r\n",
        form.cookie,
        body.len() + 100_000
    );
    t.write_all(head.as_bytes()).unwrap();
    t.write_all(&body[..body.len() - 10]).unwrap();
    let (resp, closed) = wait(t);
    assert!(closed || status_of(&resp) == 408, "a stalled body is cut off");
    assert!(resp.is_empty() || status_of(&resp) == 408, "{resp}");
    assert_eq!(c.get(s.url("/")).send().unwrap().status().as_u16(), 200);
}

#[test]
fn sessions_have_their_own_bucket() {
    let rates = "[rate_limits]\nfollowups_per_minute = 600\nfollowups_burst = 100\nper_session_per_minute = 2\nper_session_burst = 2\n";
    let s = Server::start(Opts { extra: rates.into(), ..Default::default() });
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "session limits")], vec![]);
    let cookie = login(&s, &c, &codename_of(&body)).unwrap();
    let send = || {
        let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
        let form =
            reqwest::blocking::multipart::Form::new().text("csrf", csrf_of(&inbox)).text("message", "more");
        c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap().status().as_u16()
    };
    assert_eq!(send(), 303);
    assert_eq!(send(), 303);
    assert_eq!(send(), 429, "the session's own bucket is empty");
    // Another source's session is not affected.
    let (_, body2) = submit(&s, &c, &[("message", "other")], vec![]);
    let cookie2 = login(&s, &c, &codename_of(&body2)).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie2).send().unwrap().text().unwrap();
    let form =
        reqwest::blocking::multipart::Form::new().text("csrf", csrf_of(&inbox)).text("message", "fine");
    assert_eq!(
        c.post(s.url("/followup"))
            .header("cookie", &cookie2)
            .multipart(form)
            .send()
            .unwrap()
            .status()
            .as_u16(),
        303
    );
}
