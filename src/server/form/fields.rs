//! One reader per field of the forms: each reads its part within its byte limit and records
//! either a value or an error the source can fix. What breaks the request itself (a duplicated
//! field, a forged token) is a [`FormFailure`] instead.

use actix_multipart::Field;
use actix_web::http::StatusCode;

use super::{FormCtx, FormFailure, FormKind, ParsedForm, has_bad_controls, read_small, truncate_chars, utf8};
use crate::crypto::codename::WordList;
use crate::model::countries::is_country;
use crate::server::pages::{FieldErrors, INCIDENTS, ROLES, SubmitValues};
use crate::server::size_limits::{MAX_CHOICE, MAX_CSRF};

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
    seen: Vec<&'static str>,
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
    pub(super) fn once(&mut self, name: &'static str) -> Result<(), FormFailure> {
        if self.seen.contains(&name) {
            return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
        }
        self.seen.push(name);
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

    /// `country`, `city`, `when` and the `website` honeypot.
    pub(super) async fn answer(&mut self, key: &'static str, field: &mut Field) -> Result<(), FormFailure> {
        self.once(key)?;
        let (limits, tr) = (self.ctx.limits, self.ctx.tr);
        let (raw, over) = read_small(field, 4 * limits.max_field_chars).await?;
        let Some(s) = utf8(&raw, over) else {
            self.errors.add(key, tr.t("err-text"));
            return Ok(());
        };
        let s = s.trim().to_owned();
        match key {
            "country" => {
                if !s.is_empty() && !is_country(&s) {
                    self.errors.add("country", tr.t("err-country"));
                }
                self.v.country = truncate_chars(&s, 2);
            }
            "website" => self.honeypot = !s.is_empty(),
            _ => {
                if over || s.chars().count() > limits.max_field_chars {
                    self.errors.add(key, tr.t1("err-too-long", "max", tr.number(limits.max_field_chars)));
                }
                if has_bad_controls(&s, false) {
                    self.errors.add(key, tr.t("err-text"));
                }
                let s = truncate_chars(&s, limits.max_field_chars);
                if key == "city" { self.v.city = s } else { self.v.when = s }
            }
        }
        Ok(())
    }

    /// A choice from a fixed list, trimmed.
    async fn choice(field: &mut Field) -> Result<String, FormFailure> {
        let (raw, _) = read_small(field, MAX_CHOICE).await?;
        Ok(String::from_utf8_lossy(&raw).trim().to_owned())
    }

    /// `role`.
    pub(super) async fn role(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("role")?;
        let s = Self::choice(field).await?;
        if !s.is_empty() && !ROLES.contains(&s.as_str()) {
            self.errors.add("role", self.ctx.tr.t("err-invalid"));
        } else {
            self.v.role = s;
        }
        Ok(())
    }

    /// `incident`, repeatable: each value once, at most every kind.
    pub(super) async fn incident(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        let s = Self::choice(field).await?;
        if !INCIDENTS.contains(&s.as_str()) {
            self.errors.add("incident", self.ctx.tr.t("err-invalid"));
        } else if !self.v.incidents.contains(&s) {
            if self.v.incidents.len() >= INCIDENTS.len() {
                return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
            }
            self.v.incidents.push(s);
        }
        Ok(())
    }

    /// `contact_ok`.
    pub(super) async fn contact_ok(&mut self, field: &mut Field) -> Result<(), FormFailure> {
        self.once("contact_ok")?;
        match Self::choice(field).await?.as_str() {
            "yes" | "on" | "true" | "1" => self.v.contact_ok = true,
            "" | "no" | "off" | "false" | "0" => self.v.contact_ok = false,
            _ => self.errors.add("contact_ok", self.ctx.tr.t("err-invalid")),
        }
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
