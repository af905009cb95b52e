<?php

declare(strict_types=1);

namespace Drupal\drush_io;

use DrushIo\Shared\Job;
use DrushIo\Shared\JobList;

/**
 * One permission per listed job, "run drush_io PROJECT/JOB", unless the job list names
 * another permission for it. Removing a job revokes its permission from every role
 * (see Form\SettingsForm), so no role keeps a permission that no longer exists.
 */
final class DrushIoPermissions
{
    public const PREFIX = 'run drush_io ';

    public static function jobPermissions(): array
    {
        $permissions = [];
        foreach (JobList::fromRows(\Drupal::config('drush_io.settings')->get('jobs'))->all() as $job) {
            $permissions[self::PREFIX . $job->id()] = [
                'title' => t('Run the drush.io job @job', ['@job' => $job->label]),
                'restrict access' => true,
            ];
        }
        return $permissions;
    }

    public static function permissionOf(Job $job): string
    {
        return self::permissionFor($job->capability, $job->project, $job->job);
    }

    /** The job list's capability field: empty (stored as the default) means the job's own permission. */
    public static function permissionFor(string $capability, string $project, string $job): string
    {
        return $capability === JobList::DEFAULT_CAPABILITY ? self::PREFIX . $project . '/' . $job : $capability;
    }
}
