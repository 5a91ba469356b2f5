//! A patient attacker: slow-but-moving bodies, unfinished small bodies by the thousand, floods
//! of wrong tokens, a saturated argon2 pool, and phrases that cost several derivations. Each
//! recipe from the audit (`tests/common/attack.rs`), against the real server with shortened
//! timeouts; each time a real source (or keyholder) must still get through.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::common::attack::{self, THREE_LISTS, addr, answer, client};
use crate::common::*;

#[test]
fn trickling_uploads_cannot_hold_the_upload_slots() {
    // A long grace, so that the trickles are still within it when the real source comes.
    let s = Server::start(Opts {
        extra: "[http]\nbody_grace_secs = 120\nbody_min_bytes_per_sec = 1024\n".into(),
        ..Default::default()
    });
    let trickles = attack::trickles(&s, 64);
    // Past the moment from which a too-slow upload may be evicted.
    std::thread::sleep(Duration::from_secs(7));
    let photo = vec![7u8; 256 * 1024];
    let (st, body) = submit(&s, &s.client(), &[("message", "a real report")], vec![("photo.jpg", photo)]);
    assert_eq!(st, 200, "a real submission gets through 64 trickles: {body}");
    assert!(!codename_of(&body).is_empty());
    let ended = trickles.stop();
    assert!(ended >= 8, "64 trickles: beyond the slots refused, one evicted ({ended} ended)");

    // With the grace shortened, a trickle is cut a few seconds after it began.
    let s = Server::start(Opts {
        extra: "[http]\nbody_grace_secs = 3\nbody_min_bytes_per_sec = 1024\n".into(),
        ..Default::default()
    });
    let cut = attack::trickle(addr(&s), Arc::new(AtomicBool::new(false))).join().unwrap();
    let (st, after) = cut.expect("the trickle was cut");
    assert!(matches!(st, 0 | 408), "{st}");
    assert!(after < Duration::from_secs(30), "cut after {after:?}");
}

#[test]
fn thousands_of_unfinished_small_bodies_freeze_neither_listener() {
    attack::more_files();
    // Generous rate limits (the harness's): the bodies themselves must be bounded.
    let http = "[http]\nsmall_body_timeout_secs = 30\nmax_connections = 512\nmax_pending_small_bodies = 32\n";
    let s = Server::start(Opts { extra: http.into(), ..Default::default() });
    let c = s.client();
    let (_, body) = submit(&s, &c, &[("message", "one session is enough")], vec![]);
    let cookie = login(&s, &c, &codename_of(&body)).unwrap();
    let base_hwm = s.proc_status_kib("VmHWM");
    let flood = attack::unfinished_bodies(&s, 2100, &cookie);
    // Every socket is still open on our side. Both listeners answer.
    let quick = client(10);
    for _ in 0..5 {
        assert_eq!(quick.get(s.url("/")).send().unwrap().status().as_u16(), 200, "GET / answers");
        let kh =
            quick.get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
        assert_eq!(kh.status().as_u16(), 200, "the keyholder API answers");
    }
    let mut held = flood.held.lock().unwrap();
    let n = held.len();
    let refused = held.iter_mut().filter_map(|t| answer(t, Duration::from_millis(20))).count();
    drop(held);
    eprintln!("{n} unfinished bodies: {refused} answered or closed at once, the rest wait their 30 s");
    assert!(n >= 2000);
    assert!(refused >= n - 100, "beyond the buckets every unfinished body is refused at once: {refused}/{n}");
    let hwm = s.proc_status_kib("VmHWM");
    assert!(hwm < base_hwm + 96 * 1024, "VmHWM {hwm} KiB (was {base_hwm} KiB)");
    flood.stop();
}

#[test]
fn a_flood_of_wrong_tokens_keeps_memory_flat_and_the_valid_token_working() {
    attack::more_files();
    let s = Server::start(Opts {
        extra: format!(
            "{TEST_RATES}keyholder_auth_failures_per_minute = 5\n[http]\nkeyholder_max_connections = 2048\n"
        ),
        ..Default::default()
    });
    let base_hwm = s.proc_status_kib("VmHWM");
    let flood = attack::wrong_tokens(&s, 400);
    let c = client(30);
    let until = Instant::now() + Duration::from_secs(6);
    let mut good = 0;
    while Instant::now() < until {
        let r = c.get(format!("{}/keyholder/v1/bundle", s.kh_base)).bearer_auth(&s.token).send().unwrap();
        assert_eq!(r.status().as_u16(), 200, "the valid token is never refused");
        good += 1;
    }
    let n = flood.stop();
    let hwm = s.proc_status_kib("VmHWM");
    eprintln!("{n} wrong tokens from 400 clients, {good} valid pulls; VmHWM {base_hwm} → {hwm} KiB");
    assert!(n > 1000 && good > 5);
    assert!(hwm < base_hwm + 64 * 1024, "memory stays flat: VmHWM {hwm} KiB (was {base_hwm} KiB)");
}

#[test]
fn a_submission_completes_while_logins_saturate_the_argon2_pool() {
    let argon2 = "[argon2]\nmemory_kib = 16384\niterations = 6\nparallelism = 1\nworkers = 1\nqueue = 2\n";
    let s = Arc::new(Server::start(Opts { extra: argon2.into(), ..Default::default() }));
    let flood = attack::logins(&s, 20, THREE_LISTS);
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
    assert!(flood.stop() > 0, "the pool really was saturated by logins");
}

#[test]
fn a_phrase_of_several_lists_spends_a_login_token_per_reading() {
    let readings =
        tipbox::crypto::codename::Codename::parse(THREE_LISTS, tipbox::crypto::codename::WordList::English);
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
    let one = "abandon ability able about above absent absorb abstract";
    let s = Server::start(Opts { extra: rates.into(), ..Default::default() });
    assert_eq!(try_login(&s, THREE_LISTS), 403, "three derivations, no such source");
    assert_eq!(try_login(&s, one), 429, "the bucket paid for three");
    // One reading costs one token.
    let s = Server::start(Opts { extra: rates.into(), ..Default::default() });
    for _ in 0..3 {
        assert_eq!(try_login(&s, one), 403);
    }
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
