<?php

declare(strict_types=1);

namespace Drupal\drush_io\Plugin\Block;

use Drupal\Component\Utility\Html;
use Drupal\Core\Block\BlockBase;
use Drupal\Core\Render\Markup;
use Drupal\Core\Url;
use Drupal\drush_io\DrushIoPermissions;
use DrushIo\Shared\Job;
use DrushIo\Shared\JobList;

/**
 * A button per job the user may run; a job with allowed variables gets a field for each,
 * in a small form the button reads at click time (its `form` and `vars` attributes).
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
        $build = ['#cache' => ['contexts' => ['user.permissions'], 'tags' => ['config:drush_io.settings']]];
        $base = Url::fromRoute('drush_io.trigger', ['project' => 'p', 'job' => 'j'])->toString();
        $base = substr($base, 0, -strlen('/projects/p/jobs/j/runs'));
        foreach ($jobs->all() as $job) {
            if ($user->hasPermission(DrushIoPermissions::permissionOf($job))) {
                $build[$job->id()] = $this->job($job, $base);
            }
        }
        if (count($build) > 1) {
            // The package's files load only where a button shows.
            $build['#attached'] = ['library' => ['drush_io/buttons']];
        }
        return $build;
    }

    /** @return array<string, mixed> */
    private function job(Job $job, string $base): array
    {
        $button = [
            '#type' => 'html_tag',
            '#tag' => 'drush-io-run-button',
            '#attributes' => array_filter(['project' => $job->project, 'job' => $job->job, 'label' => $job->label, 'confirm' => $job->confirm, 'data-drush-io-rest' => $base]),
        ];
        if ($job->variables === []) {
            return $button;
        }
        $form = Html::getUniqueId('drush-io-vars-' . $job->project . '-' . $job->job);
        $button['#attributes'] += ['form' => $form, 'vars' => implode(' ', $job->variables)];
        $fields = ['#type' => 'container', '#attributes' => ['class' => ['drush-io-vars']]];
        foreach ($job->variables as $name) {
            $id = $form . '-' . Html::getId($name);
            $fields[$name] = [
                '#type' => 'container',
                '#attributes' => ['class' => ['form-item']],
                'label' => ['#type' => 'html_tag', '#tag' => 'label', '#value' => $name, '#attributes' => ['for' => $id, 'class' => ['form-item__label']]],
                'input' => ['#type' => 'html_tag', '#tag' => 'input', '#attributes' => ['id' => $id, 'name' => $name, 'type' => 'text', 'class' => ['form-text', 'form-element'], 'autocomplete' => 'off']],
            ];
        }
        // A form of its own, never submitted (the module's script stops Enter): the button reads its fields.
        return [
            '#type' => 'container',
            '#attributes' => ['class' => ['drush-io-job']],
            'fields' => $fields + [
                '#prefix' => Markup::create('<form id="' . Html::escape($form) . '" class="drush-io-vars-form" data-drush-io-vars>'),
                '#suffix' => Markup::create('</form>'),
            ],
            'button' => $button,
        ];
    }
}
