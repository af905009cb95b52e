<?php

declare(strict_types=1);

namespace Drupal\drush_io;

use Drupal\Core\StringTranslation\TranslatableMarkup;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Problem;
use DrushIo\Shared\Token;

/**
 * The shared rules' problems in Drupal's words: each code's message as a literal t()
 * call (so that locale finds it; the tests keep each one equal to the shared English),
 * the input only in its placeholders, escaped by Drupal.
 */
final class Messages
{
    public const TOKEN_MISSING = 'token-missing';
    public const UNKNOWN_PERMISSION = 'job-unknown-permission';

    public static function of(Problem $problem): TranslatableMarkup
    {
        $args = $problem->args;
        return match ($problem->code) {
            JobList::NOT_A_ROW => t('Job @row: not a job entry.', $args),
            JobList::BAD_PROJECT => t('Job @row: the project must be letters, digits, ".", "_" or "-", starting with a letter or digit.', $args),
            JobList::BAD_JOB => t('Job @row: the job must be letters, digits, ".", "_" or "-", starting with a letter or digit.', $args),
            JobList::DUPLICATE => t('Job @row: @job is listed twice.', $args),
            JobList::BAD_VARIABLE => t('Job @row: variable names are letters, digits and "_", not starting with a digit (refused: @names).', $args),
            JobList::BAD_CAPABILITY => t('Job @row: the capability must be a capability or permission name.', $args),
            self::UNKNOWN_PERMISSION => t('Job @job: there is no permission "@permission" on this site.', $args),
            Token::NOT_UTF8 => t('The token is not valid UTF-8 text: copy it again from drush.io.'),
            Token::CONTROL_CHARACTER => t('The token holds a control character (a line break or a tab, for example) inside it: copy it again from drush.io, on one line.'),
            self::TOKEN_MISSING => t('No token is set: add $settings[\'drush_io_token\'] to settings.php. Until then no job can run.'),
            // A problem this module does not know yet: the shared literal, still with its input as placeholders.
            default => t($problem->message, $args),
        };
    }

    /** What is wrong with settings.php's token (never naming it): null when it can be sent. */
    public static function tokenProblem(): ?Problem
    {
        $token = Token::clean(\Drupal\Core\Site\Settings::get('drush_io_token', ''));
        if ($token === '') {
            return new Problem(self::TOKEN_MISSING, 'No token is set: add $settings[\'drush_io_token\'] to settings.php. Until then no job can run.');
        }
        return Token::problem($token);
    }
}
