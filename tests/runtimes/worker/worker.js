// A module worker running the package (run-entries.js).
import { runEntries } from './run-entries.js';

onmessage = async ({ data: { token, job } }) => postMessage(await runEntries(token, job));
