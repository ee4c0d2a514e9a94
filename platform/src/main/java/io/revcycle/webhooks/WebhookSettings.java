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
 * @param breakerFailures after how many failed deliveries in a row an endpoint's circuit
 * opens: its messages wait, and one attempt is made when the circuit's time is up
 * @param breakerCooldown how long the circuit stays open the first time; it doubles each
 * time the attempt after it fails
 * @param breakerMaxCooldown the longest the circuit stays open at a time
 * @param pauseAfter how long an endpoint may fail every delivery before it is paused
 * (disabled, its pending messages dead-lettered, the tenant's admins notified), as Stripe
 * disables an endpoint after days of failures; a tenant admin enables it again
 */
@ConfigurationProperties("revcycle.webhooks")
public record WebhookSettings(@DefaultValue("false") boolean allowPrivateTargets,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT10S") Duration responseTimeout,
		@DefaultValue("PT24H") Duration previousSecretGrace, @DefaultValue("5") int breakerFailures,
		@DefaultValue("PT1M") Duration breakerCooldown, @DefaultValue("PT1H") Duration breakerMaxCooldown,
		@DefaultValue("P3D") Duration pauseAfter) {
}
