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

static_loader! {
    static LOCALES = {
        locales: "./src/i18n",
        fallback_language: "en",
        // No U+2068/U+2069 isolation marks around arguments: pages isolate with <bdi>.
        customise: |bundle| bundle.set_use_isolating(false),
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

/// Every language, in the order pages list them.
pub static LANGS: &[Lang] = &[Lang { tag: "en", name: "English", rtl: false }];

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
