package io.revcycle.plugin.host;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ConnectorConfig;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	private final Secrets secrets = Secrets.of(Stubs.SPEC,
			new ConnectorConfig(Map.of("apiKey", "sk_live_42", "account", "sk_live")));

	@Test
	void masksEveryValueOfASecretField() {
		assertThat(this.secrets.mask("key sk_live_42, again sk_live_42; account sk_live"))
			.isEqualTo("key ****, again ****; account sk_live");
		assertThat(this.secrets.mask(null)).isNull();
	}

	@Test
	void masksASecretThatContainsAnotherWhole() {
		Secrets nested = Secrets.of(
				io.revcycle.plugin.api.ConfigSpec.of(io.revcycle.plugin.api.ConfigField.string("a").asSecret(),
						io.revcycle.plugin.api.ConfigField.string("b").asSecret()),
				new ConnectorConfig(Map.of("a", "abc", "b", "abcdef")));
		assertThat(nested.mask("x abcdef y abc")).isEqualTo("x **** y ****");
	}

	@Test
	void copiesAThrowableWithMaskedMessagesAndItsStackTrace() {
		IOException cause = new IOException("401 for key sk_live_42");
		IllegalStateException thrown = new IllegalStateException("check with sk_live_42 failed", cause);

		Throwable copy = this.secrets.sanitize(thrown);

		assertThat(copy).isInstanceOf(Secrets.PluginException.class)
			.hasMessage("java.lang.IllegalStateException: check with **** failed");
		assertThat(copy.toString()).isEqualTo("java.lang.IllegalStateException: check with **** failed");
		assertThat(copy.getStackTrace()).isEqualTo(thrown.getStackTrace());
		assertThat(copy.getCause()).hasMessage("java.io.IOException: 401 for key ****");
	}

	@Test
	void survivesACycleOfCauses() {
		RuntimeException a = new RuntimeException("a sk_live_42");
		RuntimeException b = new RuntimeException("b", a);
		a.initCause(b);
		Throwable copy = this.secrets.sanitize(a);
		assertThat(copy.getCause().getCause()).isSameAs(copy);
	}

}
