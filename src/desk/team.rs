//! The team at the desk: the roster (`vault team list / add / remove`), who replies are
//! encrypted to and whose signed replies and operations the vault accepts, with the owner's own
//! two lines first, to hand to teammates; what each teammate's vault has not seen and what this
//! vault has not sent (`vault status`); and `vault sync`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::access::Authed;
use super::form::Posted;
use super::pages::{Answer, DonePage, Layout};
use super::{DeskError, Vault};
use crate::locale::Tr;
use crate::text::Untrusted;
use crate::vault::ops::team_status;
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
    /// What their vault holds of this one's items.
    pub seen: String,
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
    /// What this vault has not sent to the team.
    pub pending: String,
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

fn members(v: &Vault, tr: Tr, status: &team_status::TeamStatus) -> Vec<Member> {
    team::list(v)
        .into_iter()
        .zip(&status.members)
        .map(|(e, st)| {
            let owner = e.name == team::OWNER;
            let missing: usize = st.not_seen.values().sum();
            let seen = if missing == 0 {
                tr.t("desk-team-seen-all")
            } else {
                let ids: Vec<String> = st.not_seen.keys().take(10).map(ToString::to_string).collect();
                tr.ta(
                    "desk-team-seen-missing",
                    &[
                        ("items", tr.number(missing)),
                        ("cases", tr.number(st.not_seen.len())),
                        ("ids", ids.join(", ")),
                    ],
                )
            };
            Member {
                name: if owner { tr.t("desk-you") } else { Untrusted::new(e.name.clone()).line() },
                key: if owner { String::new() } else { e.name },
                recipient: e.recipient,
                signing_key: e.signing_key.to_string(),
                seen,
            }
        })
        .collect()
}

fn pending(tr: Tr, s: &team_status::TeamStatus) -> String {
    if s.unsent_batches + s.unsent_replies == 0 {
        tr.t("desk-team-all-sent")
    } else {
        tr.ta(
            "desk-team-unsent",
            &[("changes", tr.number(s.unsent_batches)), ("replies", tr.number(s.unsent_replies))],
        )
    }
}

/// `GET /team`.
pub async fn page(Authed(desk): Authed, q: web::Query<TeamQuery>) -> Result<HttpResponse, DeskError> {
    let tr = desk.tr();
    let l = desk.layout("desk-title-team");
    let notice = NOTICES.iter().find(|n| **n == q.done).map(|n| tr.t(&format!("desk-done-{n}")));
    desk.with_vault(move |v| {
        let status = team_status::status(v);
        Answer::page(&TeamPage { l, members: members(v, tr, &status), notice, pending: pending(tr, &status) })
    })
    .await
    .map(Answer::respond)
}

/// `POST /team/sync`: `vault sync` into a new file at `out` (`all`: everything).
async fn sync(f: Posted) -> Result<HttpResponse, DeskError> {
    let desk = f.desk.clone();
    let tr = desk.tr();
    let l = desk.layout("desk-title-team");
    let out = f.path("out")?;
    let all = f.has("all");
    desk.with_vault(move |v| {
        let o = crate::vault::ops::sync::sync(v, &out, all, None)?;
        let line = tr.ta(
            "desk-team-synced",
            &[
                ("changes", tr.number(o.ops)),
                ("replies", tr.number(o.replies)),
                ("path", out.display().to_string()),
            ],
        );
        Answer::page(&DonePage { l, lines: vec![line], back: "/team".into() })
    })
    .await
    .map(Answer::respond)
}

/// `POST /team/{action}`: `add` (name, recipient, signing key), `remove` (name) or `sync`.
pub async fn change(f: Posted, action: web::Path<String>) -> Result<HttpResponse, DeskError> {
    let action = action.into_inner();
    if action == "sync" {
        return sync(f).await;
    }
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
