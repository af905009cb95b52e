<?php
// Plugins, then Delete, on the test's private WordPress (run by scripts/test.sh after the
// other CMS tests, as it removes the settings they use): WordPress runs the plugin's
// uninstall.php, and no option of the plugin is left. Exits non-zero, saying why, if one is.
// Env: DRUSH_IO_WP_RUN, DRUSH_IO_WP_URL.
declare(strict_types=1);

$url = (string) getenv('DRUSH_IO_WP_URL');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
require_once getenv('DRUSH_IO_WP_RUN') . '/wp/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

function plugin_options(): array
{
    global $wpdb;
    return $wpdb->get_col("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'drush\\_io\\_%'");
}

$before = plugin_options();
if (count($before) < 3) {
    fwrite(STDERR, 'uninstall: expected the plugin\'s settings before, found ' . implode(', ', $before) . "\n");
    exit(1);
}
deactivate_plugins('drush-io/drush-io.php');
uninstall_plugin('drush-io/drush-io.php');
$after = plugin_options();
if ($after !== []) {
    fwrite(STDERR, 'uninstall: options left: ' . implode(', ', $after) . "\n");
    exit(1);
}
echo 'uninstall: removed ' . implode(', ', $before) . "\n";
