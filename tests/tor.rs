//! tipbox behind real onion services: a private Tor network on 127.0.0.1 (`tor/net.rs`), an
//! onion-service tor running `deploy/torrc` as shipped (only its paths moved into a scratch
//! directory, plus the lines a test network needs), tipbox on the two Unix sockets, and client
//! tors whose SOCKS ports the checks go through. What `tests/deploy.rs` checks statically
//! (`--verify-config`, synthetic PROXY headers) is checked here end to end: the source flow,
//! per-circuit limits, client authorization with `tipbox pull/push/ack`, proof of work in
//! the published descriptor, revoking a keyholder, and failing over to a standby host
//! restored from `tipbox backup` as deploy/README.md ("Outgrowing one host") recommends.
//!
//! One test with named steps shares one network (bootstrapping it is the slow part). Needs
//! `tor`, `tor-gencert` and `openssl`; without them it says `SKIPPED` and passes, unless
//! `TEST_REQUIRE_TOOLS=1` (set by CI) makes it fail. `TOR_TEST_KEEP=1` keeps the tors' data
//! directories and logs (notice, info, rend debug) after the run, to read why a step failed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;
#[path = "tor/net.rs"]
mod net;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use common::cli::{Keyholder, ack_list, err, ok, stderr, tipbox};
use common::*;
use net::{Net, Tor, free_port};

/// An x25519 key pair for client authorization, made with exactly the commands deploy/README.md
/// step 8 gives keyholders (so the documented recipe is what this test trusts): (PRIV, PUB).
fn client_auth_keypair(dir: &Path) -> (String, String) {
    let script = "umask 077
openssl genpkey -algorithm x25519 -out keyholder-alice.pem
PRIV=$(openssl pkey -in keyholder-alice.pem -outform DER | tail -c 32 | base32 | tr -d '=\\n')
PUB=$(openssl pkey -in keyholder-alice.pem -pubout -outform DER | tail -c 32 | base32 | tr -d '=\\n')
echo \"$PRIV $PUB\"";
    let out = std::process::Command::new("sh").arg("-c").arg(script).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let (p, q) = text.trim().split_once(' ').unwrap();
    assert_eq!((p.len(), q.len()), (52, 52), "32-byte keys in unpadded base32: {text}");
    (p.to_owned(), q.to_owned())
}

/// `deploy/torrc` with the rewrite `tests/deploy.rs` and deploy/README.md use (`/var/lib/tor`
/// and `/run/tipbox` moved), and nothing else changed.
///
/// The shipped file has no `User` line (Debian's service defaults add `User debian-tor`), and
/// this tor is started with `--defaults-torrc /dev/null`, so it runs as the test's user (root
/// here, anyone in CI), the same user as tipbox, and may open its 0660 sockets without any
/// chown; deployed, the group debian-tor of `/run/tipbox` (tipbox.tmpfiles) grants the same.
fn shipped_torrc(state: &Path, run: &Path) -> String {
    let text = std::fs::read_to_string(repo("deploy/torrc")).unwrap();
    assert!(!text.lines().any(|l| l.starts_with("User ")), "a User line would need the temp dirs chowned");
    text.replace("/var/lib/tor", &state.display().to_string())
        .replace("/run/tipbox", &run.display().to_string())
}

/// The onion-service tor with `keys` (name, public key) authorized on the keyholder service,
/// set up the way deploy/README.md orders it: `authorized_clients/` (each level 0700, tor's
/// owner) and the `.auth` files exist before tor first starts, so the keyholder service is
/// never public.
fn start_service(net: &Net, run: &Path, keys: &[(&str, &str)]) -> Tor {
    let state = net.node_dir("service");
    let clients = state.join("tipbox-keyholder/authorized_clients");
    std::fs::create_dir_all(&clients).unwrap();
    for d in [state.join("tipbox-keyholder"), clients.clone()] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    for (name, key) in keys {
        let auth = clients.join(format!("{name}.auth"));
        std::fs::write(&auth, format!("descriptor:x25519:{key}\n")).unwrap();
        std::fs::set_permissions(&auth, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    net.spawn("service", &shipped_torrc(&state, run))
}

/// Stops the onion-service tor and starts it again on the same state (keys, authorized_clients).
fn restart_service(net: &Net, service: Tor, run: &Path) -> Tor {
    let state = service.dir.clone();
    drop(service);
    net.spawn("service", &shipped_torrc(&state, run))
}

/// The 56 characters and `.onion` of a service tor `service` created in its data directory.
fn onion_of(service: &mut Tor, name: &str) -> String {
    let path = service.dir.join(name).join("hostname");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(h) = std::fs::read_to_string(&path) {
            return h.trim().to_owned();
        }
        assert!(Instant::now() < deadline, "no {} within 60 s\n{}", path.display(), service.tail());
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A client tor: a SOCKS port with `ExtendedErrors` (so onion failures come back as codes
/// F0–F7, see deploy/README.md) and, for a keyholder, `ClientOnionAuthDir` holding one key.
struct Client {
    tor: Tor,
    socks: String,
}

fn start_client(net: &Net, name: &str, auth: Option<(&str, &str)>) -> Client {
    let port = free_port();
    // SocksTimeout 60 (default 120): after the service tor restarts (revocation), a stream
    // sent to its old introduction points waits this long before failing; on loopback a good
    // connection is made in seconds.
    let mut conf = format!("SocksPort 127.0.0.1:{port} ExtendedErrors\nSocksTimeout 60\n");
    if let Some((onion, private)) = auth {
        let dir = net.node_dir(&format!("{name}-onion_auth"));
        let addr = onion.trim_end_matches(".onion");
        let file = dir.join("tipbox.auth_private");
        std::fs::write(&file, format!("{addr}:descriptor:x25519:{private}\n")).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        conf.push_str(&format!("ClientOnionAuthDir {}\n", dir.display()));
    }
    Client { tor: net.spawn(name, &conf), socks: format!("127.0.0.1:{port}") }
}

impl Client {
    /// An HTTP client whose connections use SOCKS username `circuit`: tor's default
    /// `IsolateSOCKSAuth` gives each username its own circuits, so each is its own "visitor".
    fn http(&self, circuit: &str) -> reqwest::blocking::Client {
        tipbox::crypto::install_tls_provider();
        reqwest::blocking::Client::builder()
            .proxy(reqwest::Proxy::all(format!("socks5h://{circuit}:x@{}", self.socks)).unwrap())
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap()
    }
}

/// Retries GET `url` through `client` until it answers (the descriptor is published and a
/// rendezvous works); panics with both tors' logs after `secs`.
fn wait_reachable(client: &Client, service: &Tor, url: &str, secs: u64) -> u16 {
    let http = client.http("probe");
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        match http.get(url).send() {
            Ok(r) => return r.status().as_u16(),
            Err(e) => assert!(
                Instant::now() < deadline,
                "{url} unreachable through {} after {secs} s: {e:?}\n{}\n{}",
                client.tor.name,
                service.tail(),
                client.tor.tail()
            ),
        }
        std::thread::sleep(Duration::from_secs(2));
    }
}

/// Tokens for the per-circuit check: 8 actions per circuit, refilled once a minute (so no
/// refill can happen while the test floods), everything else as generous as usual. Eight, not
/// fewer: a source's visit spends a submission, a follow-up and a login, and a login spends one
/// more token per further reading of its codename in another word list, which a random
/// codename sometimes has (with 4, the source flow's follow-up was refused now and then).
const RATES: &str = "[rate_limits]\nsubmissions_per_minute = 600\nsubmissions_burst = 100\nlogins_per_minute = 600\nlogins_burst = 100\nfollowups_per_minute = 600\nfollowups_burst = 100\nper_session_per_minute = 600\nper_session_burst = 100\nper_circuit_per_minute = 1\nper_circuit_burst = 8\n";

#[test]
#[cfg_attr(no_tor, ignore = "SKIPPED: needs tor (apt install tor)")]
fn tipbox_behind_real_onion_services() {
    let (Some(tor), Some(gencert), Some(_)) = (tool("tor"), tool("tor-gencert"), tool("openssl")) else {
        return;
    };
    let started = Instant::now();
    let net = Net::start(&tor, &gencert);
    let (private, public) = client_auth_keypair(&net.node_dir("alice-key"));
    // A second keyholder, so that revoking alice leaves a non-empty authorized_clients/ (an
    // empty one would make tor publish the keyholder service to everyone).
    let (bob_private, bob) = client_auth_keypair(&net.node_dir("bob-key"));
    // tipbox as deployed: both listeners on Unix sockets, PROXY headers on the source one.
    // secure_cookies stays false: reqwest's cookie store, like any client but Tor Browser, does
    // not treat http://….onion as a secure context (deploy/README.md says what that breaks).
    let mut s = Server::start(Opts {
        unix: true,
        kh_unix: true,
        proxy: true,
        extra: RATES.into(),
        ..Default::default()
    });
    let mut service = start_service(&net, s.root.path(), &[("alice", &public), ("bob", &bob)]);
    let source_onion = onion_of(&mut service, "tipbox-source");
    let kh_onion = onion_of(&mut service, "tipbox-keyholder");
    let visitor = start_client(&net, "visitor", None);
    let keyholder = start_client(&net, "keyholder", Some((&kh_onion, &private)));
    let stranger = start_client(&net, "stranger", Some((&kh_onion, &public)));
    // Bob's tor, for the standby step (alice is revoked by then); bootstraps meanwhile.
    let bob_tor = start_client(&net, "bob", Some((&kh_onion, &bob_private)));
    let source = format!("http://{source_onion}");
    let status = wait_reachable(&visitor, &service, &format!("{source}/"), 300);
    assert_eq!(status, 200, "GET / over the onion");
    eprintln!("network up, source onion reachable after {:?}", started.elapsed());

    let codename = step_source_flow(&visitor, &source);
    step_no_proxy_header_is_dropped(&s);
    step_pow_params_in_descriptor(&visitor, 0);
    step_keyholder_onion(&s, &keyholder, &visitor, &stranger, &service, &kh_onion);
    let kh = Keyholder::new(&s);
    let nowhere = kh.path("nowhere.tar");
    let e = err(&over_tor(
        &kh,
        &s,
        &keyholder,
        "pull",
        "notanonionaddress.onion",
        &["--out", nowhere.to_str().unwrap()],
    ));
    assert!(e.contains("not a valid onion address"), "translated F6: {e}");
    let service = step_revocation(&net, service, &s, &keyholder, &kh_onion);
    let hosts = Onions { source: &source_onion, keyholder: &kh_onion };
    step_standby_host(&net, (&mut s, service), &visitor, (&keyholder, &bob_tor), &hosts, &codename);
    eprintln!("all steps done after {:?}", started.elapsed());
}

/// A source's whole visit through Tor: form, tip with attachment, codename, login, follow-up.
/// Returns the codename, for the source's later visits.
fn step_source_flow(visitor: &Client, source: &str) -> String {
    let c = visitor.http("source");
    let page = c.get(format!("{source}/submit")).send().unwrap().text().unwrap();
    let attachment = vec![0x5au8; 150_000];
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(&page))
        .text("message", "sent over a real onion service")
        .part("attachment", reqwest::blocking::multipart::Part::bytes(attachment).file_name("scan.pdf"));
    let r = c.post(format!("{source}/submit")).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200, "submission over Tor");
    let codename = codename_of(&r.text().unwrap());
    let inbox = source_login(&c, source, &codename);
    followup(&c, source, &inbox, "a follow-up over Tor");
    codename
}

/// Logs in with `codename` through `c` (303), then opens `/inbox` (200): its page.
fn source_login(c: &reqwest::blocking::Client, source: &str, codename: &str) -> String {
    let login_page = send_connecting(|| c.get(format!("{source}/login"))).text().unwrap();
    let csrf = csrf_of(&login_page);
    let form = [("csrf", csrf.as_str()), ("codename", codename)];
    let r = send_connecting(|| c.post(format!("{source}/login")).form(&form));
    assert_eq!(r.status().as_u16(), 303, "login with the codename over Tor");
    let inbox = c.get(format!("{source}/inbox")).send().unwrap();
    assert_eq!(inbox.status().as_u16(), 200, "the session cookie works over plain-HTTP onion");
    inbox.text().unwrap()
}

/// Sends follow-up `text` with the form of `inbox` (a page of `/inbox`).
fn followup(c: &reqwest::blocking::Client, source: &str, inbox: &str, text: &str) {
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf_of(inbox))
        .text("message", text.to_owned());
    let r = c.post(format!("{source}/followup")).multipart(form).send().unwrap();
    let status = r.status().as_u16();
    let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(status, 303, "follow-up stored (retry-after {retry:?}): {}", r.text().unwrap_or_default());
}

/// Something on the host that reaches the source socket without tor's PROXY header (so without
/// a circuit id) gets nothing: the connection is dropped unanswered.
fn step_no_proxy_header_is_dropped(s: &Server) {
    let mut u = std::os::unix::net::UnixStream::connect(s.socket.as_ref().unwrap()).unwrap();
    u.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    u.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut got = vec![];
    let _ = u.read_to_end(&mut got);
    assert!(got.is_empty(), "answered without a PROXY header: {}", String::from_utf8_lossy(&got));
}

/// Sends `request()`, again while tor cannot build the connection (a new circuit right after
/// a failover may fail to reach the service at first); such a request never reached tipbox, so
/// repeating it spends nothing. Any other error fails at once. Bounded by two minutes.
fn send_connecting(request: impl Fn() -> reqwest::blocking::RequestBuilder) -> reqwest::blocking::Response {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match request().send() {
            Ok(r) => return r,
            Err(e) if e.is_connect() && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_secs(2))
            }
            Err(e) => panic!("request through tor failed: {e:?}"),
        }
    }
}

/// One circuit that keeps failing logins runs into 429; another circuit is still served.
fn step_per_circuit_limit(visitor: &Client, source: &str) {
    let attempt = |c: &reqwest::blocking::Client| {
        let page = send_connecting(|| c.get(format!("{source}/login"))).text().unwrap();
        let wrong = "abandon ability able about above absent absorb abstract";
        let csrf = csrf_of(&page);
        let form = [("csrf", csrf.as_str()), ("codename", wrong)];
        send_connecting(|| c.post(format!("{source}/login")).form(&form)).status().as_u16()
    };
    let flooder = visitor.http("flooder");
    let mut seen = vec![];
    while !seen.contains(&429) {
        assert!(seen.len() < 16, "the flooding circuit was never throttled: {seen:?}");
        seen.push(attempt(&flooder));
    }
    assert_eq!(seen[0], 403, "a wrong codename first: {seen:?}");
    assert_eq!(attempt(&visitor.http("bystander")), 403, "another circuit is not throttled");
}

/// The source onion's descriptor carries `pow-params`: the visitor's tor says so when it
/// decrypts the descriptor it fetched (the field is inside the encrypted layers, so the
/// client's log is where it becomes visible). Only the log after byte `from` counts, so that
/// a later check is about a later descriptor.
fn step_pow_params_in_descriptor(visitor: &Client, from: usize) {
    let log = std::fs::read(visitor.tor.dir.join("rend.log")).unwrap();
    let log = String::from_utf8_lossy(&log[from.min(log.len())..]);
    assert!(
        log.contains("PoW params present in descriptor"),
        "no pow-params in the source onion's descriptor\n{}",
        visitor.tor.tail()
    );
}

/// `tipbox pull --socks …` with `args`, through `client`'s SOCKS port.
fn over_tor(
    kh: &Keyholder,
    s: &Server,
    client: &Client,
    command: &str,
    onion: &str,
    rest: &[&str],
) -> std::process::Output {
    let tok = kh.token_file(s);
    let server = format!("http://{onion}");
    let mut args =
        vec![command, "--server", &server, "--token-file", tok.to_str().unwrap(), "--socks", &client.socks];
    args.extend_from_slice(rest);
    tipbox(&args, &[])
}

/// The keyholder onion with client authorization: pull, push and ack work with the key; a
/// tor without it (or with a wrong one) is refused, in words a keyholder understands.
fn step_keyholder_onion(
    s: &Server,
    keyholder: &Client,
    visitor: &Client,
    stranger: &Client,
    service: &Tor,
    onion: &str,
) {
    let status = wait_reachable(keyholder, service, &format!("http://{onion}/keyholder/v1/bundle"), 180);
    assert_eq!(status, 401, "reachable with the key; the API still wants its token");
    let kh = Keyholder::new(s);
    let bundle = kh.path("b1.tar");
    let said = ok(&over_tor(&kh, s, keyholder, "pull", onion, &["--out", bundle.to_str().unwrap()]));
    assert!(said.contains("pulled 2 item"), "the tip and its follow-up: {said}");
    let out = kh.import(&bundle);
    assert!(out.contains("imported 2 new item"), "{out}");
    let reply = kh.reply("1", "Thank you, received over Tor.", "reply.tar");
    let said = ok(&over_tor(&kh, s, keyholder, "push", onion, &[reply.to_str().unwrap()]));
    assert!(said.contains("1 reply(ies) stored"), "{said}");
    let said = ok(&over_tor(&kh, s, keyholder, "ack", onion, &[ack_list(&bundle).to_str().unwrap()]));
    assert!(said.contains("2 of 2 item(s) acknowledged"), "{said}");

    // Without the key: tor fetches the descriptor but cannot decrypt it (SOCKS error F4).
    let again = kh.path("b2.tar");
    let e = err(&over_tor(&kh, s, visitor, "pull", onion, &["--out", again.to_str().unwrap()]));
    assert!(e.contains("needs client authorization"), "translated F4: {e}");
    for (command, file) in [("push", &reply), ("ack", &ack_list(&bundle))] {
        let e = err(&over_tor(&kh, s, visitor, command, onion, &[file.to_str().unwrap()]));
        assert!(e.contains("needs client authorization"), "{command} without the key: {e}");
    }
    // With a key that is not the authorized one (F5).
    let e = err(&over_tor(&kh, s, stranger, "pull", onion, &["--out", again.to_str().unwrap()]));
    assert!(e.contains("was not accepted"), "translated F5: {e}");
    assert!(!again.exists(), "nothing written");
}

/// Revoking alice as deploy/README.md says: delete her `.auth` file and restart tor (a reload
/// would still let her tor in with the descriptor it holds). Her tor then learns that its key
/// no longer opens the descriptor; until it has fetched the new one it may first see the old
/// introduction points fail, so this waits for the final answer.
fn step_revocation(net: &Net, service: Tor, s: &Server, keyholder: &Client, onion: &str) -> Tor {
    std::fs::remove_file(service.dir.join("tipbox-keyholder/authorized_clients/alice.auth")).unwrap();
    let service = restart_service(net, service, s.root.path());
    wait_refused(s, keyholder, &service, onion);
    service
}

/// Retries `tipbox pull` through `keyholder`'s tor until the keyholder onion refuses its key
/// (F5); panics with both tors' logs when it still opens after 240 s.
fn wait_refused(s: &Server, keyholder: &Client, service: &Tor, onion: &str) {
    let kh = Keyholder::new(s);
    let out = kh.path("after-revocation.tar");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(240);
    let mut said = vec![];
    loop {
        let o = over_tor(&kh, s, keyholder, "pull", onion, &["--out", out.to_str().unwrap()]);
        let _ = std::fs::remove_file(&out);
        let e = stderr(&o);
        if e.contains("was not accepted") {
            eprintln!(
                "{} refused {:?} after {}'s start; before that: {said:?}",
                keyholder.tor.name,
                started.elapsed(),
                service.name
            );
            return;
        }
        said.push(if o.status.success() { "pulled".to_owned() } else { e });
        assert!(
            Instant::now() < deadline,
            "{}'s key still opens the keyholder onion of {} after 240 s: {said:?}\n{}\n{}",
            keyholder.tor.name,
            service.name,
            service.tail(),
            keyholder.tor.tail()
        );
        std::thread::sleep(Duration::from_secs(3));
    }
}

/// The two addresses one host serves.
struct Onions<'a> {
    source: &'a str,
    keyholder: &'a str,
}

/// The standby host of deploy/README.md ("Outgrowing one host", "Backups"), followed as
/// written: host A's daily backup and its once-kept keys go off the host; A fails (tipbox and
/// tor killed, nothing shut down cleanly); host B, restored from them with A's config, serves
/// the same addresses. The source logs in with the same codename and reads the reply, B's
/// descriptor carries `pow-params`, a keyholder pulls what A received since the last
/// acknowledgement, and the key revoked on A stays refused. A and B never run at once.
fn step_standby_host(
    net: &Net,
    (a, service): (&mut Server, Tor),
    visitor: &Client,
    (alice, bob): (&Client, &Client),
    onions: &Onions<'_>,
    codename: &str,
) {
    let source = format!("http://{}", onions.source);
    // The revocation restarted A's tor: the visitor's tor may first try the old introduction
    // points of the source onion too.
    assert_eq!(wait_reachable(visitor, &service, &format!("{source}/"), 240), 200, "host A again");
    let c = visitor.http("before-failover");
    let inbox = source_login(&c, &source, codename);
    followup(&c, &source, &inbox, "written before the failover");
    let offsite = net.node_dir("offsite");
    let backup = keep_offsite(a, &service, &offsite);
    a.kill();
    drop(service);
    // From here on the visitor's log can only show descriptors host B published.
    let seen = std::fs::metadata(visitor.tor.dir.join("rend.log")).map_or(0, |m| m.len() as usize);
    let failed = Instant::now();
    let (b, mut service) = restore_standby(net, a, &offsite, &backup);
    assert_eq!(onion_of(&mut service, "tipbox-source"), onions.source, "the same source address");
    assert_eq!(onion_of(&mut service, "tipbox-keyholder"), onions.keyholder, "the same keyholder address");
    let status = wait_reachable(visitor, &service, &format!("{source}/"), 300);
    assert_eq!(status, 200, "the standby behind the same onion address");
    eprintln!("standby host reachable {:?} after host A failed", failed.elapsed());
    let inbox = source_login(&visitor.http("after-failover"), &source, codename);
    assert!(inbox.contains("Thank you, received over Tor."), "the reply, restored: {inbox}");
    step_pow_params_in_descriptor(visitor, seen);

    // Bob's key is in the restored authorized_clients/; the API token is in the same config.
    let url = format!("http://{}/keyholder/v1/bundle", onions.keyholder);
    assert_eq!(wait_reachable(bob, &service, &url, 180), 401, "keyholder onion of the standby");
    let kh = Keyholder::new(&b);
    let bundle = kh.path("standby.tar");
    let said = ok(&over_tor(&kh, &b, bob, "pull", onions.keyholder, &["--out", bundle.to_str().unwrap()]));
    assert!(said.contains("pulled 1 item"), "the follow-up sent before the backup: {said}");
    let out = kh.import(&bundle);
    assert!(out.contains("imported 1 new item"), "{out}");
    // The authorized_clients/ copied after the revocation: alice stays out on the standby.
    wait_refused(&b, alice, &service, onions.keyholder);
    // Last, on the standby: a restarted tor numbers its circuits from the start again, so a new
    // circuit can share the id (and so the exhausted bucket) of a flooder's circuit before the
    // restart; flooding before the revocation's restart made a later login fail now and then.
    step_per_circuit_limit(visitor, &source);
    drop(service);
}

/// What deploy/README.md "Backups" keeps off host A: the daily `tipbox backup` (from the
/// running server) and, once, `instance.key` and both onion services' keys. Returns the
/// backup's path.
fn keep_offsite(a: &Server, service: &Tor, offsite: &Path) -> std::path::PathBuf {
    let backup = offsite.join("tipbox-backup.tar");
    let args = ["backup", "--config", a.config.to_str().unwrap(), "--out", backup.to_str().unwrap()];
    let said = ok(&tipbox(&args, &[]));
    assert!(said.contains("from the running server"), "{said}");
    std::fs::copy(a.data.join("instance.key"), offsite.join("instance.key")).unwrap();
    copy_onion_keys(&service.dir, offsite);
    backup
}

/// Copies what the "Backups" table names for each onion service, `hs_ed25519_secret_key` and
/// `authorized_clients/`, from one tor data directory (or safe place) to another, private
/// (directories 0700, files 0600) as tor insists.
fn copy_onion_keys(from: &Path, to: &Path) {
    let private =
        |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    for service in ["tipbox-source", "tipbox-keyholder"] {
        let (src, dst) = (from.join(service), to.join(service));
        std::fs::create_dir_all(&dst).unwrap();
        private(&dst, 0o700);
        std::fs::copy(src.join("hs_ed25519_secret_key"), dst.join("hs_ed25519_secret_key")).unwrap();
        private(&dst.join("hs_ed25519_secret_key"), 0o600);
        let Ok(clients) = std::fs::read_dir(src.join("authorized_clients")) else { continue };
        std::fs::create_dir_all(dst.join("authorized_clients")).unwrap();
        private(&dst.join("authorized_clients"), 0o700);
        for f in clients {
            let f = f.unwrap().path();
            let copy = dst.join("authorized_clients").join(f.file_name().unwrap());
            std::fs::copy(&f, &copy).unwrap();
            private(&copy, 0o600);
        }
    }
}

/// Host B, set up as deploy/README.md "Backups" step 3 restores a host: the onion key
/// directories put back under tor's data directory before tor first starts there, `tipbox
/// restore` into the empty data directory with the instance key kept apart, host A's config,
/// `tipbox check`, then tor (`deploy/torrc`, only its paths moved) and tipbox.
fn restore_standby(net: &Net, a: &Server, offsite: &Path, backup: &Path) -> (Server, Tor) {
    let state = net.node_dir("standby");
    copy_onion_keys(offsite, &state);
    // As tipbox.tmpfiles makes /run/tipbox (the sockets' directory, closed to others) and
    // /var/lib/tipbox (there, empty and private) on a new host.
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for d in [root.path(), &data] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let key = offsite.join("instance.key");
    let args = ["restore", "--data", data.to_str().unwrap(), "--from", backup.to_str().unwrap()];
    let said = ok(&tipbox(&[&args[..], &["--instance-key", key.to_str().unwrap()]].concat(), &[]));
    assert!(said.contains("restored"), "{said}");
    let config = a.standby_config(root.path());
    // `tipbox check` says nothing about the restored data directory and instance.key; its one
    // error is the secure_cookies = false this test keeps on purpose (see the test's start).
    let o = tipbox(&["check", "--config", config.to_str().unwrap()], &[]);
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        errors,
        ["error: session cookies are sent without Secure (and without the __Host- prefix)"],
        "{said}"
    );
    assert!(!said.contains(data.to_str().unwrap()), "the restored data directory passes: {said}");
    let service = net.spawn("standby", &shipped_torrc(&state, root.path()));
    (a.standby(root), service)
}
