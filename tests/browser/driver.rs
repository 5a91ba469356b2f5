//! The WebDriver client of the browser tests: ChromeDriver started per test, sessions at phone
//! width with JavaScript disabled, and the few commands the tests use.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Driver {
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

pub struct Session<'a> {
    d: &'a Driver,
    id: String,
}

impl Driver {
    pub fn start() -> Option<Driver> {
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
    pub fn session(&self, width: u32) -> Session<'_> {
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
    pub fn go(&self, url: &str) {
        self.d.call(reqwest::Method::POST, &self.p("/url"), Some(json!({"url": url})));
    }
    pub fn find(&self, css: &str) -> String {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_owned()
    }
    pub fn count(&self, css: &str) -> usize {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array().unwrap().len()
    }
    pub fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }
    pub fn attr(&self, css: &str, name: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/attribute/{name}")), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }
    /// A DOM property (a textarea's `value` is one, not an attribute).
    pub fn prop(&self, css: &str, name: &str) -> String {
        let e = self.find(css);
        match self.d.call(reqwest::Method::GET, &self.p(&format!("/element/{e}/property/{name}")), None) {
            Value::String(s) => s,
            Value::Null => String::new(),
            v => v.to_string(),
        }
    }
    pub fn css(&self, css: &str, prop: &str) -> String {
        let e = self.find(css);
        self.d
            .call(reqwest::Method::GET, &self.p(&format!("/element/{e}/css/{prop}")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }
    pub fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.d.call(
            reqwest::Method::POST,
            &self.p(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }
    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.d.call(reqwest::Method::POST, &self.p(&format!("/element/{e}/click")), Some(json!({})));
    }
    /// Clicks something that loads a new page and waits until the new document is there.
    pub fn click_nav(&self, css: &str) {
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
    pub fn window_handles(&self) -> usize {
        self.d.call(reqwest::Method::GET, &self.p("/window/handles"), None).as_array().unwrap().len()
    }
    pub fn title(&self) -> String {
        self.d.call(reqwest::Method::GET, &self.p("/title"), None).as_str().unwrap().to_owned()
    }
    /// The browser's Reload button (on a page that answered a form, the form is sent again).
    pub fn refresh(&self) {
        self.d.call(reqwest::Method::POST, &self.p("/refresh"), Some(json!({})));
    }
    pub fn url(&self) -> String {
        self.d.call(reqwest::Method::GET, &self.p("/url"), None).as_str().unwrap().to_owned()
    }
    /// Measures layout (a test instrument; the page itself runs no script).
    pub fn no_horizontal_scroll(&self) -> bool {
        let v = self.d.call(
            reqwest::Method::POST,
            &self.p("/execute/sync"),
            Some(json!({"script": "return document.documentElement.scrollWidth <= window.innerWidth + 1", "args": []})),
        );
        v.as_bool().unwrap()
    }
    pub fn screenshot(&self, path: &Path) {
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

pub fn shots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}
