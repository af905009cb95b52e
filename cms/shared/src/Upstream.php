<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/** What goes to the drush.io API and what comes back to the browser. */
final class Upstream
{
    public const DEFAULT_BASE_URL = 'https://api.drush.io/v1';

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
     * The upstream request for a trigger (runId null: POST) or a poll (GET).
     * @param array<string, string>|null $env
     * @return array{method: string, url: string, headers: array<string, string>, body: ?string}
     */
    public static function request(string $baseUrl, string $token, string $project, string $job, ?string $runId, ?array $env = null): array
    {
        $url = rtrim($baseUrl, '/') . '/projects/' . rawurlencode($project) . '/jobs/' . rawurlencode($job) . '/runs';
        $headers = ['Authorization' => 'Bearer ' . $token, 'Accept' => 'application/json'];
        if ($runId !== null) {
            return ['method' => 'GET', 'url' => $url . '/' . rawurlencode($runId), 'headers' => $headers, 'body' => null];
        }
        $headers['Content-Type'] = 'application/json';
        $body = json_encode(['env' => (object) ($env ?? [])], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        return ['method' => 'POST', 'url' => $url, 'headers' => $headers, 'body' => $body];
    }

    /**
     * The answer handed to the browser: the API's status and body unchanged, except that
     * the token never goes back; no answer at all (unreachable API) is a 502 JSON error.
     * @return array{status: int, body: string}
     */
    public static function answer(?int $status, ?string $body, string $token): array
    {
        if ($status === null || $status < 100 || $status > 599) {
            return ['status' => 502, 'body' => self::error('upstream-unreachable', 'The drush.io API could not be reached.')];
        }
        $body ??= '';
        if ($token !== '' && str_contains($body, $token)) {
            $body = str_replace($token, '[token]', $body);
        }
        return ['status' => $status, 'body' => $body];
    }

    /** A JSON error body, as the routes answer refusals. */
    public static function error(string $code, string $message): string
    {
        return json_encode(['code' => $code, 'message' => $message], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
    }
}
