<?php

declare(strict_types=1);

// Plugins, then Delete: remove every option the plugin stored, on every site of a multisite.
defined('WP_UNINSTALL_PLUGIN') || exit;

$drush_io_remove = static function (): void {
    foreach (['drush_io_base_url', 'drush_io_token', 'drush_io_jobs'] as $option) {
        delete_option($option);
    }
    // The settings page's refused input and the notice after activation, kept a while per user.
    global $wpdb;
    $wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_drush\\_io\\_%' OR option_name LIKE '\\_transient\\_timeout\\_drush\\_io\\_%'");
};
if (is_multisite()) {
    foreach (get_sites(['fields' => 'ids', 'number' => 0]) as $drush_io_site) {
        switch_to_blog((int) $drush_io_site);
        $drush_io_remove();
        restore_current_blog();
    }
} else {
    $drush_io_remove();
}
