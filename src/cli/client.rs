//! `tipbox pull`, `push` and `ack`: the online keyholder machine's client for the keyholder
//! API, over Tor's SOCKS port when `--socks` is given (`socks5h`, so `.onion` names resolve
//! inside Tor). An `.onion` server without `--socks` is refused before any name lookup: the
//! lookup alone would tell the local network which onion service this machine talks to.

use std::fs;
use std::io::{self, BufReader, BufWriter, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use secrecy::{ExposeSecret, SecretString};

use crate::bundle::format::BundleKind;
use crate::bundle::read::read_manifest;
use crate::bundle::signing::AckList;
use crate::files;

/// Connection flags shared by pull, push and ack.
#[derive(Args)]
pub struct Conn {
    /// Base URL of the keyholder API with its scheme, e.g. http://xxxx.onion or http://127.0.0.1:8081.
    #[arg(long, value_parser = server_url)]
    pub server: String,
    /// File holding the API token (keep it mode 0600).
    #[arg(long)]
    pub token_file: PathBuf,
    /// Tor SOCKS address, e.g. 127.0.0.1:9050 (needed for .onion servers).
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
    /// For push, a reply bundle; for ack, the acknowledgement list `vault import` wrote.
    pub bundle: PathBuf,
}

fn token(path: &Path) -> anyhow::Result<SecretString> {
    let meta = fs::metadata(path).map_err(|e| files::named(path, e))?;
    if meta.mode() & 0o077 != 0 {
        eprintln!("warning: {} is readable by other users; chmod 600 it", path.display());
    }
    let text = zeroize::Zeroizing::new(String::from_utf8(files::read(path)?).unwrap_or_default());
    let t = crate::crypto::token::from_file_text(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(SecretString::from(t.to_owned()))
}

/// `--server`: a URL with an http or https scheme and a host, refused as a usage error
/// otherwise (without a scheme, `xxxx.onion:80` would parse as a URL of scheme `xxxx.onion`).
fn server_url(s: &str) -> Result<String, String> {
    let t = s.trim();
    let scheme = t.split_once("://").map(|(x, _)| x.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https") => {}
        None => {
            return Err("it has no scheme: write http:// (or https://) in front, e.g. http://xxxx.onion or \
                        http://127.0.0.1:8081"
                .into());
        }
        Some(_) => return Err("the scheme must be http:// or https://".into()),
    }
    match reqwest::Url::parse(t) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(t.to_owned()),
        _ => Err("not a URL with a host, e.g. http://xxxx.onion or http://127.0.0.1:8081".into()),
    }
}

/// Checks `--server` (already shaped by [`server_url`]) before anything touches the network.
fn check_server(c: &Conn) -> anyhow::Result<reqwest::Url> {
    let url = reqwest::Url::parse(c.server.trim())
        .map_err(|_| anyhow::anyhow!("--server {:?} is not a URL", c.server))?;
    let onion =
        url.host_str().is_some_and(|h| h.trim_end_matches('.').to_ascii_lowercase().ends_with(".onion"));
    if onion && c.socks.is_none() {
        bail!(
            "{} is an onion address: it can only be reached through Tor, and looking it up outside Tor would tell \
             the network which service you use. Add --socks 127.0.0.1:9050 (Tor's SOCKS port). Nothing was sent.",
            url.host_str().unwrap_or_default()
        );
    }
    Ok(url)
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
    format!("{}{path}", c.server.trim().trim_end_matches('/'))
}

/// Turns an error answer into a sentence (the API's own message when it sent one).
fn refused(r: reqwest::blocking::Response) -> anyhow::Error {
    let status = r.status().as_u16();
    let message = r
        .bytes()
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned));
    match (status, message) {
        (401, _) => anyhow::anyhow!("the server refused the token (401): check --token-file"),
        (429, _) => {
            anyhow::anyhow!("too many failed attempts: the server is throttling (429); wait a minute")
        }
        (404, None) => anyhow::anyhow!("not found (404): is --server the keyholder API address?"),
        (413, _) => anyhow::anyhow!("the server says the upload is too large (413)"),
        (s, Some(m)) => anyhow::anyhow!("the server refused it ({s}): {m}"),
        (s, None) => anyhow::anyhow!("the server answered {s}"),
    }
}

fn send(c: &Conn, rb: reqwest::blocking::RequestBuilder) -> anyhow::Result<reqwest::blocking::Response> {
    let r = match rb.send() {
        Ok(r) => r,
        Err(e) => return Err(unreachable(c, e)),
    };
    if r.status().is_success() { Ok(r) } else { Err(refused(r)) }
}

/// Why a request never reached the server. Through Tor, reqwest reports an onion failure only
/// as "general server failure" or "failed parsing server response": tor's own reason is a
/// SOCKS5 reply code reqwest does not show. So after a failure, and only then, ask tor once
/// more ourselves and read that code.
fn unreachable(c: &Conn, e: reqwest::Error) -> anyhow::Error {
    let generic = |e: reqwest::Error| {
        anyhow::Error::new(e).context("cannot reach the server (is Tor running, and --server right?)")
    };
    let (Some(socks), Ok(url)) = (&c.socks, reqwest::Url::parse(c.server.trim())) else { return generic(e) };
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else { return generic(e) };
    match socks_reply(socks, host, port) {
        Ok(code) => match onion_failure(code) {
            Some(why) => anyhow::anyhow!("{host}: {why}"),
            // A standard code: a timeout (0x06) comes even with ExtendedErrors; the others mean
            // the flag is probably missing.
            None if code != 0 && host.ends_with(".onion") => generic(e).context(format!(
                "tor could not connect ({}); if this tor's SocksPort line lacks the ExtendedErrors flag, add it \
                 and tor says why an onion connection fails (deploy/README.md, step 8)",
                socks_code(code)
            )),
            None => generic(e),
        },
        Err(_) => generic(e),
    }
}

/// RFC 1928's reply codes that tor sends, in words.
fn socks_code(code: u8) -> String {
    match code {
        0x01 => "general failure".into(),
        0x04 => "host unreachable".into(),
        0x05 => "connection refused".into(),
        0x06 => "timed out".into(),
        c => format!("SOCKS reply {c:#04x}"),
    }
}

/// Tor's SOCKS5 extended error codes for onion services (tor's `ExtendedErrors` SocksPort flag,
/// proposal 304), as a sentence for a keyholder.
fn onion_failure(code: u8) -> Option<&'static str> {
    Some(match code {
        0xF0 => {
            "tor cannot find this onion service's descriptor: the address is wrong, or the server's tor is not running \
                 (or has not published yet: retry in a minute)"
        }
        0xF1 => {
            "the onion service's descriptor is invalid (tor could not parse or verify it): retry; if it persists, tell the operator"
        }
        0xF2 => {
            "the introduction to the onion service failed: its tor probably restarted or is down; retry in a minute"
        }
        0xF3 => {
            "the rendezvous with the onion service failed: the server's tor or the Tor network is struggling; retry"
        }
        0xF4 => {
            "the keyholder onion needs client authorization: your tor has no key for it (ClientOnionAuthDir with a \
                 .auth_private file, see deploy/README.md step 8)"
        }
        0xF5 => {
            "your tor's client authorization key for the keyholder onion was not accepted: it is not the key the \
                 operator authorized, or it was revoked (see deploy/README.md step 8)"
        }
        0xF6 => "this is not a valid onion address: check --server (56 characters, then .onion)",
        0xF7 => {
            "the introduction to the onion service timed out: the server's tor is down or overloaded; retry later"
        }
        _ => return None,
    })
}

/// One SOCKS5 CONNECT (RFC 1928, domain name, no authentication, like reqwest's) to
/// `host:port` through `socks`; returns the reply code (0: connected). The connection is
/// closed at once: nothing is sent to the server.
fn socks_reply(socks: &str, host: &str, port: u16) -> io::Result<u8> {
    use std::io::Read;
    let name = host.as_bytes();
    let len = u8::try_from(name.len()).map_err(|_| io::Error::other("host name too long"))?;
    let mut s = std::net::TcpStream::connect(socks)?;
    // Tor answers within its own timeouts (a descriptor fetch, an introduction).
    s.set_read_timeout(Some(Duration::from_secs(150)))?;
    s.write_all(&[5, 1, 0])?;
    let mut hello = [0u8; 2];
    s.read_exact(&mut hello)?;
    if hello != [5, 0] {
        return Err(io::Error::other("the SOCKS port wants authentication"));
    }
    let mut req = vec![5, 1, 0, 3, len];
    req.extend_from_slice(name);
    req.extend_from_slice(&port.to_be_bytes());
    s.write_all(&req)?;
    let mut reply = [0u8; 2];
    s.read_exact(&mut reply)?;
    Ok(reply[1])
}

/// POSTs `body` to the keyholder API and returns its JSON answer.
fn post(c: &Conn, path: &str, content_type: &str, body: Vec<u8>) -> anyhow::Result<serde_json::Value> {
    let tok = token(&c.token_file)?;
    let r = send(
        c,
        client(c)?
            .post(url(c, path))
            .bearer_auth(tok.expose_secret())
            .header("content-type", content_type)
            .body(body),
    )?;
    serde_json::from_slice(&r.bytes()?).context("the server's answer is not JSON")
}

/// Downloads a bundle.
pub fn pull(a: PullArgs) -> anyhow::Result<()> {
    check_server(&a.conn)?;
    let tok = token(&a.conn.token_file)?;
    if a.out.exists() {
        bail!("{} already exists", a.out.display());
    }
    let mut r = send(
        &a.conn,
        client(&a.conn)?.get(url(&a.conn, "/keyholder/v1/bundle")).bearer_auth(tok.expose_secret()),
    )?;
    let tmp = a.out.with_extension("partial");
    let mut w = BufWriter::new(files::create_new(&tmp)?);
    let res = io::copy(&mut r, &mut w).and_then(|n| w.flush().map(|_| n));
    drop(w);
    let n = match res {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            bail!("download into {} interrupted: {e}", tmp.display());
        }
    };
    let manifest = match read_manifest(BufReader::new(files::open(&tmp)?)) {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            bail!("the server sent a broken bundle: {e}");
        }
    };
    fs::hard_link(&tmp, &a.out).map_err(|e| files::named(&a.out, e))?;
    let _ = fs::remove_file(&tmp);
    println!("pulled {} item(s), {n} bytes, into {}", manifest.items.len(), a.out.display());
    Ok(())
}

/// Uploads a reply bundle (`vault reply`) or a sync bundle (`vault sync`).
pub fn push(a: BundleArgs) -> anyhow::Result<()> {
    check_server(&a.conn)?;
    let body = files::read(&a.bundle)?;
    let m =
        read_manifest(&body[..]).with_context(|| format!("{} is not a valid bundle", a.bundle.display()))?;
    let route = match m.kind {
        BundleKind::Replies => "/keyholder/v1/replies",
        BundleKind::Sync => "/keyholder/v1/team",
        BundleKind::Server => bail!(
            "{} is not a reply or sync bundle (make one with `tipbox vault reply` or `tipbox vault sync`)",
            a.bundle.display()
        ),
    };
    let v = post(&a.conn, route, "application/x-tar", body)?;
    let stored = v["stored"].as_u64().unwrap_or(0);
    let already = v["already_stored"].as_u64().unwrap_or(0);
    println!(
        "{stored} reply(ies) stored on the server ({already} were already there); the source sees them at their next login"
    );
    if m.kind == BundleKind::Sync {
        let fresh = v["team_packet_stored"].as_bool().unwrap_or(false);
        println!(
            "the team's changes {}: every other keyholder gets them with their next `tipbox pull`",
            if fresh { "are stored on the server" } else { "were already on the server" }
        );
    }
    Ok(())
}

/// Sends the acknowledgement list that `vault import` wrote.
pub fn ack(a: BundleArgs) -> anyhow::Result<()> {
    check_server(&a.conn)?;
    let body = files::read(&a.bundle)?;
    if read_manifest(&body[..]).is_ok() {
        bail!(
            "{} is a bundle, not an acknowledgement list: import it into your vault first; `tipbox vault import` then \
             writes the list of what it could read ({}.ack). Acknowledge that file. Nothing was sent.",
            a.bundle.display(),
            a.bundle.display()
        );
    }
    let list = AckList::parse(&body).map_err(|e| anyhow::anyhow!("{}: {e}", a.bundle.display()))?;
    let v = post(&a.conn, "/keyholder/v1/ack", "application/json", body)?;
    let o = &v["outcome"];
    let n = |k: &str| o[k].as_u64().unwrap_or(0);
    println!(
        "{} of {} item(s) acknowledged as {}: {} deleted from the server, {} kept until the other keyholders acknowledge them, {} already gone",
        n("acked"),
        list.items.len(),
        v["keyholder"].as_str().unwrap_or("?"),
        n("deleted"),
        n("waiting"),
        n("unknown")
    );
    Ok(())
}
