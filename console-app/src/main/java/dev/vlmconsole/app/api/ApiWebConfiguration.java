package dev.vlmconsole.app.api;

import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What keeps the machine API answering in its own terms: body limits on every request, JSON
 * read limits that follow them, 404 problems for unknown API paths, and problems for errors the
 * servlet container or the error page would otherwise answer with HTML.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BodyLimits.class)
class ApiWebConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(BodyLimits limits) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiErrorPageFilter> apiErrorPageFilter() {
        var registration = new FilterRegistrationBean<>(new ApiErrorPageFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.ERROR);
        return registration;
    }

    /**
     * Spring Boot's JSON mapper, built on a factory whose read limits follow the largest body any
     * path accepts (Boot's builder has no way to change the factory). Boot's customizers still apply.
     */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(BodyLimits limits, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        int largest = (int) Math.min(Integer.MAX_VALUE, limits.largest());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.largest())
                .maxStringLength(largest)
                .maxNameLength(Math.min(largest, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().streamReadConstraints(constraints).build());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder;
    }

    /**
     * Unknown paths under {@code /api}: a 404 problem. Ordered after the controllers' mappings (a
     * known path with another method stays a 405) and before Vaadin's catch-all, which would
     * otherwise answer its page with 200.
     */
    @Bean
    SimpleUrlHandlerMapping unknownApiPathMapping() {
        HttpRequestHandler notFound = (request, response) -> ApiErrors.write(response, 404);
        SimpleUrlHandlerMapping mapping =
                new SimpleUrlHandlerMapping(Map.of(ApiPaths.PREFIX, notFound, ApiPaths.PREFIX + "/**", notFound));
        mapping.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return mapping;
    }

    /** Replaces Tomcat's error report valve (added by Spring Boot) with one that answers problems under /api. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            var pipeline = context.getParent().getPipeline();
            for (Valve valve : List.of(pipeline.getValves())) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ApiErrorReportValve());
            // the host adds a default valve at start unless one of this class is there already
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ApiErrorReportValve.class.getName());
            }
        });
    }
}
