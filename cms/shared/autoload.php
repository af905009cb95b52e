<?php

declare(strict_types=1);

// Composer-less PSR-4 autoloading of DrushIo\Shared\ from src/, for both integrations and the tests.
spl_autoload_register(static function (string $class): void {
    $prefix = 'DrushIo\\Shared\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
