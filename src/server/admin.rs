//! The local admin socket, `<data>/admin.sock` (mode 0600): how `tipbox backup` gets a
//! consistent snapshot from a running server, whose store no other process may open.
//!
//! Protocol: the client sends one line, `backup` (and reads the backup tar until the server
//! closes) or `settle` (and reads what the settle did, as JSON; `{}` when it failed). Only the
//! owner of the data directory can connect, and nothing else is offered.

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::web;
use tokio::io::AsyncReadExt;
use tokio::net::UnixListener;

use super::state::AppState;

/// File name of the socket inside the data directory.
pub const SOCKET: &str = "admin.sock";

/// Binds the socket (replacing a stale one) with mode 0600.
pub fn bind(data_dir: &Path) -> std::io::Result<(UnixListener, PathBuf)> {
    let path = data_dir.join(SOCKET);
    if path.exists() {
        std::fs::remove_file(&path)?;
    }
    let l = UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok((l, path))
}

/// Serves admin connections until the process ends.
pub async fn serve(listener: UnixListener, state: web::Data<AppState>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else { continue };
        let state = state.clone();
        actix_rt::spawn(async move {
            let mut line = [0u8; 16];
            let n = match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut line)).await {
                Ok(Ok(n)) => n,
                _ => return,
            };
            match line[..n].trim_ascii() {
                b"backup" => {}
                b"settle" => {
                    let done = super::maintenance::settle(&state).await;
                    let reply =
                        done.and_then(|d| serde_json::to_vec(&d).ok()).unwrap_or_else(|| b"{}".to_vec());
                    let _ = tokio::io::AsyncWriteExt::write_all(&mut stream, &reply).await;
                    return;
                }
                _ => return,
            }
            let Ok(std_stream) = stream.into_std() else { return };
            let _ = std_stream.set_nonblocking(false);
            let origin = state.origin.clone();
            let res = state
                .blocking(move |s| {
                    let mut w = std::io::BufWriter::with_capacity(256 * 1024, std_stream);
                    s.backup(&origin, &mut w).map(|info| (info, w.into_inner().is_ok()))
                })
                .await;
            match res {
                Ok(Ok((info, _))) => tracing::info!(items = info.items, parts = info.parts, "backup written"),
                _ => tracing::error!(kind = "backup", "backup failed"),
            }
        });
    }
}

/// Asks a running server to settle its store now; `None` when no server is listening.
pub fn request_settle(data_dir: &Path) -> Option<std::io::Result<String>> {
    use std::io::Write as _;
    let mut s = std::os::unix::net::UnixStream::connect(data_dir.join(SOCKET)).ok()?;
    Some((|| {
        s.write_all(b"settle\n")?;
        let mut out = String::new();
        s.take(64 * 1024).read_to_string(&mut out)?;
        Ok(out)
    })())
}

/// Asks a running server for a backup and copies it to `out`. `None` when no server is
/// listening on the data directory's admin socket.
pub fn request_backup(data_dir: &Path, out: &mut impl std::io::Write) -> Option<std::io::Result<u64>> {
    use std::io::Write as _;
    let mut s = std::os::unix::net::UnixStream::connect(data_dir.join(SOCKET)).ok()?;
    Some((|| {
        s.write_all(b"backup\n")?;
        let mut r = std::io::BufReader::with_capacity(256 * 1024, &mut s);
        let mut total = 0u64;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                return Ok(total);
            }
            out.write_all(&buf[..n])?;
            total += n as u64;
        }
    })())
}
