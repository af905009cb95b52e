// Settings, then drush.io: jobs are added and removed in the form, saved together by
// "Save Changes". Without script the page keeps a blank job at the end for the next one.
const list = document.querySelector('[data-drush-io-jobs]');
const template = document.querySelector('[data-drush-io-job-template]');
const add = document.querySelector('[data-drush-io-add-job]');
if (list && template && add) {
  let next = list.children.length;
  const arm = (job) => {
    const remove = job.querySelector('[data-drush-io-remove-job]');
    remove.hidden = false;
    remove.addEventListener('click', () => {
      // The next focus: the following job, else the "Add a job" button.
      const after = job.nextElementSibling?.querySelector('input') ?? add;
      job.remove();
      after.focus();
    });
  };
  for (const job of list.children) arm(job);
  add.hidden = false;
  add.addEventListener('click', () => {
    const job = template.content.firstElementChild.cloneNode(true);
    const index = String(next++);
    for (const element of job.querySelectorAll('[id], [for], [name], [aria-describedby]')) {
      for (const name of ['id', 'for', 'name', 'aria-describedby']) {
        const value = element.getAttribute(name);
        if (value) element.setAttribute(name, value.replaceAll('__INDEX__', index));
      }
    }
    list.append(job);
    arm(job);
    job.querySelector('input').focus();
  });
}
