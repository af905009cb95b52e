<?php
/**
 * Plugin Name: drush.io
 * Description: Run drush.io jobs from the dashboard and from pages, with the API token kept on the server.
 * Version: 0.1.0
 * Requires at least: 6.1
 * Requires PHP: 8.1
 * License: MIT
 * Text Domain: drush-io
 */

declare(strict_types=1);

defined('ABSPATH') || exit;

// The shared rules ship inside the zip (shared/); in the repository they sit at cms/shared/.
require_once is_file(__DIR__ . '/shared/autoload.php') ? __DIR__ . '/shared/autoload.php' : __DIR__ . '/../../shared/autoload.php';
require_once __DIR__ . '/includes/class-drush-io-capabilities.php';
require_once __DIR__ . '/includes/class-drush-io-settings.php';
require_once __DIR__ . '/includes/class-drush-io-notices.php';
require_once __DIR__ . '/includes/class-drush-io-rest.php';
require_once __DIR__ . '/includes/class-drush-io-buttons.php';

add_action('init', static function (): void {
    load_plugin_textdomain('drush-io', false, dirname(plugin_basename(__FILE__)) . '/languages');
});
Drush_Io_Settings::register(plugins_url('', __FILE__));
Drush_Io_Notices::register(__FILE__);
Drush_Io_Rest::register();
Drush_Io_Buttons::register(plugins_url('', __FILE__));
