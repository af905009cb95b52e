<?php

declare(strict_types=1);

namespace Drupal\drush_io\Controller;

use Drupal\Core\Access\CsrfRequestHeaderAccessCheck;
use Drupal\Core\Access\CsrfTokenGenerator;
use Drupal\Core\Controller\ControllerBase;
use Drupal\Core\Site\Settings;
use Drupal\drush_io\DrushIoPermissions;
use DrushIo\Shared\Gate;
use DrushIo\Shared\JobList;
use DrushIo\Shared\Token;
use DrushIo\Shared\Upstream;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\RequestException;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * The API's two paths, forwarded with the token of settings.php once every check passed:
 * the ids (from the route's path only), the CSRF header token (on the GET too: core's
 * `_csrf_request_header_token` lets reads through), the job list, the job's permission
 * and its variables (the shared Gate). A refused request never reaches the API.
 */
final class ProxyController extends ControllerBase
{
    public function __construct(
        private readonly ClientInterface $httpClient,
        private readonly CsrfTokenGenerator $csrfToken,
    ) {
    }

    public static function create(ContainerInterface $container): static
    {
        return new static($container->get('http_client'), $container->get('csrf_token'));
    }

    /** `$project`, `$job` and `$run` are the route's path parameters: no query or body can set them. */
    public function forward(Request $request, string $project, string $job, ?string $run = null): Response
    {
        // Drupal decodes the path before matching it, so `%2E%2E` arrives here as `..`.
        foreach ([$project, $job, $run ?? 'run'] as $id) {
            if (!Upstream::isValidId($id)) {
                return self::json(404, Upstream::error('not-found', (string) $this->t('There is no such job or run.')));
            }
        }
        $header = $request->headers->get('X-CSRF-Token');
        if (!is_string($header) || !$this->csrfToken->validate($header, CsrfRequestHeaderAccessCheck::TOKEN_KEY)) {
            return self::json(403, Upstream::error('csrf-token', (string) $this->t('Your session expired: reload the page.')));
        }
        $jobs = JobList::fromRows($this->config('drush_io.settings')->get('jobs'));
        $env = null;
        if ($request->getMethod() === 'POST') {
            $body = json_decode($request->getContent() ?: '{}', true);
            $env = is_array($body) && array_diff(array_keys($body), ['env']) === [] ? ($body['env'] ?? []) : 'invalid';
        }
        $user = $this->currentUser();
        $refusal = (new Gate($jobs))->refusal($project, $job, static fn (string $capability): bool => $user->hasPermission(DrushIoPermissions::permissionFor($capability, $project, $job)), $env);
        if ($refusal !== null) {
            return self::json(403, Upstream::error($refusal, $this->refusalMessage($refusal)));
        }
        $token = Token::usable(Settings::get('drush_io_token', ''));
        $baseUrl = (string) $this->config('drush_io.settings')->get('base_url');
        if ($token === '' || Upstream::baseUrlProblem($baseUrl) !== null) {
            return self::json(503, Upstream::error('not-configured', (string) $this->t('drush.io is not set up on this site: an administrator sets its token in settings.php and its API base URL in its settings.')));
        }
        $upstream = Upstream::request($baseUrl, $token, $project, $job, $run, is_array($env) ? $env : null);
        try {
            $answer = $this->httpClient->request($upstream['method'], $upstream['url'], [
                'headers' => $upstream['headers'],
                'body' => $upstream['body'],
                'http_errors' => false,
                'allow_redirects' => false,
                'timeout' => $upstream['timeout'],
                'connect_timeout' => $upstream['timeout'],
            ]);
            $mapped = Upstream::answer($answer->getStatusCode(), (string) $answer->getBody(), $token);
        } catch (\Throwable $failure) {
            // Never rethrown nor logged: Guzzle's message names the request, and Drupal would
            // write an uncaught exception to watchdog. Only whether it timed out goes on.
            $mapped = Upstream::failure(self::timedOut($failure));
        }
        return self::json($mapped['status'], $mapped['body']);
    }

    private static function timedOut(\Throwable $failure): bool
    {
        $context = $failure instanceof ConnectException || $failure instanceof RequestException ? $failure->getHandlerContext() : [];
        return Upstream::isTimeout(isset($context['errno']) ? (int) $context['errno'] : null, $failure->getMessage());
    }

    private function refusalMessage(string $refusal): string
    {
        return (string) match ($refusal) {
            Gate::JOB_NOT_LISTED => $this->t("This job is not on the site's list."),
            Gate::NOT_PERMITTED => $this->t('You are not allowed to run this job.'),
            Gate::VARIABLE_NOT_ALLOWED => $this->t('A variable is not allowed for this job.'),
            default => $this->t('The request body must be {"env": {"NAME": "value"}}.'),
        };
    }

    private static function json(int $status, string $body): Response
    {
        return new Response($body, $status, ['Content-Type' => 'application/json', 'Cache-Control' => 'no-store']);
    }
}
