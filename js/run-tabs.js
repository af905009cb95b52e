// One poller per run across the tabs of an origin (CONTRACT 5.4). A Web Lock named after
// the run URL decides which tab polls; a BroadcastChannel carries each run it observes to
// the others. Only run objects (parsed JSON) are posted: never a token or a header.
// Where either API is missing (old browsers, some workers), each tab polls on its own.
const CHANNEL = 'drush-io-embed:runs';

export class RunTabs {
  constructor(url) {
    this.url = url;
    this.run = null; // the newest run another tab observed, not yet read
    this.mine = false;
    this.turn = 0; // of next(): a newer call ends an older one that waits
    const locks = globalThis.navigator?.locks;
    if (typeof BroadcastChannel !== 'function' || !locks) {
      this.mine = true;
      return;
    }
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (event) => {
      const data = event.data;
      // Only the newest run, and none while this tab polls: kept news replayed after a
      // hand-over would show a run going back, and would pile up meanwhile (CONTRACT 7.1).
      if (data && data.url === url && data.run && !this.mine) this.tell(data.run);
    };
    this.name = `drush-io-embed:run ${url}`;
    this.ask();
    // A hidden tab may be throttled or frozen: it hands polling to a tab that waits for
    // the lock, and asks again behind it.
    this.hidden = () => {
      if (document.visibilityState !== 'hidden' || !this.mine) return;
      locks.query().then(({ pending }) => {
        if (this.mine && !this.closed && pending.some((lock) => lock.name === this.name)) {
          this.mine = false;
          this.release();
          this.ask();
        }
      });
    };
    globalThis.document?.addEventListener('visibilitychange', this.hidden);
  }

  // Asks for the lock, held until close() or a hand-over: granted at once when no other
  // tab polls the run, else when that tab stops or closes.
  ask() {
    this.pending = new AbortController();
    const held = () => {
      // Granted just as close() gave up asking: give it straight back.
      if (this.closed) return;
      this.mine = true;
      this.tell();
      return new Promise((release) => {
        this.release = release;
      });
    };
    navigator.locks
      .request(this.name, { signal: this.pending.signal }, held)
      .catch(() => {}); // close() stopped asking before it was granted
  }

  // Keeps `run` (if any) for next(), and wakes a next() that waits.
  tell(run) {
    if (run) this.run = run;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  // Resolves with the next run another tab observed, or null once this tab may poll (or
  // after close()).
  // A newer call settles an older one that still waits with null (its caller gave up on
  // it, and a pending promise would keep the callbacks awaiting it).
  async next() {
    const turn = ++this.turn;
    this.tell();
    while (turn === this.turn && !this.run && !this.mine && !this.closed) {
      await new Promise((wake) => {
        this.wake = wake;
      });
    }
    const run = turn === this.turn ? this.run : null;
    if (run) this.run = null;
    return run;
  }

  publish(run) {
    this.channel?.postMessage({ url: this.url, run });
  }

  // Gives the lock back (or stops asking for it) and stops listening. A pending next()
  // settles too: the JsFuture awaiting it frees its callbacks only when it settles.
  close() {
    this.closed = true;
    this.tell();
    this.pending?.abort();
    this.release?.();
    this.channel?.close();
    globalThis.document?.removeEventListener('visibilitychange', this.hidden);
  }
}
