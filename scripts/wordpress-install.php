<?php
// Installs a private WordPress without wp-cli (see scripts/wordpress-env.sh): wp-config,
// the site, an editor, the plugin activated and configured, a published post that places a
// button with the shortcode, and a site's own admin page that does (tests/cms/site-operations.php). The token goes to the stored
// option (write-only), as an administrator would save it on the settings page.
declare(strict_types=1);

$run = getenv('DRUSH_IO_WP_RUN');
$url = getenv('DRUSH_IO_WP_URL');
$salts = '';
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
    $salts .= "define('$key', '" . bin2hex(random_bytes(32)) . "');\n";
}
file_put_contents("$run/wp/wp-config.php", "<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:$run/mysql.sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$salts\$table_prefix = 'wp_';
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '');
if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }
require_once ABSPATH . 'wp-settings.php';
");

define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
require_once "$run/wp/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_install('drush.io test', 'admin', 'admin@example.test', false, '', 'admin-password');
wp_insert_user(['user_login' => 'editor', 'user_pass' => 'editor-password', 'user_email' => 'editor@example.test', 'role' => 'editor']);
wp_insert_user(['user_login' => 'author', 'user_pass' => 'author-password', 'user_email' => 'author@example.test', 'role' => 'author']);
update_option('show_avatars', 0);
$fresh = (bool) getenv('DRUSH_IO_WP_FRESH');
// A fresh site keeps what WordPress installs (plain permalinks) unless told otherwise.
update_option('permalink_structure', $fresh ? (string) getenv('DRUSH_IO_WP_PERMALINKS') : '/%postname%/');
$result = $fresh ? null : activate_plugin('drush-io/drush-io.php');
if (is_wp_error($result)) {
    fwrite(STDERR, $result->get_error_message() . "\n");
    exit(1);
}
if (!$fresh) {
    update_option('drush_io_base_url', getenv('DRUSH_IO_API'));
    update_option('drush_io_jobs', json_decode((string) getenv('DRUSH_IO_JOBS'), true));
    add_option('drush_io_token', getenv('DRUSH_IO_TOKEN'), '', false);
}
// The shortcode as an author types it in the block editor's Shortcode block, spread over lines.
$post = wp_insert_post([
    'post_title' => 'Refresh the greeting',
    'post_name' => 'refresh-the-greeting',
    'post_status' => 'publish',
    'post_author' => 1,
    'post_content' => <<<'HTML'
<!-- wp:paragraph -->
<p>After a deploy, greet the world once more:</p>
<!-- /wp:paragraph -->

<!-- wp:shortcode -->
[drush_io_button
    job="test/vars"
]
<!-- /wp:shortcode -->

<!-- wp:paragraph -->
<p>With a greeting of your own:</p>
<!-- /wp:paragraph -->

<!-- wp:shortcode -->
[drush_io_button job="test/vars" vars="GREETING"]
<!-- /wp:shortcode -->
HTML,
], true);
// A page a site builder got wrong: a job not on the list, and a variable the job does not allow.
$mistakes = is_wp_error($post) ? $post : wp_insert_post([
    'post_title' => 'Mistyped shortcodes',
    'post_name' => 'mistyped-shortcodes',
    'post_status' => 'publish',
    'post_author' => 1,
    'post_content' => "<!-- wp:shortcode -->\n[drush_io_button job=\"test/missing\"]\n<!-- /wp:shortcode -->\n\n<!-- wp:shortcode -->\n[drush_io_button job=\"test/ok\" vars=\"NOPE\"]\n<!-- /wp:shortcode -->",
], true);
if (is_wp_error($mistakes)) {
    $post = $mistakes;
}
if (is_wp_error($post)) {
    fwrite(STDERR, $post->get_error_message() . "\n");
    exit(1);
}
wp_mkdir_p(WPMU_PLUGIN_DIR);
copy(__DIR__ . '/../tests/cms/site-operations.php', WPMU_PLUGIN_DIR . '/site-operations.php');
echo "installed\n";
