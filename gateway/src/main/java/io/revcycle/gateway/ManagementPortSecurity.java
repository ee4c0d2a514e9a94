package io.revcycle.gateway;

import java.net.InetSocketAddress;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The management port, when it is separate from the gateway's
 * ({@code management.server.port}, as on Kubernetes): health groups for the probes and
 * Prometheus metrics, open to whoever reaches the port; the Helm chart's NetworkPolicy
 * limits that. Routes never lead there.
 */
@Configuration(proxyBeanMethods = false)
class ManagementPortSecurity {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementPort(ServerHttpSecurity http, @Value("${server.port:8080}") int serverPort,
			@Value("${management.server.port:-1}") int managementPort) {
		boolean separate = managementPort > 0 && managementPort != serverPort;
		ServerWebExchangeMatcher onManagementPort = (exchange) -> {
			InetSocketAddress local = exchange.getRequest().getLocalAddress();
			return (separate && local != null && local.getPort() == managementPort)
					? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		};
		return http.securityMatcher(onManagementPort)
			.csrf((csrf) -> csrf.disable())
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
	}

}
