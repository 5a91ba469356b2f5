//! The sled trees and what their keys and values are.
//!
//! | tree      | key                      | value                     |
//! |-----------|--------------------------|---------------------------|
//! | `items`   | item id (16 B)           | [`ItemRecord`] JSON       |
//! | `sources` | source id (16 B)         | [`SourceRecord`] JSON     |
//! | `logins`  | lookup id (32 B)         | source id                 |
//! | `parts`   | part id (16 B)           | item id                   |
//! | `threads` | source id ‖ item id      | item kind tag (1 B)       |
//! | `team`    | packet id (16 B)         | [`TeamRecord`] JSON       |
//!
//! [`ItemRecord`]: super::schema::ItemRecord
//! [`SourceRecord`]: super::schema::SourceRecord
//! [`TeamRecord`]: super::schema::TeamRecord
//!
//! The `parts` tree names the item or team packet a part belongs to.

/// The tree names, in the order backups and rewrites copy them.
pub(crate) const TREES: [&str; 6] = ["items", "sources", "logins", "parts", "threads", "team"];

/// Open handles on every tree.
#[derive(Clone)]
pub(crate) struct Trees {
    pub(crate) db: sled::Db,
    pub(crate) items: sled::Tree,
    pub(crate) sources: sled::Tree,
    pub(crate) logins: sled::Tree,
    pub(crate) parts: sled::Tree,
    pub(crate) threads: sled::Tree,
    pub(crate) team: sled::Tree,
}

impl Trees {
    pub(crate) fn open(db: sled::Db) -> sled::Result<Self> {
        Ok(Self {
            items: db.open_tree("items")?,
            sources: db.open_tree("sources")?,
            logins: db.open_tree("logins")?,
            parts: db.open_tree("parts")?,
            threads: db.open_tree("threads")?,
            team: db.open_tree("team")?,
            db,
        })
    }

    /// A tree by its name in [`TREES`].
    pub(crate) fn by_name(&self, name: &str) -> &sled::Tree {
        match name {
            "items" => &self.items,
            "sources" => &self.sources,
            "logins" => &self.logins,
            "parts" => &self.parts,
            "team" => &self.team,
            _ => &self.threads,
        }
    }
}
