<?php
/**
 * Plugin Name: Site operations
 * Description: A site's own admin page (Tools, then Site operations) that places a drush.io
 * button with the plugin's shortcode, as a site builder would. Installed as a must-use
 * plugin by scripts/wordpress-install.php for tests/cms/.
 */

declare(strict_types=1);

defined('ABSPATH') || exit;

add_action('admin_menu', static function (): void {
    add_management_page('Site operations', 'Site operations', 'edit_posts', 'site-operations', static function (): void {
        ?>
        <div class="wrap">
            <h1>Site operations</h1>
            <p>Greet the world after a deploy.</p>
            <p>
                <?php echo do_shortcode('[drush_io_button job="test/vars"]'); ?>
            </p>
        </div>
        <?php
    });
});
