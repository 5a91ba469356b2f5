//! The offline vault: where keyholders decrypt, triage and answer tips, on a machine that holds
//! their age identity and never serves anything.

pub mod identity;
