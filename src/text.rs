//! Text hygiene shared by the server (checking what sources send) and the vault (showing it to
//! keyholders safely).
//!
//! Everything a source wrote, and everything a bundle says, is hostile: it may carry terminal
//! escape sequences (an OSC 52 clipboard write, a line erase), direction overrides that make
//! `invoice\u{202E}fdp.exe` read as `invoiceexe.pdf`, invisible characters, or spreadsheet
//! formulas. Such text lives in an [`Untrusted`], which has no `Display` and no `Deref`: the
//! only ways out are the renderings below, so forgetting to escape does not compile.

use serde::{Deserialize, Serialize};

pub mod filename;

/// Whether `c` reorders or hides text: bidirectional overrides, embeddings, isolates and marks,
/// zero-width and other invisible format characters, fillers that render as blanks, tag
/// characters and the BOM.
pub fn is_direction_or_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Whether `c` must never reach a terminal or a cell as itself: controls (C0, DEL, C1) and the
/// characters of [`is_direction_or_invisible`].
pub fn is_unsafe_for_display(c: char) -> bool {
    c.is_control() || is_direction_or_invisible(c)
}

fn escape_into(out: &mut String, c: char) {
    out.push_str(&format!("\\u{{{:04x}}}", c as u32));
}

/// Text from outside. Its only ways out are [`Untrusted::terminal`], [`Untrusted::line`] and
/// [`Untrusted::csv`] (and [`Untrusted::raw`] for comparing and searching).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Untrusted(String);

impl Untrusted {
    /// Wraps text from outside.
    pub fn new(s: impl Into<String>) -> Self {
        Untrusted(s.into())
    }

    /// For a terminal, several lines allowed: newlines and tabs stay, every other control,
    /// direction or invisible character is shown as `\u{…}`.
    pub fn terminal(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        for c in self.0.chars() {
            if is_unsafe_for_display(c) && c != '\n' && c != '\t' {
                escape_into(&mut out, c);
            } else {
                out.push(c);
            }
        }
        out
    }

    /// For one line (a table cell, a file name): newlines and tabs are escaped too.
    pub fn line(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        for c in self.0.chars() {
            if is_unsafe_for_display(c) {
                escape_into(&mut out, c);
            } else {
                out.push(c);
            }
        }
        out
    }

    /// For a file name: like [`Untrusted::line`], and every character the file-name rule
    /// refuses as invisible or unknown ([`filename::refusal`]) is escaped too, so a name that a
    /// hostile server wrote past the rule shows what it hides.
    pub fn file_name(&self) -> String {
        filename::escaped(&self.line(), |c| {
            let mut out = String::new();
            escape_into(&mut out, c);
            out
        })
    }

    /// For a spreadsheet cell: escaped like [`Untrusted::line`], and a cell a spreadsheet
    /// would evaluate (`=`, `+`, `-`, `@`, and those after leading blanks) is prefixed with `'`.
    pub fn csv(&self) -> String {
        csv_cell(&self.line())
    }

    /// The text itself, for comparing and searching only: never print it.
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Untrusted({:?})", self.line())
    }
}

/// A question's label without its closing question mark or colon (in any script), for a
/// sentence that puts its own separator after it: "What happened: …", not "发生了什么？：".
pub fn label_stem(label: &str) -> &str {
    label.trim_end_matches(['?', '？', '؟', ':', '：'])
}

/// Defuses a cell a spreadsheet would evaluate, for text that is already escaped.
pub fn csv_cell(s: &str) -> String {
    let trimmed = s.trim_start_matches([' ', '\u{a0}', '\u{3000}']);
    if trimmed.starts_with(['=', '+', '-', '@', '\t', '\r', '|', '%']) || trimmed.starts_with("\\u{") {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// Makes serialised JSON safe to print: every control, direction or invisible character still
/// in it (serde escapes only some) becomes a `\uXXXX` escape. The JSON means exactly the same
/// after parsing; only what a terminal would act on is gone. Newlines outside strings (pretty
/// printing) stay.
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe_for_display(c) && c != '\n' {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tricks() {
        assert!(is_direction_or_invisible('\u{202E}'));
        assert!(is_direction_or_invisible('\u{200B}'));
        assert!(is_direction_or_invisible('\u{3164}'));
        assert!(is_direction_or_invisible('\u{E0041}'));
        assert!(!is_direction_or_invisible('a'));
        assert!(!is_direction_or_invisible('ئ'));
    }

    #[test]
    fn renderings() {
        let t = Untrusted::new("a\u{1b}]52;c;ZXZpbA==\u{7}b\nc\u{202E}d\u{9b}2K");
        assert_eq!(t.terminal(), "a\\u{001b}]52;c;ZXZpbA==\\u{0007}b\nc\\u{202e}d\\u{009b}2K");
        assert_eq!(t.line(), "a\\u{001b}]52;c;ZXZpbA==\\u{0007}b\\u{000a}c\\u{202e}d\\u{009b}2K");
        assert_eq!(Untrusted::new("line\nnext\t你好").terminal(), "line\nnext\t你好");
        assert!(t.terminal().chars().all(|c| !is_unsafe_for_display(c) || c == '\n'));
        let name = Untrusted::new("a\u{3164}\u{FE0F}\u{1b}.exe");
        assert_eq!(name.file_name(), "a\\u{3164}\\u{fe0f}\\u{001b}.exe");
    }

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(Untrusted::new("=HYPERLINK(\"x\")").csv(), "'=HYPERLINK(\"x\")");
        assert_eq!(Untrusted::new("  =1+1").csv(), "'  =1+1");
        assert_eq!(Untrusted::new("-1+2").csv(), "'-1+2");
        assert_eq!(Untrusted::new("\t=1").csv(), "'\\u{0009}=1");
        assert_eq!(Untrusted::new("Rotterdam").csv(), "Rotterdam");
    }

    #[test]
    fn json_stays_json_and_becomes_inert() {
        let v = serde_json::json!({"m": "x\u{1b}[2J\u{9b}\u{202e}y\u{E0041}"});
        let text = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_safe(&text);
        assert!(safe.chars().all(|c| !is_unsafe_for_display(c) || c == '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
    }
}
