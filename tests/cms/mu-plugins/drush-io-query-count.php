<?php
// For the tests only (scripts/wordpress-env.sh copies it into the private WordPress, never
// into the plugin's zip): every REST answer says how many database queries its request
// made, and a route that does nothing but check the user gives the count of WordPress's
// own, with which options are autoloaded (whether, never what).
declare(strict_types=1);

add_filter('rest_post_dispatch', static function (WP_REST_Response $response): WP_REST_Response {
    global $wpdb;
    $response->header('X-Drush-Io-Queries', (string) $wpdb->num_queries);
    return $response;
}, PHP_INT_MAX);

add_action('rest_api_init', static function (): void {
    register_rest_route('drush-io-test/v1', '/nothing', [
        'methods' => 'GET',
        'permission_callback' => static fn (): bool => current_user_can('read'),
        'callback' => static function (): array {
            $autoloaded = wp_load_alloptions();
            $names = ['drush_io_base_url', 'drush_io_jobs', 'drush_io_token'];
            return array_combine($names, array_map(static fn (string $name): bool => array_key_exists($name, $autoloaded), $names));
        },
    ]);
});
