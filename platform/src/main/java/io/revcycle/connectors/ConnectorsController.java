package io.revcycle.connectors;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.plugin.host.LoadedConnector;
import io.revcycle.secrets.SecretBox;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantSlugs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/connectors} (the installed connectors, with their configuration
 * specs) and {@code /api/v1/connector-instances} (a tenant's configured connectors; the
 * tenant admin's). Configuration is validated against the connector's spec, field by
 * field; secret values are stored encrypted and never returned: an instance shows which
 * secrets are set, not what they are.
 */
@RestController
class ConnectorsController {

	private final Plugins plugins;

	private final Instances instances;

	private final Runtimes runtimes;

	private final Actions actions;

	private final Poller poller;

	private final TenantSlugs slugs;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	ConnectorsController(Plugins plugins, Instances instances, Runtimes runtimes, Actions actions, Poller poller,
			TenantSlugs slugs, TransactionTemplate tx, ApplicationEventPublisher events) {
		this.events = events;
		this.plugins = plugins;
		this.instances = instances;
		this.runtimes = runtimes;
		this.actions = actions;
		this.poller = poller;
		this.slugs = slugs;
		this.tx = tx;
	}

	/** A configuration that does not fit the connector's spec; names every field. */
	static final class InvalidConfig extends RuntimeException {

		private final List<ConfigProblem> problems;

		InvalidConfig(List<ConfigProblem> problems) {
			super("config: " + problems.stream().map((p) -> p.field() + " " + p.message()).toList());
			this.problems = problems;
		}

	}

	@ExceptionHandler(InvalidConfig.class)
	ResponseEntity<ProblemDetail> invalid(InvalidConfig ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				String.join("; ", ex.problems.stream().map((p) -> "config." + p.field() + ": " + p.message()).toList())
						+ ".");
		problem.setTitle("Invalid connector configuration");
		problem.setProperty("errors",
				ex.problems.stream()
					.map((p) -> Map.of("field", "config." + p.field(), "message", p.message()))
					.toList());
		return ResponseEntity.badRequest().body(problem);
	}

	/** The installed connectors, by id. */
	@GetMapping("/api/v1/connectors")
	CursorPage<ConnectorViews.Connector> connectors(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		List<LoadedConnector> rows = this.plugins.connectors()
			.stream()
			.sorted(java.util.Comparator.comparing(LoadedConnector::id))
			.filter((c) -> after == null || c.id().compareTo(after.id()) > 0)
			.limit(size + 1L)
			.toList();
		return CursorPage.of(rows, size, (c) -> new CursorPage.Position(java.time.Instant.EPOCH, c.id()),
				ConnectorViews.Connector::of);
	}

	record NewInstance(
			@NotBlank(message = "is required") @Size(max = 64,
					message = "must be at most 64 characters") String connectorId,
			@NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String name,
			Map<String, Object> config, @Min(value = 10, message = "must be at least 10") @Max(value = 86400,
					message = "must be at most 86400") Integer pollEverySeconds,
			Boolean check) {
	}

	record ChangedInstance(
			@NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String name,
			Map<String, Object> config, @Min(value = 10, message = "must be at least 10") @Max(value = 86400,
					message = "must be at most 86400") Integer pollEverySeconds,
			Boolean enabled) {
	}

	record NewAction(
			@NotBlank(message = "is required") @Pattern(regexp = "[a-z][a-z0-9_]{0,63}",
					message = "must be an action type such as send_email") String type,
			@NotBlank(message = "is required (the same for every retry of this request)") @Size(max = 200,
					message = "must be at most 200 characters") String idempotencyKey,
			Map<String, Object> input) {
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/connector-instances")
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<ConnectorViews.InstanceView> create(@Valid @RequestBody NewInstance request) {
		LoadedConnector connector = this.plugins.connector(request.connectorId())
			.orElseThrow(() -> Problems.badRequest("connectorId: no connector '" + request.connectorId()
					+ "' is installed; GET /api/v1/connectors lists them."));
		Map<String, String> values = strings(request.config());
		validate(connector, values);
		if (Boolean.TRUE.equals(request.check())) {
			CheckResult result = check(connector, values);
			if (!result.ok()) {
				throw Problems.badRequest("The connector could not reach its system with this configuration: "
						+ result.message() + ". Fix the configuration, or create it without \"check\": true.");
			}
		}
		Instance instance = this.tx.execute((status) -> this.instances.create(connector.id(), request.name(),
				connector.spec(), values, request.pollEverySeconds()));
		ConnectorViews.InstanceView created = this.tx.execute((status) -> view(instance, slug()));
		this.events.publishEvent(
				new Audited("connector_instance.created", "connector-instance:" + instance.id(), null, created));
		return ResponseEntity.created(URI.create("/api/v1/connector-instances/" + instance.id())).body(created);
	}

	@GetMapping("/api/v1/connector-instances")
	@PreAuthorize("hasRole('tenant-admin')")
	CursorPage<ConnectorViews.InstanceView> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		String slug = slug();
		return this.tx
			.execute((status) -> CursorPage.of(
					this.instances.page((after != null) ? after.at() : null, (after != null) ? after.uuid() : null,
							size + 1),
					size, (i) -> new CursorPage.Position(i.createdAt(), i.id()), (i) -> view(i, slug)));
	}

	@GetMapping("/api/v1/connector-instances/{id}")
	@PreAuthorize("hasRole('tenant-admin')")
	ConnectorViews.InstanceView get(@PathVariable UUID id) {
		return this.tx.execute((status) -> view(find(id), slug()));
	}

	@PutMapping("/api/v1/connector-instances/{id}")
	@PreAuthorize("hasRole('tenant-admin')")
	ConnectorViews.InstanceView update(@PathVariable UUID id, @Valid @RequestBody ChangedInstance request) {
		Instance instance = this.tx.execute((status) -> find(id));
		ConnectorViews.InstanceView before = this.tx.execute((status) -> view(instance, slug()));
		LoadedConnector connector = connector(instance);
		Map<String, String> values = new LinkedHashMap<>(strings(request.config()));
		// secrets are never shown, so a client that sends the configuration back without
		// them keeps them
		List<String> missing = connector.spec()
			.fields()
			.stream()
			.filter((field) -> field.secret() && !values.containsKey(field.name()))
			.map(ConfigField::name)
			.toList();
		if (!missing.isEmpty()) {
			Map<String, String> stored;
			try {
				stored = this.tx.execute((status) -> this.instances.values(instance));
			}
			catch (SecretBox.Unreadable ex) {
				throw Problems.conflict("The stored secrets cannot be opened with this platform's secrets key: send "
						+ "the secret fields " + missing + " again.");
			}
			missing.stream().filter(stored::containsKey).forEach((name) -> values.put(name, stored.get(name)));
		}
		validate(connector, values);
		ConnectorViews.InstanceView view = this.tx
			.execute((status) -> view(this.instances.update(instance, request.name(), connector.spec(), values,
					request.pollEverySeconds(), !Boolean.FALSE.equals(request.enabled())), slug()));
		this.runtimes.forget(id);
		this.events.publishEvent(new Audited("connector_instance.changed", "connector-instance:" + id, before, view));
		return view;
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/api/v1/connector-instances/{id}")
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		boolean deleted = Boolean.TRUE.equals(this.tx.execute((status) -> this.instances.delete(id)));
		if (!deleted) {
			throw Problems.notFound("connector instance", id);
		}
		this.runtimes.forget(id);
		this.events.publishEvent(Audited.of("connector_instance.deleted", "connector-instance:" + id));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/connector-instances/{id}/check")
	@PreAuthorize("hasRole('tenant-admin')")
	ConnectorViews.Check check(@PathVariable UUID id) {
		Instance instance = this.tx.execute((status) -> find(id));
		CheckResult result;
		try {
			result = this.runtimes.call(instance, ConnectorRuntime::check).value();
		}
		catch (Runtimes.Unavailable ex) {
			result = CheckResult.failed(ex.getMessage());
		}
		catch (ConnectorFailure ex) {
			result = CheckResult.failed(ex.kind().name().toLowerCase() + ": " + ex.getMessage());
		}
		return new ConnectorViews.Check(result.ok(), result.message());
	}

	@PostMapping("/api/v1/connector-instances/{id}/poll")
	@PreAuthorize("hasRole('tenant-admin')")
	ConnectorViews.InstanceView pollNow(@PathVariable UUID id) {
		Instance instance = this.tx.execute((status) -> find(id));
		if (instance.pollEverySeconds() == null) {
			throw Problems.conflict("This instance is not polled: set pollEverySeconds first.");
		}
		this.poller.pollOne(id);
		return this.tx.execute((status) -> view(find(id), slug()));
	}

	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping("/api/v1/connector-instances/{id}/actions")
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<Actions.View> act(@PathVariable UUID id, @Valid @RequestBody NewAction request) {
		Actions.Requested requested = this.tx.execute((status) -> {
			Instance instance = find(id);
			LoadedConnector connector = connector(instance);
			if (!connector.descriptor().actions().contains(request.type())) {
				throw Problems.badRequest("type: connector '" + connector.id() + "' performs "
						+ connector.descriptor().actions() + ", not '" + request.type() + "'.");
			}
			return this.actions.request(instance, request.type(), request.idempotencyKey(),
					(request.input() != null) ? request.input() : Map.of());
		});
		return ResponseEntity.status(requested.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.body(requested.action());
	}

	@GetMapping("/api/v1/connector-instances/{id}/actions")
	@PreAuthorize("hasRole('tenant-admin')")
	CursorPage<Actions.View> actions(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return this.tx.execute((status) -> {
			find(id);
			return CursorPage.of(this.actions.page(id, after, size + 1), size,
					(a) -> new CursorPage.Position(a.createdAt(), a.id()), (a) -> a);
		});
	}

	private Instance find(UUID id) {
		return this.instances.find(id).orElseThrow(() -> Problems.notFound("connector instance", id));
	}

	private LoadedConnector connector(Instance instance) {
		return this.plugins.connector(instance.connectorId())
			.orElseThrow(() -> Problems.conflict("Connector '" + instance.connectorId()
					+ "' is no longer installed; ask the operator to install it again."));
	}

	private CheckResult check(LoadedConnector connector, Map<String, String> values) {
		try (ConnectorRuntime runtime = this.runtimes.transientRuntime(connector, values)) {
			return runtime.check().value();
		}
		catch (ConnectorFailure ex) {
			return CheckResult.failed(ex.kind().name().toLowerCase() + ": " + ex.getMessage());
		}
	}

	private void validate(LoadedConnector connector, Map<String, String> values) {
		List<ConfigProblem> problems = this.runtimes.validate(connector, values);
		if (!problems.isEmpty()) {
			throw new InvalidConfig(problems);
		}
	}

	/** JSON scalars as the strings a configuration holds; anything else is refused. */
	private static Map<String, String> strings(Map<String, Object> config) {
		Map<String, String> values = new LinkedHashMap<>();
		List<ConfigProblem> problems = new ArrayList<>();
		if (config != null) {
			config.forEach((name, value) -> {
				if (value == null) {
					return;
				}
				if (value instanceof String || value instanceof Boolean || value instanceof Integer
						|| value instanceof Long || value instanceof BigDecimal) {
					values.put(name, String.valueOf(value));
				}
				else if (value instanceof List<?> list && list.stream().allMatch((v) -> v instanceof String)) {
					values.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
				}
				else {
					problems.add(new ConfigProblem(name, "must be a string, number, boolean or list of strings"));
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new InvalidConfig(problems);
		}
		return values;
	}

	private String slug() {
		return this.slugs.slug(TenantContext.require()).orElse("?");
	}

	private ConnectorViews.InstanceView view(Instance instance, String slug) {
		List<String> secretsSet;
		String secretsProblem = null;
		try {
			secretsSet = this.instances.secretsSet(instance);
		}
		catch (SecretBox.Unreadable ex) {
			secretsSet = List.of();
			secretsProblem = "The secrets were sealed with another secrets key: set them again.";
		}
		return new ConnectorViews.InstanceView(instance.id(), instance.connectorId(), instance.name(),
				instance.settings(), secretsSet, secretsProblem, instance.enabled(), instance.pollEverySeconds(),
				new ConnectorViews.Health(instance.health(), "HEALTHY".equals(instance.health()), instance.lastError(),
						instance.healthSince()),
				"/hooks/" + slug + "/" + instance.id(), instance.createdAt(), instance.updatedAt());
	}

}
