//! `tipbox vault [--vault DIR] [--identity FILE] <command>`: the offline vault's command line,
//! as clap reads it. What each command does is in `super::vault_run`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::filters;
use super::triage::{CloseArgs, NoteArgs, SearchArgs, StatusArgs, TagArgs, UnlinkArgs};
use crate::model::Day;
use crate::vault::state::{LinkKind, Status};

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
        /// Only cases whose answer to a choice question has this option, e.g.
        /// `--answer contact_channel=wechat` (`yes`/`no` for a yes/no question); repeatable.
        #[arg(long = "answer", value_name = "QUESTION=OPTION", value_parser = filters::answer)]
        answers: Vec<(String, String)>,
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
    /// Write a case's attachments (byte-identical, sanitised names, mode 0600) into a directory;
    /// with --clean, also copies without metadata (GPS, device, author…) and a manifest.txt
    /// with the SHA-256 of each.
    Extract {
        /// Case number or item id.
        id: String,
        /// Target directory.
        #[arg(long)]
        out: PathBuf,
        /// Beside each JPEG, PNG or WebP, write `NN-name.clean.ext` without its metadata
        /// (pixels untouched), and `manifest.txt` listing both hashes and what was found.
        #[arg(long)]
        clean: bool,
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
        /// Also count the answers to this question (a choice, choices, yes/no or country one).
        #[arg(long, value_name = "QUESTION")]
        question: Vec<String>,
    },
    /// Unlock once and type vault commands until `exit` (or the idle time): one passphrase
    /// for a working session. Other tipbox commands wait until it ends.
    Shell {
        /// Lock (end the shell) after this long without a command: minutes, or with a unit
        /// (90s, 15m, 1h); at most 8 hours.
        #[arg(long, default_value = "15m", value_parser = filters::idle)]
        idle: std::time::Duration,
    },
    /// Open the desk: the same vault in a web browser on this machine, without JavaScript.
    /// Prints `listening on <url>`: open that URL once (it works once); the desk locks after
    /// the idle time, or with its Lock button. Other tipbox commands wait until it ends.
    Ui {
        /// Where to listen: a loopback address only (127.0.0.1 or [::1]); port 0 picks a free
        /// one.
        #[arg(long, default_value = "127.0.0.1:0", value_parser = filters::loopback)]
        listen: std::net::SocketAddr,
        /// Lock (end the desk) after this long without a request: minutes, or with a unit
        /// (90s, 15m, 1h); at most 8 hours.
        #[arg(long, default_value = "15m", value_parser = filters::idle)]
        idle: std::time::Duration,
    },
    /// Write the triage changes (and replies) this vault has and the team may not into a
    /// sync bundle, encrypted to the team roster: `tipbox push` it (every other keyholder's
    /// next pull brings it) or carry it; a teammate's `vault import` merges it.
    Sync {
        /// Where to write the sync bundle (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Everything this vault holds, not only what it has not sent yet (for a new teammate).
        #[arg(long)]
        all: bool,
        /// The server instance (only for a vault holding cases of several).
        #[arg(long)]
        origin: Option<String>,
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

/// An assignee: a blank name would silently clear the assignment, which `--nobody` says.
fn assignee(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("a name is needed; to clear the assignment, use --nobody".into())
    } else {
        Ok(s.into())
    }
}
