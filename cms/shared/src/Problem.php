<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/**
 * A message for a site builder, kept apart from the input it is about: `$message` is an
 * English literal with `@name` placeholders (the form Drupal's t() takes), `$args` the
 * input for them. A CMS translates the literal and escapes each argument where it prints.
 */
final class Problem implements \Stringable
{
    /** @param array<string, string|int> $args placeholder (with its "@") => input */
    public function __construct(
        public readonly string $code,
        public readonly string $message,
        public readonly array $args = [],
    ) {
    }

    /**
     * The message with each argument passed through `$escape` first (esc_html, Html::escape...).
     * @param callable(string): string $escape
     */
    public function text(callable $escape, ?string $message = null): string
    {
        return strtr($message ?? $this->message, array_map(static fn ($value): string => $escape((string) $value), $this->args));
    }

    /** The message as HTML: its arguments escaped, so that printing it can never run input. */
    public function __toString(): string
    {
        return $this->text(static fn (string $value): string => htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8'));
    }
}
