<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/** One entry of the site's job list: what an editor may run, and with which variables. */
final class Job
{
    /** @param list<string> $variables */
    public function __construct(
        public readonly string $project,
        public readonly string $job,
        public readonly string $label,
        public readonly string $confirm,
        public readonly string $capability,
        public readonly array $variables,
    ) {
    }

    /** The list entry's id, as the shortcode and the block name it. */
    public function id(): string
    {
        return $this->project . '/' . $this->job;
    }
}
