package io.revcycle.plugin.host;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host names a connector may call: exact names ({@code api.stripe.com}), and
 * {@code *.example.com} for {@code example.com} and every name under it. Names compare
 * without case and without a trailing dot; an IPv6 literal compares without its brackets.
 */
final class AllowedHosts {

	private final Set<String> exact = new TreeSet<>();

	private final Set<String> domains = new TreeSet<>();

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
		String name = normalize(entry);
		if (name.startsWith("*.")) {
			String domain = name.substring(2);
			if (!domain.isEmpty() && !domain.contains("*")) {
				this.domains.add(domain);
			}
		}
		else if (!name.contains("*")) {
			this.exact.add(name);
		}
	}

	/**
	 * Whether a call to this host name is allowed.
	 * @param host the host of a URI, or null
	 * @return whether it matches an entry
	 */
	boolean allows(String host) {
		if (host == null || host.isBlank()) {
			return false;
		}
		String name = normalize(host);
		if (this.exact.contains(name)) {
			return true;
		}
		for (String domain : this.domains) {
			if (name.equals(domain) || name.endsWith("." + domain)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		Set<String> all = new TreeSet<>(this.exact);
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

}
