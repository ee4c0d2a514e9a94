package io.revcycle;

import io.revcycle.testsupport.ApiClient;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test of the platform's API over real HTTP, on a random port, against the real
 * services.
 */
@RevcycleTest
public abstract class ApiTest {

	@LocalServerPort
	protected int port;

	protected ApiClient api;

	@BeforeEach
	void connect() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

}
