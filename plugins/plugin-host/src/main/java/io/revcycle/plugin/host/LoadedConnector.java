package io.revcycle.plugin.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.api.ConnectorConfig;
import io.revcycle.plugin.api.ConnectorDescriptor;
import io.revcycle.plugin.api.ConnectorFactory;

/**
 * A connector plugin the host loaded and started: what the platform lists in its
 * connector catalogue and configures instances of.
 *
 * @param id the plugin id, equal to the descriptor's id
 * @param version the jar's {@code Plugin-Version}
 * @param jar the jar in the plugins directory
 * @param sha256 the jar's checksum, as on the allow-list
 * @param factory the connector's factory, an instance of the plugin's class
 * @param descriptor what the factory described when it was loaded, with the jar's
 * {@code Plugin-Version} and {@code Plugin-Requires} where it gave none
 * @param spec the factory's configuration specification, read when it was loaded
 */
public record LoadedConnector(String id, String version, Path jar, String sha256, ConnectorFactory factory,
		ConnectorDescriptor descriptor, ConfigSpec spec) {

	public LoadedConnector {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(factory, "factory");
		Objects.requireNonNull(descriptor, "descriptor");
		Objects.requireNonNull(spec, "spec");
	}

	/**
	 * Checks a configuration a tenant proposes: every field against the specification,
	 * then, when those pass, the factory's own checks with the defaults applied. The
	 * factory's check runs on the caller's thread; if it throws, the answer is one
	 * problem saying so (field {@code *}), never the exception's message. Every value the
	 * configuration gives a secret field is replaced by {@value Secrets#MASK} in the
	 * problems' messages.
	 * @param values the values as given, by field name
	 * @return the problems, each naming a field; empty when the configuration is usable
	 */
	public List<ConfigProblem> validate(Map<String, String> values) {
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(this.factory.getClass().getClassLoader());
		try {
			// a field's validator is the plugin's code too
			List<ConfigProblem> problems = this.spec.validate(values);
			if (problems.isEmpty()) {
				problems = this.factory.validate(this.spec.withDefaults(values));
			}
			if (problems == null || problems.isEmpty()) {
				return List.of();
			}
			Secrets secrets = Secrets.of(this.spec, values);
			return List.copyOf(problems.stream().map(secrets::mask).toList());
		}
		catch (RuntimeException ex) {
			return List.of(new ConfigProblem("*", "could not be checked: the connector failed with "
					+ ex.getClass().getName() + "; report this to the connector's provider"));
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	/**
	 * The configuration a connector instance receives: the values with the defaults
	 * applied.
	 * @param values validated values, by field name
	 * @return the configuration
	 */
	public ConnectorConfig resolve(Map<String, String> values) {
		return this.spec.withDefaults(values);
	}

}
