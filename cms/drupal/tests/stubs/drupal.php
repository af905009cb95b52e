<?php

declare(strict_types=1);

// The few Drupal core classes and interfaces the module's PHP uses, with their real names
// and signatures and just enough behaviour to run it: Drupal core cannot be installed here
// (Packagist only). Guzzle and Symfony's HttpFoundation are the real libraries (Debian's).
// What the module calls that is not here fails the tests, so this list is also the
// module's whole surface of Drupal's API.

namespace Symfony\Component\DependencyInjection {
    interface ContainerInterface
    {
        public function get(string $id, int $invalidBehavior = 1): ?object;
    }
}

namespace Drupal\Component\Render {
    interface MarkupInterface extends \Stringable
    {
    }
}

namespace Drupal\Component\Utility {
    final class Html
    {
        /** @var array<string, int> */
        public static array $seenIds = [];

        public static function escape(string $text): string
        {
            return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        }

        public static function getId(string $id): string
        {
            $id = str_replace([' ', '_', '[', ']'], ['-', '-', '-', ''], mb_strtolower($id));
            $id = (string) preg_replace('/[^A-Za-z0-9\-_]/', '', $id);
            return (string) preg_replace('/\-+/', '-', $id);
        }

        public static function getUniqueId(string $id): string
        {
            $id = self::getId($id);
            if (isset(self::$seenIds[$id])) {
                $id .= '--' . ++self::$seenIds[$id];
            } else {
                self::$seenIds[$id] = 1;
            }
            return $id;
        }
    }
}

namespace Drupal\Core\Render {
    use Drupal\Component\Render\MarkupInterface;

    final class Markup implements MarkupInterface
    {
        private function __construct(private readonly string $string)
        {
        }

        public static function create(string $string): self
        {
            return new self($string);
        }

        public function __toString(): string
        {
            return $this->string;
        }
    }
}

namespace Drupal\Core\StringTranslation {
    use Drupal\Component\Render\MarkupInterface;
    use Drupal\Component\Utility\Html;

    /** Formats as FormattableMarkup does: `@name` escaped, `%name` escaped and emphasised. */
    final class TranslatableMarkup implements MarkupInterface
    {
        /** @var list<string> every string t() was given, for the tests to read */
        public static array $literals = [];

        public function __construct(private readonly string $string, private readonly array $arguments = [], array $options = [])
        {
            self::$literals[] = $string;
        }

        public function getUntranslatedString(): string
        {
            return $this->string;
        }

        public function getArguments(): array
        {
            return $this->arguments;
        }

        public function __toString(): string
        {
            $replace = [];
            foreach ($this->arguments as $key => $value) {
                $value = $value instanceof MarkupInterface ? (string) $value : Html::escape((string) $value);
                $replace[$key] = str_starts_with($key, '%') ? '<em class="placeholder">' . $value . '</em>' : $value;
            }
            return strtr($this->string, $replace);
        }
    }

    trait StringTranslationTrait
    {
        protected function t($string, array $args = [], array $options = [])
        {
            return new TranslatableMarkup($string, $args, $options);
        }
    }
}

namespace Drupal\Core\Site {
    final class Settings
    {
        private static ?self $instance = null;

        public function __construct(private readonly array $storage)
        {
            self::$instance = $this;
        }

        public static function get($name, $default = null)
        {
            return self::$instance->storage[$name] ?? $default;
        }
    }
}

namespace Drupal\Core\Config {
    class ImmutableConfig
    {
        public function __construct(protected array $data)
        {
        }

        public function get($key = '')
        {
            return $key === '' ? $this->data : ($this->data[$key] ?? null);
        }
    }

    final class Config extends ImmutableConfig
    {
        public int $saved = 0;

        public function set($key, $value)
        {
            $this->data[$key] = $value;
            return $this;
        }

        public function save($has_trusted_data = false)
        {
            $this->saved++;
            return $this;
        }
    }
}

namespace Drupal\Core\Access {
    final class CsrfRequestHeaderAccessCheck
    {
        public const TOKEN_KEY = 'X-CSRF-Token request header';
    }

    /** Tokens are an HMAC of the key over the session's seed, as in core. */
    class CsrfTokenGenerator
    {
        public function __construct(public string $seed)
        {
        }

        public function get($value = '')
        {
            return rtrim(strtr(base64_encode(hash_hmac('sha256', (string) $value, $this->seed, true)), '+/', '-_'), '=');
        }

        public function validate($token, $value = '')
        {
            return $token === $this->get($value);
        }
    }
}

namespace Drupal\Core\Session {
    interface AccountInterface
    {
        public function hasPermission($permission);

        public function isAuthenticated();
    }
}

namespace Drupal\Core\Controller {
    use Drupal\Core\StringTranslation\StringTranslationTrait;
    use Symfony\Component\DependencyInjection\ContainerInterface;

    abstract class ControllerBase
    {
        use StringTranslationTrait;

        public static function create(ContainerInterface $container)
        {
            return new static();
        }

        protected function config($name)
        {
            return \Drupal::config($name);
        }

        protected function currentUser()
        {
            return \Drupal::currentUser();
        }
    }
}

namespace Drupal\Core\Form {
    use Drupal\Core\StringTranslation\StringTranslationTrait;
    use Symfony\Component\DependencyInjection\ContainerInterface;

    interface FormStateInterface
    {
        public function getValue($key, $default = null);

        public function setErrorByName($name, $message = '');

        public function set($property, $value);

        public function get($property);
    }

    abstract class ConfigFormBase
    {
        use StringTranslationTrait;

        public function __construct(protected $configFactory)
        {
        }

        public static function create(ContainerInterface $container)
        {
            return new static($container->get('config.factory'));
        }

        abstract protected function getEditableConfigNames();

        protected function config($name)
        {
            return $this->configFactory->getEditable($name);
        }

        public function buildForm(array $form, FormStateInterface $form_state)
        {
            $form['actions']['submit'] = ['#type' => 'submit', '#value' => $this->t('Save configuration')];
            return $form;
        }

        public function submitForm(array &$form, FormStateInterface $form_state)
        {
        }
    }
}

namespace Drupal\Core\Entity {
    interface EntityStorageInterface
    {
        public function loadMultiple(?array $ids = null);
    }

    interface EntityTypeManagerInterface
    {
        public function getStorage($entity_type_id);
    }
}

namespace Drupal\user {
    interface RoleInterface
    {
        public function getPermissions();

        public function hasPermission($permission);

        public function revokePermission($permission);

        public function save();
    }

    interface PermissionHandlerInterface
    {
        public function getPermissions();
    }
}

namespace Drupal\Core\Block {
    abstract class BlockBase
    {
        abstract public function build();
    }
}

namespace Drupal\Core {
    use Symfony\Component\Yaml\Yaml;

    /** Paths from the module's own routing.yml, on a site at the web root. */
    final class Url
    {
        private function __construct(private readonly string $path)
        {
        }

        public static function fromRoute($route_name, $route_parameters = [], $options = [])
        {
            $routes = Yaml::parseFile(DRUSH_IO_MODULE . '/drush_io.routing.yml');
            $path = $routes[$route_name]['path'];
            foreach ($route_parameters as $name => $value) {
                $path = str_replace('{' . $name . '}', rawurlencode((string) $value), $path);
            }
            return new self($path);
        }

        public function toString($collect_bubbleable_metadata = false)
        {
            return $this->path;
        }
    }
}

namespace {
    use Drupal\Core\StringTranslation\TranslatableMarkup;

    // core/includes/install.inc, loaded by the status report before hook_requirements().
    const REQUIREMENT_INFO = -1;
    const REQUIREMENT_OK = 0;
    const REQUIREMENT_WARNING = 1;
    const REQUIREMENT_ERROR = 2;

    /** The service container's static face, as the module's code reaches it. */
    final class Drupal
    {
        /** @var array<string, mixed> */
        public static array $services = [];

        public static function config($name)
        {
            return self::$services['config.factory']->get($name);
        }

        public static function currentUser()
        {
            return self::$services['current_user'];
        }
    }

    function t($string, array $args = [], array $options = [])
    {
        return new TranslatableMarkup($string, $args, $options);
    }
}
