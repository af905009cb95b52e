<?php

declare(strict_types=1);

use Drupal\Component\Utility\Html;
use Drupal\drush_io\Plugin\Block\RunButtonsBlock;
use PHPUnit\Framework\TestCase;

final class RunButtonsBlockTest extends TestCase
{
    private static function block(string ...$permissions): array
    {
        Html::$seenIds = [];
        $site = new Site([
            ['project' => 'acme', 'job' => 'deploy', 'label' => 'Deploy', 'variables' => ['SITE', 'ENV']],
            ['project' => 'acme', 'job' => 'cache', 'confirm' => 'Sure?'],
            ['project' => 'acme', 'job' => 'nodes', 'capability' => 'administer nodes'],
        ]);
        $site->signIn(...$permissions);
        return (new RunButtonsBlock())->build();
    }

    public function testAButtonPerJobTheUserMayRun(): void
    {
        $build = self::block('run drush_io acme/cache', 'administer nodes');
        self::assertArrayNotHasKey('acme/deploy', $build);
        $cache = $build['acme/cache'];
        self::assertSame('drush-io-run-button', $cache['#tag']);
        self::assertSame(['project' => 'acme', 'job' => 'cache', 'label' => 'cache', 'confirm' => 'Sure?', 'data-drush-io-rest' => '/drush-io/v1'], $cache['#attributes']);
        self::assertSame('nodes', $build['acme/nodes']['#attributes']['job']);
        self::assertSame(['drush_io/buttons'], $build['#attached']['library']);
        self::assertContains('user.permissions', $build['#cache']['contexts']);
    }

    public function testAJobsVariablesGetFieldsItsButtonReads(): void
    {
        $deploy = self::block('run drush_io acme/deploy')['acme/deploy'];
        $button = $deploy['button']['#attributes'];
        self::assertSame('SITE ENV', $button['vars']);
        preg_match('/<form id="([^"]+)"[^>]*data-drush-io-vars/', (string) $deploy['fields']['#prefix'], $form);
        self::assertSame($button['form'], $form[1], 'the button names the form that holds the fields');
        self::assertSame('</form>', (string) $deploy['fields']['#suffix']);
        foreach (['SITE', 'ENV'] as $name) {
            $input = $deploy['fields'][$name]['input']['#attributes'];
            self::assertSame([$name, 'text'], [$input['name'], $input['type']]);
            self::assertSame($input['id'], $deploy['fields'][$name]['label']['#attributes']['for'], 'each field is labelled');
            self::assertSame($name, $deploy['fields'][$name]['label']['#value']);
        }
    }

    public function testNoFilesWhereNoButtonShows(): void
    {
        $build = self::block('access content');
        self::assertArrayNotHasKey('#attached', $build);
        self::assertSame(['#cache'], array_keys($build));
    }
}
