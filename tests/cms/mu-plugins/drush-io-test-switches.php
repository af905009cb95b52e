<?php
// For the tests only (copied into the private WordPress beside the query counter, never into
// the plugin's zip): a request that carries one of these headers meets a changed site, and
// every other request the site it always was, so suites that run meanwhile are untouched.
//   X-Drush-Io-Test-Token-Constant: DRUSH_IO_TOKEN is defined, as wp-config.php would, with
//     a token the API refuses (401): the answer shows the constant won over the stored token.
//   X-Drush-Io-Test-Api-Down: the API base URL is a loopback port where nothing listens.
//   X-Drush-Io-Test-No-Token: no token is stored.
//   X-Drush-Io-Test-Api-Url: the API base URL is this loopback URL (one that never answers).
//   Cookie drush_io_test_csp=1: a Content-Security-Policy without 'wasm-unsafe-eval', as a
//     security plugin may send, so that the package's wasm cannot start.
//   Cookie drush_io_test_nonce_life=N: nonces live N seconds (WordPress: a day), so that a
//     tab's nonce expires while a run goes on; the tab sends it with every request.
declare(strict_types=1);

if (isset($_SERVER['HTTP_X_DRUSH_IO_TEST_TOKEN_CONSTANT'])) {
    define('DRUSH_IO_TOKEN', 'revoked-token-from-wp-config');
}
if (isset($_SERVER['HTTP_X_DRUSH_IO_TEST_API_DOWN'])) {
    add_filter('pre_option_drush_io_base_url', static fn (): string => 'http://127.0.0.1:9/v1');
}
if (isset($_COOKIE['drush_io_test_nonce_life'])) {
    $life = max(2, (int) $_COOKIE['drush_io_test_nonce_life']);
    add_filter('nonce_life', static fn (): int => $life);
}
if (isset($_SERVER['HTTP_X_DRUSH_IO_TEST_NO_TOKEN'])) {
    add_filter('pre_option_drush_io_token', static fn (): string => '');
}
if (isset($_SERVER['HTTP_X_DRUSH_IO_TEST_API_URL']) && str_starts_with((string) $_SERVER['HTTP_X_DRUSH_IO_TEST_API_URL'], 'http://127.0.0.1:')) {
    $api = (string) $_SERVER['HTTP_X_DRUSH_IO_TEST_API_URL'];
    add_filter('pre_option_drush_io_base_url', static fn (): string => $api);
}
if (isset($_COOKIE['drush_io_test_csp']) && !headers_sent()) {
    header("Content-Security-Policy: script-src 'self' 'unsafe-inline'");
}
