package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The bounding boxes kept with each entity so that the store narrows geo-queries to candidates
 * before JTS decides (architecture decision 3). Layout, in the entity document:
 * <pre>
 * geo: [ { p: "&lt;expanded GeoProperty IRI&gt;", lvl: k, minX, minY, maxX, maxY }, ... ]
 * </pre>
 * one element per GeoProperty instance (each datasetId), degrees, x = longitude. {@code lvl} is
 * the box's size class: its larger side is at most {@code 360 / 8^lvl} degrees ({@link #LEVELS}
 * classes; the last one, up to 0.0014° or about 150 m, holds the points). The class bounds how
 * far west and south of a query box an intersecting box can start, which turns the one-sided
 * conditions of box intersection into two-sided ranges an index can seek on.
 *
 * <p>Filters use only {@code $elemMatch}, {@code $and}, {@code $or}, {@code $eq}, {@code $gte}
 * and {@code $lte}, which MongoDB and the embedded mongo-java-server both serve. Each filter is
 * conservative: every entity that can match is a candidate; JTS removes the others.
 */
public final class GeoIndex {
    /** The entity document's field holding the boxes. */
    public static final String FIELD = "geo";
    public static final String PROPERTY = "p";
    public static final String LEVEL = "lvl";
    public static final String MIN_X = "minX";
    public static final String MIN_Y = "minY";
    public static final String MAX_X = "maxX";
    public static final String MAX_Y = "maxY";
    /** Size classes 0..LEVELS-1; class k holds boxes whose larger side is at most 360 / 8^k degrees. */
    public static final int LEVELS = 7;
    /** Slack for boxes compared for equality, in degrees (about 0.1 mm). */
    private static final double EQUALS_TOLERANCE = 1e-9;

    private GeoIndex() {
    }

    /**
     * The {@code geo} array of an entity: a box for each GeoProperty instance whose value is a
     * geometry JTS can build (any other can match no geo-query). Empty when there is none; then
     * the field can be left out.
     */
    public static List<Document> entries(Map<String, List<Attribute>> attributes) {
        List<Document> entries = new ArrayList<>();
        attributes.forEach((iri, instances) -> {
            for (Attribute instance : instances) {
                if (instance.kind() == AttributeKind.GEO_PROPERTY) {
                    BoundingBox.of(instance.value()).ifPresent(box -> entries.add(entry(iri, box)));
                }
            }
        });
        return entries;
    }

    static Document entry(String iri, BoundingBox box) {
        return new Document(PROPERTY, iri)
                .append(LEVEL, level(box.span()))
                .append(MIN_X, box.minX())
                .append(MIN_Y, box.minY())
                .append(MAX_X, box.maxX())
                .append(MAX_Y, box.maxY());
    }

    /** The size class of a box whose larger side is {@code span} degrees. */
    static int level(double span) {
        int level = 0;
        while (level + 1 < LEVELS && span <= maxSpan(level + 1)) {
            level++;
        }
        return level;
    }

    /** The largest side a box of class {@code level} has, in degrees; class 0 is unbounded. */
    public static double maxSpan(int level) {
        return level == 0 ? Double.POSITIVE_INFINITY : 360 / Math.pow(8, level);
    }

    /**
     * A filter every entity that can satisfy the query passes: its geoproperty has a box that
     * <ul>
     * <li>near with maxDistance: intersects the reference geometry's box grown by maxDistance;</li>
     * <li>within: lies inside the reference box;</li>
     * <li>contains: holds the reference box;</li>
     * <li>equals: equals the reference box;</li>
     * <li>intersects, overlaps: intersects the reference box;</li>
     * <li>disjoint, near with only minDistance: exists (no narrowing is safe).</li>
     * </ul>
     */
    public static Bson candidateFilter(GeoQuery query) {
        String p = query.geoproperty();
        BoundingBox box = BoundingBox.of(GeoJson.referenceGeometry(query.geometry(), query.coordinates()));
        return switch (query.georel().relation()) {
            case NEAR -> query.georel().maxDistance() == null ? exists(p) : intersecting(p, box.expandedBy(query.georel().maxDistance()));
            case INTERSECTS, OVERLAPS -> intersecting(p, box);
            case WITHIN -> Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p),
                    range(MIN_Y, box.minY(), box.maxY()), range(MIN_X, box.minX(), box.maxX()),
                    Filters.lte(MAX_Y, box.maxY()), Filters.lte(MAX_X, box.maxX())));
            case CONTAINS -> containing(p, box);
            case EQUALS -> Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p),
                    range(MIN_Y, box.minY() - EQUALS_TOLERANCE, box.minY() + EQUALS_TOLERANCE),
                    range(MIN_X, box.minX() - EQUALS_TOLERANCE, box.minX() + EQUALS_TOLERANCE),
                    range(MAX_Y, box.maxY() - EQUALS_TOLERANCE, box.maxY() + EQUALS_TOLERANCE),
                    range(MAX_X, box.maxX() - EQUALS_TOLERANCE, box.maxX() + EQUALS_TOLERANCE)));
            case DISJOINT -> exists(p);
        };
    }

    /**
     * The index the filters seek on, one for all GeoProperties: a multikey compound index on the
     * array elements. The embedded mongo-java-server accepts and ignores it (it scans).
     */
    public static List<IndexModel> indexes() {
        return List.of(new IndexModel(Indexes.ascending(FIELD + "." + PROPERTY, FIELD + "." + LEVEL,
                FIELD + "." + MIN_Y, FIELD + "." + MIN_X), new IndexOptions().name("geo")));
    }

    private static Bson exists(String p) {
        return Filters.elemMatch(FIELD, Filters.eq(PROPERTY, p));
    }

    /**
     * Boxes of class k that intersect q start at most maxSpan(k) west and south of q. The plain
     * intersection test comes first: it alone is what mongo-java-server (which scans) evaluates
     * for most documents; the class branches give MongoDB two-sided ranges to seek on.
     */
    private static Bson intersecting(String p, BoundingBox q) {
        Bson plain = Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p), atMost(MIN_X, q.maxX()), atLeast(MAX_X, q.minX()),
                atMost(MIN_Y, q.maxY()), atLeast(MAX_Y, q.minY())));
        List<Bson> branches = new ArrayList<>(LEVELS);
        for (int level = 0; level < LEVELS; level++) {
            double span = maxSpan(level);
            branches.add(Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p), Filters.eq(LEVEL, level),
                    range(MIN_Y, q.minY() - span, q.maxY()), range(MIN_X, q.minX() - span, q.maxX()))));
        }
        return Filters.and(plain, Filters.or(branches));
    }

    /** Boxes of class k that hold q start between maxSpan(k) west of q's east side and q's west side. */
    private static Bson containing(String p, BoundingBox q) {
        Bson plain = Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p), atMost(MIN_X, q.minX()), atLeast(MAX_X, q.maxX()),
                atMost(MIN_Y, q.minY()), atLeast(MAX_Y, q.maxY())));
        List<Bson> branches = new ArrayList<>(LEVELS);
        for (int level = 0; level < LEVELS; level++) {
            double span = maxSpan(level);
            if (q.maxX() - q.minX() > span || q.maxY() - q.minY() > span) {
                continue;
            }
            branches.add(Filters.elemMatch(FIELD, and(Filters.eq(PROPERTY, p), Filters.eq(LEVEL, level),
                    range(MIN_Y, q.maxY() - span, q.minY()), range(MIN_X, q.maxX() - span, q.minX()))));
        }
        return Filters.and(plain, branches.size() == 1 ? branches.get(0) : Filters.or(branches));
    }

    /** lo ≤ field ≤ hi, leaving out an infinite side. */
    private static Bson range(String field, double lo, double hi) {
        if (Double.isInfinite(lo) && Double.isInfinite(hi)) {
            return null;
        }
        if (Double.isInfinite(lo)) {
            return Filters.lte(field, hi);
        }
        if (Double.isInfinite(hi)) {
            return Filters.gte(field, lo);
        }
        return new Document(field, new Document("$gte", lo).append("$lte", hi));
    }

    private static Bson atMost(String field, double hi) {
        return Double.isInfinite(hi) ? null : Filters.lte(field, hi);
    }

    private static Bson atLeast(String field, double lo) {
        return Double.isInfinite(lo) ? null : Filters.gte(field, lo);
    }

    private static Bson and(Bson... filters) {
        List<Bson> present = new ArrayList<>(filters.length);
        for (Bson filter : filters) {
            if (filter != null) {
                present.add(filter);
            }
        }
        return Filters.and(present);
    }
}
