//! Test harness: runs the real `tipbox` binary on loopback (or a Unix socket) with a fresh data
//! directory and a test keyholder identity, and talks HTTP to it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use age::secrecy::ExposeSecret;
use age::x25519;

// Test photos with metadata (shared with the vault's unit tests through a #[path]).
pub mod jpeg;

pub mod attack;
pub mod cli;
pub mod desk;
pub mod made;

pub const BIN: &str = env!("CARGO_BIN_EXE_tipbox");

/// Options for a test server.
#[derive(Default)]
pub struct Opts {
    /// Extra TOML appended to the generated config.
    pub extra: String,
    /// Listen on a Unix socket instead of TCP.
    pub unix: bool,
    /// Keyholder identities (one is generated when empty).
    pub keyholders: Vec<x25519::Identity>,
    /// Reuse this data dir (for restarts).
    pub data: Option<PathBuf>,
    /// Expect PROXY protocol headers on the source listener.
    pub proxy: bool,
    /// Extra lines for the `[source]` section.
    pub source_extra: String,
    /// Keyholder API on a Unix socket too (`keyholder.sock` next to `source.sock`).
    pub kh_unix: bool,
}

pub struct Server {
    pub child: Child,
    pub base: String,
    pub kh_base: String,
    pub socket: Option<PathBuf>,
    pub root: tempfile::TempDir,
    pub data: PathBuf,
    pub tmp: PathBuf,
    pub log: PathBuf,
    pub config: PathBuf,
    pub identities: Vec<x25519::Identity>,
    /// The first keyholder's API token.
    pub token: String,
    /// Every keyholder's token, in the order of `identities`.
    pub tokens: Vec<String>,
}

/// Small argon2 cost so that tests are quick; never use this in production.
pub const TEST_ARGON2: &str =
    "[argon2]\nmemory_kib = 8192\niterations = 1\nparallelism = 1\nworkers = 2\nqueue = 64\n";

/// Generous limits for tests that are not about rate limiting.
pub const TEST_RATES: &str = "[rate_limits]\nsubmissions_per_minute = 6000\nsubmissions_burst = 1000\nlogins_per_minute = 6000\nlogins_burst = 1000\nfollowups_per_minute = 6000\nfollowups_burst = 1000\nper_session_per_minute = 6000\nper_session_burst = 1000\nper_circuit_per_minute = 6000\nper_circuit_burst = 1000\n";

impl Server {
    pub fn start(opts: Opts) -> Server {
        let root = tempfile::tempdir().unwrap();
        let data = opts.data.clone().unwrap_or_else(|| root.path().join("data"));
        let tmp = root.path().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let identities =
            if opts.keyholders.is_empty() { vec![x25519::Identity::generate()] } else { opts.keyholders };
        let mut tokens = Vec::new();
        let mut token_lines = String::new();
        for i in 0..identities.len() {
            let (t, hash) = tipbox::crypto::token::generate().unwrap();
            tokens.push(t.expose_secret().to_owned());
            token_lines.push_str(&format!("kh{i} = \"{hash}\"\n"));
        }
        let socket = opts.unix.then(|| root.path().join("source.sock"));
        let listen = match &socket {
            Some(p) => format!("unix:{}", p.display()),
            None => "127.0.0.1:0".into(),
        };
        let kh_listen = match opts.kh_unix {
            true => format!("unix:{}", root.path().join("keyholder.sock").display()),
            false => "127.0.0.1:0".into(),
        };
        let mut cfg = format!(
            "organisation = \"Test NGO\"\ndata_dir = \"{}\"\n\n[source]\nlisten = \"{listen}\"\nproxy_protocol = {}\n{}\n\n[keyholder_api]\nlisten = \"{kh_listen}\"\n\n[keyholder_api.tokens]\n{token_lines}\n",
            data.display(),
            opts.proxy,
            opts.source_extra
        );
        for (i, id) in identities.iter().enumerate() {
            cfg.push_str(&format!(
                "[[keyholders]]\nname = \"kh{i}\"\nrecipient = \"{}\"\nsigning_key = \"{}\"\n\n",
                id.to_public(),
                signing_key(id)
            ));
        }
        if !opts.extra.contains("[argon2]") {
            cfg.push_str(TEST_ARGON2);
        }
        if !opts.extra.contains("[rate_limits]") {
            cfg.push_str(TEST_RATES);
        }
        cfg.push_str(&opts.extra);
        let config = root.path().join("tipbox.toml");
        std::fs::write(&config, cfg).unwrap();
        let log = root.path().join("server.log");
        let mut s = Server {
            child: spawn(&config, &log, &tmp),
            base: String::new(),
            kh_base: String::new(),
            socket,
            data,
            tmp,
            log,
            config,
            root,
            identities,
            token: tokens[0].clone(),
            tokens,
        };
        s.wait_ready();
        s
    }

    fn wait_ready(&mut self) {
        let stdout = self.child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = BufReader::new(stdout);
            for line in r.lines() {
                let Ok(line) = line else { break };
                if let Some(u) = line.strip_prefix("listening on ") {
                    let _ = tx.send(u.to_owned());
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut urls = vec![];
        while urls.len() < 2 {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(u) => urls.push(u),
                Err(_) => panic!("server did not start; log:\n{}", self.logs()),
            }
        }
        self.base = if urls[0].starts_with("unix:") { "http://localhost".into() } else { urls[0].clone() };
        self.kh_base = urls[1].clone();
    }

    /// This server's config copied to another host's `root`: the same text (keyholders,
    /// tokens, limits) with only the paths under this server's root moved under `root` (data
    /// dir, sockets), as a standby host has the same config at the same paths. Returns where.
    pub fn standby_config(&self, root: &Path) -> PathBuf {
        let (from, to) = (self.root.path().to_str().unwrap(), root.to_str().unwrap());
        let config = root.join("tipbox.toml");
        std::fs::write(&config, std::fs::read_to_string(&self.config).unwrap().replace(from, to)).unwrap();
        config
    }

    /// Serves [`Server::standby_config`] in `root`, whose data dir must be ready (restored from
    /// a backup of this server). Its identities and tokens are this server's.
    pub fn standby(&self, root: tempfile::TempDir) -> Server {
        let (from, to) = (self.root.path().to_str().unwrap(), root.path().to_str().unwrap());
        let moved = |p: &Path| PathBuf::from(p.to_str().unwrap().replace(from, to));
        let config = self.standby_config(root.path());
        let (tmp, log) = (root.path().join("tmp"), root.path().join("server.log"));
        std::fs::create_dir_all(&tmp).unwrap();
        let mut s = Server {
            child: spawn(&config, &log, &tmp),
            base: String::new(),
            kh_base: String::new(),
            socket: self.socket.as_deref().map(moved),
            data: moved(&self.data),
            tmp,
            log,
            config,
            root,
            identities: self.identities.clone(),
            token: self.token.clone(),
            tokens: self.tokens.clone(),
        };
        s.wait_ready();
        s
    }

    /// Restarts on the same data dir and config (after a stop or kill).
    pub fn restart(&mut self) {
        let _ = self.child.wait();
        self.child = spawn(&self.config, &self.log, &self.tmp);
        self.wait_ready();
    }

    pub fn client(&self) -> reqwest::blocking::Client {
        tipbox::crypto::install_tls_provider();
        let mut b = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Like a browser: anonymous forms are bound to a pre-session cookie.
            .cookie_store(true)
            .timeout(Duration::from_secs(600));
        if let Some(p) = &self.socket {
            b = b.unix_socket(p.clone());
        }
        b.build().unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn signal(&self, sig: &str) {
        let st = Command::new("kill").arg(format!("-{sig}")).arg(self.pid().to_string()).status().unwrap();
        assert!(st.success());
    }

    /// SIGTERM and wait; returns the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        self.signal("TERM");
        self.child.wait().unwrap()
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A field of /proc/<pid>/status in KiB.
    pub fn proc_status_kib(&self, field: &str) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        s.lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap()
    }

    /// Opens the store of a stopped server.
    /// Part files in the store's directory now (what a refused request must not add to).
    pub fn files_count(&self) -> usize {
        files_under(&self.data.join("blobs")).len()
    }

    pub fn open_store(&self) -> tipbox::store::Store {
        tipbox::store::Store::open(&self.data, &Default::default()).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(config: &Path, log: &Path, tmp: &Path) -> Child {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    let mut cmd = Command::new(BIN);
    // The server reads TIPBOX_* variables as configuration: start from none of the caller's.
    for (k, _) in std::env::vars() {
        if k.starts_with("TIPBOX_") {
            cmd.env_remove(k);
        }
    }
    cmd.args(["serve", "--config"])
        .arg(config)
        .env("TMPDIR", tmp)
        .env("TIPBOX_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap()
}

/// The public signing key of a keyholder identity.
pub fn signing_key(id: &x25519::Identity) -> String {
    tipbox::crypto::sign::SigningKey::from_identity(id).unwrap().public().to_string()
}

/// A keyholder's signature of a reply for `s`'s instance, as `vault reply` makes it.
pub fn sign_reply(
    s: &Server,
    by: &x25519::Identity,
    id: tipbox::store::ItemId,
    part: tipbox::store::PartId,
    source: tipbox::store::SourceId,
    recipient: &str,
    ciphertext: &[u8],
) -> tipbox::crypto::sign::Signed {
    let origin = tipbox::crypto::instance::InstanceKeys::load_or_create(&s.data).unwrap().origin;
    let st = tipbox::bundle::signing::reply_statement(
        &origin,
        id,
        part,
        source,
        recipient,
        &tipbox::bundle::signing::sha256(ciphertext),
    );
    let key = tipbox::crypto::sign::SigningKey::from_identity(by).unwrap();
    tipbox::crypto::sign::Signed::new(&key, &st)
}

/// The `value` of the first `<input name="csrf">` in a page.
pub fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("no csrf field");
    let rest = &html[i + 19..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The codename shown on a success page.
pub fn codename_of(html: &str) -> String {
    let i = html.find("id=\"codename\"").expect("no codename");
    let rest = &html[i..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</bdi>").unwrap();
    rest[start..end].to_owned()
}

/// The CSRF token of a form page loaded with `c`, whose cookie store keeps the pre-session
/// cookie the token is bound to.
pub fn get_csrf(s: &Server, c: &reqwest::blocking::Client, path: &str) -> String {
    let body = c.get(s.url(path)).send().unwrap().text().unwrap();
    csrf_of(&body)
}

/// An anonymous form's token together with the pre-session cookie it is bound to, for
/// requests written by hand (raw sockets, many clients sharing one token).
#[derive(Clone)]
pub struct FormToken {
    /// The `csrf` field's value.
    pub csrf: String,
    /// `name=value` of the pre-session cookie, for a `Cookie:` header.
    pub cookie: String,
}

/// Loads form page `path` without any cookie and returns its token and new cookie.
pub fn form_token(s: &Server, path: &str) -> FormToken {
    tipbox::crypto::install_tls_provider();
    let mut b = reqwest::blocking::Client::builder();
    if let Some(p) = &s.socket {
        b = b.unix_socket(p.clone());
    }
    let r = b.build().unwrap().get(s.url(path)).send().unwrap();
    let cookie = set_cookie_named(&r, "form").expect("form page sets the pre-session cookie");
    FormToken { csrf: csrf_of(&r.text().unwrap()), cookie }
}

/// `name=value` of the `Set-Cookie` named `name` in a raw HTTP response.
pub fn raw_set_cookie(resp: &str, name: &str) -> String {
    resp.lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .filter_map(|v| v.split(';').next())
        .find(|p| p.split_once('=').is_some_and(|(k, _)| k == name || k.ends_with(&format!("-{name}"))))
        .unwrap_or_else(|| panic!("no {name} cookie in\n{resp}"))
        .to_owned()
}

/// `name=value` of the `Set-Cookie` whose name ends with `name` (so `__Host-` variants match).
pub fn set_cookie_named(r: &reqwest::blocking::Response, name: &str) -> Option<String> {
    r.headers().get_all("set-cookie").iter().find_map(|v| {
        let pair = v.to_str().ok()?.split(';').next()?.trim().to_owned();
        let (k, _) = pair.split_once('=')?;
        (k == name || k.ends_with(&format!("-{name}"))).then_some(pair)
    })
}

/// Submits a tip; returns (status, body).
pub fn submit(
    s: &Server,
    c: &reqwest::blocking::Client,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> (u16, String) {
    let csrf = get_csrf(s, c, "/submit");
    let mut form = reqwest::blocking::multipart::Form::new().text("csrf", csrf);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, data) in files {
        form = form.part(
            "attachment",
            reqwest::blocking::multipart::Part::bytes(data)
                .file_name(name.to_owned())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    }
    let r = c.post(s.url("/submit")).multipart(form).send().unwrap();
    let st = r.status().as_u16();
    (st, r.text().unwrap())
}

/// Logs in; returns the session cookie (name=value) on success.
pub fn login(s: &Server, c: &reqwest::blocking::Client, codename: &str) -> Option<String> {
    let csrf = get_csrf(s, c, "/login");
    let r = c.post(s.url("/login")).form(&[("csrf", csrf.as_str()), ("codename", codename)]).send().unwrap();
    if r.status().as_u16() != 303 {
        return None;
    }
    let sc = r.headers().get("set-cookie")?.to_str().ok()?.to_owned();
    assert!(sc.contains("HttpOnly") && sc.contains("SameSite=Strict"), "{sc}");
    Some(sc.split(';').next()?.to_owned())
}

/// Decrypts a part of a stopped server's store with `id`.
pub fn decrypt_part(
    store: &tipbox::store::Store,
    part: &tipbox::store::PartRef,
    id: &x25519::Identity,
) -> Vec<u8> {
    let mut ct = Vec::new();
    store.blobs().open(&part.id).unwrap().read_to_end(&mut ct).unwrap();
    tipbox::crypto::seal::decrypt(id, &ct).unwrap().to_vec()
}

/// Deterministic pseudo-random bytes (xorshift), for large streamed uploads. The output does
/// not depend on how the reader is called.
pub struct Gen {
    state: u64,
    left: u64,
    buf: [u8; 8],
    pos: usize,
}

impl Gen {
    pub fn new(seed: u64, len: u64) -> Self {
        Self { state: seed | 1, left: len, buf: [0; 8], pos: 8 }
    }
}

impl Read for Gen {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = (out.len() as u64).min(self.left) as usize;
        let mut i = 0;
        while i < n {
            if self.pos == 8 {
                self.state ^= self.state << 13;
                self.state ^= self.state >> 7;
                self.state ^= self.state << 17;
                self.buf = self.state.to_le_bytes();
                self.pos = 0;
            }
            let k = (8 - self.pos).min(n - i);
            out[i..i + k].copy_from_slice(&self.buf[self.pos..self.pos + k]);
            self.pos += k;
            i += k;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Sends raw bytes to a TCP `http://host:port` base URL and returns the first response (read
/// until its body is complete, the server closes, or 10 s pass). Empty when the server closed
/// without answering. The write side is shut after sending, so a truncated body ends.
pub fn raw_request(base: &str, bytes: &[u8]) -> String {
    raw_request_with(base, None, bytes)
}

/// Like [`raw_request`], with an optional PROXY header line sent first.
pub fn raw_request_with(base: &str, proxy: Option<&str>, bytes: &[u8]) -> String {
    use std::io::Write;
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    if let Some(p) = proxy {
        let _ = s.write_all(p.as_bytes());
    }
    let _ = s.write_all(bytes);
    let _ = s.shutdown(std::net::Shutdown::Write);
    read_response(&mut s)
}

/// Reads one HTTP response (head and `Content-Length` body) from a stream.
pub fn read_response<R: Read>(s: &mut R) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        if let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&out[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if let Some(len) = len
                && out.len() >= end + 4 + len
            {
                break;
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code of a raw HTTP response (0 when there is none).
pub fn status_of(resp: &str) -> u16 {
    resp.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Every file under `dir` (recursively), for canary scans.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Whether `needle` occurs in any file under `dir` (raw bytes).
pub fn dir_contains(dir: &Path, needle: &[u8]) -> Option<PathBuf> {
    files_under(dir)
        .into_iter()
        .find(|p| std::fs::read(p).map(|d| d.windows(needle.len()).any(|w| w == needle)).unwrap_or(false))
}

/// A plain HTTP client (with the TLS provider installed, as reqwest requires).
pub fn http() -> reqwest::blocking::Client {
    tipbox::crypto::install_tls_provider();
    reqwest::blocking::Client::builder().cookie_store(true).build().unwrap()
}

/// A file of this repository.
pub fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// A system tool the test needs: a missing one skips visibly (`SKIPPED: …`), or fails when
/// `TEST_REQUIRE_TOOLS` is set (CI sets it).
pub fn tool(name: &str) -> Option<PathBuf> {
    for dir in ["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return Some(p);
        }
    }
    if std::env::var_os("TEST_REQUIRE_TOOLS").is_some() {
        panic!("{name} is required (TEST_REQUIRE_TOOLS is set)");
    }
    eprintln!("SKIPPED: {name} is not installed");
    None
}
