// One poller per run across the tabs of an origin (CONTRACT 5.4). A Web Lock named after
// the run URL decides which tab polls; a BroadcastChannel carries each run it observes to
// the others. Only run objects (parsed JSON) are posted: never a token or a header.
// Where either API is missing (old browsers, some workers), each tab polls on its own.
const CHANNEL = 'drush-io-embed:runs';

export class RunTabs {
  constructor(url) {
    this.url = url;
    this.runs = []; // observed by another tab, not yet read
    const locks = globalThis.navigator?.locks;
    if (typeof BroadcastChannel !== 'function' || !locks) {
      this.mine = true;
      return;
    }
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (event) => {
      const data = event.data;
      if (data && data.url === url && data.run) this.tell(data.run);
    };
    // Held until close(): granted at once when no other tab polls the run, else when
    // that tab stops or closes.
    this.pending = new AbortController();
    const held = () => {
      this.mine = true;
      this.tell();
      return new Promise((release) => {
        this.release = release;
      });
    };
    locks
      .request(`drush-io-embed:run ${url}`, { signal: this.pending.signal }, held)
      .catch(() => {}); // close() stopped asking before it was granted
  }

  // Keeps `run` (if any) for next(), and wakes a next() that waits.
  tell(run) {
    if (run) this.runs.push(run);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  // Resolves with the next run another tab observed, or null once this tab may poll (or
  // after close()).
  async next() {
    while (!this.runs.length && !this.mine && !this.closed) {
      await new Promise((wake) => {
        this.wake = wake;
      });
    }
    return this.runs.length ? this.runs.shift() : null;
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
  }
}
