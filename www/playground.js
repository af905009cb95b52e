// The playground: the element rebuilt from the form's attributes and messages at each
// change, and the markup (with the script that sets its messages) to copy. Built with DOM
// calls only: the page runs under the strict CSP.
const settings = document.getElementById('settings');
const messagesForm = document.getElementById('messages');
const preview = document.getElementById('preview');
const markup = document.getElementById('markup');
const problem = document.getElementById('problem');
const inert = document.implementation.createHTMLDocument('');
const ATTRIBUTES = ['project', 'job', 'label', 'base-url', 'env', 'confirm'];

const escapeAttribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function messages() {
  const result = {};
  for (const [name, value] of new FormData(messagesForm)) {
    if (!value) continue;
    const [group, key] = name.split('.');
    if (key) (result[group] ??= {})[key] = value;
    else result[group] = value;
  }
  return result;
}

function update() {
  problem.textContent = '';
  const values = Object.fromEntries(new FormData(settings));
  const env = values.env.trim();
  if (env) {
    try {
      const parsed = JSON.parse(env);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      problem.textContent = 'env must be a JSON object, such as {"SITE": "default"}.';
    }
  }
  const container = document.createElement('div');
  container.lang = values.lang || 'en';
  // Made in a document of its own, where the element is not defined, and upgraded when it
  // joins this page: until the wasm is ready, `document.createElement` of the defined
  // element throws ("The result must not have attributes": the stand-in that draws it
  // before the core sets its `state` in the constructor).
  const element = inert.createElement('drush-io-run-button');
  const attributes = ATTRIBUTES.filter((name) => values[name] !== '');
  for (const name of attributes) element.setAttribute(name, values[name]);
  const texts = messages();
  if (Object.keys(texts).length) element.messages = texts;
  container.append(document.adoptNode(element));
  preview.replaceChildren(container);

  const tag = `<drush-io-run-button ${attributes.map((name) => `${name}="${escapeAttribute(values[name])}"`).join('\n                     ')}>\n</drush-io-run-button>`;
  const lines = ['<script type="module" src="/libraries/drush-io-embed/auto.js"></script>', '', tag];
  if (Object.keys(texts).length) {
    lines.push('', '<!-- in a module of the page, once the element is on it: -->',
      `document.querySelector('drush-io-run-button').messages = ${JSON.stringify(texts, null, 2)};`);
  }
  markup.textContent = lines.join('\n');
}

settings.addEventListener('input', update);
messagesForm.addEventListener('input', update);
settings.addEventListener('submit', (event) => event.preventDefault());
messagesForm.addEventListener('submit', (event) => event.preventDefault());
document.getElementById('copy').addEventListener('click', async () => {
  const status = document.getElementById('copied');
  try {
    await navigator.clipboard.writeText(markup.textContent);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = 'Select the markup and copy it: this browser refused the clipboard.';
  }
});
update();
