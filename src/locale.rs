//! The one message lookup every user-visible string goes through (Fluent, compiled in).
//!
//! Handlers never hold English text: they name a message key, and [`Tr`] renders it in the
//! page language. The language is chosen without JavaScript: `?lang=` on any URL, else the
//! browser's `Accept-Language`, else English.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

mod numbers;

static_loader! {
    static LOCALES = {
        locales: "./src/i18n",
        fallback_language: "en",
        // Arguments (the organisation's name, numbers, dates) inside right-to-left text are
        // wrapped in U+2068/U+2069 isolates so they keep their own direction; left-to-right
        // languages do without the invisible marks.
        customise: |bundle| {
            let rtl = bundle.locales.first().is_some_and(|l| RTL_LANGUAGES.contains(&l.language.as_str()));
            bundle.set_use_isolating(rtl)
        },
    };
}

/// A language of the source interface.
#[derive(Debug)]
pub struct Lang {
    /// BCP 47 tag, also the `?lang=` value and the `src/i18n/<tag>/` directory.
    pub tag: &'static str,
    /// The language's name in itself.
    pub name: &'static str,
    /// Written right to left.
    pub rtl: bool,
}

/// Primary language subtags written right to left.
const RTL_LANGUAGES: &[&str] = &["ug", "ar", "fa", "he", "ur"];

/// Every language, in the order pages list them: English, the languages of the people the tip
/// line is for, then the languages of the countries they live in.
pub static LANGS: &[Lang] = &[
    Lang { tag: "en", name: "English", rtl: false },
    Lang { tag: "zh-Hans", name: "中文（简体）", rtl: false },
    Lang { tag: "zh-Hant", name: "中文（繁體）", rtl: false },
    Lang { tag: "ug", name: "ئۇيغۇرچە", rtl: true },
    Lang { tag: "de", name: "Deutsch", rtl: false },
    Lang { tag: "es", name: "Español", rtl: false },
    Lang { tag: "fr", name: "Français", rtl: false },
    Lang { tag: "it", name: "Italiano", rtl: false },
    Lang { tag: "nl", name: "Nederlands", rtl: false },
];

fn ids() -> &'static [LanguageIdentifier] {
    static IDS: OnceLock<Vec<LanguageIdentifier>> = OnceLock::new();
    IDS.get_or_init(|| {
        LANGS.iter().map(|l| l.tag.parse().unwrap_or_else(|_| unic_langid::langid!("en"))).collect()
    })
}

/// A translator bound to one language. Cheap to copy.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tr {
    idx: usize,
}

impl Tr {
    /// The translator for an exact tag from [`LANGS`].
    pub fn for_tag(tag: &str) -> Option<Tr> {
        LANGS.iter().position(|l| l.tag.eq_ignore_ascii_case(tag)).map(|idx| Tr { idx })
    }

    /// The language.
    pub fn lang(&self) -> &'static Lang {
        &LANGS[self.idx]
    }

    /// `lang` attribute value.
    pub fn tag(&self) -> &'static str {
        self.lang().tag
    }

    /// `dir` attribute value.
    pub fn dir(&self) -> &'static str {
        if self.lang().rtl { "rtl" } else { "ltr" }
    }

    /// A message.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&ids()[self.idx], key)
    }

    /// A message, or `None` when no language (not even English) has `key`.
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&ids()[self.idx], key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.ta(key, &[(name, value.to_string())])
    }

    /// A message with arguments.
    pub fn ta(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.lookup_with_args(&ids()[self.idx], key, &map)
    }

    /// A count as the language writes it (`100,000`, `100.000`).
    /// (Takes a reference too, as templates pass one.)
    pub fn number(&self, n: impl std::borrow::Borrow<usize>) -> String {
        numbers::number(self.tag(), *n.borrow() as u64)
    }

    /// A size in bytes as the language writes it (`524 MB`, `524 Mo`), never rounded up.
    pub fn size(&self, bytes: u64) -> String {
        numbers::size(self.tag(), bytes)
    }

    /// `?lang=<tag>`, appended to every internal link and form action.
    pub fn q(&self) -> String {
        format!("?lang={}", self.tag())
    }

    /// Picks the language: a known `?lang=` wins, then `Accept-Language`, then English.
    pub fn negotiate(query_lang: Option<&str>, accept_language: Option<&str>) -> Tr {
        if let Some(t) = query_lang.and_then(Tr::for_tag) {
            return t;
        }
        if let Some(header) = accept_language {
            let mut prefs: Vec<(f32, &str)> = header
                .split(',')
                .filter_map(|part| {
                    let mut it = part.trim().split(';');
                    let tag = it.next()?.trim();
                    let q = it
                        .find_map(|p| p.trim().strip_prefix("q="))
                        .and_then(|q| q.parse::<f32>().ok())
                        .unwrap_or(1.0);
                    (!tag.is_empty() && q > 0.0).then_some((q, tag))
                })
                .take(16)
                .collect();
            prefs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            for (_, tag) in prefs {
                if let Some(t) = Tr::for_tag(&map_tag(tag)) {
                    return t;
                }
            }
        }
        Tr::default()
    }
}

/// A questionnaire [`Text`](crate::model::questions::Text) in `tr`'s language (a built-in key through the translations).
pub fn text(tr: Tr, t: &crate::model::questions::Text) -> String {
    t.get(tr.tag(), |_, key| tr.t(key))
}

/// A questionnaire [`Text`](crate::model::questions::Text) in English: what documents record and the vault shows.
pub fn english(t: &crate::model::questions::Text) -> String {
    text(Tr::default(), t)
}

/// Maps a browser tag onto ours: Chinese by region or script, others by primary language.
fn map_tag(tag: &str) -> String {
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if primary == "zh" {
        let hant = rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
        return if hant { "zh-Hant".into() } else { "zh-Hans".into() };
    }
    primary.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_messages_resolve() {
        let tr = Tr::default();
        assert_eq!(tr.tag(), "en");
        assert!(tr.t("landing-title").contains("Report"));
        assert!(tr.t1("err-too-long", "max", 200).contains("200"));
    }

    #[test]
    fn negotiation_by_query_header_and_fallback() {
        assert_eq!(Tr::negotiate(Some("ug"), Some("fr")).tag(), "ug", "query wins");
        assert_eq!(Tr::negotiate(Some("zh-hant"), None).tag(), "zh-Hant", "tags are case-insensitive");
        assert_eq!(Tr::negotiate(None, Some("zh-CN,zh;q=0.9,en;q=0.8")).tag(), "zh-Hans");
        assert_eq!(Tr::negotiate(None, Some("zh-TW")).tag(), "zh-Hant");
        assert_eq!(Tr::negotiate(None, Some("zh-HK, en;q=0.5")).tag(), "zh-Hant");
        assert_eq!(Tr::negotiate(None, Some("zh-MO")).tag(), "zh-Hant");
        assert_eq!(Tr::negotiate(None, Some("zh-SG")).tag(), "zh-Hans");
        assert_eq!(Tr::negotiate(None, Some("ja, de-AT;q=0.7, fr;q=0.8")).tag(), "fr", "quality order");
        assert_eq!(Tr::negotiate(None, Some("ug-CN")).tag(), "ug");
        assert_eq!(Tr::negotiate(Some("xx"), Some("nl-BE")).tag(), "nl", "unknown query falls through");
        assert_eq!(Tr::negotiate(None, Some("ja, ko")).tag(), "en");
        assert_eq!(Tr::negotiate(None, Some("de;q=0")).tag(), "en", "q=0 means not acceptable");
        assert_eq!(Tr::for_tag("ug").unwrap().dir(), "rtl");
        assert_eq!(Tr::for_tag("zh-Hans").unwrap().dir(), "ltr");
    }

    #[test]
    fn every_language_resolves_with_isolated_arguments_only_when_rtl() {
        for l in LANGS {
            let tr = Tr::for_tag(l.tag).unwrap();
            let s = tr.t1("landing-intro", "org", "ACME");
            assert!(s.contains("ACME"), "{}", l.tag);
            assert_eq!(s.contains('\u{2068}'), l.rtl, "{}: isolation marks", l.tag);
            assert!(!tr.t("landing-title").starts_with("Unknown localization"), "{}", l.tag);
        }
        assert_eq!(Tr::for_tag("de").unwrap().t("country-NL"), "Niederlande");
    }

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// `key → placeholders` of one .ftl file (single-line messages, as all of ours are).
    fn messages(path: &Path) -> BTreeMap<String, BTreeSet<String>> {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(" = ")
                .unwrap_or_else(|| panic!("{}:{}: not `key = value`", path.display(), n + 1));
            let mut vars = BTreeSet::new();
            let mut rest = value;
            while let Some(i) = rest.find("{ $") {
                let after = &rest[i + 3..];
                let end = after
                    .find(" }")
                    .unwrap_or_else(|| panic!("{}:{}: unclosed placeholder", path.display(), n + 1));
                vars.insert(after[..end].to_owned());
                rest = &after[end..];
            }
            assert!(out.insert(key.to_owned(), vars).is_none(), "{}: {key} twice", path.display());
        }
        out
    }

    /// Every language has exactly English's keys, with the same placeholders.
    #[test]
    fn translations_are_complete() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n");
        let dirs: BTreeSet<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let tags: BTreeSet<String> = LANGS.iter().map(|l| l.tag.to_owned()).collect();
        assert_eq!(dirs, tags, "src/i18n directories and LANGS differ");
        for file in ["main.ftl", "countries.ftl", "questions.ftl"] {
            let en = messages(&root.join("en").join(file));
            for l in LANGS.iter().filter(|l| l.tag != "en") {
                let other = messages(&root.join(l.tag).join(file));
                let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
                let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
                assert!(missing.is_empty(), "{}/{file} misses {missing:?}", l.tag);
                assert!(extra.is_empty(), "{}/{file} has keys English lacks: {extra:?}", l.tag);
                for (k, vars) in &en {
                    assert_eq!(&other[k], vars, "{}/{file}: placeholders of {k} differ", l.tag);
                }
            }
        }
    }

    /// The desk's words exist in exactly the desk's languages, with English's keys and
    /// placeholders.
    #[test]
    fn desk_translations_are_complete() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n");
        let en = messages(&root.join("en/desk.ftl"));
        for l in LANGS {
            let path = root.join(l.tag).join("desk.ftl");
            assert_eq!(path.exists(), crate::desk::LANGS.contains(&l.tag), "{}", path.display());
            if l.tag == "en" || !path.exists() {
                continue;
            }
            let other = messages(&path);
            assert_eq!(other.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "{}", l.tag);
            for (k, vars) in &en {
                assert_eq!(&other[k], vars, "{}/desk.ftl: placeholders of {k} differ", l.tag);
            }
        }
    }

    /// Every message key the code and templates name exists in English.
    #[test]
    fn every_used_key_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut en = messages(&root.join("src/i18n/en/main.ftl"));
        en.extend(messages(&root.join("src/i18n/en/countries.ftl")));
        en.extend(messages(&root.join("src/i18n/en/questions.ftl")));
        let mut sources = vec![];
        for f in ["desk.ftl", "charts.ftl"] {
            en.extend(messages(&root.join("src/i18n/en").join(f)));
        }
        for dir in [
            "src/server",
            "src/server/routes",
            "src/server/form",
            "src/server/templates",
            "src/desk",
            "src/desk/templates",
        ] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    sources.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut used = BTreeSet::new();
        for src in &sources {
            for call in [".t(\"", ".t1(\"", ".ta(\"", ".try_t(\""] {
                for part in src.split(call).skip(1) {
                    if let Some(end) = part.find('"') {
                        used.insert(part[..end].to_owned());
                    }
                }
            }
        }
        for f in [
            "error-400",
            "error-403",
            "error-404",
            "error-405",
            "error-408",
            "error-413",
            "error-429",
            "error-500",
            "error-503",
            "error-507",
        ] {
            used.insert(f.to_owned());
        }
        for r in crate::bundle::document::ROLES {
            used.insert(format!("role-{r}"));
        }
        for i in crate::bundle::document::INCIDENTS {
            used.insert(format!("incident-{i}"));
        }
        // The desk names its error and notice keys as plain literals too.
        for src in &sources {
            for part in src.split("\"desk-").skip(1) {
                if let Some(end) = part.find('"') {
                    used.insert(format!("desk-{}", &part[..end]));
                }
            }
        }
        used.retain(|k| !k.is_empty() && !k.contains('{') && !k.ends_with('-'));
        let missing: Vec<_> = used.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "keys used but not in en/main.ftl: {missing:?}");
    }

    /// Every word of the default questionnaire is a message every language has.
    #[test]
    fn the_default_questionnaire_is_translated() {
        use crate::model::questions::{Text, default_questions};
        let mut keys = Vec::new();
        for q in default_questions() {
            keys.push(q.label.clone());
            keys.extend(q.help.clone());
            keys.extend(q.options.iter().map(|o| o.label.clone()));
        }
        for l in LANGS {
            let tr = Tr::for_tag(l.tag).unwrap();
            for k in &keys {
                let Text::Key(k) = k else { panic!("the default questionnaire uses built-in words") };
                assert!(tr.try_t(k).is_some_and(|t| !t.is_empty()), "{}: {k}", l.tag);
            }
        }
    }

    #[test]
    fn negotiation_falls_back_to_english() {
        assert_eq!(Tr::negotiate(Some("xx"), Some("qq")).tag(), "en");
        assert_eq!(Tr::negotiate(None, None).tag(), "en");
        assert_eq!(map_tag("zh-TW"), "zh-Hant");
        assert_eq!(map_tag("zh-CN"), "zh-Hans");
        assert_eq!(map_tag("zh-SG"), "zh-Hans");
        assert_eq!(map_tag("zh-Hant-HK"), "zh-Hant");
        assert_eq!(map_tag("fr-CA"), "fr");
    }
}
