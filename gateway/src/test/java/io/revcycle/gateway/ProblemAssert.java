package io.revcycle.gateway;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error answer must be: an RFC 9457 problem with the status it was answered
 * with, a detail to act on, and no name of server software or internal types.
 */
final class ProblemAssert {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Words that would tell a client what runs inside, or show an internal type. */
	private static final List<String> INTERNALS = List.of("tomcat", "netty", "springframework", "java.", "jakarta",
			"exception", "<html");

	private ProblemAssert() {
	}

	/**
	 * Asserts a problem answer and returns its detail.
	 * @param status the expected status
	 * @param contentType the answer's content type
	 * @param body the answer's body
	 * @return the detail
	 */
	static String assertProblem(int status, int answered, String contentType, String body) {
		assertThat(answered).as("status of %s", body).isEqualTo(status);
		assertThat(contentType).as("content type of %s", body).startsWith("application/problem+json");
		JsonNode json = JSON.readTree(body);
		assertThat(json.get("status").asInt()).isEqualTo(status);
		assertThat(json.get("title").asString()).isNotBlank();
		String detail = json.get("detail").asString();
		assertThat(detail).hasSizeGreaterThan(20);
		String lower = body.toLowerCase(Locale.ROOT);
		assertThat(INTERNALS).as("internals named in %s", body).noneMatch(lower::contains);
		return detail;
	}

	static String assertProblem(int status, RawHttp.Answer answer) {
		return assertProblem(status, answer.status(), String.valueOf(answer.header("Content-Type")), answer.body());
	}

	static String assertProblem(int status, io.revcycle.testsupport.ApiClient.Response response) {
		return assertProblem(status, response.status(), response.contentType(), response.body());
	}

}
