//! `tipbox pull`, `push` and `ack`: the online keyholder machine's client for the keyholder
//! API, over Tor's SOCKS port when `--socks` is given (`socks5h`, so `.onion` names resolve
//! inside Tor).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use secrecy::{ExposeSecret, SecretString};

use crate::bundle::read::read_manifest;

/// Connection flags shared by pull, push and ack.
#[derive(Args)]
pub struct Conn {
    /// Base URL of the keyholder API, e.g. http://xxxx.onion or http://127.0.0.1:8081.
    #[arg(long)]
    pub server: String,
    /// File holding the API token (keep it mode 0600).
    #[arg(long)]
    pub token_file: PathBuf,
    /// Tor SOCKS address, e.g. 127.0.0.1:9050.
    #[arg(long)]
    pub socks: Option<String>,
}

/// Flags of `tipbox pull`.
#[derive(Args)]
pub struct PullArgs {
    /// Connection.
    #[command(flatten)]
    pub conn: Conn,
    /// Where to write the bundle (must not exist).
    #[arg(long)]
    pub out: PathBuf,
}

/// Flags of `tipbox push` and `tipbox ack`.
#[derive(Args)]
pub struct BundleArgs {
    /// Connection.
    #[command(flatten)]
    pub conn: Conn,
    /// The bundle: a reply bundle for push, a pulled bundle for ack.
    pub bundle: PathBuf,
}

fn token(path: &Path) -> anyhow::Result<SecretString> {
    let meta = fs::metadata(path).with_context(|| format!("token file {}", path.display()))?;
    if meta.mode() & 0o077 != 0 {
        eprintln!("warning: {} is readable by other users; chmod 600 it", path.display());
    }
    let t = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let t = t.trim();
    if t.is_empty() {
        bail!("{} is empty", path.display());
    }
    Ok(SecretString::from(t.to_owned()))
}

fn client(c: &Conn) -> anyhow::Result<reqwest::blocking::Client> {
    crate::crypto::install_tls_provider();
    let mut b = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(120))
        .timeout(None)
        .user_agent("tipbox")
        .redirect(reqwest::redirect::Policy::none());
    if let Some(s) = &c.socks {
        b = b.proxy(reqwest::Proxy::all(format!("socks5h://{s}")).context("bad --socks address")?);
    } else {
        b = b.no_proxy();
    }
    Ok(b.build()?)
}

fn url(c: &Conn, path: &str) -> String {
    format!("{}{path}", c.server.trim_end_matches('/'))
}

fn check_status(r: &reqwest::blocking::Response) -> anyhow::Result<()> {
    match r.status().as_u16() {
        200 => Ok(()),
        401 => bail!("the server refused the token (401)"),
        429 => bail!("too many failed attempts: the server is throttling (429); wait a minute"),
        404 => bail!("not found (404): is --server the keyholder API address?"),
        413 => bail!("the server says the upload is too large (413)"),
        s => bail!("the server answered {s}"),
    }
}

/// Downloads a bundle.
pub fn pull(a: PullArgs) -> anyhow::Result<()> {
    let tok = token(&a.conn.token_file)?;
    let mut r = client(&a.conn)?
        .get(url(&a.conn, "/keyholder/v1/bundle"))
        .bearer_auth(tok.expose_secret())
        .send()
        .context("cannot reach the server")?;
    check_status(&r)?;
    let tmp = a.out.with_extension("partial");
    let f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    let mut w = BufWriter::new(f);
    let res = io::copy(&mut r, &mut w).and_then(|n| w.flush().map(|_| n));
    let n = match res {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            bail!("download interrupted: {e}");
        }
    };
    drop(w);
    let manifest = match read_manifest(BufReader::new(File::open(&tmp)?)) {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            bail!("the server sent a broken bundle: {e}");
        }
    };
    if a.out.exists() {
        let _ = fs::remove_file(&tmp);
        bail!("{} already exists", a.out.display());
    }
    fs::rename(&tmp, &a.out)?;
    println!("pulled {} item(s), {n} bytes, into {}", manifest.items.len(), a.out.display());
    Ok(())
}

/// Uploads a reply bundle.
pub fn push(a: BundleArgs) -> anyhow::Result<()> {
    let tok = token(&a.conn.token_file)?;
    let m =
        read_manifest(BufReader::new(File::open(&a.bundle).with_context(|| a.bundle.display().to_string())?))
            .context("not a valid bundle")?;
    if m.kind != crate::bundle::format::BundleKind::Replies {
        bail!("{} is not a reply bundle (make one with `tipbox vault reply`)", a.bundle.display());
    }
    let body = fs::read(&a.bundle)?;
    let r = client(&a.conn)?
        .post(url(&a.conn, "/keyholder/v1/replies"))
        .bearer_auth(tok.expose_secret())
        .header("content-type", "application/x-tar")
        .body(body)
        .send()
        .context("cannot reach the server")?;
    if r.status().as_u16() == 422 || r.status().as_u16() == 404 {
        bail!(
            "the server rejected the reply bundle ({}): {}",
            r.status().as_u16(),
            r.text().unwrap_or_default()
        );
    }
    check_status(&r)?;
    println!("{}", r.text()?);
    Ok(())
}

/// Acknowledges every item of a pulled bundle.
pub fn ack(a: BundleArgs) -> anyhow::Result<()> {
    let tok = token(&a.conn.token_file)?;
    let m =
        read_manifest(BufReader::new(File::open(&a.bundle).with_context(|| a.bundle.display().to_string())?))
            .context("not a valid bundle")?;
    let body = serde_json::json!({ "items": m.item_ids() });
    let r = client(&a.conn)?
        .post(url(&a.conn, "/keyholder/v1/ack"))
        .bearer_auth(tok.expose_secret())
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .context("cannot reach the server")?;
    check_status(&r)?;
    println!("{}", r.text()?);
    Ok(())
}
