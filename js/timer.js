// The client's one timer: a promise that resolves after `ms` milliseconds, and `cancel` to
// clear it. Rust awaits the promise and cancels on drop; a cleared timer's promise never
// settles and is collected with its callbacks.
export function timer(ms) {
  let id;
  const promise = new Promise((resolve) => {
    id = setTimeout(resolve, ms);
  });
  promise.cancel = () => clearTimeout(id);
  return promise;
}
