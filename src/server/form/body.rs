//! The request body as the form reader sees it: cut off when too large or stalled, and shared
//! so that what follows the closing boundary can still be read.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::error::PayloadError;
use bytes::Bytes;
use futures_util::Stream;

/// Request body wrapper: cuts the body off past `limit` bytes or after `idle` without data.
pub struct BodyGuard<S> {
    inner: S,
    seen: u64,
    limit: u64,
    idle: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    done: bool,
}

impl<S> BodyGuard<S> {
    /// Wraps `inner`.
    pub fn new(inner: S, limit: u64, idle: Duration) -> Self {
        Self { inner, seen: 0, limit, idle, timer: Box::pin(tokio::time::sleep(idle)), done: false }
    }
}

impl<S: Stream<Item = Result<Bytes, PayloadError>> + Unpin> Stream for BodyGuard<S> {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(b))) => {
                self.seen += b.len() as u64;
                if self.seen > self.limit {
                    self.done = true;
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                let deadline = tokio::time::Instant::now() + self.idle;
                self.timer.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(b)))
            }
            Poll::Ready(other) => Poll::Ready(other),
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "body stalled",
                    )))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// A body stream shared between the multipart reader and us, so that we can read what it
/// leaves behind after the closing boundary.
pub(super) struct Shared<S>(std::rc::Rc<std::cell::RefCell<S>>);

impl<S> Shared<S> {
    pub(super) fn new(s: S) -> Self {
        Shared(std::rc::Rc::new(std::cell::RefCell::new(s)))
    }
}

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<S: Stream + Unpin> Stream for Shared<S> {
    type Item = S::Item;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        // Only one reader polls at a time (the multipart reader, then us after dropping it).
        match self.0.try_borrow_mut() {
            Ok(mut s) => Pin::new(&mut *s).poll_next(cx),
            Err(_) => Poll::Ready(None),
        }
    }
}
