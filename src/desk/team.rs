//! The team roster at the desk (`vault team list / add / remove`): who replies are encrypted
//! to and whose signed replies the vault accepts. The owner's own two lines are shown first,
//! to hand to teammates.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::access::Authed;
use super::form::Posted;
use super::pages::{Answer, Layout};
use super::{DeskError, Vault};
use crate::locale::Tr;
use crate::text::Untrusted;
use crate::vault::team;

/// One roster line: name, recipient, signing key.
pub struct Member {
    /// Name (`you` for the owner, in the desk language).
    pub name: String,
    /// Name as the form sends it back (empty for the owner, who cannot be removed).
    pub key: String,
    /// The age recipient.
    pub recipient: String,
    /// The signing key.
    pub signing_key: String,
}

/// The team page.
#[derive(Template)]
#[template(path = "team.html", config = "src/desk/askama.toml")]
pub struct TeamPage {
    /// Layout.
    pub l: Layout,
    /// The owner, then each teammate.
    pub members: Vec<Member>,
    /// What was just done.
    pub notice: Option<String>,
}

/// What a redirect may ask the page to say.
pub(super) const NOTICES: &[&str] = &["team-add", "team-remove"];

/// `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct TeamQuery {
    /// The action.
    #[serde(default)]
    pub done: String,
}

fn members(v: &Vault, tr: Tr) -> Vec<Member> {
    team::list(v)
        .into_iter()
        .map(|e| {
            let owner = e.name == team::OWNER;
            Member {
                name: if owner { tr.t("desk-you") } else { Untrusted::new(e.name.clone()).line() },
                key: if owner { String::new() } else { e.name },
                recipient: e.recipient,
                signing_key: e.signing_key.to_string(),
            }
        })
        .collect()
}

/// `GET /team`.
pub async fn page(Authed(desk): Authed, q: web::Query<TeamQuery>) -> Result<HttpResponse, DeskError> {
    let tr = desk.tr();
    let l = desk.layout("desk-title-team");
    let notice = NOTICES.iter().find(|n| **n == q.done).map(|n| tr.t(&format!("desk-done-{n}")));
    desk.with_vault(move |v| Answer::page(&TeamPage { l, members: members(v, tr), notice }))
        .await
        .map(Answer::respond)
}

/// `POST /team/{action}`: `add` (name, recipient, signing key) or `remove` (name).
pub async fn change(f: Posted, action: web::Path<String>) -> Result<HttpResponse, DeskError> {
    let action = action.into_inner();
    f.desk
        .clone()
        .with_vault(move |v| {
            match action.as_str() {
                "add" => team::add(v, f.get("name"), f.get("recipient"), f.get("signing_key"))?,
                "remove" => team::remove(v, f.get("name"))?,
                _ => return Err(DeskError::NotFound),
            }
            Ok(Answer::Redirect(format!("/team?done=team-{action}")))
        })
        .await
        .map(Answer::respond)
}
