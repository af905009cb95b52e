<?php

declare(strict_types=1);

use DrushIo\Shared\JobList;
use PHPUnit\Framework\TestCase;

final class JobListTest extends TestCase
{
    public function testValidRowsGetDefaults(): void
    {
        $errors = [];
        $list = JobList::fromRows([['project' => 'acme', 'job' => 'cache-clear', 'variables' => 'SITE, ENV']], $errors);
        self::assertSame([], $errors);
        $job = $list->find('acme', 'cache-clear');
        self::assertNotNull($job);
        self::assertSame('cache-clear', $job->label);
        self::assertSame('manage_options', $job->capability);
        self::assertSame(['SITE', 'ENV'], $job->variables);
        self::assertSame('acme/cache-clear', $job->id());
        self::assertNull($list->find('acme', 'deploy'));
    }

    public function testRefusedRowsSayWhy(): void
    {
        $errors = [];
        $list = JobList::fromRows([
            ['project' => '../etc', 'job' => 'x'],
            ['project' => 'acme', 'job' => 'a b'],
            ['project' => 'acme', 'job' => 'ok', 'variables' => ['GOOD', 'bad-name']],
            ['project' => 'acme', 'job' => 'dup'],
            ['project' => 'acme', 'job' => 'dup'],
            ['project' => 'acme', 'job' => 'cap', 'capability' => '<script>'],
            ['project' => '', 'job' => ''],
            'not a row',
        ], $errors);
        self::assertCount(6, $errors);
        self::assertStringContainsString('Job 1: the project', (string) $errors[0]);
        self::assertStringContainsString('Job 2: the job', (string) $errors[1]);
        self::assertStringContainsString('bad-name', (string) $errors[2]);
        self::assertStringContainsString('listed twice', (string) $errors[3]);
        self::assertStringContainsString('capability', (string) $errors[4]);
        self::assertStringContainsString('Job 8', (string) $errors[5]);
        self::assertSame(
            [JobList::BAD_PROJECT, JobList::BAD_JOB, JobList::BAD_VARIABLE, JobList::DUPLICATE, JobList::BAD_CAPABILITY, JobList::NOT_A_ROW],
            array_map(static fn ($problem): string => $problem->code, $errors),
        );
        self::assertSame(['acme/dup'], array_map(static fn ($job) => $job->id(), $list->all()));
    }

    public function testRowsRoundTrip(): void
    {
        $rows = [['project' => 'p', 'job' => 'j', 'label' => 'Run', 'confirm' => 'Sure?', 'capability' => 'edit_posts', 'variables' => ['A']]];
        self::assertSame($rows, JobList::fromRows($rows)->toRows());
        self::assertSame([], JobList::fromRows('garbage')->all());
    }
}
