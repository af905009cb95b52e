<?php

declare(strict_types=1);

namespace Drupal\drush_io;

use DrushIo\Shared\JobList;

/** One permission per listed job: "run drush_io PROJECT/JOB" (the job list's capability field may name another). */
final class DrushIoPermissions
{
    public static function jobPermissions(): array
    {
        $permissions = [];
        foreach (JobList::fromRows(\Drupal::config('drush_io.settings')->get('jobs'))->all() as $job) {
            $permissions['run drush_io ' . $job->id()] = ['title' => t('Run the drush.io job @job', ['@job' => $job->label]), 'restrict access' => true];
        }
        return $permissions;
    }

    public static function permissionOf(\DrushIo\Shared\Job $job): string
    {
        return $job->capability === JobList::DEFAULT_CAPABILITY ? 'run drush_io ' . $job->id() : $job->capability;
    }
}
