// A small component of a page: a button that deploys a site with <drush-io-run-button>, and a
// line that says how it went.
export function mountDeployButton(root, { client, site = 'staging' }) {
  const button = document.createElement('drush-io-run-button');
  button.setAttribute('project', 'demo');
  button.setAttribute('job', 'deploy');
  button.setAttribute('label', `Deploy ${site}`);
  button.client = client;
  button.env = { SITE: site };
  const outcome = document.createElement('p');
  button.addEventListener('drush-io-complete', (event) => {
    outcome.textContent = `Deployed ${site} in ${event.detail.run.duration} s`;
  });
  button.addEventListener('drush-io-error', (event) => {
    outcome.textContent = event.detail.error ? `Could not deploy: ${event.detail.error.message}` : `The deployment of ${site} failed`;
  });
  root.append(button, outcome);
  return { button, outcome };
}
