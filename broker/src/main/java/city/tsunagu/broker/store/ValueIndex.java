package city.tsunagu.broker.store;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An index on one field path: the positions of the documents holding each value there, values
 * in mongo-java-server's order ({@link ValueComparator}, where 5 and 5.0 are one value) and
 * positions in _id order ({@link IndexedH2Collection#ID_ORDER}, the same order, faster). Arrays on the way are followed into their elements and an array at the end is indexed
 * by its elements, as MongoDB's multikey indexes do (entity {@code type}, the instances of an
 * attribute). Strings, numbers, booleans and dates are indexed; other values (documents, nested
 * arrays, null) are not, and conditions on them are not narrowed.
 */
final class ValueIndex extends SecondaryIndex {
    private final String path;
    private final List<String> fields;
    private final NavigableMap<Object, NavigableSet<Object>> byValue = new TreeMap<>(ValueComparator.asc());

    ValueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.path = keys.get(0).getKey();
        this.fields = List.of(path.split("\\."));
    }

    String path() {
        return path;
    }

    @Override
    void index(Document document, Object position) {
        for (Object value : values(document)) {
            byValue.computeIfAbsent(value, v -> new TreeSet<>(IndexedH2Collection.ID_ORDER)).add(position);
        }
    }

    @Override
    void unindex(Document document, Object position) {
        for (Object value : values(document)) {
            NavigableSet<Object> positions = byValue.get(value);
            if (positions != null && positions.remove(position) && positions.isEmpty()) {
                byValue.remove(value);
            }
        }
    }

    @Override
    void clear() {
        byValue.clear();
    }

    /** Positions of the documents holding {@code value}; not to be changed. */
    Set<Object> equal(Object value) {
        NavigableSet<Object> positions = byValue.get(value);
        return positions == null ? Set.of() : positions;
    }

    Set<Object> in(Collection<?> values) {
        Set<Object> union = new HashSet<>();
        for (Object value : values) {
            union.addAll(equal(value));
        }
        return union;
    }

    /**
     * Positions of the documents holding a value within the bounds (null = unbounded) that the
     * query matcher compares with them: numbers with numbers, otherwise the same type.
     */
    Set<Object> range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        NavigableMap<Object, NavigableSet<Object>> view = byValue;
        if (low != null) {
            view = view.tailMap(low, lowInclusive);
        }
        if (high != null) {
            view = view.headMap(high, highInclusive);
        }
        Object bound = low != null ? low : high;
        if (low == null) {
            view = view.descendingMap(); // from the bound outwards, so the scan stops where the type changes
        }
        Set<Object> union = new HashSet<>();
        for (Map.Entry<Object, NavigableSet<Object>> entry : view.entrySet()) {
            if (!comparable(entry.getKey(), bound)) {
                break;
            }
            union.addAll(entry.getValue());
        }
        return union;
    }

    /** Whether a value of a query can be looked up: what this index keeps. */
    static boolean indexable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Instant
                || value instanceof Number n && !Double.isNaN(n.doubleValue());
    }

    /** As mongo-java-server's matcher decides whether $gt, $lt, ... compare two values at all. */
    private static boolean comparable(Object value, Object bound) {
        return value instanceof Number && bound instanceof Number || value.getClass().equals(bound.getClass());
    }

    private List<Object> values(Document document) {
        List<Object> values = new ArrayList<>();
        collect(document, 0, values);
        return values;
    }

    private void collect(Object node, int depth, List<Object> values) {
        if (depth == fields.size()) {
            if (node instanceof List<?> elements) {
                elements.stream().filter(ValueIndex::indexable).forEach(values::add);
            } else if (indexable(node)) {
                values.add(node);
            }
        } else if (node instanceof List<?> elements) {
            elements.forEach(element -> collect(element, depth, values));
        } else if (node instanceof Document document && document.containsKey(fields.get(depth))) {
            collect(document.get(fields.get(depth)), depth + 1, values);
        }
    }
}
