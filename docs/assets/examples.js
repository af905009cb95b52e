// The element's page: its live examples that run a job need the dev server's proxy
// (`scripts/docs.sh --serve`). A copy of the site served anywhere else shows, in their place,
// the pictures the accessibility tests took of the same states, labelled as such.
const answer = await fetch('/proxy/v1/projects/docs', { headers: { Accept: 'application/json' } }).catch(() => null);
const live = Boolean(answer?.ok);
if (!live) {
  for (const example of document.querySelectorAll('.example[data-needs-server]')) example.hidden = true;
  document.getElementById('static-rendering').hidden = false;
}
document.documentElement.dataset.examples = live ? 'live' : 'static';
