package io.revcycle.plugin.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class PluginApiPurityTests {

	private final JavaClasses api = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.revcycle.plugin.api");

	@Test
	void noFrameworkTypesInThePluginApi() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..",
					"com.fasterxml.jackson..", "tools.jackson..")
			.because("partners compile against plugin-api; it must stay free of host frameworks")
			.check(this.api);
	}

	@Test
	void declaresASemanticVersion() {
		org.assertj.core.api.Assertions.assertThat(PluginApi.VERSION).matches("\\d+\\.\\d+\\.\\d+");
	}

}
