//! The file-name rule against the audit's corpus, the scripts sources write in, and the
//! deny-list it replaces.

use super::*;

fn refused(name: &str) -> (char, usize, Refusal) {
    match check(name, 255) {
        Err(FileNameError::Refused { ch, position, why }) => (ch, position, why),
        other => panic!("{name:?}: expected a refused character, got {other:?}"),
    }
}

/// The audit's disguises, and their relatives: each refused, naming the right code point.
#[test]
fn the_audit_corpus_is_refused_with_its_code_point() {
    let fillers = format!("invoice.pdf{}.exe", "\u{3164}".repeat(8));
    assert_eq!(refused(&fillers), ('\u{3164}', 11, Refusal::Invisible));
    assert_eq!(refused("\u{2800}\u{2800}.pdf"), ('\u{2800}', 0, Refusal::Invisible));
    assert_eq!(refused("soft\u{AD}\u{34F}.txt"), ('\u{AD}', 4, Refusal::Invisible));
    assert_eq!(refused("cgj\u{34F}.txt"), ('\u{34F}', 3, Refusal::Invisible));
    assert_eq!(refused("line\u{2028}.txt"), ('\u{2028}', 4, Refusal::Invisible));
    assert_eq!(refused("tag\u{E0001}\u{E0020}.txt"), ('\u{E0001}', 3, Refusal::Invisible));
    assert_eq!(refused("tag\u{E0041}\u{E007F}.txt"), ('\u{E0041}', 3, Refusal::Invisible));
    let invisible = [
        '\u{0}',
        '\u{9}',
        '\u{1B}',
        '\u{7F}',
        '\u{85}',
        '\u{9B}', // controls
        '\u{A0}',
        '\u{1680}',
        '\u{2007}',
        '\u{202F}',
        '\u{3000}', // spaces other than U+0020
        '\u{2029}', // paragraph separator
        '\u{61C}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{200E}',
        '\u{202E}',
        '\u{2066}',
        '\u{2061}',
        '\u{FEFF}',
        '\u{FFF9}',
        '\u{1D173}',
        '\u{1BCA0}',
        '\u{E007F}', // format
        '\u{115F}',
        '\u{1160}',
        '\u{FFA0}',
        '\u{17B4}',
        '\u{17B5}',
        '\u{180B}',
        '\u{180F}',
        '\u{FE00}',
        '\u{FE0F}',
        '\u{E0100}',
        '\u{E01EF}', // default-ignorable in allowed categories
        '\u{303F}',
        '\u{1D159}',
        '\u{16FE4}', // blanks
    ];
    for c in invisible {
        let name = format!("a{c}b.txt");
        assert_eq!(refused(&name), (c, 1, Refusal::Invisible), "{}", code_point(c));
    }
    for c in ['\u{E000}', '\u{F0000}', '\u{10FFFD}', '\u{378}', '\u{FDD0}', '\u{FFFF}', '\u{E0080}'] {
        assert_eq!(refused(&format!("a{c}b")), (c, 1, Refusal::Unknown), "{}", code_point(c));
    }
}

#[test]
fn paths_dots_and_lengths_are_refused() {
    assert_eq!(refused("../../etc/passwd"), ('/', 2, Refusal::Path));
    assert_eq!(refused("a\\b.txt"), ('\\', 1, Refusal::Path));
    assert_eq!(check("..", 255), Err(FileNameError::Dots));
    assert_eq!(check(" . ", 255), Err(FileNameError::Dots));
    assert_eq!(check("invoice.exe.", 255), Err(FileNameError::TrailingDot));
    assert_eq!(check(&"x".repeat(255), 255).unwrap().len(), 255);
}

/// A name that is only too long is shortened, keeping its start and its extension.
#[test]
fn long_names_are_shortened_keeping_the_extension() {
    let s = check(&format!("{}.pdf", "报".repeat(300)), 255).unwrap();
    assert_eq!(s.chars().count(), 255);
    assert!(s.starts_with("报报报") && s.ends_with("….pdf"), "{s}");
    let s = check(&"x".repeat(300), 255).unwrap();
    assert_eq!((s.chars().count(), s.ends_with('…')), (255, true));
    // An "extension" too long to be one is not kept.
    let s = check(&format!("a.{}", "y".repeat(300)), 40).unwrap();
    assert_eq!(s.chars().count(), 40);
    assert!(s.starts_with("a.yyy") && s.ends_with('…'), "{s}");
    // The shortened name passes the rule again unchanged.
    assert_eq!(check(&s, 40).unwrap(), s);
    assert_eq!(shorten("tiny.txt", 3), "ti…");
}

/// Ordinary names in the languages of the interface, and a few more, pass unchanged.
#[test]
fn ordinary_names_in_every_script_pass() {
    for name in [
        "photo.jpg",
        "IMG_2024-05-01 (2).JPG",
        "照片 2024.jpg",
        "报告（福州）.pdf",
        "警察局「通知」.docx",
        "سۈرەت.png",
        "ئۇيغۇرچە ھۆججەت.docx",
        "Straße_Übersicht-2024.pdf",
        "l'été à Paris – brouillon.odt",
        "¿Qué pasó? ¡Todo!.txt",
        "perché così.txt",
        "Overzicht – Ĳsselmeer.xlsx",
        "😀 party 🎉.png",
        "№5 résumé (final) [v2] {x} #1 @home ~ $100 € £ ¥ % + = ^ `.txt",
        "Москва.doc",
        "Δοκιμή.txt",
        "हिन्दी.txt",
        "ภาษาไทย.txt",
        "한국어.hwp",
        "ファイル.txt",
        "ខ្មែរ.txt",
        ".env",
    ] {
        assert_eq!(check(name, 255).as_deref(), Ok(name), "{name}");
    }
}

#[test]
fn names_are_stored_in_nfc_without_outer_spaces() {
    assert_eq!(check("e\u{301}.txt", 255).unwrap(), "é.txt");
    // Korean as macOS spells it (decomposed jamo) becomes the syllable.
    assert_eq!(check("\u{1112}\u{1161}\u{11AB}.txt", 255).unwrap(), "한.txt");
    assert_eq!(check("  report.pdf  ", 255).unwrap(), "report.pdf");
    assert_eq!(check("   ", 255).unwrap(), "unnamed");
    assert_eq!(check("", 255).unwrap(), "unnamed");
}

#[test]
fn escaping_makes_every_refused_character_visible() {
    let name = format!("invoice.pdf{}.exe", "\u{3164}".repeat(2));
    assert_eq!(escaped(&name, code_point), "invoice.pdfU+3164U+3164.exe");
    assert_eq!(escaped("a/b\u{202E}c\u{E000}", code_point), "a/bU+202EcU+E000");
    assert_eq!(escaped("照片.jpg", code_point), "照片.jpg");
}

#[test]
fn extensions_ignore_what_windows_drops() {
    assert_eq!(extension("invoice.pdf.exe"), ".exe");
    assert_eq!(extension("invoice.exe."), ".exe");
    assert_eq!(extension("invoice.exe . ."), ".exe");
    assert_eq!(extension("noext"), "");
    assert_eq!(extension(".hidden"), "");
    assert_eq!(extension("a."), "");
}

/// Every character the old deny-list (still used for free text) refuses, the allow-list
/// refuses too: the rule only ever got stricter.
#[test]
fn the_allow_list_covers_the_display_deny_list() {
    let mut allowed = 0usize;
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if refusal(c).is_none() {
            allowed += 1;
            assert!(!crate::text::is_unsafe_for_display(c), "{} is allowed", code_point(c));
        }
    }
    // Sanity: the allow-list is most of Unicode's assigned characters, not a handful.
    assert!(allowed > 150_000, "{allowed}");
}
