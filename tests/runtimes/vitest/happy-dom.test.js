// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { clickToComplete } from './click.js';

test('under happy-dom the element is clicked to complete, styled by a constructed sheet', async () => {
  const element = await clickToComplete('vitest-happy-dom');
  expect(element.shadowRoot.adoptedStyleSheets).toHaveLength(1);
  expect(element.shadowRoot.querySelector('style')).toBeNull();
});
