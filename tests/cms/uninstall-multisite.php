<?php
// Plugins, then Delete, on a multisite: the plugin's uninstall.php removes its settings from
// every site of the network, not only the main one. Run after tests/cms/uninstall.php (it
// turns the test's private WordPress into a network, so nothing may use the site after it).
// In three processes, as WordPress reads MULTISITE once, when it loads:
//   (no argument)  turns the site into a network (Network Setup's work: its tables, then
//                  the constants in wp-config.php), then runs the two steps below;
//   sites          adds a second site, and gives both the plugin's settings;
//   uninstall      deletes the plugin, and exits non-zero, saying where, if a setting is left.
// Env: DRUSH_IO_WP_RUN, DRUSH_IO_WP_URL.
declare(strict_types=1);

$run = (string) getenv('DRUSH_IO_WP_RUN');
$url = (string) getenv('DRUSH_IO_WP_URL');
$domain = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['HTTP_HOST'] = $domain;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$step = $argv[1] ?? 'network';

function fail(string $message): never
{
    fwrite(STDERR, "uninstall on a multisite: $message\n");
    exit(1);
}

/** The plugin's options (its settings and its transients) on the current site. */
function plugin_options(): array
{
    global $wpdb;
    return $wpdb->get_col("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%drush\\_io\\_%'");
}

if ($step === 'network') {
    define('WP_INSTALLING_NETWORK', true);
    require_once "$run/wp/wp-load.php";
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    // As Network Setup does: the network's tables get their names before they are made.
    foreach ($wpdb->tables('ms_global') as $table => $prefixed) {
        $wpdb->$table = $prefixed;
    }
    install_network();
    $made = populate_network(1, $domain, 'admin@example.test', 'drush.io network', '/', false);
    if (is_wp_error($made)) {
        fail('the network was not made: ' . $made->get_error_message());
    }
    $config = "$run/wp/wp-config.php";
    $constants = "define('MULTISITE', true);\ndefine('SUBDOMAIN_INSTALL', false);\n"
        . "define('DOMAIN_CURRENT_SITE', '$domain');\ndefine('PATH_CURRENT_SITE', '/');\n"
        . "define('SITE_ID_CURRENT_SITE', 1);\ndefine('BLOG_ID_CURRENT_SITE', 1);\n";
    file_put_contents($config, str_replace("if (!defined('ABSPATH'))", $constants . "if (!defined('ABSPATH'))", (string) file_get_contents($config)));
    // WordPress's own errors (wp_die) end a process with status 0: each step says when it is done.
    foreach (['sites', 'uninstall'] as $next) {
        exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__FILE__) . ' ' . $next . ' 2>&1', $said, $status);
        if ($status !== 0 || !str_starts_with((string) end($said), "$next: done")) {
            fail("the step \"$next\" did not end:\n" . implode("\n", $said));
        }
        echo substr((string) end($said), strlen("$next: done: ")) . "\n";
        $said = [];
    }
    exit(0);
}

require_once "$run/wp/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/plugin.php';
if (!is_multisite()) {
    fail('the site did not become a network');
}

if ($step === 'sites') {
    $second = wpmu_create_blog($domain, '/second/', 'Second site', 1);
    if (is_wp_error($second)) {
        fail('the second site was not made: ' . $second->get_error_message());
    }
    activate_plugin('drush-io/drush-io.php', '', true);
    foreach (get_sites(['fields' => 'ids', 'number' => 0]) as $site) {
        switch_to_blog((int) $site);
        update_option('drush_io_base_url', 'https://api.drush.io/v1');
        update_option('drush_io_token', "token-of-site-$site");
        update_option('drush_io_jobs', [['project' => 'test', 'job' => 'ok', 'label' => 'Say hello']]);
        // What set_transient() stores: the settings page's refused rows, kept a while.
        update_option('_transient_timeout_drush_io_refused_1', time() + 600);
        update_option('_transient_drush_io_refused_1', ['kept a while']);
        restore_current_blog();
    }
    echo "sites: done: two sites with the plugin's settings\n";
    exit(0);
}

$before = [];
foreach (get_sites(['fields' => 'ids', 'number' => 0]) as $site) {
    switch_to_blog((int) $site);
    $before[$site] = plugin_options();
    restore_current_blog();
}
if (count($before) !== 2 || min(array_map('count', $before)) < 4) {
    fail('expected the settings on two sites before, found ' . json_encode($before));
}
deactivate_plugins('drush-io/drush-io.php', true, true);
uninstall_plugin('drush-io/drush-io.php');
foreach (array_keys($before) as $site) {
    switch_to_blog((int) $site);
    $left = plugin_options();
    restore_current_blog();
    if ($left !== []) {
        fail("site $site keeps " . implode(', ', $left));
    }
}
echo 'uninstall: done: uninstall on a multisite: removed ' . implode(', ', $before[array_key_first($before)]) . ' from ' . count($before) . " sites\n";
