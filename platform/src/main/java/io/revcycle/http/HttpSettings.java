package io.revcycle.http;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web edge's limits.
 *
 * @param maxBodyBytes the largest request body taken, in bytes (5 MiB by default)
 * @param maxUploadBytes the largest file a background job takes (2 GiB by default): the
 * body of a request that sends {@code Prefer: respond-async}, or of a POST to one of the
 * {@code uploadPaths}; it is stored as it arrives, never held in memory
 * @param uploadPaths the paths that always answer with a job
 */
@ConfigurationProperties("revcycle.http")
record HttpSettings(@DefaultValue("5242880") long maxBodyBytes, @DefaultValue("2147483648") long maxUploadBytes,
		@DefaultValue("/api/v1/events/import") List<String> uploadPaths) {
}
