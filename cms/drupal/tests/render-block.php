<?php

declare(strict_types=1);

// Prints the HTML of the module's block, built by its PHP from the zip, for the browser
// tests of its script (tests/drupal/): php render-block.php JOBS_JSON PERMISSION...
// The render array is turned into HTML as Drupal's renderer does for the elements the
// block uses: html_tag, container, #prefix and #suffix, attributes escaped.
require __DIR__ . '/bootstrap.php';

use Drupal\drush_io\Plugin\Block\RunButtonsBlock;

function render_attributes(array $attributes): string
{
    $html = '';
    foreach ($attributes as $name => $value) {
        $value = is_array($value) ? implode(' ', $value) : (string) $value;
        $html .= ' ' . $name . '="' . htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8') . '"';
    }
    return $html;
}

function render_element(array $element): string
{
    $children = '';
    foreach ($element as $key => $child) {
        if (!str_starts_with((string) $key, '#') && is_array($child)) {
            $children .= render_element($child);
        }
    }
    $attributes = render_attributes($element['#attributes'] ?? []);
    $html = match ($element['#type'] ?? null) {
        'html_tag' => $element['#tag'] === 'input'
            ? '<input' . $attributes . '>'
            : '<' . $element['#tag'] . $attributes . '>' . htmlspecialchars((string) ($element['#value'] ?? ''), ENT_QUOTES) . $children . '</' . $element['#tag'] . '>',
        'container' => '<div' . $attributes . '>' . $children . '</div>',
        default => $children,
    };
    return ($element['#prefix'] ?? '') . $html . ($element['#suffix'] ?? '');
}

$site = new Site(json_decode($argv[1], true, 512, JSON_THROW_ON_ERROR));
$site->signIn(...array_slice($argv, 2));
$build = (new RunButtonsBlock())->build();
// The files Drupal puts in the page's head for the attached libraries, in their order.
$css = $js = [];
foreach ($build['#attached']['library'] ?? [] as $name) {
    [$module, $library] = explode('/', $name);
    $definition = Symfony\Component\Yaml\Yaml::parseFile(DRUSH_IO_MODULE . "/$module.libraries.yml")[$library];
    foreach ($definition['css'] ?? [] as $group) {
        array_push($css, ...array_keys($group));
    }
    foreach ($definition['js'] ?? [] as $file => $options) {
        $js[] = ['src' => $file, 'type' => $options['attributes']['type'] ?? null];
    }
}
echo json_encode(['html' => render_element($build), 'css' => $css, 'js' => $js]), "\n";
