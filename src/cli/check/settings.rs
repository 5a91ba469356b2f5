//! What the config file says, beyond what loading it checks.
//!
//! Token hashes first. `serve` refuses a bad token hash when the config loads, and that is
//! right for a server. But a check that stops at "the configuration does not load" tells the
//! operator one problem and hides every other. So [`load`] reads `[keyholder_api.tokens]`
//! itself: each hash that does not parse becomes a finding with the fix for what was pasted, it
//! is taken out, and the rest of the config loads and is checked as usual. A value is never
//! printed: what was pasted may be the token itself, and `check` runs as `ExecStartPre=`, into
//! the journal.
//!
//! Then settings that a deployment must choose rather than inherit ([`check`]): what the
//! defaults and the example config leave as they are for a trial on a laptop, and a server
//! behind Tor must not. Each is an error when leaving it weakens what README and SECURITY.md
//! promise sources, and a warning when it only costs capacity or convenience.

use std::path::Path;

use super::Report;
use crate::config::{Config, ConfigError};
use crate::crypto::token::{self, TokenError};

/// The example config, whose values are placeholders: a deployment copied from it must change
/// them.
const EXAMPLE: &str = include_str!("../../../config/tipbox.example.toml");

/// The example config's `organisation`.
fn example_organisation() -> Option<String> {
    let t: toml::Table = toml::from_str(EXAMPLE).ok()?;
    t.get("organisation")?.as_str().map(str::to_owned)
}

/// Whether `s` is a v3 onion address: 56 base32 characters and `.onion`; the example's
/// `xxx…x.onion` (one character repeated) is not.
fn is_onion_v3(s: &str) -> bool {
    s.strip_suffix(".onion").is_some_and(|h| {
        h.len() == 56
            && h.bytes().all(|b| matches!(b, b'a'..=b'z' | b'2'..=b'7'))
            && h.bytes().any(|b| b != h.as_bytes()[0])
    })
}

/// Checks the source listener's settings, the storage quota and what sources are shown.
pub fn check(r: &mut Report, cfg: &Config) {
    let src = &cfg.source;
    let tls = src.tls_cert.is_some();
    // An error: behind Tor every client is the same peer, so without the circuit id one client
    // can hold every connection (1 024) and every upload slot, and the per-circuit limits that
    // README's "Under attack" counts on do not exist. Tor sends the header whenever asked.
    if src.listen.starts_with("unix:") && !src.proxy_protocol {
        r.error(
            "the source listener is a Unix socket without proxy_protocol: every Tor client looks like one, so \
             there are no per-circuit limits and one client can take every connection and upload slot",
            "set [source] proxy_protocol = true, and HiddenServiceExportCircuitID haproxy in the torrc \
             (deploy/torrc has it)",
        );
    }
    // An error: Tor Browser treats .onion as a secure context, so Secure costs nothing there,
    // and without it the cookie also lacks the __Host- prefix that pins it to this origin.
    if !src.secure_cookies && !tls {
        r.error(
            "session cookies are sent without Secure (and without the __Host- prefix)",
            "set [source] secure_cookies = true: Tor Browser treats .onion as a secure context, so logins keep working",
        );
    }
    match &src.onion_address {
        None => r.warn(
            "[source] onion_address is not set: the success page cannot tell sources which address to come back \
             to, and TLS responses carry no Onion-Location",
            "set onion_address to the content of /var/lib/tor/tipbox-source/hostname",
        ),
        Some(a) if !is_onion_v3(a.trim()) => r.error(
            format!("[source] onion_address {a:?} is not a v3 onion address"),
            "copy it from /var/lib/tor/tipbox-source/hostname (56 characters, then .onion)",
        ),
        Some(_) => {}
    }
    let st = &cfg.storage;
    if st.quota_mib == 0 {
        // Without a quota a flood of uploads stops only at the free-disk reserve; with no
        // reserve either, it fills the disk, and then nothing can be written, not even a login.
        let problem = "no storage quota ([storage] quota_mib = 0): a flood of uploads can fill the disk";
        let fix = "set [storage] quota_mib to what this disk may give to tips (tipbox refuses new ones beyond it, \
                   and stored tips, logins and the keyholder API keep working)";
        if st.reserve_mib == 0 { r.error(problem, fix) } else { r.warn(problem, fix) }
    }
    let org = cfg.organisation.trim();
    let placeholders =
        [Some(Config::default().organisation), Some("tipbox demo".to_owned()), example_organisation()];
    if placeholders.iter().flatten().any(|p| p == org) {
        r.error(
            format!("organisation is {org:?}, a placeholder: sources would not recognise whom they are reporting to"),
            "set organisation to the name sources know your organisation by",
        );
    }
}

/// Loads `path` (and the `TIPBOX_` environment) as `serve` would, except that unparsable token
/// hashes are reported in `r` and left out.
pub fn load(path: &Path, r: &mut Report) -> Result<Config, ConfigError> {
    let mut table = Config::read_table(path)?;
    if let Some(toml::Value::Table(api)) = table.get_mut("keyholder_api")
        && let Some(toml::Value::Table(tokens)) = api.get_mut("tokens")
    {
        tokens.retain(|name, value| match value.as_str() {
            Some(hash) => match token::parse_hash(hash) {
                Ok(_) => true,
                Err(e) => {
                    report(r, name, hash, &e);
                    false
                }
            },
            // Not a string: the type error of loading says so, with the key.
            None => true,
        });
    }
    Config::from_table(Some(table), std::env::vars())
}

/// One finding for a token hash that does not parse, with the fix for what was pasted.
fn report(r: &mut Report, name: &str, hash: &str, e: &TokenError) {
    let what = format!("[keyholder_api.tokens] {name}: the hash");
    if hash.trim().starts_with(token::PREFIX) {
        r.error(
            format!("{what} is the token itself, not its hash: the token is now in the config file"),
            format!(
                "treat that token as leaked: run `tipbox token --name {name} --out token-{name}` for a new one, \
                 give it to {name} and paste the {name} = \"sha256:…\" line it prints"
            ),
        );
        return;
    }
    let fix = match e {
        TokenError::Pasted(label) => format!(
            "remove {label:?} from the value: the line reads {name} = \"sha256:…\" (only what follows {label} in \
             the output of `tipbox token`)"
        ),
        TokenError::Legacy => format!(
            "run `tipbox token --hash-of TOKEN_FILE` with {name}'s existing token file (or `tipbox token --name \
             {name}` for a new token) and paste the sha256:… value it prints"
        ),
        _ => format!("paste the {name} = \"sha256:…\" line that `tipbox token --name {name}` printed"),
    };
    r.error(format!("{what} {e}"), fix);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_names_a_placeholder_organisation() {
        assert_eq!(example_organisation().as_deref(), Some("Example NGO"));
    }

    #[test]
    fn onion_addresses() {
        let a = format!("{}.onion", "a2".repeat(28));
        assert!(is_onion_v3(&a));
        assert!(!is_onion_v3(&format!("{}.onion", "x".repeat(16))), "v2 addresses are gone");
        assert!(!is_onion_v3(&format!("{}.onion", "1".repeat(56))));
        assert!(!is_onion_v3("example.org"));
        assert!(!is_onion_v3(&format!("{}.onion", "x".repeat(56))), "the example's placeholder");
    }
}
