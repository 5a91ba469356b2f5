//! Text a keyholder writes (a reply, a note), taken from a file, standard input or an editor:
//! never from a command-line argument, which the shell keeps in its history and every user
//! can read in `ps` while the command runs.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use zeroize::Zeroizing;

/// Largest text read (far above a reply's limit; the vault checks the real one).
const MAX_TEXT: u64 = 4 * 1024 * 1024;

/// Reads the text: from `file` when given; else from standard input when it is not a terminal
/// (a pipe or a redirect); else in `$EDITOR` when set; else typed at the terminal until
/// Ctrl-D. `what` names it in prompts ("reply", "note"); `scratch` is where an editor's file
/// may go when there is no memory-backed `/dev/shm`.
pub fn read_text(file: Option<&Path>, what: &str, scratch: &Path) -> anyhow::Result<Zeroizing<String>> {
    let mut text = Zeroizing::new(String::new());
    if let Some(f) = file {
        let bytes = crate::files::read(f)?;
        *text = String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", f.display()))?;
        return Ok(text);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        stdin.lock().take(MAX_TEXT).read_to_string(&mut text).context("reading standard input")?;
        return Ok(text);
    }
    if let Some(editor) = std::env::var_os("EDITOR").filter(|e| !e.is_empty()) {
        return edit(&editor, what, scratch);
    }
    eprintln!("Type the {what}. End with Ctrl-D on an empty line (Ctrl-C cancels):");
    stdin.lock().take(MAX_TEXT).read_to_string(&mut text).context("reading the terminal")?;
    Ok(text)
}

/// Runs the editor on a private scratch file, in memory (`/dev/shm`) where the system has it,
/// and removes the file afterwards.
fn edit(editor: &std::ffi::OsStr, what: &str, scratch: &Path) -> anyhow::Result<Zeroizing<String>> {
    let shm = Path::new("/dev/shm");
    let dir: PathBuf = if shm.is_dir() { shm.to_path_buf() } else { scratch.to_path_buf() };
    let rand = crate::crypto::hex(&crate::crypto::random_array::<8>().unwrap_or_default());
    let path = dir.join(format!("tipbox-{what}-{rand}.txt"));
    crate::files::write_new(&path, b"")?;
    let status = Command::new(editor).arg(&path).status();
    let read = crate::files::read(&path);
    if let Ok(len) = std::fs::metadata(&path).map(|m| m.len()) {
        // Overwrite before unlinking: on tmpfs that is the end of it.
        let _ = std::fs::write(&path, vec![0u8; usize::try_from(len).unwrap_or(0)]);
    }
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => {}
        _ => bail!("the editor did not finish: nothing was written"),
    }
    Ok(Zeroizing::new(String::from_utf8(read?).context("the text is not UTF-8")?))
}
