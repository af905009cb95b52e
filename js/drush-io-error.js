// The error class every DrushIo promise rejects with. It lives in JavaScript so that it is
// a real subclass of Error: `instanceof DrushIoError` and `instanceof Error` both hold and
// the browser gives it a stack. The package re-exports it as `DrushIoError`.
export class DrushIoError extends Error {
  constructor(kind, message, status, retryAfterMs, body) {
    super(message);
    this.name = 'DrushIoError';
    /** 'invalid-argument' | 'network' | 'http' | 'parse' | 'timeout' | 'aborted' */
    this.kind = kind;
    /** The HTTP status, for kind 'http' (and a timeout that followed a failing poll). */
    this.status = status;
    /** How long the server asked to wait, when it sent Retry-After. */
    this.retryAfterMs = retryAfterMs;
    /** The server's answer text, at most 4 KiB. */
    this.body = body;
  }
}
