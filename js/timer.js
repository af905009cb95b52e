// The client's one timer: a promise that resolves after `ms` milliseconds, and `cancel` to
// clear it. Rust awaits the promise and cancels on drop. A cancelled timer's promise
// resolves at once all the same: the `JsFuture` that awaited it frees its callbacks only
// when the promise settles, so a promise left pending would leak them.
export function timer(ms) {
  let cancel;
  const promise = new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(id);
      resolve();
    };
  });
  promise.cancel = cancel;
  return promise;
}
