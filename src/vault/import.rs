//! `vault import BUNDLE`: copies ciphertext into the vault and files each item into its
//! source's case. Importing the same bundle twice adds nothing.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::state::{Case, Item, Status, Summary};
use super::{Vault, VaultError};
use crate::bundle::document::{self, ReplyDocument, TipDocument};
use crate::bundle::format::ManifestItem;
use crate::bundle::read::read_bundle;
use crate::store::{ItemKind, PartRole};

/// What an import did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct ImportOutcome {
    /// Items new to this vault.
    pub new_items: usize,
    /// Items it already had.
    pub known_items: usize,
    /// Cases created.
    pub new_cases: usize,
    /// Items not encrypted to this identity (e.g. sent after this keyholder was removed from
    /// the server's config), skipped.
    pub unreadable: usize,
}

fn copy_part(vault: &Vault, id: &crate::store::PartId, size: u64, r: &mut dyn Read) -> Result<(), String> {
    let path = vault.part_path(id);
    if let Ok(meta) = fs::metadata(&path)
        && meta.len() == size
    {
        // Already here from an earlier import of the same bundle.
        io::copy(r, &mut io::sink()).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let tmp = path.with_extension("age.tmp");
    let mut f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| e.to_string())?;
    let n = io::copy(r, &mut f).map_err(|e| e.to_string())?;
    if n != size {
        let _ = fs::remove_file(&tmp);
        return Err("part shorter than the manifest says".into());
    }
    f.flush().and_then(|_| f.sync_all()).map_err(|e| e.to_string())?;
    fs::rename(&tmp, &path).map_err(|e| e.to_string())
}

/// Imports `bundle_path` into `vault`.
pub fn import(vault: &mut Vault, bundle_path: &Path) -> Result<ImportOutcome, VaultError> {
    let file = File::open(bundle_path)?;
    let manifest = {
        let v: &Vault = vault;
        read_bundle(io::BufReader::new(file), |_, p, r| copy_part(v, &p.id, p.size, r))?
    };
    File::open(vault.dir().join("parts"))?.sync_all()?;
    let mut out = ImportOutcome::default();
    for k in &manifest.keyholders {
        if k.starts_with("age1") {
            vault.state.keyholders.insert(k.clone());
        }
    }
    // Tips first, so a case gets its answers before its follow-ups are filed.
    let mut items: Vec<&ManifestItem> = manifest.items.iter().collect();
    items.sort_by_key(|i| (i.day.clone(), i.kind != ItemKind::Tip));
    for mi in items {
        if vault.state.items.contains_key(&mi.id) {
            out.known_items += 1;
            continue;
        }
        let (attachments, summary) = match open_document(vault, mi) {
            Ok(x) => x,
            Err(VaultError::Seal(_)) | Err(VaultError::Unreadable) => {
                out.unreadable += 1;
                for p in &mi.parts {
                    let _ = fs::remove_file(vault.part_path(&p.id));
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        let number = match vault.state.case_of_source(&mi.source) {
            Some(n) => n,
            None => {
                let n = vault.state.next_case;
                vault.state.next_case += 1;
                vault.state.cases.insert(
                    n,
                    Case {
                        number: n,
                        source: mi.source,
                        source_recipient: mi.source_recipient.clone(),
                        origin: manifest.origin.clone(),
                        received: mi.day.clone(),
                        summary: Summary::default(),
                        status: Status::New,
                        tags: BTreeSet::new(),
                        assignee: None,
                        notes: Vec::new(),
                        links: BTreeSet::new(),
                        history: Vec::new(),
                        items: Vec::new(),
                    },
                );
                out.new_cases += 1;
                n
            }
        };
        if let Some(case) = vault.state.cases.get_mut(&number) {
            if let Some(s) = summary {
                case.summary = s;
            }
            if mi.day < case.received {
                case.received = mi.day.clone();
            }
            case.items.push(mi.id);
        }
        vault.state.items.insert(
            mi.id,
            Item {
                id: mi.id,
                case: number,
                kind: mi.kind,
                day: mi.day.clone(),
                parts: mi.parts.clone(),
                attachments,
            },
        );
        out.new_items += 1;
    }
    vault.save()?;
    Ok(out)
}

/// Decrypts an item's document: attachments and (for tips) the answers. Checks that every
/// attachment part at least opens with this identity.
fn open_document(
    vault: &Vault,
    mi: &ManifestItem,
) -> Result<(Vec<document::AttachmentMeta>, Option<Summary>), VaultError> {
    let doc_part =
        mi.parts.first().ok_or_else(|| VaultError::Invalid(format!("item {} has no parts", mi.id)))?;
    let plain = vault.decrypt_part(&doc_part.id).map_err(|_| VaultError::Unreadable)?;
    match mi.kind {
        ItemKind::Reply => {
            let _: ReplyDocument = document::from_json(&plain)
                .map_err(|_| VaultError::Invalid(format!("reply {} is not a reply document", mi.id)))?;
            Ok((Vec::new(), None))
        }
        ItemKind::Tip | ItemKind::Followup => {
            let doc: TipDocument = document::from_json(&plain)
                .map_err(|_| VaultError::Invalid(format!("item {} is not a tip document", mi.id)))?;
            for a in &doc.attachments {
                let p =
                    mi.parts.iter().find(|p| p.id == a.part && p.role == PartRole::Attachment).ok_or_else(
                        || VaultError::Invalid(format!("item {}: attachment part missing", mi.id)),
                    )?;
                // Reading the header proves the part is for us without decrypting it all.
                let f = File::open(vault.part_path(&p.id))?;
                crate::crypto::seal::decrypt_stream(vault.identity(), io::BufReader::new(f))?;
            }
            let summary = (mi.kind == ItemKind::Tip).then(|| Summary {
                country: doc.answers.country.clone(),
                city: doc.answers.city.clone(),
                when: doc.answers.when.clone(),
                role: doc.answers.role.clone(),
                incidents: doc.answers.incidents.clone(),
                contact_ok: doc.answers.contact_ok,
                language: doc.language.clone(),
            });
            Ok((doc.attachments, summary))
        }
    }
}
