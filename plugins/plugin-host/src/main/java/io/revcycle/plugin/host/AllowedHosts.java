package io.revcycle.plugin.host;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts a connector may call: exact names ({@code api.stripe.com}), and
 * {@code *.example.com} for {@code example.com} and every name under it, each on any
 * port; or on one port only, written {@code host:port} ({@code localhost:8080},
 * {@code *.example.com:8443}, {@code [::1]:8080}). Names compare without case and without
 * a trailing dot; an IPv6 literal compares without its brackets (written without them, as
 * {@code ::1}, it means any port). An entry that is none of these allows nothing.
 */
final class AllowedHosts {

	/** The port of an entry that allows every port. */
	private static final int ANY_PORT = -1;

	/** {@code [v6]:port}, or {@code name:port} where the name holds no colon. */
	private static final Pattern WITH_PORT = Pattern.compile("(?:\\[([^\\]]*)\\]|([^:\\[\\]]+)):(\\d{1,5})");

	private final Set<Entry> exact = new TreeSet<>();

	private final Set<Entry> domains = new TreeSet<>();

	private AllowedHosts() {
	}

	static AllowedHosts of(Collection<String> declared, Collection<String> extra) {
		AllowedHosts hosts = new AllowedHosts();
		declared.forEach(hosts::add);
		extra.forEach(hosts::add);
		return hosts;
	}

	private void add(String entry) {
		if (entry == null || entry.isBlank()) {
			return;
		}
		String name = entry.strip();
		int port = ANY_PORT;
		Matcher withPort = WITH_PORT.matcher(name);
		if (withPort.matches()) {
			port = Integer.parseInt(withPort.group(3));
			if (port < 1 || port > 65535) {
				return;
			}
			name = (withPort.group(1) != null) ? withPort.group(1) : withPort.group(2);
		}
		else if (name.startsWith("[") && !name.endsWith("]")) {
			// a bracketed IPv6 literal with something other than a port after it
			return;
		}
		name = normalize(name);
		if (name.startsWith("*.")) {
			String domain = name.substring(2);
			if (!domain.isEmpty() && !domain.contains("*")) {
				this.domains.add(new Entry(domain, port));
			}
		}
		else if (!name.isEmpty() && !name.contains("*")) {
			this.exact.add(new Entry(name, port));
		}
	}

	/**
	 * Whether a call to this host and port is allowed.
	 * @param host the host of a URI, or null
	 * @param port the port the call goes to: the URI's, or its scheme's default
	 * @return whether it matches an entry
	 */
	boolean allows(String host, int port) {
		if (host == null || host.isBlank()) {
			return false;
		}
		String name = normalize(host);
		for (Entry entry : this.exact) {
			if (entry.name().equals(name) && entry.allows(port)) {
				return true;
			}
		}
		for (Entry domain : this.domains) {
			if ((name.equals(domain.name()) || name.endsWith("." + domain.name())) && domain.allows(port)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		Set<String> all = new TreeSet<>();
		this.exact.forEach((e) -> all.add(e.toString()));
		this.domains.forEach((d) -> all.add("*." + d));
		return all.toString();
	}

	private static String normalize(String host) {
		String name = host.strip().toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		while (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		return name;
	}

	/** A name and the port it is allowed on, or {@link #ANY_PORT}. */
	private record Entry(String name, int port) implements Comparable<Entry> {

		boolean allows(int port) {
			return this.port == ANY_PORT || this.port == port;
		}

		@Override
		public int compareTo(Entry other) {
			int byName = this.name.compareTo(other.name);
			return (byName != 0) ? byName : Integer.compare(this.port, other.port);
		}

		@Override
		public String toString() {
			if (this.port == ANY_PORT) {
				return this.name;
			}
			return (this.name.contains(":") ? "[" + this.name + "]" : this.name) + ":" + this.port;
		}

	}

}
