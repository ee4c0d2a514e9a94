package io.revcycle.secrets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.revcycle.secrets.TestKeys.box;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The operators' keyset command, as they use it: keysets in on standard input and out on
 * standard output, each step checked with the box the platform would build from it.
 */
class SecretsKeysetToolTests {

	private static final String ROW = "tenant-a/row-1";

	record Ran(int status, String out, String err) {
	}

	private static Ran run(String input, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = KeysetTool.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Ran(status, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
	}

	/** The lines of {@code list}: id, status, primary or -, parameters. */
	private static List<String[]> keys(String keyset) {
		Ran listed = run(keyset, "list");
		assertThat(listed.status()).as(listed.err()).isZero();
		return listed.out().lines().map((line) -> line.split("\t")).toList();
	}

	private static String primary(String keyset) {
		return keys(keyset).stream().filter((key) -> "primary".equals(key[2])).findFirst().orElseThrow()[0];
	}

	@Test
	void generateAddPromoteAndRemoveMakeTheKeysetsOfARotation() {
		Ran generated = run("", "generate");
		assertThat(generated.status()).as(generated.err()).isZero();
		String a = generated.out();
		List<String[]> first = keys(a);
		assertThat(first).hasSize(1);
		assertThat(first.get(0)[1]).isEqualTo("ENABLED");
		assertThat(first.get(0)[3]).contains("AesGcm").contains("32-byte key").contains("TINK");
		String keyA = primary(a);
		assertThat(generated.err()).contains(keyA).doesNotContain(a);
		String sealedWithA = box(a, null).seal("before", ROW);

		// step 1: a new key everywhere, sealing nothing yet
		Ran added = run(a, "add");
		assertThat(added.status()).as(added.err()).isZero();
		String withB = added.out();
		assertThat(keys(withB)).hasSize(2);
		assertThat(primary(withB)).isEqualTo(keyA);
		String keyB = keys(withB).stream()
			.map((key) -> key[0])
			.filter((id) -> !id.equals(keyA))
			.findFirst()
			.orElseThrow();
		assertThat(added.err()).contains(keyB).contains("not primary");
		assertThat(box(withB, null).open(box(a, null).seal("x", ROW), ROW)).isEqualTo("x");
		assertThat(box(a, null).open(box(withB, null).seal("still A", ROW), ROW)).as("A still seals")
			.isEqualTo("still A");

		// step 2: B seals
		Ran promoted = run(withB, "promote", keyB);
		assertThat(promoted.status()).as(promoted.err()).isZero();
		String rotated = promoted.out();
		assertThat(primary(rotated)).isEqualTo(keyB);
		SecretBox rotating = box(rotated, null);
		assertThat(rotating.sealedWith()).contains(keyB);
		String sealedWithB = rotating.seal("after", ROW);
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> box(a, null).open(sealedWithB, ROW));
		String resealed = rotating.reseal(sealedWithA, ROW).orElseThrow();

		// step 3: A goes, once everything is re-sealed
		Ran removed = run(rotated, "remove", keyA);
		assertThat(removed.status()).as(removed.err()).isZero();
		SecretBox b = box(removed.out(), null);
		assertThat(keys(removed.out())).extracting((key) -> key[0]).containsExactly(keyB);
		assertThat(b.open(resealed, ROW)).isEqualTo("before");
		assertThat(b.open(sealedWithB, ROW)).isEqualTo("after");
		assertThatExceptionOfType(SecretBox.Unreadable.class).isThrownBy(() -> b.open(sealedWithA, ROW));
	}

	@Test
	void addPrimaryRotatesInOneStep() {
		String a = run("", "generate").out();
		Ran rotated = run(a, "add", "--primary");
		assertThat(rotated.status()).as(rotated.err()).isZero();
		assertThat(keys(rotated.out())).hasSize(2);
		assertThat(primary(rotated.out())).isNotEqualTo(primary(a));
		assertThat(box(rotated.out(), null).open(box(a, null).seal("x", ROW), ROW)).isEqualTo("x");
	}

	@Test
	void mistakesAreRefusedAndSaySo() {
		String keyset = TestKeys.KEYSET_B_PRIMARY_A;
		Ran primary = run(keyset, "remove", "1754437711");
		assertThat(primary.status()).isEqualTo(1);
		assertThat(primary.err()).contains("is the primary");
		assertThat(primary.out()).isEmpty();
		assertThat(run(keyset, "promote", "12").err()).contains("no key 12");
		assertThat(run(keyset, "remove", "A").err()).contains("is a number");
		Ran empty = run("", "list");
		assertThat(empty.status()).isEqualTo(1);
		assertThat(empty.err()).contains("standard input");
		Ran garbage = run("eyJzZWNyZXQiOiAiczNjcjN0In0=", "list");
		assertThat(garbage.status()).isEqualTo(1);
		assertThat(garbage.err()).contains("Tink JSON keyset").doesNotContain("s3cr3t");
		for (String[] args : List.of(new String[0], new String[] { "rotate" }, new String[] { "generate", "x" },
				new String[] { "promote" }, new String[] { "add", "--primary", "x" })) {
			Ran usage = run(keyset, args);
			assertThat(usage.status()).as(Arrays.toString(args)).isEqualTo(2);
			assertThat(usage.err()).contains("Usage: KeysetTool");
		}
	}

	@Test
	void listShowsNoKeyMaterial() {
		Ran listed = run(TestKeys.KEYSET_B_PRIMARY_A, "list");
		assertThat(listed.out()).contains("2385913825\tENABLED\t-").contains("1754437711\tENABLED\tprimary");
		String json = new String(java.util.Base64.getDecoder().decode(TestKeys.KEYSET_B_PRIMARY_A),
				StandardCharsets.UTF_8);
		// the key material is the "value" of each key's data
		List<String> materials = Arrays.stream(json.split("\"value\":\""))
			.skip(1)
			.map((value) -> value.substring(0, value.indexOf('"')))
			.toList();
		assertThat(materials).hasSize(2);
		materials.forEach((material) -> assertThat(listed.out()).doesNotContain(material));
	}

}
