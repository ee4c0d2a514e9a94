package io.revcycle.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.revcycle.testsupport.AppProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright for Java, once per test JVM. Playwright never
 * downloads a browser here: without {@code /usr/bin/chromium} the browser tests are
 * skipped with a message that says how to install it.
 */
final class Chromium {

	/** Where Debian's package puts Chromium; {@code REVCYCLE_CHROMIUM} overrides it. */
	static final Path EXECUTABLE = Path
		.of((System.getenv("REVCYCLE_CHROMIUM") != null) ? System.getenv("REVCYCLE_CHROMIUM") : "/usr/bin/chromium");

	static final String MISSING = "Chromium is not installed at " + EXECUTABLE + ": the console's browser tests "
			+ "drive Debian's Chromium and never download a browser. Install it with "
			+ "'sudo apt-get install -y chromium' (or point REVCYCLE_CHROMIUM at a Chromium) and run them again.";

	private static Browser browser;

	private Chromium() {
	}

	/** Skips the calling test when Chromium is missing. */
	static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), MISSING);
	}

	static synchronized Browser browser() {
		assumeInstalled();
		if (browser == null) {
			Playwright playwright = Playwright
				.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
			browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
					.setHeadless(true)
					.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
			Runtime.getRuntime().addShutdownHook(new Thread(playwright::close));
		}
		return browser;
	}

	/** A new browser session (its own cookies), at the size of a laptop screen. */
	static BrowserContext session() {
		return browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setLocale("en-US"));
	}

	/**
	 * Saves what the page shows as {@code <name>.png} under
	 * {@code console-tests/target/screenshots}, and under {@code docs/console} when
	 * {@code -Drevcycle.console.docs=true} (how the committed set is made).
	 */
	static void screenshot(Page page, String name) {
		Path root = AppProcess.projectRoot();
		try {
			byte[] png = page.screenshot();
			Path target = root.resolve("console-tests/target/screenshots");
			Files.createDirectories(target);
			Files.write(target.resolve(name + ".png"), png);
			if (Boolean.getBoolean("revcycle.console.docs")) {
				Path docs = root.resolve("docs/console");
				Files.createDirectories(docs);
				Files.write(docs.resolve(name + ".png"), png);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
