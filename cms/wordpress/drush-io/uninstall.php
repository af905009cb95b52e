<?php

declare(strict_types=1);

// Plugins, then Delete: remove every option the plugin stored.
defined('WP_UNINSTALL_PLUGIN') || exit;

foreach (['drush_io_base_url', 'drush_io_token', 'drush_io_jobs'] as $option) {
    delete_option($option);
}
