//! One unlock per working session: `vault shell` runs vault commands line by line on one open
//! vault, keeps every other command out while it runs, and locks by itself when idle; without
//! `--vault`/`--identity`, keygen and the vault use their default places.

use std::io::Write;
use std::process::{Command, Stdio};

use super::common::cli::*;
use super::common::*;

fn two_tips(s: &Server) -> Keyholder {
    let c = s.client();
    for m in ["first report", "second report"] {
        assert_eq!(submit(s, &c, &[("message", m)], vec![]).0, 200);
    }
    let kh = Keyholder::new(s);
    let b = kh.pull(s, "b.tar");
    kh.import(&b);
    kh
}

#[test]
fn a_shell_runs_many_commands_on_one_unlock_and_goes_on_after_mistakes() {
    let s = Server::start(Opts::default());
    let kh = two_tips(&s);
    let note = kh.path("note.txt");
    std::fs::write(&note, "called the family back").unwrap();
    let script = format!(
        "list\nstatus 1 in-review\nfrobnicate 3\nshow 'unclosed\ntag 1 +urgent\nnote 1\nnote 1 --file {}\nshell\n\nexit\nlist --status closed\n",
        note.display()
    );
    let o = kh.vault_stdin(&["shell"], script.as_bytes());
    let (out, err) = (ok(&o), stderr(&o));
    assert!(out.contains("2 case(s)"), "list ran: {out}");
    assert!(out.contains("new → in-review") || out.contains("in-review"), "status ran: {out}");
    assert!(err.contains("unrecognized subcommand 'frobnicate'"), "a typo is told: {err}");
    assert!(err.contains("a quote is not closed"), "{err}");
    assert!(out.contains("urgent"), "the shell went on after the mistakes: {out}");
    assert!(err.contains("in the shell, give the text with --file"), "stdin carries commands: {err}");
    assert!(err.contains("already in the shell"), "{err}");
    assert!(!out.contains("0 case(s)"), "nothing runs after exit: {out}");
    // What the shell did is in the vault.
    let show: serde_json::Value = serde_json::from_str(&ok(&kh.vault(&["show", "1", "--json"]))).unwrap();
    assert_eq!(show["status"], "in-review");
    assert_eq!(show["tags"][0], "urgent");
    assert_eq!(show["notes"].as_array().unwrap().len(), 1, "one note, from the file: {show}");
}

#[test]
fn a_shell_keeps_other_commands_out_and_locks_when_idle() {
    let s = Server::start(Opts::default());
    let kh = two_tips(&s);
    let vault = kh.path("vault");
    let mut shell = Command::new(BIN)
        .args(["vault", "--vault", vault.to_str().unwrap(), "--identity", kh.identity.to_str().unwrap()])
        .args(["shell", "--idle", "10s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = shell.stdin.take().unwrap();
    input.write_all(b"list\n").unwrap();
    // Once the shell has answered, it holds the vault (the input stays open): another command
    // finds the vault in use. (Probing before the answer would race the shell's own opening.)
    let mut out = std::io::BufReader::new(shell.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("case(s)") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0, "the shell ended early");
    }
    let other = kh.vault(&["list"]);
    assert!(!other.status.success(), "a second command ran beside the shell");
    assert!(stderr(&other).contains("in use by another tipbox command"), "{}", stderr(&other));
    // Nothing more is typed: it locks by itself, and the vault is free again.
    let status = shell.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut shell.stderr.take().unwrap(), &mut err).unwrap();
    drop(input);
    assert!(status.success(), "{err}");
    assert!(err.contains("locked: 10 second(s) without a command"), "{err}");
    assert!(ok(&kh.vault(&["list"])).contains("2 case(s)"));
}

#[test]
fn keygen_and_the_vault_use_default_places() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_str().unwrap();
    let env = [("HOME", h), ("XDG_DATA_HOME", ""), ("XDG_CONFIG_HOME", "")];
    let o = tipbox(&["keygen", "--plaintext"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let identity = home.path().join(".config/tipbox/identity.age");
    assert!(stderr(&o).contains(identity.to_str().unwrap()), "{}", stderr(&o));
    let shown = String::from_utf8_lossy(&tipbox(&["key", "show"], &env).stdout).into_owned();
    assert!(shown.contains("recipient:   age1"), "key show finds it: {shown}");

    // A bundle for that identity, imported with no --vault and no --identity.
    let id = tipbox::vault::identity::load_identity(&identity).unwrap();
    let kh = Keyholder::with(&id);
    let mut s2 = Server::start(Opts { keyholders: vec![id.clone()], ..Default::default() });
    assert_eq!(submit(&s2, &s2.client(), &[("message", "to the default vault")], vec![]).0, 200);
    let bundle = kh.pull(&s2, "b.tar");
    let out = tipbox(&["vault", "import", bundle.to_str().unwrap()], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let vault = home.path().join(".local/share/tipbox/vault");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&vault).unwrap().permissions().mode() & 0o777, 0o700);
    let list = tipbox(&["vault", "list"], &env);
    assert!(String::from_utf8_lossy(&list.stdout).contains("1 case(s)"));
    // TIPBOX_VAULT wins over the default place.
    let elsewhere = home.path().join("elsewhere");
    let mut env2 = env.to_vec();
    env2.push(("TIPBOX_VAULT", elsewhere.to_str().unwrap()));
    assert!(stderr(&tipbox(&["vault", "list"], &env2)).contains("no vault at"));
    s2.stop();
}
