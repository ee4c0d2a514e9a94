package io.revcycle.plugin.testkit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The summary the contract suite prints after a test class: how many clauses passed,
 * failed and were skipped, and for each skipped or failed clause its name and why, so a
 * skipped clause is never silent. Printed to standard output, which Maven keeps in
 * {@code target/surefire-reports/<class>-output.txt}; the reasons are also in the test
 * report itself.
 */
final class ContractReport implements TestWatcher, AfterAllCallback {

	private static final String PREFIX = "Assumption failed: ";

	private final List<String> passed = Collections.synchronizedList(new ArrayList<>());

	private final List<String> failed = Collections.synchronizedList(new ArrayList<>());

	private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

	@Override
	public void testSuccessful(ExtensionContext context) {
		this.passed.add(context.getDisplayName());
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		this.failed.add(context.getDisplayName() + ": " + firstLine(cause));
	}

	@Override
	public void testAborted(ExtensionContext context, Throwable cause) {
		this.skipped.add(context.getDisplayName() + ": " + reason(cause));
	}

	@Override
	public void testDisabled(ExtensionContext context, Optional<String> reason) {
		this.skipped.add(context.getDisplayName() + ": " + reason.orElse("disabled"));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		print(context.getRequiredTestClass().getSimpleName(), System.out);
	}

	/** The summary of what was seen so far. */
	synchronized void print(String suite, PrintStream out) {
		StringBuilder text = new StringBuilder();
		text.append("Connector contract, ")
			.append(suite)
			.append(": ")
			.append(this.passed.size())
			.append(" passed, ")
			.append(this.failed.size())
			.append(" failed, ")
			.append(this.skipped.size())
			.append(" skipped")
			.append(System.lineSeparator());
		this.failed.forEach((line) -> text.append("  FAILED  ").append(line).append(System.lineSeparator()));
		this.skipped.forEach((line) -> text.append("  SKIPPED ").append(line).append(System.lineSeparator()));
		out.print(text);
		out.flush();
	}

	/** The assumption's message: why the clause was skipped. */
	static String reason(Throwable cause) {
		String message = String.valueOf(firstLine(cause));
		return message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
	}

	private static String firstLine(Throwable cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage().strip() : cause.getClass().getName();
		int line = message.indexOf('\n');
		return (line < 0) ? message : message.substring(0, line);
	}

}
