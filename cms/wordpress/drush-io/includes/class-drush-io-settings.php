<?php

declare(strict_types=1);

use DrushIo\Shared\JobList;
use DrushIo\Shared\Problem;
use DrushIo\Shared\Token;
use DrushIo\Shared\Upstream;

defined('ABSPATH') || exit;

/**
 * Settings, then drush.io: one form (Settings API) with the API base URL, the write-only
 * token and the job list. Input the page refuses comes back in its field with the reason
 * beside it, for the next page view of the same administrator.
 */
final class Drush_Io_Settings
{
    public const BASE_URL = 'drush_io_base_url';
    public const TOKEN = 'drush_io_token';
    public const JOBS = 'drush_io_jobs';
    public const PAGE = 'drush-io';
    private const REFUSED = 'drush_io_refused_';
    private const FIELDS = ['project', 'job', 'label', 'confirm', 'capability', 'variables'];
    private static bool $addingToken = false;
    private static string $pluginUrl = '';

    public static function register(string $pluginUrl): void
    {
        self::$pluginUrl = $pluginUrl;
        add_action('admin_init', [self::class, 'registerSettings']);
        add_action('admin_menu', static function (): void {
            add_options_page(__('drush.io', 'drush-io'), __('drush.io', 'drush-io'), 'manage_options', self::PAGE, [self::class, 'render']);
        });
        add_action('admin_enqueue_scripts', static function (string $hook): void {
            if ($hook === 'settings_page_' . self::PAGE) {
                wp_enqueue_style('drush-io-settings', self::$pluginUrl . '/css/drush-io-settings.css', [], '0.1.0');
                wp_enqueue_script('drush-io-settings', self::$pluginUrl . '/js/drush-io-settings.js', [], '0.1.0', true);
            }
        });
    }

    public static function baseUrl(): string
    {
        $url = (string) get_option(self::BASE_URL, Upstream::DEFAULT_BASE_URL);
        return $url === '' ? Upstream::DEFAULT_BASE_URL : $url;
    }

    /** The DRUSH_IO_TOKEN constant of wp-config.php wins over the stored option; '' when neither is usable. */
    public static function token(): string
    {
        return Token::usable(defined('DRUSH_IO_TOKEN') ? constant('DRUSH_IO_TOKEN') : get_option(self::TOKEN, ''));
    }

    /** Why a (cleaned) token cannot be saved, in the user's language, or null. */
    private static function tokenProblem(string $token): ?string
    {
        return match (Token::problem($token)?->code) {
            null => null,
            Token::NOT_UTF8 => __('The token was not saved: it is not valid UTF-8 text. Copy it again from drush.io.', 'drush-io'),
            default => __('The token was not saved: it holds a line break, a tab or another control character. Copy it again from drush.io, on one line.', 'drush-io'),
        };
    }

    /** A refused job row's reason, in the user's language (the form shows it beside the row). */
    private static function rowProblem(Problem $problem): string
    {
        $literal = match ($problem->code) {
            JobList::BAD_PROJECT => __('The project must be letters, digits, ".", "_" or "-", starting with a letter or digit.', 'drush-io'),
            JobList::BAD_JOB => __('The job must be letters, digits, ".", "_" or "-", starting with a letter or digit.', 'drush-io'),
            JobList::DUPLICATE => __('@job is listed twice.', 'drush-io'),
            JobList::BAD_VARIABLE => __('Variable names are letters, digits and "_", not starting with a digit (refused: @names).', 'drush-io'),
            JobList::BAD_CAPABILITY => __('The capability must be a capability name, such as edit_posts.', 'drush-io'),
            default => __('Not a job entry.', 'drush-io'),
        };
        // Plain text: escaped where it is printed.
        return $problem->text(static fn (string $value): string => $value, $literal);
    }

    public static function jobs(): JobList
    {
        return JobList::fromRows(get_option(self::JOBS, []));
    }

    public static function registerSettings(): void
    {
        register_setting(self::PAGE, self::BASE_URL, ['type' => 'string', 'sanitize_callback' => [self::class, 'sanitizeBaseUrl'], 'default' => Upstream::DEFAULT_BASE_URL]);
        register_setting(self::PAGE, self::JOBS, ['type' => 'array', 'sanitize_callback' => [self::class, 'sanitizeJobs'], 'default' => []]);
        register_setting(self::PAGE, self::TOKEN, ['type' => 'string', 'sanitize_callback' => [self::class, 'sanitizeToken']]);
    }

    public static function sanitizeBaseUrl(mixed $value): string
    {
        $url = trim((string) $value);
        $problem = Upstream::baseUrlProblem($url);
        if ($problem !== null) {
            self::refuse(self::BASE_URL, sprintf(__('The API base URL was not saved: %s', 'drush-io'), $problem));
            self::keepRefused(['base_url' => $url]);
            return self::baseUrl();
        }
        return $url;
    }

    /**
     * The form's `drush_io_token[new]` (empty: keep the current token) and
     * `drush_io_token[remove]`; a plain string from code. The option is created not
     * autoloaded, so that no other page of the site loads it.
     */
    public static function sanitizeToken(mixed $value): string
    {
        $current = (string) get_option(self::TOKEN, '');
        if (self::$addingToken || defined('DRUSH_IO_TOKEN')) {
            return self::$addingToken ? (string) $value : $current;
        }
        $token = self::tokenInput($value, $current);
        if (get_option(self::TOKEN) === false) {
            self::$addingToken = true;
            add_option(self::TOKEN, $token, '', false);
            self::$addingToken = false;
        }
        return $token;
    }

    private static function tokenInput(mixed $value, string $current): string
    {
        if (is_array($value) && !empty($value['remove'])) {
            return '';
        }
        $token = Token::clean(is_array($value) ? ($value['new'] ?? '') : $value);
        if ($token === '') {
            return $current;
        }
        $problem = self::tokenProblem($token);
        if ($problem !== null) {
            self::refuse(self::TOKEN, $problem);
            return $current;
        }
        return $token;
    }

    /** @return list<array<string, mixed>> the rows that passed; the others come back to the form with their reason */
    public static function sanitizeJobs(mixed $rows): array
    {
        $accepted = [];
        $refused = [];
        foreach (is_array($rows) ? array_values($rows) : [] as $row) {
            $row = is_array($row) ? $row : [];
            $errors = [];
            $list = JobList::fromRows([...$accepted, $row], $errors);
            if ($errors !== []) {
                $problem = self::rowProblem(end($errors));
            } else {
                $all = $list->all();
                $job = end($all);
                if ($job === false || count($all) === count($accepted)) {
                    continue; // an empty row of the form
                }
                $problem = Drush_Io_Capabilities::problem($job->capability);
                if ($problem === null) {
                    $accepted[] = $list->toRows()[count($all) - 1];
                    continue;
                }
            }
            $refused[] = ['row' => array_map(static fn ($value): string => is_array($value) ? implode(', ', array_map('strval', $value)) : (string) $value, array_intersect_key($row, array_flip(self::FIELDS))), 'problem' => $problem];
        }
        if ($refused !== []) {
            self::refuse(self::JOBS, sprintf(_n('%d job was not saved: its reason is beside it. The other settings were saved.', '%d jobs were not saved: their reasons are beside them. The other settings were saved.', count($refused), 'drush-io'), count($refused)));
            self::keepRefused(['rows' => $refused]);
        }
        return $accepted;
    }

    /** A notice of the settings page: settings_errors() prints it as HTML, so it is escaped here. */
    private static function refuse(string $setting, string $message): void
    {
        add_settings_error($setting, $setting, esc_html($message));
    }

    /** @param array<string, mixed> $refused */
    private static function keepRefused(array $refused): void
    {
        $key = self::REFUSED . get_current_user_id();
        set_transient($key, $refused + (get_transient($key) ?: []), 10 * MINUTE_IN_SECONDS);
    }

    /** @return array{base_url?: string, rows?: list<array{row: array<string, string>, problem: string}>} */
    private static function takeRefused(): array
    {
        $key = self::REFUSED . get_current_user_id();
        $refused = get_transient($key) ?: [];
        delete_transient($key);
        return $refused;
    }

    public static function render(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $refused = self::takeRefused();
        // Settings, then a page: WordPress prints the notices itself (options-head.php), once.
        echo '<div class="wrap drush-io-settings"><h1>' . esc_html__('drush.io', 'drush-io') . '</h1>';
        echo '<form method="post" action="options.php">';
        settings_fields(self::PAGE);
        echo '<table class="form-table" role="presentation">';
        self::row(__('API base URL', 'drush-io'), 'drush-io-base-url', sprintf(
            '<input id="drush-io-base-url" class="regular-text code" type="text" name="%s" value="%s" aria-describedby="drush-io-base-url-help">',
            esc_attr(self::BASE_URL),
            esc_attr($refused['base_url'] ?? self::baseUrl()),
        ), __('Where the drush.io API answers, usually https://api.drush.io/v1. It must use https (http only on this computer, for a development server).', 'drush-io'), isset($refused['base_url']));
        self::row(__('API token', 'drush-io'), 'drush-io-token', self::tokenField(), self::tokenHelp());
        echo '</table><h2>' . esc_html__('Jobs', 'drush-io') . '</h2><p>' . esc_html__('Each job listed here gets a button on the dashboard for the users who hold its capability, and can be placed in a post or page with its shortcode. A job not on this list can never be run through this site.', 'drush-io') . '</p>';
        echo '<div class="drush-io-jobs" data-drush-io-jobs>';
        $index = 0;
        foreach (self::jobs()->toRows() as $row) {
            self::jobFields($index++, $row, null);
        }
        foreach ($refused['rows'] ?? [] as $entry) {
            self::jobFields($index++, $entry['row'], $entry['problem']);
        }
        self::jobFields($index, [], null); // a blank row, to add a job without script
        echo '</div><template data-drush-io-job-template>';
        self::jobFields(-1, [], null);
        echo '</template><p><button type="button" class="button" data-drush-io-add-job hidden>' . esc_html__('Add a job', 'drush-io') . '</button></p>';
        submit_button();
        echo '</form></div>';
    }

    private static function row(string $title, string $for, string $control, string $help, bool $refused = false): void
    {
        printf(
            '<tr><th scope="row"><label for="%s">%s</label></th><td>%s<p class="description" id="%s-help">%s</p></td></tr>',
            esc_attr($for),
            esc_html($title),
            $control, // phpcs:ignore WordPress.Security.EscapeOutput -- built from escaped parts
            esc_attr($for),
            esc_html($help) . ($refused ? ' <strong class="drush-io-refused">' . esc_html__('The value shown was not saved.', 'drush-io') . '</strong>' : ''),
        );
    }

    private static function tokenField(): string
    {
        if (defined('DRUSH_IO_TOKEN')) {
            return '<input id="drush-io-token" class="regular-text" type="password" disabled aria-describedby="drush-io-token-help" value="">';
        }
        $field = sprintf('<input id="drush-io-token" class="regular-text" type="password" autocomplete="off" spellcheck="false" name="%s[new]" value="" aria-describedby="drush-io-token-help">', esc_attr(self::TOKEN));
        if (self::token() !== '') {
            $field .= sprintf(' <label><input type="checkbox" name="%s[remove]" value="1"> %s</label>', esc_attr(self::TOKEN), esc_html__('Remove the token', 'drush-io'));
        }
        return $field;
    }

    private static function tokenHelp(): string
    {
        if (defined('DRUSH_IO_TOKEN')) {
            return __('The token is set by DRUSH_IO_TOKEN in wp-config.php, which wins over this page.', 'drush-io');
        }
        return self::token() === ''
            ? __('No token is set. Paste the token of your drush.io account (Account, then API tokens). It is kept on the server and never shown again.', 'drush-io')
            : __('A token is set. Leave the field empty to keep the current token, or paste a new one to replace it.', 'drush-io');
    }

    /** @param array<string, mixed> $row */
    private static function jobFields(int $index, array $row, ?string $problem): void
    {
        $name = $index < 0 ? '__INDEX__' : (string) $index;
        $labels = [
            'project' => [__('Project', 'drush-io'), __('The drush.io project, as in its URL.', 'drush-io')],
            'job' => [__('Job', 'drush-io'), __('The job of that project.', 'drush-io')],
            'label' => [__('Button label', 'drush-io'), __('The button\'s text (the job\'s name when empty).', 'drush-io')],
            'confirm' => [__('Confirmation', 'drush-io'), __('Optional: a question the user must accept before the run starts.', 'drush-io')],
            'capability' => [__('Capability', 'drush-io'), __('Who may run it: a capability held by a role of this site, such as manage_options (administrators) or edit_posts (authors, editors and administrators).', 'drush-io')],
            'variables' => [__('Allowed variables', 'drush-io'), __('Optional: names of the job\'s variables a user may give, separated by commas. The button then shows a field for each.', 'drush-io')],
        ];
        echo '<fieldset class="drush-io-job' . ($problem !== null ? ' drush-io-job-refused' : '') . '"><legend>' . esc_html__('Job', 'drush-io') . '</legend>';
        if ($problem !== null) {
            echo '<p class="drush-io-refused" role="alert">' . esc_html__('Not saved:', 'drush-io') . ' ' . esc_html($problem) . '</p>';
        }
        echo '<div class="drush-io-job-fields">';
        foreach ($labels as $key => [$title, $help]) {
            $value = $row[$key] ?? '';
            $value = is_array($value) ? implode(', ', $value) : (string) $value;
            $id = 'drush-io-job-' . $name . '-' . $key;
            printf(
                '<p><label for="%1$s">%2$s</label><input id="%1$s" type="text" class="widefat%6$s" name="%3$s[%4$s][%5$s]" value="%7$s" aria-describedby="%1$s-help"><span class="description" id="%1$s-help">%8$s</span></p>',
                esc_attr($id),
                esc_html($title),
                esc_attr(self::JOBS),
                esc_attr($name),
                esc_attr($key),
                in_array($key, ['project', 'job', 'capability', 'variables'], true) ? ' code' : '',
                esc_attr($value),
                esc_html($help),
            );
        }
        echo '</div>';
        if ($problem === null && ($row['project'] ?? '') !== '' && ($row['job'] ?? '') !== '') {
            $shortcode = '[drush_io_button job="' . $row['project'] . '/' . $row['job'] . '"' . (($row['variables'] ?? []) !== [] ? ' vars="' . implode(',', (array) $row['variables']) . '"' : '') . ']';
            echo '<p class="drush-io-shortcode">' . esc_html__('Shortcode:', 'drush-io') . ' <code>' . esc_html($shortcode) . '</code></p>';
        }
        echo '<p><button type="button" class="button-link button-link-delete" data-drush-io-remove-job hidden>' . esc_html__('Remove this job', 'drush-io') . '</button></p></fieldset>';
    }
}
