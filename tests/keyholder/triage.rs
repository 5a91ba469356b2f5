//! Triage on the real binary: search, the list preview and language, message text on request,
//! unlink, note edit and delete, several cases at once (all or nothing), close as spam.
//!
//! Most cases come from bundles made here (encrypted to the keyholder as a server would), so
//! that a test can hold what the server's form refuses: Chinese and hostile text, follow-ups,
//! any page language.

use serde_json::Value;

use crate::common::cli::*;
use crate::common::made::{Tip, vault_with};
use crate::common::*;

fn json(kh: &Keyholder, args: &[&str]) -> Value {
    serde_json::from_str(&ok(&kh.vault(args))).unwrap()
}

/// The case numbers of `list --json` or `search --json` output.
fn cases(v: &Value) -> Vec<u64> {
    v.as_array().unwrap().iter().map(|r| r["case"].as_u64().unwrap()).collect()
}

fn status_of(kh: &Keyholder, case: &str) -> String {
    json(kh, &["show", case, "--json"])["status"].as_str().unwrap().to_owned()
}

/// No control, direction or invisible character a terminal could act on.
fn assert_inert(label: &str, out: &str) {
    if let Some(c) =
        out.chars().find(|c| tipbox::text::is_unsafe_for_display(*c) && !matches!(c, '\n' | '\t'))
    {
        panic!("{label}: U+{:04X} reached the output:\n{out}", c as u32);
    }
}

const HOSTILE: &str = "before \u{1b}[31mred text\u{202E}exe.pdf after";

fn three() -> Keyholder {
    vault_with(&[
        Tip {
            city: "Rotterdam",
            followups: &["The officer's name is WANG, badge 4411."],
            ..Tip::new("They came to the Police Station on Monday and asked about my brother.")
        },
        Tip { language: "zh-Hans", city: "福州", ..Tip::new("他们在福州警察局找我父母") },
        Tip::new(HOSTILE),
    ])
}

#[test]
fn search_finds_messages_follow_ups_and_answers_in_any_case_and_script() {
    let kh = three();
    let hits = json(&kh, &["search", "police station", "--json"]);
    assert_eq!(cases(&hits), [1]);
    assert_eq!(hits[0]["hits"][0]["field"], "message");
    assert!(hits[0]["hits"][0]["snippet"].as_str().unwrap().contains("the Police Station on"), "{hits}");
    assert_eq!(hits[0]["status"], "new", "a search hit is a list row");
    // Follow-ups and answers are searched too, in any case.
    let f = json(&kh, &["search", "wang", "--json"]);
    assert_eq!(cases(&f), [1]);
    assert_eq!(f[0]["hits"][0]["field"], "follow-up 1");
    assert_eq!(json(&kh, &["search", "ROTTERDAM", "--json"])[0]["hits"][0]["field"], "city");
    // Chinese: a substring of the message, and the city.
    let zh = json(&kh, &["search", "警察局", "--json"]);
    assert_eq!(cases(&zh), [2]);
    assert!(zh[0]["hits"][0]["snippet"].as_str().unwrap().contains("福州警察局"));
    let fz = json(&kh, &["search", "福州", "--json"]);
    let fields: Vec<&str> =
        fz[0]["hits"].as_array().unwrap().iter().map(|h| h["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["message", "city"]);
    // The text form: the list row, then one indented snippet line per hit.
    let text = ok(&kh.vault(&["search", "Station"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("case") && lines[0].contains("message"), "{text}");
    assert!(lines[1].trim_start().starts_with("1 "), "{text}");
    assert!(lines[2].trim_start().starts_with("message: They came to the Police Station"), "{text}");
    assert_eq!(*lines.last().unwrap(), "1 case(s)");
    // A miss is an empty result, not an error.
    assert!(ok(&kh.vault(&["search", "nowhere-in-any-tip"])).ends_with("0 case(s)\n"));
    assert_eq!(json(&kh, &["search", "没有", "--json"]), serde_json::json!([]));
    // Nothing to search for is a usage error.
    for blank in ["", "   "] {
        let o = kh.vault(&["search", blank]);
        assert_eq!(o.status.code(), Some(2), "{blank:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
    }
    // Decrypted in memory only: no plaintext reached the vault's files.
    for needle in ["Police Station", "警察局", "WANG"] {
        assert_eq!(dir_contains(&kh.path("vault"), needle.as_bytes()), None, "{needle}");
    }
}

#[test]
fn hostile_text_in_search_snippets_and_previews_stays_inert() {
    let kh = three();
    for args in [
        vec!["search", "red text"],
        vec!["search", "RED TEXT", "--json"],
        vec!["list"],
        vec!["list", "--json"],
    ] {
        assert_inert(&args.join(" "), &ok(&kh.vault(&args)));
    }
    let text = ok(&kh.vault(&["search", "red text"]));
    assert!(text.contains("message: before \\u{001b}[31mred text\\u{202e}exe.pdf after"), "{text}");
    let v = json(&kh, &["search", "red text", "--json"]);
    assert_eq!(v[0]["hits"][0]["snippet"], HOSTILE, "the JSON carries the data, escaped");
}

#[test]
fn list_shows_a_preview_of_the_first_message_and_its_language() {
    let kh = three();
    let rows = json(&kh, &["list", "--json"]);
    assert_eq!(rows[0]["preview"], "They came to the Police Station on Monda…");
    assert_eq!(rows[0]["language"], "en");
    assert_eq!(rows[1]["preview"], "他们在福州警察局找我父母");
    assert_eq!(rows[1]["language"], "zh-Hans");
    assert!(rows[0].get("text").is_none(), "no message text without --with-text");
    let table = ok(&kh.vault(&["list"]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("lang") && lines[0].ends_with("message"), "{table}");
    assert!(lines[1].contains(" en ") && lines[1].ends_with("Police Station on Monda…"), "{table}");
    assert!(lines[2].contains("zh-Hans") && lines[2].ends_with("他们在福州警察局找我父母"), "{table}");
    assert!(lines[3].ends_with("\\u{001b}[31mred text\\u{202e}exe.pdf after"), "{table}");
}

/// A tip sent through the real form carries the page language it was written on.
#[test]
fn a_real_submission_lists_its_preview_and_page_language() {
    let s = Server::start(Opts::default());
    let c = s.client();
    assert_eq!(submit(&s, &c, &[("message", "Two men waited outside the school gate.")], vec![]).0, 200);
    let kh = Keyholder::new(&s);
    kh.import(&kh.pull(&s, "b.tar"));
    let rows = json(&kh, &["list", "--json"]);
    assert_eq!(rows[0]["preview"], "Two men waited outside the school gate.");
    assert_eq!(rows[0]["language"], "en");
}

#[test]
fn message_text_only_on_request_in_json_and_csv() {
    let kh = vault_with(&[
        Tip { followups: &["second", "third\nline"], ..Tip::new("first") },
        Tip::new("=HYPERLINK(\"http://evil.example\",\"open\")"),
    ]);
    let rows = json(&kh, &["list", "--json", "--with-text"]);
    assert_eq!(rows[0]["text"], "first\n\nsecond\n\nthird\nline");
    assert_eq!(rows[1]["text"], "=HYPERLINK(\"http://evil.example\",\"open\")");
    let o = kh.vault(&["list", "--with-text"]);
    assert_eq!(o.status.code(), Some(2), "--with-text is for --json: {}", stderr(&o));

    let plain = ok(&kh.vault(&["export-csv"]));
    assert!(!plain.lines().next().unwrap().contains("text") && !plain.contains("first"), "{plain}");
    let csv = ok(&kh.vault(&["export-csv", "--with-text"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.headers().unwrap().iter().next_back(), Some("text"));
    let texts: Vec<String> = r.records().map(|x| x.unwrap().iter().next_back().unwrap().to_owned()).collect();
    assert_eq!(texts[0], "first\\u{000a}\\u{000a}second\\u{000a}\\u{000a}third\\u{000a}line");
    assert_eq!(texts[1], "'=HYPERLINK(\"http://evil.example\",\"open\")", "formula defused");
}

#[test]
fn unlink_removes_the_link_both_ways_and_refuses_cases_not_linked() {
    let kh = vault_with(&[Tip::new("a"), Tip::new("b"), Tip::new("c")]);
    ok(&kh.vault(&["link", "1", "2"]));
    ok(&kh.vault(&["link", "1", "3", "--kind", "same-network"]));
    assert_eq!(json(&kh, &["show", "2", "--json"])["links"][0]["case"], 1);
    let out = ok(&kh.vault(&["unlink", "2", "1"]));
    assert!(out.contains("case 2 and case 1 are no longer linked"), "{out}");
    assert_eq!(json(&kh, &["show", "2", "--json"])["links"], serde_json::json!([]));
    let one = json(&kh, &["show", "1", "--json"]);
    let three = json(&kh, &["show", "3", "--json"])["id"].clone();
    assert_eq!(
        one["links"],
        serde_json::json!([{"case": 3, "id": three, "kind": "same-network"}]),
        "the other link stays"
    );
    let e = err(&kh.vault(&["unlink", "1", "2"]));
    assert!(e.contains("case 1 and case 2 are not linked"), "{e}");
    assert!(err(&kh.vault(&["unlink", "1", "9"])).contains("no case or item 9"));
}

#[test]
fn notes_are_numbered_edited_and_deleted() {
    let kh = vault_with(&[Tip::new("a"), Tip::new("b")]);
    ok(&kh.vault_stdin(&["note", "1"], b"called the lawyer"));
    ok(&kh.vault_stdin(&["note", "1"], b"waiting for \x1b[2Jdocuments"));
    let show = ok(&kh.vault(&["show", "1"]));
    assert!(show.contains("  1. ") && show.contains(": called the lawyer"), "{show}");
    assert!(show.contains("  2. ") && show.contains("waiting for \\u{001b}[2Jdocuments"), "{show}");

    let f = kh.path("note.txt");
    std::fs::write(&f, "documents received").unwrap();
    let out = ok(&kh.vault(&["note", "1", "--edit", "2", "--file", f.to_str().unwrap()]));
    assert!(out.contains("note 2 of case 1 replaced"), "{out}");
    ok(&kh.vault(&["note", "1", "--delete", "1"]));
    let v = json(&kh, &["show", "1", "--json"]);
    let notes: Vec<&str> =
        v["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert_eq!(notes, ["documents received"]);
    let history: Vec<&str> =
        v["history"].as_array().unwrap().iter().map(|e| e["what"].as_str().unwrap()).collect();
    assert_eq!(history, ["note 2 edited (you)", "note 1 deleted (you)"]);
    assert!(ok(&kh.vault(&["show", "1"])).contains("History:"));

    // Out of range: the message names the case and how many notes it has; nothing changes.
    let e = err(&kh.vault_stdin(&["note", "1", "--edit", "2"], b"text"));
    assert!(e.contains("case 1 has 1 note(s)") && e.contains("no note 2"), "{e}");
    let e = err(&kh.vault(&["note", "1", "--delete", "0"]));
    assert!(e.contains("case 1 has 1 note(s)"), "{e}");
    assert!(err(&kh.vault(&["note", "2", "--delete", "1"])).contains("case 2 has no notes"));
    assert_eq!(json(&kh, &["show", "1", "--json"])["notes"].as_array().unwrap().len(), 1);
    // The same input rules as a new note: an empty text is refused.
    assert!(err(&kh.vault_stdin(&["note", "1", "--edit", "1"], b"  \n")).contains("1 to"));
    let o = kh.vault(&["note", "1", "--edit", "1", "--delete", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn status_and_tag_of_several_cases_are_all_or_nothing() {
    let kh = vault_with(&[Tip::new("a"), Tip::new("b"), Tip::new("c"), Tip::new("d"), Tip::new("e")]);
    let state = || std::fs::read(kh.path("vault").join("vault.age")).unwrap();
    // The single-case form the README documents.
    assert_eq!(ok(&kh.vault(&["status", "1", "in-review"])), "case 1: new → in-review\n");
    // Several cases, as arguments and as a list with a range: one line per case.
    let out = ok(&kh.vault(&["status", "2", "3", "in-review"]));
    assert_eq!(out, "case 2: new → in-review\ncase 3: new → in-review\n");
    let out = ok(&kh.vault(&["status", "1,2-3", "verified"]));
    assert_eq!(out.lines().count(), 3, "{out}");
    // One case may not move: nothing changes, the vault file is not even rewritten.
    let before = state();
    let e = err(&kh.vault(&["status", "1", "2", "4", "closed"]));
    assert!(e.contains("case 4 is new") && e.contains("nothing was changed"), "{e}");
    assert_eq!(state(), before);
    for c in ["1", "2"] {
        assert_eq!(status_of(&kh, c), "verified");
    }
    // An unknown case in the list, or a bad range, refuses the whole list.
    assert!(err(&kh.vault(&["status", "1-2,99", "closed"])).contains("99"));
    assert!(err(&kh.vault(&["status", "4-9", "in-review"])).contains("there is no case 6"));
    assert!(err(&kh.vault(&["status", "3-1", "closed"])).contains("low to high"));
    assert_eq!(state(), before);
    assert_eq!(status_of(&kh, "4"), "new");
    // A case already there is said so and left alone.
    assert!(ok(&kh.vault(&["status", "3", "verified"])).contains("case 3: already verified (unchanged)"));

    // Tags: one case as the README shows, or a list.
    assert_eq!(ok(&kh.vault(&["tag", "1", "+Fuzhou", "todo"])), "case 1 tags: fuzhou, todo\n");
    let out = ok(&kh.vault(&["tag", "1,3-4", "+batch", "-todo"]));
    assert_eq!(out, "case 1 tags: batch, fuzhou\ncase 3 tags: batch\ncase 4 tags: batch\n");
    let before = state();
    assert!(err(&kh.vault(&["tag", "1,99", "+x"])).contains("99"));
    assert!(err(&kh.vault(&["tag", "1,2", "+ok", "bad tag"])).contains("bad tag"));
    assert_eq!(state(), before);
    assert_eq!(cases(&json(&kh, &["list", "--json", "--tag", "batch"])), [1, 3, 4]);
}

#[test]
fn close_spam_closes_from_any_status_tags_and_records_it() {
    let kh = vault_with(&[Tip::new("buy cheap watches"), Tip::new("spam again"), Tip::new("real")]);
    ok(&kh.vault(&["status", "2", "in-review"]));
    // Plain status and plain close keep the lifecycle.
    assert!(err(&kh.vault(&["status", "1", "closed"])).contains("in-review"));
    assert!(err(&kh.vault(&["close", "3"])).contains("case 3 is new"));
    let out = ok(&kh.vault(&["close", "1,2", "--spam"]));
    assert_eq!(out, "case 1: new → closed\ncase 2: in-review → closed\n");
    for (case, was) in [("1", "new"), ("2", "in-review")] {
        let v = json(&kh, &["show", case, "--json"]);
        assert_eq!(v["status"], "closed");
        assert_eq!(v["tags"], serde_json::json!(["spam"]));
        let last = v["history"].as_array().unwrap().last().unwrap()["what"].as_str().unwrap().to_owned();
        assert_eq!(last, format!("closed as spam (was {was}) (you)"));
    }
    assert_eq!(status_of(&kh, "3"), "new");
    assert_eq!(cases(&json(&kh, &["list", "--json", "--tag", "spam", "--status", "closed"])), [1, 2]);
    assert!(err(&kh.vault(&["close", "3,9", "--spam"])).contains("9"));
    assert_eq!(status_of(&kh, "3"), "new");
}
