package io.revcycle.plugin.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The builders of 1.1.0 make the same records the positional constructors of 1.0.0 do.
 */
class BuildersTests {

	private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

	@Test
	void anEventBuiltIsTheEventConstructed() {
		Event built = Event.of(EventTypes.PAYMENT_SUCCEEDED)
			.externalId("evt_1")
			.at(AT)
			.person(Event.Person.email("ada@example.com").name("Ada", "Lovelace").externalId("cus_1"))
			.account(Event.Account.domain("acme.com").name("Acme").employees(120))
			.campaign("winter")
			.money(new Event.Money(new BigDecimal("19.99"), "eur"))
			.property("invoice", "in_1")
			.property("lines", List.of("a", "b"))
			.build();

		Event constructed = new Event("payment_succeeded", AT, "evt_1",
				new Event.Person("ada@example.com", "Ada", "Lovelace", null, null, null, "cus_1"),
				new Event.Account("acme.com", "Acme", null, 120, null, null), "winter",
				new Event.Money(new BigDecimal("19.99"), "EUR"), Map.of("invoice", "in_1", "lines", List.of("a", "b")));
		assertThat(built).isEqualTo(constructed);
	}

	@Test
	void aNullPropertyAddsNothingAndPropertiesKeepTheirOrder() {
		Event event = Event.of(EventTypes.NOTE)
			.externalId("n1")
			.at(AT)
			.person(Event.Person.external("c_42"))
			.property("b", "2")
			.property("missing", null)
			.property("a", "1")
			.build();

		assertThat(event.properties()).containsOnlyKeys("b", "a");
		assertThat(event.properties().keySet()).containsExactly("b", "a");
	}

	@Test
	void buildingWithoutTimeIdOrPersonSaysWhatIsMissing() {
		assertThatIllegalStateException().isThrownBy(() -> Event.of("note").build())
			.withMessage("A note event needs at(..), externalId(..), person(..)");
		assertThatIllegalStateException()
			.isThrownBy(() -> Event.of("note").at(AT).externalId(" ").person(Event.Person.email("a@b.c")).build())
			.withMessage("A note event needs externalId(..)");
	}

	@Test
	void aBuilderCanBuildAgainAndTheEventsDoNotShareState() {
		Event.Builder builder = Event.of("note").at(AT).externalId("n1").person(Event.Person.anonymous("aid-1"));
		Event first = builder.build();
		Event second = builder.property("later", "x").build();

		assertThat(first.properties()).isEmpty();
		assertThat(second.properties()).containsEntry("later", "x");
		assertThat(first.person().anonymousId()).isEqualTo("aid-1");
	}

	@Test
	void aPersonsFullNameSplitsAtTheFirstSpace() {
		assertThat(Event.Person.email("a@b.c").name("  Ada   King Lovelace ")).extracting("firstName", "lastName")
			.containsExactly("Ada", "King Lovelace");
		assertThat(Event.Person.email("a@b.c").name("Cher")).extracting("firstName", "lastName")
			.containsExactly("Cher", null);
		Event.Person named = Event.Person.email("a@b.c").name("Ada", "Lovelace");
		assertThat(named.name((String) null)).isEqualTo(named);
		assertThat(named.name(" ")).isEqualTo(named);
	}

	@Test
	void everyPersonAndAccountWitherChangesOneComponent() {
		Event.Person person = Event.Person.email("ada@example.com")
			.title("CTO")
			.phone("+44 20 0000 0000")
			.anonymousId("aid-9")
			.externalId("c_9");
		assertThat(person)
			.isEqualTo(new Event.Person("ada@example.com", null, null, "CTO", "+44 20 0000 0000", "aid-9", "c_9"));
		assertThat(Event.Person.external("c_9").identified()).isTrue();
		assertThat(Event.Person.email(null).identified()).isFalse();

		Event.Account account = Event.Account.named("Acme")
			.industry("Software")
			.employees(50)
			.annualRevenue(new BigDecimal("1000000"))
			.country("GB");
		assertThat(account).isEqualTo(new Event.Account(null, "Acme", "Software", 50, new BigDecimal("1000000"), "GB"));
	}

	@Test
	void aDescriptorBuiltLeavesVersionAndRangeToTheManifest() {
		ConnectorDescriptor descriptor = ConnectorDescriptor.of("booking", "Booking")
			.category(ConnectorDescriptor.Category.SCHEDULING)
			.description("Demo requests")
			.produces(EventTypes.DEMO_REQUESTED, EventTypes.NOTE)
			.actions("add_note")
			.hosts("api.booking.example")
			.build();

		assertThat(descriptor).isEqualTo(new ConnectorDescriptor("booking", "Booking", null, null,
				ConnectorDescriptor.Category.SCHEDULING, "Demo requests", java.util.Set.of("demo_requested", "note"),
				java.util.Set.of("add_note"), java.util.Set.of("api.booking.example")));
		assertThat(ConnectorDescriptor.of("x", "X").build().category()).isEqualTo(ConnectorDescriptor.Category.OTHER);

		ConnectorDescriptor loaded = descriptor.withManifestDefaults("2.1.0", PluginApi.REQUIRES_1_1);
		assertThat(loaded.version()).isEqualTo("2.1.0");
		assertThat(loaded.requires()).isEqualTo(PluginApi.REQUIRES_1_1);
		assertThat(loaded.produces()).isEqualTo(descriptor.produces());
	}

	@Test
	void aDescriptorsOwnVersionAndRangeWinOverTheManifest() {
		ConnectorDescriptor own = ConnectorDescriptor.of("booking", "Booking")
			.version("1.0.0")
			.requires(PluginApi.REQUIRES)
			.build();

		assertThat(own.withManifestDefaults("2.1.0", PluginApi.REQUIRES_1_1)).isSameAs(own);
	}

	@Test
	void checkDefaultsToNothingToCheck() throws Exception {
		Connector connector = new Connector() {
		};

		CheckResult result = connector.check();

		assertThat(result.ok()).isTrue();
		assertThat(result.message()).isEqualTo("Nothing to check: this connector reaches no remote system");
	}

}
