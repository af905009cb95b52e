<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/**
 * The API token as it is saved or read from settings: trimmed (a token read from a file
 * ends with a newline), and refused when it could break the Authorization header. A
 * problem names what is wrong, never the token.
 */
final class Token
{
    public const CONTROL_CHARACTER = 'token-control-character';
    public const NOT_UTF8 = 'token-not-utf8';

    /** The token without surrounding white space; anything but a string is no token (''). */
    public static function clean(mixed $raw): string
    {
        return is_string($raw) ? trim($raw) : '';
    }

    /** Null when the (cleaned) token can be sent; else why not. An empty token is "not set", not a problem. */
    public static function problem(string $token): ?Problem
    {
        if (!mb_check_encoding($token, 'UTF-8')) {
            return new Problem(self::NOT_UTF8, 'The token is not valid UTF-8 text: copy it again from drush.io.');
        }
        if (preg_match('/\p{Cc}/u', $token)) {
            return new Problem(self::CONTROL_CHARACTER, 'The token holds a control character (a line break or a tab, for example) inside it: copy it again from drush.io, on one line.');
        }
        return null;
    }

    /** The token to send: cleaned, or '' when it is missing or has a problem. */
    public static function usable(mixed $raw): string
    {
        $token = self::clean($raw);
        return self::problem($token) === null ? $token : '';
    }
}
