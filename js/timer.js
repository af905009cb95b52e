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
