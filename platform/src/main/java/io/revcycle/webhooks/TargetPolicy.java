package io.revcycle.webhooks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which addresses outbound webhooks may reach: only public internet addresses, so that a
 * tenant cannot make the platform call its own network (loopback, private and link-local
 * ranges, carrier-grade NAT, cloud metadata services, multicast, reserved ranges; IPv6
 * forms that embed an IPv4 address are judged by that address). A host is checked with
 * every address it resolves to: one refused address refuses the host.
 *
 * <p>
 * The operator setting {@code revcycle.webhooks.allow-private-targets} allows every
 * address except the cloud metadata services, whose credentials no webhook has any
 * business reaching.
 *
 * <p>
 * Checked when an endpoint is saved and again at every delivery, where
 * {@link #resolve(String)} is the only name resolution the connection uses: it connects
 * to one of the addresses checked, so a DNS answer that changes between the check and the
 * connection cannot lead it elsewhere.
 */
@Component
class TargetPolicy {

	/** What the policy refuses, in words a tenant admin understands. */
	enum Kind {

		UNSPECIFIED("the unspecified address"), LOOPBACK("a loopback address"), PRIVATE("a private network address"),
		LINK_LOCAL("a link-local address"), SHARED("a carrier-grade NAT (shared) address"),
		METADATA("a cloud metadata service address"), MULTICAST("a multicast address"),
		RESERVED("a reserved address that is not routed on the internet");

		final String words;

		Kind(String words) {
			this.words = words;
		}

	}

	/** Looks a host up: every address it has. */
	@FunctionalInterface
	interface Lookup {

		InetAddress[] all(String host) throws UnknownHostException;

	}

	/**
	 * A host refused by the policy. An {@link UnknownHostException} because, for the
	 * connection, the host has no address it may use.
	 */
	static final class Refused extends UnknownHostException {

		Refused(String message) {
			super(message);
		}

	}

	/**
	 * The metadata services of the big clouds: AWS, GCP, Azure, OpenStack and others at
	 * 169.254.169.254 (and fd00:ec2::254 on AWS over IPv6), the AWS container credentials
	 * endpoint, Azure's wire server, Alibaba Cloud and Oracle Cloud.
	 */
	private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "168.63.129.16",
			"100.100.100.200", "192.0.0.192", "fd00:ec2:0:0:0:0:0:254");

	private final boolean allowPrivate;

	private final Lookup lookup;

	@Autowired
	TargetPolicy(WebhookSettings settings) {
		this(settings.allowPrivateTargets(), InetAddress::getAllByName);
	}

	TargetPolicy(boolean allowPrivate, Lookup lookup) {
		this.allowPrivate = allowPrivate;
		this.lookup = lookup;
	}

	/**
	 * Resolves a host (a name or an address literal) to the addresses a delivery may
	 * connect to, all of them checked.
	 * @throws Refused when any of its addresses is refused, with a message that says
	 * which and why
	 * @throws UnknownHostException when the host has no address
	 */
	InetAddress[] resolve(String host) throws UnknownHostException {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress[] all = this.lookup.all(bare);
		if (all == null || all.length == 0) {
			throw new UnknownHostException(bare);
		}
		for (InetAddress address : all) {
			Kind kind = refused(address);
			if (kind != null) {
				String text = address.getHostAddress();
				String what;
				if (text.equalsIgnoreCase(bare)) {
					what = text + " is ";
				}
				else if (literal(bare)) {
					what = bare + " (" + text + ") is ";
				}
				else {
					what = bare + " resolves to " + text + ", ";
				}
				throw new Refused(what + kind.words + "; "
						+ (this.allowPrivate ? "webhooks are never sent to cloud metadata services"
								: "webhooks are sent only to public internet addresses"));
			}
		}
		return all;
	}

	/**
	 * Why a new or changed endpoint URL may not be used, or null when it may. A host
	 * without an address (yet) is accepted: every delivery checks again.
	 */
	String problem(URI url) {
		try {
			resolve(url.getHost());
			return null;
		}
		catch (Refused ex) {
			return ex.getMessage();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** What refuses an address under this policy, or null when webhooks may go there. */
	Kind refused(InetAddress address) {
		Kind kind = kind(address);
		return (kind == null || (this.allowPrivate && kind != Kind.METADATA)) ? null : kind;
	}

	/** What an address is, or null for a public internet address. */
	static Kind kind(InetAddress address) {
		if (METADATA.contains(address.getHostAddress().replaceAll("%.*$", ""))) {
			return Kind.METADATA;
		}
		byte[] bytes = address.getAddress();
		return (address instanceof Inet4Address) ? kind4(bytes) : kind6(bytes);
	}

	private static Kind kind4(byte[] b) {
		int a = b[0] & 0xff;
		int c = b[1] & 0xff;
		int d = b[2] & 0xff;
		if (METADATA.contains(a + "." + c + "." + d + "." + (b[3] & 0xff))) {
			return Kind.METADATA;
		}
		if (a == 0) {
			// 0.0.0.0/8, "this network"
			return (c == 0 && d == 0 && b[3] == 0) ? Kind.UNSPECIFIED : Kind.RESERVED;
		}
		if (a == 127) {
			return Kind.LOOPBACK;
		}
		if (a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)) {
			return Kind.PRIVATE;
		}
		if (a == 100 && (c & 0xc0) == 64) {
			return Kind.SHARED;
		}
		if (a == 169 && c == 254) {
			return Kind.LINK_LOCAL;
		}
		if (a >= 224 && a <= 239) {
			return Kind.MULTICAST;
		}
		// IETF protocol assignments, the documentation networks, benchmarking, 240/4 and
		// the broadcast address
		if ((a == 192 && c == 0 && (d == 0 || d == 2)) || (a == 198 && (c & 0xfe) == 18)
				|| (a == 198 && c == 51 && d == 100) || (a == 203 && c == 0 && d == 113) || a >= 240) {
			return Kind.RESERVED;
		}
		return null;
	}

	private static Kind kind6(byte[] b) {
		if (zero(b, 0, 16)) {
			return Kind.UNSPECIFIED;
		}
		if (zero(b, 0, 15) && b[15] == 1) {
			return Kind.LOOPBACK;
		}
		if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
			// IPv4-mapped
			return kind4(Arrays.copyOfRange(b, 12, 16));
		}
		if (zero(b, 0, 12)) {
			// IPv4-compatible (deprecated): never a public route
			Kind embedded = kind4(Arrays.copyOfRange(b, 12, 16));
			return (embedded != null) ? embedded : Kind.RESERVED;
		}
		int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
		int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
		if (first == 0x0064 && second == 0xff9b) {
			// NAT64: the well-known prefix reaches the embedded IPv4 address, the
			// local-use
			// one a private network
			return zero(b, 4, 12) ? kind4(Arrays.copyOfRange(b, 12, 16)) : Kind.PRIVATE;
		}
		if (first == 0x2002) {
			// 6to4: the IPv4 address of the relay in bytes 2 to 5
			return kind4(Arrays.copyOfRange(b, 2, 6));
		}
		if ((first & 0xfe00) == 0xfc00) {
			return Kind.PRIVATE;
		}
		if ((first & 0xffc0) == 0xfe80) {
			return Kind.LINK_LOCAL;
		}
		if ((first & 0xffc0) == 0xfec0) {
			// site-local (deprecated), private by definition
			return Kind.PRIVATE;
		}
		if ((first & 0xff00) == 0xff00) {
			return Kind.MULTICAST;
		}
		// Teredo (2001::/32, an obfuscated IPv4 inside) and documentation
		// (2001:db8::/32);
		// everything outside global unicast (2000::/3) is not on the internet either
		if ((first == 0x2001 && (second == 0x0000 || second == 0x0db8)) || (first & 0xe000) != 0x2000) {
			return Kind.RESERVED;
		}
		return null;
	}

	/** Whether a host is an address literal rather than a name. */
	private static boolean literal(String host) {
		return host.indexOf(':') >= 0 || host.chars().allMatch((c) -> c == '.' || (c >= '0' && c <= '9'));
	}

	private static boolean zero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
