<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/** What goes to the drush.io API and what comes back to the browser. */
final class Upstream
{
    public const DEFAULT_BASE_URL = 'https://api.drush.io/v1';

    /** Upstream requests give up after this many seconds: below the client's 30 s, so the proxy answers first. */
    public const TIMEOUT_SECONDS = 20;

    /** A project, job or run id: what may stand as one segment of the API's two paths. */
    private const ID = '/^[A-Za-z0-9._-]+$/D';

    /** Whether an id from a route's path may go upstream: non-empty, not "." or "..", letters, digits, ".", "_", "-". */
    public static function isValidId(string $id): bool
    {
        return $id !== '.' && $id !== '..' && preg_match(self::ID, $id) === 1;
    }

    /** Null when acceptable: https, or http on a loopback host (a dev server); else why not. */
    public static function baseUrlProblem(string $url): ?string
    {
        $parts = parse_url($url);
        if ($parts === false || !isset($parts['scheme'], $parts['host'])) {
            return 'The API base URL must be an absolute URL such as ' . self::DEFAULT_BASE_URL . '.';
        }
        if (isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])) {
            return 'The API base URL must not hold credentials, a query or a fragment.';
        }
        $scheme = strtolower($parts['scheme']);
        $loopback = in_array(strtolower($parts['host']), ['127.0.0.1', 'localhost', '[::1]', '::1'], true);
        if ($scheme !== 'https' && !($scheme === 'http' && $loopback)) {
            return 'The API base URL must use https (http only on a loopback host).';
        }
        return null;
    }

    /**
    The upstream request for a trigger (runId null: POST) or a poll (GET): the configured
     * base and the three encoded ids, nothing else. The caller validated the ids (404 or 400),
     * the base URL and the token (an error of its own); this throws rather than send a path or header
     * they could change, with a message that names neither.
     * @param array<string, string>|null $env
     * @return array{method: string, url: string, headers: array<string, string>, body: ?string, timeout: int}
     * @throws \InvalidArgumentException for an id that is not valid, or a token that is missing or not valid
     */
    public static function request(string $baseUrl, string $token, string $project, string $job, ?string $runId, ?array $env = null): array
    {
        foreach ([$project, $job, $runId ?? 'run'] as $id) {
            if (!self::isValidId($id)) {
                throw new \InvalidArgumentException('A project, job or run id is not valid.');
            }
        }
        if (self::baseUrlProblem($baseUrl) !== null) {
            throw new \InvalidArgumentException('The API base URL is not valid.');
        }
        if ($token === '' || Token::problem($token) !== null) {
            throw new \InvalidArgumentException('The token is missing or not valid.');
        }
        $url = rtrim($baseUrl, '/') . '/projects/' . rawurlencode($project) . '/jobs/' . rawurlencode($job) . '/runs';
        $headers = ['Authorization' => 'Bearer ' . $token, 'Accept' => 'application/json'];
        if ($runId !== null) {
            return ['method' => 'GET', 'url' => $url . '/' . rawurlencode($runId), 'headers' => $headers, 'body' => null, 'timeout' => self::TIMEOUT_SECONDS];
        }
        $headers['Content-Type'] = 'application/json';
        $body = json_encode(['env' => (object) ($env ?? [])], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        return ['method' => 'POST', 'url' => $url, 'headers' => $headers, 'body' => $body, 'timeout' => self::TIMEOUT_SECONDS];
    }

    /**
     * The answer handed to the browser: the API's status and body, with the token masked
     * in every form (see Redactor); no answer at all (unreachable API) is a 502 JSON error,
     * and an answer the token could not be taken out of is withheld (502).
     * @return array{status: int, body: string}
     */
    public static function answer(?int $status, ?string $body, string $token): array
    {
        if ($status === null || $status < 100 || $status > 599) {
            return self::failure(false);
        }
        $clean = (new Redactor($token))->body($body ?? '');
        if ($clean === null) {
            return ['status' => 502, 'body' => self::error('answer-withheld', 'The drush.io API\'s answer was withheld: it held the site\'s token.')];
        }
        return ['status' => $status, 'body' => $clean];
    }

    /**
     * The answer when the HTTP client failed (it threw, or returned an error): 504 when it
     * timed out, else 502. Its message is fixed: the client's own text, which can carry the
     * request's headers, never goes further.
     * @return array{status: int, body: string}
     */
    public static function failure(bool $timedOut): array
    {
        return $timedOut
            ? ['status' => 504, 'body' => self::error('upstream-timeout', 'The drush.io API did not answer within ' . self::TIMEOUT_SECONDS . ' seconds. If this started a run, it may have been queued: check before running the job again.')]
            : ['status' => 502, 'body' => self::error('upstream-unreachable', 'The drush.io API could not be reached.')];
    }

    /**
     * Whether an HTTP client's failure was a timeout, from cURL's error number (Guzzle's
     * handler context `errno`) or its message (WordPress's "cURL error 28: ...").
     */
    public static function isTimeout(?int $curlErrno, string $message): bool
    {
        return $curlErrno === 28 || preg_match('/\bcURL error 28\b|timed out/i', $message) === 1;
    }

    /**
     * The answer when no usable token is set: nothing goes upstream.
     * @return array{status: int, body: string}
     */
    public static function tokenMissing(): array
    {
        return ['status' => 503, 'body' => self::error('token-missing', 'The site has no usable drush.io token: an administrator sets it in the site\'s settings.')];
    }

    /** A JSON error body, as the routes answer refusals. */
    public static function error(string $code, string $message): string
    {
        return json_encode(['code' => $code, 'message' => $message], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
    }
}
