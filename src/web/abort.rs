//! Futures for the things a wait races against: the caller's `AbortSignal`, its deadline,
//! and a small `race` of two futures.

use std::cell::Cell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

// A promise-based timer rather than gloo-timers: `JsFuture` is in the wasm file anyway
// (for `fetch`), while gloo-timers brings a closure per timer and a futures-channel
// oneshot (0.6 KB gzipped).
#[wasm_bindgen(module = "/js/timer.js")]
extern "C" {
    /// A promise that resolves after `ms` milliseconds.
    type Timer;
    fn timer(ms: u32) -> Timer;
    /// Clears the timer and resolves its promise at once (see `js/timer.js`).
    #[wasm_bindgen(method)]
    fn cancel(this: &Timer);
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

/// The longest delay `setTimeout` keeps: longer ones fire at once in browsers.
pub const MAX_TIMER_MS: u64 = i32::MAX as u64;

/// Resolves after `ms` milliseconds, or never when `ms` is beyond what a timer can hold;
/// dropping it clears the timer. A plain future rather than an `async fn`: no state
/// machine, and the polling loop can keep it in a field.
pub struct Deadline(Option<(Timer, JsFuture)>);

pub fn deadline(ms: u64) -> Deadline {
    Deadline((ms <= MAX_TIMER_MS).then(|| {
        let timer = timer(ms as u32);
        let promise: &js_sys::Promise = timer.unchecked_ref();
        let done = JsFuture::from(promise.clone());
        (timer, done)
    }))
}

impl Future for Deadline {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match &mut self.0 {
            Some((_, done)) => Pin::new(done).poll(cx).map(drop),
            None => Poll::Pending,
        }
    }
}

impl Drop for Deadline {
    /// Clears the timer when the wait for it ends before it fired (a no-op after).
    fn drop(&mut self) {
        if let Some((timer, _)) = &self.0 {
            timer.cancel();
        }
    }
}

#[derive(Default)]
struct Fired {
    fired: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

/// Watches an optional `AbortSignal`; its listener is removed when this is dropped, so
/// a long-lived signal shared by many calls does not collect listeners.
pub struct AbortWatch {
    signal: Option<AbortSignal>,
    state: Rc<Fired>,
    listener: Option<Closure<dyn FnMut()>>,
}

impl AbortWatch {
    pub fn new(signal: Option<AbortSignal>) -> Self {
        let state = Rc::new(Fired::default());
        let listener = signal.as_ref().map(|signal| {
            let state = state.clone();
            let listener = Closure::<dyn FnMut()>::new(move || {
                state.fired.set(true);
                if let Some(waker) = state.waker.take() {
                    waker.wake();
                }
            });
            let _ =
                signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
            listener
        });
        AbortWatch {
            signal,
            state,
            listener,
        }
    }

    /// Whether the signal has fired.
    pub fn aborted(&self) -> bool {
        self.state.fired.get() || self.signal.as_ref().is_some_and(|s| s.aborted())
    }

    /// Resolves once the signal fires (never without a signal).
    pub fn fired(&self) -> impl Future<Output = ()> + '_ {
        poll_fn(|cx| self.poll_fired(cx))
    }

    /// Ready once the signal has fired; else `cx` is woken when it fires.
    pub fn poll_fired(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.aborted() {
            Poll::Ready(())
        } else {
            self.state.waker.set(Some(cx.waker().clone()));
            Poll::Pending
        }
    }
}

impl Drop for AbortWatch {
    fn drop(&mut self) {
        if let (Some(signal), Some(listener)) = (&self.signal, &self.listener) {
            let _ = signal
                .remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
}
