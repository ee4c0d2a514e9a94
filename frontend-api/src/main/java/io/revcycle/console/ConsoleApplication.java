package io.revcycle.console;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The web console and its backend-for-frontend.
 */
@SpringBootApplication
public class ConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsoleApplication.class, args);
	}

	/**
	 * The console's only source of the time (report windows default to the last year).
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
