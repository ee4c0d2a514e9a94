package io.revcycle.people;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleApiTests extends ApiTest {

	@Test
	void invalidPeopleAreRefusedWithWhatToFix() {
		SignedUp tenant = TestTenants.signUp(this.api, "people-bad");
		ApiClient.Response response = this.api.post("/api/v1/people", Map.of("email", "not-an-email"), tenant.auth());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("email");
		assertThat(response.body()).doesNotContain("Exception");

		ApiClient.Response wrongType = this.api.post("/api/v1/people", "{\"email\": [1, 2]}", tenant.auth());
		assertThat(wrongType.status()).isEqualTo(400);
		assertThat(wrongType.json().get("detail").asString()).contains("email").doesNotContain("io.revcycle");

		assertThat(this.api.get("/api/v1/people/not-a-uuid", tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/people?limit=0", tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/people?limit=501", tenant.auth()).status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/people?cursor=bogus", tenant.auth()).status()).isEqualTo(400);
	}

	@Test
	void aSecondPersonWithTheSameEmailInAnyCaseIsAConflict() {
		SignedUp tenant = TestTenants.signUp(this.api, "people-dup");
		assertThat(this.api.post("/api/v1/people", Map.of("email", "dup@example.com"), tenant.auth()).status())
			.isEqualTo(201);
		ApiClient.Response again = this.api.post("/api/v1/people", Map.of("email", "DUP@example.com"), tenant.auth());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size()).isEqualTo(1);
	}

	@Test
	void listsArePagedWithACursorNewestFirst() {
		SignedUp tenant = TestTenants.signUp(this.api, "people-page");
		for (int i = 0; i < 5; i++) {
			assertThat(
					this.api.post("/api/v1/people", Map.of("email", "p" + i + "@example.com"), tenant.auth()).status())
				.isEqualTo(201);
		}
		Set<String> seen = new HashSet<>();
		ApiClient.Response first = this.api.get("/api/v1/people?limit=2", tenant.auth());
		JsonNode page = first.json();
		assertThat(page.get("items").size()).isEqualTo(2);
		assertThat(page.get("items").get(0).get("email").asString()).isEqualTo("p4@example.com");
		page.get("items").forEach((item) -> seen.add(item.get("id").asString()));
		String cursor = page.get("nextCursor").asString();
		int pages = 1;
		while (cursor != null) {
			page = this.api.get("/api/v1/people?limit=2&cursor=" + cursor, tenant.auth()).json();
			page.get("items").forEach((item) -> assertThat(seen.add(item.get("id").asString())).isTrue());
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
			pages++;
		}
		assertThat(seen).hasSize(5);
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void bodiesOverTheLimitAreRefused() {
		SignedUp tenant = TestTenants.signUp(this.api, "people-big");
		String big = "{\"email\": \"big@example.com\", \"firstName\": \"" + "x".repeat(70_000) + "\"}";
		ApiClient.Response response = this.api.post("/api/v1/people", big, tenant.auth());
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(this.api.get("/api/v1/people", tenant.auth()).json().get("items").size()).isZero();
	}

	@Test
	void theOpenApiDocumentDescribesTheApi() {
		ApiClient.Response docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("openapi").asString()).startsWith("3.");
		assertThat(docs.json().get("paths").has("/api/v1/events")).isTrue();
		assertThat(docs.json().get("paths").has("/api/v1/people/{id}/timeline")).isTrue();
		assertThat(this.api.get("/swagger-ui.html").status()).isIn(200, 302);
	}

}
