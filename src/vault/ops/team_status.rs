//! `vault status` without arguments: what the team has and has not seen, learnt from the
//! `seen` operations each vault signs when it imports items, and what this vault has not yet
//! sent.
//!
//! This is what a keyholder checks before worrying about a tip: the server deletes a tip once
//! every keyholder in its config has acknowledged it (`[retention] acked_by = "all"`, the
//! default), and each acknowledgement is signed by a vault that imported the tip; here the team
//! sees the same thing from the vaults' side.

use std::collections::{BTreeMap, BTreeSet};

use super::op::Op;
use crate::model::ItemId;
use crate::model::item::ItemKind;
use crate::vault::Vault;
use crate::vault::case_id::CaseId;

/// One roster member's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStatus {
    /// Roster name (`you` first).
    pub name: String,
    /// Tips and follow-ups this vault holds that their vault has not said it holds, by case.
    pub not_seen: BTreeMap<CaseId, usize>,
    /// Items their vault holds that this one does not (pull or import to get them).
    pub only_theirs: usize,
}

/// The team's view.
#[derive(Debug, Clone)]
pub struct TeamStatus {
    /// Every roster member.
    pub members: Vec<MemberStatus>,
    /// Batches of this vault's not yet in a sync bundle.
    pub unsent_batches: usize,
    /// Replies not yet in a sync bundle.
    pub unsent_replies: usize,
}

/// What each roster member has not seen.
pub fn status(v: &Vault) -> TeamStatus {
    let mut seen: BTreeMap<[u8; 32], BTreeSet<ItemId>> = BTreeMap::new();
    for b in v.state.ops.values() {
        for op in &b.batch.ops {
            if let Op::Seen { items } = op {
                seen.entry(b.batch.author.to_bytes()).or_default().extend(items.iter().copied());
            }
        }
    }
    let owner = v.signing_key().public().to_bytes();
    let members = crate::vault::team::list(v)
        .into_iter()
        .map(|e| {
            let key = e.signing_key.to_bytes();
            let theirs = seen.remove(&key).unwrap_or_default();
            let mut not_seen: BTreeMap<CaseId, usize> = BTreeMap::new();
            if key != owner {
                for i in v.state.items.values().filter(|i| i.kind != ItemKind::Reply) {
                    if !theirs.contains(&i.id)
                        && let Some(c) = v.state.cases.get(&i.case)
                    {
                        *not_seen.entry(c.id()).or_default() += 1;
                    }
                }
            }
            let only_theirs = theirs.iter().filter(|i| !v.state.items.contains_key(i)).count();
            MemberStatus { name: e.name, not_seen, only_theirs }
        })
        .collect();
    TeamStatus { members, unsent_batches: v.state.unsent.len(), unsent_replies: v.state.unsent_replies.len() }
}

/// The status as text for the terminal.
pub fn render(s: &TeamStatus) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for m in &s.members {
        let n: usize = m.not_seen.values().sum();
        if n == 0 {
            let _ = write!(out, "{}: has everything this vault holds", m.name);
        } else {
            let cases: Vec<String> = m.not_seen.iter().take(10).map(|(c, k)| format!("{c} ({k})")).collect();
            let more = if m.not_seen.len() > 10 {
                format!(" and {} more", m.not_seen.len() - 10)
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "{}: has not seen {n} item(s) in {} case(s): {}{more}",
                m.name,
                m.not_seen.len(),
                cases.join(", ")
            );
        }
        if m.only_theirs > 0 {
            let _ = write!(out, "; holds {} item(s) this vault does not (pull and import)", m.only_theirs);
        }
        out.push('\n');
    }
    if s.unsent_batches + s.unsent_replies > 0 {
        let _ = writeln!(
            out,
            "Not yet sent to the team: {} change(s), {} reply(ies). Run `tipbox vault sync --out FILE`, then `tipbox push FILE`.",
            s.unsent_batches, s.unsent_replies
        );
    } else {
        out.push_str("Everything this vault changed has been sent to the team.\n");
    }
    out
}
