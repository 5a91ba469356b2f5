//! Build script: tells the test suite which external tools this machine lacks, so that a test
//! needing one is reported by `cargo test` as `ignored, SKIPPED: …` (visible in its summary)
//! instead of passing silently. With `TEST_REQUIRE_BROWSER` / `TEST_REQUIRE_TOOLS` set (CI),
//! nothing is marked, so a missing tool fails its test.

use std::path::Path;

/// `(cfg name, the tools it needs, the variable that makes them required)`.
const NEEDS: [(&str, &[&str], &str); 3] = [
    ("no_browser", &["/usr/bin/chromium", "/usr/bin/chromedriver"], "TEST_REQUIRE_BROWSER"),
    ("no_tor", &["/usr/bin/tor", "/usr/sbin/tor"], "TEST_REQUIRE_TOOLS"),
    ("no_systemd_analyze", &["/usr/bin/systemd-analyze", "/bin/systemd-analyze"], "TEST_REQUIRE_TOOLS"),
];

fn main() {
    for (cfg, paths, require) in NEEDS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={require}");
        for p in paths {
            println!("cargo::rerun-if-changed={p}");
        }
        // The browser needs both files; the others, one of their places.
        let present = if cfg == "no_browser" {
            paths.iter().all(|p| Path::new(p).exists())
        } else {
            paths.iter().any(|p| Path::new(p).exists())
        };
        if !present && std::env::var_os(require).is_none() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
