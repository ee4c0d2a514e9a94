package io.revcycle.gateway;

import io.revcycle.testsupport.MovableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

@TestConfiguration(proxyBeanMethods = false)
class GatewayTestConfiguration {

	@Bean
	@Primary
	MovableClock movableClock() {
		return new MovableClock();
	}

	@Bean
	DynamicPropertyRegistrar platformUrl() {
		return (registry) -> registry.add("revcycle.platform-url", Platform::url);
	}

}
