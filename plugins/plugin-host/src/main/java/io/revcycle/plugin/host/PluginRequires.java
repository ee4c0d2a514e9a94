package io.revcycle.plugin.host;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

import io.revcycle.plugin.api.PluginApi;

/**
 * The rule a plugin's {@code Plugin-Requires} follows for the host to load it: the range
 * of plugin API versions the plugin was built for. A plugin built for one major version
 * of the API never loads on another, so the range must:
 * <ul>
 * <li>be given: a missing entry (which PF4J reads as {@code *}) and {@code *} are
 * refused;</li>
 * <li>be one range, in PF4J's expression language: {@code |} and {@code !} (so also
 * {@code !=}) are refused;</li>
 * <li>accept the host's plugin API version; a bare version such as {@code 1.0.0} means at
 * least that version, as PF4J reads it;</li>
 * <li>accept no version of another major version: for API 1.x it must exclude
 * {@code 2.0.0} and every {@code 0.x} version. {@code >=1.0.0} (and the bare
 * {@code 1.0.0}) is refused for having no upper bound, {@code >=1.0.0 & <2.0.0},
 * {@code ^1.0.0}, {@code ~1.2.0} or {@code 1.x} are fine.</li>
 * </ul>
 * Since a range without {@code |} and {@code !} is one interval, checking the versions at
 * both ends of the host's major version is enough. Pre-releases of the next major version
 * ({@code 2.0.0-rc.1}) are below {@code 2.0.0}, so {@code <2.0.0} accepts them, as
 * semantic versioning orders them.
 */
public final class PluginRequires {

	private static final Pattern BARE_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

	private static final Pattern MAJOR = Pattern.compile("(\\d+)\\..*");

	private static final VersionManager VERSIONS = new DefaultVersionManager();

	private PluginRequires() {
	}

	/**
	 * Why the host refuses a plugin with this {@code Plugin-Requires}, checked against
	 * the host's plugin API version ({@link PluginApi#VERSION}).
	 * @param requires the manifest's value, or null when it has none
	 * @return the reason, which follows the plugin's name ("declares ..." or "requires
	 * ..."), or empty when the range lets the plugin load
	 */
	public static Optional<String> problem(String requires) {
		return problem(requires, PluginApi.VERSION);
	}

	/**
	 * Why a host implementing this plugin API version refuses a plugin with this
	 * {@code Plugin-Requires}.
	 * @param requires the manifest's value, or null when it has none
	 * @param apiVersion the plugin API version of the host, such as {@code 1.0.0}
	 * @return the reason, or empty when the range lets the plugin load
	 */
	static Optional<String> problem(String requires, String apiVersion) {
		Matcher host = MAJOR.matcher(apiVersion);
		if (!host.matches()) {
			throw new IllegalArgumentException("Not a plugin API version: " + apiVersion);
		}
		long major = Long.parseLong(host.group(1));
		String nextMajor = (major + 1) + ".0.0";
		String advice = "; declare the plugin API range it was built for, e.g. >=" + major + ".0.0 & <" + nextMajor
				+ ": the host loads a plugin only when its range accepts plugin API " + apiVersion
				+ " and no version of another major version";
		String given = (requires != null) ? requires.strip() : "";
		if (given.isEmpty() || given.equals("*")) {
			// PF4J reads a missing entry as '*'
			return Optional.of("declares no plugin API range: its Plugin-Requires is missing or '*', which accepts "
					+ "any version" + advice);
		}
		if (given.contains("|") || given.contains("!")) {
			return Optional.of("declares Plugin-Requires '" + given + "', which is not one range ('|' and '!' are "
					+ "not accepted)" + advice);
		}
		// as PF4J reads it
		String expression = BARE_VERSION.matcher(given).matches() ? ">=" + given : given;
		String readAs = expression.equals(given) ? "" : " (which PF4J reads as '" + expression + "')";
		boolean accepted;
		try {
			accepted = VERSIONS.checkVersionConstraint(apiVersion, expression);
		}
		catch (RuntimeException ex) {
			return Optional
				.of("declares Plugin-Requires '" + given + "', which is not a valid version expression" + advice);
		}
		if (!accepted) {
			return Optional.of("requires plugin API '" + given + "'" + readAs + ", but this host implements plugin API "
					+ apiVersion + "; install a version of the plugin built for plugin API " + major + ".x");
		}
		if (VERSIONS.checkVersionConstraint(nextMajor, expression)) {
			return Optional.of("declares Plugin-Requires '" + given + "'" + readAs + ", which also accepts plugin API "
					+ nextMajor + ": it has no upper bound at or below the next major version" + advice);
		}
		if (major > 0) {
			String previous = (major - 1) + "." + Long.MAX_VALUE + "." + Long.MAX_VALUE;
			if (VERSIONS.checkVersionConstraint(previous, expression)) {
				return Optional.of("declares Plugin-Requires '" + given + "'" + readAs
						+ ", which also accepts plugin API versions " + (major - 1) + ".x: its lower bound is below "
						+ major + ".0.0" + advice);
			}
		}
		return Optional.empty();
	}

}
