//! S6: availability under the audit's attacks. For each attack the real server runs with its
//! production defaults (argon2 64 MiB, 3 passes; default limits and timeouts); a real source
//! then submits a 1 MiB tip and a keyholder pulls. The row says whether both got through, how
//! long it took beside the no-attack baseline of the same run, and the server's peak RSS as a
//! share of the systemd unit's `MemoryMax` (deploy/tipbox.service).

use std::time::{Duration, Instant};

use crate::Row;
use crate::common::attack::{self, Attack, THREE_LISTS};
use crate::common::*;

/// The unit's memory limit, from deploy/tipbox.service (`MemoryMax=1G`).
fn memory_max_mib() -> f64 {
    let unit =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/tipbox.service")).unwrap();
    let v = unit.lines().find_map(|l| l.strip_prefix("MemoryMax=")).unwrap().trim().to_owned();
    let (num, unit) = v.split_at(v.len() - 1);
    let n: f64 = num.parse().unwrap();
    match unit {
        "G" => n * 1024.0,
        "M" => n,
        _ => v.parse::<f64>().unwrap() / 1048576.0,
    }
}

/// What a real source and a keyholder experienced.
struct Outcome {
    through: bool,
    submit_secs: f64,
    pull_secs: f64,
    peak_mib: f64,
}

fn real_users(s: &Server) -> Outcome {
    let t = Instant::now();
    let (st, body) =
        submit(s, &s.client(), &[("message", "a real source")], vec![("photo.jpg", vec![3u8; 1 << 20])]);
    let submit_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let pulled = attack::client(120)
        .get(format!("{}/keyholder/v1/bundle", s.kh_base))
        .bearer_auth(&s.token)
        .send()
        .map(|r| r.status().as_u16() == 200 && r.bytes().is_ok())
        .unwrap_or(false);
    let pull_secs = t.elapsed().as_secs_f64();
    Outcome {
        through: st == 200 && body.contains("id=\"codename\"") && pulled,
        submit_secs,
        pull_secs,
        peak_mib: s.proc_status_kib("VmHWM") as f64 / 1024.0,
    }
}

/// Starts a server with production costs, runs `attack` on it, then the real users. Rate
/// limits are the harness's generous ones, so that every attack reaches the resource it aims
/// at (slots, bodies, tokens, argon2) instead of stopping at a bucket: the worst case for the
/// defences measured here.
fn under(extra: &str, attack: impl FnOnce(&Server) -> Option<Attack>, settle: Duration) -> Outcome {
    let production =
        "[argon2]\nmemory_kib = 65536\niterations = 3\nparallelism = 1\nworkers = 0\nqueue = 8\n";
    let s = Server::start(Opts { extra: format!("{production}{extra}"), ..Default::default() });
    let a = attack(&s);
    std::thread::sleep(settle);
    let o = real_users(&s);
    if let Some(a) = a {
        a.stop();
    }
    o
}

pub fn s6(quick: bool, rows: &mut Vec<Row>) {
    attack::more_files();
    let max = memory_max_mib();
    let settle = Duration::from_secs(if quick { 1 } else { 3 });
    let base = under("", |_| None, settle);
    let mut row = |name: &str, o: Outcome| {
        rows.push(Row {
            scenario: format!("S6 {name}"),
            figure: format!(
                "real source {} (submit {:.2} s, pull {:.2} s), server peak {:.0} MiB",
                if o.through { "got through" } else { "FAILED" },
                o.submit_secs,
                o.pull_secs,
                o.peak_mib
            ),
            baseline: format!(
                "no attack: submit {:.2} s, pull {:.2} s, peak {:.0} MiB; MemoryMax {max:.0} MiB",
                base.submit_secs, base.pull_secs, base.peak_mib
            ),
            ratio: Some(o.peak_mib / max),
            target: "through; peak ≤ 0.5 of MemoryMax".into(),
        });
    };
    // 64 connections trickling a byte a second: past 5 s the slowest is evicted for the source.
    row("64 trickling uploads", under("", |s| Some(attack::trickles(s, 64)), Duration::from_secs(7)));
    // 2 100 unfinished logout and login bodies, every socket kept open.
    row(
        "2100 unfinished small bodies",
        under(
            "",
            |s| {
                let (_, body) = submit(s, &s.client(), &[("message", "attacker's own tip")], vec![]);
                let cookie = login(s, &s.client(), &codename_of(&body)).unwrap();
                Some(attack::unfinished_bodies(s, 2100, &cookie))
            },
            settle,
        ),
    );
    // 400 concurrent clients with wrong keyholder tokens.
    let kh = "[http]\nkeyholder_max_connections = 1024\n";
    row("400 clients with wrong tokens", under(kh, |s| Some(attack::wrong_tokens(s, 400)), settle));
    // 20 clients sending logins that read in three word lists (three argon2 runs each).
    row("20 clients of 3-list logins", under("", |s| Some(attack::logins(s, 20, THREE_LISTS)), settle));
}
