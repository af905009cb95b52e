<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/** The jobs a site may run, read from stored settings and validated with messages a site builder can act on. */
final class JobList
{
    private const IDENTIFIER = '/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/';
    private const VARIABLE = '/^[A-Za-z_][A-Za-z0-9_]{0,63}$/';
    public const DEFAULT_CAPABILITY = 'manage_options';

    public const NOT_A_ROW = 'job-not-a-row';
    public const BAD_PROJECT = 'job-bad-project';
    public const BAD_JOB = 'job-bad-job';
    public const DUPLICATE = 'job-duplicate';
    public const BAD_VARIABLE = 'job-bad-variable';
    public const BAD_CAPABILITY = 'job-bad-capability';

    /** @param list<Job> $jobs */
    private function __construct(private readonly array $jobs)
    {
    }

    /**
     * @param mixed $rows list of ['project', 'job', 'label', 'confirm', 'capability', 'variables']
     * @param list<Problem> $errors receives one problem per refused row; each names its row
     *        as the argument `@row` (1-based), and the input it is about as further arguments
     */
    public static function fromRows(mixed $rows, array &$errors = []): self
    {
        $jobs = [];
        $seen = [];
        foreach (is_array($rows) ? array_values($rows) : [] as $index => $row) {
            $rowNumber = ['@row' => $index + 1];
            if (!is_array($row)) {
                $errors[] = new Problem(self::NOT_A_ROW, 'Job @row: not a job entry.', $rowNumber);
                continue;
            }
            $project = trim((string) ($row['project'] ?? ''));
            $job = trim((string) ($row['job'] ?? ''));
            if ($project === '' && $job === '') {
                continue; // an empty row of the form
            }
            if (!preg_match(self::IDENTIFIER, $project)) {
                $errors[] = new Problem(self::BAD_PROJECT, 'Job @row: the project must be letters, digits, ".", "_" or "-", starting with a letter or digit.', $rowNumber);
                continue;
            }
            if (!preg_match(self::IDENTIFIER, $job)) {
                $errors[] = new Problem(self::BAD_JOB, 'Job @row: the job must be letters, digits, ".", "_" or "-", starting with a letter or digit.', $rowNumber);
                continue;
            }
            if (isset($seen[$project . '/' . $job])) {
                $errors[] = new Problem(self::DUPLICATE, 'Job @row: @job is listed twice.', $rowNumber + ['@job' => $project . '/' . $job]);
                continue;
            }
            $variables = self::variables($row['variables'] ?? []);
            $bad = array_filter($variables, static fn (string $name): bool => !preg_match(self::VARIABLE, $name));
            if ($bad !== []) {
                $errors[] = new Problem(self::BAD_VARIABLE, 'Job @row: variable names are letters, digits and "_", not starting with a digit (refused: @names).', $rowNumber + ['@names' => implode(', ', $bad)]);
                continue;
            }
            $capability = trim((string) ($row['capability'] ?? ''));
            if ($capability !== '' && !preg_match('/^[a-z0-9_ -]{1,64}$/i', $capability)) {
                $errors[] = new Problem(self::BAD_CAPABILITY, 'Job @row: the capability must be a capability or permission name.', $rowNumber);
                continue;
            }
            $seen[$project . '/' . $job] = true;
            $label = trim((string) ($row['label'] ?? ''));
            $jobs[] = new Job(
                $project,
                $job,
                $label === '' ? $job : $label,
                trim((string) ($row['confirm'] ?? '')),
                $capability === '' ? self::DEFAULT_CAPABILITY : $capability,
                $variables,
            );
        }
        return new self($jobs);
    }

    /** @return list<string> */
    private static function variables(mixed $value): array
    {
        $names = is_array($value) ? $value : preg_split('/[\s,]+/', (string) $value);
        $names = array_map(static fn ($name): string => trim((string) $name), $names ?: []);
        return array_values(array_unique(array_filter($names, static fn (string $name): bool => $name !== '')));
    }

    /** @return list<Job> */
    public function all(): array
    {
        return $this->jobs;
    }

    public function find(string $project, string $job): ?Job
    {
        foreach ($this->jobs as $entry) {
            if ($entry->project === $project && $entry->job === $job) {
                return $entry;
            }
        }
        return null;
    }

    /** @return list<array<string, mixed>> the rows to store */
    public function toRows(): array
    {
        return array_map(static fn (Job $job): array => [
            'project' => $job->project,
            'job' => $job->job,
            'label' => $job->label,
            'confirm' => $job->confirm,
            'capability' => $job->capability,
            'variables' => $job->variables,
        ], $this->jobs);
    }
}
