//! A patient attacker: slow-but-moving bodies, unfinished small bodies by the thousand, floods
//! of wrong tokens, a saturated argon2 pool, and phrases that cost several derivations. Each
//! recipe from the audit, against the real server with shortened timeouts; each time a real
//! source (or keyholder) must still get through.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::B;
use crate::common::*;

/// Raises this process's open-file limit (the test opens thousands of sockets; the server it
/// starts inherits the limit).
fn more_files() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut l = getrlimit(Resource::Nofile);
    if let Some(max) = l.maximum {
        l.current = Some(max.min(16_384));
        let _ = setrlimit(Resource::Nofile, l);
    }
}

fn client(timeout_secs: u64) -> reqwest::blocking::Client {
    tipbox::crypto::install_tls_provider();
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(timeout_secs)).build().unwrap()
}

fn addr(s: &Server) -> String {
    s.base.trim_start_matches("http://").to_owned()
}

/// Reads until the server answers or closes; `None` when it did neither within `wait`.
fn answer(t: &mut TcpStream, wait: Duration) -> Option<u16> {
    t.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 512];
    match t.read(&mut buf) {
        Ok(0) => Some(0),
        Ok(n) => Some(status_of(&String::from_utf8_lossy(&buf[..n]))),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => None,
        Err(_) => Some(0),
    }
}

/// A connection that announces a large form and then sends one byte a second until `stop`.
/// Returns when the server answered or closed: what it answered (0 = closed) and when.
fn trickle(addr: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Option<(u16, Duration)>> {
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut t = TcpStream::connect(&addr).ok()?;
        let head = format!(
            "POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={B}\r\nContent-Length: 10000000\r\n\r\n--{B}\r\n"
        );
        t.write_all(head.as_bytes()).ok()?;
        while !stop.load(Ordering::Relaxed) {
            if let Some(st) = answer(&mut t, Duration::from_secs(1)) {
                return Some((st, start.elapsed()));
            }
            if t.write_all(b"x").is_err() {
                return Some((0, start.elapsed()));
            }
        }
        None
    })
}

#[test]
fn trickling_uploads_cannot_hold_the_upload_slots() {
    // A long grace, so that the trickles are still within it when the real source comes.
    let s = Server::start(Opts {
        extra: "[http]\nbody_grace_secs = 120\nbody_min_bytes_per_sec = 1024\n".into(),
        ..Default::default()
    });
    let stop = Arc::new(AtomicBool::new(false));
    let trickles: Vec<_> = (0..64).map(|_| trickle(addr(&s), stop.clone())).collect();
    // Past the moment from which a too-slow upload may be evicted.
    std::thread::sleep(Duration::from_secs(7));
    let photo = vec![7u8; 256 * 1024];
    let (st, body) = submit(&s, &s.client(), &[("message", "a real report")], vec![("photo.jpg", photo)]);
    assert_eq!(st, 200, "a real submission gets through 64 trickles: {body}");
    assert!(!codename_of(&body).is_empty());
    stop.store(true, Ordering::Relaxed);
    let ended: Vec<_> = trickles.into_iter().filter_map(|t| t.join().unwrap()).collect();
    assert!(!ended.is_empty(), "trickles were refused or cut");
    assert!(ended.iter().all(|(st, _)| matches!(st, 0 | 408 | 503)), "{ended:?}");

    // With the default grace shortened, a trickle is cut a few seconds after it began.
    let s = Server::start(Opts {
        extra: "[http]\nbody_grace_secs = 3\nbody_min_bytes_per_sec = 1024\n".into(),
        ..Default::default()
    });
    let stop = Arc::new(AtomicBool::new(false));
    let t = trickle(addr(&s), stop.clone());
    let cut = t.join().unwrap();
    let (st, after) = cut.expect("the trickle was cut");
    assert!(matches!(st, 0 | 408), "{st}");
    assert!(after < Duration::from_secs(30), "cut after {after:?}");
}

#[test]
fn thousands_of_unfinished_small_bodies_freeze_neither_listener() {
    more_files();
    let rates = "[rate_limits]\nlogins_per_minute = 60\nlogins_burst = 20\nper_session_per_minute = 10\nper_session_burst = 5\n";
    let http = "[http]\nsmall_body_timeout_secs = 30\nmax_connections = 512\n";
    let s =
        Arc::new(Server::start(Opts { extra: format!("{rates}{http}{TEST_ARGON2}"), ..Default::default() }));
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "one session is enough")], vec![]);
    let cookie = login(&s, &c, &codename_of(&body)).unwrap();
    let base_hwm = s.proc_status_kib("VmHWM");
    // 2 100 connections announce 4000-byte bodies and never send them; we keep every socket.
    let held = Arc::new(Mutex::new(Vec::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let (s, cookie, held, answered) = (s.clone(), cookie.clone(), held.clone(), answered.clone());
            std::thread::spawn(move || {
                for i in 0..(2100 / 8 + 1) {
                    let Ok(mut t) = TcpStream::connect(addr(&s)) else { continue };
                    let head = if (i + w) % 2 == 0 {
                        format!("POST /logout HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n")
                    } else {
                        "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n".to_owned()
                    };
                    let _ = t.write_all(head.as_bytes());
                    if answer(&mut t, Duration::from_millis(1)).is_some() {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    held.lock().unwrap().push(t);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    // Every socket is still open on our side. Both listeners answer.
    let quick = client(10);
    for _ in 0..5 {
        assert_eq!(quick.get(s.url("/")).send().unwrap().status().as_u16(), 200, "GET / answers");
        let kh =
            quick.get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
        assert_eq!(kh.status().as_u16(), 200, "the keyholder API answers");
    }
    let refused_fast =
        held.lock().unwrap().iter_mut().filter_map(|t| answer(t, Duration::from_millis(20))).count();
    let n = held.lock().unwrap().len();
    eprintln!("{n} unfinished bodies: {refused_fast} answered or closed at once, the rest wait their 30 s");
    assert!(n >= 2000);
    assert!(
        refused_fast >= n - 100,
        "beyond the buckets every unfinished body is refused at once: {refused_fast}/{n}"
    );
    let hwm = s.proc_status_kib("VmHWM");
    assert!(hwm < base_hwm + 96 * 1024, "VmHWM {hwm} KiB (was {base_hwm} KiB)");
}

#[test]
fn a_flood_of_wrong_tokens_keeps_memory_flat_and_the_valid_token_working() {
    more_files();
    let s = Arc::new(Server::start(Opts {
        extra: format!(
            "{TEST_RATES}keyholder_auth_failures_per_minute = 5\n[http]\nkeyholder_max_connections = 2048\n"
        ),
        ..Default::default()
    }));
    let base_hwm = s.proc_status_kib("VmHWM");
    let stop = Arc::new(AtomicBool::new(false));
    let wrong = Arc::new(AtomicUsize::new(0));
    let attackers: Vec<_> = (0..400)
        .map(|i| {
            let (s, stop, wrong) = (s.clone(), stop.clone(), wrong.clone());
            std::thread::spawn(move || {
                let c = client(30);
                while !stop.load(Ordering::Relaxed) {
                    let r = c
                        .get(format!("{}/keyholder/v1/bundle", s.kh_base))
                        .bearer_auth(format!("tipbox_kh_guess{i}"))
                        .send();
                    if let Ok(r) = r {
                        assert!(matches!(r.status().as_u16(), 401 | 429));
                        wrong.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    let c = client(30);
    let until = Instant::now() + Duration::from_secs(6);
    let mut good = 0;
    while Instant::now() < until {
        let r = c.get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
        assert_eq!(r.status().as_u16(), 200, "the valid token is never refused");
        good += 1;
    }
    stop.store(true, Ordering::Relaxed);
    for a in attackers {
        a.join().unwrap();
    }
    let hwm = s.proc_status_kib("VmHWM");
    let n = wrong.load(Ordering::Relaxed);
    eprintln!("{n} wrong tokens from 400 clients, {good} valid pulls; VmHWM {base_hwm} → {hwm} KiB");
    assert!(n > 1000 && good > 5);
    assert!(hwm < base_hwm + 64 * 1024, "memory stays flat: VmHWM {hwm} KiB (was {base_hwm} KiB)");
}

#[test]
fn a_submission_completes_while_logins_saturate_the_argon2_pool() {
    let argon2 = "[argon2]\nmemory_kib = 16384\niterations = 6\nparallelism = 1\nworkers = 1\nqueue = 2\n";
    let s = Arc::new(Server::start(Opts { extra: argon2.into(), ..Default::default() }));
    let c = s.client();
    let csrf = get_csrf(&s, &c, "/login");
    let stop = Arc::new(AtomicBool::new(false));
    let busy = Arc::new(AtomicUsize::new(0));
    let flood: Vec<_> = (0..20)
        .map(|i| {
            let (s, csrf, stop, busy) = (s.clone(), csrf.clone(), stop.clone(), busy.clone());
            std::thread::spawn(move || {
                let c = client(60);
                while !stop.load(Ordering::Relaxed) {
                    let r = c
                        .post(s.url("/login"))
                        .form(&[
                            ("csrf", csrf.as_str()),
                            ("codename", &format!("crafted login {i} a b c d e")),
                        ])
                        .send()
                        .unwrap();
                    if r.status().as_u16() == 503 {
                        busy.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let uploads: Vec<_> = (0..4)
        .map(|i| {
            let s = s.clone();
            std::thread::spawn(move || {
                let file = vec![i as u8; 1024 * 1024];
                submit(
                    &s,
                    &s.client(),
                    &[("message", "uploaded while the pool is full")],
                    vec![("f.bin", file)],
                )
            })
        })
        .collect();
    for u in uploads {
        let (st, body) = u.join().unwrap();
        assert_eq!(st, 200, "a finished upload is never refused for load: {body}");
        assert!(!codename_of(&body).is_empty());
    }
    stop.store(true, Ordering::Relaxed);
    for f in flood {
        f.join().unwrap();
    }
    assert!(busy.load(Ordering::Relaxed) > 0, "the pool really was saturated by logins");
}

#[test]
fn a_phrase_of_several_lists_spends_a_login_token_per_reading() {
    // "dragon", "salon" and "video" are words of the English, Spanish and French lists: three
    // readings, three argon2 runs.
    let three = "dragon salon video dragon salon video dragon salon";
    let readings =
        tipbox::crypto::codename::Codename::parse(three, tipbox::crypto::codename::WordList::English);
    assert_eq!(readings.len(), 3);
    let rates = "[rate_limits]\nlogins_per_minute = 1\nlogins_burst = 3\n";
    let try_login = |s: &Server, phrase: &str| {
        let c = s.client();
        let csrf = get_csrf(s, &c, "/login");
        c.post(s.url("/login"))
            .form(&[("csrf", csrf.as_str()), ("codename", phrase)])
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    let s = Server::start(Opts { extra: rates.into(), ..Default::default() });
    assert_eq!(try_login(&s, three), 403, "three derivations, no such source");
    assert_eq!(
        try_login(&s, "abandon ability able about above absent absorb abstract"),
        429,
        "the bucket paid for three"
    );
    // One reading costs one token.
    let s = Server::start(Opts { extra: rates.into(), ..Default::default() });
    let one = "abandon ability able about above absent absorb abstract";
    assert_eq!(try_login(&s, one), 403);
    assert_eq!(try_login(&s, one), 403);
    assert_eq!(try_login(&s, one), 403);
    assert_eq!(try_login(&s, one), 429);
}

#[test]
fn a_small_body_must_arrive_whole_and_soon() {
    let s =
        Server::start(Opts { extra: "[http]\nsmall_body_timeout_secs = 2\n".into(), ..Default::default() });
    let mut t = TcpStream::connect(addr(&s)).unwrap();
    let head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\ncsrf=";
    t.write_all(head.as_bytes()).unwrap();
    let start = Instant::now();
    // A byte a second would keep an idle timer alive forever; the total deadline does not care.
    let st = loop {
        if let Some(st) = answer(&mut t, Duration::from_secs(1)) {
            break st;
        }
        let _ = t.write_all(b"a");
        assert!(start.elapsed() < Duration::from_secs(20), "the small body was never cut");
    };
    assert!(matches!(st, 0 | 408), "{st}");
}
