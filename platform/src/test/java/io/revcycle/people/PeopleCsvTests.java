package io.revcycle.people;

import java.util.List;

import io.revcycle.ApiTest;
import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleCsvTests extends ApiTest {

	@Test
	void importReportsEveryRowAndExportGivesThemBack() {
		SignedUp tenant = TestTenants.signUp(this.api, "csv");
		String csv = "email,firstName,lastName,title,accountDomain,industry,employees,country\r\n"
				+ "ada@initech.com,Ada,Lovelace,VP Engineering,initech.com,Software,200,US\r\n"
				+ "\"grace@initech.com\",\"Grace, Admiral\",Hopper,,,,,\r\n" + "not-an-email,X,Y,,,,,\r\n"
				+ "bob@example.org,Bob,,,,,many,\r\n" + ",No,Email,,,,,\r\n" + "ADA@initech.com,Ada,King,,,,,\r\n";
		ApiClient.Response response = this.api.send("POST", "/api/v1/people/import", csv, "text/csv", tenant.auth());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode report = response.json();
		assertThat(report.get("accepted").asInt()).isEqualTo(3);
		assertThat(report.get("rejected").asInt()).isEqualTo(3);
		assertThat(report.get("rejections").get(0).get("line").asInt()).isEqualTo(4);
		assertThat(report.get("rejections").get(0).get("reason").asString()).contains("not an email");
		assertThat(report.get("rejections").get(1).get("reason").asString()).contains("employees");
		assertThat(report.get("rejections").get(2).get("reason").asString()).contains("email is missing");

		JsonNode people = this.api.get("/api/v1/people", tenant.auth()).json().get("items");
		assertThat(people.size()).isEqualTo(2);
		JsonNode ada = this.api.get("/api/v1/people?email=ada@initech.com", tenant.auth()).json().get("items").get(0);
		assertThat(ada.get("lastName").asString()).isEqualTo("King");
		assertThat(ada.get("title").asString()).isEqualTo("VP Engineering");
		assertThat(ada.get("fitScore").asInt()).isGreaterThanOrEqualTo(45);
		assertThat(ada.get("stage").asString()).isEqualTo("Target");

		ApiClient.Response export = this.api.get("/api/v1/people/export", tenant.auth());
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.contentType()).startsWith("text/csv");
		List<String> lines = export.body().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("id,email,firstName");
		assertThat(export.body()).contains("\"Grace, Admiral\"").contains("initech.com");

		SignedUp other = TestTenants.signUp(this.api, "csv-other");
		assertThat(this.api.get("/api/v1/people/export", other.auth()).body().lines().count()).isEqualTo(1);
		assertThat(this.api.get("/api/v1/accounts/" + ada.get("accountId").asString(), other.auth()).status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/v1/accounts/" + ada.get("accountId").asString(), tenant.auth())
			.json()
			.get("industry")
			.asString()).isEqualTo("Software");
	}

	@Test
	void aFileWithoutAnEmailColumnIsRefused() {
		SignedUp tenant = TestTenants.signUp(this.api, "csv-bad");
		ApiClient.Response response = this.api.send("POST", "/api/v1/people/import", "name,phone\r\nx,1\r\n",
				"text/csv", tenant.auth());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("email");
	}

	@Test
	void cellsThatLookLikeFormulasAreDefused() {
		assertThat(Csv.line("=HYPERLINK(\"x\")", "a,b", 5, null))
			.isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",5,\r\n");
	}

}
