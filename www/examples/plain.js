// The element reports its progress in the `state` attribute and through drush-io-* events.
document.addEventListener('drush-io-complete', (event) => {
  console.log('run finished', event.detail.run.id, event.detail.run.duration, 's');
});
