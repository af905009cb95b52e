// jsdom with Node's fetch and its classes (jest-fixed-jsdom, as MSW recommends), resolving
// packages with Node's conditions, so that drush-io-embed reads its wasm from disk and msw
// loads its Node build.
import FixedJSDOMEnvironment from 'jest-fixed-jsdom';

export default class JsdomWithNodeFetch extends FixedJSDOMEnvironment {
  constructor(config, context) {
    super(config, context);
    this.customExportConditions = ['node', 'node-addons'];
  }
}
