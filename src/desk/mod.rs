//! The desk: `tipbox vault ui`, the vault as web pages on the offline machine.
//!
//! The desk is a second front end of the same vault library as the command line (every action
//! here is a `tipbox vault` command too). It is built for the keyholder at the browser and
//! against everything else on the machine:
//!
//! - it listens on loopback only (the command line refuses any other address) and answers only
//!   requests whose `Host` names that address, so a web page cannot reach it by DNS rebinding;
//! - the URL it prints carries a secret that works once: the first request exchanges it for a
//!   `HttpOnly; SameSite=Strict` session cookie, and every request without that cookie gets
//!   403 (see [`access`]). Every form carries a CSRF token;
//! - everything a source or a bundle wrote is escaped by askama; attachments are never served
//!   to the browser, only written out on request, as `vault extract` does;
//! - every page goes out with `Content-Security-Policy: default-src 'none'` (the desk's own
//!   stylesheet and chart images only), `no-store` and `frame-ancestors 'none'`;
//! - it holds the vault's lock for as long as it runs, holds the unlocked identity in this
//!   process only, and ends (dropping the identity) after the idle time or on Lock;
//! - it opens no outbound connection: nothing here is a client.
//!
//! Vault work (decryption, saving) runs off the executor, on the blocking pool, at most
//! [`BLOCKING_THREADS`] requests at a time (a semaphore), and one at a time on the vault.

pub mod access;
mod actions;
mod case;
mod errors;
mod form;
pub mod list;
mod pages;
mod team;
mod tools;

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use actix_web::{App, HttpServer, web};
use anyhow::Context as _;

use crate::locale::Tr;
use crate::vault::Vault;

pub use errors::DeskError;

/// Threads of the blocking pool that decrypts and saves (the vault takes one request at a time;
/// the second thread keeps a slow save from holding up the error pages).
pub const BLOCKING_THREADS: usize = 2;

/// The languages the desk speaks: its own words exist in these.
pub const LANGS: &[&str] = &["en", "zh-Hans", "zh-Hant"];

/// Everything a request can reach: the open vault, the secrets, the language.
pub struct Desk {
    vault: Arc<Mutex<Vault>>,
    access: access::Access,
    tr: Mutex<Tr>,
    last_seen: Mutex<Instant>,
    pool: tokio::sync::Semaphore,
    stop: Mutex<Option<actix_web::dev::ServerHandle>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler that panicked left the data as it was before its change (changes are saved
    // whole or not at all), so the lock stays usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Desk {
    /// The desk language.
    pub fn tr(&self) -> Tr {
        *lock(&self.tr)
    }

    /// The layout of a signed-in keyholder's page titled `title` (its forms carry the token).
    pub fn layout_titled(&self, title: String) -> pages::Layout {
        pages::Layout::titled(self.tr(), title, Some(self.access.csrf().expose()))
    }

    /// The layout of a signed-in keyholder's page titled by message `title_key`.
    pub fn layout(&self, title_key: &str) -> pages::Layout {
        self.layout_titled(self.tr().t(title_key))
    }

    fn set_tr(&self, tr: Tr) {
        *lock(&self.tr) = tr;
    }

    fn touch(&self) {
        *lock(&self.last_seen) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        lock(&self.last_seen).elapsed()
    }

    /// Runs `f` on the vault, on the blocking pool.
    pub async fn with_vault<R, F>(&self, f: F) -> Result<R, DeskError>
    where
        F: FnOnce(&mut Vault) -> Result<R, DeskError> + Send + 'static,
        R: Send + 'static,
    {
        let _permit = self.pool.acquire().await.map_err(|_| DeskError::Internal("pool closed"))?;
        let vault = self.vault.clone();
        web::block(move || f(&mut lock(&vault))).await.map_err(|_| DeskError::Internal("blocking pool"))?
    }

    /// Ends the desk (the Lock button): the server stops, and the vault with its identity is
    /// dropped when the last request is done.
    fn lock_now(&self) {
        if let Some(h) = lock(&self.stop).take() {
            actix_web::rt::spawn(async move { h.stop(true).await });
        }
    }
}

/// `tipbox vault ui`: serves the desk on `listen` (a loopback address, already checked) until
/// it is locked or idle for `idle`.
pub fn run(vault: Vault, listen: SocketAddr, idle: Duration) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(BLOCKING_THREADS)
        .enable_all()
        .build()
        .context("starting the desk")?;
    actix_rt::System::with_tokio_rt(|| rt).block_on(serve(vault, listen, idle))
}

async fn serve(vault: Vault, listen: SocketAddr, idle: Duration) -> anyhow::Result<()> {
    if !listen.ip().is_loopback() {
        anyhow::bail!("{} is not a loopback address: the desk listens on this machine only", listen.ip());
    }
    let listener = TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let access = access::Access::new(addr)?;
    let url = access.unlock_url();
    let desk = web::Data::new(Desk {
        vault: Arc::new(Mutex::new(vault)),
        access,
        tr: Mutex::new(Tr::default()),
        last_seen: Mutex::new(Instant::now()),
        pool: tokio::sync::Semaphore::new(BLOCKING_THREADS),
        stop: Mutex::new(None),
    });
    let data = desk.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::PayloadConfig::new(form::MAX_FORM_BYTES))
            .wrap(errors::handlers())
            .wrap(access::headers())
            .configure(routes)
    })
    .workers(1)
    .shutdown_timeout(2)
    .listen(listener)?
    .run();
    *lock(&desk.stop) = Some(server.handle());
    actix_web::rt::spawn(watch_idle(desk.clone(), idle));
    println!("listening on {url}");
    eprintln!(
        "Open that address in a browser on this machine; it works once. The desk locks after {} idle.",
        idle_words(idle)
    );
    server.await.context("the desk failed")?;
    eprintln!("The desk is locked: the vault is closed.");
    Ok(())
}

/// Locks the desk once no request has come for `idle`.
async fn watch_idle(desk: web::Data<Desk>, idle: Duration) {
    let step = (idle / 4).clamp(Duration::from_millis(200), Duration::from_secs(5));
    loop {
        actix_web::rt::time::sleep(step).await;
        if desk.idle_for() >= idle {
            eprintln!("No request for {}: locking.", idle_words(idle));
            desk.lock_now();
            return;
        }
    }
}

fn idle_words(d: Duration) -> String {
    match d.as_secs() {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/unlock/{secret}", web::get().to(access::unlock))
        .route("/static/desk.css", web::get().to(tools::stylesheet))
        .route("/", web::get().to(list::cases))
        .route("/bulk", web::post().to(actions::bulk))
        .route("/case/{n}", web::get().to(case::page))
        .route("/case/{n}/{action}", web::post().to(actions::on_case))
        .route("/import", web::get().to(tools::import_page))
        .route("/import", web::post().to(tools::import))
        .route("/export", web::post().to(tools::export))
        .route("/stats", web::get().to(tools::stats))
        .route("/stats.svg", web::get().to(tools::stats_svg))
        .route("/team", web::get().to(team::page))
        .route("/team/{action}", web::post().to(team::change))
        .route("/lang/{tag}", web::post().to(tools::set_lang))
        .route("/lock", web::post().to(tools::lock));
}
