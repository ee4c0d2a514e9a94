package io.revcycle.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

import io.revcycle.webhooks.TargetPolicy.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address policy of outbound webhooks, as a unit: which addresses are refused and
 * why, with private targets refused (production) and allowed (tests, local stacks).
 */
class TargetPolicyTests {

	private final TargetPolicy production = new TargetPolicy(false, InetAddress::getAllByName);

	private final TargetPolicy permissive = new TargetPolicy(true, InetAddress::getAllByName);

	@ParameterizedTest
	@CsvSource({ "127.0.0.1, LOOPBACK", "127.10.20.30, LOOPBACK", "::1, LOOPBACK", "0.0.0.0, UNSPECIFIED",
			"::, UNSPECIFIED", "0.1.2.3, RESERVED", "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE",
			"172.16.0.1, PRIVATE", "172.31.255.254, PRIVATE", "192.168.0.10, PRIVATE", "100.64.0.1, SHARED",
			"100.127.255.254, SHARED", "169.254.169.254, METADATA", "169.254.170.2, METADATA",
			"168.63.129.16, METADATA", "100.100.100.200, METADATA", "192.0.0.192, METADATA", "169.254.10.1, LINK_LOCAL",
			"fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL", "fc00::1, PRIVATE", "fd12:3456:789a::1, PRIVATE",
			"fec0::1, PRIVATE", "fd00:ec2::254, METADATA", "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST",
			"ff02::1, MULTICAST", "255.255.255.255, RESERVED", "240.0.0.1, RESERVED", "192.0.2.10, RESERVED",
			"198.51.100.1, RESERVED", "203.0.113.5, RESERVED", "198.18.0.1, RESERVED", "2001:db8::1, RESERVED",
			"2001:0:4136:e378::1, RESERVED", "100::1, RESERVED",
			// IPv6 forms of IPv4 addresses are judged by the IPv4 address inside
			"::ffff:127.0.0.1, LOOPBACK", "::ffff:169.254.169.254, METADATA", "::ffff:10.1.1.1, PRIVATE",
			"::127.0.0.1, LOOPBACK", "::8.8.8.8, RESERVED", "64:ff9b::a00:1, PRIVATE", "64:ff9b::a9fe:a9fe, METADATA",
			"64:ff9b:1::1, PRIVATE", "2002:7f00:1::1, LOOPBACK", "2002:a9fe:a9fe::1, METADATA" })
	void nonPublicAddressesAreRefusedWithTheirKind(String address, Kind kind) throws UnknownHostException {
		InetAddress parsed = InetAddress.getByName(address);
		assertThat(TargetPolicy.kind(parsed)).isEqualTo(kind);
		assertThat(this.production.refused(parsed)).isEqualTo(kind);
		assertThatThrownBy(() -> this.production.resolve(address)).isInstanceOf(TargetPolicy.Refused.class)
			.hasMessageContaining(kind.words)
			.hasMessageEndingWith("webhooks are sent only to public internet addresses");
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
			"100.128.0.1", "169.253.255.255", "192.169.0.1", "223.255.255.254", "2606:4700:4700::1111",
			"2a00:1450:4001:80b::200e", "64:ff9b::808:808", "2002:808:808::1" })
	void publicAddressesAreAllowed(String address) throws UnknownHostException {
		InetAddress parsed = InetAddress.getByName(address);
		assertThat(TargetPolicy.kind(parsed)).isNull();
		assertThat(this.production.resolve(address)).containsExactly(parsed);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "100.64.0.1", "169.254.10.1", "fe80::1",
			"fd12::1" })
	void theOperatorSettingAllowsPrivateTargets(String address) throws UnknownHostException {
		assertThat(this.permissive.resolve(address)).containsExactly(InetAddress.getByName(address));
	}

	@ParameterizedTest
	@ValueSource(strings = { "169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "168.63.129.16" })
	void cloudMetadataIsRefusedEvenWhenPrivateTargetsAreAllowed(String address) {
		assertThatThrownBy(() -> this.permissive.resolve(address)).isInstanceOf(TargetPolicy.Refused.class)
			.hasMessageContaining("a cloud metadata service address")
			.hasMessageEndingWith("webhooks are never sent to cloud metadata services");
	}

	@Test
	void everyAddressOfANameIsChecked() throws UnknownHostException {
		Map<String, InetAddress[]> dns = Map.of("mixed.test",
				new InetAddress[] { InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7") },
				"public.test", new InetAddress[] { InetAddress.getByName("93.184.216.34") });
		TargetPolicy policy = new TargetPolicy(false, (host) -> lookUp(dns, host));
		assertThatThrownBy(() -> policy.resolve("mixed.test")).isInstanceOf(TargetPolicy.Refused.class)
			.hasMessage("mixed.test resolves to 10.0.0.7, a private network address; webhooks are sent only to "
					+ "public internet addresses");
		assertThat(policy.resolve("public.test")).hasSize(1);
		assertThatThrownBy(() -> policy.resolve("unknown.test")).isInstanceOf(UnknownHostException.class)
			.isNotInstanceOf(TargetPolicy.Refused.class);
	}

	@Test
	void aUrlIsJudgedByItsHost() {
		assertThat(this.production.problem(URI.create("http://169.254.169.254/latest/meta-data/")))
			.isEqualTo("169.254.169.254 is a cloud metadata service address; webhooks are sent only to public "
					+ "internet addresses");
		assertThat(this.production.problem(URI.create("https://[::1]:8443/hook")))
			.startsWith("::1 (0:0:0:0:0:0:0:1) is a loopback address");
		assertThat(this.production.problem(URI.create("https://93.184.216.34/hook"))).isNull();
		TargetPolicy noDns = new TargetPolicy(false, (host) -> {
			throw new UnknownHostException(host);
		});
		assertThat(noDns.problem(URI.create("https://not-yet-in-dns.example/hook")))
			.as("a name without an address yet is checked again at every delivery")
			.isNull();
	}

	private static InetAddress[] lookUp(Map<String, InetAddress[]> dns, String host) throws UnknownHostException {
		InetAddress[] found = dns.get(host);
		if (found == null) {
			throw new UnknownHostException(host);
		}
		return found;
	}

}
