// Figures of one load of first-paint.html, read by benches/first-paint.mjs as
// `window.firstPaint`: when the element's button first has a size (checked every frame),
// the layout shift of the page until the button is clicked, and when a click on that
// button, given once it is painted, is acted on (its POST leaves).
const figures = { shift: 0, shifts: [] };
window.firstPaint = figures;

// Until the click: the `starting` spinner it brings widens the button, which is the run's
// doing, not the first paint's (and a click from script is no input to the browser).
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    figures.shifts.push([Math.round(entry.startTime), entry.value]);
    if (!(entry.startTime >= figures.clickMs)) figures.shift += entry.value;
  }
}).observe({ type: 'layout-shift', buffered: true });

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.name.endsWith('/runs') && figures.postMs === undefined) figures.postMs = entry.startTime;
  }
}).observe({ type: 'resource', buffered: true });

function frame(now) {
  const button = document.querySelector('drush-io-run-button')?.shadowRoot?.querySelector('button');
  const box = button?.getBoundingClientRect();
  if (box && box.width > 0 && box.height > 0) {
    figures.buttonMs = now;
    // Once this frame is painted, so that a shift of drawing the button is told apart
    // from the spinner the click brings.
    requestAnimationFrame(() => setTimeout(() => {
      figures.clickMs = performance.now();
      button.click();
    }));
    return;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
