package io.revcycle.plugin.host;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTests {

	@Test
	void exactNamesMatchThemselvesOnly() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.stripe.com"), Set.of());
		assertThat(hosts.allows("api.stripe.com")).isTrue();
		assertThat(hosts.allows("API.Stripe.COM")).isTrue();
		assertThat(hosts.allows("api.stripe.com.")).isTrue();
		assertThat(hosts.allows("stripe.com")).isFalse();
		assertThat(hosts.allows("files.api.stripe.com")).isFalse();
		assertThat(hosts.allows("api.stripe.com.evil.net")).isFalse();
	}

	@Test
	void aWildcardCoversTheDomainAndEveryNameUnderIt() {
		AllowedHosts hosts = AllowedHosts.of(List.of("*.hubapi.com"), List.of());
		assertThat(hosts.allows("hubapi.com")).isTrue();
		assertThat(hosts.allows("api.hubapi.com")).isTrue();
		assertThat(hosts.allows("a.b.hubapi.com")).isTrue();
		assertThat(hosts.allows("evilhubapi.com")).isFalse();
		assertThat(hosts.allows("hubapi.com.evil.net")).isFalse();
	}

	@Test
	void operatorHostsAddToTheDeclaredOnes() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.example.com"), Set.of("localhost", "127.0.0.1", "::1"));
		assertThat(hosts.allows("api.example.com")).isTrue();
		assertThat(hosts.allows("localhost")).isTrue();
		assertThat(hosts.allows("127.0.0.1")).isTrue();
		assertThat(hosts.allows("[::1]")).isTrue();
		assertThat(hosts.allows("127.0.0.2")).isFalse();
	}

	@Test
	void nothingMatchesABareStarOrAMissingHost() {
		AllowedHosts hosts = AllowedHosts.of(List.of("*", "*.", " "), List.of());
		assertThat(hosts.allows("example.com")).isFalse();
		assertThat(hosts.allows(null)).isFalse();
		assertThat(hosts.allows("")).isFalse();
	}

}
