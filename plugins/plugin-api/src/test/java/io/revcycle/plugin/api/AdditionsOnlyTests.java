package io.revcycle.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API 1.x only adds: every type, field, constructor and method a connector compiled
 * against 1.0.0 can link to is still here, with the same erased signature.
 * {@code api-1.0.0.signatures} lists them, as {@link ApiSignatures} prints them for the
 * API of the commit before 1.1.0 ({@code e71b0e9^}): <pre>
 * git archive e71b0e9^ plugins/plugin-api/src/main/java | tar -x -C /tmp/api-1.0
 * javac --release 17 -d /tmp/api-1.0/classes $(find /tmp/api-1.0 -name '*.java')
 * javac --release 17 -d /tmp/dumper -cp /tmp/api-1.0/classes .../ApiSignatures.java
 * java -cp /tmp/dumper:/tmp/api-1.0/classes io.revcycle.plugin.api.ApiSignatures \
 *   io.revcycle.plugin.api.Action ... io.revcycle.plugin.api.WebhookResult
 * </pre>
 */
class AdditionsOnlyTests {

	@Test
	void everySignatureOfApi100IsStillHere() throws Exception {
		Set<String> before = lines("/api-1.0.0.signatures");
		assertThat(before).as("the 1.0.0 list").hasSizeGreaterThan(300);

		Set<String> now = ApiSignatures.of(topLevelTypes(before));

		assertThat(now).containsAll(before);
	}

	@Test
	void theListCatchesARemovedOrChangedSignature() throws Exception {
		Set<String> before = new TreeSet<>(lines("/api-1.0.0.signatures"));
		before.add("method io.revcycle.plugin.api.Event$Person.byEmail(java.lang.String,java.lang.String) "
				+ "io.revcycle.plugin.api.Event$Person static");

		Set<String> now = ApiSignatures.of(topLevelTypes(before));

		assertThat(now.containsAll(before)).isFalse();
	}

	private static Class<?>[] topLevelTypes(Set<String> lines) throws ClassNotFoundException {
		List<Class<?>> types = new ArrayList<>();
		for (String line : lines) {
			String[] words = line.split(" ");
			if (words[0].equals("type") && words.length == 3 && !words[1].contains("$")) {
				types.add(Class.forName(words[1]));
			}
		}
		return types.toArray(Class<?>[]::new);
	}

	private static Set<String> lines(String resource) throws IOException {
		try (InputStream in = AdditionsOnlyTests.class.getResourceAsStream(resource)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new TreeSet<>(text.lines().filter((line) -> !line.isBlank()).toList());
		}
	}

}
