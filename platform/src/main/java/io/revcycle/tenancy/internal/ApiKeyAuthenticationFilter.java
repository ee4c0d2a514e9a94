package io.revcycle.tenancy.internal;

import java.io.IOException;
import java.util.Optional;

import io.revcycle.http.Problems;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-Api-Key}. A request that presents a key is answered 401 unless
 * the key is valid; it must not also carry a bearer token.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Api-Key";

	private final ApiKeys apiKeys;

	ApiKeyAuthenticationFilter(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(HEADER);
		if (presented == null) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			Problems.write(request, response, HttpStatus.BAD_REQUEST,
					"Send either an Authorization bearer token or an X-Api-Key, not both.");
			return;
		}
		Optional<TenantPrincipal> principal = this.apiKeys.authenticate(presented.trim());
		if (principal.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey");
			Problems.write(request, response, HttpStatus.UNAUTHORIZED,
					"The API key is not valid or has been revoked; create a new one with POST /api/v1/api-keys.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new TenantAuthentication(principal.get(), null));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
