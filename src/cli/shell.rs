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

/// Longest line read (a command, not a text: texts come from files or the editor).
const MAX_LINE: usize = 16 * 1024;

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

/// Runs the shell until `exit`, end of input, or the idle time: each other line, split into
/// words, goes to `line` (which runs it on the open vault named `dir`).
pub fn run(dir: &str, idle: Duration, mut line: impl FnMut(Vec<String>)) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        eprintln!(
            "Vault {} unlocked. Type vault commands (`help`, `list`, `show 3`…); `exit` locks it. \
             It locks by itself after {} without a command.",
            dir,
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
        let text = match lines.recv_timeout(idle) {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(_) => {
                eprintln!("\nlocked: {} without a command", shown(idle));
                break;
            }
        };
        let Some(words) = words(text.trim()) else {
            eprintln!("tipbox: a quote is not closed");
            continue;
        };
        match words.first().map(String::as_str) {
            None => {}
            Some("exit" | "quit" | "lock") => break,
            Some(_) => line(words),
        }
    }
    Ok(())
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
        use crate::cli::filters::idle;
        assert_eq!(idle("15").unwrap(), Duration::from_secs(900));
        assert_eq!(idle("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(idle("1h").unwrap(), Duration::from_secs(3600));
        assert!(idle("0").is_err() && idle("9h").is_err() && idle("5d").is_err() && idle("x").is_err());
        assert_eq!(shown(Duration::from_secs(120)), "2 minute(s)");
    }
}
