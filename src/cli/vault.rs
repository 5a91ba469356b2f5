//! `tipbox vault [--vault DIR] [--identity FILE] <command>`: the offline vault. Without the
//! flags, the vault and identity are in their default places (`super::places`); `vault shell`
//! keeps one vault unlocked for a working session (`super::shell`).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::filters;
use super::triage::{CloseArgs, NoteArgs, SearchArgs, StatusArgs, TagArgs, UnlinkArgs};
use crate::model::Day;
use crate::vault::identity::load_identity;
use crate::vault::list::{self, Filter};
use crate::vault::state::{LinkKind, Status};
use crate::vault::{Vault, import, reply, report, show, team, triage};

/// Flags of `tipbox vault`.
#[derive(Args)]
pub struct VaultArgs {
    /// The vault directory (created by `import`). Default: $TIPBOX_VAULT, else
    /// ~/.local/share/tipbox/vault.
    #[arg(long)]
    pub vault: Option<PathBuf>,
    /// Your keyholder identity file (from `tipbox keygen`). Default: $TIPBOX_IDENTITY, else
    /// ~/.config/tipbox/identity.age.
    #[arg(long)]
    pub identity: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: VaultCommand,
}

/// Vault subcommands.
#[derive(Subcommand)]
pub enum VaultCommand {
    /// Import a bundle (from `pull`, `export` or a teammate's `reply`); importing twice adds
    /// nothing. Writes the signed acknowledgement list for `tipbox ack`.
    Import {
        /// The bundle file.
        bundle: PathBuf,
        /// Where to write the acknowledgement list (default: the bundle's path + `.ack`).
        #[arg(long)]
        ack_out: Option<PathBuf>,
    },
    /// List cases. Every filter value is checked: one that no case could have is refused.
    List {
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Only this status (new, in-review, verified, unverified, duplicate, closed).
        #[arg(long, value_parser = filters::status)]
        status: Option<Status>,
        /// Only cases with this tag.
        #[arg(long, value_parser = filters::tag)]
        tag: Option<String>,
        /// Only this country: ISO code (NL) or English name (Netherlands), any case.
        #[arg(long, value_parser = filters::country)]
        country: Option<String>,
        /// Only cases reporting this kind of incident, e.g. police-station.
        #[arg(long, value_parser = filters::incident)]
        incident: Option<String>,
        /// Received on or after this day (YYYY-MM-DD; YYYY-MM: from the 1st).
        #[arg(long, value_parser = filters::since)]
        since: Option<Day>,
        /// Received on or before this day (YYYY-MM-DD; YYYY-MM: to the month's end).
        #[arg(long, value_parser = filters::until)]
        until: Option<Day>,
        /// With --json: each row also holds the full text of the source's messages.
        #[arg(long, requires = "json")]
        with_text: bool,
    },
    /// Find cases whose messages, follow-ups, city or when contain TEXT (any case, any
    /// script), with a short snippet around each match.
    Search(SearchArgs),
    /// Show a case: answers, thread, attachments, notes (numbered), history.
    Show {
        /// Case number or item id (prefix).
        id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Write a case's attachments (byte-identical, sanitised names, mode 0600) into a directory.
    Extract {
        /// Case number or item id.
        id: String,
        /// Target directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// Move cases along new → in-review → verified|unverified|duplicate → closed, e.g.
    /// `status 1 in-review` or `status 3 4 7-9 closed`: all of them or, if one may not, none.
    Status(StatusArgs),
    /// Close cases (`--spam`: from any status, tagged spam), e.g. `close 5,6 --spam`.
    Close(CloseArgs),
    /// Add (+tag or tag) and remove (-tag) tags, on one case or a list such as 3,4,7-9.
    Tag(TagArgs),
    /// Add a note, or replace (--edit N) or delete (--delete N) one: text comes from --file,
    /// standard input or $EDITOR, never the command line.
    Note(NoteArgs),
    /// Set who works on a case (`--nobody` clears it).
    Assign {
        /// Case number or item id.
        id: String,
        /// Who works on it.
        #[arg(required_unless_present = "nobody", conflicts_with = "nobody", value_parser = assignee)]
        name: Option<String>,
        /// Nobody works on it any more.
        #[arg(long)]
        nobody: bool,
    },
    /// Link two cases (same case, or same perpetrator network).
    Link {
        /// One case.
        a: String,
        /// The other case.
        b: String,
        /// same-case or same-network.
        #[arg(long, default_value = "same-case")]
        kind: LinkKind,
    },
    /// Remove the link between two cases (both ways).
    Unlink(UnlinkArgs),
    /// Write a signed reply bundle for `tipbox push`. The text comes from --file, standard
    /// input or $EDITOR, never the command line.
    Reply {
        /// Case number or item id.
        id: String,
        /// Where to write the reply bundle (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Read the reply from this file.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// The case table as CSV (one row per case).
    ExportCsv {
        /// Output file (stdout when absent).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Add a last column with the full text of the source's messages.
        #[arg(long)]
        with_text: bool,
    },
    /// Counts per country, incident type, month and status.
    Stats {
        /// Also draw them as charts in a new SVG file (mode 0600; an existing file is refused).
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Language of the chart labels (default en).
        #[arg(long, requires = "svg", value_parser = clap::builder::PossibleValuesParser::new(crate::vault::chart_labels::LANGS))]
        lang: Option<String>,
        /// JSON instead of text tables.
        #[arg(long)]
        json: bool,
    },
    /// Unlock once and type vault commands until `exit` (or the idle time): one passphrase
    /// for a working session. Other tipbox commands wait until it ends.
    Shell {
        /// Lock (end the shell) after this long without a command: minutes, or with a unit
        /// (90s, 15m, 1h); at most 8 hours.
        #[arg(long, default_value = "15m", value_parser = super::shell::idle)]
        idle: std::time::Duration,
    },
    /// The team roster: whom replies are encrypted to, whose signatures are accepted.
    Team {
        /// What to do with it.
        #[command(subcommand)]
        command: TeamCommand,
    },
}

/// `vault team` subcommands.
#[derive(Subcommand)]
pub enum TeamCommand {
    /// Show the roster.
    List,
    /// Add a teammate, with what their `tipbox keygen` or `tipbox key show` printed.
    Add {
        /// A name for them (yours only; never sent anywhere).
        name: String,
        /// Their age1… recipient.
        recipient: String,
        /// Their tipboxsig1… signing key.
        signing_key: String,
    },
    /// Remove a teammate.
    Remove {
        /// Their name in the roster.
        name: String,
    },
}

/// Prints JSON with every control, direction or invisible character escaped, so that hostile
/// text cannot act on the terminal even in machine output.
pub(super) fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", crate::text::json_safe(&serde_json::to_string_pretty(v)?));
    Ok(())
}

/// An assignee: a blank name would silently clear the assignment, which `--nobody` says.
fn assignee(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("a name is needed; to clear the assignment, use --nobody".into())
    } else {
        Ok(s.into())
    }
}

/// A usage error found after parsing (one that involves two flags), which `main` prints and
/// exits with like clap's own (status 2).
fn usage(message: String) -> anyhow::Error {
    use clap::CommandFactory;
    super::Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message).into()
}

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
        VaultCommand::Shell { idle } => super::shell::run(&mut v, idle),
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
        VaultCommand::List { json, status, tag, country, incident, since, until, with_text } => {
            run_list(v, json, with_text, Filter { status, tag, country, incident, since, until })?
        }
        VaultCommand::Search(args) => super::triage::run_search(v, args)?,
        VaultCommand::Show { id, json } => {
            let view = show::case_view(v, v.resolve(&id)?)?;
            if json { print_json(&view)? } else { print!("{}", show::show_text(&view)) }
        }
        VaultCommand::Extract { id, out } => {
            let files = show::extract(v, v.resolve(&id)?, &out)?;
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!(
                "{} file(s) written. Treat them as hostile: open them on this offline machine only.",
                files.len()
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
        VaultCommand::Stats { svg, lang, json } => run_stats(v, svg, lang, json)?,
        VaultCommand::Shell { .. } => anyhow::bail!("already in the shell"),
        VaultCommand::Team { command } => run_team(v, command)?,
    }
    Ok(())
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

fn run_stats(v: &Vault, svg: Option<PathBuf>, lang: Option<String>, json: bool) -> anyhow::Result<()> {
    let s = report::stats(v);
    if json {
        print_json(&s)?
    } else {
        print!("{}", report::stats_text(&s))
    }
    if let Some(p) = svg {
        let tr = crate::server::i18n::Tr::for_tag(lang.as_deref().unwrap_or("en")).unwrap_or_default();
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
        let path = ack_out.unwrap_or_else(|| {
            let mut p = bundle.as_os_str().to_owned();
            p.push(".ack");
            PathBuf::from(p)
        });
        crate::files::write_atomic(&path, serde_json::to_string_pretty(&ack)?.as_bytes())?;
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
