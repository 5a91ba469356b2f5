//! `tipbox vault --vault DIR --identity FILE <command>`: the offline vault.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::vault::identity::load_identity;
use crate::vault::show::{self, Filter};
use crate::vault::state::{LinkKind, Status};
use crate::vault::{Vault, import, reply, report, triage};

/// Flags of `tipbox vault`.
#[derive(Args)]
pub struct VaultArgs {
    /// The vault directory (created by `import`).
    #[arg(long)]
    pub vault: PathBuf,
    /// Your keyholder identity file (from `tipbox keygen`).
    #[arg(long)]
    pub identity: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: VaultCommand,
}

/// Vault subcommands.
#[derive(Subcommand)]
pub enum VaultCommand {
    /// Import a bundle (from `pull` or `export`; importing twice adds nothing).
    Import {
        /// The bundle file.
        bundle: PathBuf,
    },
    /// List cases.
    List {
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Only this status.
        #[arg(long)]
        status: Option<Status>,
        /// Only cases with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only this country (ISO code).
        #[arg(long)]
        country: Option<String>,
        /// Only cases reporting this kind of incident.
        #[arg(long)]
        incident: Option<String>,
        /// Received on or after (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Received on or before (YYYY-MM-DD or YYYY-MM).
        #[arg(long)]
        until: Option<String>,
    },
    /// Show a case: answers, thread, attachments, notes.
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
    /// Move a case along new → in-review → verified|unverified|duplicate → closed.
    Status {
        /// Case number or item id.
        id: String,
        /// New status.
        status: Status,
    },
    /// Add (+tag or tag) and remove (-tag) tags.
    Tag {
        /// Case number or item id.
        id: String,
        /// Changes, e.g. +fuzhou -todo.
        #[arg(required = true, allow_hyphen_values = true)]
        changes: Vec<String>,
    },
    /// Add a note.
    Note {
        /// Case number or item id.
        id: String,
        /// The note.
        text: String,
    },
    /// Set who works on a case (no name clears it).
    Assign {
        /// Case number or item id.
        id: String,
        /// Name.
        name: Option<String>,
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
    /// Write a reply bundle for `tipbox push`.
    Reply {
        /// Case number or item id.
        id: String,
        /// The reply text.
        #[arg(long)]
        message: String,
        /// Where to write the reply bundle (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// The case table as CSV (one row per case).
    ExportCsv {
        /// Output file (stdout when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts per country, incident type, month and status.
    Stats {
        /// Also draw them as an SVG file.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// JSON instead of text tables.
        #[arg(long)]
        json: bool,
    },
}

fn create_new(path: &PathBuf) -> anyhow::Result<std::fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

/// Runs a vault command.
pub fn run(a: VaultArgs) -> anyhow::Result<()> {
    let identity = load_identity(&a.identity)?;
    let mut v = match &a.command {
        VaultCommand::Import { .. } => Vault::open_or_create(&a.vault, identity)?,
        _ => Vault::open(&a.vault, identity)?,
    };
    match a.command {
        VaultCommand::Import { bundle } => {
            let o = import::import(&mut v, &bundle)?;
            println!(
                "imported {} new item(s) into {} new case(s); {} already in the vault",
                o.new_items, o.new_cases, o.known_items
            );
            if o.unreadable > 0 {
                eprintln!(
                    "warning: {} item(s) are not encrypted to this identity and were skipped",
                    o.unreadable
                );
            }
        }
        VaultCommand::List { json, status, tag, country, incident, since, until } => {
            let rows = show::rows(&v, &Filter { status, tag, country, incident, since, until });
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", show::list_table(&rows));
            }
        }
        VaultCommand::Show { id, json } => {
            let case = v.resolve(&id)?;
            let view = show::case_view(&v, case)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print!("{}", show::show_text(&view));
            }
        }
        VaultCommand::Extract { id, out } => {
            let case = v.resolve(&id)?;
            let files = show::extract(&v, case, &out)?;
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!(
                "{} file(s) written. Treat them as hostile: open them on this offline machine only.",
                files.len()
            );
        }
        VaultCommand::Status { id, status } => {
            let from = triage::set_status(&mut v, &id, status)?;
            println!("case {id}: {from} → {status}");
        }
        VaultCommand::Tag { id, changes } => {
            let tags = triage::tag(&mut v, &id, &changes)?;
            println!("tags: {}", tags.join(", "));
        }
        VaultCommand::Note { id, text } => {
            triage::note(&mut v, &id, &text)?;
            println!("note added");
        }
        VaultCommand::Assign { id, name } => {
            triage::assign(&mut v, &id, name.as_deref())?;
            println!("assigned");
        }
        VaultCommand::Link { a, b, kind } => {
            let (x, y) = triage::link(&mut v, &a, &b, kind)?;
            println!("linked case {x} and case {y} ({kind})");
        }
        VaultCommand::Reply { id, message, out } => {
            let o = reply::reply(&mut v, &id, &message, &out)?;
            if o.contact_not_requested {
                eprintln!(
                    "note: the source did not ask to be contacted; they will see this only if they log in"
                );
            }
            println!(
                "reply for case {} written to {} (encrypted to the source and {} keyholder(s)); upload it with `tipbox push`",
                o.case,
                out.display(),
                o.recipients - 1
            );
        }
        VaultCommand::ExportCsv { out } => {
            let n = match out {
                Some(p) => {
                    let mut w = BufWriter::new(create_new(&p)?);
                    let n = report::export_csv(&v, &mut w)?;
                    w.flush()?;
                    n
                }
                None => report::export_csv(&v, std::io::stdout().lock())?,
            };
            eprintln!("{n} case(s)");
        }
        VaultCommand::Stats { svg, json } => {
            let s = report::stats(&v);
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                print!("{}", report::stats_text(&s));
            }
            if let Some(p) = svg {
                report::stats_svg(&s, &p)?;
                eprintln!("charts written to {}", p.display());
            }
        }
    }
    Ok(())
}
