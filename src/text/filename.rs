//! The rule for attachment file names, by allow-list: shared by the server (which refuses a
//! name that breaks it) and the vault (which shows a hostile name with every refused character
//! escaped).
//!
//! A deny-list of "bad" characters is always one character short: an audit disguised an
//! extension with eight HANGUL FILLERs (`invoice.pdf` + U+3164 × 8 + `.exe`), with BRAILLE
//! PATTERN BLANK, soft hyphens and tag characters. So a name may hold only characters that are
//! *seen*: letters, marks, numbers, punctuation and symbols (Unicode general categories L, M,
//! N, P, S) and the plain space U+0020. Controls, format characters, private use, surrogates,
//! unassigned code points, line and paragraph separators and every other space are refused, and
//! so is every character of an allowed category that renders as nothing or as a blank: the
//! whole Default_Ignorable_Code_Point property (fillers, variation selectors, the combining
//! grapheme joiner…) and the blanks of [`BLANKS`].
//!
//! Names are NFC-normalised before they are checked, and stored in that form, so that one name
//! has one spelling ("e\u{301}.txt" is stored as "é.txt").

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;

/// Characters of an allowed category that render as a blank in common fonts, and are not
/// Default_Ignorable (those are refused by property): BRAILLE PATTERN BLANK (So), IDEOGRAPHIC
/// HALF FILL SPACE (So), MUSICAL SYMBOL NULL NOTEHEAD (So) and KHITAN SMALL SCRIPT FILLER (Mn).
pub const BLANKS: &[char] = &['\u{2800}', '\u{303F}', '\u{1D159}', '\u{16FE4}'];

/// Why a character is refused in a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `/` or `\`: the name would be a path.
    Path,
    /// Shows nothing or a blank: controls, format characters, separators, spaces other than
    /// U+0020, default-ignorable characters and [`BLANKS`].
    Invisible,
    /// Private use, surrogate or unassigned: nobody knows how it renders.
    Unknown,
}

/// Why a file name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileNameError {
    /// A character the rule refuses.
    #[error("{} at character {} is not allowed in a file name ({why:?})", code_point(*ch), position + 1)]
    Refused {
        /// The character.
        ch: char,
        /// Its index in the (normalised, trimmed) name, counted in characters from 0.
        position: usize,
        /// Which part of the rule refuses it.
        why: Refusal,
    },
    /// `.` or `..`: a directory, not a name.
    #[error("“.” and “..” are directories, not file names")]
    Dots,
    /// Ends with a dot, which Windows drops on saving: `invoice.exe.` would look typeless and
    /// become `invoice.exe`.
    #[error("the file name ends with a dot")]
    TrailingDot,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::Path => "a path separator",
            Refusal::Invisible => "an invisible character",
            Refusal::Unknown => "an unassigned or private-use character",
        })
    }
}

/// `U+3164`: how a refused character is named to people.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Why `c` may not appear in a file name, or `None` when it may.
pub fn refusal(c: char) -> Option<Refusal> {
    use GeneralCategory as G;
    if c == ' ' {
        return None;
    }
    if c == '/' || c == '\\' {
        return Some(Refusal::Path);
    }
    let seen = match CodePointMapData::<GeneralCategory>::new().get(c) {
        G::PrivateUse | G::Surrogate | G::Unassigned => return Some(Refusal::Unknown),
        G::Control | G::Format | G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator => false,
        // Letters, marks, numbers, punctuation and symbols: the allow-list.
        _ => true,
    };
    let blank = CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c) || BLANKS.contains(&c);
    if seen && !blank { None } else { Some(Refusal::Invisible) }
}

/// Checks a file name as a source's browser sent it, and returns the form to store: NFC,
/// without leading or trailing U+0020 (which show nothing), `unnamed` when nothing is left,
/// and shortened to `max_chars` (see [`shorten`]) when it is only too long: a long name hides
/// nothing, so refusing it would only cost the source a rename on a phone.
pub fn check(name: &str, max_chars: usize) -> Result<String, FileNameError> {
    let name: String = name.nfc().collect();
    let name = name.trim_matches(' ');
    if name.is_empty() {
        return Ok("unnamed".into());
    }
    for (position, ch) in name.chars().enumerate() {
        if let Some(why) = refusal(ch) {
            return Err(FileNameError::Refused { ch, position, why });
        }
    }
    if name == "." || name == ".." {
        return Err(FileNameError::Dots);
    }
    if name.ends_with('.') {
        return Err(FileNameError::TrailingDot);
    }
    Ok(shorten(name, max_chars))
}

/// Longest extension kept whole when a name is shortened (`.docx`, `.tar.gz` keeps `.gz`).
const KEPT_EXTENSION: usize = 16;

/// `name` cut to at most `max_chars` characters: the start, `…`, and the extension, so that
/// the keyholder still sees what kind of file it claims to be. Names that fit are unchanged.
pub fn shorten(name: &str, max_chars: usize) -> String {
    let chars = name.chars().count();
    if chars <= max_chars {
        return name.to_owned();
    }
    let ext = extension(name);
    let ext_chars = ext.chars().count();
    let keep_ext = ext_chars <= KEPT_EXTENSION && ext_chars + 2 <= max_chars;
    let tail = if keep_ext { ext } else { "" };
    let head_chars = max_chars.saturating_sub(tail.chars().count() + 1);
    let head: String = name.chars().take(head_chars).collect();
    // The cut may leave a space or a dot before the ellipsis; neither hides anything.
    format!("{head}…{tail}")
}

/// `name` with every character that [`refusal`] calls invisible or unknown replaced by
/// `escape(c)`, so that what is shown cannot itself hide anything. Path separators stay: they
/// are visible.
pub fn escaped(name: &str, escape: impl Fn(char) -> String) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match refusal(c) {
            Some(Refusal::Invisible | Refusal::Unknown) => out.push_str(&escape(c)),
            _ => out.push(c),
        }
    }
    out
}

/// The final extension (`.exe` of `invoice.pdf.exe`), or empty. Trailing dots and spaces are
/// ignored as Windows ignores them, so `invoice.exe. .` still shows `.exe`.
pub fn extension(name: &str) -> &str {
    let name = name.trim_end_matches(['.', ' ']);
    match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => &name[i..],
        _ => "",
    }
}

#[cfg(test)]
mod tests;
