//! Running `tipbox vault` commands: open the vault once (in its default place without
//! `--vault`, see `super::places`), then [`dispatch`] one command, or every line of
//! `vault shell` (`super::shell`) on the same open vault.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};

use super::output::{print_json, usage};
use super::vault::{TeamCommand, VaultArgs, VaultCommand};
use crate::vault::identity::load_identity;
use crate::vault::list::{self, Filter};
use crate::vault::{Vault, import, reply, report, show, team, triage};

/// Runs a vault command.
pub fn run(a: VaultArgs) -> anyhow::Result<()> {
    let dir = super::places::vault(a.vault)?;
    let identity = load_identity(&super::places::identity(a.identity)?)?;
    let fresh = !dir.join("vault.age").exists();
    let mut v = match &a.command {
        VaultCommand::Import { .. } => {
            super::places::make_parent(&dir)?;
            Vault::open_or_create(&dir, identity)?
        }
        _ => Vault::open(&dir, identity)?,
    };
    let res = match a.command {
        VaultCommand::Ui { listen, idle } => return crate::desk::run(v, listen, idle),
        VaultCommand::Shell { idle } => {
            let dir = v.dir().display().to_string();
            super::shell::run(&dir, idle, |words| shell_line(&mut v, words))
        }
        command => dispatch(&mut v, command),
    };
    if res.is_err() && fresh {
        // A first import that failed leaves no vault behind.
        v.discard_if_empty()?;
    }
    res
}

/// Runs one command on an open vault (also each line of `vault shell`).
pub fn dispatch(v: &mut Vault, command: VaultCommand) -> anyhow::Result<()> {
    match command {
        VaultCommand::Import { bundle, ack_out } => run_import(v, &bundle, ack_out)?,
        VaultCommand::List { json, status, tag, country, incident, since, until, with_text, answers } => {
            run_list(v, json, with_text, Filter { status, tag, country, incident, since, until, answers })?
        }
        VaultCommand::Search(args) => super::triage::run_search(v, args)?,
        VaultCommand::Show { id, json } => {
            let view = show::case_view(v, v.resolve(&id)?)?;
            if json { print_json(&view)? } else { print!("{}", show::show_text(&view)) }
        }
        VaultCommand::Extract { id, out, clean } => {
            let done = crate::vault::extract::extract(v, v.resolve(&id)?, &out, clean)?;
            let mut count = 0;
            for f in &done.files {
                println!("{}", f.original.display());
                count += 1;
                if let Some(c) = &f.cleaned {
                    println!("{}", c.display());
                    count += 1;
                }
                if let Some(note) = &f.note {
                    eprintln!("{}: {note}", f.original.display());
                }
            }
            if let Some(m) = &done.manifest {
                println!("{}", m.display());
            }
            eprintln!(
                "{count} file(s) written. Treat them as hostile: open them on this offline machine only."
            );
        }
        VaultCommand::Status(args) => super::triage::run_status(v, args)?,
        VaultCommand::Close(args) => super::triage::run_close(v, args)?,
        VaultCommand::Tag(args) => super::triage::run_tag(v, args)?,
        VaultCommand::Note(args) => super::triage::run_note(v, args)?,
        VaultCommand::Assign { id, name, .. } => run_assign(v, &id, name)?,
        VaultCommand::Link { a, b, kind } => {
            let (x, y) = triage::link(v, &a, &b, kind)?;
            println!("linked case {x} and case {y} ({kind})");
        }
        VaultCommand::Unlink(args) => super::triage::run_unlink(v, args)?,
        VaultCommand::Reply { id, out, file } => run_reply(v, &id, &out, file.as_deref())?,
        VaultCommand::ExportCsv { out, with_text } => run_export_csv(v, out, with_text)?,
        VaultCommand::Stats { svg, lang, json, question } => run_stats(v, svg, lang, json, &question)?,
        VaultCommand::Shell { .. } => anyhow::bail!("already in the shell"),
        VaultCommand::Ui { .. } => anyhow::bail!("the desk starts from the command line, not the shell"),
        VaultCommand::Team { command } => run_team(v, command)?,
        VaultCommand::Sync { out, all, origin } => run_sync(v, &out, all, origin.as_deref())?,
    }
    Ok(())
}

fn run_sync(v: &mut Vault, out: &Path, all: bool, origin: Option<&str>) -> anyhow::Result<()> {
    let o = crate::vault::ops::sync::sync(v, out, all, origin)?;
    println!(
        "sync bundle written to {}: {} change(s) in {} batch(es), {} reply(ies); readable by {}",
        out.display(),
        o.ops,
        o.batches,
        o.replies,
        o.readers.join(", ")
    );
    if o.readers.len() == 1 {
        eprintln!("note: your team roster is empty, so only you can read it (`vault team add`)");
    }
    println!("push it with `tipbox push … {}` or carry it to a teammate's `vault import`", out.display());
    Ok(())
}

fn print_team_import(o: &import::ImportOutcome) {
    if o.new_batches + o.known_batches > 0 {
        println!(
            "merged {} new change(s) of the team in {} batch(es); {} batch(es) already here",
            o.new_ops, o.new_batches, o.known_batches
        );
    }
    for r in o.refused_batches.iter().chain(&o.refused_replies) {
        eprintln!(
            "REFUSED: {r}. It was not merged. If this is a new teammate, check their key in person, then `vault team add`."
        );
    }
    if o.unreadable_team > 0 {
        eprintln!(
            "warning: {} team packet(s) are not encrypted to your identity: the teammate who wrote them does not have you in their roster",
            o.unreadable_team
        );
    }
}

fn run_assign(v: &mut Vault, id: &str, name: Option<String>) -> anyhow::Result<()> {
    triage::assign(v, id, name.as_deref())?;
    match name {
        Some(n) => println!("case {id} assigned to {}", crate::text::Untrusted::new(n).line()),
        None => println!("case {id} unassigned: nobody works on it now"),
    }
    Ok(())
}

fn run_export_csv(v: &Vault, out: Option<PathBuf>, with_text: bool) -> anyhow::Result<()> {
    let n = match out {
        Some(p) => {
            let mut w = BufWriter::new(crate::files::create_new(&p)?);
            let n = report::export_csv(v, &mut w, with_text)?;
            w.flush().map_err(|e| crate::files::named(&p, e))?;
            n
        }
        None => report::export_csv(v, std::io::stdout().lock(), with_text)?,
    };
    eprintln!("{n} case(s)");
    Ok(())
}

fn run_stats(
    v: &Vault,
    svg: Option<PathBuf>,
    lang: Option<String>,
    json: bool,
    questions: &[String],
) -> anyhow::Result<()> {
    let mut s = report::stats(v);
    let known = report::all_questions(v);
    for id in questions {
        let counted = known.iter().find(|q| {
            &q.id == id
                && !matches!(
                    q.kind,
                    crate::model::questions::Kind::Text | crate::model::questions::Kind::LongText
                )
        });
        let Some(q) = counted else {
            return Err(usage(format!(
                "--question {id:?}: no case answers a choice, yes/no or country question with that id"
            )));
        };
        s.by_question.insert(q.id.clone(), crate::vault::stats::count_question(v, q));
    }
    if json {
        print_json(&s)?
    } else {
        print!("{}", report::stats_text(&s))
    }
    if let Some(p) = svg {
        let tr = crate::locale::Tr::for_tag(lang.as_deref().unwrap_or("en")).unwrap_or_default();
        report::stats_svg(&s, tr, &p)?;
        eprintln!("charts written to {}", p.display());
    }
    Ok(())
}

fn run_list(v: &Vault, json: bool, with_text: bool, f: Filter) -> anyhow::Result<()> {
    if let (Some(s), Some(u)) = (f.since, f.until)
        && s > u
    {
        return Err(usage(format!("--since {s} is after --until {u}: no case can match")));
    }
    // Only a list that filters by answers needs the questions of every case.
    let known = if f.answers.is_empty() { Vec::new() } else { report::all_questions(v) };
    for (q, o) in &f.answers {
        let Some(rec) = known.iter().find(|r| &r.id == q) else {
            let ids: Vec<&str> = known.iter().map(|r| r.id.as_str()).collect();
            return Err(usage(format!(
                "--answer {q}={o}: no case answers a question {q:?} (questions: {})",
                ids.join(", ")
            )));
        };
        let options: Vec<&str> = match rec.kind {
            crate::model::questions::Kind::YesNo => vec!["yes", "no"],
            _ => rec.options.iter().map(|(x, _)| x.as_str()).collect(),
        };
        if rec.kind != crate::model::questions::Kind::Country && !options.contains(&o.as_str()) {
            return Err(usage(format!("--answer {q}={o}: {q} has the options {}", options.join(", "))));
        }
    }
    let rows = list::rows(v, &f, with_text)?;
    if json {
        print_json(&rows)?
    } else {
        print!("{}", list::table(&rows))
    }
    Ok(())
}

fn run_import(v: &mut Vault, bundle: &Path, ack_out: Option<PathBuf>) -> anyhow::Result<()> {
    let o = import::import(v, bundle)?;
    println!(
        "imported {} new item(s) into {} new case(s); {} already in the vault",
        o.new_items, o.new_cases, o.known_items
    );
    if o.unreadable > 0 {
        eprintln!(
            "warning: {} new item(s) are not encrypted to your identity and were skipped; they are not in the acknowledgement list",
            o.unreadable
        );
    }
    print_team_import(&o);
    for r in &o.roster.not_in_roster {
        eprintln!(
            "warning: the bundle lists keyholder {r}, who is not in your team roster: replies are NOT encrypted to them. \
             If they are a new teammate, check with them in person, then `vault team add`."
        );
    }
    for name in &o.roster.not_in_bundle {
        if name == team::OWNER {
            eprintln!("warning: the bundle does not list your own recipient among its keyholders");
        } else {
            eprintln!(
                "note: {name} (in your team) is not among the keyholders this bundle names: they cannot read it"
            );
        }
    }
    if let Some(ack) = o.ack {
        let path = ack_out.unwrap_or_else(|| crate::vault::ack::default_path(bundle));
        crate::vault::ack::write(&ack, &path)?;
        println!(
            "acknowledgement list for {} item(s) written to {}: carry it back and run `tipbox ack … {}`",
            ack.items.len(),
            path.display(),
            path.display()
        );
    }
    Ok(())
}

fn run_reply(v: &mut Vault, id: &str, out: &Path, file: Option<&Path>) -> anyhow::Result<()> {
    v.resolve(id)?;
    let text = super::input::read_text(file, "reply", v.dir())?;
    let o = reply::reply(v, id, &text, out)?;
    if o.contact_not_requested {
        eprintln!("note: the source did not ask to be contacted; they will see this only if they log in");
    }
    if o.readers.len() == 1 {
        eprintln!(
            "note: your team roster is empty, so only the source and you can read this reply (`vault team add`)"
        );
    }
    println!(
        "reply for case {} written to {}, signed by you and encrypted to the source and to: {}. Upload it with `tipbox push`.",
        o.case,
        out.display(),
        o.readers.join(", ")
    );
    Ok(())
}

fn run_team(v: &mut Vault, command: TeamCommand) -> anyhow::Result<()> {
    match command {
        TeamCommand::List => {
            for e in team::list(v) {
                println!("{:<16} {}  {}", e.name, e.recipient, e.signing_key);
            }
        }
        TeamCommand::Add { name, recipient, signing_key } => {
            team::add(v, &name, &recipient, &signing_key)?;
            println!(
                "{name} added: your replies are now encrypted to them too, and their signed replies accepted"
            );
        }
        TeamCommand::Remove { name } => {
            team::remove(v, &name)?;
            println!(
                "{name} removed: later replies are not encrypted to them, and their replies are no longer accepted"
            );
        }
    }
    Ok(())
}

/// One line of `vault shell`, parsed as the vault's subcommands.
#[derive(Parser)]
#[command(name = "tipbox>", no_binary_name = true, disable_version_flag = true)]
struct Line {
    #[command(subcommand)]
    command: VaultCommand,
}

/// Whether a command would read its text from standard input: in the shell, standard input
/// carries the commands, so the text must come from `--file` or the editor.
fn reads_text_from_stdin(c: &VaultCommand) -> bool {
    let needs = match c {
        VaultCommand::Reply { file, .. } => file.is_none(),
        VaultCommand::Note(n) => n.reads_text() && n.file.is_none(),
        _ => false,
    };
    needs && !std::io::stdin().is_terminal()
}

/// Runs one line of the shell. A mistake is printed and the shell goes on, as a shell does.
fn shell_line(v: &mut Vault, words: Vec<String>) {
    if words.first().is_some_and(|w| w == "help") {
        let _ = Line::command().print_help();
        return;
    }
    let command = match Line::try_parse_from(&words) {
        Ok(l) => l.command,
        Err(e) => {
            let _ = e.print();
            return;
        }
    };
    if matches!(command, VaultCommand::Shell { .. }) {
        eprintln!("tipbox: already in the shell");
    } else if reads_text_from_stdin(&command) {
        eprintln!("tipbox: in the shell, give the text with --file (or set $EDITOR)");
    } else if let Err(e) = dispatch(v, command) {
        eprintln!("tipbox: {}", crate::text::Untrusted::new(super::message(&e)).terminal());
    }
}
