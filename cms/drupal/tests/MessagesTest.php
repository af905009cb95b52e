<?php

declare(strict_types=1);

use Drupal\drush_io\Messages;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Problem;
use DrushIo\Shared\Token;
use PHPUnit\Framework\TestCase;

require_once DRUSH_IO_MODULE . '/drush_io.install';

final class MessagesTest extends TestCase
{
    /** @return list<Problem> one of each problem the shared rules and the module raise */
    private static function everyProblem(): array
    {
        $problems = [];
        JobList::fromRows([
            'not a row',
            ['project' => '../x', 'job' => 'j'],
            ['project' => 'p', 'job' => 'a b'],
            ['project' => 'p', 'job' => 'j'],
            ['project' => 'p', 'job' => 'j'],
            ['project' => 'p', 'job' => 'v', 'variables' => ['1X']],
            ['project' => 'p', 'job' => 'c', 'capability' => '<b>'],
        ], $problems);
        $problems[] = Token::problem("a\nb");
        $problems[] = Token::problem("a\xffb");
        new Site([], 'https://api.drush.io/v1', null);
        $problems[] = Messages::tokenProblem();
        $problems[] = new Problem(Messages::UNKNOWN_PERMISSION, 'Job @job: there is no permission "@permission" on this site.', ['@job' => 'p/j', '@permission' => 'x']);
        return $problems;
    }

    /** Each code has its literal in the module, the same English as the shared rules'. */
    public function testEveryProblemHasItsOwnLiteralEqualToTheSharedOne(): void
    {
        $problems = self::everyProblem();
        self::assertCount(10, $problems);
        $codes = [];
        foreach ($problems as $problem) {
            $codes[$problem->code] = true;
            $markup = Messages::of($problem);
            self::assertSame($problem->message, $markup->getUntranslatedString(), $problem->code);
            self::assertSame($problem->args, $markup->getArguments(), $problem->code);
        }
        self::assertCount(10, $codes, 'every code met');
        $source = file_get_contents(DRUSH_IO_MODULE . '/src/Messages.php');
        foreach ($problems as $problem) {
            self::assertStringContainsString("t('" . str_replace("'", "\\'", $problem->message) . "'", $source, 'a literal t() call, for locale: ' . $problem->code);
        }
    }

    public function testTheStatusReportSaysWhatIsWrongWithTheToken(): void
    {
        foreach ([[null, REQUIREMENT_ERROR, 'No token is set'], ["zq\nxw", REQUIREMENT_ERROR, 'control character'], [" good\n", REQUIREMENT_OK, 'Set in settings.php']] as [$token, $severity, $says]) {
            new Site([], 'https://api.drush.io/v1', $token);
            $requirement = drush_io_requirements('runtime')['drush_io_token'];
            self::assertSame($severity, $requirement['severity']);
            self::assertStringContainsString($says, (string) $requirement['value']);
            self::assertStringNotContainsString('zq', (string) $requirement['value']);
            self::assertStringNotContainsString('good', (string) $requirement['value']);
        }
        self::assertSame([], drush_io_requirements('install'));
    }
}
