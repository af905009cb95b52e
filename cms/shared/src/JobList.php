<?php

declare(strict_types=1);

namespace DrushIo\Shared;

/** The jobs a site may run, read from stored settings and validated with messages a site builder can act on. */
final class JobList
{
    private const IDENTIFIER = '/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/';
    private const VARIABLE = '/^[A-Za-z_][A-Za-z0-9_]{0,63}$/';
    public const DEFAULT_CAPABILITY = 'manage_options';

    /** @param list<Job> $jobs */
    private function __construct(private readonly array $jobs)
    {
    }

    /**
     * @param mixed $rows list of ['project', 'job', 'label', 'confirm', 'capability', 'variables']
     * @param list<string> $errors receives one message per refused row
     */
    public static function fromRows(mixed $rows, array &$errors = []): self
    {
        $jobs = [];
        $seen = [];
        foreach (is_array($rows) ? array_values($rows) : [] as $index => $row) {
            $where = 'Job ' . ($index + 1) . ': ';
            if (!is_array($row)) {
                $errors[] = $where . 'not a job entry.';
                continue;
            }
            $project = trim((string) ($row['project'] ?? ''));
            $job = trim((string) ($row['job'] ?? ''));
            if ($project === '' && $job === '') {
                continue; // an empty row of the form
            }
            if (!preg_match(self::IDENTIFIER, $project)) {
                $errors[] = $where . 'the project must be letters, digits, ".", "_" or "-".';
                continue;
            }
            if (!preg_match(self::IDENTIFIER, $job)) {
                $errors[] = $where . 'the job must be letters, digits, ".", "_" or "-".';
                continue;
            }
            if (isset($seen[$project . '/' . $job])) {
                $errors[] = $where . $project . '/' . $job . ' is listed twice.';
                continue;
            }
            $variables = self::variables($row['variables'] ?? []);
            $bad = array_filter($variables, static fn (string $name): bool => !preg_match(self::VARIABLE, $name));
            if ($bad !== []) {
                $errors[] = $where . 'variable names are letters, digits and "_" (refused: ' . implode(', ', $bad) . ').';
                continue;
            }
            $capability = trim((string) ($row['capability'] ?? ''));
            if ($capability !== '' && !preg_match('/^[a-z0-9_ -]{1,64}$/i', $capability)) {
                $errors[] = $where . 'the capability must be a capability or permission name.';
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
