package io.revcycle.webhooks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the platform sends outbound webhooks.
 *
 * @param allowPrivateTargets whether endpoints may be on loopback, private, link-local
 * and other non-public addresses (tests and local stacks; keep off in production, where
 * it would let a tenant reach the platform's own network). Cloud metadata addresses are
 * refused even when it is on.
 * @param connectTimeout the longest a connection to an endpoint may take to open
 * @param responseTimeout the longest an endpoint may take to answer (between any two
 * reads of its answer)
 * @param previousSecretGrace after a secret rotation, how long deliveries are signed with
 * the previous secret too (a second {@code v1} in the signature), so receivers can switch
 * without losing events; zero signs with the new secret only
 */
@ConfigurationProperties("revcycle.webhooks")
public record WebhookSettings(@DefaultValue("false") boolean allowPrivateTargets,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT10S") Duration responseTimeout,
		@DefaultValue("PT24H") Duration previousSecretGrace) {
}
