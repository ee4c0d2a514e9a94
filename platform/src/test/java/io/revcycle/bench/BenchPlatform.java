package io.revcycle.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;

/**
 * The platform of a benchmark: its built jar started on a free port, on the given
 * database and the real Keycloak and Redis the tests use, logging under
 * {@code platform/target/bench}.
 */
final class BenchPlatform {

	private BenchPlatform() {
	}

	static AppProcess start(RevcycleDatabase database) throws IOException {
		Path root = AppProcess.projectRoot();
		Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
		properties.putAll(TestServices.keycloak().springProperties());
		properties.putAll(TestServices.redis().springProperties());
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return AppProcess.start("platform", AppProcess.jar(root, "platform"), port, properties,
				root.resolve("platform/target/bench"));
	}

}
