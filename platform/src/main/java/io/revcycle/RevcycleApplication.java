package io.revcycle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.modulith.Modulithic;

/**
 * The Revcycle platform: the revenue-cycle engine, one feature per top-level package.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Revcycle platform")
@EnableScheduling
public class RevcycleApplication {

	/**
	 * The one source of time: injected everywhere, replaced in tests. Ticks in
	 * microseconds, the precision PostgreSQL keeps, so what the API answers on create is
	 * what it answers on read.
	 */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
	}

	public static void main(String[] args) {
		SpringApplication.run(RevcycleApplication.class, args);
	}

}
