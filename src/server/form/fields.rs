//! One reader per field of the forms: each reads its part within its byte limit and records
//! either a value or an error the source can fix. What breaks the request itself (a duplicated
//! field, a forged token) is a [`FormFailure`] instead.

use actix_multipart::Field;
use actix_web::http::StatusCode;

use super::{FormCtx, FormFailure, FormKind, ParsedForm, has_bad_controls, read_small, truncate_chars, utf8};
use crate::crypto::codename::WordList;
use crate::model::answers::Answer;
use crate::model::countries::is_country;
use crate::model::questions::{Kind, Question};
use crate::server::form_view::{FieldErrors, SubmitValues};
use crate::server::size_limits::{MAX_CHOICE, MAX_CSRF};
use crate::text::Untrusted;

/// What has been read of one form so far.
pub(super) struct Reader<'c, 'a> {
    pub(super) ctx: &'c FormCtx<'a>,
    pub(super) v: SubmitValues,
    pub(super) errors: FieldErrors,
    pub(super) attachments: Vec<crate::bundle::document::AttachmentMeta>,
    pub(super) files_dropped: bool,
    pub(super) status: StatusCode,
    pub(super) csrf_ok: bool,
    token: String,
    seen: Vec<String>,
    honeypot: bool,
    /// Bytes of attachments so far.
    pub(super) total: u64,
}

impl<'c, 'a> Reader<'c, 'a> {
    pub(super) fn new(ctx: &'c FormCtx<'a>) -> Self {
        Reader {
            ctx,
            v: SubmitValues::default(),
            errors: FieldErrors::default(),
            attachments: Vec::new(),
            files_dropped: false,
            status: StatusCode::BAD_REQUEST,
            csrf_ok: false,
            token: String::new(),
            seen: Vec::new(),
            honeypot: false,
            total: 0,
        }
    }

    /// A field may appear once unless the contract makes it repeatable.
    pub(super) fn once(&mut self, name: &str) -> Result<(), FormFailure> {
        if self.seen.iter().any(|s| s == name) {
            return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
        }
        self.seen.push(name.to_owned());
        Ok(())
    }

    /// Whether the form asks the first submission's questions.
    pub(super) fn answers(&self) -> bool {
        self.ctx.kind == FormKind::Submit
    }

    /// `csrf`: valid for this binding, and not spent by a form already stored.
    pub(super) async fn csrf(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("csrf")?;
        let (raw, over) = read_small(field, MAX_CSRF).await?;
        let token = std::str::from_utf8(&raw).unwrap_or("");
        if over || !self.ctx.csrf.verify(token, self.ctx.binding) {
            return Err(FormFailure::Status(StatusCode::FORBIDDEN));
        }
        if self.ctx.spent.is_some_and(|s| s.is_spent(token)) {
            return Err(FormFailure::Status(StatusCode::CONFLICT));
        }
        self.token = token.to_owned();
        self.csrf_ok = true;
        Ok(())
    }

    /// `message`: a paste beyond the limit is kept up to the limit, and the source is told how
    /// much did not fit, so that nothing is cut without a word.
    pub(super) async fn message(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("message")?;
        let (limits, tr) = (self.ctx.limits, self.ctx.tr);
        let (raw, over) = read_small(field, 4 * limits.max_message_chars).await?;
        let Some(s) = utf8(&raw, over) else {
            self.errors.add("message", tr.t("err-text"));
            return Ok(());
        };
        let s = s.replace("\r\n", "\n");
        let chars = s.chars().count();
        if over || chars > limits.max_message_chars {
            let got = if over { format!("{}+", tr.number(chars)) } else { tr.number(chars) };
            let max = tr.number(limits.max_message_chars);
            self.errors.add("message", tr.ta("err-message-too-long", &[("got", got), ("max", max)]));
        }
        if has_bad_controls(&s, true) {
            self.errors.add("message", tr.t("err-text"));
        }
        self.v.message = truncate_chars(&s, limits.max_message_chars);
        Ok(())
    }

    /// The `website` honeypot: a person never sees it, so anything in it is a robot's.
    pub(super) async fn honeypot(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("website")?;
        let (raw, _) = read_small(field, 4 * self.ctx.limits.max_field_chars).await?;
        self.honeypot = !String::from_utf8_lossy(&raw).trim().is_empty();
        Ok(())
    }

    /// A choice from a fixed list, trimmed.
    async fn choice(field: &mut Field) -> Result<String, FormFailure> {
        let (raw, _) = read_small(field, MAX_CHOICE).await?;
        Ok(String::from_utf8_lossy(&raw).trim().to_owned())
    }

    /// An answer to question `q`, checked as its kind says. Only a multiple choice may repeat
    /// its field, each option once.
    pub(super) async fn question(&mut self, q: &Question, field: &mut Field) -> Result<(), FormFailure> {
        let tr = self.ctx.tr;
        let id = q.id.as_str();
        if q.kind != Kind::Choices {
            self.once(id)?;
        }
        match q.kind {
            Kind::Text | Kind::LongText => return self.text_answer(q, field).await,
            Kind::Country => {
                let s = Self::choice(field).await?;
                if !s.is_empty() && !is_country(&s) {
                    self.errors.add(id, tr.t("err-country"));
                }
                self.v.answers.set(id, Answer::One(Untrusted::new(truncate_chars(&s, 2))));
            }
            Kind::Choice => {
                let s = Self::choice(field).await?;
                if s.is_empty() || q.has_option(&s) {
                    self.v.answers.set(id, Answer::One(Untrusted::new(s)));
                } else {
                    self.errors.add(id, tr.t("err-invalid"));
                }
            }
            Kind::Choices => {
                let s = Self::choice(field).await?;
                let mut chosen = self.v.answers.options(id);
                if !q.has_option(&s) {
                    self.errors.add(id, tr.t("err-invalid"));
                } else if !chosen.contains(&s) {
                    if chosen.len() >= q.options.len() {
                        return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
                    }
                    chosen.push(s);
                    // In the questionnaire's order, whatever order the browser sent.
                    chosen.sort_by_key(|c| q.options.iter().position(|o| &o.id == c));
                    self.v.answers.set(id, Answer::Many(chosen));
                }
            }
            Kind::YesNo => match Self::choice(field).await?.as_str() {
                "yes" | "on" | "true" | "1" => self.v.answers.set(id, Answer::Yes(true)),
                "" | "no" | "off" | "false" | "0" => self.v.answers.set(id, Answer::Yes(false)),
                _ => self.errors.add(id, tr.t("err-invalid")),
            },
        }
        Ok(())
    }

    /// A text answer: within the question's length, plain text (one line unless `long_text`).
    async fn text_answer(&mut self, q: &Question, field: &mut Field) -> Result<(), FormFailure> {
        let tr = self.ctx.tr;
        let (id, max) = (q.id.as_str(), q.max_chars(self.ctx.limits.max_field_chars));
        let (raw, over) = read_small(field, 4 * max).await?;
        let Some(s) = utf8(&raw, over) else {
            self.errors.add(id, tr.t("err-text"));
            return Ok(());
        };
        let multiline = q.kind == Kind::LongText;
        let s = s.replace("\r\n", "\n");
        let s = s.trim();
        if over || s.chars().count() > max {
            self.errors.add(id, tr.t1("err-too-long", "max", tr.number(max)));
        }
        if has_bad_controls(s, multiline) {
            self.errors.add(id, tr.t("err-text"));
        }
        self.v.answers.set(id, Answer::One(Untrusted::new(truncate_chars(s, max))));
        Ok(())
    }

    /// `words`: the word list of the codename to draw (empty: the page language's).
    pub(super) async fn words(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("words")?;
        let s = Self::choice(field).await?;
        if s.is_empty() || WordList::offered().iter().any(|l| l.tag() == s) {
            self.v.words = s;
        } else {
            self.errors.add("words", self.ctx.tr.t("err-invalid"));
        }
        Ok(())
    }

    /// The form as read, after the last field: the checks that need every field.
    pub(super) fn finish(mut self) -> Result<ParsedForm, FormFailure> {
        if !self.csrf_ok {
            return Err(FormFailure::Status(StatusCode::FORBIDDEN));
        }
        let (limits, tr) = (self.ctx.limits, self.ctx.tr);
        if self.honeypot {
            self.errors.add("website", tr.t("err-honeypot"));
            self.errors.add("form", tr.t("err-honeypot"));
        }
        if self.total + self.v.message.len() as u64 > limits.max_submission_bytes {
            self.errors.add("message", tr.t1("err-too-large", "max", tr.size(limits.max_submission_bytes)));
            self.status = StatusCode::PAYLOAD_TOO_LARGE;
        }
        for q in self.ctx.questions.questions().iter().filter(|q| q.required) {
            let answered = match q.kind {
                Kind::YesNo => self.v.answers.yes(&q.id),
                _ => self.v.answers.get(&q.id).is_some(),
            };
            if !answered {
                self.errors.add(&q.id, tr.t("err-question-required"));
            }
        }
        if self.v.message.trim().is_empty() && self.attachments.is_empty() && !self.errors.has("attachment") {
            self.errors.add("message", tr.t("err-required"));
        }
        if !self.errors.any() {
            self.files_dropped = false;
        }
        Ok(self.parsed())
    }

    /// What was read, as it stands (also for a read stopped early).
    pub(super) fn parsed(self) -> ParsedForm {
        ParsedForm {
            values: self.v,
            attachments: self.attachments,
            errors: self.errors,
            files_dropped: self.files_dropped,
            status: self.status,
            token: self.token,
        }
    }
}
