package io.revcycle.plugin.api;

/**
 * What is wrong with one field of a configuration.
 *
 * @param field the field's name
 * @param message what to fix, for example {@code is required} or
 * {@code must be an absolute http or https URL}; never repeats a secret value
 */
public record ConfigProblem(String field, String message) {
}
