package io.revcycle.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The console's static files, each kind under a path of its own: its styles, its script,
 * the icon, and htmx and Chart.js from their webjars (addressed without a version). The
 * catch-all mapping is off ({@code spring.web.resources.add-mappings: false}): with it,
 * every link a page builds (to a person, to an action) was looked up as a file in four
 * class-path folders, and a miss is never cached, which took most of a page's time.
 */
@Configuration(proxyBeanMethods = false)
class StaticFiles implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/");
		registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/");
		registry.addResourceHandler("/*.svg").addResourceLocations("classpath:/static/");
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.resourceChain(true)
			.addResolver(new LiteWebJarsResourceResolver());
	}

}
