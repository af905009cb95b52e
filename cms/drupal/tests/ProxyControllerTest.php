<?php

declare(strict_types=1);

use Drupal\drush_io\Controller\ProxyController;
use DrushIo\Shared\Redactor;
use GuzzleHttp\Client;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\RequestException;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Psr7\Request as PsrRequest;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;
use Psr\Http\Message\ResponseInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * The proxy route's controller, run with real Guzzle against a stand-in API under `php -S`
 * that counts the requests it gets: a refused request must never reach it.
 */
final class ProxyControllerTest extends TestCase
{
    private const TOKEN = "tok\"en\\ü'x";

    private static string $api;

    private static string $log;

    /** @var resource */
    private static $server;

    public static function setUpBeforeClass(): void
    {
        self::$log = tempnam(sys_get_temp_dir(), 'drush-io-upstream-');
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        self::$server = proc_open(
            ['php', '-S', "127.0.0.1:$port", __DIR__ . '/upstream.php'],
            [['file', '/dev/null', 'r'], ['file', '/dev/null', 'w'], ['file', '/dev/null', 'w']],
            $pipes,
            null,
            ['DRUSH_IO_UPSTREAM_LOG' => self::$log, 'PHP_CLI_SERVER_WORKERS' => '4'] + getenv(),
        );
        self::$api = "http://127.0.0.1:$port/v1";
        // Wait for the server itself: until it accepts a connection.
        $deadline = microtime(true) + 30;
        while (!($socket = @fsockopen('127.0.0.1', $port, $errno, $error, 1))) {
            if (microtime(true) > $deadline) {
                self::fail('the stand-in API did not start');
            }
            usleep(20000);
        }
        fclose($socket);
    }

    public static function tearDownAfterClass(): void
    {
        $status = proc_get_status(self::$server);
        // php -S with workers: the workers first, then their parent.
        exec('pkill -P ' . (int) $status['pid']);
        proc_terminate(self::$server);
        proc_close(self::$server);
        unlink(self::$log);
    }

    protected function setUp(): void
    {
        file_put_contents(self::$log, '');
    }

    /** @return list<array{method: string, path: string, authorization: string, body: string}> */
    private static function upstreamRequests(): array
    {
        return array_map(static fn (string $line): array => json_decode($line, true), array_filter(explode("\n", (string) file_get_contents(self::$log))));
    }

    private static function jobs(): array
    {
        return [
            ['project' => 'acme', 'job' => 'deploy', 'variables' => ['SITE']],
            ['project' => 'acme', 'job' => 'slow'],
            ['project' => 'acme', 'job' => 'nodes', 'capability' => 'administer nodes'],
        ];
    }

    private function site(mixed $token = self::TOKEN, ?ClientInterface $client = null, ?string $api = null): Site
    {
        $site = new Site(self::jobs(), $api ?? self::$api, $token, $client ?? new Client());
        $site->signIn('use drush_io', 'run drush_io acme/deploy', 'run drush_io acme/slow');
        return $site;
    }

    private static function call(Site $site, string $method, string $project, string $job, ?string $run, ?string $csrf, string $body = '', string $query = ''): Response
    {
        $path = "/drush-io/v1/projects/$project/jobs/$job/runs" . ($run === null ? '' : "/$run") . $query;
        $request = Request::create($path, $method, [], [], [], $csrf === null ? [] : ['HTTP_X_CSRF_TOKEN' => $csrf], $body);
        return ProxyController::create($site)->forward($request, $project, $job, $run);
    }

    private static function assertNoToken(Response $response): void
    {
        self::assertFalse((new Redactor(self::TOKEN))->found((string) $response->getContent()), 'the token reached the browser: ' . $response->getContent());
        self::assertSame('application/json', $response->headers->get('Content-Type'));
        self::assertIsArray(json_decode((string) $response->getContent(), true), 'the answer is JSON');
    }

    public function testAPollGoesUpstreamWithTheTrimmedTokenAndComesBackWithoutIt(): void
    {
        $site = $this->site(" \t" . self::TOKEN . "\n");
        $response = self::call($site, 'GET', 'acme', 'deploy', 'r1', $site->csrfToken(), '', '?run=..&project=x');
        self::assertSame(200, $response->getStatusCode());
        self::assertNoToken($response);
        self::assertSame("AUTH=Bearer [token]\n", json_decode($response->getContent(), true)['log']);
        $sent = self::upstreamRequests();
        self::assertCount(1, $sent);
        self::assertSame(['GET', '/v1/projects/acme/jobs/deploy/runs/r1', 'Bearer ' . self::TOKEN], [$sent[0]['method'], $sent[0]['path'], $sent[0]['authorization']]);
        self::assertStringContainsString('no-store', (string) $response->headers->get('Cache-Control'));
    }

    public function testATriggerSendsItsAllowedVariables(): void
    {
        $site = $this->site();
        $response = self::call($site, 'POST', 'acme', 'deploy', null, $site->csrfToken(), '{"env":{"SITE":"default"}}');
        self::assertSame(201, $response->getStatusCode());
        self::assertNoToken($response);
        $sent = self::upstreamRequests();
        self::assertCount(1, $sent);
        self::assertSame(['POST', '/v1/projects/acme/jobs/deploy/runs', '{"env":{"SITE":"default"}}'], [$sent[0]['method'], $sent[0]['path'], $sent[0]['body']]);
    }

    /** Each refusal answers JSON with a code and a message, and sends nothing upstream. */
    public function testRefusalsNeverReachTheApi(): void
    {
        $site = $this->site();
        $csrf = $site->csrfToken();
        $refused = [
            'a poll without the CSRF header' => [403, 'csrf-token', self::call($site, 'GET', 'acme', 'deploy', 'r1', null)],
            'a poll with a stale CSRF token' => [403, 'csrf-token', self::call($site, 'GET', 'acme', 'deploy', 'r1', (new Drupal\Core\Access\CsrfTokenGenerator('old-session'))->get('X-CSRF-Token request header'))],
            'a trigger without the CSRF header' => [403, 'csrf-token', self::call($site, 'POST', 'acme', 'deploy', null, null, '{}')],
            'a run id of ".." (%2E%2E decoded)' => [404, 'not-found', self::call($site, 'GET', 'acme', 'deploy', rawurldecode('%2E%2E'), $csrf)],
            'a run id of "."' => [404, 'not-found', self::call($site, 'GET', 'acme', 'deploy', '.', $csrf)],
            'a job of ".."' => [404, 'not-found', self::call($site, 'POST', 'acme', '..', null, $csrf, '{}')],
            'a job not on the list' => [403, 'job-not-listed', self::call($site, 'GET', 'acme', 'other', 'r1', $csrf)],
            'a job the user may not run' => [403, 'not-permitted', self::call($site, 'GET', 'acme', 'nodes', 'r1', $csrf)],
            'a variable not allowed' => [403, 'variable-not-allowed', self::call($site, 'POST', 'acme', 'deploy', null, $csrf, '{"env":{"PATH":"/tmp"}}')],
            'a body with more than env' => [403, 'invalid-body', self::call($site, 'POST', 'acme', 'deploy', null, $csrf, '{"env":{},"project":"x"}')],
        ];
        foreach ($refused as $what => [$status, $code, $response]) {
            self::assertSame($status, $response->getStatusCode(), $what);
            $answer = json_decode((string) $response->getContent(), true);
            self::assertSame($code, $answer['code'] ?? null, $what);
            self::assertNotSame('', $answer['message'] ?? '', $what);
        }
        self::assertSame([], self::upstreamRequests());
    }

    public function testATokenThatIsMissingOrBrokenSendsNothingAndIsNeverNamed(): void
    {
        foreach ([null, '', "zq\nxw\\ü", "zq\0xw", ["zq"]] as $token) {
            $site = $this->site($token);
            $response = self::call($site, 'GET', 'acme', 'deploy', 'r1', $site->csrfToken());
            self::assertSame(503, $response->getStatusCode());
            self::assertSame('not-configured', json_decode($response->getContent(), true)['code']);
            self::assertStringNotContainsString('zq', $response->getContent());
        }
        self::assertSame([], self::upstreamRequests());
    }

    public function testTheProxyGivesUpAfterTwentySecondsWithA504(): void
    {
        // The real client, timing out after one second instead of the twenty it was asked
        // for (the test would otherwise wait them): Guzzle's real cURL timeout, mapped.
        $client = new class () extends Client {
            /** @var list<array<string, mixed>> */
            public array $options = [];

            public function request(string $method, $uri = '', array $options = []): ResponseInterface
            {
                $this->options[] = $options;
                return parent::request($method, $uri, ['timeout' => 1] + $options);
            }
        };
        $site = $this->site(self::TOKEN, $client);
        $response = self::call($site, 'GET', 'acme', 'slow', 'r1', $site->csrfToken());
        self::assertSame(20, $client->options[0]['timeout']);
        self::assertLessThanOrEqual(20, $client->options[0]['connect_timeout']);
        self::assertFalse($client->options[0]['allow_redirects']);
        self::assertSame(504, $response->getStatusCode());
        self::assertSame('upstream-timeout', json_decode($response->getContent(), true)['code']);
        self::assertNoToken($response);
    }

    public function testAnUnreachableApiIsA502(): void
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $closed = 'http://' . stream_socket_get_name($probe, false) . '/v1';
        fclose($probe);
        $site = $this->site(self::TOKEN, null, $closed);
        $response = self::call($site, 'GET', 'acme', 'deploy', 'r1', $site->csrfToken());
        self::assertSame(502, $response->getStatusCode());
        self::assertSame('upstream-unreachable', json_decode($response->getContent(), true)['code']);
        self::assertNoToken($response);
    }

    /** Guzzle's exceptions name the request; none of their text reaches the answer. */
    public function testTheClientsExceptionsAreReducedToAFixedMessage(): void
    {
        $leak = 'Authorization: Bearer ' . self::TOKEN;
        $client = new Client(['handler' => HandlerStack::create(new MockHandler([
            static fn (RequestInterface $request) => throw new RequestException("cURL error 56: $leak", $request),
            static fn (RequestInterface $request) => throw new InvalidArgumentException("\"$leak\" is not valid header value"),
            static fn (RequestInterface $request) => throw new RequestException("cURL error 28: Operation timed out ($leak)", $request, null, null, ['errno' => 28]),
        ]))]);
        $site = $this->site(self::TOKEN, $client);
        foreach ([502, 502, 504] as $status) {
            $response = self::call($site, 'GET', 'acme', 'deploy', 'r1', $site->csrfToken());
            self::assertSame($status, $response->getStatusCode());
            self::assertNoToken($response);
            self::assertStringNotContainsString('cURL', $response->getContent());
        }
    }
}
