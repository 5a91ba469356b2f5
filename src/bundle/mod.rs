//! The keyholder bundle format and the documents inside it, shared by the server (which
//! writes bundles and reads reply bundles) and the vault (which does the reverse).

pub mod document;
pub mod format;
pub mod read;
pub mod signing;
pub mod write;

#[cfg(test)]
mod tests;
