<?php

declare(strict_types=1);

namespace Drupal\drush_io\Form;

use Drupal\Core\Entity\EntityStorageInterface;
use Drupal\Core\Form\ConfigFormBase;
use Drupal\Core\Form\FormStateInterface;
use Drupal\drush_io\DrushIoPermissions;
use Drupal\drush_io\Messages;
use Drupal\user\PermissionHandlerInterface;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Problem;
use DrushIo\Shared\Upstream;
use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * The API base URL and the job list; the token lives in settings.php, never in
 * configuration. Every message is a literal through t(), its input a placeholder.
 */
final class SettingsForm extends ConfigFormBase
{
    protected EntityStorageInterface $roleStorage;

    protected PermissionHandlerInterface $permissionHandler;

    public static function create(ContainerInterface $container): static
    {
        $form = parent::create($container);
        $form->roleStorage = $container->get('entity_type.manager')->getStorage('user_role');
        $form->permissionHandler = $container->get('user.permissions');
        return $form;
    }

    public function getFormId(): string
    {
        return 'drush_io_settings';
    }

    protected function getEditableConfigNames(): array
    {
        return ['drush_io.settings'];
    }

    public function buildForm(array $form, FormStateInterface $form_state): array
    {
        $config = $this->config('drush_io.settings');
        $form['base_url'] = [
            '#type' => 'url',
            '#title' => $this->t('API base URL'),
            '#description' => $this->t('Where the drush.io API answers: https://api.drush.io/v1, or http on a loopback host for a development server.'),
            '#default_value' => $config->get('base_url') ?: Upstream::DEFAULT_BASE_URL,
            '#required' => true,
        ];
        $form['token'] = ['#type' => 'item', '#title' => $this->t('API token'), '#markup' => (string) $this->tokenStatus()];
        $lines = array_map(static fn (array $row): string => implode(' | ', [
            $row['project'] . '/' . $row['job'],
            $row['label'],
            $row['confirm'],
            $row['capability'] === JobList::DEFAULT_CAPABILITY ? '' : $row['capability'],
            implode(',', $row['variables']),
        ]), JobList::fromRows($config->get('jobs'))->toRows());
        $form['jobs'] = [
            '#type' => 'textarea',
            '#title' => $this->t('Jobs'),
            '#description' => $this->t('One job per line: project/job | label | confirmation text | permission | allowed variables (comma-separated). Leave the permission empty to give the job a permission of its own, "Run the drush.io job …", to grant on the Permissions page. Allowed variables are the fields the block offers.'),
            '#default_value' => implode("\n", $lines),
            '#rows' => 8,
        ];
        return parent::buildForm($form, $form_state);
    }

    /** What the page says about settings.php's token: set, missing, or what is wrong with it (never the token). */
    private function tokenStatus(): \Stringable
    {
        $problem = Messages::tokenProblem();
        return $problem === null ? $this->t('A token is set in settings.php.') : Messages::of($problem);
    }

    public function validateForm(array &$form, FormStateInterface $form_state): void
    {
        $problem = Upstream::baseUrlProblem((string) $form_state->getValue('base_url'));
        if ($problem !== null) {
            $form_state->setErrorByName('base_url', $this->t($problem));
        }
        $errors = [];
        $list = JobList::fromRows(self::rows((string) $form_state->getValue('jobs')), $errors);
        $permissions = $this->permissionHandler->getPermissions();
        foreach ($list->all() as $index => $job) {
            $permission = DrushIoPermissions::permissionOf($job);
            if (!str_starts_with($permission, DrushIoPermissions::PREFIX) && !isset($permissions[$permission])) {
                $errors[] = new Problem(Messages::UNKNOWN_PERMISSION, 'Job @job: there is no permission "@permission" on this site.', ['@job' => $job->id(), '@permission' => $permission]);
            }
        }
        foreach ($errors as $error) {
            // The literal is translated; the input it is about goes in as an escaped placeholder.
            $form_state->setErrorByName('jobs', Messages::of($error));
        }
        $form_state->set('drush_io_jobs', $list->toRows());
    }

    public function submitForm(array &$form, FormStateInterface $form_state): void
    {
        $config = $this->config('drush_io.settings');
        $before = JobList::fromRows($config->get('jobs'));
        $after = JobList::fromRows($form_state->get('drush_io_jobs'));
        $config->set('base_url', $form_state->getValue('base_url'))->set('jobs', $after->toRows())->save();
        $this->revokeRemovedJobs($before, $after);
        parent::submitForm($form, $form_state);
    }

    /** A removed job's own permission leaves every role: a role holding an unknown permission cannot be saved. */
    private function revokeRemovedJobs(JobList $before, JobList $after): void
    {
        $kept = array_map(static fn ($job): string => DrushIoPermissions::PREFIX . $job->id(), $after->all());
        $removed = array_diff(array_map(static fn ($job): string => DrushIoPermissions::PREFIX . $job->id(), $before->all()), $kept);
        if ($removed === []) {
            return;
        }
        foreach ($this->roleStorage->loadMultiple() as $role) {
            $held = array_intersect($removed, $role->getPermissions());
            if ($held === []) {
                continue;
            }
            foreach ($held as $permission) {
                $role->revokePermission($permission);
            }
            $role->save();
        }
    }

    /** @return list<array<string, string>> */
    public static function rows(string $text): array
    {
        $rows = [];
        foreach (preg_split('/\R/', trim($text)) ?: [] as $line) {
            if (trim($line) === '') {
                continue;
            }
            $fields = array_map('trim', explode('|', $line)) + ['', '', '', '', ''];
            [$project, $job] = array_pad(explode('/', $fields[0], 2), 2, '');
            $rows[] = ['project' => $project, 'job' => $job, 'label' => $fields[1], 'confirm' => $fields[2], 'capability' => $fields[3], 'variables' => $fields[4]];
        }
        return $rows;
    }
}
