<?php

declare(strict_types=1);

defined('ABSPATH') || exit;

/** What an administrator is told outside the settings page: the plugin row's link, after activation, and while no token is set. */
final class Drush_Io_Notices
{
    private const ACTIVATED = 'drush_io_activated';
    /** The screens where a missing token is worth saying (the settings page says it beside the field). */
    private const SCREENS = ['dashboard', 'plugins'];

    public static function register(string $pluginFile): void
    {
        register_activation_hook($pluginFile, static function (): void {
            set_transient(self::ACTIVATED . '_' . get_current_user_id(), 1, HOUR_IN_SECONDS);
        });
        add_filter('plugin_action_links_' . plugin_basename($pluginFile), static function (array $links): array {
            array_unshift($links, sprintf('<a href="%s">%s</a>', esc_url(self::settingsUrl()), esc_html__('Settings', 'drush-io')));
            return $links;
        });
        add_action('admin_notices', [self::class, 'show']);
    }

    public static function settingsUrl(): string
    {
        return admin_url('options-general.php?page=' . Drush_Io_Settings::PAGE);
    }

    public static function show(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $activated = self::ACTIVATED . '_' . get_current_user_id();
        if (get_transient($activated)) {
            delete_transient($activated);
            self::notice('success', __('drush.io is active. Set the API token and the jobs the site may run:', 'drush-io'));
            return;
        }
        $screen = get_current_screen();
        if ($screen !== null && in_array($screen->id, self::SCREENS, true) && Drush_Io_Settings::token() === '') {
            self::notice('warning', __('drush.io: no API token is set, so no job can run.', 'drush-io'));
        }
    }

    private static function notice(string $type, string $text): void
    {
        printf(
            '<div class="notice notice-%s drush-io-notice"><p>%s <a href="%s">%s</a></p></div>',
            esc_attr($type),
            esc_html($text),
            esc_url(self::settingsUrl()),
            esc_html__('Settings, then drush.io', 'drush-io'),
        );
    }
}
