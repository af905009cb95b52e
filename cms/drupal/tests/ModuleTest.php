<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Symfony\Component\Yaml\Yaml;

/** What Drupal reads of the module before any of its PHP runs, checked on the zip. */
final class ModuleTest extends TestCase
{
    private static function yaml(string $file): array
    {
        $parsed = Yaml::parseFile(DRUSH_IO_MODULE . '/' . $file);
        self::assertIsArray($parsed, "$file holds a mapping");
        return $parsed;
    }

    private static function routes(): array
    {
        return self::yaml('drush_io.routing.yml');
    }

    /** The source of the class a `\Drupal\drush_io\...` name points at, by PSR-4 from src/. */
    private static function classSource(string $class): string
    {
        $class = ltrim($class, '\\');
        self::assertStringStartsWith('Drupal\\drush_io\\', $class);
        $relative = str_replace('\\', '/', substr($class, strlen('Drupal\\drush_io\\')));
        $file = DRUSH_IO_MODULE . "/src/$relative.php";
        self::assertFileExists($file, "$class has its file");
        $source = file_get_contents($file);
        $namespace = substr($class, 0, strrpos($class, '\\'));
        self::assertStringContainsString('namespace ' . $namespace . ';', $source);
        self::assertMatchesRegularExpression('/\bclass ' . preg_quote(basename($relative), '/') . '\b/', $source);
        return $source;
    }

    public function testEveryYamlFileParses(): void
    {
        $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator(DRUSH_IO_MODULE, FilesystemIterator::SKIP_DOTS));
        $count = 0;
        foreach ($files as $file) {
            if (str_ends_with((string) $file, '.yml')) {
                Yaml::parseFile((string) $file);
                $count++;
            }
        }
        self::assertGreaterThanOrEqual(7, $count);
    }

    public function testInfoDeclaresAModuleForDrupal10And11(): void
    {
        $info = self::yaml('drush_io.info.yml');
        self::assertSame('module', $info['type']);
        self::assertNotEmpty($info['name']);
        self::assertMatchesRegularExpression('/\^10\b/', $info['core_version_requirement']);
        self::assertMatchesRegularExpression('/\^11\b/', $info['core_version_requirement']);
        self::assertArrayHasKey($info['configure'], self::routes(), 'the configure link is a route of the module');
    }

    public function testEveryRouteNamesAClassAndMethodThatTakeItsParameters(): void
    {
        foreach (self::routes() as $name => $route) {
            $defaults = $route['defaults'];
            if (isset($defaults['_form'])) {
                self::assertStringContainsString('function buildForm(', self::classSource($defaults['_form']), $name);
                continue;
            }
            [$class, $method] = explode('::', $defaults['_controller']);
            $source = self::classSource($class);
            self::assertSame(1, preg_match('/function ' . $method . '\(([^)]*)\)/', $source, $signature), "$name: $method exists");
            preg_match_all('/\{(\w+)\}/', $route['path'], $placeholders);
            foreach ($placeholders[1] as $placeholder) {
                self::assertMatchesRegularExpression('/\\$' . $placeholder . '\\b/', $signature[1], "$name: $method takes {$placeholder}");
                self::assertArrayHasKey($placeholder, $route['requirements'], "$name: {$placeholder} is constrained");
            }
        }
    }

    public function testEveryRouteNeedsAPermissionAndTheProxyRoutesACsrfToken(): void
    {
        $permissions = self::yaml('drush_io.permissions.yml');
        $proxied = 0;
        foreach (self::routes() as $name => $route) {
            $permission = $route['requirements']['_permission'] ?? null;
            self::assertArrayHasKey($permission, $permissions, "$name needs a permission of the module");
            if (str_starts_with($route['path'], '/drush-io/')) {
                $proxied++;
                self::assertSame('TRUE', $route['requirements']['_csrf_request_header_token'] ?? null, $name);
                self::assertCount(1, $route['methods'], "$name answers one method");
            }
        }
        self::assertSame(2, $proxied, "the API's two paths");
        self::assertTrue($permissions['administer drush_io']['restrict access']);
        foreach ($permissions['permission_callbacks'] as $callback) {
            [$class, $method] = explode('::', $callback);
            self::assertStringContainsString("static function $method(", self::classSource($class));
        }
    }

    public function testTheMenuLinkAndTheBlockPointAtTheModule(): void
    {
        foreach (self::yaml('drush_io.links.menu.yml') as $name => $link) {
            self::assertArrayHasKey($link['route_name'], self::routes(), $name);
        }
        $block = self::classSource('\Drupal\drush_io\Plugin\Block\RunButtonsBlock');
        self::assertStringContainsString("'drush_io/buttons'", $block);
        self::assertArrayHasKey('buttons', self::yaml('drush_io.libraries.yml'));
        preg_match_all("/fromRoute\\('([\\w.]+)'/", $block, $routes);
        self::assertNotEmpty($routes[1]);
        foreach ($routes[1] as $route) {
            self::assertArrayHasKey($route, self::routes());
        }
    }

    public function testTheLibrarysFilesAndEveryModuleTheyImportAreInTheZip(): void
    {
        $modules = [];
        foreach (self::yaml('drush_io.libraries.yml') as $name => $library) {
            foreach ($library['css'] ?? [] as $group) {
                foreach (array_keys($group) as $css) {
                    self::assertFileExists(DRUSH_IO_MODULE . "/$css", "$name: $css");
                }
            }
            foreach ($library['js'] ?? [] as $js => $options) {
                self::assertFileExists(DRUSH_IO_MODULE . "/$js", "$name: $js");
                if (($options['attributes']['type'] ?? null) === 'module') {
                    // Aggregation would turn it into a classic script, where `import` fails.
                    self::assertFalse($options['preprocess'], "$name: $js is not aggregated");
                    $modules[] = $js;
                }
            }
        }
        self::assertNotEmpty($modules);
        $seen = [];
        $reached = [];
        while ($modules) {
            $module = array_pop($modules);
            if (isset($seen[$module])) {
                continue;
            }
            $seen[$module] = true;
            $source = file_get_contents(DRUSH_IO_MODULE . "/$module");
            preg_match_all('/(?:\bfrom|\bimport)\s*\(?\s*["\'](\.{1,2}\/[^"\']+)["\']|new URL\(\s*["\']([^"\':]+)["\']\s*,\s*import\.meta\.url/', $source, $found);
            foreach (array_filter(array_merge($found[1], $found[2])) as $specifier) {
                $target = self::resolve(dirname($module), $specifier);
                self::assertFileExists(DRUSH_IO_MODULE . "/$target", "$module imports $specifier");
                $reached[$target] = true;
                if (str_ends_with($target, '.js')) {
                    $modules[] = $target;
                }
            }
        }
        self::assertArrayHasKey('pkg/drush_io_embed.js', $reached);
        self::assertArrayHasKey('pkg/run-button.js', $reached);
        self::assertArrayHasKey('pkg/drush_io_embed_bg.wasm', $reached);
    }

    private static function resolve(string $directory, string $specifier): string
    {
        $parts = $directory === '.' ? [] : explode('/', $directory);
        foreach (explode('/', $specifier) as $part) {
            if ($part === '..') {
                array_pop($parts);
            } elseif ($part !== '.') {
                $parts[] = $part;
            }
        }
        return implode('/', $parts);
    }

    public function testInstalledConfigFollowsItsSchema(): void
    {
        $schema = self::yaml('config/schema/drush_io.schema.yml');
        $installed = self::yaml('config/install/drush_io.settings.yml');
        self::assertSame('config_object', $schema['drush_io.settings']['type']);
        self::assertSame([], array_diff(array_keys($installed), array_keys($schema['drush_io.settings']['mapping'])), 'every installed key is in the schema');
        self::assertStringStartsWith('https://', $installed['base_url']);
    }

    public function testTheButtonsTakeClarosLook(): void
    {
        $library = self::yaml('drush_io.libraries.yml')['buttons'];
        self::assertArrayHasKey('css/drush-io-claro.css', $library['css']['theme']);
        $css = file_get_contents(DRUSH_IO_MODULE . '/css/drush-io-claro.css');
        // Claro's own properties first (a sub-theme's colours follow), its values as fallbacks.
        self::assertMatchesRegularExpression('/--drush-io-accent:\s*var\(--button-bg-color--primary,\s*#003ecc\)/', $css);
        self::assertMatchesRegularExpression('/--drush-io-focus:\s*var\(--color-focus,/', $css);
        self::assertMatchesRegularExpression('/color-scheme:\s*light/', $css, 'light inside a light admin, whatever the OS says');
    }
}
