<?php

declare(strict_types=1);

// Drupal core cannot be installed on the test machines (its dependencies come only from
// Packagist), so the module is checked as Drupal would first read it: its YAML through
// Symfony's parser (Debian's php-symfony-yaml, the parser Drupal uses), and every name one
// file gives another, in the zip that site builders unpack into modules/custom. Its PHP
// then runs from the zip against stand-ins of Drupal's classes (stubs/drupal.php), with
// the real Guzzle and Symfony HttpFoundation Drupal runs it on (Debian's packages).
require '/usr/share/php/Symfony/Component/Yaml/autoload.php';
require '/usr/share/php/Symfony/Component/HttpFoundation/autoload.php';
require '/usr/share/php/GuzzleHttp/autoload.php';

$zip = getenv('DRUSH_IO_DRUPAL_ZIP') ?: dirname(__DIR__, 3) . '/target/drush-io-drupal.zip';
if (!is_file($zip)) {
    fwrite(STDERR, "cms/drupal tests: no $zip; build it with scripts/cms-zip.sh drupal\n");
    exit(1);
}
$unpacked = sys_get_temp_dir() . '/drush-io-drupal-' . getmypid();
exec('unzip -q -o ' . escapeshellarg($zip) . ' -d ' . escapeshellarg($unpacked), $output, $status);
if ($status !== 0) {
    fwrite(STDERR, "cms/drupal tests: cannot unzip $zip\n");
    exit(1);
}
define('DRUSH_IO_MODULE', $unpacked . '/drush_io');
register_shutdown_function(static fn () => exec('rm -rf ' . escapeshellarg($unpacked)));

require __DIR__ . '/stubs/drupal.php';
require __DIR__ . '/Site.php';
// What Drupal does for a module: PSR-4 for Drupal\drush_io\ from src/, then the .module file.
spl_autoload_register(static function (string $class): void {
    $prefix = 'Drupal\\drush_io\\';
    if (str_starts_with($class, $prefix)) {
        $file = DRUSH_IO_MODULE . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
require DRUSH_IO_MODULE . '/drush_io.module';
