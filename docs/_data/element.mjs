// The element's tables on element.md come from its one description, js/run-button.api.json
// (the file pkg/custom-elements.json is made from), never from text typed into a page.
import { readFileSync } from 'node:fs';

export default JSON.parse(readFileSync(new URL('../../js/run-button.api.json', import.meta.url), 'utf8'));
