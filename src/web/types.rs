//! TypeScript declarations for what the generated ones cannot describe precisely.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `new DrushIo(options)`. */
export interface DrushIoOptions {
  /** The API token (JWT). Without it no Authorization header is sent (proxy mode). */
  token?: string;
  /** `https:` URL, `http:` on localhost/127.0.0.1/[::1], or a same-origin path like `/proxy/v1`. Default `https://api.drush.io/v1`. */
  baseUrl?: string;
  /** Extra request headers, e.g. `{ 'X-CSRF-Token': token }` for a Drupal proxy route. */
  headers?: Record<string, string>;
  /** Passed to fetch. Default `'same-origin'`. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /**
   * Each single HTTP request is aborted after this. Default 30000. At least 1;
   * `Infinity` turns the per-request timeout off (a wait's `timeoutMs` still applies).
   */
  requestTimeoutMs?: number;
  /**
   * Share one poller per run with the other tabs of this origin (a Web Lock decides which
   * tab polls; the others get each run over a BroadcastChannel). Default true; `false`
   * keeps this client to itself.
   */
  tabs?: boolean;
  /**
   * Used instead of the global `fetch` for every request of this client (a test double,
   * a proxy that refreshes a nonce, an extension's messaging). Called as `fetch(url, init)`
   * and expected to answer like the global one.
   */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** A job run, as the API answers it, with numbers converted where sent as strings. */
export interface Run {
  id: string;
  status: 'queued' | 'running' | 'complete' | 'error' | (string & {});
  /** Seconds the run took (or has taken so far). */
  duration: number;
  /** Unix seconds. */
  created: number;
  /** Unix seconds of the last status change. */
  changed: number;
  /** The run's output, once finished. */
  log?: string;
  /** Any other field the server sent, unchanged. */
  [field: string]: unknown;
}

/** Variables for a run: strings; numbers and booleans are sent as their string form. */
export type RunEnv = Record<string, string | number | boolean>;

export interface GetRunOptions {
  signal?: AbortSignal;
}

export interface RunJobOptions {
  env?: RunEnv;
  signal?: AbortSignal;
}

export interface WaitOptions {
  /** First pause before a poll. Default 1000. */
  initialDelayMs?: number;
  /**
   * Cap of any pause (a longer Retry-After is still honoured). Default 30000. Below
   * `initialDelayMs`, it caps the first pause too.
   */
  maxDelayMs?: number;
  /** Growth of the pause after each poll that saw no change. Default 1.15. */
  multiplier?: number;
  /** Overall deadline; past it the promise rejects with kind `timeout`. Default 3600000. */
  timeoutMs?: number;
  /** Aborting rejects with kind `aborted` at once and stops all polling. */
  signal?: AbortSignal;
  /** Called with the run on each new status or `changed` value, the first one included. */
  onUpdate?: (run: Run) => void;
  /**
   * Called with the run on every answer, news or not (after `onUpdate` when both are
   * called): the element clears its offline hint with it.
   */
  onAnswer?: (run: Run) => void;
}

export interface RunJobAndWaitOptions extends WaitOptions {
  env?: RunEnv;
  /**
   * Pace the polls by the job's recent durations (remembered per job in memory and in
   * `localStorage`): sparse while the run is surely still going, dense around its
   * expected end. Never faster than `initialDelayMs` nor slower than `maxDelayMs`.
   * Default true; `false` neither reads nor records durations.
   */
  history?: boolean;
}

export type DrushIoErrorKind =
  | 'invalid-argument'
  | 'network'
  | 'http'
  | 'parse'
  | 'timeout'
  | 'aborted';

/** What every DrushIo promise rejects with (and the constructor throws). */
export class DrushIoError extends Error {
  constructor(
    kind: DrushIoErrorKind,
    message: string,
    status?: number,
    retryAfterMs?: number,
    body?: string,
  );
  readonly name: 'DrushIoError';
  readonly kind: DrushIoErrorKind;
  /** The HTTP status, for kind `http` (and a `timeout` that followed a failing poll). */
  readonly status?: number;
  /** How long the server asked to wait, when it sent `Retry-After`. */
  readonly retryAfterMs?: number;
  /** The server's answer text, at most 4 KiB. */
  readonly body?: string;
}
"#;
