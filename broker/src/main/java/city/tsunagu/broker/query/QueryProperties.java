package city.tsunagu.broker.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of entity queries.
 *
 * @param defaultLimit page size when the request gives no {@code limit}
 * @param maxLimit     largest {@code limit} accepted (env TSUNAGU_QUERY_MAX_LIMIT); above it: 400
 */
@ConfigurationProperties("tsunagu.query")
public record QueryProperties(@DefaultValue("20") int defaultLimit, @DefaultValue("1000") int maxLimit) {
}
