'use client';
// The element in a client component: the package imports cleanly during the server render
// (no DOM there, nothing defined), and after hydration the browser loads the wasm and
// defines the element with a client of this origin's /drush-io/v1. React 19 does not
// attach on… props to a custom element when it hydrates, so the end of the run is heard
// through a ref.
import { useEffect, useRef, useState } from 'react';
import init, { DrushIo, defineElements } from 'drush-io-embed';

export default function RunButton({ project, job, label }) {
  const ref = useRef(null);
  const [ended, setEnded] = useState('not yet');
  useEffect(() => {
    init().then(() => defineElements({ client: new DrushIo({ baseUrl: '/drush-io/v1' }) }));
    const element = ref.current;
    const complete = () => setEnded('complete');
    const error = (event) => setEnded(`error: ${event.detail.error?.message ?? event.detail.run?.status}`);
    element.addEventListener('drush-io-complete', complete);
    element.addEventListener('drush-io-error', error);
    return () => {
      element.removeEventListener('drush-io-complete', complete);
      element.removeEventListener('drush-io-error', error);
    };
  }, []);
  return (
    <>
      <drush-io-run-button ref={ref} id="deploy" project={project} job={job} label={label} />
      <p>
        Ended: <output id="ended">{ended}</output>
      </p>
    </>
  );
}
