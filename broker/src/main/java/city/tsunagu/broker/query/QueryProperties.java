package city.tsunagu.broker.query;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of entity queries, and which attributes the store indexes.
 *
 * @param defaultLimit       page size when the request gives no {@code limit}
 * @param maxLimit           largest {@code limit} accepted (env TSUNAGU_QUERY_MAX_LIMIT); above it: 400
 * @param indexedAttributes  attributes whose values the store indexes, so that q terms on them are
 *                           narrowed by an index (env TSUNAGU_INDEXED_ATTRIBUTES, comma-separated
 *                           expanded IRIs or names of the core @context); none by default
 */
@ConfigurationProperties("tsunagu.query")
public record QueryProperties(@DefaultValue("20") int defaultLimit, @DefaultValue("1000") int maxLimit,
                              @DefaultValue("") List<String> indexedAttributes) {
}
