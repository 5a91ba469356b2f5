//! Deployment: the shipped torrc and systemd unit checked by the real tools, TLS with a
//! self-signed certificate (HSTS, Onion-Location, SIGHUP reload), `tipbox check` on good and
//! broken deployments (`deploy/check.rs`), and backup/restore under load.
//!
//! `tor` and `systemd-analyze` checks need those tools; without them the tests say so and pass,
//! unless `TEST_REQUIRE_TOOLS=1` (set by CI) makes them fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "deploy/check.rs"]
mod check;
mod common;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::*;

#[test]
#[cfg_attr(no_tor, ignore = "SKIPPED: needs tor (apt install tor)")]
fn shipped_torrc_files_verify_with_tor() {
    let Some(tor) = tool("tor") else { return };
    for file in ["deploy/torrc", "deploy/docker/torrc"] {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path().display().to_string();
        let text = std::fs::read_to_string(repo(file)).unwrap();
        assert!(text.contains("HiddenServicePoWDefensesEnabled 1"), "{file}");
        assert!(text.contains("HiddenServiceExportCircuitID haproxy"), "{file}");
        assert!(text.contains("unix:/run/tipbox/source.sock"), "{file}");
        // The same textual rewrite documented in deploy/README.md: state and sockets into a
        // temporary directory.
        let rewritten =
            text.replace("/var/lib/tor", &format!("{t}/tor")).replace("/run/tipbox", &format!("{t}/run"));
        let cfg = tmp.path().join("torrc");
        std::fs::write(&cfg, rewritten).unwrap();
        let out = Command::new(&tor).args(["--verify-config", "-f"]).arg(&cfg).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{file}: tor --verify-config failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("Configuration was valid"), "{file}: {stdout}");
    }
}

#[test]
#[cfg_attr(no_systemd_analyze, ignore = "SKIPPED: needs systemd-analyze (apt install systemd)")]
fn systemd_unit_exposure_is_at_most_2() {
    let Some(sa) = tool("systemd-analyze") else { return };
    let out = Command::new(sa)
        .args(["security", "--offline=yes"])
        .arg(repo("deploy/tipbox.service"))
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let line = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| panic!("no exposure line:\n{text}"));
    let figure: f64 = line
        .split(':')
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("cannot read {line:?}"));
    eprintln!("{line}");
    assert!(figure <= 2.0, "exposure {figure} > 2.0:\n{text}");
    let unit = std::fs::read_to_string(repo("deploy/tipbox.service")).unwrap();
    assert!(unit.contains("ExecStartPre=/usr/local/bin/tipbox check --config /etc/tipbox/tipbox.toml"));
}

fn self_signed(dir: &Path, name: &str) -> (PathBuf, PathBuf, Vec<u8>) {
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let cert = dir.join(format!("{name}.pem"));
    let key = dir.join(format!("{name}.key"));
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    (cert, key, ck.cert.der().to_vec())
}

/// A raw TLS client that tells which certificate the server presented.
struct TlsClient {
    conn: rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>,
}

impl TlsClient {
    fn connect(addr: &str, roots: &[Vec<u8>]) -> TlsClient {
        let mut store = rustls::RootCertStore::empty();
        for r in roots {
            store.add(rustls::pki_types::CertificateDer::from(r.clone())).unwrap();
        }
        let cfg =
            rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(store)
                .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let conn = rustls::ClientConnection::new(Arc::new(cfg), name).unwrap();
        let sock = std::net::TcpStream::connect(addr).unwrap();
        sock.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        TlsClient { conn: rustls::StreamOwned::new(conn, sock) }
    }
    fn get(&mut self, path: &str) -> String {
        write!(self.conn, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        read_response(&mut self.conn)
    }
    fn peer_cert(&self) -> Vec<u8> {
        self.conn.conn.peer_certificates().unwrap()[0].to_vec()
    }
}

#[test]
fn tls_with_hsts_onion_location_and_sighup_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der_a) = self_signed(dir.path(), "a");
    let onion = "tipboxexampleaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.onion";
    let s = Server::start(Opts {
        source_extra: format!(
            "tls_cert = \"{}\"\ntls_key = \"{}\"\nonion_address = \"{onion}\"",
            cert.display(),
            key.display()
        ),
        ..Default::default()
    });
    assert!(s.base.starts_with("https://"), "{}", s.base);
    let addr = s.base.trim_start_matches("https://").to_owned();

    let mut c = TlsClient::connect(&addr, std::slice::from_ref(&der_a));
    let resp = c.get("/submit?lang=en");
    assert_eq!(status_of(&resp), 200);
    let head = resp.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    assert!(head.contains("strict-transport-security: max-age=63072000"), "{head}");
    assert!(head.contains(&format!("onion-location: http://{onion}/submit?lang=en")), "{head}");
    assert!(head.contains("content-security-policy:"));
    assert_eq!(c.peer_cert(), der_a);

    // TLS 1.2 is refused by default.
    tipbox::crypto::install_tls_provider();
    let ca = reqwest::Certificate::from_pem(&std::fs::read(&cert).unwrap()).unwrap();
    let old = reqwest::blocking::Client::builder()
        .tls_certs_only([ca.clone()])
        .max_tls_version(reqwest::tls::Version::TLS_1_2)
        .build()
        .unwrap();
    assert!(
        old.get(format!("https://localhost:{}/", addr.rsplit(':').next().unwrap())).send().is_err(),
        "TLS 1.2 refused"
    );
    // The session cookie is Secure with the __Host- prefix under TLS.
    let https = reqwest::blocking::Client::builder()
        .tls_certs_only([ca])
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let port = addr.rsplit(':').next().unwrap().to_owned();
    let url = |p: &str| format!("https://localhost:{port}{p}");
    let page = https.get(url("/submit")).send().unwrap().text().unwrap();
    let form =
        reqwest::blocking::multipart::Form::new().text("csrf", csrf_of(&page)).text("message", "over TLS");
    let body = https.post(url("/submit")).multipart(form).send().unwrap().text().unwrap();
    let codename = codename_of(&body);
    assert!(body.contains(onion), "the success page names this host's onion address");
    let login_page = https.get(url("/login")).send().unwrap().text().unwrap();
    let r = https
        .post(url("/login"))
        .form(&[("csrf", csrf_of(&login_page)), ("codename", codename)])
        .send()
        .unwrap();
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-session=") && cookie.contains("; Secure"), "{cookie}");

    // Replace the certificate and send SIGHUP: new connections get the new one, the open
    // connection keeps working.
    let (cert_b, key_b, der_b) = self_signed(dir.path(), "b");
    std::fs::copy(&cert_b, &cert).unwrap();
    std::fs::copy(&key_b, &key).unwrap();
    s.signal("HUP");
    let both = [der_a.clone(), der_b.clone()];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut n = TlsClient::connect(&addr, &both);
        assert_eq!(status_of(&n.get("/")), 200);
        if n.peer_cert() == der_b {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new certificate was never served");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(status_of(&c.get("/")), 200, "the connection opened before the reload still works");
    assert_eq!(c.peer_cert(), der_a);
    // A broken certificate on reload keeps the server serving the last good one.
    std::fs::write(&cert, "not a certificate").unwrap();
    s.signal("HUP");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !s.logs().contains("TLS reload failed") {
        assert!(std::time::Instant::now() < deadline, "the failed reload was never logged");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut n = TlsClient::connect(&addr, &both);
    assert_eq!(status_of(&n.get("/")), 200);
    assert_eq!(n.peer_cert(), der_b);
    assert!(s.logs().contains("TLS reload failed"));
}

#[test]
fn backup_and_restore_under_load() {
    let s = Server::start(Opts::default());
    let c = s.client();
    let mut before = vec![];
    for i in 0..10 {
        let (st, body) =
            submit(&s, &c, &[("message", &format!("before {i}"))], vec![("f.bin", vec![i as u8; 100_000])]);
        assert_eq!(st, 200);
        before.push(codename_of(&body));
    }
    // Tips keep arriving while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let during = Arc::new(Mutex::new(0usize));
    let load = {
        let (stop, during, base) = (stop.clone(), during.clone(), s.base.clone());
        std::thread::spawn(move || {
            let c = http();
            while !stop.load(Ordering::Relaxed) {
                let page = c.get(format!("{base}/submit")).send().unwrap().text().unwrap();
                let form = reqwest::blocking::multipart::Form::new()
                    .text("csrf", csrf_of(&page))
                    .text("message", "during")
                    .part(
                        "attachment",
                        reqwest::blocking::multipart::Part::bytes(vec![9u8; 300_000]).file_name("d.bin"),
                    );
                if c.post(format!("{base}/submit")).multipart(form).send().unwrap().status().as_u16() == 200 {
                    *during.lock().unwrap() += 1;
                }
            }
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let out_dir = tempfile::tempdir().unwrap();
    let backup = out_dir.path().join("backup.tar");
    let o =
        Command::new(BIN).args(["backup", "--data"]).arg(&s.data).arg("--out").arg(&backup).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(said.contains("from the running server"), "{said}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    load.join().unwrap();
    assert!(*during.lock().unwrap() > 0, "the load ran");
    assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    // No plaintext in a backup either.
    let mut raw = vec![];
    std::fs::File::open(&backup).unwrap().read_to_end(&mut raw).unwrap();
    assert!(!raw.windows(8).any(|w| w == b"before 1"), "backups are ciphertext");

    // Restore into a fresh directory with the instance key kept apart, and serve from it.
    let restored = out_dir.path().join("restored");
    let o = Command::new(BIN)
        .args(["restore", "--data"])
        .arg(&restored)
        .arg("--from")
        .arg(&backup)
        .arg("--instance-key")
        .arg(s.data.join("instance.key"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o2 = Command::new(BIN)
        .args(["restore", "--data"])
        .arg(&restored)
        .arg("--from")
        .arg(&backup)
        .output()
        .unwrap();
    assert_eq!(o2.status.code(), Some(1), "never restores over a store");
    let r = Server::start(Opts {
        data: Some(restored.clone()),
        keyholders: s.identities.clone(),
        ..Default::default()
    });
    let rc = r.client();
    for codename in &before {
        assert!(login(&r, &rc, codename).is_some(), "codenames work on the restored store");
    }
    let bundle = http()
        .get(format!("{}/keyholder/v1/bundle", r.kh_base))
        .bearer_auth(&r.token)
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    let m = tipbox::bundle::read::read_bundle(&bundle[..], |_, p, rd| {
        let mut ct = vec![];
        rd.read_to_end(&mut ct).unwrap();
        tipbox::crypto::seal::decrypt(&s.identities[0], &ct).map(|_| ()).map_err(|e| format!("{}: {e}", p.id))
    })
    .unwrap();
    assert!(m.items.len() >= 10, "every tip from before the backup, and whole");
}
