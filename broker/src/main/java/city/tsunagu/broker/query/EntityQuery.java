package city.tsunagu.broker.query;

import city.tsunagu.broker.query.geo.GeoQuery;
import city.tsunagu.broker.query.language.Condition;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A query over entities (ETSI GS CIM 009 v1.9.1, 5.7.2), with expanded names: entity selectors
 * (any may match; none = all entities), attributes of which an entity must have at least one, a
 * condition (q and scopeQ in one AST; null = none), a geo-query (null = none), the order of the
 * results (null = by id) and the page.
 */
public record EntityQuery(List<Selector> selectors, List<String> attrs, Condition condition, GeoQuery geo,
                          EntityOrder order, int offset, int limit) {
    public EntityQuery {
        selectors = List.copyOf(selectors);
        attrs = List.copyOf(attrs);
    }

    /** A query in id order. */
    public EntityQuery(List<Selector> selectors, List<String> attrs, Condition condition, GeoQuery geo, int offset, int limit) {
        this(selectors, attrs, condition, geo, null, offset, limit);
    }

    /**
     * One EntitySelector (5.2.33): ids (empty = any), an id pattern used only without ids, and a
     * type selection (null = any type).
     */
    public record Selector(List<String> ids, Pattern idPattern, Condition types) {
        public Selector {
            ids = List.copyOf(ids);
        }
    }
}
