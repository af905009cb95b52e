// One poller per run across the tabs of an origin (CONTRACT 5.4). A Web Lock named after
// the run URL decides which tab polls; a BroadcastChannel carries each run it observes to
// the others. Only run objects (parsed JSON) are posted: never a token or a header.
// Where either API is missing (old browsers, some workers), each tab polls on its own.
const CHANNEL = 'drush-io-embed:runs';

export class RunTabs {
  // onRun(run) is called with each run another tab observed for `url`.
  constructor(url, onRun) {
    this.url = url;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    if (this.channel) {
      this.channel.onmessage = (event) => {
        const data = event.data;
        if (data && data.url === url && data.run) onRun(data.run);
      };
    }
  }

  // Resolves once this tab holds the run's lock: at once when no other tab polls it,
  // else when that tab stops or closes. It is held until `close`.
  acquire() {
    const locks = globalThis.navigator && navigator.locks;
    if (!locks || !this.channel) return Promise.resolve();
    this.pending = new AbortController();
    return new Promise((granted) => {
      const held = () => {
        granted();
        return new Promise((release) => {
          this.release = release;
        });
      };
      locks
        .request(`drush-io-embed:run ${this.url}`, { signal: this.pending.signal }, held)
        .catch(() => {}); // aborted by close() before it was granted
    });
  }

  publish(run) {
    if (this.channel) this.channel.postMessage({ url: this.url, run });
  }

  // Gives the lock back (or stops asking for it) and stops listening.
  close() {
    if (this.pending) this.pending.abort();
    if (this.release) this.release();
    if (this.channel) this.channel.close();
  }
}
