<?php

declare(strict_types=1);

use Drupal\Core\Access\CsrfRequestHeaderAccessCheck;
use Drupal\Core\Access\CsrfTokenGenerator;
use Drupal\Core\Config\Config;
use Drupal\Core\Config\ImmutableConfig;
use Drupal\Core\Entity\EntityStorageInterface;
use Drupal\Core\Entity\EntityTypeManagerInterface;
use Drupal\Core\Session\AccountInterface;
use Drupal\Core\Site\Settings;
use Drupal\user\PermissionHandlerInterface;
use Drupal\user\RoleInterface;
use Symfony\Component\DependencyInjection\ContainerInterface;

/** A Drupal site as the module sees it: its container, configuration, settings.php, roles and user. */
final class Site implements ContainerInterface
{
    public readonly Config $settings;

    public readonly CsrfTokenGenerator $csrf;

    /** @var array<string, TestRole> */
    public array $roles = [];

    /** @var array<string, object> */
    private array $services = [];

    /** @param list<array<string, mixed>> $jobs rows of the job list */
    public function __construct(array $jobs, string $baseUrl = 'https://api.drush.io/v1', mixed $token = 'secret-token', ?object $httpClient = null)
    {
        new Settings($token === null ? [] : ['drush_io_token' => $token]);
        $this->settings = new Config(['base_url' => $baseUrl, 'jobs' => $jobs]);
        $this->csrf = new CsrfTokenGenerator('seed-' . bin2hex(random_bytes(8)));
        $site = $this;
        $this->services = [
            'config.factory' => new class ($site) {
                public function __construct(private readonly Site $site)
                {
                }

                public function get($name)
                {
                    return new ImmutableConfig($this->getEditable($name)->get());
                }

                public function getEditable($name)
                {
                    return $name === 'drush_io.settings' ? $this->site->settings : new Config([]);
                }
            },
            'current_user' => new TestUser([]),
            'csrf_token' => $this->csrf,
            'entity_type.manager' => new class ($site) implements EntityTypeManagerInterface {
                public function __construct(private readonly Site $site)
                {
                }

                public function getStorage($entity_type_id)
                {
                    $site = $this->site;
                    return new class ($site) implements EntityStorageInterface {
                        public function __construct(private readonly Site $site)
                        {
                        }

                        public function loadMultiple(?array $ids = null)
                        {
                            return $this->site->roles;
                        }
                    };
                }
            },
            'user.permissions' => new class () implements PermissionHandlerInterface {
                public function getPermissions()
                {
                    return ['access content' => [], 'administer nodes' => [], 'administer drush_io' => []] + \Drupal\drush_io\DrushIoPermissions::jobPermissions();
                }
            },
        ];
        if ($httpClient !== null) {
            $this->services['http_client'] = $httpClient;
        }
        \Drupal::$services = $this->services;
    }

    public function signIn(string ...$permissions): void
    {
        $this->services['current_user'] = \Drupal::$services['current_user'] = new TestUser($permissions);
    }

    /** The header token session/token hands this session's pages. */
    public function csrfToken(): string
    {
        return $this->csrf->get(CsrfRequestHeaderAccessCheck::TOKEN_KEY);
    }

    public function get(string $id, int $invalidBehavior = 1): ?object
    {
        return $this->services[$id] ?? throw new LogicException("the module asked for the service $id, which the tests do not provide");
    }
}

final class TestUser implements AccountInterface
{
    /** @param list<string> $permissions */
    public function __construct(private readonly array $permissions)
    {
    }

    public function hasPermission($permission)
    {
        return in_array($permission, $this->permissions, true);
    }

    public function isAuthenticated()
    {
        return $this->permissions !== [];
    }
}

final class TestRole implements RoleInterface
{
    public int $saved = 0;

    /** @param list<string> $permissions */
    public function __construct(public array $permissions)
    {
    }

    public function getPermissions()
    {
        return $this->permissions;
    }

    public function hasPermission($permission)
    {
        return in_array($permission, $this->permissions, true);
    }

    public function revokePermission($permission)
    {
        $this->permissions = array_values(array_diff($this->permissions, [$permission]));
        return $this;
    }

    public function save()
    {
        $this->saved++;
        return 2;
    }
}
