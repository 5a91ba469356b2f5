//! `tipbox backup`, `tipbox restore` and `tipbox settle`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use crate::crypto::instance::{self, InstanceKeys};
use crate::server::admin;
use crate::store::{Store, StoreOptions, backup};

/// Flags of `tipbox backup`.
#[derive(Args)]
pub struct BackupArgs {
    /// Config file and data directory.
    #[command(flatten)]
    pub data: super::DataArgs,
    /// Where to write the backup (must not exist).
    #[arg(long)]
    pub out: PathBuf,
}

/// Flags of `tipbox restore`.
#[derive(Args)]
pub struct RestoreArgs {
    /// The data directory to restore into (must hold no store).
    #[arg(long)]
    pub data: PathBuf,
    /// The backup file.
    #[arg(long)]
    pub from: PathBuf,
    /// The instance secret kept apart from the backup (copied in as instance.key).
    #[arg(long)]
    pub instance_key: Option<PathBuf>,
}

/// Flags of `tipbox settle`.
#[derive(Args)]
pub struct SettleArgs {
    /// Config file and data directory.
    #[command(flatten)]
    pub data: super::DataArgs,
}

/// Settles the store now (see `store::settle`): through the running server if there is one,
/// else directly. Prints what it did as JSON.
pub fn settle(a: SettleArgs) -> anyhow::Result<()> {
    let cfg = a.data.load()?;
    let out = match admin::request_settle(&cfg.data_dir) {
        Some(r) => {
            let text = r.context("asking the running server to settle")?;
            if text.trim() == "{}" {
                bail!("the running server could not settle its store: see its log");
            }
            text
        }
        None => {
            if !cfg.data_dir.join("store").is_dir() {
                bail!("no tipbox store in {}", cfg.data_dir.display());
            }
            let store = Store::open(&cfg.data_dir, &StoreOptions::default())?;
            let done = store.settle(&cfg.retention.settle_rules())?;
            drop(store);
            crate::store::settle::normalise_times(&cfg.data_dir)?;
            serde_json::to_string(&done)?
        }
    };
    println!("{}", out.trim());
    Ok(())
}

/// Writes a backup, from the running server if there is one, else from the store directly.
pub fn backup(a: BackupArgs) -> anyhow::Result<()> {
    let cfg = a.data.load()?;
    let mut w = BufWriter::new(crate::files::create_new(&a.out)?);
    let from_server = match admin::request_backup(&cfg.data_dir, &mut w) {
        Some(r) => {
            r.context("the running server's backup was interrupted")?;
            true
        }
        None => {
            if !cfg.data_dir.join("store").is_dir() {
                let _ = std::fs::remove_file(&a.out);
                bail!("no tipbox store in {}", cfg.data_dir.display());
            }
            let keys = InstanceKeys::load_or_create(&cfg.data_dir)?;
            let store = Store::open(&cfg.data_dir, &StoreOptions::default())?;
            store.backup(&keys.origin, &mut w)?;
            false
        }
    };
    let named = |e| crate::files::named(&a.out, e);
    w.flush().map_err(named)?;
    w.get_ref().sync_all().map_err(named)?;
    drop(w);
    // Read it back: a backup that cannot be read is worse than none.
    let info = verify(&a.out)?;
    println!(
        "backup of {} item(s), {} source(s), {} part file(s) written to {} ({})",
        info.items,
        info.sources,
        info.parts,
        a.out.display(),
        if from_server { "from the running server" } else { "server stopped" }
    );
    eprintln!(
        "Keep {} too, but apart from this backup: without it sources cannot log in to a restored store.",
        cfg.data_dir.join(instance::FILE_NAME).display()
    );
    Ok(())
}

fn verify(path: &PathBuf) -> anyhow::Result<backup::BackupInfo> {
    let mut a =
        tar::Archive::new(BufReader::new(File::open(path).map_err(|e| crate::files::named(path, e))?));
    let mut info = None;
    let mut parts = 0;
    for e in a.entries()? {
        let mut e = e?;
        let p = e.path()?.to_string_lossy().into_owned();
        if p == "backup.json" {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut v)?;
            info = Some(serde_json::from_slice::<backup::BackupInfo>(&v)?);
        } else if p.starts_with("blobs/") {
            parts += 1;
        }
    }
    let info = info.context("the backup has no backup.json")?;
    if parts != info.parts {
        bail!("the backup holds {parts} part files, {} expected", info.parts);
    }
    Ok(info)
}

/// Restores a backup into an empty data directory.
pub fn restore(a: RestoreArgs) -> anyhow::Result<()> {
    let info = backup::restore(
        &a.data,
        BufReader::new(File::open(&a.from).with_context(|| a.from.display().to_string())?),
    )?;
    if let Some(k) = &a.instance_key {
        let dest = a.data.join(instance::FILE_NAME);
        let text =
            zeroize::Zeroizing::new(std::fs::read_to_string(k).with_context(|| k.display().to_string())?);
        crate::files::write_new(&dest, text.as_bytes())?;
    }
    match InstanceKeys::load_or_create(&a.data) {
        Ok(k) if k.origin == info.origin => {}
        Ok(_) if a.instance_key.is_none() => eprintln!(
            "warning: a new instance.key was created: sources' codenames will not work until you put back the original instance.key"
        ),
        Ok(_) => bail!("this instance key does not belong to the backup (origin {} expected)", info.origin),
        Err(e) => bail!("instance key: {e}"),
    }
    println!(
        "restored {} item(s), {} source(s), {} part file(s) into {}",
        info.items,
        info.sources,
        info.parts,
        a.data.display()
    );
    Ok(())
}
