//! What a frightened source hits when they reload, switch language, mistype their codename or
//! take too long, against the real server over HTTP: a repeated form is never filed twice and
//! never shows a second codename; the codename page keeps the codename across a language
//! switch; the login field takes every input method and says which word is wrong; a follow-up
//! written across a session timeout is kept and sent with the login.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;

fn tip_form(csrf: &str, message: &str) -> reqwest::blocking::multipart::Form {
    reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("message", message.to_owned())
        .part(
            "attachment",
            reqwest::blocking::multipart::Part::bytes(vec![5u8; 20_000]).file_name("photo.jpg"),
        )
}

#[test]
fn a_reloaded_submission_is_received_once_without_a_second_codename() {
    let mut s = Server::start(Opts::default());
    let c = s.client();
    let csrf = get_csrf(&s, &c, "/submit");
    let first = c.post(s.url("/submit")).multipart(tip_form(&csrf, "they came to my door")).send().unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let page = first.text().unwrap();
    let codename = codename_of(&page);
    // Its header links open a new tab, and say so: a tap cannot lose the codename.
    assert!(page.contains("hreflang=\"zh-Hans\" target=\"_blank\""), "{page}");
    assert!(page.contains("this page, with your codename, stays open"));
    // "Confirm form resubmission": the browser sends the very same form again, twice.
    for _ in 0..2 {
        let again =
            c.post(s.url("/submit")).multipart(tip_form(&csrf, "they came to my door")).send().unwrap();
        assert_eq!(again.status().as_u16(), 409);
        let page = again.text().unwrap();
        assert!(page.contains("Already received") && page.contains("was not sent a second time"), "{page}");
        assert!(!page.contains("id=\"codename\""), "no second codename");
    }
    // A new report from the same browser, from a fresh form, goes through.
    let (st, body) = submit(&s, &c, &[("message", "a second, different report")], vec![]);
    assert_eq!(st, 200);
    assert_ne!(codename_of(&body), codename);
    // A follow-up form, too, is spent once: the second identical post stores nothing.
    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    let token = csrf_of(&inbox);
    let post = || {
        let form =
            reqwest::blocking::multipart::Form::new().text("csrf", token.clone()).text("message", "more");
        c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap().status().as_u16()
    };
    assert_eq!(post(), 303);
    assert_eq!(post(), 409);
    s.stop();
    let store = s.open_store();
    let kinds: Vec<_> = store.items().map(|r| r.unwrap().kind).collect();
    assert_eq!(kinds.len(), 3, "two tips and one follow-up: {kinds:?}");
}

#[test]
fn a_mistyped_codename_says_what_is_wrong_in_the_page_language() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "tip")], vec![]);
    let codename = codename_of(&body);
    let words: Vec<&str> = codename.split_whitespace().collect();
    let login_page = c.get(s.url("/login")).send().unwrap().text().unwrap();
    assert!(login_page.contains("type=\"text\" id=\"codename\""), "not a password field");
    assert!(login_page.contains("autocomplete=\"off\"") && login_page.contains("spellcheck=\"false\""));
    assert!(login_page.contains("nobody can see your screen"));
    let try_login = |lang: &str, typed: &str| {
        let csrf = get_csrf(&s, &c, &format!("/login?lang={lang}"));
        let r = c
            .post(s.url(&format!("/login?lang={lang}")))
            .form(&[("csrf", csrf.as_str()), ("codename", typed)])
            .send()
            .unwrap();
        (r.status().as_u16(), r.text().unwrap_or_default())
    };
    let strip = |s: &str| s.replace(['\u{2068}', '\u{2069}'], "");
    let (st, page) = try_login("en", &words[..7].join(" "));
    assert_eq!(st, 403);
    assert!(strip(&page).contains("You typed 7 words; a codename has eight"), "{page}");
    let mut typo = words.clone();
    typo[2] = "zzqx";
    let (_, page) = try_login("en", &typo.join(" "));
    assert!(strip(&page).contains("Word 3 is not one of the codename words"), "{page}");
    let (_, page) = try_login("zh-Hans", &typo.join(" "));
    assert!(strip(&page).contains("第 3 个词不是代号用词"), "{page}");
    // Eight real words that are nobody's codename: the generic answer (the store decides).
    let (st, page) = try_login("en", "abandon ability able about above absent absorb abstract");
    assert_eq!(st, 403);
    assert!(page.contains("We could not find that codename"));
    // And the right one, typed with odd spacing and capitals, still opens the inbox.
    let (st, _) = try_login("en", &format!("  {}  ", codename.to_uppercase()));
    assert_eq!(st, 303);
}

#[test]
fn a_follow_up_written_across_a_session_timeout_is_kept_and_sent_with_the_login() {
    let mut s =
        Server::start(Opts { extra: "[sessions]\nidle_timeout_secs = 1\n".into(), ..Default::default() });
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "first report")], vec![]);
    let codename = codename_of(&body);
    let cookie = login(&s, &c, &codename).unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &cookie).send().unwrap().text().unwrap();
    // The source writes for longer than the idle timeout, then presses Send.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let text = "They called my brother again <b>today</b>\nand asked where I live.";
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(&inbox))
        .text("message", text)
        .part("attachment", reqwest::blocking::multipart::Part::bytes(vec![1u8; 5000]).file_name("call.png"));
    let r = c.post(s.url("/followup")).header("cookie", &cookie).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().unwrap();
    assert!(page.contains("your message was not sent yet"), "{page}");
    assert!(page.contains("The files you chose were not kept"), "{page}");
    assert!(page.contains("They called my brother again &#60;b&#62;today"), "kept: {page}");
    assert!(!page.contains("<b>today"), "and escaped");
    // One step: the login form carries the text; a mistyped codename keeps it again.
    let csrf = csrf_of(&page);
    let wrong = c
        .post(s.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("codename", "one two"), ("message", text)])
        .send()
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 403);
    let page = wrong.text().unwrap();
    assert!(page.contains("and asked where I live."), "still kept after a typo");
    let csrf = csrf_of(&page);
    let ok = c
        .post(s.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("codename", codename.as_str()), ("message", text)])
        .send()
        .unwrap();
    assert_eq!(ok.status().as_u16(), 303);
    let session = set_cookie_named(&ok, "session").unwrap();
    let inbox = c.get(s.url("/inbox")).header("cookie", &session).send().unwrap().text().unwrap();
    assert!(inbox.contains("Your message was received"), "{inbox}");
    s.stop();
    let store = s.open_store();
    let kinds: Vec<_> = store.items().map(|r| r.unwrap().kind).collect();
    assert_eq!(kinds.len(), 2, "the tip and the follow-up sent with the login: {kinds:?}");
    assert!(kinds.contains(&tipbox::store::ItemKind::Followup));
}

#[test]
fn an_error_beside_a_question_label_has_no_doubled_punctuation() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let long = "x".repeat(100_001);
    for (lang, bad) in [("en", "What happened?:"), ("zh-Hans", "发生了什么？：")] {
        let csrf = get_csrf(&s, &c, &format!("/submit?lang={lang}"));
        let form = reqwest::blocking::multipart::Form::new().text("csrf", csrf).text("message", long.clone());
        let page =
            c.post(s.url(&format!("/submit?lang={lang}"))).multipart(form).send().unwrap().text().unwrap();
        assert!(page.contains("id=\"message-error\""), "{lang}: the long paste is reported");
        assert!(!page.contains(bad), "{lang}: {bad:?} in the error");
    }
}
