package city.tsunagu.broker.store;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bounding boxes of {@link GeoIndex} ({@code geo: [{p, lvl, minX, minY, maxX, maxY}]}) in a
 * grid per GeoProperty and size class ({@code lvl}), for the compound index the broker declares
 * on them. A box filter is answered with the boxes that meet the bounds derived from it
 * ({@link CandidatePlanner}); a filter naming a size class reads only that class's grid, so the
 * class branches of {@link GeoIndex}, whose one-sided bounds reach far west and south, do not
 * read every point. (A JTS Quadtree was used before: it widens zero-size envelopes to its
 * smallest non-zero extent, 1° when it holds only points, so every query read every point.)
 */
final class GeoBoxIndex extends SecondaryIndex {
    private final String field;
    private final Map<Key, Grid> grids = new HashMap<>();

    private record Key(String property, int level) {
    }

    /** One box of one document; equal boxes of a document are kept once per occurrence. */
    private record Box(Object position, int level, double minX, double minY, double maxX, double maxY) {
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
                grids.computeIfAbsent(new Key(p, box.level()), k -> new Grid(GeoIndex.maxSpan(k.level()))).add(box)));
    }

    @Override
    void unindex(Document document, Object position) {
        boxes(document, position).forEach((p, boxes) -> boxes.forEach(box -> {
            Grid grid = grids.get(new Key(p, box.level()));
            if (grid != null) {
                grid.remove(box);
            }
        }));
    }

    @Override
    void clear() {
        grids.clear();
    }

    /**
     * Positions of the documents with a box of GeoProperty {@code p} (and size class
     * {@code level}, null = any) such that {@code minX <= highX, maxX >= lowX, minY <= highY,
     * maxY >= lowY} (infinite = unbounded), in no particular order.
     */
    Set<Object> intersecting(String p, Integer level, double lowX, double highX, double lowY, double highY) {
        Set<Object> positions = new HashSet<>();
        grids.forEach((key, grid) -> {
            if (key.property().equals(p) && (level == null || key.level() == level)) {
                grid.visit(lowX, highX, lowY, highY, box -> {
                    if (box.minX() <= highX && box.maxX() >= lowX && box.minY() <= highY && box.maxY() >= lowY) {
                        positions.add(box.position());
                    }
                });
            }
        });
        return positions;
    }

    /**
     * Boxes by the cell of their south-west corner, cells as wide as the class's largest box: a box
     * with {@code minX <= highX} and {@code maxX >= lowX} starts in a column from {@code lowX}
     * less one cell to {@code highX}, likewise for rows. Boxes wider than a cell (a class
     * computed otherwise) are kept aside and always visited.
     */
    private static final class Grid {
        private final double cell;
        private final Map<Long, List<Box>> cells = new HashMap<>();
        private final List<Box> oversize = new ArrayList<>();

        Grid(double cell) {
            this.cell = cell;
        }

        void add(Box box) {
            if (fits(box)) {
                cells.computeIfAbsent(key(index(box.minX()), index(box.minY())), k -> new ArrayList<>()).add(box);
            } else {
                oversize.add(box);
            }
        }

        void remove(Box box) {
            if (!fits(box)) {
                oversize.remove(box);
                return;
            }
            long key = key(index(box.minX()), index(box.minY()));
            List<Box> boxes = cells.get(key);
            if (boxes != null && boxes.remove(box) && boxes.isEmpty()) {
                cells.remove(key);
            }
        }

        void visit(double lowX, double highX, double lowY, double highY, Consumer<Box> visitor) {
            oversize.forEach(visitor);
            long fromX = index(lowX - cell);
            long toX = index(highX);
            long fromY = index(lowY - cell);
            long toY = index(highY);
            if (fromX > toX || fromY > toY) {
                return;
            }
            if ((double) (toX - fromX + 1) * (toY - fromY + 1) > cells.size()) {
                // more cells in the range than occupied ones: go through the occupied ones
                cells.forEach((key, boxes) -> {
                    long x = key >> 32;
                    long y = (int) (long) key;
                    if (x >= fromX && x <= toX && y >= fromY && y <= toY) {
                        boxes.forEach(visitor);
                    }
                });
                return;
            }
            for (long x = fromX; x <= toX; x++) {
                for (long y = fromY; y <= toY; y++) {
                    List<Box> boxes = cells.get(key(x, y));
                    if (boxes != null) {
                        boxes.forEach(visitor);
                    }
                }
            }
        }

        private boolean fits(Box box) {
            return box.maxX() - box.minX() <= cell && box.maxY() - box.minY() <= cell;
        }

        /** The cell's column or row of a coordinate; one cell for the unbounded class. */
        private long index(double coordinate) {
            if (Double.isInfinite(cell)) {
                return 0;
            }
            double index = Math.floor(coordinate / cell);
            return (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, index));
        }

        private static long key(long x, long y) {
            return x << 32 | (y & 0xFFFFFFFFL);
        }
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
