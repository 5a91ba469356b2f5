//! S8: the desk on a large vault. N cases (made as a server makes them, one tip each, imported
//! by the real binary), the real desk serving them; the list page, a search over every message,
//! and a case page, each beside the time to read and decrypt the parts that page shows,
//! measured in the same run. Also the desk's peak memory.

use std::time::Instant;

use age::x25519::Identity;

use crate::Row;
use crate::common::cli::{Keyholder, ok};
use crate::common::desk::DeskProc;
use crate::common::made::{Tip, bundle};

/// Median seconds of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    crate::pct(&mut v, 0.5)
}

/// Seconds to read and decrypt `n` of the vault's part files, as the desk does.
fn decrypt_parts(kh: &Keyholder, id: &Identity, n: usize) -> f64 {
    let files: Vec<_> = std::fs::read_dir(kh.path("vault").join("parts"))
        .unwrap()
        .take(n)
        .map(|e| e.unwrap().path())
        .collect();
    median(3, || {
        for f in &files {
            let ct = std::fs::read(f).unwrap();
            let _ = tipbox::crypto::seal::decrypt(id, &ct).unwrap();
        }
    })
}

pub(crate) fn s8(quick: bool, rows: &mut Vec<Row>) {
    let n = if quick { 500 } else { 10_000 };
    let me = Identity::generate();
    let kh = Keyholder::with(&me);
    let messages: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "Tip {i}: two men from the station visited my parents in Fuzhou and asked about me. {}",
                "x".repeat(i % 400)
            )
        })
        .collect();
    let tips: Vec<Tip<'_>> = messages.iter().map(|m| Tip { city: "Rotterdam", ..Tip::new(m) }).collect();
    let b = bundle(&kh, &me, &tips);
    ok(&kh.vault(&["import", b.to_str().unwrap()]));

    let d = DeskProc::start(&kh, &[]);
    let c = d.unlocked_client();
    let get = |path: &str| {
        let r = c.get(d.url(path)).send().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        r.text().unwrap();
    };
    let list = median(5, || get("/"));
    let search = median(3, || get("/?q=nowhere-in-any-message"));
    let case = median(20, || get(&format!("/case/{}", n / 2)));
    let peak = std::fs::read_to_string(format!("/proc/{}/status", d.child.id()))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<u64>().ok()))
        .unwrap_or(0);
    let page = crate::desk_page_rows();
    let dec_page = decrypt_parts(&kh, &me, page);
    let dec_all = decrypt_parts(&kh, &me, n);
    let dec_one = decrypt_parts(&kh, &me, 1);
    let ms = |s: f64| format!("{:.1} ms", s * 1e3);
    rows.push(Row {
        scenario: format!("S8 desk list page, vault of {n} cases ({page} rows shown)"),
        figure: ms(list),
        baseline: format!("{} to read and decrypt {page} tips", ms(dec_page)),
        ratio: Some(list / dec_page),
        target: "a small multiple".into(),
    });
    rows.push(Row {
        scenario: format!("S8 desk search over {n} cases"),
        figure: ms(search),
        baseline: format!("{} to read and decrypt all {n} tips", ms(dec_all)),
        ratio: Some(search / dec_all),
        target: "a small multiple".into(),
    });
    rows.push(Row {
        scenario: "S8 desk case page".into(),
        figure: ms(case),
        baseline: format!("{} to read and decrypt its tip", ms(dec_one)),
        ratio: Some(case / dec_one),
        target: "a small multiple".into(),
    });
    rows.push(Row {
        scenario: format!("S8 desk memory, vault of {n} cases"),
        figure: format!("peak RSS {} MiB", peak / 1024),
        baseline: String::new(),
        ratio: None,
        target: "-".into(),
    });
}
