package city.tsunagu.broker.common.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.accept.RequestedContentTypeResolverBuilder;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Handlers negotiate the response type themselves ({@link AcceptNegotiation}, with the NGSI-LD
 * rules and tolerance of malformed weights), so the framework is told the client accepts
 * anything and does not refuse a response the handler already chose.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebFluxConfigurer {
    @Override
    public void configureContentTypeResolver(RequestedContentTypeResolverBuilder builder) {
        builder.resolver(exchange -> List.of(MediaType.ALL));
    }
}
