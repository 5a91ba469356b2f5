//! Real-browser tests: headless Chromium with JavaScript disabled, driven through ChromeDriver
//! (W3C WebDriver), through the whole source flow in English, simplified Chinese and Uyghur
//! (right to left), at phone width. Screenshots go to `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the
//! test says so and passes, unless `TEST_REQUIRE_BROWSER=1` (set by CI) makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    http: reqwest::blocking::Client,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session<'a> {
    d: &'a Driver,
    id: String,
}

impl Driver {
    fn start() -> Option<Driver> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            if std::env::var_os("TEST_REQUIRE_BROWSER").is_some() {
                panic!("chromium and chromium-driver are required (TEST_REQUIRE_BROWSER is set)");
            }
            eprintln!(
                "SKIPPED: browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)"
            );
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        tipbox::crypto::install_tls_provider();
        let http = reqwest::blocking::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while http.get(format!("{base}/status")).send().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(Driver { child, base, http, profile: tempfile::tempdir().unwrap() })
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            r = r.header("content-type", "application/json").body(b.to_string());
        }
        let v: Value = serde_json::from_str(&r.send().unwrap().text().unwrap()).unwrap();
        if let Some(err) = v["value"].get("error") {
            panic!("webdriver {path}: {err}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    /// A session at phone size (`width` CSS px) with JavaScript disabled by content setting
    /// (what Tor Browser's "Safest" does for pages; ChromeDriver's own commands still work).
    fn session(&self, width: u32) -> Session<'_> {
        let profile = self.profile.path().join(format!("p{width}-{}", rand_suffix()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         format!("--window-size={width},780"), format!("--user-data-dir={}", profile.display())],
                "prefs": {"profile.managed_default_content_settings.javascript": 2}
            }
        }}});
        let v = self.call(reqwest::Method::POST, "/session", Some(caps));
        let s = Session { d: self, id: v["sessionId"].as_str().unwrap().to_owned() };
        // The viewport, set through DevTools. (ChromeDriver's mobile emulation waits on page
        // timers for every click, which never fire with JavaScript off.)
        let metrics = json!({"cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": 780, "deviceScaleFactor": 1, "mobile": false}});
        self.call(reqwest::Method::POST, &s.p("/goog/cdp/execute"), Some(metrics));
        s
    }
}

fn rand_suffix() -> String {
    tipbox::crypto::hex(&tipbox::crypto::random_array::<4>().unwrap())
}

impl Session<'_> {
    fn p(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.id)
    }
    fn go(&self, url: &str) {
        self.d.call(reqwest::Method::POST, &self.p("/url"), Some(json!({"url": url})));
    }
    fn find(&self, css: &str) -> String {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_owned()
    }
    fn count(&self, css: &str) -> usize {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array().unwrap().len()
    }
    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }
    fn attr(&self, css: &str, name: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/attribute/{name}")), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }
    fn css(&self, css: &str, prop: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/css/{prop}")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }
    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.d.call(
            reqwest::Method::POST,
            &self.p(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.d.call(reqwest::Method::POST, &self.p(&format!("/element/{e}/click")), Some(json!({})));
    }
    /// Clicks something that loads a new page and waits until the new document is there.
    fn click_nav(&self, css: &str) {
        let before = self.find("html");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self
                .d
                .http
                .post(format!("{}{}", self.d.base, self.p("/element")))
                .header("content-type", "application/json")
                .body(json!({"using": "css selector", "value": "html"}).to_string())
                .send()
                .ok()
                .and_then(|r| r.text().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok());
            if let Some(id) = v.as_ref().and_then(|v| v["value"][ELEMENT].as_str())
                && id != before
            {
                return;
            }
            assert!(Instant::now() < deadline, "no new page after clicking {css}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    fn window_handles(&self) -> usize {
        self.d.call(reqwest::Method::GET, &self.p("/window/handles"), None).as_array().unwrap().len()
    }
    fn title(&self) -> String {
        self.d.call(reqwest::Method::GET, &self.p("/title"), None).as_str().unwrap().to_owned()
    }
    fn url(&self) -> String {
        self.d.call(reqwest::Method::GET, &self.p("/url"), None).as_str().unwrap().to_owned()
    }
    /// Measures layout (a test instrument; the page itself runs no script).
    fn no_horizontal_scroll(&self) -> bool {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/execute/sync"),
            Some(json!({"script": "return document.documentElement.scrollWidth <= window.innerWidth + 1", "args": []})),
        );
        v.as_bool().unwrap()
    }
    fn screenshot(&self, path: &Path) {
        let v = self.d.call(reqwest::Method::GET, &self.p("/screenshot"), None);
        let png = data_encoding::BASE64.decode(v.as_str().unwrap().as_bytes()).unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self.d.http.delete(format!("{}/session/{}", self.d.base, self.id)).send();
    }
}

fn shots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}

fn tr(tag: &str) -> tipbox::server::i18n::Tr {
    tipbox::server::i18n::Tr::for_tag(tag).unwrap()
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
            assert_eq!(doc.answers.country, "NL");
            assert_eq!(doc.answers.incidents, vec!["police_station"]);
            assert_eq!(doc.answers.role, "family");
            langs.push(doc.language.clone());
        }
    }
    langs.sort();
    assert_eq!(langs, vec!["en", "ug", "zh-Hans"]);
}
