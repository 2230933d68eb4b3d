package city.tsunagu.broker.query;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A query over entities (ETSI GS CIM 009 v1.9.1, 5.7.2): the selectors this broker evaluates in
 * the store. Types and attribute names are expanded; an empty list selects all; with attrs,
 * only entities having at least one of them match.
 */
public record EntityQuery(List<String> ids, Pattern idPattern, List<String> types, List<String> attrs, int offset, int limit) {
    public EntityQuery {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
        attrs = List.copyOf(attrs);
    }
}
