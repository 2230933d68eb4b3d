package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.query.geo.GeoJson;
import city.tsunagu.broker.query.geo.GeodesicDistance;
import city.tsunagu.broker.query.language.AttributePath;
import city.tsunagu.broker.query.language.QueryLanguage;
import java.math.BigDecimal;
import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;

/**
 * Entity ordering (ETSI GS CIM 009 v1.9.1, 4.23): {@code orderBy} is a comma-separated list of
 * {@code path[;asc|;desc|;dist-asc|;dist-desc]}, the path as q writes it ({@code id}, {@code type},
 * {@code createdAt}, {@code name}, {@code name.sub}, {@code name.observedAt}, {@code address[city]}).
 * Values of different kinds rank numbers, then strings, then booleans, objects, arrays, and
 * entities without the value come last in either direction. Strings compare by code point, or
 * by the {@code collation} given (a BCP 47 tag such as {@code und} or {@code de-u-co-phonebk}).
 * Distance orders by the geodesic distance of a GeoProperty from {@code orderFrom}. Ties keep
 * the id order, so that pages are stable.
 */
public final class EntityOrder implements Comparator<Entity> {
    private static final int MAX_KEYS = 16;

    private enum Direction { ASC, DESC, DIST_ASC, DIST_DESC }

    private record Key(AttributePath path, boolean id, boolean type, Direction direction) {
    }

    private final List<Key> keys;
    private final Comparator<String> strings;
    private final Geometry from;

    private EntityOrder(List<Key> keys, Comparator<String> strings, Geometry from) {
        this.keys = keys;
        this.strings = strings;
        this.from = from;
    }

    /**
     * @param orderBy   the orderBy list
     * @param collation a BCP 47 tag, or null for code point order
     * @param from      the reference geometry of distance ordering, or null
     */
    public static EntityOrder parse(String orderBy, String collation, Geometry from, LdContext ctx) {
        List<Key> keys = new ArrayList<>();
        for (String item : orderBy.split(",", -1)) {
            keys.add(key(item.trim(), ctx));
        }
        if (keys.size() > MAX_KEYS) {
            throw new BadRequestDataException("orderBy may name at most " + MAX_KEYS + " members");
        }
        if (from == null && keys.stream().anyMatch(k -> k.direction() == Direction.DIST_ASC || k.direction() == Direction.DIST_DESC)) {
            throw new BadRequestDataException("orderBy by distance (dist-asc, dist-desc) needs the reference point: give orderFrom"
                    + " (e.g. orderFrom=[136.6480,36.5781]) or, in a POST query, ordering.coordinates");
        }
        return new EntityOrder(List.copyOf(keys), collator(collation), from);
    }

    private static Key key(String item, LdContext ctx) {
        if (item.isEmpty()) {
            throw new BadRequestDataException("orderBy has an empty member; write e.g. orderBy=name;asc,createdAt;desc");
        }
        int semicolon = item.lastIndexOf(';');
        String path = semicolon < 0 ? item : item.substring(0, semicolon).trim();
        Direction direction = semicolon < 0 ? Direction.ASC : switch (item.substring(semicolon + 1).trim()) {
            case "asc" -> Direction.ASC;
            case "desc" -> Direction.DESC;
            case "dist-asc" -> Direction.DIST_ASC;
            case "dist-desc" -> Direction.DIST_DESC;
            default -> throw new BadRequestDataException("orderBy direction '" + item.substring(semicolon + 1)
                    + "' in '" + item + "' is not one of asc, desc, dist-asc, dist-desc");
        };
        if ("id".equals(path) || "type".equals(path)) {
            if (direction == Direction.DIST_ASC || direction == Direction.DIST_DESC) {
                throw new BadRequestDataException("orderBy " + item + ": distance ordering needs a GeoProperty, not " + path);
            }
            return new Key(null, "id".equals(path), "type".equals(path), direction);
        }
        return new Key(QueryLanguage.parseAttributePath("orderBy", path, ctx), false, false, direction);
    }

    /** A Collator for a BCP 47 tag ({@code und} is the root collation); null for code point order. */
    private static Comparator<String> collator(String tag) {
        if (tag == null) {
            return EntityOrder::compareCodePoints;
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            throw new BadRequestDataException("collation '" + tag + "' is not a BCP 47 language tag (e.g. und, ja, de-u-co-phonebk): "
                    + e.getMessage());
        }
        Collator collator = Collator.getInstance(locale);
        return collator::compare;
    }

    /**
     * The reference geometry of distance ordering: GeoJSON coordinates of {@code geometry}
     * (default Point) as orderFrom or ordering.coordinates give them.
     */
    public static Geometry reference(String geometry, JsonNode coordinates) {
        return GeoJson.referenceGeometry(geometry == null ? "Point" : geometry, coordinates);
    }

    @Override
    public int compare(Entity a, Entity b) {
        for (Key key : keys) {
            int cmp = compareBy(key, a, b);
            if (cmp != 0) {
                return cmp;
            }
        }
        return a.id().compareTo(b.id());
    }

    private int compareBy(Key key, Entity a, Entity b) {
        Object va = value(key, a);
        Object vb = value(key, b);
        if (va == null || vb == null) {
            return va == null ? (vb == null ? 0 : 1) : -1; // absent last, in either direction
        }
        int cmp = compareValues(va, vb);
        return key.direction() == Direction.DESC || key.direction() == Direction.DIST_DESC ? -cmp : cmp;
    }

    private Object value(Key key, Entity entity) {
        if (key.id()) {
            return entity.id();
        }
        if (key.type()) {
            return entity.types().isEmpty() ? null : entity.types().get(0);
        }
        if (key.direction() == Direction.DIST_ASC || key.direction() == Direction.DIST_DESC) {
            return distance(entity, key.path());
        }
        return QueryLanguage.firstValue(entity, key.path());
    }

    /** Metres from the reference to the GeoProperty (its default instance first); null without one. */
    private Double distance(Entity entity, AttributePath path) {
        List<Attribute> instances = entity.attributes().get(path.attribute());
        if (instances == null || path.attributes().size() > 1) {
            return null;
        }
        Optional<Geometry> geometry = instances.stream()
                .filter(i -> i.kind() == AttributeKind.GEO_PROPERTY)
                .sorted(Comparator.comparing((Attribute i) -> i.datasetId() != null))
                .map(i -> GeoJson.read(i.value()))
                .flatMap(Optional::stream)
                .findFirst();
        return geometry.map(g -> GeodesicDistance.between(g, from)).orElse(null);
    }

    private int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a instanceof Double da) {
            return Double.compare(da, (Double) b);
        }
        if (a instanceof Instant ia) {
            return ia.compareTo((Instant) b);
        }
        if (a instanceof String sa) {
            return strings.compare(sa, (String) b);
        }
        JsonNode na = (JsonNode) a;
        JsonNode nb = (JsonNode) b;
        if (na.isNumber()) {
            return number(na).compareTo(number(nb));
        }
        if (na.isString()) {
            return strings.compare(na.stringValue(), nb.stringValue());
        }
        if (na.isBoolean()) {
            return Boolean.compare(na.booleanValue(), nb.booleanValue());
        }
        return compareCodePoints(na.toString(), nb.toString()); // objects: by their JSON text, for a stable order
    }

    /** 4.23.2: numbers before strings (and DateTimes), then booleans, then structured values. */
    private static int rank(Object value) {
        if (value instanceof Double) {
            return 0;
        }
        if (value instanceof String) {
            return 1;
        }
        if (value instanceof Instant) {
            return 2;
        }
        JsonNode node = (JsonNode) value;
        if (node.isNumber()) {
            return 0;
        }
        if (node.isString()) {
            return 1;
        }
        return node.isBoolean() ? 3 : 4;
    }

    private static BigDecimal number(JsonNode node) {
        return node.decimalValue();
    }

    private static int compareCodePoints(String a, String b) {
        return QueryLanguage.compareCodePoints(a, b);
    }
}
