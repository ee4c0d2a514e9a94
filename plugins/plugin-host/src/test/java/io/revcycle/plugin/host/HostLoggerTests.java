package io.revcycle.plugin.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.revcycle.plugin.api.ConnectorConfig;

import static org.assertj.core.api.Assertions.assertThat;

class HostLoggerTests {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final HostLogger logger = new HostLogger("stub", "acme", "i-1",
			Secrets.of(Stubs.SPEC, new ConnectorConfig(Map.of("apiKey", "sk_live_42"))), this.lines::add);

	@Test
	void namesTheConnectorAndPrefixesTenantAndInstance() {
		this.logger.log(Level.INFO, "polled {0} events", 3);
		assertThat(this.logger.getName()).isEqualTo("revcycle.connector.stub");
		assertThat(this.lines).containsExactly("INFO [tenant=acme instance=i-1] polled 3 events");
	}

	@Test
	void masksSecretsInMessagesParametersAndThrownMessages() {
		this.logger.log(Level.WARNING, "key sk_live_42 refused");
		this.logger.log(Level.ERROR, "calling with {0}", "sk_live_42");
		this.logger.log(Level.ERROR, "call failed", new IOException("401 for sk_live_42"));
		this.logger.log(Level.DEBUG, () -> "supplied sk_live_42");
		assertThat(String.join("\n", this.lines)).doesNotContain("sk_live_42");
		assertThat(this.lines).containsExactly("WARNING [tenant=acme instance=i-1] key **** refused",
				"ERROR [tenant=acme instance=i-1] calling with ****",
				"ERROR [tenant=acme instance=i-1] call failed | java.io.IOException: 401 for ****",
				"DEBUG [tenant=acme instance=i-1] supplied ****");
	}

	@Test
	void keepsAMessageWhoseFormatIsBroken() {
		this.logger.log(Level.INFO, "odd {0 format", "x");
		assertThat(this.lines).singleElement().asString().contains("odd {0 format");
		assertThat(this.logger.isLoggable(Level.OFF)).isFalse();
	}

	@Test
	void holdsAFloodingConnectorToItsRateAndSaysHowManyLinesItDropped() {
		AtomicLong nanos = new AtomicLong();
		List<String> written = new CopyOnWriteArrayList<>();
		HostLogger flooding = new HostLogger("stub", "acme", "i-2",
				Secrets.of(Stubs.SPEC, new ConnectorConfig(Map.of())), written::add, nanos::get);
		for (int i = 0; i < 1000; i++) {
			flooding.log(Level.WARNING, "line {0}", i);
		}
		assertThat(written).as("the burst, then nothing").hasSize(HostLogger.BURST);
		assertThat(written.get(HostLogger.BURST - 1)).endsWith("line " + (HostLogger.BURST - 1));
		// a second later: the count of what was dropped, then the line
		nanos.addAndGet(1_000_000_000L);
		flooding.log(Level.INFO, "after the flood");
		assertThat(written.subList(HostLogger.BURST, written.size())).containsExactly(
				"WARNING [tenant=acme instance=i-2] 800 lines of this connector were dropped: it wrote more than 20 "
						+ "lines a second",
				"INFO [tenant=acme instance=i-2] after the flood");
		// the rate holds: 20 lines a second, then dropped again
		for (int i = 0; i < 100; i++) {
			flooding.log(Level.INFO, "again {0}", i);
		}
		assertThat(written).hasSize(HostLogger.BURST + 2 + HostLogger.LINES_PER_SECOND - 1);
		// another instance of the same connector has its own allowance
		this.logger.log(Level.INFO, "unaffected");
		assertThat(this.lines).containsExactly("INFO [tenant=acme instance=i-1] unaffected");
	}

}
