//! Text hygiene shared by the server (checking what sources send) and the vault (showing it to
//! keyholders safely).

/// Whether `c` reorders or hides text: bidirectional overrides, embeddings and isolates, the
/// Arabic letter mark, zero-width characters and the BOM. Such characters in a file name can
/// make `invoice\u{202E}fdp.exe` read as `invoiceexe.pdf`.
pub fn is_direction_or_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn tricks() {
        assert!(super::is_direction_or_invisible('\u{202E}'));
        assert!(super::is_direction_or_invisible('\u{200B}'));
        assert!(!super::is_direction_or_invisible('a'));
        assert!(!super::is_direction_or_invisible('ئ'));
    }
}
