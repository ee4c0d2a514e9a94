package io.revcycle.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a stopping replica waits for its background work.
 *
 * @param timeout the longest it waits for the work under way (an SLA batch, an outbox
 * delivery, a connector poll page) before it stops anyway; what is then still claimed is
 * taken over by another replica when its lease runs out
 */
@ConfigurationProperties("revcycle.drain")
public record DrainSettings(@DefaultValue("PT30S") Duration timeout) {
}
