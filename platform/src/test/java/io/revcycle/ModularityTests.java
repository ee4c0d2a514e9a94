package io.revcycle;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	/**
	 * The plugin API and host are libraries the connectors feature uses (their own Maven
	 * modules, with their own rules), not features of the platform.
	 */
	private final ApplicationModules modules = ApplicationModules.of(RevcycleApplication.class,
			JavaClass.Predicates.resideInAPackage("io.revcycle.plugin.."));

	@Test
	void featuresOnlyUseEachOthersPublicApi() {
		this.modules.verify();
	}

	@Test
	void theFeaturesAreModules() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString()))
			.contains("tenancy", "people", "http", "connectors", "secrets")
			.doesNotContain("plugin");
	}

}
