// Jest's jsdom environment with what jsdom lacks and the client needs, taken from Node, as
// Jest setups commonly give it: fetch and its classes, TextEncoder and TextDecoder, and
// Node's AbortController (Node's fetch takes only its own signals).
import { TestEnvironment } from 'jest-environment-jsdom';

export default class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const { fetch, Headers, Request, Response, AbortController, AbortSignal, TextEncoder, TextDecoder } = globalThis;
    Object.assign(this.global, { fetch, Headers, Request, Response, AbortController, AbortSignal, TextEncoder, TextDecoder });
  }
}
