<?php

declare(strict_types=1);

use Drupal\Core\StringTranslation\TranslatableMarkup;
use Drupal\drush_io\Form\SettingsForm;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/FormState.php';

final class SettingsFormTest extends TestCase
{
    private const XSS = '<svg/onload=alert(1)>';

    /** Validates and, without errors, submits the form as Drupal would; returns the form state. */
    private static function save(Site $site, string $jobs, string $baseUrl = 'https://api.drush.io/v1'): TestFormState
    {
        $form = SettingsForm::create($site);
        $state = new TestFormState(['base_url' => $baseUrl, 'jobs' => $jobs]);
        $built = $form->buildForm([], $state);
        $form->validateForm($built, $state);
        if ($state->errors === []) {
            $form->submitForm($built, $state);
        }
        return $state;
    }

    public function testErrorsAreLiteralsWithTheInputEscapedInAPlaceholder(): void
    {
        TranslatableMarkup::$literals = [];
        $state = self::save(new Site([]), implode("\n", [
            'acme/deploy | Deploy | | | SITE, ' . self::XSS,
            'acme/a',
            'acme/a',
            'acme/nodes | Nodes | | administer ' . '<b>nodes</b>',
            'acme/other | Other | | administer everything',
        ]), 'http://' . self::XSS);
        $errors = implode("\n", array_merge(...array_values($state->errors)));
        self::assertCount(4, $state->errors['jobs']);
        self::assertCount(1, $state->errors['base_url']);
        self::assertStringNotContainsString('<svg', $errors);
        self::assertStringNotContainsString('<b>', $errors);
        self::assertStringContainsString('&lt;svg/onload=alert(1)&gt;', $errors);
        self::assertStringContainsString('acme/a is listed twice', $errors);
        self::assertStringContainsString('there is no permission "administer everything"', $errors);
        foreach (TranslatableMarkup::$literals as $literal) {
            self::assertStringNotContainsString('svg', $literal, 'input reached a t() literal');
            self::assertStringNotContainsString('acme', $literal, 'input reached a t() literal');
            self::assertStringNotContainsString('everything', $literal, 'input reached a t() literal');
        }
    }

    public function testRemovingAJobRevokesItsPermissionFromEveryRole(): void
    {
        $site = new Site([['project' => 'acme', 'job' => 'deploy'], ['project' => 'acme', 'job' => 'cache'], ['project' => 'acme', 'job' => 'nodes', 'capability' => 'administer nodes']]);
        $site->roles = [
            'editor' => new TestRole(['access content', 'run drush_io acme/deploy', 'run drush_io acme/cache']),
            'deployer' => new TestRole(['run drush_io acme/deploy']),
            'reader' => new TestRole(['access content']),
        ];
        $state = self::save($site, "acme/cache\nacme/nodes | Nodes | | administer nodes");
        self::assertSame([], $state->errors);
        self::assertSame(['acme/cache', 'acme/nodes'], array_map(static fn (array $row): string => $row['project'] . '/' . $row['job'], $site->settings->get('jobs')));
        self::assertSame(['access content', 'run drush_io acme/cache'], $site->roles['editor']->permissions);
        self::assertSame([], $site->roles['deployer']->permissions);
        self::assertSame(1, $site->roles['editor']->saved);
        self::assertSame(1, $site->roles['deployer']->saved);
        self::assertSame(0, $site->roles['reader']->saved, 'a role without the permission is left alone');
    }

    public function testTheTokensStateIsShownNeverTheToken(): void
    {
        $cases = [
            [null, 'No token is set'],
            ["  good-token\n", 'A token is set'],
            ["zq\nxw", 'control character'],
            ["zq\xffxw", 'UTF-8'],
        ];
        foreach ($cases as [$token, $says]) {
            $site = new Site([], 'https://api.drush.io/v1', $token);
            $form = SettingsForm::create($site)->buildForm([], new TestFormState([]));
            self::assertStringContainsString($says, (string) $form['token']['#markup']);
            self::assertStringNotContainsString('zq', (string) $form['token']['#markup']);
            self::assertStringNotContainsString('good-token', (string) $form['token']['#markup']);
        }
    }

    public function testTheJobListRoundTripsThroughItsTextarea(): void
    {
        $site = new Site([]);
        self::save($site, "acme/deploy | Deploy | Sure? | | SITE,ENV\nacme/nodes | Nodes | | administer nodes");
        $form = SettingsForm::create($site)->buildForm([], new TestFormState([]));
        self::assertSame("acme/deploy | Deploy | Sure? |  | SITE,ENV\nacme/nodes | Nodes |  | administer nodes | ", $form['jobs']['#default_value']);
        self::assertSame(['SITE', 'ENV'], $site->settings->get('jobs')[0]['variables']);
    }
}
