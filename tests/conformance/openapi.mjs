// Validates one answer of the API against openapi.json with Ajv (JSON Schema 2020-12, the
// dialect of OpenAPI 3.1): a documented status, the documented content type, the body's
// schema and the required headers. Returns the problems found, none when it conforms.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const DOCUMENT = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
// strict: false, as the document holds more than schemas (paths, examples, descriptions).
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(DOCUMENT, 'openapi.json');

const pointer = (...parts) => parts.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

function resolve(node) {
  return node?.$ref ? resolve(node.$ref.slice(2).split('/').reduce((at, key) => at[key.replaceAll('~1', '/').replaceAll('~0', '~')], DOCUMENT)) : node;
}

// The path template a route (after the base URL) matches, segment by segment.
function template(route) {
  const segments = route.split('?')[0].split('/');
  return Object.keys(DOCUMENT.paths).find((path) => {
    const parts = path.split('/');
    return parts.length === segments.length && parts.every((part, i) => part.startsWith('{') ? segments[i] !== '' : part === segments[i]);
  });
}

/** @param {{ status: number, type: string | null, retryAfter: string | null, json: unknown, text: string }} answer */
export function validateAnswer(method, route, answer) {
  const path = template(route);
  if (!path) return [`${route} is no path of the document`];
  const operation = DOCUMENT.paths[path][method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not documented`];
  const status = String(answer.status);
  const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!documented) return [`status ${status} of ${method} ${path} is not documented`];
  const response = resolve(documented);
  const problems = [];
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const value = name.toLowerCase() === 'retry-after' ? answer.retryAfter : undefined;
    const spec = resolve(header);
    if (value == null) {
      if (spec.required) problems.push(`header ${name} is missing`);
    } else if (!ajv.validate(spec.schema, value)) {
      problems.push(`header ${name}: ${ajv.errorsText()}`);
    }
  }
  const types = Object.keys(response.content ?? {});
  if (types.length === 0) return problems;
  const type = types.find((each) => (answer.type ?? '').split(';')[0].trim() === each);
  if (!type) return [...problems, `content type ${answer.type} is not one of ${types.join(', ')}`];
  if (answer.json === undefined) return [...problems, 'the body is not JSON'];
  const where = typeof documented.$ref === 'string'
    ? documented.$ref.slice(1) + pointer('content', type, 'schema')
    : pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', type, 'schema');
  const validate = ajv.getSchema(`openapi.json#${where}`);
  if (!validate(answer.json)) problems.push(...validate.errors.map((error) => `body${error.instancePath} ${error.message}`));
  return problems;
}
