package io.revcycle.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox retries.
 *
 * @param maxAttempts attempts before a message is dead-lettered
 * @param baseDelay the delay after the first failure; it doubles after each further one
 * (with jitter of +-50 %)
 * @param maxDelay the longest delay between attempts
 * @param lease how long a claimed message is reserved for the replica that claimed it
 * @param batch how many due messages of one tenant a claim takes (the oldest due first);
 * a claim takes as many tenants as there are idle workers
 * @param pollInterval how often the dispatcher looks for due messages
 * @param concurrency how many workers deliver at once; each works for one tenant at a
 * time, so a tenant whose endpoints are slow or dead holds at most one of them
 */
@ConfigurationProperties("revcycle.outbox")
public record OutboxSettings(@DefaultValue("8") int maxAttempts, @DefaultValue("PT2S") Duration baseDelay,
		@DefaultValue("PT1H") Duration maxDelay, @DefaultValue("PT1M") Duration lease, @DefaultValue("50") int batch,
		@DefaultValue("PT0.5S") Duration pollInterval, @DefaultValue("8") int concurrency) {
}
