//! Layering of the configuration: built-in defaults, then the file's table, then `TIPBOX_`
//! variables, then validation. `tipbox check` takes the file's table itself so that it can
//! report a bad value as a finding with its fix (`Config::from_table`).

use std::path::Path;

use serde::Deserialize;

use super::{Config, ConfigError, RESERVED_ENV};

impl Config {
    /// Loads defaults, then the optional file, then `TIPBOX_` variables from `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let table = file.map(Config::read_table).transpose()?;
        Config::from_table(table, env)
    }

    /// Reads a config file as a TOML table (without defaults or validation).
    pub fn read_table(path: &Path) -> Result<toml::Table, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse(e.to_string()))
    }

    /// Defaults, then `file` (a table as [`Config::read_table`] returns it), then `TIPBOX_`
    /// variables from `env`, validated.
    pub fn from_table(
        file: Option<toml::Table>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut merged =
            toml::Table::try_from(Config::default()).map_err(|e| ConfigError::Parse(e.to_string()))?;
        if let Some(table) = file {
            merge(&mut merged, table);
        }
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("TIPBOX_") else {
                continue;
            };
            if RESERVED_ENV.contains(&name.as_str()) || rest.is_empty() {
                continue;
            }
            let path: Vec<String> = rest.split("__").map(|s| s.to_ascii_lowercase()).collect();
            set_path(&mut merged, &path, parse_env_value(&value))?;
        }
        let config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Parse(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks ranges and consistency that types cannot express.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: &str| Err(ConfigError::Invalid(m.to_owned()));
        if self.argon2.memory_kib < 8 * self.argon2.parallelism.max(1) {
            return bad("argon2.memory_kib is below argon2's minimum");
        }
        if self.argon2.iterations == 0 || self.argon2.parallelism == 0 {
            return bad("argon2.iterations and argon2.parallelism must be at least 1");
        }
        if self.limits.max_files == 0 && self.limits.max_message_chars == 0 {
            return bad("limits allow neither a message nor a file");
        }
        self.questionnaire()?;
        if self.sessions.idle_timeout_secs == 0 || self.sessions.absolute_timeout_secs == 0 {
            return bad("session timeouts must be positive");
        }
        if self.source.tls_cert.is_some() != self.source.tls_key.is_some() {
            return bad("source.tls_cert and source.tls_key go together");
        }
        if !(1..=1440).contains(&self.storage.settle_minutes) {
            // Deletion must hold within a day, and an instance must settle at all.
            return bad("storage.settle_minutes must be between 1 and 1440");
        }
        self.validate_keyholders()?;
        let rl = &self.rate_limits;
        for (name, v) in [
            ("submissions_per_minute", rl.submissions_per_minute),
            ("submissions_burst", rl.submissions_burst),
            ("logins_per_minute", rl.logins_per_minute),
            ("logins_burst", rl.logins_burst),
            ("followups_per_minute", rl.followups_per_minute),
            ("followups_burst", rl.followups_burst),
            ("upload_mib_per_minute", rl.upload_mib_per_minute),
            ("per_circuit_per_minute", rl.per_circuit_per_minute),
            ("per_circuit_burst", rl.per_circuit_burst),
            ("per_session_per_minute", rl.per_session_per_minute),
            ("per_session_burst", rl.per_session_burst),
            ("keyholder_auth_failures_per_minute", rl.keyholder_auth_failures_per_minute),
        ] {
            if v == 0 {
                return Err(ConfigError::Invalid(format!("rate_limits.{name} must be at least 1")));
            }
        }
        Ok(())
    }

    /// Names unique, keys well-formed, every token named after a keyholder.
    /// The questionnaire, checked (ids, kinds, options; see `model::questions`).
    pub fn questionnaire(&self) -> Result<crate::model::questions::Questionnaire, ConfigError> {
        crate::model::questions::Questionnaire::new(self.questions.clone())
            .map_err(|e| ConfigError::Invalid(e.to_string()))
    }

    fn validate_keyholders(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if !self.keyholder_api.token_hashes.is_empty() {
            return bad(
                "[keyholder_api] token_hashes (unnamed argon2 hashes) is replaced by one named token per keyholder: \
                 for each keyholder run `tipbox token --hash-of THEIR_TOKEN_FILE` (or `tipbox token --name NAME` \
                 for a new token) and add the line it prints under [keyholder_api.tokens], then remove token_hashes"
                    .into(),
            );
        }
        let mut names = std::collections::BTreeSet::new();
        for k in &self.keyholders {
            if k.name.trim().is_empty() || k.name.chars().count() > 64 || k.name.chars().any(char::is_control)
            {
                return bad(format!("keyholder name {:?}: use 1 to 64 printable characters", k.name));
            }
            if !names.insert(k.name.as_str()) {
                return bad(format!("keyholder name {:?} is used twice", k.name));
            }
            if let Some(sk) = &k.signing_key
                && sk.parse::<crate::crypto::sign::PublicKey>().is_err()
            {
                return bad(format!(
                    "keyholder {:?}: signing_key is not a tipboxsig1… key (tipbox keygen and `tipbox key show` print it)",
                    k.name
                ));
            }
        }
        for (name, hash) in &self.keyholder_api.tokens {
            if !names.contains(name.as_str()) {
                return bad(format!(
                    "[keyholder_api.tokens] {name:?} names no [[keyholders]] entry: a token belongs to a keyholder"
                ));
            }
            if let Err(e) = crate::crypto::token::parse_hash(hash) {
                return bad(format!("[keyholder_api.tokens] {name}: the hash {e}"));
            }
        }
        Ok(())
    }
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn set_path(table: &mut toml::Table, path: &[String], value: toml::Value) -> Result<(), ConfigError> {
    match path {
        [] => Ok(()),
        [last] => {
            table.insert(last.clone(), value);
            Ok(())
        }
        [first, rest @ ..] => {
            let entry = table.entry(first.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => set_path(t, rest, value),
                _ => Err(ConfigError::Parse(format!(
                    "environment sets a key inside {first}, which is not a section"
                ))),
            }
        }
    }
}

fn parse_env_value(raw: &str) -> toml::Value {
    #[derive(Deserialize)]
    struct Wrap {
        v: toml::Value,
    }
    match toml::from_str::<Wrap>(&format!("v = {raw}")) {
        Ok(w) => w.v,
        Err(_) => toml::Value::String(raw.to_owned()),
    }
}
