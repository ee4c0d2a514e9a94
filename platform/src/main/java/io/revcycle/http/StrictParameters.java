package io.revcycle.http;

import io.revcycle.kernel.InvalidInput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/**} operation refuses what it would otherwise ignore: a query
 * parameter it does not declare, and a request body (other than {@code {}}) when it takes
 * none. A typo ({@code ?ownr=me}) answers 400 naming the parameters the operation knows,
 * instead of a list that silently ignored the filter.
 */
@Configuration(proxyBeanMethods = false)
class StrictParameters implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new Check()).addPathPatterns("/api/**");
	}

	static final class Check implements HandlerInterceptor {

		@Override
		@SuppressWarnings("unchecked")
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (!(handler instanceof HandlerMethod method)) {
				return true;
			}
			Map<String, List<String>> query = (Map<String, List<String>>) request.getAttribute(RequestSanity.QUERY);
			Set<String> declared = new TreeSet<>();
			boolean anyParameter = false;
			boolean body = false;
			boolean raw = false;
			for (MethodParameter parameter : method.getMethodParameters()) {
				RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
				if (param != null) {
					if (Map.class.isAssignableFrom(parameter.getParameterType())) {
						anyParameter = true;
					}
					String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
					declared.add(name);
				}
				if (parameter.hasParameterAnnotation(RequestBody.class)) {
					body = true;
				}
				if (HttpServletRequest.class.isAssignableFrom(parameter.getParameterType())
						|| java.io.InputStream.class.isAssignableFrom(parameter.getParameterType())) {
					raw = true;
				}
			}
			if (query != null && !anyParameter) {
				Collection<String> unknown = new ArrayList<>(query.keySet());
				unknown.removeAll(declared);
				if (!unknown.isEmpty()) {
					throw InvalidInput.of("",
							"Unknown query parameter" + ((unknown.size() > 1) ? "s " : " ") + unknown + "; "
									+ (declared.isEmpty() ? "this operation takes none."
											: "this operation takes " + declared + "."));
				}
			}
			if (!body && !raw && hasBody(request) && !emptyObject(request)) {
				throw InvalidInput.of("", "This operation takes no request body; send none (or {}).");
			}
			return true;
		}

		private static boolean hasBody(HttpServletRequest request) {
			return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
		}

		/**
		 * Whether the body, which no handler reads here, is blank or an empty JSON
		 * object: what many clients send with an action.
		 */
		private static boolean emptyObject(HttpServletRequest request) {
			try {
				byte[] bytes = request.getInputStream().readNBytes(64);
				String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", "");
				return bytes.length < 64 && (text.isEmpty() || text.equals("{}"));
			}
			catch (java.io.IOException ex) {
				return false;
			}
		}

	}

}
