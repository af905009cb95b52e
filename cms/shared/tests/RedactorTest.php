<?php

declare(strict_types=1);

use DrushIo\Shared\Redactor;
use DrushIo\Shared\Upstream;
use PHPUnit\Framework\TestCase;

/** The token never goes back to a browser, in any form an answer can carry it. */
final class RedactorTest extends TestCase
{
    /** @return iterable<string, array{string}> */
    public static function tokens(): iterable
    {
        yield 'quotes, backslash, non-ASCII' => ["tok\"en\\ü'x"];
        yield 'slashes and JSON escapes' => ['a/b\\u0041"</script>&<'];
        yield 'a JWT' => ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJl-_x'];
        yield 'non-ASCII only' => ['ключ-ü-€-𝄞'];
    }

    /** Every form of the token an answer might carry, with what it is. @return array<string, string> */
    private static function forms(string $token): array
    {
        return [
            'raw' => $token,
            'JSON-escaped' => substr(json_encode($token), 1, -1),
            'JSON-escaped, Unicode kept' => substr(json_encode($token, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), 1, -1),
            'JSON-escaped, HTML-safe' => substr(json_encode($token, JSON_HEX_QUOT | JSON_HEX_APOS | JSON_HEX_AMP | JSON_HEX_TAG), 1, -1),
            'URL-encoded' => rawurlencode($token),
            'form-encoded' => urlencode($token),
            'URL-encoded, lower-case hex' => preg_replace_callback('/%[0-9A-F]{2}/', static fn (array $m): string => strtolower($m[0]), rawurlencode($token)),
            'base64' => base64_encode($token),
            'base64 in a Basic header' => base64_encode('user:' . $token),
            'base64 after two bytes' => base64_encode('ab' . $token . 'z'),
            'base64url' => rtrim(strtr(base64_encode($token), '+/', '-_'), '='),
        ];
    }

    /** The answer's body as the browser gets it, checked for every form of the token. */
    private static function assertNoToken(string $token, string $body): void
    {
        foreach (self::forms($token) as $what => $form) {
            self::assertStringNotContainsString($form, $body, "the token ($what) reached the browser");
        }
        foreach (self::forms($token) as $what => $form) {
            if (stripos($form, '%') !== false) {
                self::assertStringNotContainsStringIgnoringCase($form, $body, "the token ($what) reached the browser");
            }
        }
    }

    /** @dataProvider tokens */
    public function testJsonAnswersInEveryEncodingJsonHas(string $token): void
    {
        $log = "AUTH=Bearer $token\n";
        $answers = [
            json_encode(['status' => 'complete', 'log' => $log]),
            json_encode(['status' => 'complete', 'log' => $log], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
            json_encode(['status' => 'complete', 'log' => $log], JSON_HEX_QUOT | JSON_HEX_APOS | JSON_HEX_AMP | JSON_HEX_TAG),
            // Every character of the token as a \u escape: no text search finds it.
            '{"log":"' . implode('', array_map(static fn (string $c): string => strlen($c) === 1 ? sprintf('\\u%04x', ord($c)) : substr(json_encode($c), 1, -1), mb_str_split($token))) . '"}',
            json_encode(['env' => [$token => 'as a key'], 'nested' => [['deep' => [$log]]]]),
            // A log that prints JSON holding the token: the token JSON-escaped inside a string.
            json_encode(['log' => json_encode(['authorization' => "Bearer $token"])]),
            json_encode(['log' => json_encode(['authorization' => "Bearer $token"], JSON_UNESCAPED_UNICODE)]),
            json_encode(['log' => 'curl https://h/?t=' . rawurlencode($token) . ' -H "Authorization: Basic ' . base64_encode("u:$token") . '"']),
            json_encode($log),
        ];
        foreach ($answers as $answer) {
            $sent = Upstream::answer(200, $answer, $token);
            self::assertSame(200, $sent['status'], $answer);
            self::assertNoToken($token, $sent['body']);
            self::assertNotNull(json_decode($sent['body']), 'the answer is still JSON');
            self::assertStringContainsString(Redactor::MASK, $sent['body']);
        }
        $run = json_decode(Upstream::answer(200, $answers[0], $token)['body'], true);
        self::assertSame(['status' => 'complete', 'log' => "AUTH=Bearer [token]\n"], $run);
    }

    /** @dataProvider tokens */
    public function testTextAnswers(string $token): void
    {
        foreach (self::forms($token) as $what => $form) {
            $sent = Upstream::answer(500, "<html>upstream said: $form</html>", $token);
            self::assertSame(500, $sent['status']);
            self::assertNoToken($token, $sent['body']);
            self::assertStringStartsWith('<html>upstream said: ', $sent['body'], $what);
        }
    }

    public function testAnswersWithoutTheTokenAreUnchangedInMeaning(): void
    {
        $body = '{"id":"r1","status":"queued","env":{},"list":[],"n":1.0,"ok":true,"none":null,"url":"https://h/x"}';
        self::assertSame($body, Upstream::answer(201, $body, "tok\"en\\ü'x")['body']);
        self::assertSame('plain text', Upstream::answer(500, 'plain text', "tok\"en\\ü'x")['body']);
    }

    public function testAnAnswerTheTokenCannotBeTakenOutOfIsWithheld(): void
    {
        $deep = str_repeat('[', 600) . '"\\u0074ok"' . str_repeat(']', 600);
        self::assertSame(502, Upstream::answer(200, $deep, 'tok')['status'], 'JSON too deep to walk');
        // A token that is JSON's own syntax survives the walk in the re-encoded text.
        $sent = Upstream::answer(200, '{"a":1}', '{"a":1}');
        self::assertSame(502, $sent['status']);
        self::assertSame('answer-withheld', json_decode($sent['body'], true)['code']);
    }
}
