package io.revcycle.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.TestServices;

/**
 * The real console (frontend-api), run from its built jar once per test JVM, signing
 * users in with the real Keycloak: what the gateway routes browsers to.
 */
final class Console {

	private static volatile AppProcess process;

	private Console() {
	}

	static synchronized String url() {
		if (process == null) {
			Path root = AppProcess.projectRoot();
			process = AppProcess.start("frontend-api", AppProcess.jar(root, "frontend-api"), freePort(),
					Map.of("revcycle.keycloak-url", TestServices.keycloak().url()),
					root.resolve("gateway/target/console-under-test"));
		}
		return process.url();
	}

	static int port() {
		url();
		return process.port();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
