<?php

declare(strict_types=1);

defined('ABSPATH') || exit;

/**
 * A job's capability must be one a role of this site holds: a mistyped one would hide the
 * job from everyone, the administrator included, and a meta capability such as
 * `edit_post` needs an object (a post) that a job does not have.
 */
final class Drush_Io_Capabilities
{
    /** Why `$capability` cannot guard a job, or null. */
    public static function problem(string $capability): ?string
    {
        $held = self::held();
        if (isset($held[$capability])) {
            return null;
        }
        if (wp_roles()->is_role($capability)) {
            /* translators: %s: a role's name that was typed as a capability */
            return sprintf(__('"%s" is a role, not a capability: give a capability its roles hold, such as edit_posts.', 'drush-io'), $capability);
        }
        if (isset($held[$capability . 's'])) {
            /* translators: 1: a capability checked against one post, 2: the general capability */
            return sprintf(__('"%1$s" is checked against one post or user; for a job use "%2$s".', 'drush-io'), $capability, $capability . 's');
        }
        /* translators: %s: the capability typed */
        return sprintf(__('No role of this site has the capability "%s". Give one such as manage_options or edit_posts.', 'drush-io'), $capability);
    }

    /** @return array<string, true> every capability a role of this site grants */
    private static function held(): array
    {
        $held = [];
        foreach (wp_roles()->roles as $role) {
            foreach ((array) ($role['capabilities'] ?? []) as $name => $granted) {
                if ($granted) {
                    $held[(string) $name] = true;
                }
            }
        }
        return $held;
    }
}
