//! Real-browser tests: headless Chromium with JavaScript disabled, driven through ChromeDriver
//! (W3C WebDriver), through the whole source flow in English, simplified Chinese and Uyghur
//! (right to left), at phone width. Screenshots go to `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the
//! test says so and passes, unless `TEST_REQUIRE_BROWSER=1` (set by CI) makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

#[path = "browser/desk.rs"]
mod desk;
#[path = "browser/driver.rs"]
mod driver;

use std::time::{Duration, Instant};

use common::*;
use driver::{Driver, shots_dir};

fn tr(tag: &str) -> tipbox::locale::Tr {
    tipbox::locale::Tr::for_tag(tag).unwrap()
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "SKIPPED: needs chromium and chromium-driver (apt install chromium chromium-driver)"
)]
fn source_flow_in_a_real_browser_without_javascript() {
    let Some(driver) = Driver::start() else { return };
    let mut s = Server::start(Opts::default());
    let shots = shots_dir();
    let files = tempfile::tempdir().unwrap();

    {
        // JavaScript really is off: <noscript> shows and an inline script does not run.
        let sess = driver.session(360);
        let html = "<html><head><title>off</title></head><body><noscript><p id=ns>no script</p></noscript><script>document.title='on'</script></body></html>";
        sess.go(&format!("data:text/html,{}", html.replace('#', "%23")));
        assert_eq!(sess.title(), "off", "page scripts must not run");
        assert_eq!(sess.count("#ns"), 1);
    }

    for lang in ["en", "zh-Hans", "ug"] {
        let t = tr(lang);
        let sess = driver.session(360);
        let shot = |name: &str| sess.screenshot(&shots.join(format!("{lang}-{name}.png")));
        let rtl = lang == "ug";

        // Landing page, in the language, with every language offered by its own name.
        sess.go(&s.url(&format!("/?lang={lang}")));
        assert_eq!(sess.attr("html", "lang"), lang);
        assert_eq!(sess.attr("html", "dir"), if rtl { "rtl" } else { "ltr" });
        assert_eq!(sess.css("body", "direction"), if rtl { "rtl" } else { "ltr" }, "the layout mirrors");
        assert_eq!(sess.text("h1"), t.t("landing-title"));
        for name in ["English", "中文（简体）", "中文（繁體）", "ئۇيغۇرچە"] {
            assert!(sess.text("nav.langs").contains(name), "{lang}: language menu lacks {name}");
        }
        assert!(sess.no_horizontal_scroll(), "{lang}: landing fits 360 px");
        shot("1-landing");

        // The form, reached by following the link (the language travels along).
        sess.click_nav("a.button[href^='/submit']");
        assert!(sess.url().contains(&format!("lang={lang}")), "{}", sess.url());
        assert_eq!(sess.attr("html", "lang"), lang);
        let message = format!("browser test {lang}: 他们给我父母打了电话 / ئۇلار ئاتا-ئانامغا تېلېفون قىلدى");
        sess.type_in("#message", &message);
        sess.click("#country option[value='NL']");
        sess.click("#incident-police_station");
        sess.click("#role-family");
        let upload = files.path().join(format!("evidence-{lang}.txt"));
        std::fs::write(&upload, format!("file for {lang}")).unwrap();
        sess.type_in("#attachment", upload.to_str().unwrap());
        assert!(sess.no_horizontal_scroll(), "{lang}: the form fits 360 px");
        shot("2-form");
        sess.click_nav("form button[type=submit]");

        // The codename, shown once, in the language's word list.
        assert_eq!(sess.text("h1"), t.t("success-title"));
        let codename = sess.text("#codename");
        let words: Vec<&str> = codename.split_whitespace().collect();
        assert_eq!(words.len(), 8, "{lang}: {codename}");
        if lang == "zh-Hans" {
            assert!(
                words.iter().all(|w| w.chars().count() == 1 && !w.is_ascii()),
                "Chinese codename: {codename}"
            );
        } else {
            assert!(words.iter().all(|w| w.is_ascii()), "{lang} uses English words: {codename}");
        }
        shot("3-codename");
        // A tap on another language (or the site's name) keeps the codename: it opens a tab.
        let other = if lang == "en" { "zh-Hans" } else { "en" };
        sess.click(&format!("nav.langs a[hreflang='{other}']"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while sess.window_handles() < 2 {
            assert!(Instant::now() < deadline, "{lang}: the language link opened no tab");
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(sess.text("#codename"), codename, "{lang}: the codename is still on screen");

        // Return with the codename (Chinese typed without spaces).
        sess.click_nav("a[href^='/login']");
        let typed = if lang == "zh-Hans" { words.concat() } else { codename.clone() };
        sess.type_in("#codename", &typed);
        shot("4-login");
        sess.click_nav("form button[type=submit]");
        if sess.text("h1") != t.t("inbox-title") {
            shot("4b-login-failed");
            panic!("{lang}: not logged in at {}: {}", sess.url(), sess.text("main"));
        }
        assert_eq!(sess.attr("html", "lang"), lang);
        shot("5-inbox");

        // A follow-up with another file.
        sess.type_in("#message", &format!("follow-up {lang}"));
        let second = files.path().join(format!("second-{lang}.txt"));
        std::fs::write(&second, format!("second file for {lang}")).unwrap();
        sess.type_in("#attachment", second.to_str().unwrap());
        sess.click_nav("form[action^='/followup'] button[type=submit]");
        assert_eq!(sess.text(".notice p"), t.t("followup-received"));
        assert!(sess.no_horizontal_scroll(), "{lang}: the inbox fits 360 px");
        shot("6-followup");

        // The codename field takes any input method (not a password field); a mistyped
        // codename says what is wrong, in the language; eight real words of nobody's codename
        // get the generic message.
        sess.click_nav("form.logout button[type=submit]");
        assert_eq!(sess.text(".notice p"), t.t("logged-out"), "{lang}: the logout is confirmed");
        sess.go(&s.url(&format!("/login?lang={lang}")));
        assert_eq!(sess.attr("#codename", "type"), "text");
        assert_eq!(sess.attr("#codename", "autocomplete"), "off");
        sess.type_in("#codename", "wrong words entirely");
        sess.click_nav("form button[type=submit]");
        assert_eq!(sess.text("#codename-error"), t.t1("login-count", "got", 3));
        sess.type_in("#codename", "abandon ability able about above absent absorb abstract");
        sess.click_nav("form button[type=submit]");
        assert_eq!(sess.text("#codename-error"), t.t("login-failed"));
    }

    {
        // 320 px wide (what 200 % zoom on a 640 px screen gives): still no sideways scrolling.
        let sess = driver.session(320);
        for path in ["/?lang=ug", "/submit?lang=zh-Hans", "/login?lang=en", "/submit?lang=ug"] {
            sess.go(&s.url(path));
            assert!(sess.no_horizontal_scroll(), "{path} at 320 px");
        }
        sess.screenshot(&shots.join("ug-7-form-320px.png"));
    }

    // What the browser sent arrived whole, encrypted, with its language.
    s.stop();
    let store = s.open_store();
    let mut langs = vec![];
    for rec in store.items() {
        let rec = rec.unwrap();
        let plain = decrypt_part(&store, &rec.parts[0], &s.identities[0]);
        let doc: tipbox::bundle::document::TipDocument = tipbox::bundle::document::from_json(&plain).unwrap();
        assert_eq!(doc.attachments.len(), 1, "the file was accepted");
        let att = &doc.attachments[0];
        let part = rec.parts.iter().find(|p| p.id == att.part).unwrap();
        let content = decrypt_part(&store, part, &s.identities[0]);
        let expected = if doc.kind == "tip" { "file for" } else { "second file for" };
        assert!(String::from_utf8_lossy(&content[..att.size as usize]).starts_with(expected));
        if doc.kind == "tip" {
            assert_eq!(doc.answers.text("country").raw(), "NL");
            assert_eq!(doc.answers.options("incident"), vec!["police_station"]);
            assert_eq!(doc.answers.text("role").raw(), "family");
            langs.push(doc.language.clone());
        }
    }
    langs.sort();
    assert_eq!(langs, vec!["en", "ug", "zh-Hans"]);
}

/// The returning source in the browser: Reload on the codename page files nothing twice and
/// shows no second codename; a follow-up written past the session's idle time is
/// kept and sent with the login, in one step.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "SKIPPED: needs chromium and chromium-driver (apt install chromium chromium-driver)"
)]
fn a_returning_source_in_a_real_browser_loses_nothing() {
    let Some(driver) = Driver::start() else { return };
    let mut s =
        Server::start(Opts { extra: "[sessions]\nidle_timeout_secs = 2\n".into(), ..Default::default() });
    let t = tr("en");
    let sess = driver.session(360);
    sess.go(&s.url("/submit?lang=en"));
    sess.type_in("#message", "They photographed me outside the consulate.");
    sess.type_in("#city", "Milano");
    sess.click_nav("form button[type=submit]");
    let codename = sess.text("#codename");

    // Reload on the codename page sends the same form again.
    sess.refresh();
    assert_eq!(sess.text("h1"), t.t("error-409-title"));
    assert_eq!(sess.count("#codename"), 0, "no second codename");
    sess.screenshot(&shots_dir().join("en-8-sent-twice.png"));

    // The codename typed into the login field; then a follow-up written too slowly.
    sess.go(&s.url("/login?lang=en"));
    sess.type_in("#codename", &codename);
    sess.click_nav("form button[type=submit]");
    assert_eq!(sess.text("h1"), t.t("inbox-title"));
    sess.type_in("#message", "They came back on Tuesday.");
    std::thread::sleep(Duration::from_secs(4));
    sess.click_nav("form[action^='/followup'] button[type=submit]");
    assert_eq!(sess.text(".notice p"), t.t("pending-note"), "told it was not sent yet");
    assert_eq!(sess.prop("#message", "value"), "They came back on Tuesday.", "the text is kept on the page");
    sess.type_in("#codename", &codename);
    sess.click_nav("form button[type=submit]");
    assert_eq!(sess.text(".notice p"), t.t("followup-received"), "sent with the login");

    s.stop();
    let store = s.open_store();
    let kinds: Vec<_> = store.items().map(|r| r.unwrap().kind).collect();
    assert_eq!(kinds.len(), 2, "one tip and one follow-up: {kinds:?}");
}

/// An organisation's own questions, in the browser with JavaScript off, in English, Chinese and
/// Uyghur: the form asks them in the page language (English where a language lacks a text),
/// and what the source ticked and typed reaches the store as answers by question id.
#[test]
#[cfg_attr(
    no_browser,
    ignore = "SKIPPED: needs chromium and chromium-driver (apt install chromium chromium-driver)"
)]
fn a_custom_questionnaire_in_a_real_browser() {
    let Some(driver) = Driver::start() else { return };
    let questions = r#"
[[questions]]
id = "channel"
kind = "choices"
required = true
label = { en = "How were you contacted?", "zh-Hans" = "他们怎样联系您？" }
options = [{ id = "wechat", label = { en = "WeChat", "zh-Hans" = "微信" } }, { id = "phone", label = { en = "Phone", "zh-Hans" = "电话" } }]
[[questions]]
id = "station_address"
kind = "text"
label = { en = "Address of the station", "zh-Hans" = "服务站的地址" }
"#;
    let mut s = Server::start(Opts { extra: questions.into(), ..Default::default() });
    for (lang, asked, wechat) in [
        ("en", "How were you contacted?", "WeChat"),
        ("zh-Hans", "他们怎样联系您？", "微信"),
        ("ug", "How were you contacted?", "WeChat"),
    ] {
        let sess = driver.session(360);
        sess.go(&s.url(&format!("/submit?lang={lang}")));
        assert_eq!(sess.text("fieldset legend"), asked, "{lang}");
        assert_eq!(sess.text("label[for='channel-wechat']"), wechat, "{lang}");
        assert!(sess.no_horizontal_scroll(), "{lang}: the form fits 360 px");
        sess.screenshot(&shots_dir().join(format!("{lang}-9-questionnaire.png")));
        // Without the required answer the form comes back, naming the question.
        sess.type_in("#message", &format!("questionnaire {lang}"));
        sess.type_in("#station_address", "Via Roma 1, Prato");
        sess.click_nav("form button[type=submit]");
        assert!(sess.text("#channel-error").contains(asked.trim_end_matches(['?', '？'])), "{lang}");
        assert_eq!(sess.attr("#station_address", "value"), "Via Roma 1, Prato", "{lang}: answers kept");
        sess.click("#channel-wechat");
        sess.click("#channel-phone");
        sess.click_nav("form button[type=submit]");
        assert!(!sess.text("#codename").is_empty(), "{lang}: received");
    }
    s.stop();
    let store = s.open_store();
    let mut n = 0;
    for rec in store.items() {
        let rec = rec.unwrap();
        let plain = decrypt_part(&store, &rec.parts[0], &s.identities[0]);
        let doc: tipbox::bundle::document::TipDocument = tipbox::bundle::document::from_json(&plain).unwrap();
        assert_eq!(doc.answers.options("channel"), ["wechat", "phone"]);
        assert_eq!(doc.answers.text("station_address").raw(), "Via Roma 1, Prato");
        assert!(doc.questions.iter().any(|q| q.id == "channel" && q.label == "How were you contacted?"));
        n += 1;
    }
    assert_eq!(n, 3);
}
