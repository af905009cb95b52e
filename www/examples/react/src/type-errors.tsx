// Never bundled: `npm run typecheck` proves the element's JSX types are precise. If a
// declaration loosened to `any`, these lines would stop being errors and tsc would fail.
import type { DrushIoRunButtonRunDetail } from 'drush-io-embed';

export const misspeltAttribute = (
  // @ts-expect-error `projet` is not an attribute of the element
  <drush-io-run-button projet="demo" job="cache-clear" />
);

const wrongHandler = (event: CustomEvent<string>) => event.detail.length;
export const wronglyTypedHandler = (
  // @ts-expect-error the complete event's detail carries a run, not a string
  <drush-io-run-button project="demo" job="cache-clear" ondrush-io-complete={wrongHandler} />
);

export const wrongProperty = (
  // @ts-expect-error messages are strings
  <drush-io-run-button project="demo" job="cache-clear" messages={{ label: 3 }} />
);

export const typed = (
  <drush-io-run-button
    project="demo"
    job="cache-clear"
    ondrush-io-status={(event) => {
      const status: string = event.detail.run.status;
      return status;
    }}
    ondrush-io-error={(event: CustomEvent<{ run: unknown }>) => event.detail.run}
    client={null}
  />
);
export type Detail = DrushIoRunButtonRunDetail;
