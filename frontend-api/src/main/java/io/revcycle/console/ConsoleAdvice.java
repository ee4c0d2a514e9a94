package io.revcycle.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.PlatformApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.RestClientException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * What every page shares: who is signed in, and how the platform's errors are shown. A
 * 404 of the platform (another tenant's record answers exactly like a missing one) is the
 * console's not-found page; other refusals become a friendly message with what to fix, as
 * a page or, for htmx requests, as a notice in place.
 */
@ControllerAdvice
class ConsoleAdvice {

	static final String USER = ConsoleUser.class.getName();

	private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> ROLES = List.of("tenant-admin", "marketing", "sdr", "ae", "finance", "support");

	private final PlatformApi api;

	ConsoleAdvice(PlatformApi api) {
		this.api = api;
	}

	@ModelAttribute("me")
	ConsoleUser me(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
			return null;
		}
		HttpSession session = request.getSession();
		if (session.getAttribute(USER) instanceof ConsoleUser known) {
			return known;
		}
		String name = (user.getFullName() != null && !user.getFullName().isBlank()) ? user.getFullName()
				: user.getEmail();
		JsonNode me;
		try {
			me = this.api.get(this.api.path("/api/v1/me"));
		}
		catch (ApiProblem | RestClientException ex) {
			// the platform cannot say: what the tokens say, not kept, so the next page
			// asks again
			log.warn("Could not read the signed-in user from the platform: {}", ex.getMessage());
			return fromTokens(user, name);
		}
		List<String> roles = new ArrayList<>();
		me.path("roles").forEach((role) -> roles.add(role.asString()));
		ConsoleUser console = new ConsoleUser(me.path("id").asString(), name, user.getEmail(),
				me.path("tenant").asString(), List.copyOf(roles));
		session.setAttribute(USER, console);
		return console;
	}

	private ConsoleUser fromTokens(OidcUser user, String name) {
		JsonNode access;
		try {
			String[] parts = this.api.accessToken().split("\\.");
			access = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			access = JSON.createObjectNode();
		}
		String tenant = tenant(user.getClaims().get("organization"));
		if (tenant == null) {
			tenant = tenant(JSON.convertValue(access.get("organization"), Object.class));
		}
		List<String> roles = access.path("realm_access")
			.path("roles")
			.valueStream()
			.map(JsonNode::asString)
			.filter(ROLES::contains)
			.toList();
		return new ConsoleUser(user.getSubject(), name, user.getEmail(), (tenant != null) ? tenant : "", roles);
	}

	private static String tenant(Object claim) {
		if (claim instanceof Collection<?> aliases && aliases.size() == 1) {
			return String.valueOf(aliases.iterator().next());
		}
		if (claim instanceof Map<?, ?> aliases && aliases.size() == 1) {
			return String.valueOf(aliases.keySet().iterator().next());
		}
		return null;
	}

	@ModelAttribute("htmx")
	boolean htmx(HttpServletRequest request) {
		return "true".equals(request.getHeader("HX-Request"));
	}

	@ExceptionHandler(ApiProblem.class)
	ModelAndView problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response) {
		if (problem.status() == 401) {
			request.getSession().invalidate();
			return new ModelAndView("redirect:/");
		}
		if (problem.notFound()) {
			return notFound(request);
		}
		boolean htmx = "true".equals(request.getHeader("HX-Request"));
		ModelAndView page = new ModelAndView(htmx ? "fragments/notice :: problem" : "error/problem");
		page.addObject("problem", problem);
		if (htmx) {
			// a refusal shows where the user acted; htmx swaps 2xx answers only, so tell
			// it
			// to swap this one into the page's notice area
			response.setHeader("HX-Retarget", "#notice");
			response.setHeader("HX-Reswap", "innerHTML");
		}
		page.setStatus(org.springframework.http.HttpStatus.valueOf(problem.status() >= 500 ? 502 : problem.status()));
		page.addObject("me", signedIn(request));
		return page;
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, NoResourceFoundException.class })
	ModelAndView notFound(HttpServletRequest request) {
		ModelAndView page = new ModelAndView("error/404");
		page.setStatus(org.springframework.http.HttpStatus.NOT_FOUND);
		page.addObject("me", signedIn(request));
		return page;
	}

	/** Who is signed in, as known to the session: error pages keep the navigation. */
	private static ConsoleUser signedIn(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(USER) instanceof ConsoleUser user) ? user : null;
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ModelAndView missing(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) {
		return problem(new ApiProblem(400, "Incomplete form", ex.getParameterName() + " is required.", List.of()),
				request, response);
	}

	@ExceptionHandler(MultipartException.class)
	ModelAndView upload(MultipartException ex, HttpServletRequest request, HttpServletResponse response) {
		if (ex instanceof MaxUploadSizeExceededException) {
			return problem(new ApiProblem(413, "File too large",
					"The console takes files of up to 5 MB. Split the file into several of fewer rows and import each.",
					List.of()), request, response);
		}
		return problem(
				new ApiProblem(400, "Unreadable upload",
						"The file did not arrive whole. Choose it again and import it once more.", List.of()),
				request, response);
	}

	@ExceptionHandler(RestClientException.class)
	ModelAndView unreachable(RestClientException ex, HttpServletRequest request, HttpServletResponse response) {
		log.warn("The platform's API did not answer: {}", ex.getMessage());
		return problem(new ApiProblem(503, "The service is unavailable",
				"Revcycle's engine did not answer. Try again in a moment.", List.of()), request, response);
	}

	@ExceptionHandler(ClientAuthorizationException.class)
	String signInAgain(HttpServletRequest request) {
		request.getSession().invalidate();
		return "redirect:/";
	}

}
