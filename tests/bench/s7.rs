//! S7: what settling costs. N tips seeded into a store; then the store's rewrite (a fresh
//! database in key order, swapped in, the old one shredded) and a whole settle (deletions,
//! rewrite, file times), beside sled's own `export` + `import` of the same database into a
//! fresh one, measured in the same run. The ratio is how much more than sled's bare copy the
//! rewrite costs.

use std::time::Instant;

use crate::{Row, seed};

pub(crate) fn s7(quick: bool, rows: &mut Vec<Row>) {
    let n = if quick { 500 } else { 10_000 };
    let id = age::x25519::Identity::generate();
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    seed(&data, &[id.to_public()], n);

    // Baseline: sled's own copy, export then import into a fresh database, made durable.
    let t = Instant::now();
    {
        let from = sled::Config::new().path(data.join("store")).mode(sled::Mode::LowSpace).open().unwrap();
        let to =
            sled::Config::new().path(root.path().join("copy")).mode(sled::Mode::LowSpace).open().unwrap();
        to.import(from.export());
        to.flush().unwrap();
    }
    let baseline = t.elapsed().as_secs_f64();

    let store = tipbox::store::Store::open(&data, &tipbox::store::StoreOptions::default()).unwrap();
    let sled_mb = store.sled_bytes() as f64 / 1e6;
    let t = Instant::now();
    let records = store.rewrite().unwrap();
    let rewrite = t.elapsed().as_secs_f64();
    let rules = tipbox::store::settle::Rules { reply_days: 90, source_grace_days: 30 };
    let t = Instant::now();
    let done = store.settle(&rules).unwrap();
    let settle = t.elapsed().as_secs_f64();
    assert_eq!(done.rewritten_records, records);
    assert_eq!(store.item_count(), n, "settling deletes nothing that is not due");
    rows.push(Row {
        scenario: format!("S7 rewrite of {n} tips ({records} records, {sled_mb:.1} MB of sled)"),
        figure: format!(
            "{rewrite:.2} s rewrite; {settle:.2} s whole settle ({} files dated)",
            done.times_set
        ),
        baseline: format!("{baseline:.2} s sled export + import"),
        ratio: Some(rewrite / baseline),
        target: "commits wait only this long, once per settle".into(),
    });
}
