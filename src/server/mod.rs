//! The HTTP server: the source interface and the keyholder API, each on its own listener.
//!
//! Built on actix-server and actix-http directly (rather than `HttpServer`) so that every
//! connection passes through our own pre-HTTP step (see [`listener`]). Signals are ours too:
//! SIGTERM and SIGINT both stop accepting, let in-flight requests finish, flush the store and
//! exit 0.

pub mod admin;
pub mod body;
pub mod clock;
pub mod conns;
pub mod csrf;
pub mod errors;
pub mod form;
pub mod form_view;
pub mod headers;
pub mod ingest;
pub mod intake;
pub mod kdf_pool;
pub mod listener;
pub mod maintenance;
pub mod pages;
pub mod proxy;
pub mod rate_limits;
pub mod request;
pub mod routes;
pub mod session;
pub mod size_limits;
pub mod slots;
pub mod state;
pub mod tls;
pub mod tokens;

use std::io::Write;
use std::time::Duration;

use actix_http::HttpService;
use actix_service::{ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::AppConfig;
use actix_web::web;
use bytes::Bytes;

use crate::config::Config;
use crate::crypto::instance::{InstanceError, InstanceKeys};
use crate::store::{Store, StoreError, StoreOptions};
use listener::{Bound, Conn, ConnInfo, ListenAddr};
use state::AppState;

/// Errors that stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The instance secret.
    #[error(transparent)]
    Instance(#[from] InstanceError),
    /// The store.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Shared state.
    #[error(transparent)]
    State(#[from] state::StateError),
    /// A listen address.
    #[error(transparent)]
    Addr(#[from] listener::BadAddr),
    /// TLS certificate or key.
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    /// Binding or serving.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Which app a listener serves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// Source interface.
    Source,
    /// Keyholder API.
    Keyholder,
}

/// Runs the server until SIGTERM/SIGINT. Must be called inside an actix `System`.
pub async fn run(cfg: Config) -> Result<(), ServerError> {
    crate::files::create_private_dir(&cfg.data_dir)?;
    let keys = InstanceKeys::load_or_create(&cfg.data_dir)?;
    let store =
        Store::open(&cfg.data_dir, &StoreOptions { cache_bytes: cfg.storage.cache_mib * 1024 * 1024 })?;
    let rec = store.recovery();
    if rec.orphan_parts_removed > 0 || rec.missing_parts > 0 {
        tracing::warn!(
            orphans_removed = rec.orphan_parts_removed,
            missing = rec.missing_parts,
            "store recovered after an unclean stop"
        );
    }
    let source_addr: ListenAddr = cfg.source.listen.parse()?;
    let keyholder_addr: Option<ListenAddr> =
        if cfg.keyholder_api.listen.is_empty() { None } else { Some(cfg.keyholder_api.listen.parse()?) };
    let http = cfg.http.clone();
    let tls = match (&cfg.source.tls_cert, &cfg.source.tls_key) {
        (Some(c), Some(k)) => {
            Some(std::sync::Arc::new(tls::Reloadable::new(c.clone(), k.clone(), cfg.source.tls12)?))
        }
        _ => None,
    };
    let state = web::Data::new(AppState::new(cfg, store, keys)?);

    // Our own budgets (per listener, per circuit) decide; actix's per-worker cap is only a
    // backstop above their sum.
    let mut builder = actix_server::Server::build()
        .disable_signals()
        .shutdown_timeout(http.shutdown_timeout_secs)
        .max_concurrent_connections(2 * (http.max_connections + http.keyholder_max_connections));
    let mut urls = Vec::new();
    let source = listener::bind(&source_addr)?;
    urls.push(source.url(tls.is_some()));
    let budget = conns::Budget::new(http.max_connections, http.max_connections_per_circuit);
    builder = add_listener(builder, "source", source, Role::Source, state.clone(), tls.clone(), budget)?;
    if let Some(addr) = keyholder_addr {
        let kh = listener::bind(&addr)?;
        urls.push(kh.url(false));
        let budget = conns::Budget::new(http.keyholder_max_connections, usize::MAX);
        builder = add_listener(builder, "keyholder", kh, Role::Keyholder, state.clone(), None, budget)?;
    }
    let server = builder.run();
    let handle = server.handle();
    {
        let mut out = std::io::stdout().lock();
        for u in &urls {
            writeln!(out, "listening on {u}")?;
        }
        out.flush()?;
    }
    tracing::info!(listeners = urls.len(), "tipbox is serving");

    actix_rt::spawn(reload_on_sighup(tls));
    let (admin, admin_path) = admin::bind(&state.cfg.data_dir)?;
    actix_rt::spawn(admin::serve(admin, state.clone()));
    actix_rt::spawn(async move {
        wait_for_stop_signal().await;
        tracing::info!("stop signal received: finishing in-flight requests");
        handle.stop(true).await;
    });
    actix_rt::spawn(maintenance::run(state.clone()));

    server.await?;
    let _ = std::fs::remove_file(&admin_path);
    state.store.flush()?;
    // A stopped server's disk is settled: nothing in it is finer than the day.
    maintenance::settle(&state).await;
    tracing::info!("store flushed; stopped");
    Ok(())
}

async fn wait_for_stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            // Without signal handlers we can only run until killed.
            std::future::pending::<()>().await;
        }
    }
}

/// SIGHUP reloads the TLS certificate and key (a failed reload keeps the old ones). Without
/// TLS there is nothing to reload, but the signal must still not end the process.
async fn reload_on_sighup(tls: Option<std::sync::Arc<tls::Reloadable>>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hup) = signal(SignalKind::hangup()) else { return };
    while hup.recv().await.is_some() {
        match &tls {
            Some(t) => match t.reload() {
                Ok(()) => tracing::info!("SIGHUP: TLS certificate reloaded"),
                Err(e) => {
                    tracing::error!(error = %e, "SIGHUP: TLS reload failed; keeping the previous certificate")
                }
            },
            None => tracing::info!("SIGHUP: no TLS configured, nothing to reload"),
        }
    }
}

fn add_listener(
    builder: actix_server::ServerBuilder,
    name: &str,
    bound: Bound,
    role: Role,
    state: web::Data<AppState>,
    tls: Option<std::sync::Arc<tls::Reloadable>>,
    budget: std::sync::Arc<conns::Budget>,
) -> std::io::Result<actix_server::ServerBuilder> {
    let http = state.cfg.http.clone();
    // Idle keep-alive connections close as soon as a graceful stop starts, instead of holding
    // the shutdown until their keep-alive runs out.
    let shutdown = builder.graceful_shutdown_signal();
    let proxy = role == Role::Source && state.cfg.source.proxy_protocol;
    let header_timeout = Duration::from_secs(http.header_timeout_secs);
    match bound {
        Bound::Tcp(l) => builder.listen(name, l, move || {
            let tls = tls.clone();
            let budget = budget.clone();
            let pre = fn_service(move |io: actix_rt::net::TcpStream| {
                let (tls, budget) = (tls.clone(), budget.clone());
                async move {
                    let _ = io.set_nodelay(true);
                    let permit = budget.admit(header_timeout).await;
                    accept(Box::new(io), permit, proxy, tls, header_timeout).await
                }
            });
            pre.and_then(http_service(role, state.clone(), &http, shutdown.clone()))
        }),
        Bound::Unix(l, _) => builder.listen_uds(name, l, move || {
            let tls = tls.clone();
            let budget = budget.clone();
            let pre = fn_service(move |io: actix_rt::net::UnixStream| {
                let (tls, budget) = (tls.clone(), budget.clone());
                async move {
                    let permit = budget.admit(header_timeout).await;
                    accept(Box::new(io), permit, proxy, tls, header_timeout).await
                }
            });
            pre.and_then(http_service(role, state.clone(), &http, shutdown.clone()))
        }),
    }
}

/// Our step between `accept` and HTTP: a place in the listener's connection budget (or the
/// connection is closed at once); on a PROXY listener, the header (or the connection is dropped
/// without a word) and the circuit's share of the budget; on a TLS listener, the handshake,
/// with the configuration current at this moment.
async fn accept(
    mut io: Box<dyn listener::Io>,
    permit: Option<conns::Permit>,
    proxy: bool,
    tls: Option<std::sync::Arc<tls::Reloadable>>,
    timeout: Duration,
) -> Result<(Conn, Option<std::net::SocketAddr>), actix_http::error::DispatchError> {
    let drop_conn = |why: &'static str| actix_http::error::DispatchError::Io(std::io::Error::other(why));
    let Some(mut permit) = permit else {
        return Err(drop_conn("connection budget full"));
    };
    let mut info = ConnInfo::default();
    let mut rest = Bytes::new();
    if proxy {
        match proxy::read_header(&mut io, timeout).await {
            Ok((h, r)) => {
                if !permit.bind_circuit(h.key) {
                    return Err(drop_conn("circuit holds its share of connections"));
                }
                info.circuit = Some(h.key);
                rest = r;
            }
            Err(_) => {
                tracing::debug!("connection without a valid PROXY header dropped");
                return Err(drop_conn("no valid PROXY header"));
            }
        }
    }
    let conn = Conn::new(io, rest, info);
    let Some(tls) = tls else { return Ok((conn.http().with_permit(Some(permit)), None)) };
    let acceptor = tokio_rustls::TlsAcceptor::from(tls.current());
    match tokio::time::timeout(timeout, acceptor.accept(conn)).await {
        Ok(Ok(stream)) => Ok((
            Conn::new(Box::new(stream), Bytes::new(), ConnInfo { tls: true, ..info })
                .http()
                .with_permit(Some(permit)),
            None,
        )),
        _ => Err(drop_conn("TLS handshake failed")),
    }
}

/// The boxed request handler of one app.
type AppFactory = actix_service::boxed::BoxServiceFactory<
    (),
    actix_http::Request,
    actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
    actix_web::Error,
    (),
>;

fn boxed_app<T, B>(app: actix_web::App<T>) -> AppFactory
where
    T: actix_service::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    actix_service::boxed::factory(
        map_config(app, |_| AppConfig::default())
            .map(|r: actix_web::dev::ServiceResponse<B>| r.map_into_boxed_body()),
    )
}

fn http_service(
    role: Role,
    state: web::Data<AppState>,
    http: &crate::config::HttpLimits,
    shutdown: actix_server::GracefulShutdownSignal,
) -> actix_http::h1::H1Service<Conn, AppFactory, actix_web::body::BoxBody> {
    let app = match role {
        Role::Source => boxed_app(routes::source_app(state)),
        Role::Keyholder => boxed_app(routes::keyholder::app(state)),
    };
    HttpService::<Conn, AppFactory, actix_web::body::BoxBody>::build()
        .client_request_timeout(Duration::from_secs(http.header_timeout_secs))
        .client_disconnect_timeout(Duration::from_millis(500))
        .keep_alive(Duration::from_secs(http.keep_alive_secs))
        .graceful_shutdown_signal(move || {
            let signal = shutdown.clone();
            async move { signal.notified().await }
        })
        .on_connect_ext(|io: &Conn, ext: &mut actix_http::Extensions| {
            ext.insert(io.info);
        })
        .h1(app)
}
