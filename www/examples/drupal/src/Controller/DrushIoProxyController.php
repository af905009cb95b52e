<?php

namespace Drupal\mymodule\Controller;

use Drupal\Core\Controller\ControllerBase;
use Drupal\Core\Site\Settings;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\RequestException;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * Forwards the element's two calls to api.drush.io with the site's token.
 *
 * Outline: the token lives in settings.php ($settings['drush_io_token']), never in
 * configuration exported to code, and never in a response.
 */
class DrushIoProxyController extends ControllerBase {

  /** Jobs editors may trigger, as 'project/job'. */
  const ALLOWED = ['my-project/clear-caches', 'my-project/import-content'];

  const API = 'https://api.drush.io/v1';

  public function __construct(protected ClientInterface $http) {}

  public static function create(ContainerInterface $container) {
    return new static($container->get('http_client'));
  }

  /** POST .../runs: triggers one run, with the editor's variables if any. */
  public function trigger(Request $request, string $project, string $job): Response {
    $this->assertAllowed($project, $job);
    $body = $request->getContent();
    return $this->forward('POST', $this->path($project, $job), $body !== '' ? $body : NULL);
  }

  /** GET .../runs/{run}: reads one run (the element polls this). */
  public function run(string $project, string $job, string $run): Response {
    $this->assertAllowed($project, $job);
    return $this->forward('GET', $this->path($project, $job) . '/' . rawurlencode($run));
  }

  protected function assertAllowed(string $project, string $job): void {
    if (!in_array("$project/$job", self::ALLOWED, TRUE)) {
      throw new \Symfony\Component\HttpKernel\Exception\AccessDeniedHttpException();
    }
  }

  protected function path(string $project, string $job): string {
    return '/projects/' . rawurlencode($project) . '/jobs/' . rawurlencode($job) . '/runs';
  }

  protected function forward(string $method, string $path, ?string $body = NULL): Response {
    $options = [
      'headers' => [
        'Accept' => 'application/json',
        'Authorization' => 'Bearer ' . Settings::get('drush_io_token'),
      ],
      'http_errors' => FALSE,
      'timeout' => 30,
    ];
    if ($body !== NULL) {
      $options['headers']['Content-Type'] = 'application/json';
      $options['body'] = $body;
    }
    try {
      $answer = $this->http->request($method, self::API . $path, $options);
    }
    catch (RequestException $e) {
      return new JsonResponse(['message' => 'drush.io is unreachable'], 502);
    }
    // Pass status, body and Retry-After through so the element's back-off works.
    $response = new Response((string) $answer->getBody(), $answer->getStatusCode(), [
      'Content-Type' => 'application/json',
      'Cache-Control' => 'no-store',
    ]);
    if ($answer->hasHeader('Retry-After')) {
      $response->headers->set('Retry-After', $answer->getHeaderLine('Retry-After'));
    }
    return $response;
  }

}
