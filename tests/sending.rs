//! What a source meets while writing and sending, against the real server over HTTP: limits
//! written as their language writes numbers, a form too large that comes back filled in and
//! says the limit, a long paste that is kept to the limit and told, a long file name shortened
//! instead of refused, advice on what a photo reveals beside the file field, safety advice
//! before the button, and a codename in the script the source chooses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::cli::*;
use common::*;

const SMALL: &str = "[limits]\nmax_message_chars = 1000\nmax_field_chars = 40\nmax_files = 3\nmax_submission_bytes = 100000\n";

fn page(s: &Server, path: &str) -> String {
    s.client().get(s.url(path)).send().unwrap().text().unwrap()
}

#[test]
fn limits_are_written_as_the_page_language_writes_numbers() {
    let s = Server::start(Opts::default());
    let en = page(&s, "/submit?lang=en");
    assert!(en.contains("Up to 100,000 characters") && en.contains("524 MB in total"), "{en}");
    assert!(!en.contains("MiB") && !en.contains("100000"), "no programmer's units or bare long numbers");
    let de = page(&s, "/submit?lang=de");
    assert!(de.contains("100.000") && de.contains("524 MB"), "German grouping");
    let fr = page(&s, "/submit?lang=fr");
    assert!(fr.contains("100\u{202F}000") && fr.contains("524 Mo"), "French grouping and octets");
    let zh = page(&s, "/submit?lang=zh-Hans");
    assert!(zh.contains("100,000") && zh.contains("524 MB"), "Chinese");
    // The message field has no maxlength: a browser would cut a paste without a word.
    assert!(!en.contains("maxlength=\"100000\""), "{en}");
}

/// A multipart body in browser order (small fields first, then the file).
fn browser_body(csrf: &str, fields: &[(&str, &str)], file: Option<(&str, usize)>) -> Vec<u8> {
    let mut b =
        format!("--X\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
    for (k, v) in fields {
        b.extend(format!("--X\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").bytes());
    }
    if let Some((name, len)) = file {
        b.extend(
            format!("--X\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n").bytes(),
        );
        b.extend(std::iter::repeat_n(b'j', len));
        b.extend(b"\r\n");
    }
    b.extend(b"--X--\r\n");
    b
}

fn post_raw(s: &Server, cookie: &str, body: &[u8], announced: usize) -> String {
    let mut r = format!(
        "POST /submit?lang=en HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=X\r\nContent-Length: {announced}\r\n\r\n"
    )
    .into_bytes();
    r.extend_from_slice(body);
    // Like a browser, the writing side stays open while the answer is read: an announced body
    // that is still arriving, not one that ended early.
    use std::io::Write;
    let mut t = std::net::TcpStream::connect(s.base.trim_start_matches("http://")).unwrap();
    t.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    t.write_all(&r).unwrap();
    read_response(&mut t)
}

const WRITTEN: [(&str, &str); 5] = [
    ("message", "They called my mother every night."),
    ("country", "NL"),
    ("city", "Rotterdam-Zuid"),
    ("when", "since March"),
    ("incident", "family_threats"),
];

#[track_caller]
fn assert_filled(resp: &str) {
    assert!(resp.contains("They called my mother every night."), "message kept: {resp}");
    assert!(
        resp.contains("value=\"Rotterdam-Zuid\"") && resp.contains("value=\"since March\""),
        "city/when kept"
    );
    assert!(resp.contains("<option value=\"NL\" selected>"), "country kept");
    assert!(resp.contains("value=\"family_threats\" checked"), "incident kept");
    assert!(resp.contains("Too large: at most 100 kB in total."), "the limit is named: {resp}");
    assert!(resp.contains("files are not kept"), "the source is told to choose the files again");
}

#[test]
fn a_form_too_large_comes_back_filled_in_with_the_limit() {
    let mut s = Server::start(Opts { extra: SMALL.into(), ..Default::default() });
    // A file that passes the limit while it streams: the read stops there.
    let t = form_token(&s, "/submit");
    let body = browser_body(&t.csrf, &WRITTEN, Some(("big.jpg", 150_000)));
    let resp = post_raw(&s, &t.cookie, &body, body.len());
    assert_eq!(status_of(&resp), 413, "{resp}");
    assert_filled(&resp);
    // A body announced larger than any form: its fields are read, not a byte of the file.
    let t = form_token(&s, "/submit");
    let body = browser_body(&t.csrf, &WRITTEN, Some(("huge.mov", 1000)));
    let resp = post_raw(&s, &t.cookie, &body, 50_000_000_000);
    assert_eq!(status_of(&resp), 413, "{resp}");
    assert_filled(&resp);
    // The refused form's token is still good: the source sends again without the file.
    let c = s.client();
    let csrf = get_csrf(&s, &c, "/submit");
    let form = reqwest::blocking::multipart::Form::new().text("csrf", csrf).text("message", "smaller now");
    assert_eq!(c.post(s.url("/submit")).multipart(form).send().unwrap().status().as_u16(), 200);
    // Elsewhere, a too-large request says so in its title, not "something went wrong".
    let big = vec![b'a'; 64 * 1024];
    let r = c
        .post(s.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let body = r.text().unwrap();
    assert!(body.contains("Too large to send") && !body.contains("Something went wrong"), "{body}");
    s.stop();
    assert_eq!(s.open_store().item_count(), 1, "only the smaller form was stored");
}

#[test]
fn a_long_paste_is_kept_to_the_limit_and_the_source_is_told() {
    let s = Server::start(Opts { extra: SMALL.into(), ..Default::default() });
    let c = s.client();
    let pasted: String = (0..1500).map(|i| if i % 50 == 49 { '\n' } else { 'w' }).collect();
    let (st, body) = submit(&s, &c, &[("message", &pasted), ("city", "Milano")], vec![]);
    assert_eq!(st, 400, "{body}");
    assert!(
        body.contains("Your text has 1,500 characters, but one message holds at most 1,000"),
        "the cut is told with both numbers: {body}"
    );
    let kept: String = pasted.chars().take(1000).collect();
    assert!(body.contains(&format!(">{kept}</textarea>")), "the first 1,000 characters come back");
    assert!(body.contains("value=\"Milano\""));
}

#[test]
fn a_long_file_name_is_shortened_keeping_its_extension() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let long = format!("{}.pdf", "报告".repeat(200));
    let (st, body) = submit(&s, &c, &[("message", "see the file")], vec![(&long, vec![7u8; 100])]);
    assert_eq!(st, 200, "a long name is not refused: {body}");
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);
    let show: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    let name = show["thread"][0]["attachments"][0]["name"].as_str().unwrap().to_owned();
    assert_eq!(name.chars().count(), 255, "{name}");
    assert!(name.starts_with("报告报告") && name.ends_with("….pdf"), "start and extension kept: {name}");
    // Direction and invisible characters still refuse the file, naming it.
    let (st, body) = submit(&s, &c, &[("message", "x")], vec![("invoice\u{202E}fdp.exe", vec![1])]);
    assert_eq!(st, 400);
    assert!(body.contains("invoiceU+202Efdp.exe"), "{body}");
}

#[test]
fn the_file_field_says_what_a_photo_reveals_and_safety_comes_before_the_button() {
    let s = Server::start(Opts::default());
    for (lang, needle) in
        [("en", "where and when they were taken"), ("zh-Hans", "拍摄的地点、时间"), ("de", "Screenshot")]
    {
        let form = page(&s, &format!("/submit?lang={lang}"));
        let advice = form.find(needle).unwrap_or_else(|| panic!("{lang}: photo advice missing"));
        let input = form.find("type=\"file\"").unwrap();
        let button = form.find("type=\"submit\"").unwrap();
        assert!(advice < input && input < button, "{lang}: the advice is beside the file field");
        let safety = form.find("id=\"safety-title\"").unwrap();
        assert!(safety < form.find("name=\"message\"").unwrap(), "{lang}: safety advice before writing");
    }
    let landing = page(&s, "/?lang=en");
    let safety = landing.find("Before you start").unwrap();
    assert!(safety < landing.find("href=\"/submit").unwrap(), "safety advice above the Submit button");
    // The consent says what it means.
    let form = page(&s, "/submit?lang=en");
    assert!(form.contains("Replies only ever appear here, when I come back with my codename."));
}

#[test]
fn a_source_chooses_the_script_of_their_codename() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let ug = page(&s, "/submit?lang=ug");
    // Uyghur has no codename list of its own: the form offers the scripts there are.
    assert!(ug.contains("<select id=\"words\" name=\"words\""), "{ug}");
    assert!(ug.contains("<option value=\"en\" selected>English:"), "English (Latin letters) by default");
    assert!(ug.contains("<option value=\"zh-Hans\">中文（简体）:"));
    let zh = page(&s, "/submit?lang=zh-Hant");
    assert!(zh.contains("<option value=\"zh-Hant\" selected>"), "a page language with a list picks it");

    let csrf = get_csrf(&s, &c, "/submit?lang=ug");
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf)
        .text("message", "ئۇلار ئاپامغا تېلېفون قىلدى")
        .text("words", "zh-Hans");
    let r = c.post(s.url("/submit?lang=ug")).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().unwrap();
    let codename = codename_of(&body);
    assert!(body.contains("lang=\"zh-Hans\""), "the codename is marked as Chinese");
    assert!(
        codename.chars().filter(|ch| !ch.is_whitespace()).all(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch)),
        "{codename}"
    );
    assert!(login(&s, &c, &codename).is_some(), "the Chinese codename logs in");

    let (st, body) = submit(&s, &c, &[("message", "x"), ("words", "klingon")], vec![]);
    assert_eq!(st, 400);
    assert!(body.contains("Not a valid choice"), "{body}");
}
