//! `tipbox vault shell`: one unlock for a working session. The passphrase is asked once, the
//! vault stays locked against every other tipbox command while the shell runs, and each line
//! is a vault command without the `tipbox vault` in front (`list --status new`, `show 3`).
//!
//! The model is not weakened: the identity lives only in this process's memory (zeroized when
//! it ends), the process is bound to its terminal, and it ends by itself after `--idle`
//! without a command, so an unattended desk does not stay unlocked. Nothing
//! of the session is written anywhere: no history file.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::sync::mpsc;
use std::time::Duration;

use clap::{CommandFactory, Parser};

use super::vault::{VaultCommand, dispatch};
use crate::vault::Vault;

/// Longest line read (a command, not a text: texts come from files or the editor).
const MAX_LINE: usize = 16 * 1024;

/// One line of the shell, parsed as the vault's subcommands.
#[derive(Parser)]
#[command(name = "tipbox>", no_binary_name = true, disable_version_flag = true)]
struct Line {
    #[command(subcommand)]
    command: VaultCommand,
}

/// An idle time: `15` (minutes), `90s`, `15m`, `1h`; from 1 second to 8 hours.
pub fn idle(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (n, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "m"),
    };
    let n: u64 = n.parse().map_err(|_| format!("{s:?} is not a time: use e.g. 15m, 90s or 1h"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("unknown unit {unit:?}: use s, m or h")),
    };
    if (1..=8 * 3600).contains(&secs) {
        Ok(Duration::from_secs(secs))
    } else {
        Err("the idle time is from 1 second to 8 hours".into())
    }
}

/// How an idle time reads in a sentence.
fn shown(d: Duration) -> String {
    let s = d.as_secs();
    if s.is_multiple_of(60) { format!("{} minute(s)", s / 60) } else { format!("{s} second(s)") }
}

/// Splits a line into words as a shell does for plain use: whitespace separates, '…' and "…"
/// quote, a backslash escapes the next character. `None` for an unclosed quote.
pub fn words(line: &str) -> Option<Vec<String>> {
    let (mut out, mut cur, mut any) = (Vec::new(), String::new(), false);
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => (quote, any) = (Some(c), true),
            (None | Some('"'), '\\') => {
                cur.push(chars.next()?);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if quote.is_some() {
        return None;
    }
    if any {
        out.push(cur);
    }
    Some(out)
}

/// Reads lines on request, so that a command that reads the terminal itself (a note typed at
/// the prompt) is not raced by the shell.
fn reader() -> (mpsc::Sender<()>, mpsc::Receiver<Option<String>>) {
    let (ask, asked) = mpsc::channel::<()>();
    let (give, given) = mpsc::channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        while asked.recv().is_ok() {
            let mut line = String::new();
            let got = stdin.lock().take(MAX_LINE as u64).read_line(&mut line);
            let line = match got {
                Ok(0) | Err(_) => None,
                Ok(_) => Some(line),
            };
            if give.send(line).is_err() {
                break;
            }
        }
    });
    (ask, given)
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

/// Runs the shell on an open vault until `exit`, end of input, or the idle time.
pub fn run(v: &mut Vault, idle: Duration) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        eprintln!(
            "Vault {} unlocked. Type vault commands (`help`, `list`, `show 3`…); `exit` locks it. \
             It locks by itself after {} without a command.",
            v.dir().display(),
            shown(idle)
        );
    }
    let (ask, lines) = reader();
    loop {
        if interactive {
            eprint!("tipbox> ");
            let _ = std::io::stderr().flush();
        }
        if ask.send(()).is_err() {
            break;
        }
        let line = match lines.recv_timeout(idle) {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(_) => {
                eprintln!("\nlocked: {} without a command", shown(idle));
                break;
            }
        };
        if !one_line(v, line.trim())? {
            break;
        }
    }
    Ok(())
}

/// Runs one line; `false` ends the shell. An error in a command is printed and the shell goes
/// on, as a shell does.
fn one_line(v: &mut Vault, line: &str) -> anyhow::Result<bool> {
    let Some(words) = words(line) else {
        eprintln!("tipbox: a quote is not closed");
        return Ok(true);
    };
    match words.first().map(String::as_str) {
        None => return Ok(true),
        Some("exit" | "quit" | "lock") => return Ok(false),
        Some("help") => {
            let _ = Line::command().print_help();
            return Ok(true);
        }
        _ => {}
    }
    let command = match Line::try_parse_from(&words) {
        Ok(l) => l.command,
        Err(e) => {
            let _ = e.print();
            return Ok(true);
        }
    };
    if matches!(command, VaultCommand::Shell { .. }) {
        eprintln!("tipbox: already in the shell");
    } else if reads_text_from_stdin(&command) {
        eprintln!("tipbox: in the shell, give the text with --file (or set $EDITOR)");
    } else if let Err(e) = dispatch(v, command) {
        eprintln!("tipbox: {}", crate::text::Untrusted::new(super::message(&e)).terminal());
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(words("list --status new").unwrap(), ["list", "--status", "new"]);
        assert_eq!(
            words(" tag 3 'two words' \"a\\\"b\" c\\ d ").unwrap(),
            ["tag", "3", "two words", "a\"b", "c d"]
        );
        assert_eq!(words("show ''").unwrap(), ["show", ""]);
        assert!(words("show 'open").is_none());
        assert!(words("x \\").is_none());
        assert!(words("   ").unwrap().is_empty());
    }

    #[test]
    fn idle_times() {
        assert_eq!(idle("15").unwrap(), Duration::from_secs(900));
        assert_eq!(idle("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(idle("1h").unwrap(), Duration::from_secs(3600));
        assert!(idle("0").is_err() && idle("9h").is_err() && idle("5d").is_err() && idle("x").is_err());
        assert_eq!(shown(Duration::from_secs(120)), "2 minute(s)");
    }
}
