//! Attachment file names as the forms see them: the rule of [`crate::text::filename`], and the
//! message that tells the source which file to rename and why.
//!
//! The message names the file, because a source who chose five files must know which one to
//! rename. The name is shown with every refused character replaced by its code point
//! (`invoice.pdfU+3164U+3164.exe`), so what the page shows cannot itself hide anything.

use crate::locale::Tr;
use crate::text::filename::{self, FileNameError, Refusal, code_point};
use unicode_normalization::UnicodeNormalization;

/// Characters of a name shown in a message; a longer name keeps its start and its end (where
/// the extension is), with `…` between.
const SHOWN_CHARS: usize = 120;
/// Of those, how many come from the end.
const SHOWN_TAIL: usize = 30;

/// The name to store, or the message to show beside the attachment field.
pub fn check(raw: &str, max_chars: usize, tr: Tr) -> Result<String, String> {
    filename::check(raw, max_chars).map_err(|e| message(raw, &e, tr))
}

/// The message for a refused name, in the page language.
pub fn message(raw: &str, e: &FileNameError, tr: Tr) -> String {
    let name = shown(raw, tr);
    let with_char = |key: &str, ch: char| tr.ta(key, &[("name", name.clone()), ("char", code_point(ch))]);
    match e {
        FileNameError::Refused { why: Refusal::Path, .. } | FileNameError::Dots => {
            tr.ta("err-filename-path", &[("name", name.clone())])
        }
        FileNameError::Refused { ch, why: Refusal::Invisible, .. } => {
            with_char("err-filename-invisible", *ch)
        }
        FileNameError::Refused { ch, why: Refusal::Unknown, .. } => with_char("err-filename-unknown", *ch),
        FileNameError::TrailingDot => tr.ta("err-filename-dot", &[("name", name.clone())]),
    }
}

/// The name as a message shows it: normalised like the stored form, refused characters as
/// `U+XXXX`, shortened in the middle when long. In left-to-right pages it is wrapped in a
/// first-strong isolate, so that a right-to-left name cannot reorder the sentence around it
/// (Fluent isolates arguments of right-to-left pages itself).
fn shown(raw: &str, tr: Tr) -> String {
    let nfc: String = raw.nfc().collect();
    let pieces: Vec<String> = nfc
        .trim_matches(' ')
        .chars()
        .map(|c| filename::escaped(c.encode_utf8(&mut [0; 4]), code_point))
        .collect();
    let text = if pieces.len() > SHOWN_CHARS {
        let head = pieces[..SHOWN_CHARS - SHOWN_TAIL].concat();
        format!("{head}…{}", pieces[pieces.len() - SHOWN_TAIL..].concat())
    } else {
        pieces.concat()
    };
    if tr.lang().rtl { text } else { format!("\u{2068}{text}\u{2069}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Tr {
        Tr::default()
    }

    #[test]
    fn messages_name_the_file_with_refused_characters_escaped() {
        let fillers = format!("invoice.pdf{}.exe", "\u{3164}".repeat(8));
        let m = check(&fillers, 255, en()).unwrap_err();
        assert!(m.contains(&format!("invoice.pdf{}.exe", "U+3164".repeat(8))), "{m}");
        assert!(m.contains("invisible") && m.contains("(U+3164)"), "{m}");
        assert!(!m.contains('\u{3164}'), "{m}");
        let m = check("a/b.jpg", 255, en()).unwrap_err();
        assert!(m.contains("a/b.jpg"), "{m}");
        let m = check("x\u{E000}.txt", 255, en()).unwrap_err();
        assert!(m.contains("xU+E000.txt") && m.contains("(U+E000)"), "{m}");
        let m = check("invoice.exe.", 255, en()).unwrap_err();
        assert!(m.contains("invoice.exe."), "{m}");
        assert_eq!(check("photo.jpg", 255, en()).unwrap(), "photo.jpg");
    }

    #[test]
    fn long_names_are_shown_by_their_start_and_extension() {
        let long = format!("{}\u{202E}.exe", "x".repeat(300));
        let m = check(&long, 255, en()).unwrap_err();
        assert!(m.contains("…") && m.contains("xxxU+202E.exe"), "{m}");
        assert!(m.chars().count() < 300, "{m}");
        assert_eq!(check(&format!("{}.jpg", "x".repeat(300)), 255, en()).unwrap().chars().count(), 255);
    }

    #[test]
    fn every_language_names_the_file_and_the_character() {
        for l in crate::locale::LANGS {
            let tr = Tr::for_tag(l.tag).unwrap();
            for (name, needle) in [
                ("a\u{2800}.pdf", "U+2800"),
                ("a\u{F0000}.pdf", "U+F0000"),
                ("a\\b", "a\\b"),
                ("b.", "b."),
                (&format!("{}\u{2800}", "y".repeat(300)), "yyy"),
            ] {
                let m = check(name, 255, tr).unwrap_err();
                assert!(m.contains(needle), "{}: {m}", l.tag);
                assert!(!m.contains("Unknown localization"), "{}: {m}", l.tag);
            }
        }
    }
}
