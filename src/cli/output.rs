//! How the vault commands print: machine output made inert, and usage errors found after
//! parsing.

/// Prints JSON with every control, direction or invisible character escaped, so that hostile
/// text cannot act on the terminal even in machine output.
pub fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", crate::text::json_safe(&serde_json::to_string_pretty(v)?));
    Ok(())
}

/// A usage error found after parsing (one that involves two flags), which `main` prints and
/// exits with like clap's own (status 2).
pub fn usage(message: String) -> anyhow::Error {
    use clap::CommandFactory;
    super::Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message).into()
}
