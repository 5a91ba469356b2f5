//! tipbox: an anonymous tip line for people targeted by transnational repression.
//!
//! Layers, from the ground up (each uses only those below it):
//! 1. [`model`], [`crypto`], [`text`] and [`files`]: validated ids, days and vocabularies; age,
//!    argon2, codenames, padding, signatures; text hygiene; private files. Then [`store`]: sled
//!    records and ciphertext part files.
//! 2. [`bundle`]: the keyholder bundle format, read and written by both sides.
//! 3. [`server`] (HTTP) and [`vault`] (the offline keyholder workspace), which never import
//!    each other.
//! 4. [`cli`]: one small function per subcommand.
//!
//! To follow one tip from socket to vault, read `server/routes/submit.rs`, `server/ingest.rs`,
//! `store/`, `bundle/`, then `vault/`.
#![forbid(unsafe_code)]

pub mod bundle;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod desk;
pub mod files;
pub mod locale;
pub mod model;
pub mod server;
pub mod store;
pub mod text;
pub mod vault;
