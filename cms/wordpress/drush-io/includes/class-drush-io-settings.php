<?php

declare(strict_types=1);

use DrushIo\Shared\JobList;
use DrushIo\Shared\Upstream;

defined('ABSPATH') || exit;

/** Settings, then drush.io: the API base URL, the write-only token and the job list (Settings API). */
final class Drush_Io_Settings
{
    public const BASE_URL = 'drush_io_base_url';
    public const TOKEN = 'drush_io_token';
    public const JOBS = 'drush_io_jobs';
    private const PAGE = 'drush-io';

    public static function register(): void
    {
        add_action('admin_init', [self::class, 'registerSettings']);
        add_action('admin_menu', static function (): void {
            add_options_page(__('drush.io', 'drush-io'), __('drush.io', 'drush-io'), 'manage_options', self::PAGE, [self::class, 'render']);
        });
    }

    public static function baseUrl(): string
    {
        $url = (string) get_option(self::BASE_URL, Upstream::DEFAULT_BASE_URL);
        return $url === '' ? Upstream::DEFAULT_BASE_URL : $url;
    }

    /** The DRUSH_IO_TOKEN constant of wp-config.php wins over the stored option. */
    public static function token(): string
    {
        if (defined('DRUSH_IO_TOKEN')) {
            return (string) constant('DRUSH_IO_TOKEN');
        }
        return (string) get_option(self::TOKEN, '');
    }

    public static function jobs(): JobList
    {
        return JobList::fromRows(get_option(self::JOBS, []));
    }

    public static function registerSettings(): void
    {
        register_setting(self::PAGE, self::BASE_URL, ['type' => 'string', 'sanitize_callback' => [self::class, 'sanitizeBaseUrl'], 'default' => Upstream::DEFAULT_BASE_URL]);
        register_setting(self::PAGE, self::JOBS, ['type' => 'array', 'sanitize_callback' => [self::class, 'sanitizeJobs'], 'default' => []]);
        // The token is not a registered setting: it is saved apart, not autoloaded, and never printed.
        add_action('admin_post_drush_io_token', [self::class, 'saveToken']);
    }

    public static function sanitizeBaseUrl(mixed $value): string
    {
        $url = trim((string) $value);
        $problem = Upstream::baseUrlProblem($url);
        if ($problem !== null) {
            add_settings_error(self::BASE_URL, 'drush-io-base-url', __($problem, 'drush-io'));
            return self::baseUrl();
        }
        return $url;
    }

    public static function sanitizeJobs(mixed $rows): array
    {
        $errors = [];
        $list = JobList::fromRows($rows, $errors);
        foreach ($errors as $error) {
            add_settings_error(self::JOBS, 'drush-io-jobs', __($error, 'drush-io'));
        }
        return $list->toRows();
    }

    public static function saveToken(): void
    {
        if (!current_user_can('manage_options')) {
            wp_die(esc_html__('Sorry, you are not allowed to change the token.', 'drush-io'), 403);
        }
        check_admin_referer('drush_io_token');
        $token = trim((string) wp_unslash($_POST['drush_io_token'] ?? ''));
        if (isset($_POST['drush_io_token_clear'])) {
            delete_option(self::TOKEN);
        } elseif ($token !== '') {
            delete_option(self::TOKEN);
            add_option(self::TOKEN, $token, '', false);
        }
        wp_safe_redirect(admin_url('options-general.php?page=' . self::PAGE));
        exit;
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $rows = self::jobs()->toRows();
        $rows[] = ['project' => '', 'job' => '', 'label' => '', 'confirm' => '', 'capability' => '', 'variables' => []];
        echo '<div class="wrap"><h1>' . esc_html__('drush.io', 'drush-io') . '</h1>';
        settings_errors();
        echo '<form method="post" action="options.php">';
        settings_fields(self::PAGE);
        echo '<table class="form-table"><tr><th scope="row"><label for="drush-io-base-url">' . esc_html__('API base URL', 'drush-io') . '</label></th><td>';
        printf('<input id="drush-io-base-url" class="regular-text" type="url" name="%s" value="%s">', esc_attr(self::BASE_URL), esc_attr(self::baseUrl()));
        echo '</td></tr></table><h2>' . esc_html__('Jobs', 'drush-io') . '</h2><table class="widefat"><thead><tr>';
        $columns = ['project' => __('Project', 'drush-io'), 'job' => __('Job', 'drush-io'), 'label' => __('Label', 'drush-io'), 'confirm' => __('Confirmation (optional)', 'drush-io'), 'capability' => __('Capability', 'drush-io'), 'variables' => __('Allowed variables', 'drush-io')];
        foreach ($columns as $title) {
            echo '<th>' . esc_html($title) . '</th>';
        }
        echo '</tr></thead><tbody>';
        foreach ($rows as $index => $row) {
            echo '<tr>';
            foreach (array_keys($columns) as $key) {
                $value = $key === 'variables' ? implode(', ', $row[$key]) : $row[$key];
                printf('<td><input type="text" aria-label="%s" name="%s[%d][%s]" value="%s"></td>', esc_attr($columns[$key]), esc_attr(self::JOBS), $index, esc_attr($key), esc_attr((string) $value));
            }
            echo '</tr>';
        }
        echo '</tbody></table>';
        submit_button();
        echo '</form><h2>' . esc_html__('API token', 'drush-io') . '</h2>';
        if (defined('DRUSH_IO_TOKEN')) {
            echo '<p>' . esc_html__('The token is set by DRUSH_IO_TOKEN in wp-config.php.', 'drush-io') . '</p></div>';
            return;
        }
        echo '<p>' . esc_html(self::token() === '' ? __('No token is set.', 'drush-io') : __('A token is set. Enter a new one to replace it.', 'drush-io')) . '</p>';
        echo '<form method="post" action="' . esc_url(admin_url('admin-post.php')) . '"><input type="hidden" name="action" value="drush_io_token">';
        wp_nonce_field('drush_io_token');
        echo '<input type="password" class="regular-text" autocomplete="off" name="drush_io_token" aria-label="' . esc_attr__('API token', 'drush-io') . '" value=""> ';
        submit_button(__('Save token', 'drush-io'), 'secondary', 'submit', false);
        echo ' ';
        submit_button(__('Remove token', 'drush-io'), 'delete', 'drush_io_token_clear', false);
        echo '</form></div>';
    }
}
