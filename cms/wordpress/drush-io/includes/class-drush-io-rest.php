<?php

declare(strict_types=1);

use DrushIo\Shared\Gate;
use DrushIo\Shared\Upstream;

defined('ABSPATH') || exit;

/**
 * /wp-json/drush-io/v1/projects/{p}/jobs/{j}/runs (POST) and .../runs/{id} (GET): every
 * check runs in the permission callback, so a refused request never reaches the API.
 */
final class Drush_Io_Rest
{
    public const NAMESPACE = 'drush-io/v1';
    /** One path segment, never "." or ".." (a path that is one of them matches no route: 404). */
    private const SEGMENT = '(?!\.\.?(?:/|$))[A-Za-z0-9._-]+';

    public static function register(): void
    {
        add_action('rest_api_init', [self::class, 'routes']);
    }

    public static function routes(): void
    {
        $runs = '/projects/(?P<project>' . self::SEGMENT . ')/jobs/(?P<job>' . self::SEGMENT . ')/runs';
        register_rest_route(self::NAMESPACE, $runs, [
            'methods' => 'POST',
            'callback' => [self::class, 'forward'],
            'permission_callback' => [self::class, 'permit'],
        ]);
        register_rest_route(self::NAMESPACE, $runs . '/(?P<run>' . self::SEGMENT . ')', [
            'methods' => 'GET',
            'callback' => [self::class, 'forward'],
            'permission_callback' => [self::class, 'permit'],
        ]);
    }

    /**
     * The project, job and run id of the route's path alone: `$request['run']` would let a
     * query string (`?run=..`) or a body win over the path.
     *
     * @return array{project: string, job: string, run: ?string}
     */
    private static function ids(WP_REST_Request $request): array
    {
        $path = $request->get_url_params();
        return [
            'project' => (string) ($path['project'] ?? ''),
            'job' => (string) ($path['job'] ?? ''),
            'run' => $request->get_method() === 'GET' ? (string) ($path['run'] ?? '') : null,
        ];
    }

    /** @return true|WP_Error */
    public static function permit(WP_REST_Request $request)
    {
        // Cookie authentication without a valid X-WP-Nonce leaves the user signed out here
        // (WordPress answers a bad nonce with 403 itself); either way: 403, nothing upstream.
        if (!is_user_logged_in()) {
            return self::refuse('rest_forbidden', __('Sign in, and send the X-WP-Nonce header.', 'drush-io'));
        }
        $ids = self::ids($request);
        foreach ($ids as $id) {
            if ($id !== null && !Upstream::isValidId($id)) {
                return new WP_Error('drush_io_invalid_id', __('A project, job or run id is not valid.', 'drush-io'), ['status' => 400]);
            }
        }
        $env = null;
        if ($request->get_method() === 'POST') {
            $body = $request->get_json_params();
            $env = is_array($body) && array_key_exists('env', $body) ? $body['env'] : [];
            if (is_array($body) && array_diff(array_keys($body), ['env']) !== []) {
                $env = 'invalid';
            }
        }
        $refusal = (new Gate(Drush_Io_Settings::jobs()))->refusal(
            $ids['project'],
            $ids['job'],
            static fn (string $capability): bool => current_user_can($capability),
            $env,
        );
        if ($refusal !== null) {
            return self::refuse('drush_io_' . str_replace('-', '_', $refusal), self::message($refusal));
        }
        if (Drush_Io_Settings::token() === '') {
            // Never an empty Bearer header: the API would refuse it anyway, and the page says why.
            return new WP_Error('drush_io_no_token', __('No drush.io API token is set: an administrator sets it on Settings, then drush.io.', 'drush-io'), ['status' => 503]);
        }
        return true;
    }

    public static function forward(WP_REST_Request $request): WP_REST_Response
    {
        $token = Drush_Io_Settings::token();
        $ids = self::ids($request);
        $env = null;
        if ($request->get_method() === 'POST') {
            $body = $request->get_json_params();
            $env = is_array($body) && is_array($body['env'] ?? null) ? $body['env'] : [];
        }
        try {
            $upstream = Upstream::request(Drush_Io_Settings::baseUrl(), $token, $ids['project'], $ids['job'], $ids['run'], $env);
        } catch (InvalidArgumentException) {
            // The permission callback let nothing of the kind through; should the settings
            // change in between, nothing goes upstream.
            $upstream = null;
        }
        // The timeout (20 s) is below the browser's 30 s: the page gets the proxy's own 504.
        $answer = $upstream === null ? Upstream::tokenMissing() : wp_remote_request($upstream['url'], [
            'method' => $upstream['method'],
            'headers' => $upstream['headers'],
            'body' => $upstream['body'],
            'timeout' => $upstream['timeout'],
            'redirection' => 0,
        ]);
        if (is_wp_error($answer)) {
            // Its message is inspected, never passed on: it can name the request.
            $answer = Upstream::failure(Upstream::isTimeout(null, $answer->get_error_message()));
        } elseif ($upstream !== null) {
            $answer = Upstream::answer((int) wp_remote_retrieve_response_code($answer), (string) wp_remote_retrieve_body($answer), $token);
        }
        // The API's body goes back as it came (a run object, or its error): decode only to re-encode it as JSON.
        $data = json_decode($answer['body']);
        $response = new WP_REST_Response($data ?? json_decode(Upstream::error('invalid-answer', 'The drush.io API answered something other than JSON.')), $answer['status']);
        // A run's log stays out of every cache. WordPress sends its own no-cache headers to a
        // signed-in user after the response's, so its Cache-Control is set through their filter.
        $response->header('Cache-Control', 'no-store');
        add_filter('nocache_headers', static fn (array $headers): array => ['Cache-Control' => 'no-store'] + $headers);
        return $response;
    }

    private static function refuse(string $code, string $message): WP_Error
    {
        return new WP_Error($code, $message, ['status' => 403]);
    }

    private static function message(string $refusal): string
    {
        return match ($refusal) {
            Gate::JOB_NOT_LISTED => __('This job is not on the site\'s list.', 'drush-io'),
            Gate::NOT_PERMITTED => __('Sorry, you are not allowed to run this job.', 'drush-io'),
            Gate::VARIABLE_NOT_ALLOWED => __('A variable is not allowed for this job.', 'drush-io'),
            default => __('The request body must be {"env": {"NAME": "value"}}.', 'drush-io'),
        };
    }
}
