//! The bundle format: a tar archive of `manifest.json` followed by one age file per part.
//!
//! ```text
//! manifest.json            what is in the bundle (below)
//! parts/<part id>.age      ciphertext, exactly as stored on the server
//! ```
//!
//! The manifest comes first so a reader can check every later entry against it while
//! streaming. Nothing in a bundle is plaintext: the manifest carries ids, kinds, UTC days, sizes
//! and public recipients only.

use serde::{Deserialize, Serialize};

use crate::crypto::sign::Signed;
use crate::model::Day;
use crate::model::item::{ItemKind, PartRole};
use crate::model::{ItemId, PartId, SourceId};

/// `format` of every manifest.
pub const FORMAT: &str = "tipbox-bundle";
/// Current manifest version.
pub const VERSION: u32 = 1;
/// Name of the manifest entry.
pub const MANIFEST: &str = "manifest.json";
/// Largest manifest accepted.
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
/// Most items in one bundle.
pub const MAX_ITEMS: usize = 200_000;
/// Most parts of one item (a document and its attachments).
pub const MAX_PARTS_PER_ITEM: usize = 64;
/// Most keyholder recipients a manifest may list.
pub const MAX_KEYHOLDERS: usize = 256;
/// Most team packets in one bundle.
pub const MAX_TEAM_PACKETS: usize = 10_000;
/// Largest team packet part, bytes: about 350 000 operations, and a bound on what a made-up
/// packet (anyone can encrypt to a vault's public recipient) makes a vault parse.
pub const MAX_TEAM_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest part, bytes (far above any configurable submission size).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024 * 1024;

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// Pulled from a server: tips, follow-ups and replies not yet acknowledged.
    Server,
    /// Made by `tipbox vault reply`: replies to upload.
    Replies,
    /// Made by `tipbox vault sync`: one keyholder's triage operations for the team (a
    /// [`TeamPacket`]) and the replies the team may not have.
    Sync,
}

/// The manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// Kind.
    pub kind: BundleKind,
    /// UTC day the bundle was written.
    pub created: Day,
    /// Which server instance it came from (a stable, non-secret id), for keyholders who pull
    /// from several hosts behind one onion address.
    #[serde(default)]
    pub origin: String,
    /// The keyholder recipients the writer encrypts to (the server's `[[keyholders]]`, or a
    /// vault's team roster). A vault compares it with its own roster and adopts nothing.
    #[serde(default)]
    pub keyholders: Vec<String>,
    /// The items.
    pub items: Vec<ManifestItem>,
    /// Triage operations of the team, each packet encrypted to the team roster of the vault
    /// that wrote it (server and sync bundles only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamPacket>,
}

/// One keyholder's triage operations as they travel: a part only the team can read, signed by
/// the keyholder who uploaded it so that the server stores only what a configured keyholder
/// sent (see [`super::signing::team_statement`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamPacket {
    /// Packet id (acknowledged like an item id).
    pub id: ItemId,
    /// UTC day written.
    pub day: Day,
    /// The part (role [`PartRole::Team`]).
    pub part: ManifestPart,
    /// The writer's signature.
    pub signature: Signed,
}

/// One item in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestItem {
    /// Item id.
    pub id: ItemId,
    /// Kind.
    pub kind: ItemKind,
    /// The source's thread.
    pub source: SourceId,
    /// The source's public age recipient (replies are encrypted to it).
    pub source_recipient: String,
    /// UTC day received.
    pub day: Day,
    /// Its parts, the document first.
    pub parts: Vec<ManifestPart>,
    /// Replies: the keyholder's signature of [`super::signing::reply_statement`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signed>,
}

/// One part in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestPart {
    /// Part id.
    pub id: PartId,
    /// Role.
    pub role: PartRole,
    /// Ciphertext bytes.
    pub size: u64,
}

/// The archive path of a part.
pub fn part_path(id: &PartId) -> String {
    format!("parts/{id}.age")
}

impl Manifest {
    /// An empty manifest of `kind`, dated today.
    pub fn new(kind: BundleKind, origin: String, keyholders: Vec<String>) -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            kind,
            created: Day::today(),
            origin,
            keyholders,
            items: Vec::new(),
            team: Vec::new(),
        }
    }

    /// Every item id.
    pub fn item_ids(&self) -> Vec<ItemId> {
        self.items.iter().map(|i| i.id).collect()
    }

    /// Every part the bundle carries, items' first, then team packets'.
    pub fn parts(&self) -> impl Iterator<Item = &ManifestPart> {
        self.items.iter().flat_map(|i| &i.parts).chain(self.team.iter().map(|t| &t.part))
    }
}
