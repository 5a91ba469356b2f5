//! Server-rendered pages: askama templates (compile-time checked, HTML auto-escaped).
//!
//! Each page struct carries a [`PageCtx`] for the shared layout. Handlers build a struct and
//! call [`html`]; no handler writes HTML by hand.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::config::Limits;
use crate::crypto::codename::WordList;
use crate::locale::{LANGS, Tr};
use crate::model::questions::Questionnaire;

/// Shared layout data.
pub struct PageCtx {
    /// Translator for the page language.
    pub tr: Tr,
    /// Organisation name.
    pub org: String,
    /// Page title.
    pub title: String,
    /// Links to this page in every language.
    pub langs: Vec<LangLink>,
    /// The page shows something only once (the codename): its header links open a new tab,
    /// so that a tap on a language or the site's name cannot lose it.
    pub keep_open: bool,
}

impl PageCtx {
    /// A field error that names its field, e.g. "City or region: Too long: at most 200 characters."
    pub fn err(&self, field_key: &str, msg: &str) -> String {
        super::form_view::field_error(self.tr, &self.tr.t(field_key), msg)
    }
}

/// One entry of the language menu.
pub struct LangLink {
    /// Target URL.
    pub href: String,
    /// Tag.
    pub tag: &'static str,
    /// Name in itself.
    pub name: &'static str,
    /// This is the page language.
    pub current: bool,
}

impl PageCtx {
    /// Layout for a page at `path` (used for the language links), titled by message `title_key`.
    pub fn new(tr: Tr, org: &str, path: &str, title_key: &str) -> Self {
        let langs = LANGS
            .iter()
            .map(|l| LangLink {
                href: format!("{path}?lang={}", l.tag),
                tag: l.tag,
                name: l.name,
                current: l.tag == tr.tag(),
            })
            .collect();
        Self { tr, org: org.to_owned(), title: tr.t(title_key), langs, keep_open: false }
    }

    /// Marks the page as one that must stay open (see [`PageCtx::keep_open`]).
    pub fn keeping_open(mut self) -> Self {
        self.keep_open = true;
        self
    }
}

pub use super::form_view::{FieldErrors, Opt, QuestionView, SubmitValues};

/// What the login page carries for a follow-up that lost its session.
pub struct Pending {
    /// The text, to put back in the form.
    pub message: String,
    /// Files were attached and not kept.
    pub had_files: bool,
}

/// Landing page.
#[derive(Template)]
#[template(path = "index.html", config = "src/server/askama.toml")]
pub struct IndexPage {
    /// Layout.
    pub p: PageCtx,
}

/// Submission form.
#[derive(Template)]
#[template(path = "submit.html", config = "src/server/askama.toml")]
pub struct SubmitPage {
    /// Layout.
    pub p: PageCtx,
    /// CSRF token.
    pub csrf: String,
    /// Limits shown to the source.
    pub limits: Limits,
    /// Arguments of the attachment hint.
    pub files_hint: Vec<(&'static str, String)>,
    /// Echoed values.
    pub values: SubmitValues,
    /// Errors.
    pub errors: FieldErrors,
    /// Files were sent and had to be dropped.
    pub files_dropped: bool,
    /// The questions, with their answers and errors.
    pub questions: Vec<QuestionView>,
    /// Codename word lists.
    pub words: Vec<Opt>,
}

impl SubmitPage {
    /// Builds the form page.
    pub fn new(
        p: PageCtx,
        csrf: String,
        limits: &Limits,
        questions: &Questionnaire,
        values: SubmitValues,
        errors: FieldErrors,
        files_dropped: bool,
    ) -> Self {
        let tr = p.tr;
        Self {
            p,
            csrf,
            files_hint: files_hint(limits, tr),
            words: word_choices(tr, &values.words),
            questions: super::form_view::views(questions, tr, &values, &errors, limits.max_field_chars),
            limits: limits.clone(),
            values,
            errors,
            files_dropped,
        }
    }
}

/// Arguments for `field-attachment-hint`, written as the page language writes numbers.
pub fn files_hint(limits: &Limits, tr: Tr) -> Vec<(&'static str, String)> {
    vec![("files", tr.number(limits.max_files)), ("size", tr.size(limits.max_submission_bytes))]
}

/// The codename word lists a source may choose, each named in its own language with a few of
/// its words, so that a source sees the script before choosing.
fn word_choices(tr: Tr, chosen: &str) -> Vec<Opt> {
    let default = WordList::chosen(chosen, tr.tag());
    WordList::offered()
        .iter()
        .map(|l| {
            let name = LANGS.iter().find(|x| x.tag == l.tag()).map_or("English", |x| x.name);
            let w = l.words();
            let sep = if matches!(l, WordList::ChineseSimplified | WordList::ChineseTraditional) {
                ""
            } else {
                " "
            };
            let sample = [w[301], w[1204], w[1777]].join(sep);
            Opt { value: l.tag().to_owned(), label: format!("{name}: {sample} …"), checked: *l == default }
        })
        .collect()
}

/// Success page with the codename.
#[derive(Template)]
#[template(path = "submitted.html", config = "src/server/askama.toml")]
pub struct SubmittedPage {
    /// Layout.
    pub p: PageCtx,
    /// The codename (shown once).
    pub codename: String,
    /// Language of the codename's words.
    pub codename_lang: &'static str,
    /// This host's onion address, when configured (behind Onionbalance a codename works only
    /// on the host that took the tip).
    pub onion: Option<String>,
}

/// Login page.
#[derive(Template)]
#[template(path = "login.html", config = "src/server/askama.toml")]
pub struct LoginPage {
    /// Layout.
    pub p: PageCtx,
    /// CSRF token.
    pub csrf: String,
    /// Why the last attempt failed.
    pub failed: Option<String>,
    /// A notice (e.g. session ended).
    pub notice: Option<String>,
    /// A follow-up written across a session timeout, to send with the login.
    pub pending: Option<String>,
    /// It had files, which were not kept.
    pub pending_files: bool,
}

/// A reply shown in the inbox.
pub struct ReplyView {
    /// Day received.
    pub day: String,
    /// Decrypted text, or `None` when it could not be opened.
    pub text: Option<String>,
}

/// Inbox page.
#[derive(Template)]
#[template(path = "inbox.html", config = "src/server/askama.toml")]
pub struct InboxPage {
    /// Layout.
    pub p: PageCtx,
    /// CSRF token bound to the session.
    pub csrf: String,
    /// Replies, oldest first.
    pub replies: Vec<ReplyView>,
    /// Notice.
    pub notice: Option<String>,
    /// Limits.
    pub limits: Limits,
    /// Arguments of the attachment hint.
    pub files_hint: Vec<(&'static str, String)>,
    /// Echoed follow-up message.
    pub message: String,
    /// Follow-up errors.
    pub errors: FieldErrors,
    /// Files were dropped.
    pub files_dropped: bool,
}

/// Generic error page.
#[derive(Template)]
#[template(path = "error.html", config = "src/server/askama.toml")]
pub struct ErrorPage {
    /// Layout.
    pub p: PageCtx,
    /// The heading.
    pub title: String,
    /// The message.
    pub message: String,
}

/// Marker in response extensions: the body is one of our pages (error handlers keep it).
#[derive(Clone, Copy)]
pub struct Rendered;

/// Renders a template as an HTML response with `status`.
pub fn html<T: Template>(status: StatusCode, page: &T) -> HttpResponse {
    match page.render() {
        Ok(body) => {
            let mut r = HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body);
            r.extensions_mut().insert(Rendered);
            r
        }
        // Templates are compile-time checked; rendering can only fail on a formatting error.
        Err(_) => HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body("error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_values() {
        let p = PageCtx::new(Tr::default(), "<Org>", "/submit", "submit-title");
        let mut values =
            SubmitValues { message: "</textarea><script>x</script>".into(), ..Default::default() };
        values
            .answers
            .set("city", crate::model::answers::Answer::One(crate::text::Untrusted::new("\"><b>x")));
        let qs = Questionnaire::new(crate::model::questions::default_questions()).unwrap();
        let page =
            SubmitPage::new(p, "tok".into(), &Limits::default(), &qs, values, FieldErrors::default(), false);
        let body = page.render().unwrap();
        assert!(!body.contains("<script>"));
        assert!(body.contains("&#60;/textarea&#62;"));
        assert!(body.contains("&#60;Org&#62;"));
        assert!(body.contains("name=\"incident\" value=\"police_station\""));
        assert!(!body.contains("\"><b>x") && body.contains("&#34;&#62;&#60;b&#62;x"), "answers escaped");
    }
}

#[cfg(test)]
mod contrast {
    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
        let chan = |s: u32| {
            let c = f64::from((v >> s) & 0xff) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * chan(16) + 0.7152 * chan(8) + 0.0722 * chan(0)
    }

    fn ratio(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    fn var(css: &str, name: &str) -> String {
        let i = css.find(&format!("--{name}:")).unwrap();
        css[i..].split(':').nth(1).unwrap().split(';').next().unwrap().trim().to_owned()
    }

    /// Every text colour of the stylesheet on its background reaches 4.5:1 (WCAG AA).
    #[test]
    fn text_contrast_is_at_least_4_5() {
        let css = include_str!("static/style.css");
        let bg = var(css, "bg");
        for fg in ["ink", "muted", "accent", "bad"] {
            let r = ratio(&var(css, fg), &bg);
            assert!(r >= 4.5, "--{fg} on --bg: {r:.2}");
            assert!(ratio(&var(css, fg), "#ffffff") >= 4.5, "--{fg} on white inputs");
        }
        assert!(ratio("#ffffff", &var(css, "accent")) >= 4.5, "button text");
        assert!(ratio(&var(css, "muted"), &var(css, "soft")) >= 4.5, "notices");
    }
}
