package io.revcycle.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.Up;

/**
 * The real platform, run from its built jar once per test JVM, on the real services: what
 * the gateway routes to. It runs as in production, with the connectors the build packaged
 * installed by checksum, and with the public address of a gateway as the address senders
 * call webhooks at: a test that needs that address runs its gateway on
 * {@link #publicGatewayPort()}.
 */
final class Platform {

	private static final int PUBLIC_GATEWAY_PORT = freePort();

	private static volatile AppProcess process;

	private Platform() {
	}

	static synchronized String url() {
		if (process == null) {
			Path root = AppProcess.projectRoot();
			Path folder = root.resolve("gateway/target/platform-under-test");
			Map<String, Object> properties = new LinkedHashMap<>(TestServices.database().springProperties());
			properties.putAll(TestServices.keycloak().springProperties());
			properties.putAll(TestServices.redis().springProperties());
			try {
				properties.putAll(Up.installConnectors(root, folder.resolve("plugins")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not install the connectors", ex);
			}
			properties.put("revcycle.connectors.public-base-url", "http://localhost:" + PUBLIC_GATEWAY_PORT);
			process = AppProcess.start("platform", AppProcess.jar(root, "platform"), freePort(), properties, folder);
		}
		return process.url();
	}

	/**
	 * The port of the gateway whose address the platform gives as its public one; free
	 * until the one test that needs it starts a gateway there.
	 */
	static int publicGatewayPort() {
		return PUBLIC_GATEWAY_PORT;
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
