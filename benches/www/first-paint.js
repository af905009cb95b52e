// Figures of one load of first-paint.html, read by benches/first-paint.mjs as
// `window.firstPaint`: when the element's button first has a size (checked every frame),
// the layout shift of the page, and when a click on that button, given the moment it
// has a size, is acted on (its POST leaves).
const figures = { shift: 0 };
window.firstPaint = figures;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) figures.shift += entry.value;
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
    figures.clickMs = performance.now();
    button.click();
    return;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
