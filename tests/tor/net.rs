//! A private Tor network on 127.0.0.1, built from Debian's `tor` and `tor-gencert`, so that
//! the onion services of `deploy/torrc` can be reached for real inside the test suite (the
//! public network is never touched: every tor gets only our DirAuthority lines).
//!
//! Layout (chutney's "hs-v3-min" shape, the smallest that builds onion circuits reliably):
//! three directory authorities that are also relays, three more relays, then the onion-service
//! tor and client tors added by the test. Every relay gets the Guard and HSDir flags by fiat
//! (`TestingDirAuthVote*`), since no relay here lives long enough to earn them.
//!
//! Every tor is a child process killed by pid when its [`Tor`] is dropped, also when a test
//! panics; every wait has a deadline and fails with the tail of the tor's log.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Options every tor of the network needs, relays and clients alike.
///
/// `CircuitBuildTimeout 30` with `LearnCircuitBuildTimeout 0`: on loopback tor learns a
/// timeout of about 50 ms, after which any circuit delayed by a busy CPU (two cores, eight
/// tors and a compiler) is abandoned and rendezvous fail at random.
const COMMON: &str = "\
TestingTorNetwork 1
AssumeReachable 1
PathsNeededToBuildCircuits 0.25
TestingDirAuthVoteGuard *
TestingDirAuthVoteHSDir *
V3AuthNIntervalsValid 2
CircuitBuildTimeout 30
LearnCircuitBuildTimeout 0
ShutdownWaitLength 0
AddressDisableIPv6 1
";

/// Voting as fast as chutney dares (intervals must divide a day; vote and distribution
/// delays together below half an interval): a first consensus about 20 s after start.
const AUTHORITY: &str = "\
AuthoritativeDirectory 1
V3AuthoritativeDirectory 1
TestingV3AuthInitialVotingInterval 10
TestingV3AuthInitialVoteDelay 2
TestingV3AuthInitialDistDelay 2
V3AuthVotingInterval 10
V3AuthVoteDelay 2
V3AuthDistDelay 2
";

/// A running tor, killed by pid on drop.
pub struct Tor {
    pub name: String,
    pub dir: PathBuf,
    child: Child,
}

impl Tor {
    pub fn log(&self) -> PathBuf {
        self.dir.join("notice.log")
    }

    /// The last lines of this tor's log, for failure messages.
    pub fn tail(&self) -> String {
        let mut text = std::fs::read_to_string(self.log()).unwrap_or_default();
        if text.is_empty() {
            // tor failed before opening its log: what it said went to standard output.
            text = std::fs::read_to_string(self.dir.join("stdout.log")).unwrap_or_default();
        }
        let lines: Vec<&str> = text.lines().collect();
        let from = lines.len().saturating_sub(25);
        format!("--- last lines of {} ---\n{}", self.log().display(), lines[from..].join("\n"))
    }

    /// Waits until `needle` appears in the log; panics with the log's tail after `secs`.
    pub fn wait_log(&mut self, needle: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = std::fs::read_to_string(self.log()).unwrap_or_default();
            if text.contains(needle) {
                return;
            }
            if let Ok(Some(st)) = self.child.try_wait() {
                panic!("tor {} exited ({st}) before logging {needle:?}\n{}", self.name, self.tail());
            }
            assert!(
                Instant::now() < deadline,
                "tor {}: no {needle:?} within {secs} s\n{}",
                self.name,
                self.tail()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Tor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on 127.0.0.1 (bound, then released for tor to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The network: authorities and relays. Dropping it stops every tor it started.
pub struct Net {
    pub root: tempfile::TempDir,
    pub tor: PathBuf,
    /// `DirAuthority` lines for every tor of this network.
    pub dirauths: String,
    pub relays: Vec<Tor>,
}

impl Drop for Net {
    fn drop(&mut self) {
        // Stop every tor before the directory goes; TOR_TEST_KEEP=1 keeps the logs to read.
        self.relays.clear();
        if std::env::var_os("TOR_TEST_KEEP").is_some() {
            eprintln!("kept {}", self.root.path().display());
            let _ = std::mem::replace(&mut self.root, tempfile::tempdir().unwrap()).keep();
        }
    }
}

impl Net {
    /// Generates authority keys, starts 3 authorities and 3 relays.
    pub fn start(tor: &Path, gencert: &Path) -> Net {
        let root = tempfile::tempdir().unwrap();
        let mut net = Net { root, tor: tor.to_owned(), dirauths: String::new(), relays: vec![] };
        let mut auths = vec![];
        for i in 0..3 {
            let name = format!("auth{i}");
            let dir = net.node_dir(&name);
            let (or, dirport) = (free_port(), free_port());
            let v3ident = authority_keys(gencert, &dir, dirport);
            let fp = net.fingerprint(&dir, &name);
            net.dirauths.push_str(&format!(
                "DirAuthority {name} orport={or} no-v2 v3ident={v3ident} 127.0.0.1:{dirport} {fp}\n"
            ));
            auths.push((name, or, dirport));
        }
        for (name, or, dirport) in auths {
            let conf = format!("{AUTHORITY}{}DirPort 127.0.0.1:{dirport}\n", relay_lines(&name, or));
            let t = net.spawn(&name, &conf);
            net.relays.push(t);
        }
        for i in 0..3 {
            let name = format!("relay{i}");
            let t = net.spawn(&name, &relay_lines(&name, free_port()));
            net.relays.push(t);
        }
        net.wait_consensus(180);
        net
    }

    /// Waits until the authorities publish a consensus listing all six relays. Tors started
    /// earlier bootstrap from a consensus of two or three relays, build paths that fold back
    /// on themselves, and need minutes of retries to get over it.
    pub fn wait_consensus(&mut self, secs: u64) {
        let path = self.relays[0].dir.join("cached-consensus");
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let listed = text.lines().filter(|l| l.starts_with("r ")).count();
            if listed >= self.relays.len() {
                return;
            }
            for t in &mut self.relays {
                if let Ok(Some(st)) = t.child.try_wait() {
                    panic!("tor {} exited ({st})\n{}", t.name, t.tail());
                }
            }
            let tail = self.relays[0].tail();
            assert!(
                Instant::now() < deadline,
                "no consensus with all relays within {secs} s ({listed} listed)\n{tail}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// A new, private data directory for tor `name`.
    pub fn node_dir(&self, name: &str) -> PathBuf {
        let dir = self.root.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        dir
    }

    /// The relay identity fingerprint tor will use in `dir` (tor creates the key now).
    fn fingerprint(&self, dir: &Path, name: &str) -> String {
        let out = Command::new(&self.tor)
            .args(["--defaults-torrc", "/dev/null", "--list-fingerprint", "--DataDirectory"])
            .arg(dir)
            .args(["--Nickname", name, "--ORPort", "1", "--DirAuthority"])
            // A placeholder authority: without one tor would load the public network's list.
            .arg("placeholder 127.0.0.1:1 ffffffffffffffffffffffffffffffffffffffff")
            .args(["--Log", "err stderr"])
            .output()
            .unwrap();
        let text = std::fs::read_to_string(dir.join("fingerprint")).unwrap_or_else(|_| {
            panic!("tor --list-fingerprint failed: {}", String::from_utf8_lossy(&out.stderr))
        });
        text.split_whitespace().nth(1).unwrap().to_owned()
    }

    /// Lines every tor of this network needs (the test network's own options and authorities).
    pub fn client_lines(&self) -> String {
        format!("{COMMON}{}", self.dirauths)
    }

    /// Starts tor `name` with `conf` plus the network's lines and a log file; the data
    /// directory is `name`'s unless `conf` sets one.
    pub fn spawn(&self, name: &str, conf: &str) -> Tor {
        let dir = self.node_dir(name);
        let mut text = conf.to_owned();
        if !conf.contains("DataDirectory ") {
            text.push_str(&format!("DataDirectory {}\n", dir.display()));
        }
        text.push_str(&format!("\n## test network\n{}Nickname {name}\n", self.client_lines()));
        text.push_str(&format!("Log notice file {}\n", dir.join("notice.log").display()));
        text.push_str(&format!("Log info file {}\n", dir.join("info.log").display()));
        // Onion-service details (what a client read in a descriptor) are debug messages.
        text.push_str(&format!("Log [rend]debug file {}\n", dir.join("rend.log").display()));
        // If the test process dies without running its destructors (SIGKILL, a timeout),
        // tor notices its owner is gone and exits by itself: no orphaned tor.
        text.push_str(&format!("__OwningControllerProcess {}\n", std::process::id()));
        let torrc = dir.join("torrc");
        std::fs::write(&torrc, text).unwrap();
        // --defaults-torrc /dev/null: no /etc/tor/torrc-defaults (or Debian's service defaults,
        // with its User debian-tor) can change what this test runs.
        let child = Command::new(&self.tor)
            .args(["--defaults-torrc", "/dev/null", "-f"])
            .arg(&torrc)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(dir.join("stdout.log")).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Tor { name: name.to_owned(), dir, child }
    }
}

/// What makes a tor a relay here: an ORPort on loopback, no exit.
fn relay_lines(name: &str, or: u16) -> String {
    format!(
        "SocksPort 0\nORPort 127.0.0.1:{or}\nAddress 127.0.0.1\nExitRelay 0\nExitPolicy reject *:*\nContactInfo {name}@test.invalid\nSafeLogging 0\n"
    )
}

/// Makes a directory authority's v3 keys in `dir/keys` with tor-gencert; returns the v3
/// identity fingerprint.
fn authority_keys(gencert: &Path, dir: &Path, dirport: u16) -> String {
    let keys = dir.join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let mut child = Command::new(gencert)
        .current_dir(&keys)
        .args(["--create-identity-key", "--passphrase-fd", "0", "-m", "12", "-a"])
        .arg(format!("127.0.0.1:{dirport}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The passphrase of the (throwaway) identity key.
    child.stdin.take().unwrap().write_all(b"test network\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "tor-gencert failed: {}", String::from_utf8_lossy(&out.stderr));
    let cert = std::fs::read_to_string(keys.join("authority_certificate")).unwrap();
    cert.lines()
        .find_map(|l| l.strip_prefix("fingerprint "))
        .expect("no fingerprint in the certificate")
        .trim()
        .to_owned()
}
