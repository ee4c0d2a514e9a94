package io.revcycle.connectors;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.ApiTest;
import io.revcycle.plugin.testkit.Signatures;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web forms and SendGrid connectors, loaded from their built jars, end to end through
 * the platform's webhook address: raw bodies of other shapes than JSON, paths below the
 * instance, and signatures over what the sender sent.
 */
class ConnectorPluginsTests extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate tx;

	@Test
	void aWebFormPostBecomesAPersonWithItsCampaignAndTheSnippetIsServed() {
		SignedUp tenant = TestTenants.signUp(this.api, "forms");
		String id = instance(tenant, "webforms", Map.of("successUrl", "https://example.com/thanks"));
		String hook = "/hooks/" + tenant.slug() + "/" + id;
		String email = "lead@" + tenant.slug() + ".test";
		String form = "form=demo&email=" + email.replace("@", "%40")
				+ "&first_name=Lee&company=Initech&utm_campaign=spring-launch&utm_source=newsletter&_sid=submission-0001";
		ApiClient.Response json = this.api.send("POST", hook, form, "application/x-www-form-urlencoded", "Accept",
				"application/json");
		assertThat(json.status()).as(json.toString()).isEqualTo(200);
		assertThat(json.json().get("ok").asBoolean()).isTrue();
		ApiClient.Response again = this.api.send("POST", hook, form, "application/x-www-form-urlencoded");
		assertThat(again.status()).as("a plain HTML form is redirected").isEqualTo(303);
		assertThat(again.header("Location")).isEqualTo("https://example.com/thanks");

		List<Map<String, Object>> stored = TenantContext.callAs(tenant.id(),
				() -> this.tx.execute((status) -> this.jdbc
					.queryForList("select a.type, a.source, a.campaign, p.email, p.first_name from activities a "
							+ "join persons p on p.id = a.person_id")));
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0)).containsEntry("type", "form_submitted")
			.containsEntry("source", "webforms")
			.containsEntry("campaign", "spring-launch")
			.containsEntry("email", email)
			.containsEntry("first_name", "Lee");

		ApiClient.Response snippet = this.api.get(hook + "/snippet.js");
		assertThat(snippet.status()).isEqualTo(200);
		assertThat(snippet.contentType()).contains("javascript");
		assertThat(snippet.body()).contains(id).contains("data-revcycle-form");
		assertThat(this.api.send("POST", hook, "form=demo&company=NoOne", "application/x-www-form-urlencoded").status())
			.as("a post naming nobody is refused")
			.isEqualTo(400);
	}

	@Test
	void aSignedSendGridEventWebhookIsStoredOnceAndAForgedOneIsRefused() {
		SignedUp tenant = TestTenants.signUp(this.api, "sendgrid");
		KeyPair keys = Signatures.sendGridKeyPair();
		String id = instance(tenant, "sendgrid", Map.of("apiKey", "SG.test-key.platform-secret", "verificationKey",
				Signatures.sendGridPublicKey(keys.getPublic())));
		String hook = "/hooks/" + tenant.slug() + "/" + id;
		String email = "reader@" + tenant.slug() + ".test";
		long now = Instant.now().getEpochSecond();
		String events = """
				[{"email": "%s", "timestamp": %d, "event": "open", "sg_event_id": "sg-%s",
				  "sg_message_id": "msg-1.filter", "useragent": "Mozilla/5.0", "ip": "203.0.113.7"}]
				""".formatted(email, now, UUID.randomUUID());
		Instant at = Instant.ofEpochSecond(now);
		String signature = Signatures.sendGrid(keys.getPrivate(), at, events);
		String[] headers = { Signatures.SENDGRID_SIGNATURE_HEADER, signature, Signatures.SENDGRID_TIMESTAMP_HEADER,
				String.valueOf(now) };
		ApiClient.Response first = this.api.send("POST", hook, events, "application/json", headers);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
		assertThat(this.api.send("POST", hook, events, "application/json", headers).json().get("duplicates").asInt())
			.isEqualTo(1);
		ApiClient.Response forged = this.api.send("POST", hook, events.replace("open", "click"), "application/json",
				headers);
		assertThat(forged.status()).isEqualTo(400);
		JsonNode person = this.api.get("/api/v1/people?email=" + email, tenant.auth()).json().get("items").get(0);
		List<String> types = TenantContext.callAs(tenant.id(),
				() -> this.tx
					.execute((status) -> this.jdbc.queryForList("select type from activities where person_id = ?::uuid",
							String.class, person.get("id").asString())));
		assertThat(types).containsExactly("email_opened");
	}

	private String instance(SignedUp tenant, String connector, Map<String, Object> config) {
		ApiClient.Response created = this.api.post("/api/v1/connector-instances",
				Map.of("connectorId", connector, "name", connector, "config", config), tenant.auth());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

}
