package io.revcycle.plugin.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AllowListTests {

	private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	@Test
	void readsWhatSha256sumPrints() {
		AllowList list = AllowList.parse("""
				# connectors allowed in production
				%s  connector-stripe-1.0.0.jar

				%s *connector-hubspot-1.2.0.jar
				   # an indented comment
				""".formatted(ABC, EMPTY.toUpperCase()));
		assertThat(list.checksums()).containsExactly(ABC, EMPTY);
		assertThat(list.allows(ABC)).isTrue();
		assertThat(list.allows(ABC.toUpperCase())).isTrue();
		assertThat(list.allows(EMPTY)).isTrue();
		assertThat(list.allows("0".repeat(64))).isFalse();
		assertThat(list.allows(null)).isFalse();
	}

	@Test
	void acceptsWindowsLineEndingsAndAnEmptyList() {
		assertThat(AllowList.parse(ABC + "  a.jar\r\n" + EMPTY + "  b.jar\r\n").checksums()).hasSize(2);
		assertThat(AllowList.parse("").checksums()).isEmpty();
		assertThat(AllowList.parse("\n# nothing yet\n").allows(ABC)).isFalse();
	}

	@Test
	void readsTheEscapedLineSha256sumPrintsForAnOddFileName() {
		assertThat(AllowList.parse("\\" + ABC + "  odd\\\\name.jar").allows(ABC)).isTrue();
	}

	@Test
	void namesTheLineThatIsNotAChecksum() {
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(ABC + "  a.jar\nconnector-b.jar\n"))
			.withMessageContaining("line 2")
			.withMessageContaining("sha256sum");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.parse(ABC.substring(1) + "  a.jar"));
	}

	@Test
	void ofChecksOneValueAtATime() {
		assertThat(AllowList.of(List.of(ABC.toUpperCase())).allows(ABC)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> AllowList.of(List.of("not-a-checksum")))
			.withMessageContaining("not-a-checksum");
	}

	@Test
	void computesTheChecksumOfAFile(@TempDir Path dir) throws Exception {
		Path abc = Files.writeString(dir.resolve("abc.txt"), "abc", StandardCharsets.US_ASCII);
		Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
		assertThat(AllowList.sha256(abc)).isEqualTo(ABC);
		assertThat(AllowList.sha256(empty)).isEqualTo(EMPTY);
	}

}
