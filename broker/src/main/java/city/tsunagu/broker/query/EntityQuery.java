package city.tsunagu.broker.query;

import city.tsunagu.broker.query.geo.GeoQuery;
import city.tsunagu.broker.query.language.Condition;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A query over entities (ETSI GS CIM 009 v1.9.1, 5.7.2), with expanded names: entity ids, an id
 * pattern, attributes of which an entity must have at least one, a condition (type selection,
 * q and scopeQ in one AST; null = none) and a geo-query (null = none), and the page.
 */
public record EntityQuery(List<String> ids, Pattern idPattern, List<String> attrs, Condition condition, GeoQuery geo,
                          int offset, int limit) {
    public EntityQuery {
        ids = List.copyOf(ids);
        attrs = List.copyOf(attrs);
    }
}
