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
    private static int $forms = 0;

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
                echo '<div class="drush-io-button">' . self::button($job, $job->variables) . '</div>'; // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in button()
            }
        });
    }

    /**
     * `[drush_io_button job="project/job" vars="NAME,OTHER"]`: a button for a user who may
     * run the job, with a field for each named variable the job allows. A job not on the
     * list, or a variable it does not allow, shows an administrator why; anyone else sees
     * nothing.
     *
     * @param array<string, string>|string $attributes
     */
    public static function shortcode($attributes): string
    {
        $placed = self::placed(is_array($attributes) ? $attributes : []);
        if (is_string($placed)) {
            return $placed === '' || !current_user_can('manage_options') ? '' : '<span class="drush-io-button drush-io-note" role="note">' . esc_html($placed) . '</span>';
        }
        // A block of its own, so that block themes put it in the content column.
        return '<span class="drush-io-button">' . self::button(...$placed) . '</span>';
    }

    /**
     * What a shortcode shows this user: its job and variables, or why not (for an
     * administrator; '' when there is nothing to say).
     *
     * @param array<string, string> $attributes
     * @return array{0: Job, 1: list<string>}|string
     */
    private static function placed(array $attributes): array|string
    {
        $id = trim((string) ($attributes['job'] ?? ''));
        $listed = array_values(array_filter(Drush_Io_Settings::jobs()->all(), static fn (Job $job): bool => $job->id() === $id))[0] ?? null;
        if ($listed === null) {
            /* translators: %s: the job attribute of the shortcode */
            return sprintf(__('drush.io: no job "%s" is on the site\'s list (Settings, then drush.io), so this shortcode shows nothing. Only administrators see this note.', 'drush-io'), $id);
        }
        $names = array_values(array_filter(array_map('trim', explode(',', (string) ($attributes['vars'] ?? ''))), static fn (string $name): bool => $name !== ''));
        $refused = array_diff($names, $listed->variables);
        if ($refused !== []) {
            /* translators: 1: variable names, 2: the job */
            return sprintf(__('drush.io: the job "%2$s" does not allow the variables %1$s (Settings, then drush.io). Only administrators see this note.', 'drush-io'), implode(', ', $refused), $id);
        }
        if (!in_array($id, array_map(static fn (Job $job): string => $job->id(), self::runnable()), true)) {
            return ''; // not for this user: nothing to show
        }
        return [$listed, $names];
    }

    /** A post with a shortcode that shows this user a button gets its <head> lines, as the dashboard does. */
    public static function postHead(): void
    {
        $post = get_post();
        if (!is_singular() || $post === null || !has_shortcode($post->post_content, 'drush_io_button')) {
            return;
        }
        preg_match_all('/' . get_shortcode_regex(['drush_io_button']) . '/', self::oneLine($post->post_content), $matches);
        foreach ($matches[3] ?? [] as $attributes) {
            if (is_array(self::placed((array) shortcode_parse_atts($attributes)))) {
                self::head();
                add_filter('wp_preload_resources', static fn (array $resources): array => array_merge($resources, self::preloads()));
                return;
            }
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

    /**
     * The element, and a form with a field for each of `$variables` (the element reads it
     * at click time through `form=` and `vars=`). No whitespace between the element's tags:
     * text in its default slot would replace the label.
     *
     * @param list<string> $variables
     */
    private static function button(Job $job, array $variables = []): string
    {
        self::enqueue();
        $attributes = [
            'project' => $job->project,
            'job' => $job->job,
            'label' => $job->label,
            'lang' => str_replace('_', '-', get_user_locale()),
            // The route's URL, same-origin whatever host the page was reached by: /wp-json/drush-io/v1,
            // or /index.php?rest_route=/drush-io/v1 under plain permalinks; the script maps the
            // client's requests onto it.
            'data-drush-io-rest' => wp_make_link_relative(rest_url(Drush_Io_Rest::NAMESPACE)),
            'data-drush-io-nonce' => wp_create_nonce('wp_rest'),
            'data-drush-io-nonce-url' => wp_make_link_relative(admin_url('admin-ajax.php?action=rest-nonce')),
            'data-drush-io-messages' => wp_json_encode(self::messages()),
        ];
        if ($job->confirm !== '') {
            $attributes['confirm'] = $job->confirm;
        }
        $form = '';
        if ($variables !== []) {
            $id = 'drush-io-vars-' . (++self::$forms);
            $attributes['form'] = $id;
            $attributes['vars'] = implode(' ', $variables);
            $form = '<form id="' . esc_attr($id) . '" class="drush-io-vars">';
            foreach ($variables as $name) {
                $form .= sprintf('<label>%1$s <input type="text" name="%1$s" autocomplete="off"></label> ', esc_html($name));
            }
            $form .= '</form>';
        }
        $html = '<drush-io-run-button';
        foreach ($attributes as $name => $value) {
            $html .= ' ' . $name . '="' . esc_attr((string) $value) . '"';
        }
        return $form . $html . '></drush-io-run-button>';
    }

    private static function enqueue(): void
    {
        // Printed in the footer where a shortcode of an admin page asks for it after the <head>.
        wp_enqueue_style(self::HANDLE . '-wp', self::$url . '/css/drush-io-wp.css', [], '0.1.0');
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
            'expired' => __('Your session expired: reload to keep following this run.', 'drush-io'),
            'unknown' => __('The run may have been queued: check the job on drush.io before running it again.', 'drush-io'),
            // The plugin's script's own (the element ignores keys it does not know).
            'startFailed' => __('The drush.io buttons could not start:', 'drush-io'),
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
