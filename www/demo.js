// Demo page wiring: the pasted token goes to the element's write-only property, and every
// drush-io-* event is listed as it fires. All text is written with textContent.
const EVENTS = ['drush-io-queued', 'drush-io-status', 'drush-io-complete', 'drush-io-error'];

const list = document.getElementById('events');
const empty = document.getElementById('events-empty');

function cell(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

function logEvent(event) {
  const { run, error } = event.detail ?? {};
  const item = document.createElement('li');
  item.className = `event event--${event.type.replace('drush-io-', '')}`;
  const time = new Date().toLocaleTimeString([], { hour12: false });
  const outcome = error ? error.message : (run?.status ?? '');
  const job = event.target.getAttribute('job') ?? '';
  item.append(
    cell('event__time', time),
    cell('event__name', event.type),
    cell('event__detail', outcome ? `${job} · ${outcome}` : job),
  );
  if (run?.id) item.title = `run ${run.id}`;
  list.prepend(item);
  empty.hidden = true;
}

for (const name of EVENTS) document.addEventListener(name, logEvent);

document.getElementById('clear-events').addEventListener('click', () => {
  list.replaceChildren();
  empty.hidden = false;
});

const tokenInput = document.getElementById('token-input');
const tokenButton = document.getElementById('with-token');
tokenInput.addEventListener('input', () => {
  tokenButton.token = tokenInput.value.trim() || null;
});

// These forms only feed the buttons; pressing Enter in them must not reload the page.
for (const id of ['announce-form', 'token-form']) {
  document.getElementById(id).addEventListener('submit', (event) => event.preventDefault());
}
