package io.revcycle.connectors;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.tenancy.TenantSlugs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One runtime per connector instance in this replica, kept while the instance's
 * configuration is unchanged: its circuit breaker and bulkhead live as long as it does.
 * Every call through {@link #call} records a change of health on the instance, so a
 * plugin that throws or hangs shows as unhealthy in the API.
 */
@Component
class Runtimes implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Runtimes.class);

	private record Cached(Instant version, ConnectorRuntime runtime) {
	}

	private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

	private final Plugins plugins;

	private final Instances instances;

	private final TenantSlugs slugs;

	private final ConnectorSettings settings;

	private final Clock clock;

	private final TransactionTemplate tx;

	Runtimes(Plugins plugins, Instances instances, TenantSlugs slugs, ConnectorSettings settings, Clock clock,
			TransactionTemplate tx) {
		this.plugins = plugins;
		this.instances = instances;
		this.slugs = slugs;
		this.settings = settings;
		this.clock = clock;
		this.tx = tx;
	}

	CallPolicy policy() {
		return new CallPolicy(this.settings.callTimeout(), this.settings.failuresToOpen(), this.settings.openFor(),
				this.settings.maxConcurrentCalls());
	}

	/**
	 * An instance cannot run here: its connector is not installed (any more), or its
	 * secrets cannot be opened with this replica's key.
	 */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * The runtime of an instance, read in the current tenant's transaction.
	 * @throws Unavailable when the instance cannot run here
	 */
	ConnectorRuntime runtime(Instance instance) {
		Cached cached = this.cache.get(instance.id());
		if (cached != null && cached.version().equals(instance.updatedAt())) {
			return cached.runtime();
		}
		LoadedConnector connector = this.plugins.connector(instance.connectorId())
			.orElseThrow(() -> new Unavailable("connector '" + instance.connectorId() + "' is not installed", null));
		Map<String, String> values;
		try {
			values = this.instances.values(instance);
		}
		catch (IllegalStateException ex) {
			throw new Unavailable("its secrets cannot be opened with this platform's secrets key", ex);
		}
		ConnectorRuntime runtime = new ConnectorRuntime(connector, instance.id().toString(),
				this.slugs.slug(instance.tenantId()).orElse(""), connector.resolve(values),
				this.instances.cursors(instance.id()), this.clock, policy(), this.settings.extraAllowedHosts());
		Cached previous = this.cache.put(instance.id(), new Cached(instance.updatedAt(), runtime));
		if (previous != null) {
			previous.runtime().close();
		}
		return runtime;
	}

	/**
	 * A runtime for a configuration not saved yet (to check it); the caller closes it.
	 */
	ConnectorRuntime transientRuntime(LoadedConnector connector, Map<String, String> values) {
		return new ConnectorRuntime(connector, UUID.randomUUID().toString(), "", connector.resolve(values), Map.of(),
				this.clock, policy(), this.settings.extraAllowedHosts());
	}

	/**
	 * Calls an instance's runtime and records its health afterwards (in a transaction of
	 * its own, so a failed call's health is kept).
	 */
	<T> T call(Instance instance, Function<ConnectorRuntime, T> call) {
		ConnectorRuntime runtime = this.tx.execute((status) -> runtime(instance));
		try {
			return call.apply(runtime);
		}
		catch (ConnectorFailure ex) {
			log.warn("Connector {} instance {} failed: {} {}", instance.connectorId(), instance.id(), ex.kind(),
					ex.getMessage());
			throw ex;
		}
		finally {
			ConnectorRuntime.Health health = runtime.health();
			if (!health.state().equals(instance.health())
					|| (health.lastError() != null && !health.lastError().equals(instance.lastError()))) {
				this.tx.executeWithoutResult((status) -> this.instances.recordHealth(instance.id(), health));
			}
		}
	}

	/** Tells an instance's runtime that cursors it staged were committed. */
	void committed(Instance instance, Map<String, String> cursors) {
		Cached cached = this.cache.get(instance.id());
		if (cached != null && !cursors.isEmpty()) {
			cached.runtime().committed(cursors);
		}
	}

	/** Forgets an instance's runtime (deleted or reconfigured). */
	void forget(UUID instanceId) {
		Cached cached = this.cache.remove(instanceId);
		if (cached != null) {
			cached.runtime().close();
		}
	}

	@Override
	public void destroy() {
		this.cache.values().forEach((cached) -> cached.runtime().close());
		this.cache.clear();
	}

}
