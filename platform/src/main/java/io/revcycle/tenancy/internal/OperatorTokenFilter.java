package io.revcycle.tenancy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import io.revcycle.http.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates operators on {@code /operator/**} by the operator token
 * ({@link TenancySettings#operatorToken()}) in {@code X-Operator-Token}, compared in
 * constant time. Without a configured token the endpoints are disabled.
 */
class OperatorTokenFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Operator-Token";

	/** The authority of an authenticated operator. */
	static final String OPERATOR = "OPERATOR";

	private final TenancySettings settings;

	OperatorTokenFilter(TenancySettings settings) {
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.settings.operatorEnabled()) {
			Problems.write(request, response, HttpStatus.FORBIDDEN, "The operator endpoints are disabled on this "
					+ "platform: set revcycle.tenancy.operator-token (REVCYCLE_OPERATOR_TOKEN) to enable them.");
			return;
		}
		String presented = request.getHeader(HEADER);
		if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				this.settings.operatorToken().getBytes(StandardCharsets.UTF_8))) {
			Problems.write(request, response, HttpStatus.UNAUTHORIZED,
					"Send the platform's operator token (REVCYCLE_OPERATOR_TOKEN) in the " + HEADER + " header.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator", null,
				List.of(new SimpleGrantedAuthority(OPERATOR))));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
