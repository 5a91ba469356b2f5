//! The benchmark harness: starts the real server and, for each scenario, prints the figure, a
//! baseline measured in the same run on the same machine, and their ratio.
//!
//! ```text
//! cargo bench --bench tipbox             # full run (several minutes)
//! cargo bench --bench tipbox -- --quick  # CI: every scenario, small sizes, under a minute
//! ```
//!
//! Scenarios (issue 7):
//! - S1 text tips: 2 KiB messages to 3 keyholders at concurrency 1/4/16/64; baseline: the argon2
//!   bound (cores ÷ the configured argon2 time, measured here).
//! - S2 large upload: one big attachment; baseline: the age crate encrypting the same bytes to the
//!   same recipients in-process. Also the server's peak RSS.
//! - S3 follow-ups in a session (no argon2); baseline: the same bytes through age, a sled insert
//!   and the same durability step (flush + fsync), one after the other.
//! - S4 flood: 64 clients submitting past every limit while one client loads `/`: p99 of `/`.
//! - S5 keyholder scale: N tips seeded into the store: bundle download, vault import, memory.
//! - S6 availability under the audit's attacks (trickles, unfinished bodies, wrong tokens, a
//!   saturated argon2 pool): whether a real source and a keyholder got through, and the
//!   server's peak memory against the unit's `MemoryMax`, beside a no-attack baseline.
//! - S7 settling: the store's rewrite and a whole settle of N tips; baseline: sled's own
//!   export + import of the same database.
//! - S8 the desk on a vault of N cases: list page, search, case page; baseline: reading and
//!   decrypting the parts each page shows.
//! - S9 an upload over a real onion service (private Tor network); baseline: the same bytes to
//!   an HTTP sink behind the same tor.
//! - S10 the team's triage: a vault of N cases importing a teammate's 10·N operations, and the
//!   merge alone; baseline: decrypting the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs, clippy::print_stdout)]

#[path = "../common/mod.rs"]
mod common;
mod s10;
mod s6;
mod s7;
mod s8;
mod s9;

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

pub(crate) struct Row {
    scenario: String,
    figure: String,
    baseline: String,
    ratio: Option<f64>,
    target: String,
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn rates(extra: &str) -> String {
    format!(
        "[rate_limits]\nsubmissions_per_minute = 1000000\nsubmissions_burst = 100000\nlogins_per_minute = 1000000\nlogins_burst = 100000\n\
         followups_per_minute = 1000000\nfollowups_burst = 100000\nper_session_per_minute = 1000000\nper_session_burst = 100000\n\
         per_circuit_per_minute = 1000000\nper_circuit_burst = 100000\nupload_mib_per_minute = 1000000\n[limits]\nmax_concurrent_uploads = 256\nmax_submission_bytes = 2147483648\n{extra}"
    )
}

fn argon2_cfg(quick: bool) -> (String, tipbox::crypto::kdf::KdfParams) {
    let (m, t) = if quick { (8 * 1024, 1) } else { (64 * 1024, 3) };
    (
        format!("[argon2]\nmemory_kib = {m}\niterations = {t}\nparallelism = 1\nworkers = 0\nqueue = 256\n"),
        tipbox::crypto::kdf::KdfParams { memory_kib: m, iterations: t, parallelism: 1 },
    )
}

/// Seconds per argon2 derivation on one core, with these parameters.
fn argon2_secs(p: &tipbox::crypto::kdf::KdfParams) -> f64 {
    let mut mem = p.new_memory().unwrap();
    let c = tipbox::crypto::codename::Codename::generate().unwrap();
    let _ = tipbox::crypto::kdf::derive(p, &[1; 32], &c, &mut mem).unwrap();
    let n = 5;
    let t = Instant::now();
    for _ in 0..n {
        let _ = tipbox::crypto::kdf::derive(p, &[1; 32], &c, &mut mem).unwrap();
    }
    t.elapsed().as_secs_f64() / n as f64
}

fn three_keyholders() -> Vec<age::x25519::Identity> {
    (0..3).map(|_| age::x25519::Identity::generate()).collect()
}

fn s1(quick: bool, rows: &mut Vec<Row>) {
    let (a2, params) = argon2_cfg(quick);
    let t = argon2_secs(&params);
    let bound = cores() as f64 / t;
    let s = Server::start(Opts {
        keyholders: three_keyholders(),
        extra: format!("{a2}{}", rates("")),
        ..Default::default()
    });
    let message = "x".repeat(2048);
    let levels: &[usize] = if quick { &[1, 4] } else { &[1, 4, 16, 64] };
    for &conc in levels {
        let per = if quick { 4 } else { (120 / conc).max(4) };
        let lat = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let threads: Vec<_> = (0..conc)
            .map(|_| {
                let (base, lat, message) = (s.base.clone(), lat.clone(), message.clone());
                std::thread::spawn(move || {
                    let c = http();
                    for _ in 0..per {
                        let t0 = Instant::now();
                        let page = c.get(format!("{base}/submit")).send().unwrap().text().unwrap();
                        let form = reqwest::blocking::multipart::Form::new()
                            .text("csrf", csrf_of(&page))
                            .text("message", message.clone());
                        let r = c.post(format!("{base}/submit")).multipart(form).send().unwrap();
                        assert_eq!(r.status().as_u16(), 200);
                        let _ = r.text();
                        lat.lock().unwrap().push(t0.elapsed().as_secs_f64() * 1000.0);
                    }
                })
            })
            .collect();
        for th in threads {
            th.join().unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        let n = (conc * per) as f64;
        let mut l = lat.lock().unwrap().clone();
        let tps = n / secs;
        rows.push(Row {
            scenario: format!("S1 text tips, c={conc}"),
            figure: format!(
                "{tps:.2} tips/s (p50 {:.0} ms, p99 {:.0} ms)",
                pct(&mut l, 0.5),
                pct(&mut l, 0.99)
            ),
            baseline: format!("{bound:.2} tips/s argon2 bound ({} cores / {:.0} ms)", cores(), t * 1000.0),
            ratio: Some(tps / bound),
            target: if conc >= cores() {
                "≥ 0.85".into()
            } else {
                format!("≤ {:.2} (c < cores)", conc as f64 / cores() as f64)
            },
        });
    }
}

fn s2(quick: bool, rows: &mut Vec<Row>) {
    let size: u64 = if quick { 64 << 20 } else { 1 << 30 };
    let ids = three_keyholders();
    let recipients: Vec<_> = ids.iter().map(|i| i.to_public()).collect();
    // Baseline: the age crate encrypting the same bytes to the same recipients, in-process.
    let t = Instant::now();
    {
        let mut w = tipbox::crypto::seal::encrypt_stream(&recipients, std::io::sink()).unwrap();
        let mut g = Gen::new(7, size);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = g.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            w.write_all(&buf[..n]).unwrap();
        }
        w.finish().unwrap();
    }
    let base_mbs = size as f64 / t.elapsed().as_secs_f64() / 1e6;
    // Second limit: writing the same number of bytes durably to this disk.
    let disk_dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
    let t = Instant::now();
    {
        let mut f = std::fs::File::create(disk_dir.path().join("probe")).unwrap();
        let mut g = Gen::new(8, size);
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = g.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            f.write_all(&buf[..n]).unwrap();
        }
        f.sync_all().unwrap();
    }
    let disk_mbs = size as f64 / t.elapsed().as_secs_f64() / 1e6;
    drop(disk_dir);
    let (a2, _) = argon2_cfg(true);
    let s =
        Server::start(Opts { keyholders: ids, extra: format!("{a2}{}", rates("")), ..Default::default() });

    let rss0 = s.proc_status_kib("VmRSS");
    let form = form_token(&s, "/submit");
    let (csrf, cookie) = (form.csrf, form.cookie);
    // A lean client (raw HTTP, one buffer) so that the client's own CPU, on the same machine,
    // costs the server as little as possible.
    let head = format!(
        "--B0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--B0undary\r\n\
         Content-Disposition: form-data; name=\"attachment\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    );
    let tail = "\r\n--B0undary--\r\n";
    let len = head.len() as u64 + size + tail.len() as u64;
    let t = Instant::now();
    let mut sock = std::net::TcpStream::connect(s.base.trim_start_matches("http://")).unwrap();
    write!(
        sock,
        "POST /submit HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: {len}\r\n\r\n{head}"
    )
    .unwrap();
    {
        let mut g = Gen::new(7, size);
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = g.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            sock.write_all(&buf[..n]).unwrap();
        }
    }
    sock.write_all(tail.as_bytes()).unwrap();
    let resp = read_response(&mut sock);
    assert_eq!(status_of(&resp), 200, "{}", resp.lines().next().unwrap_or(""));
    let secs = t.elapsed().as_secs_f64();
    let hwm = s.proc_status_kib("VmHWM");
    let mbs = size as f64 / secs / 1e6;
    let limit = base_mbs.min(disk_mbs);
    rows.push(Row {
        scenario: format!("S2 upload {} MiB", size >> 20),
        figure: format!("{mbs:.0} MB/s (vs age alone: {:.2})", mbs / base_mbs),
        baseline: format!(
            "{limit:.0} MB/s = min(age in-process {base_mbs:.0}, disk write+fsync {disk_mbs:.0})"
        ),
        ratio: Some(mbs / limit),
        target: "≥ 0.7".into(),
    });
    rows.push(Row {
        scenario: "S2 server peak RSS".into(),
        figure: format!("{} MiB (idle {} MiB)", hwm / 1024, rss0 / 1024),
        baseline: "64 MiB".into(),
        ratio: Some(hwm as f64 / 1024.0 / 64.0),
        target: "≤ 1.0".into(),
    });
}

fn s3(quick: bool, rows: &mut Vec<Row>) {
    let ids = three_keyholders();
    let recipients: Vec<_> = ids.iter().map(|i| i.to_public()).collect();
    let message = "y".repeat(2048);
    let n_base = if quick { 100 } else { 500 };
    // Baseline: the same bytes through age, a sled insert and flush + fsync, one at a time.
    let dir = tempfile::tempdir().unwrap();
    let db = sled::Config::new().path(dir.path().join("db")).open().unwrap();
    let t = Instant::now();
    for i in 0..n_base {
        let doc = tipbox::bundle::document::to_padded_json(&serde_json::json!({"message": message})).unwrap();
        let ct = tipbox::crypto::seal::encrypt(&recipients, &doc).unwrap();
        db.insert((i as u64).to_be_bytes(), ct).unwrap();
        db.flush().unwrap();
        std::fs::File::open(dir.path().join("db").join("db")).unwrap().sync_data().unwrap();
    }
    let base = n_base as f64 / t.elapsed().as_secs_f64();

    let (a2, _) = argon2_cfg(true);
    let s =
        Server::start(Opts { keyholders: ids, extra: format!("{a2}{}", rates("")), ..Default::default() });
    let c = s.client();
    let conc = if quick { 4 } else { 16 };
    let per = if quick { 25 } else { 100 };
    let sessions: Vec<String> = (0..conc)
        .map(|_| {
            let (_, body) = submit(&s, &c, &[("message", "seed")], vec![]);
            login(&s, &c, &codename_of(&body)).unwrap()
        })
        .collect();
    let start = Instant::now();
    let threads: Vec<_> = sessions
        .into_iter()
        .map(|cookie| {
            let (base_url, message) = (s.base.clone(), message.clone());
            std::thread::spawn(move || {
                let c = reqwest::blocking::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap();
                let inbox = c
                    .get(format!("{base_url}/inbox"))
                    .header("cookie", &cookie)
                    .send()
                    .unwrap()
                    .text()
                    .unwrap();
                let mut csrf = csrf_of(&inbox);
                for _ in 0..per {
                    let form = reqwest::blocking::multipart::Form::new()
                        .text("csrf", csrf.clone())
                        .text("message", message.clone());
                    let r = c
                        .post(format!("{base_url}/followup"))
                        .header("cookie", &cookie)
                        .multipart(form)
                        .send()
                        .unwrap();
                    assert_eq!(r.status().as_u16(), 303);
                    // As a browser does: the redirect's inbox page carries the next form's
                    // token (each token is spent once).
                    let page = c.get(format!("{base_url}/inbox")).header("cookie", &cookie).send().unwrap();
                    csrf = csrf_of(&page.text().unwrap());
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    let mps = (conc * per) as f64 / start.elapsed().as_secs_f64();
    rows.push(Row {
        scenario: format!("S3 follow-ups, c={conc}"),
        figure: format!("{mps:.0} msgs/s"),
        baseline: format!("{base:.0} msgs/s age+sled+fsync serial"),
        ratio: Some(mps / base),
        target: "≥ 0.5".into(),
    });
}

fn s4(quick: bool, rows: &mut Vec<Row>) {
    // Default limits: the flood runs past them.
    let s = Server::start(Opts {
        extra: "[argon2]\nmemory_kib = 65536\niterations = 3\nparallelism = 1\nworkers = 0\nqueue = 8\n"
            .into(),
        ..Default::default()
    });
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let flooders: Vec<_> = (0..64)
        .map(|_| {
            let (stop, sent, base) = (stop.clone(), sent.clone(), s.base.clone());
            std::thread::spawn(move || {
                let c = http();
                let csrf = csrf_of(&c.get(format!("{base}/submit")).send().unwrap().text().unwrap());
                while !stop.load(Ordering::Relaxed) {
                    let form = reqwest::blocking::multipart::Form::new()
                        .text("csrf", csrf.clone())
                        .text("message", "flood");
                    if c.post(format!("{base}/submit")).multipart(form).send().is_ok() {
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let c = http();
    let n = if quick { 50 } else { 300 };
    let mut lat = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        let r = c.get(s.url("/")).send().unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let _ = r.bytes();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        f.join().unwrap();
    }
    let p99 = pct(&mut lat, 0.99);
    rows.push(Row {
        scenario: "S4 flood: p99 of GET /".into(),
        figure: format!(
            "{p99:.0} ms (p50 {:.0} ms; {} flood requests)",
            pct(&mut lat, 0.5),
            sent.load(Ordering::Relaxed)
        ),
        baseline: "250 ms".into(),
        ratio: Some(p99 / 250.0),
        target: "≤ 1.0".into(),
    });
}

/// Seeds `n` tips straight into a store (the argon2 cost of real submissions is S1's subject).
pub(crate) fn seed(data: &std::path::Path, recipients: &[age::x25519::Recipient], n: usize) {
    use tipbox::store::*;
    let store = Store::open(data, &StoreOptions::default()).unwrap();
    let message = "z".repeat(2048);
    for chunk in 0..n.div_ceil(500) {
        let mut ops = Vec::new();
        for _ in 0..500.min(n - chunk * 500) {
            let doc = tipbox::bundle::document::TipDocument {
                format: tipbox::bundle::document::TIP_FORMAT.into(),
                version: 1,
                kind: "tip".into(),
                day: today(),
                language: "en".into(),
                answers: Default::default(),
                questions: vec![],
                message: message.clone(),
                attachments: vec![],
            };
            let ct = tipbox::crypto::seal::encrypt(
                recipients,
                &tipbox::bundle::document::to_padded_json(&doc).unwrap(),
            )
            .unwrap();
            let part = PartId::random().unwrap();
            let mut w = store.blobs().create(part).unwrap();
            w.write_all(&ct).unwrap();
            let (part, size) = w.finish().unwrap();
            let src = SourceRecord {
                id: SourceId::random().unwrap(),
                recipient: recipients[0].to_string(),
                empty_since: None,
            };
            ops.push(Op::NewSource { lookup: tipbox::crypto::random_array().unwrap(), record: src.clone() });
            ops.push(Op::PutItem(ItemRecord {
                id: ItemId::random().unwrap(),
                kind: ItemKind::Tip,
                source: src.id,
                day: today(),
                parts: vec![PartRef { id: part, role: PartRole::Document, size }],
                acked: false,
                acked_by: Default::default(),
                signature: None,
            }));
        }
        store.commit(Commit { ops }).unwrap();
    }
}

fn s5(quick: bool, rows: &mut Vec<Row>) {
    let n = if quick { 500 } else { 10_000 };
    let id = age::x25519::Identity::generate();
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let t = Instant::now();
    seed(&data, &[id.to_public()], n);
    let seed_secs = t.elapsed().as_secs_f64();
    let s = Server::start(Opts { keyholders: vec![id.clone()], data: Some(data), ..Default::default() });
    let t = Instant::now();
    let mut r =
        http().get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
    let bundle = root.path().join("bundle.tar");
    let bytes = std::io::copy(&mut r, &mut std::fs::File::create(&bundle).unwrap()).unwrap();
    let pull = t.elapsed().as_secs_f64();
    let hwm = s.proc_status_kib("VmHWM");
    rows.push(Row {
        scenario: format!("S5 bundle of {n} tips"),
        figure: format!("{pull:.2} s, {:.1} MB, server peak RSS {} MiB", bytes as f64 / 1e6, hwm / 1024),
        baseline: format!("{seed_secs:.2} s to write them (seeding)"),
        ratio: Some(pull / seed_secs),
        target: "memory flat".into(),
    });
    use age::secrecy::ExposeSecret;
    let idf = root.path().join("id.txt");
    std::fs::write(&idf, id.to_string().expose_secret()).unwrap();
    let t = Instant::now();
    let mut child = std::process::Command::new(BIN)
        .args(["vault", "--vault"])
        .arg(root.path().join("vault"))
        .arg("--identity")
        .arg(&idf)
        .arg("import")
        .arg(&bundle)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut peak = 0u64;
    loop {
        if let Ok(st) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            for l in st.lines().filter(|l| l.starts_with("VmHWM")) {
                peak = peak.max(l.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0));
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let import = t.elapsed().as_secs_f64();
    rows.push(Row {
        scenario: format!("S5 vault import of {n} tips"),
        figure: format!("{:.0} tips/s, peak RSS ≥ {} MiB", n as f64 / import, peak / 1024),
        baseline: format!("{:.0} tips/s pulled", n as f64 / pull),
        ratio: Some(pull / import),
        target: "-".into(),
    });
}

/// Rows on one page of the desk's case list.
pub(crate) fn desk_page_rows() -> usize {
    tipbox::desk::list::PAGE
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick") || std::env::var_os("BENCH_QUICK").is_some();
    // `cargo bench` passes --bench; any other word selects scenarios (s1 … s10).
    let only: Vec<String> =
        args.iter().skip(1).filter(|a| !a.starts_with("--")).map(|a| a.to_lowercase()).collect();
    let want = |s: &str| only.is_empty() || only.iter().any(|o| o == s);
    println!("tipbox benchmark ({} mode, {} cores)", if quick { "quick" } else { "full" }, cores());
    let mut rows = Vec::new();
    if want("s1") {
        s1(quick, &mut rows);
    }
    if want("s2") {
        s2(quick, &mut rows);
    }
    if want("s3") {
        s3(quick, &mut rows);
    }
    if want("s4") {
        s4(quick, &mut rows);
    }
    if want("s5") {
        s5(quick, &mut rows);
    }
    if want("s6") {
        s6::s6(quick, &mut rows);
    }
    if want("s7") {
        s7::s7(quick, &mut rows);
    }
    if want("s8") {
        s8::s8(quick, &mut rows);
    }
    if want("s9") {
        s9::s9(quick, &mut rows);
    }
    if want("s10") {
        s10::s10(quick, &mut rows);
    }
    println!("\n| scenario | figure | baseline (same run) | ratio | target |\n|---|---|---|---|---|");
    for r in &rows {
        let ratio = r.ratio.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into());
        println!("| {} | {} | {} | {} | {} |", r.scenario, r.figure, r.baseline, ratio, r.target);
    }
}
