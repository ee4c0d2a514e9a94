package io.revcycle.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.TestServices;

/**
 * The real platform, run from its built jar once per test JVM, on the real services: what
 * the gateway routes to.
 */
final class Platform {

	private static volatile AppProcess process;

	private Platform() {
	}

	static synchronized String url() {
		if (process == null) {
			Path root = AppProcess.projectRoot();
			Map<String, Object> properties = new LinkedHashMap<>(TestServices.database().springProperties());
			properties.putAll(TestServices.keycloak().springProperties());
			properties.putAll(TestServices.redis().springProperties());
			process = AppProcess.start("platform", AppProcess.jar(root, "platform"), freePort(), properties,
					root.resolve("gateway/target/platform-under-test"));
		}
		return process.url();
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
