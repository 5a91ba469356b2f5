//! The audit's attacks on availability, as reusable recipes: the hostile tests assert on them,
//! the S6 benchmark measures them. Each runs in background threads until stopped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Server, status_of};

/// Boundary of the trickled forms.
const B: &str = "TrickleBoundary";

/// A running attack.
pub struct Attack {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    /// What the attack counts (requests sent, refusals seen…).
    pub count: Arc<AtomicUsize>,
    /// Sockets the attack keeps open.
    pub held: Arc<Mutex<Vec<TcpStream>>>,
}

impl Attack {
    fn new() -> Self {
        Self {
            stop: Arc::new(AtomicBool::new(false)),
            threads: Vec::new(),
            count: Arc::new(AtomicUsize::new(0)),
            held: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Stops it, waits for its threads, and returns its count.
    pub fn stop(self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            let _ = t.join();
        }
        self.count.load(Ordering::Relaxed)
    }
}

/// Raises this process's open-file limit (attacks open thousands of sockets; a server started
/// afterwards inherits the limit).
pub fn more_files() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut l = getrlimit(Resource::Nofile);
    if let Some(max) = l.maximum {
        l.current = Some(max.min(16_384));
        let _ = setrlimit(Resource::Nofile, l);
    }
}

/// A reqwest client with the TLS provider installed.
pub fn client(timeout_secs: u64) -> reqwest::blocking::Client {
    tipbox::crypto::install_tls_provider();
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(timeout_secs))
        .build()
        .unwrap()
}

/// `host:port` of the source listener.
pub fn addr(s: &Server) -> String {
    s.base.trim_start_matches("http://").to_owned()
}

/// Reads until the server answers or closes; `None` when it did neither within `wait`.
pub fn answer(t: &mut TcpStream, wait: Duration) -> Option<u16> {
    t.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 512];
    match t.read(&mut buf) {
        Ok(0) => Some(0),
        Ok(n) => Some(status_of(&String::from_utf8_lossy(&buf[..n]))),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => None,
        Err(_) => Some(0),
    }
}

/// One connection that announces a 10 MB form and sends a byte a second until stopped.
/// Returns what the server answered (0 = closed) and after how long, if it did.
pub fn trickle(addr: String, stop: Arc<AtomicBool>) -> JoinHandle<Option<(u16, Duration)>> {
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
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

/// `n` trickling uploads; `count` = how many the server refused or cut.
pub fn trickles(s: &Server, n: usize) -> Attack {
    let mut a = Attack::new();
    for _ in 0..n {
        let (stop, count, addr) = (a.stop.clone(), a.count.clone(), addr(s));
        a.threads.push(std::thread::spawn(move || {
            if trickle(addr, stop).join().ok().flatten().is_some() {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    a
}

/// `n` connections that announce a 4000-byte `POST /logout` (with `cookie`) or `POST /login`
/// body and never send it; every socket is kept open. `count` = how many the server answered
/// or closed at once. Returns when all are open.
pub fn unfinished_bodies(s: &Server, n: usize, cookie: &str) -> Attack {
    let a = Attack::new();
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let (addr, cookie, held, count) = (addr(s), cookie.to_owned(), a.held.clone(), a.count.clone());
            std::thread::spawn(move || {
                for i in 0..n.div_ceil(8) {
                    let Ok(mut t) = TcpStream::connect(&addr) else { continue };
                    let head = if (i + w) % 2 == 0 {
                        format!("POST /logout HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n")
                    } else {
                        "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n".to_owned()
                    };
                    let _ = t.write_all(head.as_bytes());
                    if answer(&mut t, Duration::from_millis(1)).is_some() {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    held.lock().unwrap().push(t);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    a
}

/// `clients` threads sending wrong keyholder tokens as fast as they can; `count` = answers.
pub fn wrong_tokens(s: &Server, clients: usize) -> Attack {
    let mut a = Attack::new();
    for i in 0..clients {
        let (stop, count, url) =
            (a.stop.clone(), a.count.clone(), format!("{}/keyholder/v1/bundle", s.kh_base));
        a.threads.push(std::thread::spawn(move || {
            let c = client(30);
            while !stop.load(Ordering::Relaxed) {
                if let Ok(r) = c.get(&url).bearer_auth(format!("tipbox_kh_guess{i}")).send() {
                    assert!(matches!(r.status().as_u16(), 401 | 429), "{}", r.status());
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    a
}

/// `clients` threads sending crafted logins (`phrase`) back to back; `count` = 503 answers.
pub fn logins(s: &Server, clients: usize, phrase: &str) -> Attack {
    let mut a = Attack::new();
    let form = super::form_token(s, "/login");
    for _ in 0..clients {
        let (stop, count, url, form, phrase) =
            (a.stop.clone(), a.count.clone(), s.url("/login"), form.clone(), phrase.to_owned());
        a.threads.push(std::thread::spawn(move || {
            let c = client(60);
            while !stop.load(Ordering::Relaxed) {
                let r = c
                    .post(&url)
                    .header("cookie", &form.cookie)
                    .form(&[("csrf", form.csrf.as_str()), ("codename", phrase.as_str())])
                    .send();
                if r.is_ok_and(|r| r.status().as_u16() == 503) {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    a
}

/// A phrase that reads as words of three lists (English, Spanish, French): three argon2 runs.
pub const THREE_LISTS: &str = "dragon salon video dragon salon video dragon salon";
