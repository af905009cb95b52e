<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/**
 * Decides, before anything goes upstream, whether a request may pass: the job is on the
 * list, the user holds its capability or permission, and only allowed variables are sent.
 * The CMS checks its CSRF token (nonce) itself, before asking.
 */
final class Gate
{
    public const JOB_NOT_LISTED = 'job-not-listed';
    public const NOT_PERMITTED = 'not-permitted';
    public const VARIABLE_NOT_ALLOWED = 'variable-not-allowed';
    public const INVALID_BODY = 'invalid-body';

    public function __construct(private readonly JobList $jobs)
    {
    }

    /**
     * @param callable(string): bool $userCan whether the current user holds a capability or permission
     * @param mixed $env the decoded `env` of a POST's body (null for a GET)
     * @return string|null null when the request may go upstream, else the refusal's code (answer 403)
     */
    public function refusal(string $project, string $job, callable $userCan, mixed $env = null): ?string
    {
        $entry = $this->jobs->find($project, $job);
        if ($entry === null) {
            return self::JOB_NOT_LISTED;
        }
        if (!$userCan($entry->capability)) {
            return self::NOT_PERMITTED;
        }
        if ($env === null) {
            return null;
        }
        if (!is_array($env) || ($env !== [] && array_is_list($env))) {
            return self::INVALID_BODY;
        }
        foreach ($env as $name => $value) {
            if (!in_array((string) $name, $entry->variables, true)) {
                return self::VARIABLE_NOT_ALLOWED;
            }
            if (!is_string($value)) {
                return self::INVALID_BODY;
            }
        }
        return null;
    }

    /** The jobs a user may run, for the buttons a page shows. @return list<Job> */
    public function runnable(callable $userCan): array
    {
        return array_values(array_filter($this->jobs->all(), static fn (Job $job): bool => (bool) $userCan($job->capability)));
    }
}
