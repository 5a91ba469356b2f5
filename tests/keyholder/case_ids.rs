//! Case ids that every vault agrees on (issue 16, first part): two keyholders' vaults import
//! the same threads in different orders, so their case numbers differ, and their case ids do
//! not; every command takes the id as people type it.

use std::collections::BTreeMap;

use age::x25519::Identity;
use serde_json::Value;
use tipbox::model::SourceId;

use crate::common::cli::*;
use crate::common::made::{Tip, bundle_of};

fn json(kh: &Keyholder, args: &[&str]) -> Value {
    serde_json::from_str(&ok(&kh.vault(args))).unwrap()
}

/// message → (number, id) of every case in `kh`'s vault.
fn cases(kh: &Keyholder) -> BTreeMap<String, (u64, String)> {
    json(kh, &["list", "--json", "--with-text"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap().to_owned(),
                (r["case"].as_u64().unwrap(), r["id"].as_str().unwrap().to_owned()),
            )
        })
        .collect()
}

#[test]
fn vaults_that_import_in_different_orders_agree_on_case_ids() {
    let tips = [Tip::new("first thread"), Tip::new("second thread"), Tip::new("third thread")];
    let sourced: Vec<(SourceId, &Tip<'_>)> = tips.iter().map(|t| (SourceId::random().unwrap(), t)).collect();

    // Alice imports one bundle of all three; Bob three bundles, the newest first.
    let (alice_id, bob_id) = (Identity::generate(), Identity::generate());
    let alice = Keyholder::with(&alice_id);
    alice.import(&bundle_of(&alice, &alice_id, &sourced, "all.tar"));
    let bob = Keyholder::with(&bob_id);
    for (i, t) in sourced.iter().rev().enumerate() {
        bob.import(&bundle_of(&bob, &bob_id, std::slice::from_ref(t), &format!("b{i}.tar")));
    }
    let (a, b) = (cases(&alice), cases(&bob));
    assert_eq!(a.len(), 3);
    assert_ne!(a["first thread"].0, b["first thread"].0, "the numbers follow each vault's order");
    for (text, (_, id)) in &a {
        assert_eq!(&b[text].1, id, "{text}: the same id in both vaults");
        assert!(id.len() == 9 && id.as_bytes()[4] == b'-', "{id}");
    }
    let ids: std::collections::BTreeSet<&String> = a.values().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), 3, "three threads, three ids");

    // Every command takes the id, as typed: any case, no dash, O for 0 and I or L for 1.
    let id = &a["second thread"].1;
    let typed = id.replace('-', "").to_lowercase().replace('0', "o").replace('1', "l");
    for kh in [&alice, &bob] {
        let show = json(kh, &["show", &typed, "--json"]);
        assert_eq!(show["id"], id.as_str());
        assert_eq!(show["thread"][0]["message"], "second thread");
        ok(&kh.vault(&["status", id, "in-review"]));
        assert_eq!(json(kh, &["show", id, "--json"])["status"], "in-review");
    }
    // In lists of cases too, beside numbers and ranges.
    let other = &a["third thread"].1;
    ok(&alice.vault(&["tag", &format!("{id},{other}"), "+shared"]));
    let tagged = json(&alice, &["list", "--json", "--tag", "shared"]);
    assert_eq!(tagged.as_array().unwrap().len(), 2);
    // The table, `show` and the CSV name the id; the CSV links cases by id.
    ok(&alice.vault(&["link", id, other]));
    assert!(ok(&alice.vault(&["list"])).contains(id.as_str()));
    assert!(ok(&alice.vault(&["show", id])).contains(&format!("id {id}")));
    let csv = alice.path("cases.csv");
    ok(&alice.vault(&["export-csv", "--out", csv.to_str().unwrap()]));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("case,case_id,received"), "{text}");
    assert!(text.contains(&format!(",{other}")), "linked by id: {text}");
    // An id no case has is refused like an unknown number.
    let o = alice.vault(&["show", "ZZZZ-ZZZZ"]);
    assert!(!o.status.success() && stderr(&o).contains("no case"), "{}", stderr(&o));
}
