<?php

declare(strict_types=1);

use Drupal\Core\Form\FormStateInterface;

/** The submitted values and what validation set, as Drupal's FormState keeps them. */
final class TestFormState implements FormStateInterface
{
    /** @var array<string, list<string>> rendered error messages by element name */
    public array $errors = [];

    /** @var array<string, mixed> */
    private array $storage = [];

    /** @param array<string, mixed> $values */
    public function __construct(private readonly array $values)
    {
    }

    public function getValue($key, $default = null)
    {
        return $this->values[$key] ?? $default;
    }

    public function setErrorByName($name, $message = '')
    {
        $this->errors[$name][] = (string) $message;
        return $this;
    }

    public function set($property, $value)
    {
        $this->storage[$property] = $value;
        return $this;
    }

    public function get($property)
    {
        return $this->storage[$property] ?? null;
    }
}
