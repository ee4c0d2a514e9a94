package io.revcycle.connectors;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.ingest.EventIntake;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.host.ConnectorFailure;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantSlugs;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/{tenantSlug}/{connectorInstanceId}}: webhooks from remote systems,
 * without a token: the connector verifies the sender's signature over the raw body. The
 * answer is 2xx only once the events are stored, so the sender retries whatever was not;
 * a refused webhook (bad or stale signature) answers 400 and stores nothing. GET requests
 * (a web form's script) reach the connector too.
 */
@RestController
class HooksController {

	private static final Logger log = LoggerFactory.getLogger(HooksController.class);

	private final TenantSlugs slugs;

	private final Instances instances;

	private final Runtimes runtimes;

	private final Intake intake;

	private final TransactionTemplate tx;

	private final ConnectorSettings settings;

	private final Clock clock;

	HooksController(TenantSlugs slugs, Instances instances, Runtimes runtimes, Intake intake, TransactionTemplate tx,
			ConnectorSettings settings, Clock clock) {
		this.slugs = slugs;
		this.instances = instances;
		this.runtimes = runtimes;
		this.intake = intake;
		this.tx = tx;
		this.settings = settings;
		this.clock = clock;
	}

	@RequestMapping(path = { "/hooks/{tenantSlug}/{instanceId}", "/hooks/{tenantSlug}/{instanceId}/**" },
			method = { RequestMethod.POST, RequestMethod.GET })
	ResponseEntity<?> receive(@PathVariable String tenantSlug, @PathVariable String instanceId,
			HttpServletRequest request) throws IOException {
		Optional<UUID> tenant = this.slugs.tenant(tenantSlug);
		UUID id = parse(instanceId);
		if (tenant.isEmpty() || id == null) {
			return problem(HttpStatus.NOT_FOUND, "No connector instance at this address.");
		}
		byte[] body = request.getInputStream().readAllBytes();
		return TenantContext.callAs(tenant.get(), () -> receive(id, request, body));
	}

	private ResponseEntity<?> receive(UUID id, HttpServletRequest request, byte[] body) {
		Instance instance = this.tx.execute((status) -> this.instances.find(id)).orElse(null);
		if (instance == null || !instance.enabled()) {
			return problem(HttpStatus.NOT_FOUND, "No connector instance at this address.");
		}
		WebhookRequest webhook = new WebhookRequest(request.getMethod(), publicUri(request), headers(request), body,
				request.getRemoteAddr(), this.clock.instant());
		ConnectorRuntime.Call<WebhookResult> call;
		try {
			call = this.runtimes.call(instance, (runtime) -> runtime.handleWebhook(webhook));
		}
		catch (Runtimes.Unavailable ex) {
			log.warn("Connector {} instance {} cannot take webhooks: {}", instance.connectorId(), instance.id(),
					ex.getMessage());
			return unavailable("The connector instance cannot run now (" + ex.getMessage()
					+ "); nothing was stored, send it again later.");
		}
		catch (ConnectorFailure ex) {
			return switch (ex.kind()) {
				case UNSUPPORTED -> problem(HttpStatus.METHOD_NOT_ALLOWED, "This connector takes no webhooks.");
				default -> unavailable("The connector could not handle the webhook (" + ex.kind().name().toLowerCase()
						+ "); nothing was stored, send it again later.");
			};
		}
		WebhookResult result = call.value();
		switch (result.outcome()) {
			case REJECTED:
				return problem(HttpStatus.BAD_REQUEST, "Webhook refused: " + result.reason());
			case THROTTLED:
				return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
					.header(HttpHeaders.RETRY_AFTER,
							String.valueOf(
									(result.retryAfter() != null) ? Math.max(1, result.retryAfter().toSeconds()) : 60))
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
							"Too many requests: " + result.reason()));
			default:
		}
		EventIntake.Outcome outcome;
		try {
			outcome = this.intake.store(instance, result.events(), call.cursors(), () -> {
			});
		}
		catch (ConnectorEvents.Invalid ex) {
			log.warn("Connector {} instance {} produced an invalid event: {}", instance.connectorId(), instance.id(),
					ex.getMessage());
			return problem(HttpStatus.BAD_GATEWAY, "The connector produced an event the engine cannot take ("
					+ ex.getMessage() + "); nothing was stored.");
		}
		if (result.reply() != null) {
			WebhookResult.Reply reply = result.reply();
			ResponseEntity.BodyBuilder answer = ResponseEntity.status(reply.status());
			reply.headers().forEach(answer::header);
			if (reply.contentType() != null) {
				answer.contentType(MediaType.parseMediaType(reply.contentType()));
			}
			return (reply.body() != null) ? answer.body(reply.body()) : answer.build();
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("accepted", outcome.accepted());
		answer.put("duplicates", outcome.duplicates());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
	}

	/**
	 * The URI the sender called, as it signed it: behind the gateway, its public address.
	 */
	private URI publicUri(HttpServletRequest request) {
		String base = this.settings.publicBaseUrl();
		if (base == null || base.isBlank()) {
			base = request.getScheme() + "://" + request.getServerName()
					+ ((request.getServerPort() == 80 || request.getServerPort() == 443) ? ""
							: ":" + request.getServerPort());
		}
		String query = request.getQueryString();
		return URI.create(base.replaceAll("/+$", "") + request.getRequestURI() + ((query != null) ? "?" + query : ""));
	}

	private static Map<String, List<String>> headers(HttpServletRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
		}
		return headers;
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static ResponseEntity<ProblemDetail> unavailable(String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
