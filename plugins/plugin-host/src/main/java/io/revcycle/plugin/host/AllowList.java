package io.revcycle.plugin.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The operator's list of plugin jars allowed to load, by SHA-256 checksum. Written in the
 * format {@code sha256sum} prints, one jar a line: {@code <hex>  <file name>}. The file
 * name is only a reminder for people: a jar is allowed by its content, wherever it lies
 * and whatever it is called.
 */
public final class AllowList {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private final Set<String> checksums;

	private AllowList(Set<String> checksums) {
		this.checksums = Collections.unmodifiableSet(new TreeSet<>(checksums));
	}

	/**
	 * A list of these checksums.
	 * @param sha256Hex SHA-256 checksums in hex, either case
	 * @return the list
	 * @throws IllegalArgumentException when a value is not 64 hex digits
	 */
	public static AllowList of(Collection<String> sha256Hex) {
		Set<String> checksums = new TreeSet<>();
		for (String value : sha256Hex) {
			String checksum = normalize(value);
			if (checksum == null) {
				throw new IllegalArgumentException("'" + value + "' is not a SHA-256 checksum (64 hex digits)");
			}
			checksums.add(checksum);
		}
		return new AllowList(checksums);
	}

	/**
	 * Reads a list in {@code sha256sum} format: {@code <hex>  <file name>} (or
	 * {@code <hex> *<file name>}), one a line; blank lines and lines starting with
	 * {@code #} are ignored.
	 * @param text the list
	 * @return the list
	 * @throws IllegalArgumentException naming the line when one does not start with a
	 * SHA-256 checksum
	 */
	public static AllowList parse(String text) {
		Set<String> checksums = new TreeSet<>();
		String[] lines = text.split("\\R", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String first = line.split("\\s+", 2)[0];
			if (first.startsWith("\\")) {
				// sha256sum escapes the line of a file name with a backslash or a line
				// break
				first = first.substring(1);
			}
			String checksum = normalize(first);
			if (checksum == null) {
				throw new IllegalArgumentException("Allow-list line " + (i + 1)
						+ " does not start with a SHA-256 checksum; expected '<64 hex digits>  <file name>' as sha256sum prints it");
			}
			checksums.add(checksum);
		}
		return new AllowList(checksums);
	}

	/**
	 * The SHA-256 checksum of a file, as {@code sha256sum} prints it.
	 * @param file the file
	 * @return 64 lowercase hex digits
	 * @throws UncheckedIOException when the file cannot be read
	 */
	public static String sha256(Path file) {
		MessageDigest digest = digest();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static String sha256(byte[] content) {
		return HexFormat.of().formatHex(digest().digest(content));
	}

	/**
	 * Whether a jar of this checksum may load.
	 * @param sha256Hex the checksum, either case; null is never allowed
	 * @return whether it is on the list
	 */
	public boolean allows(String sha256Hex) {
		String checksum = (sha256Hex != null) ? normalize(sha256Hex) : null;
		return checksum != null && this.checksums.contains(checksum);
	}

	/** The checksums on the list, lowercase, sorted. */
	public Set<String> checksums() {
		return this.checksums;
	}

	@Override
	public String toString() {
		return "AllowList" + this.checksums;
	}

	private static String normalize(String value) {
		String checksum = value.strip().toLowerCase(Locale.ROOT);
		return SHA256.matcher(checksum).matches() ? checksum : null;
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
