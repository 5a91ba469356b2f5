//! Tests of the layered configuration and of the shipped example file.

mod layering {
    use super::super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn defaults_are_valid() {
        let c = Config::load(None, env(&[])).unwrap();
        assert_eq!(c.limits.max_message_chars, 100_000);
        assert_eq!(c.limits.max_files, 10);
        assert_eq!(c.limits.max_submission_bytes, 500 * 1024 * 1024);
        assert!(c.retention.delete_after_ack);
    }

    #[test]
    fn file_then_env_layering() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.toml");
        std::fs::write(&p, "organisation = \"File Org\"\n[limits]\nmax_files = 3\nmax_field_chars = 50\n")
            .unwrap();
        let c = Config::load(
            Some(&p),
            env(&[
                ("TIPBOX_LIMITS__MAX_FILES", "4"),
                ("TIPBOX_PASSPHRASE", "ignored"),
                ("TIPBOX_SOURCE__LISTEN", "unix:/run/x.sock"),
                ("OTHER", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(c.organisation, "File Org");
        assert_eq!(c.limits.max_files, 4);
        assert_eq!(c.limits.max_field_chars, 50);
        assert_eq!(c.source.listen, "unix:/run/x.sock");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.toml");
        std::fs::write(&p, "[limits]\nmax_filez = 3\n").unwrap();
        let err = Config::load(Some(&p), env(&[])).unwrap_err();
        assert!(err.to_string().contains("max_filez"), "{err}");
        let err = Config::load(None, env(&[("TIPBOX_NOPE", "1")])).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn keyholders_from_env() {
        let c =
            Config::load(None, env(&[("TIPBOX_KEYHOLDERS", "[{name = \"a\", recipient = \"age1xyz\"}]")]))
                .unwrap();
        assert_eq!(c.keyholders.len(), 1);
        assert_eq!(c.keyholders[0].recipient, "age1xyz");
    }

    #[test]
    fn invalid_values_are_rejected() {
        assert!(Config::load(None, env(&[("TIPBOX_ARGON2__ITERATIONS", "0")])).is_err());
        assert!(Config::load(None, env(&[("TIPBOX_LIMITS__MAX_FILES", "\"many\"")])).is_err());
    }
}

mod example {
    use super::super::*;
    use std::path::Path;

    fn keys(prefix: &str, v: &toml::Value, out: &mut Vec<String>) {
        if let toml::Value::Table(t) = v {
            for (k, v) in t {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                match v {
                    toml::Value::Table(_) => keys(&path, v, out),
                    _ => out.push(path),
                }
            }
        }
    }

    /// The shipped example parses, and documents every key the config has.
    #[test]
    fn example_config_is_complete_and_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tipbox.example.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        Config::load(Some(&path), Vec::<(String, String)>::new()).unwrap();
        let mut all = Vec::new();
        keys("", &toml::Value::try_from(Config::default()).unwrap(), &mut all);
        for key in all {
            let leaf = key.rsplit('.').next().unwrap();
            let documented = text.lines().any(|l| {
                let l = l.trim_start_matches(['#', ' ']);
                l.starts_with(&format!("{leaf} =")) || l.starts_with(&format!("[[{leaf}]]"))
            });
            assert!(documented, "config/tipbox.example.toml does not document {key}");
        }
    }

    /// The questionnaire the example shows (commented out) is the default one, word for word.
    #[test]
    fn example_questionnaire_is_the_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tipbox.example.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("# [[questions]]").unwrap();
        let block: String = text[start..]
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| !l.starts_with(' ') && (l.starts_with('[') || l.contains(" = ")))
            .map(|l| format!("{l}\n"))
            .collect();
        let cfg = Config::from_table(Some(toml::from_str(&block).unwrap()), Vec::<(String, String)>::new())
            .unwrap();
        assert_eq!(cfg.questions, crate::model::questions::default_questions());
    }
}
