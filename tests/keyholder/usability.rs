//! What a keyholder who is not a programmer types: filter values that must be understood or
//! refused as usage errors (never a silent wrong count), errors that name their file once,
//! `--server` without a scheme, sentences from push and ack, and `assign` without a name.

use crate::common::cli::*;
use crate::common::*;

/// Exit 2 and a message naming the flag, the value and what is accepted.
fn usage_error(o: &std::process::Output, flag: &str, value: &str, accepted: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{flag} {value}: {e}");
    assert!(e.contains(flag) && e.contains(value) && e.contains(accepted), "{flag} {value}: {e}");
}

/// The number of cases `vault list --json ARGS` prints.
fn count(kh: &Keyholder, args: &[&str]) -> usize {
    let mut full = vec!["list", "--json"];
    full.extend_from_slice(args);
    let rows: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&full))).unwrap();
    rows.as_array().unwrap().len()
}

#[test]
fn vault_filters_are_understood_or_refused() {
    let s = Server::start(Opts::default());
    let c = s.client();
    for (country, incident) in [("NL", "police_station"), ("NL", "harassment"), ("IT", "police_station")] {
        let fields = [("message", "They came again."), ("country", country), ("incident", incident)];
        assert_eq!(submit(&s, &c, &fields, vec![]).0, 200);
    }
    let kh = Keyholder::new(&s);
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);
    ok(&kh.vault(&["tag", "1", "+Fuzhou"]));
    assert_eq!(count(&kh, &[]), 3);

    // Understood: vocabulary ids with `-`, any case; codes and English names, any case.
    assert_eq!(count(&kh, &["--incident", "police-station"]), 2);
    assert_eq!(count(&kh, &["--incident", "Police_Station"]), 2);
    assert_eq!(count(&kh, &["--country", "Netherlands"]), 2);
    assert_eq!(count(&kh, &["--country", "nl"]), 2);
    assert_eq!(count(&kh, &["--country", "italy", "--incident", "police-station"]), 1);
    assert_eq!(count(&kh, &["--tag", "fuzhou"]), 1);
    assert_eq!(count(&kh, &["--status", "New"]), 3);
    let today = tipbox::model::Day::today();
    let (t, month) = (today.to_string(), today.month());
    assert_eq!(count(&kh, &["--since", &t, "--until", &t]), 3);
    assert_eq!(count(&kh, &["--since", &month, "--until", &month]), 3, "a month is its days");
    let tomorrow = today.plus_days(1).to_string();
    assert_eq!(count(&kh, &["--since", &tomorrow]), 0);

    // Refused, exit 2, naming the flag, the value and what is accepted.
    usage_error(&kh.vault(&["list", "--since", "01/12/2026"]), "--since", "01/12/2026", "YYYY-MM-DD");
    usage_error(&kh.vault(&["list", "--since", "garbage"]), "--since", "garbage", "YYYY-MM-DD");
    usage_error(&kh.vault(&["list", "--until", "2026-13-01"]), "--until", "2026-13-01", "YYYY-MM-DD");
    usage_error(&kh.vault(&["list", "--incident", "police"]), "--incident", "police", "police-station");
    usage_error(&kh.vault(&["list", "--country", "Narnia"]), "--country", "Narnia", "ISO");
    usage_error(&kh.vault(&["list", "--tag", "two words"]), "--tag", "two words", "letters");
    usage_error(&kh.vault(&["list", "--status", "open"]), "--status", "open", "in-review");
    let o = kh.vault(&["list", "--since", &tomorrow, "--until", &t]);
    usage_error(&o, "--since", &tomorrow, "no case can match");
}

#[test]
fn errors_name_their_file_once_and_commands_speak_sentences() {
    let s = Server::start(Opts::default());
    let c = s.client();
    assert_eq!(submit(&s, &c, &[("message", "hello"), ("contact_ok", "yes")], vec![]).0, 200);
    let kh = Keyholder::new(&s);

    // A missing bundle: its path once, the reason once.
    let missing = kh.path("bundle-2026-11-24.tar");
    let e = err(&kh.vault(&["import", missing.to_str().unwrap()]));
    let path = missing.display().to_string();
    assert_eq!(e.matches(&path).count(), 1, "{e}");
    assert_eq!(e.matches("No such file or directory").count(), 1, "{e}");
    assert!(!e.contains("os error"), "{e}");

    // --server without a scheme: a usage error that says so, before anything is sent.
    let tok = kh.token_file(&s);
    let bare = s.kh_base.split_once("://").unwrap().1.to_owned();
    let o = tipbox(&["pull", "--server", &bare, "--token-file", tok.to_str().unwrap(), "--out", "x"], &[]);
    usage_error(&o, "--server", &bare, "http://");
    let o = tipbox(&["push", "--server", "xxxx.onion", "--token-file", tok.to_str().unwrap(), "r.tar"], &[]);
    usage_error(&o, "--server", "xxxx.onion", "no scheme");

    // push and ack answer in sentences, on success and on refusal.
    let b = kh.pull(&s, "b.tar");
    kh.import(&b);
    let reply = kh.reply("1", "Thank you.", "reply.tar");
    let out = ok(&kh.push(&s, &reply));
    assert!(out.contains("1 reply(ies) stored on the server") && !out.contains('{'), "{out}");
    let out = ok(&kh.ack(&s, &ack_list(&b)));
    assert!(out.contains("1 of 1 item(s) acknowledged") && !out.contains('{'), "{out}");
    // A token of the right shape that the server does not know: refused, in a sentence.
    let unknown = kh.path("unknown-token");
    ok(&tipbox(&["token", "--name", "eve", "--out", unknown.to_str().unwrap()], &[]));
    let list = ack_list(&b);
    let args =
        ["ack", "--server", &s.kh_base, "--token-file", unknown.to_str().unwrap(), list.to_str().unwrap()];
    let e = err(&tipbox(&args, &[]));
    assert!(e.contains("refused the token") && !e.contains('{'), "{e}");

    // assign: a name is required; --nobody clears, and says so.
    let e = stderr(&kh.vault(&["assign", "1"]));
    assert!(e.contains("<NAME>") && !e.contains("assigned to"), "{e}");
    assert_eq!(kh.vault(&["assign", "1"]).status.code(), Some(2));
    assert_eq!(kh.vault(&["assign", "1", " "]).status.code(), Some(2));
    assert!(ok(&kh.vault(&["assign", "1", "alice"])).contains("case 1 assigned to alice"));
    let out = ok(&kh.vault(&["assign", "1", "--nobody"]));
    assert!(out.contains("unassigned") && !out.contains("assigned to"), "{out}");
}
