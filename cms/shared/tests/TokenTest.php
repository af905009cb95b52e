<?php

declare(strict_types=1);

use DrushIo\Shared\Token;
use PHPUnit\Framework\TestCase;

final class TokenTest extends TestCase
{
    private const TOKEN = "tok\"en\\ü'x";

    public function testTrimmed(): void
    {
        self::assertSame(self::TOKEN, Token::clean(' ' . self::TOKEN . "\r\n"));
        self::assertSame(self::TOKEN, Token::usable("\t" . self::TOKEN . "\n"));
        self::assertSame('', Token::clean(null));
        self::assertSame('', Token::clean(['x']));
        self::assertNull(Token::problem(self::TOKEN));
        self::assertNull(Token::problem(''));
    }

    public function testControlCharactersAreRefusedWithoutNamingTheToken(): void
    {
        foreach (["abc\ndef", "abc\rdef", "abc\0def", "abc\tdef", "abc\x7fdef", "abc\u{85}def", "abc\xffdef"] as $token) {
            $problem = Token::problem(Token::clean($token));
            self::assertNotNull($problem, json_encode($token, JSON_INVALID_UTF8_SUBSTITUTE));
            self::assertSame([], $problem->args);
            self::assertStringNotContainsString('abc', (string) $problem);
            self::assertStringNotContainsString('def', $problem->message);
            self::assertSame('', Token::usable($token));
        }
        self::assertSame(Token::CONTROL_CHARACTER, Token::problem("a\nb")->code);
        self::assertSame(Token::NOT_UTF8, Token::problem("a\xffb")->code);
    }
}
