<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/**
 * Takes the token out of an answer before it reaches a browser, in every form the answer
 * can carry it: a JSON answer is parsed and each of its strings and keys cleaned (so a
 * JSON escape such as `\"` or `\u00fc` cannot hide it), then encoded again; any other text
 * is cleaned as it is. Within a string the token is looked for as it is, JSON-escaped (a
 * log that prints JSON), URL-encoded and base64-encoded at any alignment (a Basic header).
 */
final class Redactor
{
    public const MASK = '[token]';

    /** @var list<string> needles replaced exactly */
    private array $exact = [];

    /** @var list<string> needles replaced whatever their case (percent-encoding's hex digits) */
    private array $caseless = [];

    public function __construct(string $token)
    {
        if ($token === '') {
            return;
        }
        $exact = [$token];
        foreach ([0, JSON_UNESCAPED_UNICODE, JSON_UNESCAPED_SLASHES, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES, JSON_HEX_QUOT | JSON_HEX_APOS | JSON_HEX_AMP | JSON_HEX_TAG] as $flags) {
            $encoded = json_encode($token, $flags | JSON_INVALID_UTF8_SUBSTITUTE);
            if (is_string($encoded)) {
                $exact[] = substr($encoded, 1, -1);
            }
        }
        $exact = array_merge($exact, self::base64Cores($token));
        // Short needles would mask unrelated text; a usable token is far longer than these.
        $this->exact = self::longestFirst(array_filter($exact, static fn (string $needle): bool => $needle === $token || strlen($needle) >= 4));
        $this->caseless = self::longestFirst([rawurlencode($token), urlencode($token)]);
    }

    /**
     * The parts of the base64 encodings of the token that do not depend on the bytes
     * around it, for each of the three alignments, in both alphabets.
     * @return list<string>
     */
    private static function base64Cores(string $token): array
    {
        $cores = [];
        $length = strlen($token);
        for ($offset = 0; $offset < 3; $offset++) {
            $encoded = base64_encode(str_repeat("\0", $offset) . $token);
            $first = intdiv(8 * $offset + 5, 6);
            $end = intdiv(8 * ($offset + $length), 6);
            $core = substr($encoded, $first, $end - $first);
            $cores[] = $core;
            $cores[] = strtr($core, '+/', '-_');
        }
        return $cores;
    }

    /** @param array<string> $needles @return list<string> */
    private static function longestFirst(array $needles): array
    {
        $needles = array_values(array_unique(array_filter($needles, static fn (string $needle): bool => $needle !== '')));
        usort($needles, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));
        return $needles;
    }

    /** Whether the text carries the token in a form this class knows. */
    public function found(string $text): bool
    {
        foreach ($this->exact as $needle) {
            if (str_contains($text, $needle)) {
                return true;
            }
        }
        foreach ($this->caseless as $needle) {
            if (stripos($text, $needle) !== false) {
                return true;
            }
        }
        return false;
    }

    /** One string, every form of the token masked. */
    public function text(string $text): string
    {
        if ($this->exact === [] || !$this->found($text)) {
            return $text;
        }
        $text = str_replace($this->exact, self::MASK, $text);
        return str_ireplace($this->caseless, self::MASK, $text);
    }

    /**
     * An answer's body: JSON re-encoded with every string and key masked; other text masked
     * as it is. Null when the token would still be in it (the caller withholds the answer).
     */
    public function body(string $body): ?string
    {
        if ($this->exact === []) {
            return $body;
        }
        try {
            $decoded = json_decode($body, false, 512, JSON_THROW_ON_ERROR);
            $body = json_encode($this->value($decoded), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR);
        } catch (\JsonException $error) {
            if ($error->getCode() === JSON_ERROR_DEPTH) {
                return null; // JSON too deep to walk: its escapes could hide the token
            }
            $body = $this->text($body);
        }
        return $this->found($body) ? null : $body;
    }

    private function value(mixed $value): mixed
    {
        if (is_string($value)) {
            return $this->text($value);
        }
        if (is_array($value)) {
            return array_map(fn (mixed $item): mixed => $this->value($item), $value);
        }
        if ($value instanceof \stdClass) {
            $clean = new \stdClass();
            foreach (get_object_vars($value) as $key => $item) {
                $clean->{$this->text((string) $key)} = $this->value($item);
            }
            return $clean;
        }
        return $value;
    }
}
