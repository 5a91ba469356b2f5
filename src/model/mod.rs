//! The shared model at the bottom of the crate: what a tip *is*, independent of HTTP, sled or
//! the vault. Types here validate on construction (and on deserialisation), so a value that
//! crossed a trust boundary is either well-formed or never became a value at all.
//!
//! - [`ids`] and [`item`]: random 128-bit ids of items, parts and source threads; item kinds and
//!   part roles.
//! - [`day`]: a UTC calendar day, the only time tipbox ever records.
//! - [`countries`] and [`vocab`]: the closed vocabularies of the form (ISO 3166-1 codes, roles,
//!   kinds of pressure).
//! - [`questions`] and [`answers`]: the questionnaire (from the config, or the default one) and
//!   a tip's answers by question id: one model for the form, the documents, the vault, the CSV
//!   and the statistics.

pub mod answers;
pub mod countries;
pub mod day;
pub mod ids;
pub mod item;
pub mod questions;
pub mod vocab;

pub use day::Day;
pub use ids::{InvalidId, ItemId, OpId, PartId, SourceId};
