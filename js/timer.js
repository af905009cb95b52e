// The client's timers and abort watches: a promise that resolves after `ms` milliseconds
// (never from 2^31 on, where `setTimeout` would fire at once) or when `signal` fires,
// with `cancel` to stop waiting (clear the timer, remove the listener, so that a
// long-lived signal shared by many calls does not collect listeners). Rust awaits the
// promise and cancels on drop. A cancelled promise resolves at once all the same: the
// `JsFuture` that awaited it frees its callbacks only when the promise settles, so a
// promise left pending would leak them.
export function until(ms, signal) {
  let cancel;
  const promise = new Promise((resolve) => {
    const id = ms < 2 ** 31 && setTimeout(resolve, ms);
    signal?.addEventListener('abort', resolve);
    cancel = () => {
      clearTimeout(id);
      signal?.removeEventListener('abort', resolve);
      resolve();
    };
  });
  promise.cancel = cancel;
  return promise;
}

// Calls `back` when the page comes back: the network returns (also in a worker), the
// document turns visible, the tab resumes after a freeze or returns from the
// back/forward cache. Answers the function that removes the listeners again, so that an
// idle page holds none (and never an `unload` one, which would keep it out of that cache).
export function onComeBack(back) {
  const doc = globalThis.document;
  const visible = () => doc.visibilityState === 'visible' && back();
  const shown = (event) => event.persisted && back();
  // Node and workerd have no global `addEventListener`: there nothing comes back.
  const listen = (on) => {
    globalThis[on]?.('online', back);
    globalThis[on]?.('pageshow', shown);
    doc?.[on]('visibilitychange', visible);
    doc?.[on]('resume', back);
  };
  listen('addEventListener');
  return () => listen('removeEventListener');
}
