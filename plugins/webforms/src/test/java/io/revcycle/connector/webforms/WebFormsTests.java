package io.revcycle.connector.webforms;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ConfigProblem;
import io.revcycle.plugin.api.Event;
import io.revcycle.plugin.api.EventTypes;
import io.revcycle.plugin.api.WebhookResult;
import io.revcycle.plugin.api.WebhookResult.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class WebFormsTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static final String SITE = "https://www.acme.com";

	private final WebFormsConnectorFactory factory = new WebFormsConnectorFactory();

	private final Map<String, String> config = new HashMap<>(Map.of("allowedOrigins", SITE + ", https://acme.io"));

	private TestContext context;

	private WebhookResult handle(Posts post) {
		if (this.context == null) {
			this.context = new TestContext(this.config, NOW);
		}
		return this.factory.create(this.context).handleWebhook(post.request());
	}

	private static Event only(WebhookResult result) {
		assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.ACCEPTED);
		assertThat(result.events()).hasSize(1);
		return result.events().get(0);
	}

	@Test
	void mapsFieldsUtmParametersAndTheAnonymousId() {
		Event event = only(handle(Posts.snippet(SITE, "form", "demo-request", "email", "ann@acme.com", "first_name",
				"Ann", "last_name", "Lee", "title", "CFO", "phone", "+49 30 1234", "company", "Acme GmbH", "website",
				"https://www.Acme.com/pricing", "country", "de", "message", "Call me", "utm_source", "linkedin",
				"utm_medium", "paid", "utm_campaign", "q4-demo", "utm_term", "revops", "utm_content", "video", "_aid",
				"a1b2c3d4-anon", "_sid", "0f8e2a4c-1111-4222-8333-944455556666", "_page",
				"https://www.acme.com/demo?utm_source=linkedin", "_hp", "")));

		assertThat(event.type()).isEqualTo(EventTypes.FORM_SUBMITTED);
		assertThat(event.externalId()).isEqualTo("0f8e2a4c-1111-4222-8333-944455556666");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
		assertThat(event.person())
			.isEqualTo(new Event.Person("ann@acme.com", "Ann", "Lee", "CFO", "+49 30 1234", "a1b2c3d4-anon", null));
		assertThat(event.account()).isEqualTo(new Event.Account("acme.com", "Acme GmbH", null, null, null, "DE"));
		assertThat(event.campaign()).isEqualTo("q4-demo");
		assertThat(event.properties()).containsOnly(entry("form", "demo-request"), entry("utm_source", "linkedin"),
				entry("utm_medium", "paid"), entry("utm_campaign", "q4-demo"), entry("utm_term", "revops"),
				entry("utm_content", "video"), entry("page", "https://www.acme.com/demo?utm_source=linkedin"),
				entry("fields", Map.of("message", "Call me")));
	}

	@Test
	void aCustomMappingAndAJsonBody() {
		this.config.put("fieldMapping", "work_email=email\nemail=email\norg=account.name, size=account.employees,"
				+ " sector=account.industry, land=account.country");
		Event event = only(handle(Posts.json("""
				{"form": "trial", "work_email": "bo@globex.io", "org": "Globex", "size": "1,200", "sector": "Energy",
				 "land": "Germany", "interests": ["billing", "forecasting"], "newsletter": true, "nested": {"x": 1}}
				""")));

		assertThat(event.person().email()).isEqualTo("bo@globex.io");
		assertThat(event.account()).isEqualTo(new Event.Account(null, "Globex", "Energy", 1200, null, null));
		assertThat(event.properties()).containsEntry("country", "Germany")
			.containsEntry("fields", Map.of("interests", List.of("billing", "forecasting"), "newsletter", "true"));
	}

	@Test
	void utmParametersOfThePostAddressCount() {
		Posts post = Posts.form("email", "ann@acme.com")
			.uri(java.net.URI.create(Posts.HOOK + "?form=newsletter&utm_source=google&utm_campaign=brand"));
		Event event = only(handle(post));
		assertThat(event.properties()).containsEntry("form", "newsletter").containsEntry("utm_source", "google");
		assertThat(event.campaign()).isEqualTo("brand");
	}

	@Test
	void anAnonymousVisitorIsEnough() {
		Event event = only(handle(Posts.snippet(SITE, "form", "pricing", "_aid", "anon-42-xyz", "seats", "12")));
		assertThat(event.person().email()).isNull();
		assertThat(event.person().anonymousId()).isEqualTo("anon-42-xyz");
		assertThat(event.person().identified()).isTrue();
		assertThat(event.account()).isNull();
	}

	@Test
	void aPostWithoutEmailOrAnonymousIdIsRefusedNamingTheField() {
		WebhookResult result = handle(Posts.form("first_name", "Ann"));
		assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(result.reason()).contains("'email'").contains("'_aid'");

		this.config.put("fieldMapping", "work_email=email");
		this.context = null;
		assertThat(handle(Posts.form("first_name", "Ann")).reason()).contains("'work_email'");
		assertThat(handle(Posts.form("work_email", "not an email")).reason()).contains("'work_email'")
			.contains("not an email address");
	}

	@Test
	void aFilledHoneypotIsAnsweredAsASuccessAndStoresNothing() {
		WebhookResult trapped = handle(Posts.snippet(SITE, "email", "bot@spam.test", "_hp", "http://spam.test"));
		WebhookResult real = handle(Posts.snippet(SITE, "email", "ann@acme.com", "_hp", ""));

		assertThat(trapped.outcome()).isEqualTo(Outcome.ACCEPTED);
		assertThat(trapped.events()).isEmpty();
		assertThat(trapped.reply()).usingRecursiveComparison().isEqualTo(real.reply());
		assertThat(real.events()).hasSize(1);

		this.config.put("honeypotField", "website_url");
		this.config.put("successUrl", "https://www.acme.com/thanks");
		this.context = null;
		WebhookResult plain = handle(Posts.form("email", "bot@spam.test", "website_url", "x"));
		assertThat(plain.events()).isEmpty();
		assertThat(plain.reply().status()).isEqualTo(303);
	}

	@Test
	void theThirtyFirstPostOfAMinuteIsThrottledUntilTheClockMoves() {
		for (int i = 0; i < 30; i++) {
			assertThat(handle(Posts.form("form", "contact", "email", "p" + i + "@acme.com")).outcome()).as("post " + i)
				.isEqualTo(Outcome.ACCEPTED);
		}
		WebhookResult throttled = handle(Posts.form("form", "contact", "email", "p31@acme.com"));
		assertThat(throttled.outcome()).isEqualTo(Outcome.THROTTLED);
		assertThat(throttled.events()).isEmpty();
		assertThat(throttled.reason()).contains("contact").contains("30");
		assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(2));

		// another form of the same instance has its own bucket
		assertThat(handle(Posts.form("form", "newsletter", "email", "n@acme.com")).outcome())
			.isEqualTo(Outcome.ACCEPTED);
		// another instance too
		TestContext other = new TestContext(this.config, NOW, "0b7e3f52-0000-4000-8000-000000000099");
		assertThat(this.factory.create(other)
			.handleWebhook(Posts.form("form", "contact", "email", "o@acme.com").request())
			.outcome()).isEqualTo(Outcome.ACCEPTED);

		this.context.clock.advance(Duration.ofSeconds(1));
		assertThat(handle(Posts.form("form", "contact", "email", "p31@acme.com")).outcome())
			.isEqualTo(Outcome.THROTTLED);
		this.context.clock.advance(Duration.ofSeconds(1));
		assertThat(handle(Posts.form("form", "contact", "email", "p31@acme.com")).outcome())
			.isEqualTo(Outcome.ACCEPTED);
		this.context.clock.advance(Duration.ofMinutes(1));
		for (int i = 0; i < 30; i++) {
			assertThat(handle(Posts.form("form", "contact", "email", "q" + i + "@acme.com")).outcome())
				.isEqualTo(Outcome.ACCEPTED);
		}
	}

	@Test
	void theLimitIsConfigurable() {
		this.config.put("rateLimitPerMinute", "2");
		assertThat(handle(Posts.form("email", "a@acme.com")).outcome()).isEqualTo(Outcome.ACCEPTED);
		assertThat(handle(Posts.form("email", "b@acme.com")).outcome()).isEqualTo(Outcome.ACCEPTED);
		WebhookResult third = handle(Posts.form("email", "c@acme.com"));
		assertThat(third.outcome()).isEqualTo(Outcome.THROTTLED);
		assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aConfiguredSharedSecretIsRequired() {
		this.config.put("sharedSecret", "s3cret-forms-2026");
		WebhookResult missing = handle(Posts.form("email", "ann@acme.com"));
		WebhookResult wrong = handle(Posts.form("email", "ann@acme.com", "_secret", "guess"));
		WebhookResult wrongHeader = handle(Posts.form("email", "ann@acme.com").header("X-Form-Secret", "s3cret"));

		assertThat(List.of(missing, wrong, wrongHeader)).allSatisfy((result) -> {
			assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
			assertThat(result.reason()).contains("shared secret").doesNotContain("s3cret-forms-2026");
		});

		Event byField = only(handle(Posts.form("email", "ann@acme.com", "_secret", "s3cret-forms-2026")));
		assertThat(byField.properties()).doesNotContainKey("fields");
		assertThat(byField.properties().toString()).doesNotContain("s3cret");
		only(handle(Posts.form("email", "bo@acme.com").header("X-Form-Secret", "s3cret-forms-2026")));
	}

	@Test
	void wrongSecretsDoNotUseUpTheRateLimit() {
		this.config.put("sharedSecret", "s3cret-forms-2026");
		this.config.put("rateLimitPerMinute", "1");
		for (int i = 0; i < 5; i++) {
			assertThat(handle(Posts.form("email", "x@acme.com", "_secret", "guess")).outcome())
				.isEqualTo(Outcome.REJECTED);
		}
		only(handle(Posts.form("email", "ann@acme.com", "_secret", "s3cret-forms-2026")));
	}

	@Test
	void plainFormsAreRedirectedToTheThankYouPage() {
		this.config.put("successUrl", "https://www.acme.com/thanks");
		WebhookResult result = handle(Posts.form("email", "ann@acme.com"));
		assertThat(result.reply().status()).isEqualTo(303);
		assertThat(result.reply().headers()).containsEntry("Location", "https://www.acme.com/thanks");
	}

	@Test
	void plainFormsWithoutAThankYouPageGetOne() {
		WebhookResult result = handle(Posts.form("email", "ann@acme.com"));
		assertThat(result.reply().status()).isEqualTo(200);
		assertThat(result.reply().contentType()).startsWith("text/html");
		assertThat(new String(result.reply().body(), StandardCharsets.UTF_8)).contains("Thank you");
	}

	@Test
	void jsonAnswersCarryCorsForAllowedOriginsOnly() {
		this.config.put("successUrl", "https://www.acme.com/thanks");
		WebhookResult allowed = handle(Posts.snippet(SITE, "email", "ann@acme.com"));
		assertThat(allowed.reply().status()).isEqualTo(200);
		assertThat(allowed.reply().contentType()).isEqualTo("application/json");
		assertThat(new String(allowed.reply().body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\": true}");
		assertThat(allowed.reply().headers()).containsEntry("Access-Control-Allow-Origin", SITE)
			.containsEntry("Vary", "Origin");

		WebhookResult other = handle(Posts.snippet("https://evil.test", "email", "bo@acme.com"));
		assertThat(other.reply().status()).isEqualTo(200);
		assertThat(other.reply().headers()).doesNotContainKey("Access-Control-Allow-Origin");
	}

	@Test
	void aDoubleSubmitIsOneEvent() {
		String[] fields = { "form", "contact", "email", "ann@acme.com", "_sid",
				"5d9c7b1e-aaaa-4bbb-8ccc-123456789abc" };
		String first = only(handle(Posts.snippet(SITE, fields))).externalId();
		String again = only(handle(Posts.snippet(SITE, fields))).externalId();
		assertThat(again).isEqualTo(first).isEqualTo("5d9c7b1e-aaaa-4bbb-8ccc-123456789abc");

		String plain = only(handle(Posts.form("email", "ann@acme.com", "message", "hi"))).externalId();
		assertThat(only(handle(Posts.form("email", "ann@acme.com", "message", "hi"))).externalId()).isEqualTo(plain)
			.startsWith("sha256:");
		assertThat(only(handle(Posts.form("email", "ann@acme.com", "message", "hello"))).externalId())
			.isNotEqualTo(plain);
		assertThat(only(handle(Posts.form("email", "ann@acme.com", "message", "hi")
			.uri(java.net.URI.create(Posts.HOOK + "?form=other")))).externalId()).isNotEqualTo(plain);
	}

	@Test
	void servesTheSnippet() {
		this.config.put("honeypotField", "hp_field");
		WebhookResult result = handle(Posts.get("/snippet.js"));

		assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
		assertThat(result.events()).isEmpty();
		assertThat(result.reply().status()).isEqualTo(200);
		assertThat(result.reply().contentType()).isEqualTo("text/javascript; charset=utf-8");
		String script = new String(result.reply().body(), StandardCharsets.UTF_8);
		assertThat(script).contains("var endpoint = \"" + Posts.HOOK + "\";")
			.contains("var honeypot = \"hp_field\";")
			.contains("form[data-revcycle-form]", "data-success-url", "fetch(endpoint", "method: \"POST\"",
					"new URLSearchParams(new FormData(form))", "\"Accept\": \"application/json\"", "crypto.randomUUID",
					"localStorage", "\"_aid\"", "\"_sid\"", "utm_source", "utm_medium", "utm_campaign", "utm_term",
					"utm_content")
			.doesNotContain("__ENDPOINT__", "__HONEYPOT__");
		assertThat(script.lines().count()).isLessThan(80);
	}

	@Test
	void otherGetsAreRefused() {
		assertThat(handle(Posts.get("")).outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(handle(Posts.get("/other.js")).reason()).contains("snippet.js");
	}

	@Test
	void bodiesItCannotReadAreRefused() {
		assertThat(handle(Posts.form().header("Content-Type", "multipart/form-data; boundary=x")).reason())
			.contains("multipart");
		assertThat(handle(Posts.json("not json")).reason()).contains("not JSON");
		assertThat(handle(Posts.json("[1,2]")).reason()).contains("object");
		assertThat(handle(Posts.form("form", "<script>", "email", "a@acme.com")).reason()).contains("'form'");
		assertThat(handle(Posts.form("email", "a@acme.com", "_sid", "x")).reason()).contains("'_sid'");
	}

	@Test
	void theConfigSpecChecksMappingOriginsAndLimit() {
		var spec = this.factory.configSpec();
		assertThat(spec.validate(Map.of())).isEmpty();
		assertThat(spec.validate(Map.of("fieldMapping", "email=mail"))).extracting(ConfigProblem::field)
			.containsExactly("fieldMapping");
		assertThat(spec.validate(Map.of("fieldMapping", "email"))).extracting(ConfigProblem::field)
			.containsExactly("fieldMapping");
		assertThat(spec.validate(Map.of("allowedOrigins", "https://www.acme.com/path")))
			.extracting(ConfigProblem::field)
			.containsExactly("allowedOrigins");
		assertThat(spec.validate(Map.of("rateLimitPerMinute", "0"))).extracting(ConfigProblem::field)
			.containsExactly("rateLimitPerMinute");
		assertThat(spec.validate(Map.of("successUrl", "/thanks"))).extracting(ConfigProblem::field)
			.containsExactly("successUrl");
		assertThat(spec.field("sharedSecret").orElseThrow().secret()).isTrue();
	}

	@Test
	void websitesBecomeDomains() {
		assertThat(WebFormsConnector.domain("https://www.Acme.com/pricing?x=1")).isEqualTo("acme.com");
		assertThat(WebFormsConnector.domain("globex.io")).isEqualTo("globex.io");
		assertThat(WebFormsConnector.domain("ann@initech.com")).isEqualTo("initech.com");
		assertThat(WebFormsConnector.domain(" ")).isNull();
	}

}
