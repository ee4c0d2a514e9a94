package io.revcycle.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * The operators' command for the secrets keyset ({@code revcycle.secrets.keyset}), run
 * from the platform's jar without starting the platform:
 *
 * <pre>
 * java -cp platform.jar -Dloader.main=io.revcycle.secrets.KeysetTool \
 *   org.springframework.boot.loader.launch.PropertiesLauncher COMMAND [ARGUMENT] &lt; keyset &gt; new-keyset
 * </pre>
 *
 * Keysets are read from standard input and written to standard output as the setting
 * takes them (the base64 of Tink's JSON keyset), so they never appear on a command line;
 * what was done goes to standard error. New keys are AES256-GCM.
 */
public final class KeysetTool {

	static final String USAGE = """
			Usage: KeysetTool COMMAND [ARGUMENT]   (keysets on standard input and output, base64 of Tink's JSON)
			  generate          a new keyset of one AES256-GCM key, its primary
			  add               the keyset with a new AES256-GCM key, not primary yet (deploy it everywhere first)
			  add --primary     the keyset with a new AES256-GCM key that seals from now on
			  promote KEY_ID    the keyset with that key as its primary
			  remove KEY_ID     the keyset without that key (never the primary; re-seal everything first)
			  list              the keys: id, status, primary, type (no key material)
			""";

	private KeysetTool() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.in, System.out, System.err));
	}

	/**
	 * Runs one command.
	 * @return the exit status: 0 done, 1 refused (the message says why), 2 bad usage
	 */
	static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		List<String> arguments = Arrays.asList(args);
		if (arguments.isEmpty()) {
			err.print(USAGE);
			return 2;
		}
		try {
			switch (arguments.get(0)) {
				case "generate" -> {
					requireArguments(arguments, 1);
					KeysetHandle handle = Keysets.generate();
					out.println(Keysets.serialize(handle));
					err.println("A new keyset: key " + id(handle.getPrimary()) + ", AES256-GCM, primary.");
				}
				case "add" -> {
					boolean primary = arguments.size() == 2 && "--primary".equals(arguments.get(1));
					requireArguments(arguments, primary ? 2 : 1);
					KeysetHandle.Builder builder = KeysetHandle.newBuilder(read(in));
					KeysetHandle.Builder.Entry added = KeysetHandle
						.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
						.withRandomId();
					builder.addEntry(primary ? added.makePrimary() : added);
					KeysetHandle handle = builder.build();
					out.println(Keysets.serialize(handle));
					KeysetHandle.Entry entry = handle.getAt(handle.size() - 1);
					err.println("Added key " + id(entry) + ", AES256-GCM, "
							+ (primary ? "primary: new values are sealed with it."
									: "not primary: it opens values, " + "and seals none until promoted."));
				}
				case "promote" -> {
					requireArguments(arguments, 2);
					KeysetHandle handle = read(in);
					int index = indexOf(handle, arguments.get(1));
					if (handle.getAt(index).getStatus() != KeyStatus.ENABLED) {
						throw new Refused("Key " + arguments.get(1) + " is not enabled: it cannot be the primary.");
					}
					KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
					builder.getAt(index).makePrimary();
					out.println(Keysets.serialize(builder.build()));
					err.println("Key " + arguments.get(1) + " is the primary: new values are sealed with it.");
				}
				case "remove" -> {
					requireArguments(arguments, 2);
					KeysetHandle handle = read(in);
					int index = indexOf(handle, arguments.get(1));
					if (handle.getAt(index).isPrimary()) {
						throw new Refused("Key " + arguments.get(1) + " is the primary: promote another key first.");
					}
					KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
					builder.deleteAt(index);
					out.println(Keysets.serialize(builder.build()));
					err.println("Removed key " + arguments.get(1) + ": values still sealed with it no longer open.");
				}
				case "list" -> {
					requireArguments(arguments, 1);
					KeysetHandle handle = read(in);
					for (int i = 0; i < handle.size(); i++) {
						KeysetHandle.Entry entry = handle.getAt(i);
						out.println(id(entry) + "\t" + entry.getStatus() + "\t" + (entry.isPrimary() ? "primary" : "-")
								+ "\t" + entry.getKey().getParameters());
					}
				}
				default -> throw new Usage();
			}
			return 0;
		}
		catch (Usage ex) {
			err.print(USAGE);
			return 2;
		}
		catch (Refused | IllegalStateException ex) {
			err.println(ex.getMessage());
			return 1;
		}
		catch (java.security.GeneralSecurityException ex) {
			err.println("The keyset could not be built: " + ex.getMessage());
			return 1;
		}
	}

	private static void requireArguments(List<String> arguments, int count) {
		if (arguments.size() != count) {
			throw new Usage();
		}
	}

	private static KeysetHandle read(InputStream in) {
		String text;
		try {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new Refused("The keyset could not be read from standard input: " + ex.getMessage());
		}
		if (text.isEmpty()) {
			throw new Refused("Give the keyset on standard input (the base64 of its JSON, as generate prints it).");
		}
		return Keysets.parse(text);
	}

	private static int indexOf(KeysetHandle handle, String id) {
		int wanted;
		try {
			wanted = Integer.parseUnsignedInt(id);
		}
		catch (NumberFormatException ex) {
			throw new Refused("A key id is a number, as list shows it; not '" + id + "'.");
		}
		for (int i = 0; i < handle.size(); i++) {
			if (handle.getAt(i).getId() == wanted) {
				return i;
			}
		}
		throw new Refused("The keyset has no key " + id + ".");
	}

	private static String id(KeysetHandle.Entry entry) {
		return Integer.toUnsignedString(entry.getId());
	}

	private static final class Usage extends RuntimeException {

	}

	private static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message);
		}

	}

}
