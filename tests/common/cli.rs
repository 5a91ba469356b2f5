//! Running the real `tipbox` binary as a keyholder would: keygen, vault, pull, push, ack.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use age::x25519;

use super::{BIN, Server, signing_key};

/// Runs the tipbox binary with an empty standard input.
pub fn tipbox(args: &[&str], env: &[(&str, &str)]) -> Output {
    tipbox_stdin(args, env, b"")
}

/// Runs the tipbox binary with `stdin` piped in.
pub fn tipbox_stdin(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_remove("TIPBOX_PASSPHRASE")
        .env_remove("EDITOR")
        .env_remove("TIPBOX_VAULT")
        .env_remove("TIPBOX_IDENTITY");
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "expected exit 1: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A keyholder's offline and online machines, in one temporary directory.
pub struct Keyholder {
    pub dir: tempfile::TempDir,
    pub identity: PathBuf,
    pub id: x25519::Identity,
    /// Which of the server's tokens this keyholder uses (default: the first).
    pub token: usize,
}

impl Keyholder {
    /// The server's first keyholder.
    pub fn new(s: &Server) -> Keyholder {
        Keyholder::with(&s.identities[0])
    }

    pub fn with(id: &x25519::Identity) -> Keyholder {
        use age::secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let identity = dir.path().join("identity.txt");
        std::fs::write(&identity, format!("# test\n{}\n", id.to_string().expose_secret())).unwrap();
        Keyholder { dir, identity, id: id.clone(), token: 0 }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn token_file(&self, s: &Server) -> PathBuf {
        let p = self.path("token");
        std::fs::write(&p, &s.tokens[self.token]).unwrap();
        p
    }

    fn vault_args<'a>(&'a self, vault: &'a str, args: &[&'a str]) -> Vec<&'a str> {
        let mut full = vec!["vault", "--vault", vault, "--identity", self.identity.to_str().unwrap()];
        full.extend_from_slice(args);
        full
    }

    pub fn vault(&self, args: &[&str]) -> Output {
        self.vault_stdin(args, b"")
    }

    pub fn vault_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        let vault = self.path("vault");
        let vault = vault.to_str().unwrap();
        tipbox_stdin(&self.vault_args(vault, args), &[], stdin)
    }

    pub fn import(&self, bundle: &Path) -> String {
        ok(&self.vault(&["import", bundle.to_str().unwrap()]))
    }

    /// Writes a reply bundle for `case` (the text goes in on standard input).
    pub fn reply(&self, case: &str, text: &str, name: &str) -> PathBuf {
        let out = self.path(name);
        ok(&self.vault_stdin(&["reply", case, "--out", out.to_str().unwrap()], text.as_bytes()));
        out
    }

    /// Adds `other` to this vault's team roster under `name`.
    pub fn team_add(&self, name: &str, other: &x25519::Identity) {
        let r = other.to_public().to_string();
        let k = signing_key(other);
        ok(&self.vault(&["team", "add", name, &r, &k]));
    }

    fn conn<'a>(&self, s: &'a Server, tok: &'a str) -> Vec<&'a str> {
        vec!["--server", &s.kh_base, "--token-file", tok]
    }

    pub fn pull(&self, s: &Server, name: &str) -> PathBuf {
        let out = self.path(name);
        let tok = self.token_file(s);
        let tok = tok.to_str().unwrap();
        let mut args = vec!["pull"];
        args.extend(self.conn(s, tok));
        args.extend(["--out", out.to_str().unwrap()]);
        ok(&tipbox(&args, &[]));
        out
    }

    /// `tipbox push|ack --server … --token-file … FILE`.
    fn send(&self, s: &Server, command: &str, file: &Path) -> Output {
        let tok = self.token_file(s);
        let tok = tok.to_str().unwrap();
        let mut args = vec![command];
        args.extend(self.conn(s, tok));
        args.push(file.to_str().unwrap());
        tipbox(&args, &[])
    }

    pub fn push(&self, s: &Server, bundle: &Path) -> Output {
        self.send(s, "push", bundle)
    }

    pub fn ack(&self, s: &Server, list: &Path) -> Output {
        self.send(s, "ack", list)
    }
}

/// The path `vault import` writes the acknowledgement list of `bundle` to.
pub fn ack_list(bundle: &Path) -> PathBuf {
    let mut p = bundle.as_os_str().to_owned();
    p.push(".ack");
    PathBuf::from(p)
}

/// Items in a bundle's manifest.
pub fn manifest_items(bundle: &Path) -> usize {
    tipbox::bundle::read::read_manifest(std::fs::File::open(bundle).unwrap()).unwrap().items.len()
}
