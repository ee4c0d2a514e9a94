package io.revcycle.sla;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the SLA clock runs.
 *
 * @param pollInterval how often the clock looks for due escalation steps (its schedule
 * reads {@code revcycle.sla.poll-interval} too)
 */
@ConfigurationProperties("revcycle.sla")
record SlaSettings(@DefaultValue("PT0.25S") Duration pollInterval) {
}
