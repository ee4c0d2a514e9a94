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
		return start(database, 0);
	}

	/**
	 * The platform, with its management endpoints (health, Prometheus metrics) on a port
	 * of their own when {@code managementPort} is not 0, open there as on Kubernetes.
	 */
	static AppProcess start(RevcycleDatabase database, int managementPort) throws IOException {
		Path root = AppProcess.projectRoot();
		Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
		properties.putAll(TestServices.keycloak().springProperties());
		properties.putAll(TestServices.redis().springProperties());
		if (managementPort != 0) {
			properties.put("management.server.port", managementPort);
		}
		return AppProcess.start("platform", AppProcess.jar(root, "platform"), freePort(), properties,
				root.resolve("platform/target/bench"));
	}

	/** A process's resident set size in MiB, from /proc (0 where there is none). */
	static long residentMib(long pid) {
		try {
			for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not on Linux, or the process is gone
		}
		return 0;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
