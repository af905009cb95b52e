// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { clickToComplete } from './click.js';

test('under jsdom (no constructable stylesheets) the element is clicked to complete, styled by a <style>', async () => {
  const element = await clickToComplete('vitest-jsdom');
  expect(element.shadowRoot.querySelector('style')?.textContent).toMatch(/\[part~?=|:host/);
});
