package io.revcycle.plugin.host;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTests {

	@Test
	void exactNamesMatchThemselvesOnly() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.stripe.com"), Set.of());
		assertThat(hosts.allows("api.stripe.com", 443)).isTrue();
		assertThat(hosts.allows("API.Stripe.COM", 443)).isTrue();
		assertThat(hosts.allows("api.stripe.com.", 443)).isTrue();
		assertThat(hosts.allows("stripe.com", 443)).isFalse();
		assertThat(hosts.allows("files.api.stripe.com", 443)).isFalse();
		assertThat(hosts.allows("api.stripe.com.evil.net", 443)).isFalse();
	}

	@Test
	void aWildcardCoversTheDomainAndEveryNameUnderIt() {
		AllowedHosts hosts = AllowedHosts.of(List.of("*.hubapi.com"), List.of());
		assertThat(hosts.allows("hubapi.com", 443)).isTrue();
		assertThat(hosts.allows("api.hubapi.com", 443)).isTrue();
		assertThat(hosts.allows("a.b.hubapi.com", 443)).isTrue();
		assertThat(hosts.allows("evilhubapi.com", 443)).isFalse();
		assertThat(hosts.allows("hubapi.com.evil.net", 443)).isFalse();
	}

	@Test
	void operatorHostsAddToTheDeclaredOnes() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.example.com"), Set.of("localhost", "127.0.0.1", "::1"));
		assertThat(hosts.allows("api.example.com", 443)).isTrue();
		assertThat(hosts.allows("localhost", 443)).isTrue();
		assertThat(hosts.allows("127.0.0.1", 443)).isTrue();
		assertThat(hosts.allows("[::1]", 443)).isTrue();
		assertThat(hosts.allows("127.0.0.2", 443)).isFalse();
	}

	@Test
	void nothingMatchesABareStarOrAMissingHost() {
		AllowedHosts hosts = AllowedHosts.of(List.of("*", "*.", " "), List.of());
		assertThat(hosts.allows("example.com", 443)).isFalse();
		assertThat(hosts.allows(null, 443)).isFalse();
		assertThat(hosts.allows("", 443)).isFalse();
	}

	@Test
	void aBareHostMeansAnyPort() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.stripe.com", "*.hubapi.com"), Set.of("::1"));
		assertThat(hosts.allows("api.stripe.com", 443)).isTrue();
		assertThat(hosts.allows("api.stripe.com", 8443)).isTrue();
		assertThat(hosts.allows("api.hubapi.com", 80)).isTrue();
		assertThat(hosts.allows("::1", 9000)).isTrue();
		assertThat(hosts.allows("[::1]", 9001)).isTrue();
	}

	@Test
	void aHostWithAPortMeansThatPortOnly() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.example.com:8443", "*.fake.test:9000"),
				Set.of("localhost:8080", "[::1]:8081", "127.0.0.1:80"));
		assertThat(hosts.allows("api.example.com", 8443)).isTrue();
		assertThat(hosts.allows("api.example.com", 443)).isFalse();
		assertThat(hosts.allows("a.fake.test", 9000)).isTrue();
		assertThat(hosts.allows("fake.test", 9000)).isTrue();
		assertThat(hosts.allows("a.fake.test", 9001)).isFalse();
		assertThat(hosts.allows("LOCALHOST", 8080)).isTrue();
		assertThat(hosts.allows("localhost", 8081)).isFalse();
		assertThat(hosts.allows("[::1]", 8081)).isTrue();
		assertThat(hosts.allows("::1", 8080)).isFalse();
		assertThat(hosts.allows("127.0.0.1", 80)).isTrue();
		assertThat(hosts.allows("127.0.0.1", 443)).isFalse();
		assertThat(hosts)
			.hasToString("[*.fake.test:9000, 127.0.0.1:80, [::1]:8081, api.example.com:8443, localhost:8080]");
	}

	@Test
	void aPortAndAnyPortEntryForTheSameHostAllowAnyPort() {
		AllowedHosts hosts = AllowedHosts.of(Set.of("api.example.com"), Set.of("api.example.com:8080"));
		assertThat(hosts.allows("api.example.com", 8080)).isTrue();
		assertThat(hosts.allows("api.example.com", 443)).isTrue();
	}

	@Test
	void anEntryWithABadPortAllowsNothing() {
		AllowedHosts hosts = AllowedHosts.of(List.of("localhost:0", "localhost:70000", "localhost:http", "[::1]x"),
				List.of());
		assertThat(hosts.allows("localhost", 0)).isFalse();
		assertThat(hosts.allows("localhost", 80)).isFalse();
		assertThat(hosts.allows("localhost", 70000)).isFalse();
		assertThat(hosts.allows("::1", 80)).isFalse();
	}

}
