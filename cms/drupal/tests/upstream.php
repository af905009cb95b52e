<?php

declare(strict_types=1);

// A stand-in for the drush.io API under `php -S` (router script): it writes each request
// it gets to DRUSH_IO_UPSTREAM_LOG, one JSON line, and answers as the API does. Its runs'
// logs print the Authorization header they were sent, as a job that echoes its
// environment would, so every answer carries the token for the proxy to take out.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$auth = $_SERVER['HTTP_AUTHORIZATION'] ?? '';
$body = file_get_contents('php://input');
file_put_contents((string) getenv('DRUSH_IO_UPSTREAM_LOG'), json_encode(['method' => $_SERVER['REQUEST_METHOD'], 'path' => $path, 'authorization' => $auth, 'body' => $body]) . "\n", FILE_APPEND | LOCK_EX);
header('Content-Type: application/json');
if (!preg_match('#^/v1/projects/([^/]+)/jobs/([^/]+)/runs(?:/([^/]+))?$#', $path, $match)) {
    http_response_code(404);
    echo json_encode(['message' => 'No such path.']);
    return;
}
if ($match[2] === 'slow') {
    sleep(5);
}
$run = ['id' => $match[3] ?? 'r1', 'status' => isset($match[3]) ? 'complete' : 'queued', 'env' => json_decode($body ?: '{}', true)['env'] ?? null, 'log' => "AUTH=$auth\n"];
http_response_code(isset($match[3]) ? 200 : 201);
echo json_encode($run);
