package io.revcycle.connector.webforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.revcycle.plugin.api.CheckResult;
import io.revcycle.plugin.api.Connector;
import io.revcycle.plugin.api.ConstantTime;
import io.revcycle.plugin.api.ConnectorContext;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookRequest;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.api.WebhookResult.Reply;

/**
 * One web forms connector instance: {@code POST /hooks/{tenant}/{instance}} takes a form
 * post ({@code application/x-www-form-urlencoded} or JSON) and {@code GET
 * /hooks/{tenant}/{instance}/snippet.js} serves the snippet.
 * <p>
 * A post passes, in this order: the shared secret (when configured; a wrong or missing
 * one is refused), the form's rate limit (429 beyond it; counted by the host across its
 * replicas), the honeypot (filled: answered as a success, nothing stored), then it must
 * identify the person by an email or the snippet's anonymous id {@code _aid}. It becomes
 * one {@code form_submitted} event whose external id is the snippet's submission id
 * {@code _sid}, or a SHA-256 of the form name and raw body for plain HTML forms, so a
 * browser's double submit is stored once.
 */
final class WebFormsConnector implements Connector {

	static final String SNIPPET = "/snippet.js";

	static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

	/**
	 * The form fields the snippet and the connector reserve; never copied to the event.
	 */
	private static final List<String> RESERVED = List.of("form", "_aid", "_sid", "_secret", "_page");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");

	private static final Pattern FORM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:\\-]{0,63}");

	private static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9_\\-]{8,100}");

	/** The most unmapped fields kept on an event, and the longest value kept. */
	private static final int MAX_FIELDS = 50;

	private static final int MAX_VALUE = 2000;

	private final ConnectorContext context;

	private final FieldMapping mapping;

	WebFormsConnector(ConnectorContext context) {
		this.context = context;
		this.mapping = FieldMapping.parse(context.config().get("fieldMapping").orElse(FieldMapping.DEFAULT));
	}

	/** Nothing remote to reach: the forms come to us. */
	@Override
	public CheckResult check() {
		return CheckResult.ok("Ready: forms post to this connector's hook address");
	}

	@Override
	public WebhookResult handleWebhook(WebhookRequest request) {
		String path = Optional.ofNullable(request.uri().getPath()).orElse("");
		if ("GET".equalsIgnoreCase(request.method())) {
			if (path.endsWith(SNIPPET)) {
				return snippet(request, path);
			}
			return WebhookResult.reject("Forms post to this address; GET serves only " + SNIPPET);
		}
		if (!"POST".equalsIgnoreCase(request.method())) {
			return WebhookResult.reject(request.method() + " is not accepted: forms post to this address");
		}
		Map<String, List<String>> fields;
		try {
			fields = fields(request);
		}
		catch (IllegalArgumentException ex) {
			return WebhookResult.reject(ex.getMessage());
		}

		Optional<String> secret = this.context.config().get("sharedSecret").filter((s) -> !s.isEmpty());
		if (secret.isPresent()) {
			String given = request.header("X-Form-Secret").orElseGet(() -> first(fields, "_secret"));
			if (!ConstantTime.equal(secret.get(), given)) {
				return WebhookResult.reject("Missing or wrong shared secret: send it in the field _secret or the"
						+ " header X-Form-Secret");
			}
		}

		String form = Optional.ofNullable(first(fields, "form"))
			.or(() -> Optional.ofNullable(first(request.queryParameters(), "form")))
			.map(String::trim)
			.filter((f) -> !f.isEmpty())
			.orElse("default");
		if (!FORM_NAME.matcher(form).matches()) {
			return WebhookResult.reject("Field 'form' must be a name of up to 64 letters, digits, spaces or _.:-");
		}

		long perMinute = this.context.config().integer("rateLimitPerMinute", 30);
		Optional<Duration> wait = this.context.rateLimits().take("form:" + form, perMinute, Duration.ofMinutes(1));
		if (wait.isPresent()) {
			return WebhookResult.throttle("Form '" + form + "' takes at most " + perMinute + " posts a minute",
					wait.get());
		}

		String honeypot = this.context.config().get("honeypotField").orElse("_hp");
		if (first(fields, honeypot) != null && !first(fields, honeypot).isEmpty()) {
			this.context.logger().log(System.Logger.Level.DEBUG, "Dropped a post of form {0}: honeypot filled", form);
			return WebhookResult.accept(List.of(), success(request));
		}

		Event event;
		try {
			event = event(request, form, fields, honeypot);
		}
		catch (IllegalArgumentException ex) {
			return WebhookResult.reject(ex.getMessage());
		}
		return WebhookResult.accept(List.of(event), success(request));
	}

	private Event event(WebhookRequest request, String form, Map<String, List<String>> fields, String honeypot) {
		String email = this.mapping.valueFor("email", fields);
		String anonymousId = first(fields, "_aid");
		anonymousId = (anonymousId != null && !anonymousId.isBlank()) ? anonymousId.trim() : null;
		List<String> emailFields = this.mapping.fieldsFor("email");
		if (email == null && anonymousId == null) {
			throw new IllegalArgumentException("Missing field "
					+ (emailFields.isEmpty() ? "'email'"
							: String.join(" or ", emailFields.stream().map((f) -> "'" + f + "'").toList()))
					+ ": a post must carry the person's email, or the anonymous id '_aid' the snippet adds");
		}
		if (email != null && !EMAIL.matcher(email).matches()) {
			throw new IllegalArgumentException("Field '" + emailFields.get(0) + "' is not an email address");
		}
		if (anonymousId != null && anonymousId.length() > 100) {
			throw new IllegalArgumentException("Field '_aid' is longer than 100 characters");
		}
		Event.Person person = new Event.Person(email, clip(this.mapping.valueFor("firstName", fields)),
				clip(this.mapping.valueFor("lastName", fields)), clip(this.mapping.valueFor("title", fields)),
				clip(this.mapping.valueFor("phone", fields)), anonymousId, null);

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("form", form);
		for (String utm : UTM) {
			String value = Optional.ofNullable(first(fields, utm))
				.orElseGet(() -> first(request.queryParameters(), utm));
			if (value != null && !value.isBlank()) {
				properties.put(utm, clip(value.trim()));
			}
		}
		String page = Optional.ofNullable(first(fields, "_page"))
			.orElseGet(() -> request.header("Referer").orElse(null));
		if (page != null && !page.isBlank()) {
			properties.put("page", clip(page));
		}
		Event.Account account = account(fields, properties);
		Map<String, Object> other = new LinkedHashMap<>();
		fields.forEach((name, values) -> {
			if (this.mapping.maps(name) || RESERVED.contains(name) || UTM.contains(name) || name.equals(honeypot)
					|| other.size() >= MAX_FIELDS) {
				return;
			}
			List<String> kept = values.stream().map(WebFormsConnector::clip).toList();
			other.put(clip(name), (kept.size() == 1) ? kept.get(0) : kept);
		});
		if (!other.isEmpty()) {
			properties.put("fields", other);
		}

		Instant at = (request.receivedAt() != null) ? request.receivedAt() : this.context.clock().instant();
		Event event = Event.of(EventTypes.FORM_SUBMITTED, at, externalId(request, form, fields), person)
			.withProperties(properties);
		if (account != null) {
			event = event.withAccount(account);
		}
		Object campaign = properties.get("utm_campaign");
		return (campaign != null) ? event.withCampaign((String) campaign) : event;
	}

	private Event.Account account(Map<String, List<String>> fields, Map<String, Object> properties) {
		String name = clip(this.mapping.valueFor("account.name", fields));
		String domain = domain(this.mapping.valueFor("account.domain", fields));
		String industry = clip(this.mapping.valueFor("account.industry", fields));
		String country = this.mapping.valueFor("account.country", fields);
		if (country != null && !country.matches("[A-Za-z]{2}")) {
			// not an ISO 3166 code: kept as written, for a person to read
			properties.put("country", clip(country));
			country = null;
		}
		Integer employees = null;
		String employeesText = this.mapping.valueFor("account.employees", fields);
		if (employeesText != null) {
			String digits = employeesText.replaceAll("[,.\\s]", "");
			if (digits.matches("\\d{1,9}")) {
				employees = Integer.valueOf(digits);
			}
			else {
				properties.put("employees", clip(employeesText));
			}
		}
		if (name == null && domain == null && industry == null && country == null && employees == null) {
			return null;
		}
		return new Event.Account(domain, name, industry, employees, null,
				(country != null) ? country.toUpperCase(Locale.ROOT) : null);
	}

	/** {@code https://www.Acme.com/about} becomes {@code acme.com}. */
	static String domain(String website) {
		if (website == null || website.isBlank()) {
			return null;
		}
		String value = website.trim();
		if (value.contains("@")) {
			value = value.substring(value.lastIndexOf('@') + 1);
		}
		if (!value.contains("://")) {
			value = "http://" + value;
		}
		try {
			String host = URI.create(value).getHost();
			if (host == null) {
				return null;
			}
			host = host.toLowerCase(Locale.ROOT);
			return host.startsWith("www.") ? host.substring(4) : host;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private String externalId(WebhookRequest request, String form, Map<String, List<String>> fields) {
		String submission = first(fields, "_sid");
		if (submission != null && !submission.isBlank()) {
			if (!SUBMISSION_ID.matcher(submission.trim()).matches()) {
				throw new IllegalArgumentException("Field '_sid' must be 8 to 100 letters, digits, - or _");
			}
			return submission.trim();
		}
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(form.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
			sha256.update(request.body());
			return "sha256:" + HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	/**
	 * The answer to a stored (or silently dropped) post: JSON for senders that accept it,
	 * with CORS for the allowed origins; else a redirect to the thank-you page; else a
	 * small thank-you page of our own.
	 */
	private Reply success(WebhookRequest request) {
		boolean wantsJson = request.header("Accept").map((a) -> a.contains("application/json")).orElse(false)
				|| contentType(request).contains("json");
		if (wantsJson) {
			Map<String, String> headers = new LinkedHashMap<>();
			request.header("Origin").filter(this::allowed).ifPresent((origin) -> {
				headers.put("Access-Control-Allow-Origin", origin);
				headers.put("Vary", "Origin");
			});
			return new Reply(200, "application/json", "{\"ok\": true}".getBytes(StandardCharsets.UTF_8), headers);
		}
		Optional<String> successUrl = this.context.config().get("successUrl").filter((u) -> !u.isBlank());
		if (successUrl.isPresent()) {
			return Reply.redirect(URI.create(successUrl.get().trim()));
		}
		String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Thank you</title>"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
				+ "<body><p>Thank you! Your form was sent.</p></body></html>";
		return new Reply(200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), Map.of());
	}

	private boolean allowed(String origin) {
		String wanted = origin.trim().replaceAll("/+$", "");
		return this.context.config()
			.list("allowedOrigins")
			.stream()
			.map((o) -> o.replaceAll("/+$", ""))
			.anyMatch((o) -> o.equalsIgnoreCase(wanted));
	}

	private WebhookResult snippet(WebhookRequest request, String path) {
		String hookPath = path.substring(0, path.length() - SNIPPET.length());
		URI uri = request.uri();
		String endpoint = (uri.getScheme() != null && uri.getRawAuthority() != null)
				? uri.getScheme() + "://" + uri.getRawAuthority() + hookPath : hookPath;
		String script = snippetSource().replace("\"__ENDPOINT__\"", jsString(endpoint))
			.replace("\"__HONEYPOT__\"", jsString(this.context.config().get("honeypotField").orElse("_hp")));
		return WebhookResult.accept(List.of(),
				new Reply(200, "text/javascript; charset=utf-8", script.getBytes(StandardCharsets.UTF_8),
						Map.of("Cache-Control", "public, max-age=300", "X-Content-Type-Options", "nosniff")));
	}

	static String snippetSource() {
		try (InputStream in = WebFormsConnector.class.getResourceAsStream("snippet.js")) {
			if (in == null) {
				throw new IllegalStateException("snippet.js is missing from the plugin");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A JavaScript string literal that cannot end a script element. */
	private static String jsString(String value) {
		try {
			return JSON.writeValueAsString(value).replace("<", "\\u003c");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The post's fields, by content type. */
	private static Map<String, List<String>> fields(WebhookRequest request) {
		String type = contentType(request);
		if (type.contains("json")) {
			JsonNode body;
			try {
				body = JSON.readTree(request.body());
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("The body is not JSON");
			}
			if (body == null || !body.isObject()) {
				throw new IllegalArgumentException("A JSON post must be an object of form fields");
			}
			Map<String, List<String>> fields = new LinkedHashMap<>();
			body.properties().forEach((field) -> {
				JsonNode value = field.getValue();
				List<String> values = new ArrayList<>();
				if (value.isArray()) {
					value.forEach((v) -> {
						if (v.isValueNode() && !v.isNull()) {
							values.add(v.asText());
						}
					});
				}
				else if (value.isValueNode() && !value.isNull()) {
					values.add(value.asText());
				}
				if (!values.isEmpty()) {
					fields.put(field.getKey(), values);
				}
			});
			return fields;
		}
		if (type.startsWith("multipart/")) {
			throw new IllegalArgumentException("multipart/form-data is not accepted: remove enctype from the form, or"
					+ " post application/x-www-form-urlencoded or JSON");
		}
		if (!type.isEmpty() && !type.startsWith("application/x-www-form-urlencoded")) {
			throw new IllegalArgumentException(
					"Content type " + type + " is not accepted: post application/x-www-form-urlencoded or JSON");
		}
		return request.formFields();
	}

	private static String contentType(WebhookRequest request) {
		return request.header("Content-Type").map((t) -> t.toLowerCase(Locale.ROOT).trim()).orElse("");
	}

	private static String first(Map<String, List<String>> fields, String name) {
		List<String> values = fields.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static String clip(String value) {
		return (value == null || value.length() <= MAX_VALUE) ? value : value.substring(0, MAX_VALUE);
	}

}
