package io.revcycle.plugin.testkit;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TamperingTests {

	@Test
	void changesTheLastDigit() {
		assertThat(tamper("{\"id\":\"evt_19\",\"amount\":1000}")).isEqualTo("{\"id\":\"evt_19\",\"amount\":1001}");
		assertThat(tamper("{\"n\":9}")).isEqualTo("{\"n\":0}");
	}

	@Test
	void elseChangesTheCaseOfTheLastLetterInsideAString() {
		assertThat(tamper("{\"email\":\"ada@example.com\",\"ok\":true}"))
			.isEqualTo("{\"email\":\"ada@example.coM\",\"ok\":true}");
		assertThat(tamper("{\"a\":\"x\\n\"}")).as("an escape stays an escape").isEqualTo("{\"a\":\"X\\n\"}");
	}

	@Test
	void changesAFormBodyToo() {
		assertThat(tamper("email=ada%40example.com")).isEqualTo("email=ada%41example.com");
		assertThat(tamper("name=ada")).isEqualTo("name=adA");
	}

	private static String tamper(String body) {
		return new String(ConnectorContract.tamper(body.getBytes(StandardCharsets.UTF_8)).body(),
				StandardCharsets.UTF_8);
	}

}
