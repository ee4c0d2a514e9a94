package io.revcycle;

import java.time.Clock;

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
@Modulithic(systemName = "Revcycle platform", sharedModules = "kernel")
@EnableScheduling
public class RevcycleApplication {

	/**
	 * The one source of time: injected everywhere, replaced in tests.
	 */
	@Bean
	Clock clock() {
		return new MicrosecondClock();
	}

	public static void main(String[] args) {
		SpringApplication.run(RevcycleApplication.class, args);
	}

}
