package io.revcycle.connectors;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.host.CallPolicy;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.secrets.SecretBox;
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

	/** Threads for plugins' configuration rules; a rule that hangs holds one of them. */
	private final ExecutorService validations = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS,
			new SynchronousQueue<>(), (task) -> {
				Thread thread = new Thread(task, "connector-validation");
				thread.setDaemon(true);
				return thread;
			});

	private final Plugins plugins;

	private final Instances instances;

	private final TenantSlugs slugs;

	private final ConnectorSettings settings;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final RedisRateLimits rateLimits;

	Runtimes(Plugins plugins, Instances instances, TenantSlugs slugs, ConnectorSettings settings, Clock clock,
			TransactionTemplate tx, RedisRateLimits rateLimits) {
		this.rateLimits = rateLimits;
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
		List<ConnectorRuntime> replaced = new ArrayList<>(1);
		// one runtime per instance and configuration, even when the first calls race; a
		// configuration read before a change never replaces the newer one
		Cached current = this.cache.compute(instance.id(), (id, existing) -> {
			if (existing != null && !existing.version().isBefore(instance.updatedAt())) {
				return existing;
			}
			ConnectorRuntime fresh = create(instance);
			if (existing != null) {
				replaced.add(existing.runtime());
			}
			return new Cached(instance.updatedAt(), fresh);
		});
		replaced.forEach(Runtimes::closeLater);
		return current.runtime();
	}

	private ConnectorRuntime create(Instance instance) {
		LoadedConnector connector = this.plugins.connector(instance.connectorId())
			.orElseThrow(() -> new Unavailable("connector '" + instance.connectorId() + "' is not installed", null));
		Map<String, String> values;
		try {
			values = this.instances.values(instance);
		}
		catch (SecretBox.Unreadable ex) {
			log.warn("Connector instance {} of tenant {}: {}", instance.id(), instance.tenantId(), ex.getMessage());
			throw new Unavailable("its secrets cannot be opened with this platform's secrets key", ex);
		}
		return new ConnectorRuntime(connector, instance.id().toString(),
				this.slugs.slug(instance.tenantId()).orElse(""), connector.resolve(values),
				this.instances.cursors(instance.id()), this.clock, policy(), this.settings.extraAllowedHosts(), null,
				this.rateLimits.forInstance(instance.tenantId(), instance.id()));
	}

	/**
	 * Closes a replaced runtime without making anyone wait: closing waits for the calls
	 * under way.
	 */
	private static void closeLater(ConnectorRuntime runtime) {
		CompletableFuture.runAsync(runtime::close);
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
		catch (IllegalStateException ex) {
			// the host's own refusal: this runtime was closed because the instance was
			// reconfigured or deleted while the call was on its way
			throw new Unavailable("the instance was reconfigured meanwhile; try again", ex);
		}
		catch (ConnectorFailure ex) {
			if (ex.kind() == ConnectorFailure.Kind.CIRCUIT_OPEN || ex.kind() == ConnectorFailure.Kind.BUSY) {
				// no call was made: the instance's health says why, and a line per
				// refused
				// call would let a broken plugin flood the log (24,700 lines a minute in
				// the
				// fault harness)
				log.debug("Connector {} instance {} refused a call: {} {}", instance.connectorId(), instance.id(),
						ex.kind(), ex.getMessage());
			}
			else {
				log.warn("Connector {} instance {} failed: {} {}", instance.connectorId(), instance.id(), ex.kind(),
						ex.getMessage());
			}
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

	/**
	 * Validates a configuration against a connector's spec and its own rules, on a thread
	 * of its own with the call timeout: the rules are plugin code.
	 * @return the problems, each naming a field ({@code *} when the connector did not
	 * answer)
	 */
	List<ConfigProblem> validate(LoadedConnector connector, Map<String, String> values) {
		Future<List<ConfigProblem>> checked;
		try {
			checked = this.validations.submit(() -> connector.validate(values));
		}
		catch (RejectedExecutionException ex) {
			return List.of(new ConfigProblem("*", "the connector is busy checking other configurations; try again"));
		}
		try {
			return checked.get(this.settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			checked.cancel(true);
			return List.of(new ConfigProblem("*", "the connector did not check the configuration within "
					+ this.settings.callTimeout().toSeconds() + " s"));
		}
		catch (ExecutionException ex) {
			return List.of(new ConfigProblem("*", "the connector failed to check the configuration"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of(new ConfigProblem("*", "interrupted"));
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
			closeLater(cached.runtime());
		}
	}

	@Override
	public void destroy() {
		this.validations.shutdownNow();
		this.cache.values().forEach((cached) -> cached.runtime().close());
		this.cache.clear();
	}

}
