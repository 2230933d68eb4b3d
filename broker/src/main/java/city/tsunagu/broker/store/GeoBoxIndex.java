package city.tsunagu.broker.store;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.quadtree.Quadtree;

/**
 * The bounding boxes of {@link GeoIndex} ({@code geo: [{p, lvl, minX, minY, maxX, maxY}]}) in a
 * quadtree per GeoProperty and size class ({@code lvl}), for the compound index the broker
 * declares on them. A box filter is answered with the boxes that intersect an envelope derived
 * from it ({@link CandidatePlanner}); a filter naming a size class reads only that class's tree,
 * so the class branches of {@link GeoIndex}, whose one-sided bounds reach far west and south,
 * do not read every point.
 */
final class GeoBoxIndex extends SecondaryIndex {
    private final String field;
    private final Map<Key, Quadtree> trees = new HashMap<>();

    private record Key(String property, int level) {
    }

    /** One box of one document; equal boxes of a document are kept once per occurrence. */
    private record Box(Object position, int level, double minX, double minY, double maxX, double maxY) {
        Envelope envelope() {
            return new Envelope(minX, maxX, minY, maxY);
        }
    }

    GeoBoxIndex(String name, List<IndexKey> keys, boolean sparse, String field) {
        super(name, keys, sparse);
        this.field = field;
    }

    String field() {
        return field;
    }

    @Override
    void index(Document document, Object position) {
        boxes(document, position).forEach((p, boxes) -> boxes.forEach(box ->
                trees.computeIfAbsent(new Key(p, box.level()), k -> new Quadtree()).insert(box.envelope(), box)));
    }

    @Override
    void unindex(Document document, Object position) {
        boxes(document, position).forEach((p, boxes) -> boxes.forEach(box -> {
            Quadtree tree = trees.get(new Key(p, box.level()));
            if (tree != null) {
                tree.remove(box.envelope(), box);
            }
        }));
    }

    @Override
    void clear() {
        trees.clear();
    }

    /**
     * Positions of the documents with a box of GeoProperty {@code p} (and size class
     * {@code level}, null = any) such that {@code minX <= highX, maxX >= lowX, minY <= highY,
     * maxY >= lowY} (infinite = unbounded).
     */
    Set<Object> intersecting(String p, Integer level, double lowX, double highX, double lowY, double highY) {
        Set<Object> positions = new TreeSet<>(ValueComparator.asc());
        // every such box meets this envelope, also when the bounds cross (a box holding [highX, lowX])
        Envelope search = new Envelope(finite(Math.min(lowX, highX)), finite(Math.max(lowX, highX)),
                finite(Math.min(lowY, highY)), finite(Math.max(lowY, highY)));
        trees.forEach((key, tree) -> {
            if (key.property().equals(p) && (level == null || key.level() == level)) {
                for (Object item : tree.query(search)) {
                    Box box = (Box) item;
                    if (box.minX() <= highX && box.maxX() >= lowX && box.minY() <= highY && box.maxY() >= lowY) {
                        positions.add(box.position());
                    }
                }
            }
        });
        return positions;
    }

    private static double finite(double value) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, value));
    }

    private Map<String, List<Box>> boxes(Document document, Object position) {
        Map<String, List<Box>> boxes = new HashMap<>();
        if (document.get(field) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Document box && box.get(GeoIndex.PROPERTY) instanceof String p
                        && box.get(GeoIndex.LEVEL) instanceof Number level && box.get(GeoIndex.MIN_X) instanceof Number minX && box.get(GeoIndex.MIN_Y) instanceof Number minY
                        && box.get(GeoIndex.MAX_X) instanceof Number maxX && box.get(GeoIndex.MAX_Y) instanceof Number maxY) {
                    boxes.computeIfAbsent(p, k -> new ArrayList<>()).add(new Box(position, level.intValue(),
                            minX.doubleValue(), minY.doubleValue(), maxX.doubleValue(), maxY.doubleValue()));
                }
            }
        }
        return boxes;
    }
}
