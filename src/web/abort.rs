//! Futures for the things a wait races against: the caller's `AbortSignal`, its deadline,
//! and a small `race` of two futures.

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

// Timers and abort signals are awaited as promises rather than with gloo-timers or a
// Rust closure as the listener: `JsFuture` is in the wasm file anyway (for `fetch`),
// while gloo-timers brings a closure per timer and a futures-channel oneshot (0.6 KB
// gzipped), and a listener closure its own glue.
#[wasm_bindgen(module = "/js/timer.js")]
extern "C" {
    /// A promise with a `cancel` method that stops waiting (see `js/timer.js`).
    type CancellablePromise;
    /// Resolves after `ms` milliseconds (never from 2^31 on: [`NEVER`]) or when `signal`
    /// fires. (`ms` is a `u32` so that the glue wraps this import: a snippet's function
    /// imported as it is costs the bundle a namespace object.)
    fn until(ms: u32, signal: Option<&AbortSignal>) -> CancellablePromise;
    /// Clears the timer or removes the listener, and resolves the promise at once.
    #[wasm_bindgen(method)]
    fn cancel(this: &CancellablePromise);
}

/// Which of two raced futures finished first.
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Runs both futures until one finishes; the other is dropped (cancelling it). Not an
/// `async fn`: its state machine would be one more per pair of future types.
pub fn race<A: Future, B: Future>(
    a: A,
    b: B,
) -> impl Future<Output = Either<A::Output, B::Output>> {
    let mut a = Box::pin(a);
    let mut b = Box::pin(b);
    poll_fn(move |cx| {
        if let Poll::Ready(x) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(x));
        }
        if let Poll::Ready(y) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(y));
        }
        Poll::Pending
    })
}

/// [`until`]'s promise as a future. Dropping it cancels the promise (a no-op once it
/// resolved). A plain future rather than an `async fn`: no state machine, and the polling
/// loop can keep it in a field.
pub struct Cancellable(CancellablePromise, JsFuture);

impl Cancellable {
    fn new(ms: u32, signal: Option<&AbortSignal>) -> Self {
        let promise = until(ms, signal);
        let done = JsFuture::from(promise.unchecked_ref::<js_sys::Promise>().clone());
        Cancellable(promise, done)
    }
}

impl Future for Cancellable {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.1).poll(cx).map(drop)
    }
}

impl Drop for Cancellable {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Resolves after `ms` milliseconds, or never when `ms` is beyond what a timer can hold
/// (the longest delay `setTimeout` keeps: longer ones fire at once in browsers). Dropping
/// the future clears the timer.
pub fn deadline(ms: u64) -> Cancellable {
    Cancellable::new(if ms < NEVER as u64 { ms as u32 } else { NEVER }, None)
}

/// A delay [`until`] never ends: `setTimeout` fires at once for delays of 2^31 ms or more.
const NEVER: u32 = 1 << 31;

/// Watches an optional `AbortSignal`; its listener is removed when this is dropped, so
/// a long-lived signal shared by many calls does not collect listeners.
pub struct AbortWatch {
    signal: Option<AbortSignal>,
    /// Resolves when the signal fires: what wakes a wait on it.
    fired: RefCell<Cancellable>,
}

impl AbortWatch {
    pub fn new(signal: Option<AbortSignal>) -> Self {
        let fired = Cancellable::new(NEVER, signal.as_ref());
        AbortWatch {
            signal,
            fired: RefCell::new(fired),
        }
    }

    /// Whether the signal has fired.
    pub fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Resolves once the signal fires (never without a signal).
    pub fn fired(&self) -> impl Future<Output = ()> + '_ {
        poll_fn(|cx| self.poll_fired(cx))
    }

    /// Ready once the signal has fired; else `cx` is woken when it fires.
    pub fn poll_fired(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.aborted() {
            return Poll::Ready(());
        }
        // The signal itself tells whether it fired: the promise is only the wake-up.
        let _ = Pin::new(&mut *self.fired.borrow_mut()).poll(cx);
        Poll::Pending
    }
}
