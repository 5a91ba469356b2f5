//! `tipbox check` run as the operator runs it (the real binary, a config file, a data
//! directory): a good deployment passes clean, and every problem is named with its fix, an
//! error making the exit status 1.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use age::secrecy::ExposeSecret;

use crate::common::*;

/// A deployment in a temporary directory: `etc/tipbox.toml`, `data/` (0700, with its instance
/// key) and `run/` (0710) for the sockets.
struct Deployment {
    _dir: tempfile::TempDir,
    cfg_dir: PathBuf,
    cfg: PathBuf,
    data: PathBuf,
    good: String,
    id: age::x25519::Identity,
    hash: String,
}

impl Deployment {
    fn new() -> Deployment {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let (data, run, cfg_dir) = (root.join("data"), root.join("run"), root.join("etc"));
        for (d, mode) in [(&data, 0o700), (&run, 0o710), (&cfg_dir, 0o750)] {
            std::fs::create_dir(d).unwrap();
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        tipbox::crypto::instance::InstanceKeys::load_or_create(&data).unwrap();
        let id = age::x25519::Identity::generate();
        let (_, hash) = tipbox::crypto::token::generate().unwrap();
        let good = format!(
            "organisation = \"Safeguard Test\"\ndata_dir = \"{}\"\n[source]\nlisten = \"unix:{}/source.sock\"\n\
             proxy_protocol = true\nsecure_cookies = true\nonion_address = \"{}.onion\"\n\
             [keyholder_api]\nlisten = \"unix:{}/keyholder.sock\"\n[keyholder_api.tokens]\na = \"{hash}\"\n\
             [[keyholders]]\nname = \"a\"\nrecipient = \"{}\"\nsigning_key = \"{}\"\n[storage]\nquota_mib = 20480\n",
            data.display(),
            run.display(),
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd",
            run.display(),
            id.to_public(),
            signing_key(&id)
        );
        let cfg = cfg_dir.join("tipbox.toml");
        let d = Deployment { _dir: dir, cfg_dir, cfg, data, good, id, hash };
        d.write(&d.good);
        d
    }

    fn write(&self, text: &str) {
        std::fs::write(&self.cfg, text).unwrap();
        std::fs::set_permissions(&self.cfg, std::fs::Permissions::from_mode(0o640)).unwrap();
    }

    /// Runs `tipbox check` on the config as it is now: (exit code, standard output).
    fn check(&self) -> (i32, String) {
        let mut cmd = Command::new(BIN);
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("TIPBOX_")) {
            cmd.env_remove(k);
        }
        let out = cmd.args(["check", "--config"]).arg(&self.cfg).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Writes `text`, checks, and asserts the exit code and that `problem` is printed as an
    /// `error`/`warning` line followed by a `fix:` line containing `fix`.
    fn expect(&self, label: &str, text: &str, code: i32, problem: &str, fix: &str) -> String {
        self.write(text);
        let (got, out) = self.check();
        assert_eq!(got, code, "{label}: exit status:\n{out}");
        let kind = if code == 0 { "warning: " } else { "error: " };
        let at = out.lines().position(|l| l.starts_with(kind) && l.contains(problem));
        let at = at.unwrap_or_else(|| panic!("{label}: no {kind}{problem:?} in:\n{out}"));
        let fix_line = out.lines().nth(at + 1).unwrap_or("");
        assert!(fix_line.starts_with("  fix: ") && fix_line.contains(fix), "{label}: fix {fix:?} in:\n{out}");
        out
    }
}

#[test]
fn check_accepts_a_good_deployment_and_names_every_problem() {
    let d = Deployment::new();
    let (good, hash, id) = (&d.good, &d.hash, &d.id);
    let (code, out) = d.check();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "a good deployment passes clean:\n{out}");

    let expect = |label: &str, text: &str, needle: &str| {
        d.write(text);
        let (code, out) = d.check();
        assert_eq!(code, 1, "{label}: expected failure:\n{out}");
        assert!(out.contains(needle), "{label}: expected {needle:?} in:\n{out}");
        assert!(out.contains("fix:"), "{label}: every problem says how to fix it");
    };
    expect("syntax", "organisation = ", "error");
    expect("unknown key", &format!("{good}\n[limits]\nmax_filez = 3\n"), "max_filez");
    expect(
        "no keyholders",
        &good.replace(&id.to_public().to_string(), "age1notarecipient"),
        "not an age X25519",
    );
    expect("bad token hash", &good.replace(hash, "plaintext-token"), "is not a token hash");
    expect("pasted label", &good.replace(hash, &format!("hash: {hash}")), "paste only the sha256");
    expect(
        "argon2 hash of an older tipbox",
        &good.replace(hash, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
        "tipbox token --hash-of",
    );
    expect(
        "unnamed token hashes of an older tipbox",
        &good.replace("[keyholder_api.tokens]", "token_hashes = [\"x\"]\n[keyholder_api.tokens]"),
        "one named token per keyholder",
    );
    expect(
        "token for nobody",
        &good.replace(&format!("a = \"{hash}\""), &format!("zed = \"{hash}\"")),
        "names no [[keyholders]] entry",
    );
    expect("bad signing key", &good.replace(&signing_key(id), "tipboxsig1nope"), "not a tipboxsig1");
    let sock = good.lines().find(|l| l.contains("source.sock")).unwrap().to_owned();
    expect("public TCP without TLS", &good.replace(&sock, "listen = \"0.0.0.0:8080\""), "without TLS");
    expect(
        "TLS files missing",
        &good.replace(
            "proxy_protocol = true",
            "proxy_protocol = true\ntls_cert = \"/no.pem\"\ntls_key = \"/no.key\"",
        ),
        "TLS",
    );
    expect(
        "missing socket directory",
        &good.replace(&sock, "listen = \"unix:/nonexistent/dir/s.sock\""),
        "does not exist",
    );
    // File modes.
    d.write(good);
    let set =
        |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    set(&d.data, 0o755);
    let (code, out) = d.check();
    assert!(code == 1 && out.contains("chmod 700"), "{out}");
    set(&d.data, 0o700);
    let key = d.data.join("instance.key");
    set(&key, 0o644);
    let (code, out) = d.check();
    assert!(code == 1 && out.contains("chmod 600"), "{out}");
    set(&key, 0o600);
    // A stray file where a socket should be.
    let stray = d.cfg_dir.parent().unwrap().join("run/source.sock");
    std::fs::write(&stray, "x").unwrap();
    let (code, out) = d.check();
    assert!(code == 1 && out.contains("not a socket"), "{out}");
    std::fs::remove_file(&stray).unwrap();
    // Demo artefacts do not belong on a server.
    std::fs::write(d.data.join("demo-token.txt"), "tipbox_kh_x").unwrap();
    let (code, out) = d.check();
    assert!(code == 1 && out.contains("demo"), "{out}");
    std::fs::remove_file(d.data.join("demo-token.txt")).unwrap();
    assert_eq!(d.check().0, 0);
}

#[test]
fn check_names_each_deployment_setting_with_its_fix() {
    let d = Deployment::new();
    let good = &d.good;
    d.expect(
        "unix socket without proxy_protocol",
        &good.replace("proxy_protocol = true", "proxy_protocol = false"),
        1,
        "Unix socket without proxy_protocol",
        "proxy_protocol = true",
    );
    d.expect(
        "cookies without Secure",
        &good.replace("secure_cookies = true\n", ""),
        1,
        "without Secure",
        "secure_cookies = true",
    );
    d.expect(
        "no quota",
        &good.replace("quota_mib = 20480", "quota_mib = 0"),
        0,
        "no storage quota",
        "quota_mib",
    );
    d.expect(
        "no quota and no reserve",
        &good.replace("quota_mib = 20480", "quota_mib = 0\nreserve_mib = 0"),
        1,
        "no storage quota",
        "quota_mib",
    );
    d.expect(
        "the example's organisation",
        &good.replace("Safeguard Test", "Example NGO"),
        1,
        "organisation is \"Example NGO\", a placeholder",
        "set organisation",
    );
    d.expect(
        "the default organisation",
        &good.replace("organisation = \"Safeguard Test\"\n", ""),
        1,
        "organisation is \"tipbox\"",
        "set organisation",
    );
    let onion = good.lines().find(|l| l.starts_with("onion_address")).unwrap().to_owned();
    d.expect("no onion address", &good.replace(&onion, ""), 0, "onion_address is not set", "hostname");
    d.expect(
        "the example's onion address",
        &good.replace(&onion, &format!("onion_address = \"{}.onion\"", "x".repeat(56))),
        1,
        "is not a v3 onion address",
        "hostname",
    );
}

#[test]
fn check_reports_token_hashes_as_findings_and_checks_the_rest() {
    let d = Deployment::new();
    // A pasted label, and the example's organisation: both reported, so the rest was checked.
    let text = d.good.replace(&d.hash, &format!("hash: {}", d.hash)).replace("Safeguard Test", "Example NGO");
    let out = d.expect(
        "pasted label",
        &text,
        1,
        "[keyholder_api.tokens] a: the hash starts with \"hash:\"",
        "remove \"hash:\" from the value",
    );
    assert!(out.contains("a placeholder"), "the rest of the config is still checked:\n{out}");
    assert!(!out.contains(&d.hash), "values are never printed:\n{out}");
    // The token itself where its hash belongs: named, never printed, and called leaked.
    let (token, _) = tipbox::crypto::token::generate().unwrap();
    let out = d.expect(
        "the token itself",
        &d.good.replace(&d.hash, token.expose_secret()),
        1,
        "is the token itself, not its hash",
        "treat that token as leaked",
    );
    assert!(!out.contains(token.expose_secret()), "the token is never printed:\n{out}");
}

#[test]
fn check_finds_identities_under_any_name_but_not_part_files() {
    let d = Deployment::new();
    let kh = tempfile::tempdir().unwrap();
    // A passphrase-encrypted identity as tipbox keygen writes it, renamed.
    let made = kh.path().join("id.age");
    let o = cli::tipbox(
        &["keygen", "--out", made.to_str().unwrap()],
        &[("TIPBOX_PASSPHRASE", "correct horse battery")],
    );
    cli::ok(&o);
    let finding = |path: &Path| format!("error: {} looks like a keyholder identity", path.display());
    for (label, path) in [
        ("in the config directory", d.cfg_dir.join("backup.dat")),
        ("deep in the data directory", d.data.join("old").join("keys").join("x")),
    ] {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(&made, &path).unwrap();
        let (code, out) = d.check();
        assert_eq!(code, 1, "{label}:\n{out}");
        assert!(out.contains(&finding(&path)) && out.contains("passphrase-encrypted"), "{label}:\n{out}");
        std::fs::remove_file(&path).unwrap();
    }
    let plain = d.data.join("notes.txt");
    std::fs::write(&plain, format!("# note\n{}\n", d.id.to_string().expose_secret())).unwrap();
    let (code, out) = d.check();
    assert!(code == 1 && out.contains(&finding(&plain)) && out.contains("plaintext"), "{out}");
    assert!(!out.contains("AGE-SECRET-KEY-1"), "the key is never printed:\n{out}");
    std::fs::remove_file(&plain).unwrap();

    // Part files (age, to an X25519 recipient), a link to an identity outside, and an identity
    // deeper than the scan goes: none is reported.
    let part = tipbox::crypto::seal::encrypt(&[d.id.to_public()], b"ciphertext of a tip").unwrap();
    std::fs::create_dir_all(d.data.join("blobs/ab")).unwrap();
    std::fs::write(d.data.join("blobs/ab/abcdef.age"), &part).unwrap();
    std::os::unix::fs::symlink(&made, d.cfg_dir.join("linked.age")).unwrap();
    let deep = d.data.join("a/b/c/d/e/f");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(&made, deep.join("too-deep.age")).unwrap();
    let (code, out) = d.check();
    assert_eq!(code, 0, "part files, links and what lies beyond the depth limit are not read:\n{out}");
}
