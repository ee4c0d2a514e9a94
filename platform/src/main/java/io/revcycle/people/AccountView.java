package io.revcycle.people;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An account as the API shows it.
 */
record AccountView(UUID id, String domain, String name, String industry, Integer employees, BigDecimal annualRevenue,
		String country, UUID ownerId, Instant createdAt, Instant updatedAt) {

	static AccountView of(Account account) {
		return new AccountView(account.id(), account.domain(), account.name(), account.industry(), account.employees(),
				account.annualRevenue(), account.country(), account.ownerId(), account.createdAt(),
				account.updatedAt());
	}

}
