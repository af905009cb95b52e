<?php

declare(strict_types=1);

use DrushIo\Shared\Upstream;
use PHPUnit\Framework\TestCase;

final class UpstreamTest extends TestCase
{
    public function testBaseUrlRules(): void
    {
        self::assertNull(Upstream::baseUrlProblem('https://api.drush.io/v1'));
        self::assertNull(Upstream::baseUrlProblem('http://127.0.0.1:8787/v1'));
        self::assertNotNull(Upstream::baseUrlProblem('http://api.drush.io/v1'));
        self::assertNotNull(Upstream::baseUrlProblem('/v1'));
        self::assertNotNull(Upstream::baseUrlProblem('https://user:pw@api.drush.io/v1'));
        self::assertNotNull(Upstream::baseUrlProblem('https://api.drush.io/v1?x=1'));
        self::assertNotNull(Upstream::baseUrlProblem('ftp://api.drush.io/v1'));
    }

    public function testTriggerAndPollRequests(): void
    {
        $post = Upstream::request('https://api.drush.io/v1/', 'secret', 'my.corp', 'cache_clear-2', null, ['SITE' => 'x']);
        self::assertSame('POST', $post['method']);
        self::assertSame('https://api.drush.io/v1/projects/my.corp/jobs/cache_clear-2/runs', $post['url']);
        self::assertSame('Bearer secret', $post['headers']['Authorization']);
        self::assertSame('{"env":{"SITE":"x"}}', $post['body']);
        self::assertSame('{"env":{}}', Upstream::request('https://h/v1', 't', 'p', 'j', null)['body']);
        $get = Upstream::request('https://h/v1', 't', 'p', 'j', 'run-42');
        self::assertSame('GET', $get['method']);
        self::assertSame('https://h/v1/projects/p/jobs/j/runs/run-42', $get['url']);
        self::assertNull($get['body']);
    }

    /** @return iterable<string, array{string}> */
    public static function invalidIds(): iterable
    {
        foreach (['', '.', '..', '../42', 'a/b', 'a b', "a\n", 'a%2F', '%2E%2E', 'a?x', 'a#x', 'ü', "x\0"] as $id) {
            yield json_encode($id) => [$id];
        }
    }

    /** @dataProvider invalidIds */
    public function testIdsThatCouldLeaveTheTwoPathsAreRefused(string $id): void
    {
        self::assertFalse(Upstream::isValidId($id));
        foreach ([['p', 'j', $id], ['p', $id, 'r'], [$id, 'j', 'r'], [$id, 'j', null]] as [$project, $job, $run]) {
            try {
                Upstream::request('https://h/v1', 'secret', $project, $job, $run);
                self::fail('an invalid id went upstream: ' . json_encode([$project, $job, $run]));
            } catch (InvalidArgumentException $e) {
                self::assertStringNotContainsString('secret', $e->getMessage());
            }
        }
    }

    public function testValidIds(): void
    {
        foreach (['a', '...', '.a', 'a..b', 'A-z_0.9', '42'] as $id) {
            self::assertTrue(Upstream::isValidId($id), $id);
        }
    }

    public function testNoRequestWithoutAUsableTokenOrBase(): void
    {
        foreach ([['https://h/v1', ''], ['https://h/v1', "zz\nyy"], ['https://h/v1?x=1', 'zzyy'], ['http://example.com/v1', 'zzyy']] as [$base, $token]) {
            try {
                Upstream::request($base, $token, 'p', 'j', null);
                self::fail('a request went out with ' . json_encode([$base, $token]));
            } catch (InvalidArgumentException $e) {
                self::assertStringNotContainsString('zz', $e->getMessage());
            }
        }
    }

    public function testAnswers(): void
    {
        self::assertSame(['status' => 201, 'body' => '{"id":"1"}'], Upstream::answer(201, '{"id":"1"}', 'secret'));
        self::assertSame(['status' => 404, 'body' => ''], Upstream::answer(404, null, 'secret'));
        self::assertSame('{"log":"[token]"}', Upstream::answer(200, '{"log":"secret"}', 'secret')['body']);
        $down = Upstream::answer(null, null, 'secret');
        self::assertSame(502, $down['status']);
        self::assertSame('upstream-unreachable', json_decode($down['body'], true)['code']);
    }

    public function testTheProxyGivesUpBeforeTheBrowser(): void
    {
        self::assertLessThanOrEqual(20, Upstream::TIMEOUT_SECONDS);
        self::assertSame(Upstream::TIMEOUT_SECONDS, Upstream::request('https://h/v1', 't', 'p', 'j', null)['timeout']);
        self::assertSame(Upstream::TIMEOUT_SECONDS, Upstream::request('https://h/v1', 't', 'p', 'j', 'r')['timeout']);
        $timeout = Upstream::failure(true);
        self::assertSame(504, $timeout['status']);
        self::assertSame('upstream-timeout', json_decode($timeout['body'], true)['code']);
        $unreachable = Upstream::failure(false);
        self::assertSame(502, $unreachable['status']);
        self::assertSame('upstream-unreachable', json_decode($unreachable['body'], true)['code']);
        self::assertTrue(Upstream::isTimeout(28, ''));
        self::assertTrue(Upstream::isTimeout(null, 'cURL error 28: Operation timed out after 20001 milliseconds with 0 bytes received'));
        self::assertFalse(Upstream::isTimeout(7, 'cURL error 7: Failed to connect to 127.0.0.1 port 9: Connection refused'));
        $missing = Upstream::tokenMissing();
        self::assertSame('token-missing', json_decode($missing['body'], true)['code']);
    }
}
