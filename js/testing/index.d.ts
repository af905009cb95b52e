// drush-io-embed/testing: the drush.io API in memory, for a page's tests. Pages never load it.

/**
 * An answer given instead of the normal one: an HTTP status with an optional `Retry-After`
 * (seconds, or an HTTP date) and body (an object is sent as JSON, a string as text; by
 * default the dev server's body for that status), or a dropped connection (`fetch` rejects).
 */
export type FakeFault =
  | { status: number; retryAfter?: number | string; body?: unknown }
  | { network: true };

/**
 * Faults as a jobs file of drush-io-devserver declares them (devserver/src/faults.rs); the
 * poll faults happen one after the other from each run's first GET, in the order drop, 503,
 * 429, garbage, 401, and before any of `pollFaults`.
 */
export interface DevServerFaults {
  /** Milliseconds added before every answer about the job (a timer: fake timers drive it). */
  latency_ms?: number;
  /** The first N GETs of each run get no answer (a network error). */
  drop_polls?: number;
  /** Then N GETs answer 503 with `Retry-After` (default 1 s). */
  unavailable?: { polls: number; retry_after_s?: number };
  /** Then N GETs answer 429 with `Retry-After` (default 1 s). */
  rate_limited?: { polls: number; retry_after_s?: number };
  /** Then N GETs answer 200 with an HTML page instead of JSON. */
  garbage_polls?: number;
  /** Then N GETs answer 401, as a proxy does once the session expired. */
  unauthorized_polls?: number;
  /** `duration`, `created` and `changed` are sent as strings, as in the API's documentation. */
  numbers_as_strings?: boolean;
  /** The finished log is padded or cut to exactly this many bytes of UTF-8. */
  log_bytes?: number;
  /** Every GET of a run answers 400 with the request's `Authorization` header in its body. */
  echo_authorization?: boolean;
}

export interface FakeJobOptions {
  /** How long each run stays `queued` after its POST (default 0). Runs of one job also wait
   * for the previous run to end, as the dev server's worker runs them one at a time. */
  queuedMs?: number;
  /** How long each run stays `running` (default 1000). */
  runMs?: number;
  /** How runs end (default `complete`). */
  final?: 'complete' | 'error';
  /** The log of a finished run (default none: no `log` field, as for a command that printed nothing). */
  log?: string;
  /** When set, requests about this job need `Authorization: Bearer <token>`, or answer 401. */
  token?: string;
  /** The variables a run may set, with their defaults (as in the jobs file); any other is refused with 400. */
  variables?: Record<string, string>;
  /** Another name the job answers to (the API takes a job's machine name or its ID). */
  id?: string;
  /** Another name the project answers to. */
  projectId?: string;
  /** Faults in the dev server's jobs-file vocabulary. */
  faults?: DevServerFaults;
  /** Answers for the first GETs of each run, in order; later GETs see the run. */
  pollFaults?: FakeFault[];
  /** The answer of every POST to this job: no run is queued. */
  postFault?: FakeFault;
}

/** One request that reached the fake API. */
export interface FakeRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The job's declared names when the path named a declared job (by name or ID), else the path's segments. */
  project?: string;
  job?: string;
  /** The run a GET read, or the run a POST queued. */
  runId?: string;
  /** The `env` of a POST's body, as sent. */
  env?: Record<string, unknown>;
  /** Whether the request carried an `Authorization` header (its value is never kept). */
  authorization: boolean;
  /** The answer's status; 0 for a dropped connection. */
  status: number;
  /** `Date.now()` when it arrived. */
  at: number;
}

export interface FakeDrushIoApiOptions {
  /** Where the API is: default `https://api.drush.io/v1`; a path (`/drush-io/v1`) answers on any origin. */
  baseUrl?: string;
  /** When set, every request needs `Authorization: Bearer <token>` (the dev server's `/v1`). */
  token?: string;
}

/** The minimum of the `msw` module `handlers` needs: `import * as msw from 'msw'`. */
export interface MswModule {
  http: { all(path: RegExp, resolver: (info: { request: Request }) => any): unknown };
  HttpResponse: { error(): Response };
}

export declare class FakeDrushIoApi {
  constructor(options?: FakeDrushIoApiOptions);
  readonly baseUrl: string;
  /** Every request that reached the API, oldest first (`reset` empties it in place). */
  readonly requests: FakeRequest[];
  /** Declares a job (again: the new declaration replaces the old one for new runs). */
  job(project: string, job: string, options?: FakeJobOptions): this;
  /** The POSTs that reached a job, oldest first. */
  posts(project: string, job: string): FakeRequest[];
  /** Ends a run now (`complete` by default), with this log when given. */
  finish(runId: string, status?: 'complete' | 'error', log?: string): void;
  /** Forgets every run and request; jobs stay declared. */
  reset(): void;
  /** A `fetch` answering as the API: `new DrushIo({ fetch: api.fetch })`. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** MSW 2 request handlers, made with the `msw` module given (and typed by it). */
  handlers<M extends MswModule>(msw: M): ReturnType<M['http']['all']>[];
  /**
   * MSW 2 request handlers for `setupServer(...api.handlers())` or `setupWorker`, made with
   * the `msw` (an optional peer dependency) this module found as it loaded; throws when there
   * is none. Typed loosely, so that these declarations need no `msw` to be installed.
   */
  handlers(): any[];
}
