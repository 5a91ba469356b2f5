//! A posted desk form: checked (session, same-site, CSRF token) before any handler sees it,
//! and read as name/value pairs, since the bulk form repeats `case`.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::access::Authed;
use super::{Desk, DeskError};

/// Largest form body: a reply of the longest length, percent-encoded, with room to spare.
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Most fields one form may hold (the bulk form has one per case on a page).
const MAX_FIELDS: usize = 1000;

/// A form that passed the checks.
pub struct Posted {
    /// The desk.
    pub desk: web::Data<Desk>,
    fields: Vec<(String, String)>,
}

impl Posted {
    /// The first value of field `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or_default()
    }

    /// The first value of field `name` as typed (a note or a reply keeps its spacing).
    pub fn text(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Every value of field `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    /// Whether a checkbox or button `name` was sent.
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }
}

fn parse(body: &[u8]) -> Result<Vec<(String, String)>, DeskError> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| DeskError::BadForm)?;
    if fields.len() > MAX_FIELDS {
        return Err(DeskError::BadForm);
    }
    Ok(fields)
}

impl FromRequest for Posted {
    type Error = DeskError;
    type Future = LocalBoxFuture<'static, Result<Self, DeskError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let authed = Authed::check(req);
        let cross = crate::server::request::cross_site(req.method(), req.headers());
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let Authed(desk) = authed?;
            if cross {
                return Err(DeskError::Forbidden);
            }
            let body = body.await.map_err(|_| DeskError::TooLarge)?;
            let fields = parse(&body)?;
            let token = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or_default();
            if !desk.access.csrf().matches(token) {
                return Err(DeskError::Forbidden);
            }
            Ok(Posted { desk, fields })
        })
    }
}

impl Posted {
    /// A path field: absolute, or under the home directory with `~/`. A relative path would
    /// depend on where the desk was started, which the browser does not show.
    pub fn path(&self, name: &str) -> Result<std::path::PathBuf, DeskError> {
        let raw = self.get(name);
        let p = match raw.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(rest)),
            None => Some(std::path::PathBuf::from(raw)),
        };
        match p {
            Some(p) if p.is_absolute() && !raw.is_empty() => Ok(p),
            _ => Err(DeskError::Invalid("desk-path-absolute")),
        }
    }
}
