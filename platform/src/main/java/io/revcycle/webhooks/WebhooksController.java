package io.revcycle.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revcycle.kernel.Audited;
import io.revcycle.http.CursorPage;
import io.revcycle.kernel.InvalidInput;
import io.revcycle.http.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /api/v1/webhooks}, {@code GET|PATCH|DELETE /api/v1/webhooks/{id}} and
 * {@code GET /api/v1/webhooks/{id}/deliveries}. The signing secret is shown once, when
 * the endpoint is created or its secret rotated, and stored encrypted. Endpoint URLs must
 * reach a public internet address (see {@link TargetPolicy}).
 */
@RestController
@PreAuthorize("hasRole('tenant-admin')")
class WebhooksController {

	private final WebhookEndpoints endpoints;

	private final Deliveries deliveries;

	private final WebhookSubscriptions subscriptions;

	private final ApplicationEventPublisher events;

	WebhooksController(WebhookEndpoints endpoints, Deliveries deliveries, WebhookSubscriptions subscriptions,
			ApplicationEventPublisher events) {
		this.events = events;
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.subscriptions = subscriptions;
	}

	record NewEndpoint(
			@NotBlank(message = "is required") @Size(max = 2000,
					message = "must be at most 2000 characters") String url,
			@NotEmpty(message = "must name at least one event type") List<String> eventTypes,
			@Size(max = 500, message = "must be at most 500 characters") String description) {
	}

	/**
	 * A change to an endpoint: what is absent (or null) stays as it is.
	 *
	 * @param url a new URL
	 * @param eventTypes the event types it subscribes to, replacing the current ones
	 * @param description a new note; an empty one removes it
	 * @param active false disables the endpoint (its pending messages are dead-lettered),
	 * true enables it (also one its circuit breaker paused, with its circuit closed)
	 * @param rotateSecret true makes a new signing secret, answered once in
	 * {@code secret}; the previous one keeps signing too for a grace period
	 */
	record EndpointChange(@Size(max = 2000, message = "must be at most 2000 characters") String url,
			List<String> eventTypes, @Size(max = 500, message = "must be at most 500 characters") String description,
			Boolean active, Boolean rotateSecret) {
	}

	/**
	 * An endpoint as the API shows it.
	 *
	 * @param previousSecretExpiresAt until when deliveries are also signed with the
	 * secret before the last rotation, or null
	 * @param secret the signing secret, only in the answer that made it
	 * @param consecutiveFailures how many deliveries failed in a row (0 after a success)
	 * @param failingSince when those failures began, or null
	 * @param circuitOpenUntil until when its messages wait after failures in a row (then
	 * one attempt decides), or null
	 * @param pausedAt when it was paused for failing every delivery for days (then
	 * {@code active} is false until a tenant admin enables it), or null
	 * @param pausedReason why it was paused, or null
	 */
	record EndpointView(UUID id, String url, List<String> eventTypes, String description, boolean active,
			Instant createdAt, Instant updatedAt, Instant previousSecretExpiresAt,
			@JsonInclude(JsonInclude.Include.NON_NULL) String secret, int consecutiveFailures, Instant failingSince,
			Instant circuitOpenUntil, Instant pausedAt, String pausedReason) {

		static EndpointView of(WebhookEndpoint endpoint, String secret) {
			return new EndpointView(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.description(),
					endpoint.active(), endpoint.createdAt(), endpoint.updatedAt(), endpoint.previousSecretExpiresAt(),
					secret, endpoint.consecutiveFailures(), endpoint.failingSince(), endpoint.circuitOpenUntil(),
					endpoint.pausedAt(), endpoint.pausedReason());
		}

	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/webhooks")
	ResponseEntity<EndpointView> create(@Valid @RequestBody NewEndpoint request) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		URI url = this.subscriptions.url(request.url(), problems);
		List<String> types = WebhookSubscriptions.eventTypes(request.eventTypes(), problems);
		problems.throwIfAny();
		WebhookEndpoints.WithSecret created = this.endpoints.create(url.toString(), types,
				blankToNull(request.description()));
		this.events.publishEvent(new Audited("webhook.created", "webhook:" + created.endpoint().id(), null,
				EndpointView.of(created.endpoint(), null)));
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.endpoint().id()))
			.body(EndpointView.of(created.endpoint(), created.secret()));
	}

	@GetMapping("/api/v1/webhooks")
	CursorPage<EndpointView> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(
				this.endpoints.page((after != null) ? after.at() : null, (after != null) ? after.uuid() : null,
						size + 1),
				size, (e) -> new CursorPage.Position(e.createdAt(), e.id()), (e) -> EndpointView.of(e, null));
	}

	@GetMapping("/api/v1/webhooks/{id}")
	EndpointView get(@PathVariable UUID id) {
		return this.endpoints.find(id).map((e) -> EndpointView.of(e, null)).orElseThrow(() -> notFound(id));
	}

	@PatchMapping("/api/v1/webhooks/{id}")
	EndpointView change(@PathVariable UUID id, @Valid @RequestBody EndpointChange request) {
		InvalidInput.Collector problems = new InvalidInput.Collector();
		URI url = (request.url() != null) ? this.subscriptions.url(request.url(), problems) : null;
		List<String> types = (request.eventTypes() != null)
				? WebhookSubscriptions.eventTypes(request.eventTypes(), problems) : null;
		problems.throwIfAny();
		EndpointView before = get(id);
		EndpointView after = this.endpoints
			.change(id,
					new WebhookEndpoints.Change((url != null) ? url.toString() : null, types, request.description(),
							request.active(), Boolean.TRUE.equals(request.rotateSecret())))
			.map((changed) -> EndpointView.of(changed.endpoint(), changed.secret()))
			.orElseThrow(() -> notFound(id));
		this.events.publishEvent(
				new Audited(Boolean.TRUE.equals(request.rotateSecret()) ? "webhook.secret_rotated" : "webhook.changed",
						"webhook:" + id, before,
						new EndpointView(after.id(), after.url(), after.eventTypes(), after.description(),
								after.active(), after.createdAt(), before.updatedAt(), after.previousSecretExpiresAt(),
								null, after.consecutiveFailures(), after.failingSince(), after.circuitOpenUntil(),
								after.pausedAt(), after.pausedReason())));
		return after;
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/api/v1/webhooks/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		EndpointView before = get(id);
		if (!this.endpoints.delete(id)) {
			throw notFound(id);
		}
		this.events.publishEvent(new Audited("webhook.deleted", "webhook:" + id, before, null));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/webhooks/{id}/deliveries")
	CursorPage<Deliveries.Delivery> deliveries(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return this.deliveries
			.page(id, (after != null) ? after.at() : null, (after != null) ? after.uuid() : null, size + 1)
			.map((rows) -> CursorPage.of(rows, size, (d) -> new CursorPage.Position(d.at(), d.id()),
					Function.identity()))
			.orElseThrow(() -> notFound(id));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	private static RuntimeException notFound(UUID id) {
		return Problems.notFound("webhook endpoint", id);
	}

}
