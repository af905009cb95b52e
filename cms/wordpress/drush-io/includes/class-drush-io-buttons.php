<?php

declare(strict_types=1);

use DrushIo\Shared\Gate;
use DrushIo\Shared\Job;

defined('ABSPATH') || exit;

/** The dashboard widget and the [drush_io_button job="project/job"] shortcode; scripts load only where a button is shown. */
final class Drush_Io_Buttons
{
    private const HANDLE = 'drush-io-buttons';
    private static string $url = '';

    public static function register(string $pluginUrl): void
    {
        self::$url = $pluginUrl;
        add_action('wp_dashboard_setup', [self::class, 'widget']);
        add_shortcode('drush_io_button', [self::class, 'shortcode']);
        // WordPress 6.1 has no script-module API: the tag of our one script becomes a module.
        add_filter('script_loader_tag', static function (string $tag, string $handle): string {
            return $handle === self::HANDLE ? str_replace('<script ', '<script type="module" ', $tag) : $tag;
        }, 10, 2);
    }

    public static function widget(): void
    {
        if (self::runnable() === []) {
            return;
        }
        wp_add_dashboard_widget('drush_io_jobs', __('drush.io jobs', 'drush-io'), static function (): void {
            foreach (self::runnable() as $job) {
                echo '<p>' . self::button($job) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in button()
            }
        });
    }

    /** @param array<string, string>|string $attributes */
    public static function shortcode($attributes): string
    {
        $id = is_array($attributes) ? (string) ($attributes['job'] ?? '') : '';
        foreach (self::runnable() as $job) {
            if ($job->id() === $id) {
                return self::button($job);
            }
        }
        return ''; // not on the list, or not for this user: nothing to show
    }

    /** @return list<Job> */
    private static function runnable(): array
    {
        if (!is_user_logged_in()) {
            return [];
        }
        return (new Gate(Drush_Io_Settings::jobs()))->runnable(static fn (string $capability): bool => current_user_can($capability));
    }

    /** No whitespace between the element's tags: text in its default slot would replace the label. */
    private static function button(Job $job): string
    {
        self::enqueue();
        $attributes = [
            'project' => $job->project,
            'job' => $job->job,
            'label' => $job->label,
            'lang' => str_replace('_', '-', get_user_locale()),
            // A same-origin path: the client accepts it on any scheme (needs pretty permalinks: /wp-json/).
            'data-drush-io-rest' => wp_make_link_relative(rest_url(Drush_Io_Rest::NAMESPACE)),
            'data-drush-io-nonce' => wp_create_nonce('wp_rest'),
            'data-drush-io-messages' => wp_json_encode(self::messages()),
        ];
        if ($job->confirm !== '') {
            $attributes['confirm'] = $job->confirm;
        }
        $html = '<drush-io-run-button';
        foreach ($attributes as $name => $value) {
            $html .= ' ' . $name . '="' . esc_attr((string) $value) . '"';
        }
        return $html . '></drush-io-run-button>';
    }

    private static function enqueue(): void
    {
        if (!wp_script_is(self::HANDLE, 'enqueued')) {
            wp_enqueue_script(self::HANDLE, self::$url . '/js/drush-io-wp.js', [], '0.1.0', true);
        }
    }

    /** @return array<string, mixed> */
    private static function messages(): array
    {
        return [
            'label' => __('Run job', 'drush-io'),
            'question' => __('Run this job now?', 'drush-io'),
            'accept' => __('Run', 'drush-io'),
            'cancel' => __('Cancel', 'drush-io'),
            'log' => __('Log', 'drush-io'),
            'states' => [
                'idle' => __('Ready', 'drush-io'),
                'starting' => __('Starting', 'drush-io'),
                'queued' => __('Queued', 'drush-io'),
                'running' => __('Running', 'drush-io'),
                'complete' => __('Complete', 'drush-io'),
                'error' => __('Error', 'drush-io'),
                'failed' => __('Failed', 'drush-io'),
            ],
        ];
    }
}
