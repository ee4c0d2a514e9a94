package io.revcycle.plugin.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The contract suite, run against the lambda connector compiled against plugin API 1.0.0
 * (see {@link Api10LambdaConnectorTests}): a connector that offers nothing but its check,
 * and takes no webhooks.
 */
class Api10LambdaConnectorContractTests extends ConnectorContract {

	@Override
	protected Path pluginJar(Path tempDir) throws IOException {
		Files.createDirectories(tempDir);
		return Files.copy(Api10ConnectorContractTests.JARS.resolve("connector-legacy-lambda-1.0.0.jar"),
				tempDir.resolve("connector-legacy-lambda-1.0.0.jar"));
	}

	@Override
	protected Map<String, String> validConfig() {
		return Map.of();
	}

	@Override
	protected Map<String, Map<String, String>> invalidConfigs() {
		return Map.of();
	}

}
