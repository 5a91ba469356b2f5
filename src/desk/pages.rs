//! The desk's pages: askama templates (compile-time checked, HTML auto-escaped). Every string
//! a source or a bundle wrote reaches a template already made one-line or terminal-safe by
//! [`crate::text::Untrusted`] (controls and direction marks shown as `\u{…}`), and askama
//! escapes it on the way out: hostile text stays text.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::locale::{LANGS as ALL_LANGS, Tr};

/// The shared layout: language, title, the CSRF token its forms carry.
pub struct Layout {
    /// Translator.
    pub tr: Tr,
    /// Page title.
    pub title: String,
    /// The CSRF token, on pages for a signed-in keyholder (the error page for a request without
    /// a session has no forms).
    pub csrf: Option<String>,
    /// The desk languages, for the language buttons.
    pub langs: Vec<LangChoice>,
}

/// One language button.
pub struct LangChoice {
    /// Tag.
    pub tag: &'static str,
    /// Name in itself.
    pub name: &'static str,
    /// The current language.
    pub current: bool,
}

impl Layout {
    /// Layout titled `title`; `csrf` is the token of a signed-in keyholder's page, `None` for a
    /// page without the desk's forms.
    pub fn titled(tr: Tr, title: String, csrf: Option<&str>) -> Self {
        let langs = ALL_LANGS
            .iter()
            .filter(|l| super::LANGS.contains(&l.tag))
            .map(|l| LangChoice { tag: l.tag, name: l.name, current: l.tag == tr.tag() })
            .collect();
        Layout { tr, title, csrf: csrf.map(str::to_owned), langs }
    }

    /// Layout titled by message `title_key`.
    pub fn new(tr: Tr, title_key: &str, csrf: Option<&str>) -> Self {
        Self::titled(tr, tr.t(title_key), csrf)
    }

    /// The token for a form (empty on a page without a session, which has no forms).
    pub fn token(&self) -> &str {
        self.csrf.as_deref().unwrap_or_default()
    }
}

/// An option of a `<select>`.
pub struct Choice {
    /// Value sent.
    pub value: String,
    /// Label shown.
    pub label: String,
    /// Selected now.
    pub selected: bool,
}

/// One row of the case list.
pub struct RowView {
    /// Case number.
    pub number: u32,
    /// Case id (the team's).
    pub id: String,
    /// Day received.
    pub received: String,
    /// Status in words.
    pub status: String,
    /// Country in words.
    pub country: String,
    /// Incidents in words.
    pub incidents: String,
    /// Tags.
    pub tags: String,
    /// Assignee.
    pub assignee: String,
    /// Page language tag.
    pub language: String,
    /// Start of the first message.
    pub preview: String,
    /// Follow-ups, replies, attachments.
    pub counts: String,
    /// Search matches: field and snippet.
    pub hits: Vec<(String, String)>,
}

/// The case list.
#[derive(Template)]
#[template(path = "list.html", config = "src/desk/askama.toml")]
pub struct ListPage {
    /// Layout.
    pub l: Layout,
    /// The search text.
    pub q: String,
    /// Filter menus.
    pub statuses: Vec<Choice>,
    /// Countries present.
    pub countries: Vec<Choice>,
    /// Incidents present.
    pub incidents: Vec<Choice>,
    /// Tags present.
    pub tags: Vec<Choice>,
    /// Answers to choice questions, as `QUESTION=OPTION`.
    pub answers: Vec<Choice>,
    /// Received on or after.
    pub since: String,
    /// Received on or before.
    pub until: String,
    /// The rows of this page.
    pub rows: Vec<RowView>,
    /// "Cases 1–100 of 2,345".
    pub shown: String,
    /// Previous and next page links.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Statuses for the bulk form.
    pub bulk_statuses: Vec<Choice>,
    /// What the last action did.
    pub notice: Option<String>,
}

/// An attachment on the case page.
pub struct AttachmentRow {
    /// Name (escaped for one line).
    pub name: String,
    /// Final extension.
    pub extension: String,
    /// Declared type.
    pub content_type: String,
    /// Size in words.
    pub size: String,
    /// SHA-256 of the content, when the vault recorded it.
    pub sha256: String,
    /// What its metadata reveals, one warning each.
    pub warnings: Vec<String>,
}

/// One message of the thread.
pub struct ItemRow {
    /// Tip, follow-up, or reply (signed by whom).
    pub heading: String,
    /// A reply (styled apart).
    pub is_reply: bool,
    /// Text, terminal-safe, multi-line.
    pub message: String,
    /// Attachments.
    pub attachments: Vec<AttachmentRow>,
}

/// The case page.
#[derive(Template)]
#[template(path = "case.html", config = "src/desk/askama.toml")]
pub struct CasePage {
    /// Layout.
    pub l: Layout,
    /// Number.
    pub number: u32,
    /// Id (the team's).
    pub id: String,
    /// Day received.
    pub received: String,
    /// Status in words.
    pub status: String,
    /// The statuses it may move to.
    pub next: Vec<Choice>,
    /// The page language the source used.
    pub language: String,
    /// Answers under their labels.
    pub answers: Vec<(String, String)>,
    /// Tags.
    pub tags: Vec<String>,
    /// Assignee.
    pub assignee: String,
    /// Linked cases: number, id and how.
    pub links: Vec<(u32, String, String)>,
    /// Notes: number, day, text.
    pub notes: Vec<(usize, String, String)>,
    /// History: day, what.
    pub history: Vec<(String, String)>,
    /// The thread.
    pub thread: Vec<ItemRow>,
    /// The source asked for replies.
    pub contact_ok: bool,
    /// The case has attachments.
    pub has_attachments: bool,
    /// What the last action did.
    pub notice: Option<String>,
}

/// A result page: what an action wrote, and where.
#[derive(Template)]
#[template(path = "done.html", config = "src/desk/askama.toml")]
pub struct DonePage {
    /// Layout.
    pub l: Layout,
    /// One line each.
    pub lines: Vec<String>,
    /// Where to go on.
    pub back: String,
}

/// Import and export.
#[derive(Template)]
#[template(path = "import.html", config = "src/desk/askama.toml")]
pub struct ImportPage {
    /// Layout.
    pub l: Layout,
}

/// A table of counts.
pub struct CountTable {
    /// Title.
    pub title: String,
    /// Label and count (in words).
    pub rows: Vec<(String, String)>,
}

/// Statistics.
#[derive(Template)]
#[template(path = "stats.html", config = "src/desk/askama.toml")]
pub struct StatsPage {
    /// Layout.
    pub l: Layout,
    /// The tables.
    pub tables: Vec<CountTable>,
    /// Total cases in words.
    pub total: String,
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html", config = "src/desk/askama.toml")]
pub struct ErrorPage {
    /// Layout.
    pub l: Layout,
    /// What happened, in the desk language.
    pub message: String,
    /// The vault's own words, when it refused.
    pub detail: Option<String>,
}

/// What a handler answers, built where the vault is (on the blocking pool) and turned into a
/// response on the executor (a response cannot cross threads).
pub enum Answer {
    /// `303 See Other` to this path.
    Redirect(String),
    /// A rendered page.
    Html(String),
    /// The charts.
    Svg(String),
}

impl Answer {
    /// A rendered page.
    pub fn page<T: Template>(page: &T) -> Result<Answer, super::DeskError> {
        page.render().map(Answer::Html).map_err(|_| super::DeskError::Internal("template"))
    }

    /// The response.
    pub fn respond(self) -> HttpResponse {
        match self {
            Answer::Redirect(to) => {
                HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, to)).finish()
            }
            Answer::Html(body) => HttpResponse::Ok().content_type("text/html; charset=utf-8").body(body),
            Answer::Svg(body) => HttpResponse::Ok().content_type("image/svg+xml").body(body),
        }
    }
}

/// Renders `page` as HTML with `status`.
pub fn html<T: Template>(status: StatusCode, page: &T) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body),
        // Templates are compile-time checked; rendering fails only on a formatting error.
        Err(_) => HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body("error"),
    }
}

/// A page answered 200.
pub fn ok<T: Template>(page: &T) -> HttpResponse {
    html(StatusCode::OK, page)
}
