package io.revcycle;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(RevcycleApplication.class);

	@Test
	void featuresOnlyUseEachOthersPublicApi() {
		this.modules.verify();
	}

	@Test
	void theFeaturesAreModules() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString())).contains("tenancy",
				"people", "http");
	}

}
