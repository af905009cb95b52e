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
        $post = Upstream::request('https://api.drush.io/v1/', 'secret', 'my corp', 'a/b', null, ['SITE' => 'x']);
        self::assertSame('POST', $post['method']);
        self::assertSame('https://api.drush.io/v1/projects/my%20corp/jobs/a%2Fb/runs', $post['url']);
        self::assertSame('Bearer secret', $post['headers']['Authorization']);
        self::assertSame('{"env":{"SITE":"x"}}', $post['body']);
        self::assertSame('{"env":{}}', Upstream::request('https://h/v1', 't', 'p', 'j', null)['body']);
        $get = Upstream::request('https://h/v1', 't', 'p', 'j', '../42');
        self::assertSame('GET', $get['method']);
        self::assertSame('https://h/v1/projects/p/jobs/j/runs/..%2F42', $get['url']);
        self::assertNull($get['body']);
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
}
