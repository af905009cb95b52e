<?php

declare(strict_types=1);

namespace Drupal\drush_io\Form;

use Drupal\Core\Form\ConfigFormBase;
use Drupal\Core\Form\FormStateInterface;
use Drupal\Core\Site\Settings;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Upstream;

/** The API base URL and the job list; the token lives in settings.php, never in configuration. */
final class SettingsForm extends ConfigFormBase
{
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
        $form['base_url'] = ['#type' => 'url', '#title' => $this->t('API base URL'), '#default_value' => $config->get('base_url') ?: Upstream::DEFAULT_BASE_URL, '#required' => true];
        $form['token'] = ['#markup' => '<p>' . (Settings::get('drush_io_token', '') === ''
            ? $this->t('No token is set: add <code>$settings[\'drush_io_token\']</code> to settings.php.')
            : $this->t('A token is set in settings.php.')) . '</p>'];
        $lines = array_map(static fn (array $row): string => implode(' | ', [$row['project'] . '/' . $row['job'], $row['label'], $row['confirm'], $row['capability'], implode(',', $row['variables'])]), JobList::fromRows($config->get('jobs'))->toRows());
        $form['jobs'] = [
            '#type' => 'textarea',
            '#title' => $this->t('Jobs'),
            '#description' => $this->t('One per line: project/job | label | confirmation | permission | allowed variables (comma-separated).'),
            '#default_value' => implode("\n", $lines),
        ];
        return parent::buildForm($form, $form_state);
    }

    public function validateForm(array &$form, FormStateInterface $form_state): void
    {
        $problem = Upstream::baseUrlProblem((string) $form_state->getValue('base_url'));
        if ($problem !== null) {
            $form_state->setErrorByName('base_url', $this->t($problem));
        }
        $errors = [];
        $form_state->set('drush_io_jobs', JobList::fromRows(self::rows((string) $form_state->getValue('jobs')), $errors)->toRows());
        foreach ($errors as $problem) {
            // The literal is translated; the input it is about goes in as an escaped placeholder.
            $form_state->setErrorByName('jobs', $this->t($problem->message, $problem->args));
        }
    }

    public function submitForm(array &$form, FormStateInterface $form_state): void
    {
        $this->config('drush_io.settings')->set('base_url', $form_state->getValue('base_url'))->set('jobs', $form_state->get('drush_io_jobs'))->save();
        parent::submitForm($form, $form_state);
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
