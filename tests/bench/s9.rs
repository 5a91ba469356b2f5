//! S9: an upload through a real onion service. On the private Tor network of `tests/tor.rs`
//! (`tests/tor/net.rs`), one onion-service tor publishes two services with the same options:
//! one to tipbox's source socket, one to a trivial HTTP sink that reads the body and answers
//! 200. The same multipart bytes go to both through one client tor, in the same run; the ratio
//! is what tipbox costs on top of Tor itself (on loopback, so Tor's own cost is a floor, not a
//! real network's). Skipped, with a line saying so, where `tor` or `tor-gencert` is missing.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::Row;
use crate::common::*;

#[path = "../tor/net.rs"]
mod net;

/// Options both services share, so that only the target behind them differs.
const SERVICE: &str = "HiddenServiceExportCircuitID haproxy\nHiddenServiceMaxStreams 20\n";

pub(crate) fn s9(quick: bool, rows: &mut Vec<Row>) {
    let (Some(tor), Some(gencert)) = (find("tor"), find("tor-gencert")) else {
        println!("S9 SKIPPED: needs tor and tor-gencert (apt install tor)");
        return;
    };
    let net = net::Net::start(&tor, &gencert);
    let s = Server::start(Opts { unix: true, proxy: true, extra: crate::rates(""), ..Default::default() });
    let sink = sink();
    let dir = net.node_dir("service");
    let conf = format!(
        "SocksPort 0\nHiddenServiceDir {0}/tipbox\nHiddenServicePort 80 unix:{1}\n{SERVICE}HiddenServiceDir {0}/sink\nHiddenServicePort 80 127.0.0.1:{sink}\n{SERVICE}",
        dir.display(),
        s.socket.as_ref().unwrap().display()
    );
    let mut service = net.spawn("service", &conf);
    let socks = net::free_port();
    let client = net.spawn("client", &format!("SocksPort 127.0.0.1:{socks}\n"));
    let tipbox_onion = hostname(&mut service, &dir.join("tipbox"));
    let sink_onion = hostname(&mut service, &dir.join("sink"));
    tipbox::crypto::install_tls_provider();
    let http = reqwest::blocking::Client::builder()
        .proxy(reqwest::Proxy::all(format!("socks5h://bench:x@127.0.0.1:{socks}")).unwrap())
        .cookie_store(true)
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    for onion in [&tipbox_onion, &sink_onion] {
        reachable(&http, &format!("http://{onion}/"), &service, &client);
    }
    let mib = if quick { 2 } else { 32 };
    let runs = if quick { 1 } else { 3 };
    let bytes: Vec<u8> =
        (0..mib * 1024 * 1024u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let (mut to_tipbox, mut to_sink) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        to_sink = to_sink.min(upload(&http, &format!("http://{sink_onion}"), None, &bytes));
        let page = http.get(format!("http://{tipbox_onion}/submit")).send().unwrap().text().unwrap();
        to_tipbox =
            to_tipbox.min(upload(&http, &format!("http://{tipbox_onion}"), Some(&csrf_of(&page)), &bytes));
    }
    let mb = bytes.len() as f64 / 1e6;
    rows.push(Row {
        scenario: format!("S9 {mib} MiB upload over an onion service (best of {runs})"),
        figure: format!("{:.2} MB/s to tipbox ({to_tipbox:.2} s)", mb / to_tipbox),
        baseline: format!("{:.2} MB/s to an HTTP sink behind the same tor ({to_sink:.2} s)", mb / to_sink),
        ratio: Some(to_sink / to_tipbox),
        target: "close to 1: Tor, not tipbox, is the bottleneck".into(),
    });
}

/// POSTs one multipart tip (a short message and `bytes` as attachment) to `base/submit`;
/// returns the seconds until the answer was read.
fn upload(http: &reqwest::blocking::Client, base: &str, csrf: Option<&str>, bytes: &[u8]) -> f64 {
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf.unwrap_or("none").to_owned())
        .text("message", "benchmark upload")
        .part("attachment", reqwest::blocking::multipart::Part::bytes(bytes.to_vec()).file_name("b.bin"));
    let t = Instant::now();
    let r = http.post(format!("{base}/submit")).multipart(form).send().unwrap();
    assert_eq!(r.status().as_u16(), 200, "{base}");
    let _ = r.bytes().unwrap();
    t.elapsed().as_secs_f64()
}

/// The HTTP sink: reads a request's head and its whole body (Content-Length or chunked), then
/// answers 200. Returns its port on 127.0.0.1.
fn sink() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(c) = conn else { continue };
            std::thread::spawn(move || serve_sink(c));
        }
    });
    port
}

fn serve_sink(mut c: std::net::TcpStream) {
    let mut buf = vec![];
    let mut chunk = [0u8; 65536];
    loop {
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            match c.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let len: Option<usize> =
            head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok());
        let mut body = buf.len() - end - 4;
        let mut tail = buf[end + 4..].to_vec();
        loop {
            let done = match len {
                Some(n) => body >= n,
                None => !head.contains("chunked") || tail.ends_with(b"0\r\n\r\n"),
            };
            if done {
                break;
            }
            match c.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    body += n;
                    tail = [&tail[tail.len().saturating_sub(8)..], &chunk[..n]].concat();
                }
            }
        }
        let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        buf.clear();
    }
}

fn find(name: &str) -> Option<std::path::PathBuf> {
    ["/usr/bin", "/usr/sbin"].iter().map(|d| Path::new(d).join(name)).find(|p| p.exists())
}

fn hostname(service: &mut net::Tor, dir: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(h) = std::fs::read_to_string(dir.join("hostname")) {
            return h.trim().to_owned();
        }
        assert!(Instant::now() < deadline, "no hostname in {}\n{}", dir.display(), service.tail());
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn reachable(http: &reqwest::blocking::Client, url: &str, service: &net::Tor, client: &net::Tor) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while let Err(e) = http.get(url).send() {
        assert!(Instant::now() < deadline, "{url}: {e:?}\n{}\n{}", service.tail(), client.tail());
        std::thread::sleep(Duration::from_secs(2));
    }
}
