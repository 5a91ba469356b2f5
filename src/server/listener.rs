//! Listeners and the per-connection pipeline.
//!
//! Every accepted connection, TCP or Unix, goes through one async step of ours before HTTP:
//! that is where a PROXY protocol header is read (to learn the Tor circuit) and where TLS is
//! terminated. The connection is then wrapped as a [`Conn`] whose [`ConnInfo`] every request
//! on it can read, and handed to actix-http's HTTP/1 dispatcher.

use std::fmt;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A listen address: `HOST:PORT` or `unix:/path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenAddr {
    /// TCP.
    Tcp(SocketAddr),
    /// Unix domain socket.
    Unix(PathBuf),
}

/// A listen address that does not parse or resolve.
#[derive(Debug, thiserror::Error)]
#[error("invalid listen address {0:?}: use HOST:PORT or unix:/path")]
pub struct BadAddr(pub String);

impl std::str::FromStr for ListenAddr {
    type Err = BadAddr;
    fn from_str(s: &str) -> Result<Self, BadAddr> {
        if let Some(path) = s.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(BadAddr(s.into()));
            }
            return Ok(ListenAddr::Unix(PathBuf::from(path)));
        }
        s.to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .map(ListenAddr::Tcp)
            .ok_or_else(|| BadAddr(s.into()))
    }
}

impl fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListenAddr::Tcp(a) => write!(f, "{a}"),
            ListenAddr::Unix(p) => write!(f, "unix:{}", p.display()),
        }
    }
}

/// A bound, listening socket.
pub enum Bound {
    /// TCP.
    Tcp(std::net::TcpListener),
    /// Unix.
    Unix(std::os::unix::net::UnixListener, PathBuf),
}

impl Bound {
    /// The URL printed in the `listening on` line (`http(s)://host:port` or `unix:/path`).
    pub fn url(&self, tls: bool) -> String {
        match self {
            Bound::Tcp(l) => {
                let scheme = if tls { "https" } else { "http" };
                match l.local_addr() {
                    Ok(a) => format!("{scheme}://{a}"),
                    Err(_) => format!("{scheme}://?"),
                }
            }
            Bound::Unix(_, p) => format!("unix:{}", p.display()),
        }
    }
}

/// Binds `addr`. A stale Unix socket file is replaced; the socket is made group-accessible
/// (0660) so that a `tor` user in the same group can connect.
pub fn bind(addr: &ListenAddr) -> io::Result<Bound> {
    match addr {
        ListenAddr::Tcp(a) => {
            let l = std::net::TcpListener::bind(a)?;
            l.set_nonblocking(true)?;
            Ok(Bound::Tcp(l))
        }
        ListenAddr::Unix(p) => {
            if p.exists() {
                let meta = std::fs::symlink_metadata(p)?;
                use std::os::unix::fs::FileTypeExt;
                if !meta.file_type().is_socket() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "path exists and is not a socket",
                    ));
                }
                std::fs::remove_file(p)?;
            }
            let l = std::os::unix::net::UnixListener::bind(p)?;
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o660))?;
            l.set_nonblocking(true)?;
            Ok(Bound::Unix(l, p.clone()))
        }
    }
}

/// What is known about a connection. Lives only in memory; never logged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnInfo {
    /// Tor circuit id from the PROXY header, when the listener expects one.
    pub circuit: Option<u64>,
    /// Whether the connection is TLS.
    pub tls: bool,
}

/// Any byte stream we serve HTTP on.
pub trait Io: AsyncRead + AsyncWrite + Unpin {}
impl<T: AsyncRead + AsyncWrite + Unpin> Io for T {}

/// An accepted connection after our pre-HTTP step.
pub struct Conn {
    io: Box<dyn Io>,
    /// Bytes read past the PROXY header, served before the socket's.
    prefix: Bytes,
    /// Connection facts.
    pub info: ConnInfo,
    /// Its place in the listener's connection budget, freed when the connection closes.
    permit: Option<super::conns::Permit>,
    /// On the stream HTTP is written to (not under TLS): coarsens every `Date` header.
    dates: Option<super::clock::DateFilter>,
}

impl Conn {
    /// Wraps a stream.
    pub fn new(io: Box<dyn Io>, prefix: Bytes, info: ConnInfo) -> Self {
        Self { io, prefix, info, permit: None, dates: None }
    }

    /// Marks this as the stream HTTP is written to: its `Date` headers show only the hour
    /// (see [`super::clock`]).
    pub fn http(mut self) -> Self {
        self.dates = Some(super::clock::DateFilter::default());
        self
    }

    /// Holds `permit` for as long as the connection lives.
    pub fn with_permit(mut self, permit: Option<super::conns::Permit>) -> Self {
        self.permit = permit;
        self
    }

    /// Moves the budget place out (when this connection is wrapped in another, e.g. TLS).
    pub fn take_permit(&mut self) -> Option<super::conns::Permit> {
        self.permit.take()
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            let head = self.prefix.split_to(n);
            buf.put_slice(&head);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let Some(f) = this.dates.as_mut() else { return Pin::new(&mut this.io).poll_write(cx, buf) };
        let sent = f.apply(buf);
        let res = Pin::new(&mut this.io).poll_write(cx, &sent);
        match &res {
            Poll::Ready(Ok(n)) => f.wrote(&sent, *n),
            // Nothing went out: the same bytes come again.
            _ => f.wrote(&sent, 0),
        }
        res
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.dates.is_some() {
            // One buffer at a time, so that every byte passes the date filter.
            let first = bufs.iter().find(|b| !b.is_empty()).map(|b| &b[..]).unwrap_or(&[]);
            return self.poll_write(cx, first);
        }
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.dates.is_none() && self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_addresses() {
        assert_eq!("unix:/run/x.sock".parse::<ListenAddr>().unwrap(), ListenAddr::Unix("/run/x.sock".into()));
        assert!(matches!("127.0.0.1:0".parse::<ListenAddr>().unwrap(), ListenAddr::Tcp(_)));
        assert!("unix:".parse::<ListenAddr>().is_err());
        assert!("nonsense".parse::<ListenAddr>().is_err());
    }
}
