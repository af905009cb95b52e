<?php

declare(strict_types=1);

namespace Drupal\drush_io\Plugin\Block;

use Drupal\Core\Block\BlockBase;
use Drupal\Core\Url;
use Drupal\drush_io\DrushIoPermissions;
use DrushIo\Shared\Gate;
use DrushIo\Shared\JobList;

/**
 * A button per job the user may run.
 *
 * @Block(
 *   id = "drush_io_run_buttons",
 *   admin_label = @Translation("drush.io job buttons")
 * )
 */
final class RunButtonsBlock extends BlockBase
{
    public function build(): array
    {
        $user = \Drupal::currentUser();
        $jobs = JobList::fromRows(\Drupal::config('drush_io.settings')->get('jobs'));
        $build = ['#attached' => ['library' => ['drush_io/buttons']], '#cache' => ['contexts' => ['user.permissions'], 'tags' => ['config:drush_io.settings']]];
        $base = Url::fromRoute('drush_io.trigger', ['project' => 'p', 'job' => 'j'])->toString();
        $base = substr($base, 0, -strlen('/projects/p/jobs/j/runs'));
        foreach ((new Gate($jobs))->runnable(static fn (): bool => true) as $job) {
            if (!$user->hasPermission(DrushIoPermissions::permissionOf($job))) {
                continue;
            }
            // No whitespace between the tags: text in the default slot would replace the label.
            $build[$job->id()] = [
                '#type' => 'html_tag',
                '#tag' => 'drush-io-run-button',
                '#attributes' => array_filter(['project' => $job->project, 'job' => $job->job, 'label' => $job->label, 'confirm' => $job->confirm, 'data-drush-io-rest' => $base]),
            ];
        }
        return $build;
    }
}
