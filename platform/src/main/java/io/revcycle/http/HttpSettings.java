package io.revcycle.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web edge's limits.
 *
 * @param maxBodyBytes the largest request body taken, in bytes (5 MiB by default)
 */
@ConfigurationProperties("revcycle.http")
record HttpSettings(@DefaultValue("5242880") long maxBodyBytes) {
}
