<?php

declare(strict_types=1);

use DrushIo\Shared\JobList;
use DrushIo\Shared\Problem;
use PHPUnit\Framework\TestCase;

/** Messages are literals; the input they are about is an argument, escaped where printed. */
final class ProblemTest extends TestCase
{
    public function testInputIsAnArgumentNeverPartOfTheLiteral(): void
    {
        $svg = '<svg/onload=alert(1)>';
        $errors = [];
        JobList::fromRows([
            ['project' => 'acme', 'job' => 'deploy', 'variables' => ['GOOD', $svg]],
            ['project' => 'acme', 'job' => 'a'],
            ['project' => 'acme', 'job' => 'a'],
            ['project' => $svg, 'job' => 'x'],
        ], $errors);
        self::assertCount(3, $errors);
        foreach ($errors as $problem) {
            self::assertInstanceOf(Problem::class, $problem);
            self::assertStringNotContainsString('<svg', $problem->message);
            self::assertStringNotContainsString('acme', $problem->message);
            self::assertStringNotContainsString('<svg', (string) $problem, 'printed as HTML, the input is escaped');
        }
        self::assertSame(JobList::BAD_VARIABLE, $errors[0]->code);
        self::assertSame(['@row' => 1, '@names' => $svg], $errors[0]->args);
        self::assertStringContainsString('&lt;svg/onload=alert(1)&gt;', (string) $errors[0]);
        self::assertSame(['@row' => 3, '@job' => 'acme/a'], $errors[1]->args);
        self::assertSame(JobList::BAD_PROJECT, $errors[2]->code);
        self::assertSame('Job [3]: [acme/a] is listed twice.', $errors[1]->text(static fn (string $v): string => "[$v]"));
    }

    public function testAnotherLiteralTakesTheSameArguments(): void
    {
        $problem = new Problem('x', 'Job @row: @names', ['@row' => 2, '@names' => '"a"']);
        self::assertSame('Tâche 2 : &quot;a&quot;', $problem->text(static fn (string $v): string => htmlspecialchars($v), 'Tâche @row : @names'));
    }
}
