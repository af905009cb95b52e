<?php
// Run by tests/cms/wordpress-settings.test.mjs: php settings-save.php WP_DIR TOKEN. A second
// site in the private copy's database (its own table prefix, so the site the other tests use
// keeps its settings) gets the plugin activated and its settings saved the ways an
// administrator saves them: the settings page's fields through update_option(), as
// options.php does, and the token through the same form's field. Prints the plugin's
// option rows (name and autoload) as JSON, then drops the second site's tables.
declare(strict_types=1);

// Prefixed names: this file's variables are globals beside WordPress's own ($wp, $plugin, ...).
[, $test_wp_dir, $test_token] = $argv;
$test_config = file_get_contents("$test_wp_dir/wp-config.php");
preg_match("/define\\('DB_HOST', '([^']+)'\\)/", $test_config, $test_host);
preg_match("/define\\('WP_HOME', '([^']+)'\\)/", $test_config, $test_home);
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', $test_host[1]);
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', $test_home[1]);
define('WP_SITEURL', $test_home[1]);
define('DISABLE_WP_CRON', true);
define('ABSPATH', "$test_wp_dir/");
define('WP_INSTALLING', true);
$table_prefix = 'settings_';
$_SERVER['HTTP_HOST'] = parse_url($test_home[1], PHP_URL_HOST) . ':' . parse_url($test_home[1], PHP_URL_PORT);
require ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$test_plugin = 'drush-io/drush-io.php';
$test_rows = static fn (): array => $GLOBALS['wpdb']->get_results(
    "SELECT option_name, autoload FROM {$GLOBALS['wpdb']->options} WHERE option_name LIKE '%drush%' OR option_value LIKE '%" . esc_sql($GLOBALS['test_token']) . "%' ORDER BY option_name",
    ARRAY_A,
);

add_filter('pre_wp_mail', '__return_false');
wp_install('settings test', 'admin', 'admin@example.test', false, '', 'admin-password');
$test_activated = activate_plugin($test_plugin);
if (is_wp_error($test_activated)) {
    fwrite(STDERR, $test_activated->get_error_message() . "\n");
    exit(1);
}
wp_set_current_user(1);

// Settings, then drush.io, then Save Changes: options.php calls update_option() on each
// registered setting, which runs the plugin's sanitize callbacks.
Drush_Io_Settings::registerSettings();
update_option(Drush_Io_Settings::BASE_URL, 'http://127.0.0.1:9/v1');
update_option(Drush_Io_Settings::JOBS, [['project' => 'test', 'job' => 'ok', 'label' => 'OK', 'confirm' => '', 'capability' => 'edit_posts', 'variables' => '']]);
// The token field of the same form, a first one and then its replacement, then an empty
// field (which keeps it): options.php calls update_option() with the field's value.
update_option(Drush_Io_Settings::TOKEN, ['new' => 'a-first-token']);
update_option(Drush_Io_Settings::TOKEN, ['new' => "  $test_token\n"]);
update_option(Drush_Io_Settings::TOKEN, ['new' => '']);
if (get_option(Drush_Io_Settings::TOKEN) !== $test_token) {
    fwrite(STDERR, "the token was not kept, trimmed\n");
    exit(1);
}
// A token with a line break inside is refused with a reason, and the saved one kept.
update_option(Drush_Io_Settings::TOKEN, ['new' => "first-half\nsecond-half"]);
$test_errors = array_column(get_settings_errors(Drush_Io_Settings::TOKEN), 'message');
if (get_option(Drush_Io_Settings::TOKEN) !== $test_token || count($test_errors) !== 1 || !str_contains($test_errors[0], 'line break')) {
    fwrite(STDERR, 'a token with a line break: ' . json_encode($test_errors) . "\n");
    exit(1);
}
$test_saved = $test_rows();

foreach ($wpdb->get_col("SHOW TABLES LIKE 'settings\\_%'") as $test_table) {
    $wpdb->query("DROP TABLE `$test_table`");
}
echo json_encode($test_saved), "\n";
