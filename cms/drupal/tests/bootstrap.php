<?php

declare(strict_types=1);

// Drupal core cannot be installed on the test machines (its dependencies come only from
// Packagist), so the module is checked as Drupal would first read it: its YAML through
// Symfony's parser (Debian's php-symfony-yaml, the parser Drupal uses), and every name one
// file gives another, in the zip that site builders unpack into modules/custom.
require '/usr/share/php/Symfony/Component/Yaml/autoload.php';

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
