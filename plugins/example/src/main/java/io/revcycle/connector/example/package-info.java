/**
 * The example connector of the partner guide ({@code docs/plugins.md}).
 */
package io.revcycle.connector.example;
