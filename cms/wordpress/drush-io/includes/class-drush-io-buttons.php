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
        add_action('wp_enqueue_scripts', [self::class, 'postHead']);
        // Before do_blocks (9) and wpautop (10): see oneLine().
        add_filter('the_content', [self::class, 'oneLine'], 8);
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
        // The dashboard is set up before its <head> is printed.
        self::head();
        add_action('admin_head', static function (): void {
            foreach (self::preloads() as $resource) {
                printf("<link rel=\"preload\" href=\"%s\" as=\"%s\" crossorigin=\"anonymous\">\n", esc_url($resource['href']), esc_attr($resource['as']));
            }
        });
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

    /** A post whose content has our shortcode gets its <head> lines, as the dashboard does. */
    public static function postHead(): void
    {
        $post = get_post();
        if (is_singular() && $post !== null && has_shortcode($post->post_content, 'drush_io_button') && self::runnable() !== []) {
            self::head();
            add_filter('wp_preload_resources', static fn (array $resources): array => array_merge($resources, self::preloads()));
        }
    }

    /**
     * The placeholder stylesheet, which holds each button's place from the first paint (it
     * must be in the <head> to be there then), and the script.
     */
    private static function head(): void
    {
        wp_enqueue_style(self::HANDLE, self::$url . '/pkg/run-button.css', [], '0.1.0');
        self::enqueue();
    }

    /**
     * The wasm, fetched with the page rather than once the script has run. `crossorigin`
     * matches the glue's own fetch, a CORS request; without it the wasm comes twice.
     *
     * @return list<array{href: string, as: string, crossorigin: string}>
     */
    private static function preloads(): array
    {
        return [['href' => self::$url . '/pkg/drush_io_embed_bg.wasm', 'as' => 'fetch', 'crossorigin' => 'anonymous']];
    }

    /**
     * A shortcode spread over lines, as authors write it in a Shortcode block, would get a
     * <br /> at each line break from wpautop (the block's and the post's), which breaks its
     * attributes: each of ours is joined into one line first.
     */
    public static function oneLine(string $content): string
    {
        if (!str_contains($content, '[drush_io_button')) {
            return $content;
        }
        return (string) preg_replace_callback(
            '/\[drush_io_button(?![\w-])[^\]]*\]/',
            static fn (array $match): string => (string) preg_replace('/\s+/', ' ', $match[0]),
            $content,
        );
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
