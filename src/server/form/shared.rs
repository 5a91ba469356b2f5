//! The body as the multipart reader and the form reader share it, so that what follows the
//! closing boundary can still be read.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

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
