package io.revcycle.connector.booking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract suite again, against the jar Maven packaged (as an operator installs it,
 * with the manifest the build wrote), loaded by the real host.
 */
class BookingPackagedJarIT extends BookingConnectorContractTests {

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		Path packaged = Path.of(System.getProperty("pluginJar"));
		Files.createDirectories(tempDir);
		return Files.copy(packaged, tempDir.resolve(packaged.getFileName()));
	}

}
