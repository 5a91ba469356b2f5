//! Team packets on the server: ciphertext of keyholders' triage operations that the server
//! cannot read, stored as it came and handed to every other keyholder (see `vault::ops`).
//!
//! A packet leaves the server once **every** configured keyholder has it (the uploader counts
//! from the start; the others by their signed acknowledgement lists), whatever
//! `[retention] acked_by` says for tips: an operation only one keyholder holds is no shared
//! triage. Packets nobody collects expire with replies (`reply_days`), so a keyholder who
//! stopped pulling does not make them pile up forever.

use std::collections::BTreeSet;
use std::io::Write;

use super::schema::{Day, ItemId, PartId, PartRef, PartRole, TeamRecord, today};
use super::{Commit, Op, Store, StoreError, decode};
use crate::crypto::sign::Signed;

impl Store {
    /// Stores a team packet from keyholder `from`, durably. The same packet twice is a no-op
    /// (`Ok(false)`).
    pub fn add_team(
        &self,
        id: ItemId,
        part: PartId,
        ciphertext: &[u8],
        from: &str,
        signature: Signed,
    ) -> Result<bool, StoreError> {
        if self.team(&id)?.is_some() || self.item(&id)?.is_some() {
            return Ok(false);
        }
        let mut w = self.blobs.create(part)?;
        w.write_all(ciphertext)?;
        let (part, size) = w.finish()?;
        let rec = TeamRecord {
            id,
            day: today(),
            part: PartRef { id: part, role: PartRole::Team, size },
            acked_by: BTreeSet::from([from.to_owned()]),
            signature,
        };
        match self.commit(Commit { ops: vec![Op::PutTeam(rec)] }) {
            Ok(()) => Ok(true),
            Err(e) => {
                let _ = self.blobs.remove(&part);
                Err(e)
            }
        }
    }

    /// One team packet.
    pub fn team(&self, id: &ItemId) -> Result<Option<TeamRecord>, StoreError> {
        self.t().team.get(id.0)?.map(|v| decode(&v)).transpose()
    }

    /// Every team packet, in key order (random ids).
    pub fn team_packets(&self) -> Result<Vec<TeamRecord>, StoreError> {
        let raw: Vec<sled::IVec> = self.t().team.iter().values().collect::<Result<_, _>>()?;
        raw.iter().map(|v| decode(v)).collect()
    }

    /// Records `by`'s acknowledgement of team packet `id`, deleting it once every name in
    /// `everyone` has it; `None` when there is no such packet.
    pub(super) fn ack_team(
        &self,
        id: &ItemId,
        by: &str,
        everyone: &BTreeSet<String>,
    ) -> Result<Option<(bool, Op)>, StoreError> {
        let Some(mut rec) = self.team(id)? else { return Ok(None) };
        rec.acked_by.insert(by.to_owned());
        if everyone.iter().all(|k| rec.acked_by.contains(k)) {
            Ok(Some((true, Op::DeleteTeam(rec.id))))
        } else {
            Ok(Some((false, Op::PutTeam(rec))))
        }
    }

    /// Deletes team packets uploaded on or before `by_day`, collected or not.
    pub fn expire_team(&self, by_day: Day) -> Result<usize, StoreError> {
        let ops: Vec<Op> = self
            .team_packets()?
            .into_iter()
            .filter(|t| t.day <= by_day)
            .map(|t| Op::DeleteTeam(t.id))
            .collect();
        let n = ops.len();
        if n > 0 {
            self.commit(Commit { ops })?;
        }
        Ok(n)
    }
}
