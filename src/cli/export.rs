//! `tipbox export`: the keyholder bundle written on the server host, without any network.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::crypto::instance::InstanceKeys;
use crate::store::export::write_server_bundle;
use crate::store::{Store, StoreOptions};

/// Flags of `tipbox export`.
#[derive(Args)]
pub struct ExportArgs {
    /// Config file and data directory.
    #[command(flatten)]
    pub data: super::DataArgs,
    /// Where to write the bundle (must not exist).
    #[arg(long)]
    pub out: PathBuf,
}

/// Writes the bundle of every unacknowledged item.
pub fn run(a: ExportArgs) -> anyhow::Result<()> {
    let cfg = a.data.load()?;
    if !cfg.data_dir.join("store").is_dir() {
        bail!("no tipbox store in {}", cfg.data_dir.display());
    }
    let keys = InstanceKeys::load_or_create(&cfg.data_dir)?;
    let store = Store::open(&cfg.data_dir, &StoreOptions::default()).map_err(|e| {
        anyhow::anyhow!(
            "cannot open the store ({e}); if the server is running, stop it first or use `tipbox pull` against its keyholder API"
        )
    })?;
    let keyholders = cfg.keyholders.iter().map(|k| k.recipient.clone()).collect();
    let f = crate::files::create_new(&a.out)?;
    let (m, mut w) = write_server_bundle(&store, keys.origin.clone(), keyholders, None, BufWriter::new(f))?;
    let named = |e| crate::files::named(&a.out, e);
    w.flush().map_err(named)?;
    w.get_ref().sync_all().map_err(named)?;
    println!("exported {} item(s) into {}", m.items.len(), a.out.display());
    Ok(())
}
