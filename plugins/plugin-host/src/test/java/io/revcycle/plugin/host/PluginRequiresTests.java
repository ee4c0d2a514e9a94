package io.revcycle.plugin.host;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.PluginApi;

import static org.assertj.core.api.Assertions.assertThat;

class PluginRequiresTests {

	private static final String ADVICE = "declare the plugin API range it was built for, e.g. >=1.0.0 & <2.0.0";

	@Test
	void acceptsARangeWithinTheHostsMajorVersion() {
		assertThat(PluginRequires.problem(PluginApi.REQUIRES)).isEmpty();
		assertThat(PluginRequires.problem(">=1.0.0 & <2.0.0")).isEmpty();
		assertThat(PluginRequires.problem(" >=1.0.0 & <2.0.0 ")).isEmpty();
		assertThat(PluginRequires.problem("^1.0.0")).isEmpty();
		assertThat(PluginRequires.problem("~" + PluginApi.VERSION)).isEmpty();
		assertThat(PluginRequires.problem("1.x")).isEmpty();
		assertThat(PluginRequires.problem(">=1.0.0 & <=1.9.0")).isEmpty();
	}

	@Test
	void refusesAMissingRangeAndAStar() {
		assertThat(PluginRequires.problem(null)).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("declares no plugin API range", "missing or '*'", ADVICE));
		assertThat(PluginRequires.problem("")).hasValueSatisfying((reason) -> assertThat(reason).contains(ADVICE));
		assertThat(PluginRequires.problem("*")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("declares no plugin API range", "missing or '*'", ADVICE));
	}

	@Test
	void refusesARangeWithoutAnUpperBoundBelowTheNextMajorVersion() {
		assertThat(PluginRequires.problem("1.0.0")).hasValueSatisfying((reason) -> assertThat(reason)
			.contains("'1.0.0' (which PF4J reads as '>=1.0.0')", "also accepts plugin API 2.0.0", ADVICE));
		assertThat(PluginRequires.problem(">=1.0.0")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("'>=1.0.0'", "also accepts plugin API 2.0.0", ADVICE));
		assertThat(PluginRequires.problem(">=1.0.0 & <3.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API 2.0.0"));
		assertThat(PluginRequires.problem(">=1.0.0 & <=2.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API 2.0.0"));
		assertThat(PluginRequires.problem(">0.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API 2.0.0"));
	}

	@Test
	void refusesARangeThatReachesIntoThePreviousMajorVersion() {
		assertThat(PluginRequires.problem(">=0.9.0 & <2.0.0")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("also accepts plugin API versions 0.x", ADVICE));
		assertThat(PluginRequires.problem("<2.0.0")).hasValueSatisfying((reason) -> assertThat(reason).contains("0.x"));
	}

	@Test
	void refusesWhatIsNotOneRange() {
		assertThat(PluginRequires.problem(">=1.0.0 & <2.0.0 | >=5.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("not one range", ADVICE));
		assertThat(PluginRequires.problem(">=1.0.0 & <2.0.0 & !=1.0.3"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("not one range"));
		assertThat(PluginRequires.problem("latest")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("'latest'", "not a valid version expression", ADVICE));
	}

	@Test
	void refusesARangeThatExcludesTheHost() {
		assertThat(PluginRequires.problem(">=2.0.0 & <3.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("requires plugin API '>=2.0.0 & <3.0.0'",
					"this host implements plugin API " + PluginApi.VERSION, "1.x"));
		assertThat(PluginRequires.problem("2.0.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("'2.0.0' (which PF4J reads as '>=2.0.0')"));
	}

	@Test
	void aPluginBuiltForApi1NeverLoadsOnA2Host() {
		for (String built : new String[] { ">=1.0.0 & <2.0.0", "^1.0.0", "~1.4.0", "1.x", ">=1.2.0 & <2.0.0" }) {
			assertThat(PluginRequires.problem(built, "1.4.2")).as(built + " on 1.4.2").isEmpty();
			assertThat(PluginRequires.problem(built, "2.0.0")).as(built + " on 2.0.0").isPresent();
			assertThat(PluginRequires.problem(built, "2.3.1")).as(built + " on 2.3.1").isPresent();
		}
		for (String spanning : new String[] { "1.0.0", ">=1.0.0", ">=1.5.0 & <3.0.0", "*", "" }) {
			assertThat(PluginRequires.problem(spanning, "2.1.0")).as(spanning + " on 2.1.0").isPresent();
			assertThat(PluginRequires.problem(spanning, "1.5.0")).as(spanning + " on 1.5.0").isPresent();
		}
		assertThat(PluginRequires.problem(">=1.5.0 & <3.0.0", "2.1.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API versions 1.x"));
		assertThat(PluginRequires.problem(">=2.0.0", "2.1.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API 3.0.0"));
		assertThat(PluginRequires.problem(">=2.0.0 & <3.0.0", "2.1.0")).isEmpty();
		assertThat(PluginRequires.problem(">=1.5.0 & <2.5.0", "2.1.0"))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("also accepts plugin API versions 1.x",
					"e.g. >=2.0.0 & <3.0.0"));
	}

}
