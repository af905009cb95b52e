<?php

declare(strict_types=1);

use DrushIo\Shared\Gate;
use DrushIo\Shared\JobList;
use PHPUnit\Framework\TestCase;

final class GateTest extends TestCase
{
    private Gate $gate;

    protected function setUp(): void
    {
        $this->gate = new Gate(JobList::fromRows([
            ['project' => 'acme', 'job' => 'deploy', 'capability' => 'manage_options', 'variables' => ['SITE']],
            ['project' => 'acme', 'job' => 'cache', 'capability' => 'edit_posts'],
        ]));
    }

    public function testRefusals(): void
    {
        $admin = static fn (string $cap): bool => true;
        $editor = static fn (string $cap): bool => $cap === 'edit_posts';
        self::assertNull($this->gate->refusal('acme', 'deploy', $admin, ['SITE' => 'default']));
        self::assertNull($this->gate->refusal('acme', 'deploy', $admin, []));
        self::assertNull($this->gate->refusal('acme', 'deploy', $admin));
        self::assertSame(Gate::JOB_NOT_LISTED, $this->gate->refusal('acme', 'other', $admin));
        self::assertSame(Gate::NOT_PERMITTED, $this->gate->refusal('acme', 'deploy', $editor));
        self::assertNull($this->gate->refusal('acme', 'cache', $editor));
        self::assertSame(Gate::VARIABLE_NOT_ALLOWED, $this->gate->refusal('acme', 'deploy', $admin, ['PATH' => '/tmp']));
        self::assertSame(Gate::VARIABLE_NOT_ALLOWED, $this->gate->refusal('acme', 'cache', $admin, ['SITE' => 'x']));
        self::assertSame(Gate::INVALID_BODY, $this->gate->refusal('acme', 'deploy', $admin, ['SITE' => ['x']]));
        self::assertSame(Gate::INVALID_BODY, $this->gate->refusal('acme', 'deploy', $admin, ['x']));
        self::assertSame(Gate::INVALID_BODY, $this->gate->refusal('acme', 'deploy', $admin, 'SITE=x'));
    }

    public function testRunnableFollowsCapabilities(): void
    {
        $editor = static fn (string $cap): bool => $cap === 'edit_posts';
        self::assertSame(['acme/cache'], array_map(static fn ($job) => $job->id(), $this->gate->runnable($editor)));
    }
}
