// The page's same-origin proxy to the drush.io API: the token stays on the server, in an
// environment variable (DRUSH_IO_TOKEN; DRUSH_IO_API_URL for another API than drush.io's).
// Only the two calls the element makes pass: POST .../jobs/{job}/runs and GET .../runs/{id}.
export const dynamic = 'force-dynamic';

const API = process.env.DRUSH_IO_API_URL ?? 'https://api.drush.io/v1';

async function forward(request, { params }) {
  const { path } = await params;
  const [projects, , jobs, , runs, id, ...rest] = path;
  const post = request.method === 'POST';
  if (projects !== 'projects' || jobs !== 'jobs' || runs !== 'runs' || rest.length > 0 || post === (id !== undefined)) {
    return Response.json({ message: 'Not found' }, { status: 404 });
  }
  const answer = await fetch(`${API}/${path.map(encodeURIComponent).join('/')}`, {
    method: request.method,
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${process.env.DRUSH_IO_TOKEN}`,
      ...(post && { 'Content-Type': 'application/json' }),
    },
    body: post ? await request.text() : undefined,
  });
  const headers = { 'Content-Type': answer.headers.get('Content-Type') ?? 'application/json' };
  if (answer.headers.has('Retry-After')) headers['Retry-After'] = answer.headers.get('Retry-After');
  return new Response(answer.body, { status: answer.status, headers });
}

export { forward as GET, forward as POST };
