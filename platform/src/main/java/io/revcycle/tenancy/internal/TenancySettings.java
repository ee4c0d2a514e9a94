package io.revcycle.tenancy.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy's settings.
 *
 * @param operatorToken the secret operators send in {@code X-Operator-Token} to the
 * {@code /operator/**} endpoints (tenant checks and repairs); when blank, those endpoints
 * are disabled
 * @param membershipCache how long a caller's membership (its roles in a tenant) is reused
 * before it is read again; changes made through this instance apply at once, changes made
 * through another instance within this time
 */
@ConfigurationProperties("revcycle.tenancy")
record TenancySettings(String operatorToken, @DefaultValue("PT10S") Duration membershipCache) {

	/** Whether operators can call the {@code /operator/**} endpoints. */
	boolean operatorEnabled() {
		return this.operatorToken != null && !this.operatorToken.isBlank();
	}

}
