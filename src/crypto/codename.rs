//! Codenames: eight words from a BIP39 word list (2048 words, 11 bits each: 88 bits).
//!
//! What identifies a source is the *canonical* codename, the eight word indices. The words are
//! only how a person carries it, so a codename drawn in Chinese can be typed back in Chinese with
//! or without spaces, in simplified or traditional characters, and one drawn in French works
//! without its accents. Parsing normalises (NFKD, lower case, no combining marks, any
//! whitespace or common separators) and returns every language reading in which all eight words
//! are known; login tries each (there is almost always exactly one).
//!
//! A codename is a secret: the type zeroizes on drop and has no `Debug`.

use std::collections::HashMap;
use std::sync::OnceLock;

use bip39::Language as Bip39;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
use zeroize::Zeroizing;

/// Words in a codename.
pub const WORDS: usize = 8;

/// Most language readings of one typed codename that login will try. Each costs one argon2
/// run; a real codename essentially never has more than one.
pub const MAX_CANDIDATES: usize = 3;

/// Word lists a codename can be drawn from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WordList {
    /// BIP39 English.
    English,
    /// BIP39 Chinese (simplified).
    ChineseSimplified,
    /// BIP39 Chinese (traditional).
    ChineseTraditional,
    /// BIP39 Spanish.
    Spanish,
    /// BIP39 French.
    French,
    /// BIP39 Italian.
    Italian,
    /// BIP39 Portuguese.
    Portuguese,
    /// BIP39 Czech.
    Czech,
}

impl WordList {
    /// Every list, in the order parsing tries them.
    pub const ALL: [WordList; 8] = [
        WordList::English,
        WordList::ChineseSimplified,
        WordList::ChineseTraditional,
        WordList::Spanish,
        WordList::French,
        WordList::Italian,
        WordList::Portuguese,
        WordList::Czech,
    ];

    /// The list for a page language (a BCP 47 tag such as `zh-Hans`), English where BIP39 has
    /// no list for that language.
    pub fn for_language(tag: &str) -> WordList {
        let lower = tag.to_ascii_lowercase();
        match lower.as_str() {
            "zh-hans" | "zh-cn" | "zh-sg" | "zh" => WordList::ChineseSimplified,
            "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" => WordList::ChineseTraditional,
            _ => match lower.split('-').next().unwrap_or("") {
                "es" => WordList::Spanish,
                "fr" => WordList::French,
                "it" => WordList::Italian,
                "pt" => WordList::Portuguese,
                "cs" => WordList::Czech,
                _ => WordList::English,
            },
        }
    }

    fn bip39(self) -> Bip39 {
        match self {
            WordList::English => Bip39::English,
            WordList::ChineseSimplified => Bip39::SimplifiedChinese,
            WordList::ChineseTraditional => Bip39::TraditionalChinese,
            WordList::Spanish => Bip39::Spanish,
            WordList::French => Bip39::French,
            WordList::Italian => Bip39::Italian,
            WordList::Portuguese => Bip39::Portuguese,
            WordList::Czech => Bip39::Czech,
        }
    }

    /// The lists a source may choose on the form: those of the interface's languages. A
    /// language without a list of its own (Uyghur, German, Dutch) offers these, so that a
    /// source takes the script they can write down and type back (README, "Codenames").
    pub const fn offered() -> &'static [WordList] {
        &[
            WordList::English,
            WordList::ChineseSimplified,
            WordList::ChineseTraditional,
            WordList::Spanish,
            WordList::French,
            WordList::Italian,
        ]
    }

    /// The language tag of the list (the form's `words` value, the codename's `lang`).
    pub fn tag(self) -> &'static str {
        match self {
            WordList::ChineseSimplified => "zh-Hans",
            WordList::ChineseTraditional => "zh-Hant",
            WordList::Spanish => "es",
            WordList::French => "fr",
            WordList::Italian => "it",
            WordList::Portuguese => "pt",
            WordList::Czech => "cs",
            WordList::English => "en",
        }
    }

    /// The list a form chose (`words`), or the page language's when none was chosen.
    pub fn chosen(words: &str, page_tag: &str) -> WordList {
        WordList::offered()
            .iter()
            .copied()
            .find(|l| l.tag() == words)
            .unwrap_or_else(|| Self::for_language(page_tag))
    }

    /// The 2048 words.
    pub fn words(self) -> &'static [&'static str; 2048] {
        self.bip39().word_list()
    }

    fn index(self) -> &'static HashMap<String, u16> {
        static MAPS: OnceLock<Vec<HashMap<String, u16>>> = OnceLock::new();
        let maps = MAPS.get_or_init(|| {
            WordList::ALL
                .iter()
                .map(|l| l.words().iter().zip(0u16..).map(|(w, i)| (normalise_word(w), i)).collect())
                .collect()
        });
        let pos = WordList::ALL.iter().position(|l| *l == self).unwrap_or(0);
        &maps[pos]
    }

    fn is_cjk(self) -> bool {
        matches!(self, WordList::ChineseSimplified | WordList::ChineseTraditional)
    }
}

/// A canonical codename: eight word indices in `0..2048`.
#[derive(Clone)]
pub struct Codename {
    indices: Zeroizing<[u16; WORDS]>,
}

impl Codename {
    /// Draws a fresh codename from the OS random generator.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut raw = Zeroizing::new([0u8; 2 * WORDS]);
        super::random_bytes(raw.as_mut())?;
        let mut indices = Zeroizing::new([0u16; WORDS]);
        for (i, pair) in raw.chunks_exact(2).enumerate() {
            // 2048 divides 65536, so masking keeps the distribution uniform.
            indices[i] = u16::from_be_bytes([pair[0], pair[1]]) & 0x07FF;
        }
        Ok(Self { indices })
    }

    /// Builds a codename from indices (each must be below 2048).
    pub fn from_indices(indices: [u16; WORDS]) -> Option<Self> {
        indices.iter().all(|i| *i < 2048).then(|| Self { indices: Zeroizing::new(indices) })
    }

    /// The bytes fed to argon2: a version tag and the indices, big-endian.
    pub fn canonical_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(16 + 2 * WORDS));
        out.extend_from_slice(b"tipbox-codename1");
        for i in self.indices.iter() {
            out.extend_from_slice(&i.to_be_bytes());
        }
        out
    }

    /// The words, space-separated, in `list`.
    pub fn render(&self, list: WordList) -> Zeroizing<String> {
        let words = list.words();
        let mut s = Zeroizing::new(String::new());
        for (n, i) in self.indices.iter().enumerate() {
            if n > 0 {
                s.push(' ');
            }
            s.push_str(words[usize::from(*i)]);
        }
        s
    }

    /// Every reading of `input` as a codename, best first (`preferred` is tried first).
    ///
    /// Empty when no word list knows all eight words. At most [`MAX_CANDIDATES`].
    pub fn parse(input: &str, preferred: WordList) -> Vec<Codename> {
        let tokens = tokenize(input);
        let mut out: Vec<Codename> = Vec::new();
        let order = std::iter::once(preferred).chain(WordList::ALL.into_iter().filter(|l| *l != preferred));
        for list in order {
            let words: Vec<&str> = if list.is_cjk() {
                tokens.iter().flat_map(|t| split_cjk(t)).collect()
            } else {
                tokens.iter().map(String::as_str).collect()
            };
            if words.len() != WORDS {
                continue;
            }
            let map = list.index();
            let mut idx = Zeroizing::new([0u16; WORDS]);
            let mut ok = true;
            for (slot, w) in idx.iter_mut().zip(&words) {
                match map.get(*w) {
                    Some(i) => *slot = *i,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && !out.iter().any(|c| *c.indices == *idx) {
                out.push(Codename { indices: idx });
                if out.len() == MAX_CANDIDATES {
                    break;
                }
            }
        }
        out
    }
}

/// Why typed words are not a codename, as far as the public word lists can tell (a phrase of
/// eight list words that is nobody's codename gets no diagnosis: the store decides that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// The number of words is not [`WORDS`].
    Count(usize),
    /// The word at this 1-based position is in no word list.
    UnknownWord(usize),
}

impl Codename {
    /// What is wrong with `input`, judged against the list that matches it best (the preferred
    /// list first). `None` when some list reads it as a codename.
    pub fn diagnose(input: &str, preferred: WordList) -> Option<Mistake> {
        let tokens = tokenize(input);
        let order = std::iter::once(preferred).chain(WordList::ALL.into_iter().filter(|l| *l != preferred));
        let mut best: Option<(usize, usize)> = None; // (known words, first unknown position)
        let mut count = None;
        for list in order {
            let words: Vec<&str> = if list.is_cjk() {
                tokens.iter().flat_map(|t| split_cjk(t)).collect()
            } else {
                tokens.iter().map(String::as_str).collect()
            };
            count.get_or_insert(words.len());
            if words.len() != WORDS {
                continue;
            }
            let map = list.index();
            let known = words.iter().filter(|w| map.contains_key(**w)).count();
            // Every word known: some list reads it, nothing to say.
            let first = words.iter().position(|w| !map.contains_key(*w))?;
            if best.is_none_or(|(k, _)| known > k) {
                best = Some((known, first + 1));
            }
        }
        match best {
            Some((_, pos)) => Some(Mistake::UnknownWord(pos)),
            None => Some(Mistake::Count(count.unwrap_or(0))),
        }
    }
}

/// NFKD, lower case, combining marks removed.
fn normalise_word(w: &str) -> String {
    w.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '-' | '_' | '/' | '、' | '。' | '·' | '・')
}

/// Splits normalised input into word tokens.
fn tokenize(input: &str) -> Zeroizing<Vec<String>> {
    let norm = Zeroizing::new(normalise_word(input));
    Zeroizing::new(norm.split(is_separator).filter(|t| !t.is_empty()).map(str::to_owned).collect())
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A run of Han characters typed without spaces is one word per character.
fn split_cjk(token: &str) -> Vec<&str> {
    if token.chars().count() > 1 && token.chars().all(is_han) {
        token.char_indices().map(|(i, c)| &token[i..i + c.len_utf8()]).collect()
    } else {
        vec![token]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mistakes_are_named_by_position_or_count() {
        let en = WordList::English;
        let good = "abandon ability able about above absent absorb abstract";
        assert_eq!(Codename::diagnose(good, en), None);
        assert_eq!(
            Codename::diagnose("abandon ability xqzzy about above absent absorb abstract", en),
            Some(Mistake::UnknownWord(3))
        );
        assert_eq!(
            Codename::diagnose("abandon ability able about above absent absorb", en),
            Some(Mistake::Count(7))
        );
        assert_eq!(Codename::diagnose("", en), Some(Mistake::Count(0)));
        // Chinese typed without spaces counts characters as words.
        let zh = Codename::generate().unwrap().render(WordList::ChineseSimplified).replace(' ', "");
        assert_eq!(Codename::diagnose(&zh, WordList::ChineseSimplified), None);
        let short: String = zh.chars().take(6).collect();
        assert_eq!(Codename::diagnose(&short, WordList::ChineseSimplified), Some(Mistake::Count(6)));
    }

    use super::*;
    use proptest::prelude::*;

    fn same(a: &Codename, b: &Codename) -> bool {
        *a.indices == *b.indices
    }

    #[test]
    fn lists_are_unambiguous_after_normalisation() {
        for list in WordList::ALL {
            assert_eq!(list.index().len(), 2048, "{list:?} has words that normalise alike");
        }
    }

    #[test]
    fn round_trip_every_list() {
        for list in WordList::ALL {
            let c = Codename::generate().unwrap();
            let text = c.render(list);
            let parsed = Codename::parse(&text, list);
            assert!(same(&parsed[0], &c), "{list:?}");
        }
    }

    #[test]
    fn whitespace_case_and_separators_are_normalised() {
        let c = Codename::from_indices([0, 1, 2, 3, 2044, 2045, 2046, 2047]).unwrap();
        let text = c.render(WordList::English).to_uppercase();
        let messy = format!("  {}\n", text.replace(' ', " ,\t "));
        assert!(same(&Codename::parse(&messy, WordList::English)[0], &c));
    }

    #[test]
    fn chinese_without_spaces_full_width_and_either_script() {
        let c = Codename::from_indices([5, 77, 300, 1000, 1500, 2000, 42, 7]).unwrap();
        let hans = c.render(WordList::ChineseSimplified);
        let joined: String = hans.split(' ').collect();
        assert!(same(&Codename::parse(&joined, WordList::English)[0], &c));
        let full_width = hans.replace(' ', "\u{3000}");
        assert!(same(&Codename::parse(&full_width, WordList::English)[0], &c));
        let hant: String = c.render(WordList::ChineseTraditional).split(' ').collect();
        assert!(Codename::parse(&hant, WordList::English).iter().any(|p| same(p, &c)));
    }

    #[test]
    fn accents_are_optional() {
        let c = Codename::from_indices([10, 20, 30, 40, 50, 60, 70, 80]).unwrap();
        let fr = c.render(WordList::French);
        let plain: String = fr.nfkd().filter(|ch| !is_combining_mark(*ch)).collect();
        assert!(Codename::parse(&plain, WordList::English).iter().any(|p| same(p, &c)));
    }

    #[test]
    fn wrong_shapes_are_rejected() {
        assert!(Codename::parse("", WordList::English).is_empty());
        assert!(Codename::parse("abandon ability able", WordList::English).is_empty());
        assert!(
            Codename::parse("abandon ability able about above absent absorb notaword", WordList::English)
                .is_empty()
        );
        let nine = "abandon ability able about above absent absorb abstract absurd";
        assert!(Codename::parse(nine, WordList::English).is_empty());
    }

    #[test]
    fn for_language_maps_tags() {
        assert_eq!(WordList::for_language("zh-Hans"), WordList::ChineseSimplified);
        assert_eq!(WordList::for_language("zh-TW"), WordList::ChineseTraditional);
        assert_eq!(WordList::for_language("fr"), WordList::French);
        assert_eq!(WordList::for_language("ug"), WordList::English);
        assert_eq!(WordList::for_language("de"), WordList::English);
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,200}") {
            let _ = Codename::parse(&s, WordList::English);
        }

        #[test]
        fn render_parse_round_trip(idx in proptest::array::uniform8(0u16..2048), l in 0usize..8) {
            let list = WordList::ALL[l];
            let c = Codename::from_indices(idx).unwrap();
            let parsed = Codename::parse(&c.render(list), list);
            prop_assert!(same(&parsed[0], &c));
        }
    }
}
