//! `tipbox vault ui` as a keyholder starts it: the real binary, on a free loopback port, its
//! printed one-time URL read from standard output. Stopped (killed) when dropped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::BIN;
use super::cli::Keyholder;

pub struct DeskProc {
    pub child: Child,
    /// The printed one-time URL.
    pub unlock: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl DeskProc {
    /// Starts the desk on `kh`'s vault with `extra` arguments after `ui`.
    pub fn start(kh: &Keyholder, extra: &[&str]) -> DeskProc {
        let vault = kh.path("vault");
        let mut child = Command::new(BIN)
            .args([
                "vault",
                "--vault",
                vault.to_str().unwrap(),
                "--identity",
                kh.identity.to_str().unwrap(),
                "ui",
            ])
            .args(extra)
            .env_remove("TIPBOX_PASSPHRASE")
            .env_remove("TIPBOX_VAULT")
            .env_remove("TIPBOX_IDENTITY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx.recv_timeout(Duration::from_secs(60)).expect("the desk printed no address");
        let unlock =
            line.strip_prefix("listening on ").unwrap_or_else(|| panic!("not an address: {line}")).to_owned();
        let base = unlock.split("/unlock/").next().unwrap().to_owned();
        DeskProc { child, unlock, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client (cookie store, redirects followed), unlocked with the URL.
    pub fn unlocked_client(&self) -> reqwest::blocking::Client {
        let c = client();
        let r = c.get(&self.unlock).send().unwrap();
        assert_eq!(r.status().as_u16(), 200, "the one-time URL opens the desk");
        c
    }

    /// The CSRF token on a page of the desk.
    pub fn csrf(&self, c: &reqwest::blocking::Client) -> String {
        super::csrf_of(&c.get(self.url("/")).send().unwrap().text().unwrap())
    }

    /// Waits (bounded) for the desk to end by itself; its exit status.
    pub fn wait_exit(&mut self, bound: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + bound;
        while std::time::Instant::now() < deadline {
            if let Some(st) = self.child.try_wait().unwrap() {
                return Some(st);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for DeskProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client with a cookie store, like a browser.
pub fn client() -> reqwest::blocking::Client {
    tipbox::crypto::install_tls_provider();
    reqwest::blocking::Client::builder().cookie_store(true).timeout(Duration::from_secs(120)).build().unwrap()
}

/// A client that keeps redirects as answers.
pub fn no_redirects() -> reqwest::blocking::Client {
    tipbox::crypto::install_tls_provider();
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}
