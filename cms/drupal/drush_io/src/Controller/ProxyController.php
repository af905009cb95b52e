<?php

declare(strict_types=1);

namespace Drupal\drush_io\Controller;

use Drupal\Core\Controller\ControllerBase;
use Drupal\Core\Site\Settings;
use Drupal\drush_io\DrushIoPermissions;
use DrushIo\Shared\Gate;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Upstream;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\GuzzleException;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/** Forwards to the API with the token of settings.php, after the shared Gate said yes. */
final class ProxyController extends ControllerBase
{
    public function __construct(private readonly ClientInterface $httpClient)
    {
    }

    public static function create(ContainerInterface $container): static
    {
        return new static($container->get('http_client'));
    }

    public function forward(Request $request, string $project, string $job, ?string $run = null): Response
    {
        $jobs = JobList::fromRows($this->config('drush_io.settings')->get('jobs'));
        $env = null;
        if ($run === null) {
            $body = json_decode($request->getContent() ?: '{}', true);
            $env = is_array($body) ? ($body['env'] ?? []) : 'invalid';
        }
        $entry = $jobs->find($project, $job);
        $refusal = (new Gate($jobs))->refusal($project, $job, fn (string $permission): bool => $entry !== null && $this->currentUser()->hasPermission(DrushIoPermissions::permissionOf($entry)), $env);
        if ($refusal !== null) {
            return new Response(Upstream::error($refusal, (string) $this->t('Refused: @why', ['@why' => $refusal])), 403, ['Content-Type' => 'application/json']);
        }
        $token = (string) Settings::get('drush_io_token', '');
        $upstream = Upstream::request((string) $this->config('drush_io.settings')->get('base_url'), $token, $project, $job, $run, $env);
        try {
            $answer = $this->httpClient->request($upstream['method'], $upstream['url'], [
                'headers' => $upstream['headers'],
                'body' => $upstream['body'],
                'http_errors' => false,
                'allow_redirects' => false,
                'timeout' => 30,
            ]);
            $mapped = Upstream::answer($answer->getStatusCode(), (string) $answer->getBody(), $token);
        } catch (GuzzleException) {
            $mapped = Upstream::answer(null, null, $token);
        }
        return new Response($mapped['body'], $mapped['status'], ['Content-Type' => 'application/json', 'Cache-Control' => 'no-store']);
    }
}
