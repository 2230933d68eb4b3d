package city.tsunagu.broker.store;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Finds the conditions of a query that the collection's indexes serve and combines their
 * candidates: the intersection for the conditions of a document and of {@code $and} (any one that
 * an index serves is enough), the union for {@code $or} when an index serves every branch.
 * Served: a field compared by equality, {@code $in} or {@code $gt/$gte/$lt/$lte} (a
 * {@link ValueIndex}, or the unique {@code _id} index for equality and {@code $in}), also inside
 * {@code $elemMatch} (the field is then the array's path plus the inner name), and the box
 * filters of {@link GeoIndex} (a {@link GeoBoxIndex}). Everything else ({@code $ne}, {@code $nin},
 * {@code $exists}, {@code $regex}, {@code $nor}, ...) is left to the matcher.
 *
 * <p>Candidates are exact (they are the matches, no more) when every condition of the query is
 * served exactly: a string compared by equality or {@code $in} on a top-level field with a
 * {@link ValueIndex} or the unique {@code _id} index, in documents, {@code $and}s and {@code $or}s.
 * For a string there the matcher and the index agree (one value or any element of an array, by
 * {@link String#equals}); ranges, {@code $elemMatch}, dotted paths and boxes only narrow.
 */
final class CandidatePlanner {
    private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor", "$not", "$expr", "$where");
    private final Map<String, ValueIndex> values = new HashMap<>();
    private final Map<String, GeoBoxIndex> boxes = new HashMap<>();
    private final Map<String, Index<Object>> unique = new HashMap<>();

    /**
     * Candidate positions, computed when asked, in no particular order (a document's position is
     * the same object in every index, so sets of them are compared by equals); {@code exact} when
     * they are the matches, no more.
     */
    record Candidates(Supplier<Set<Object>> supplier, boolean exact) {
        Set<Object> positions() {
            return supplier.get();
        }
    }

    private CandidatePlanner(List<Index<Object>> indexes) {
        for (Index<Object> index : indexes) {
            if (index instanceof ValueIndex value) {
                values.put(value.path(), value);
            } else if (index instanceof GeoBoxIndex box) {
                boxes.put(box.field(), box);
            } else if (index.isUnique() && index.getKeys().size() == 1) {
                unique.put(index.getKeys().get(0).getKey(), index);
            }
        }
    }

    /** The candidates for a query, or null when no index narrows it. */
    static Candidates plan(Document query, List<Index<Object>> indexes) {
        return new CandidatePlanner(indexes).query(query, "");
    }

    /** A query document whose field names are relative to {@code prefix}. */
    private Candidates query(Document query, String prefix) {
        List<Candidates> conjuncts = new ArrayList<>();
        boolean exact = true;
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            if (key.equals("$and") && entry.getValue() instanceof List<?> operands) {
                for (Object operand : operands) {
                    exact &= operand instanceof Document document && add(conjuncts, query(document, prefix));
                }
            } else if (key.equals("$or") && entry.getValue() instanceof List<?> operands) {
                exact &= add(conjuncts, or(operands, prefix));
            } else if (!key.startsWith("$")) {
                exact &= add(conjuncts, field(prefix + key, entry.getValue()));
            } else {
                exact = false;
            }
        }
        return intersection(conjuncts, exact);
    }

    private Candidates or(List<?> operands, String prefix) {
        List<Candidates> branches = new ArrayList<>();
        boolean exact = true;
        for (Object operand : operands) {
            Candidates branch = operand instanceof Document document ? query(document, prefix) : null;
            if (branch == null) {
                return null; // a branch no index serves may match any document
            }
            branches.add(branch);
            exact &= branch.exact();
        }
        return branches.isEmpty() ? null : new Candidates(() -> {
            Set<Object> union = new HashSet<>();
            branches.forEach(branch -> union.addAll(branch.positions()));
            return union;
        }, exact);
    }

    /** A condition on the field at {@code path}: a value, or a document of operators. */
    private Candidates field(String path, Object condition) {
        if (!isOperators(condition)) {
            return equal(path, condition);
        }
        List<Candidates> parts = new ArrayList<>();
        boolean exact = true;
        Object low = null;
        Object high = null;
        boolean lowInclusive = false;
        boolean highInclusive = false;
        for (Map.Entry<String, Object> operator : ((Document) condition).entrySet()) {
            Object operand = operator.getValue();
            switch (operator.getKey()) {
                case "$eq" -> exact &= add(parts, equal(path, operand));
                case "$in" -> exact &= add(parts, in(path, operand));
                case "$elemMatch" -> exact &= add(parts, elemMatch(path, operand));
                case "$gt", "$gte" -> {
                    low = operand;
                    lowInclusive = operator.getKey().equals("$gte");
                    exact = false;
                }
                case "$lt", "$lte" -> {
                    high = operand;
                    highInclusive = operator.getKey().equals("$lte");
                    exact = false;
                }
                default -> exact = false; // not narrowed
            }
        }
        ValueIndex index = values.get(path);
        if (index != null && (low != null || high != null)
                && (low == null || ValueIndex.indexable(low)) && (high == null || ValueIndex.indexable(high))) {
            Object from = low;
            Object to = high;
            boolean fromInclusive = lowInclusive;
            boolean toInclusive = highInclusive;
            parts.add(inexact(() -> index.range(from, fromInclusive, to, toInclusive)));
        }
        return intersection(parts, exact);
    }

    private Candidates equal(String path, Object value) {
        if (!ValueIndex.indexable(value)) {
            return null;
        }
        ValueIndex index = values.get(path);
        if (index != null) {
            return new Candidates(() -> index.equal(value), exactFor(path, List.of(value)));
        }
        return byUnique(path, value, List.of(value));
    }

    private Candidates in(String path, Object operand) {
        if (!(operand instanceof List<?> list) || !list.stream().allMatch(ValueIndex::indexable)) {
            return null;
        }
        ValueIndex index = values.get(path);
        if (index != null) {
            return new Candidates(() -> index.in(list), exactFor(path, list));
        }
        return byUnique(path, new Document("$in", list), list);
    }

    private Candidates byUnique(String path, Object condition, List<?> values) {
        Index<Object> index = unique.get(path);
        Document query = new Document(path, condition);
        if (index == null || !index.canHandle(query)) {
            return null;
        }
        return new Candidates(() -> {
            Set<Object> positions = new TreeSet<>(IndexedH2Collection.ID_ORDER);
            index.getPositions(query).forEach(positions::add);
            return positions;
        }, exactFor(path, values));
    }

    /** Equality with these values on this path selects exactly what its index holds for them. */
    private static boolean exactFor(String path, List<?> values) {
        return path.indexOf('.') < 0 && values.stream().allMatch(String.class::isInstance);
    }

    /** Some element of the array at {@code path} matches: its fields are {@code path.<name>}. */
    private Candidates elemMatch(String path, Object operand) {
        if (!(operand instanceof Document query)) {
            return null;
        }
        GeoBoxIndex geo = boxes.get(path);
        if (geo != null) {
            return box(geo, query);
        }
        // {$gte: 3}: conditions on the elements themselves; {value: .., $and: [..]}: a query on each element
        Candidates elements = isOperators(query) && !LOGICAL.contains(query.keySet().iterator().next())
                ? field(path, query) : query(query, path + ".");
        return elements == null ? null : inexact(elements.supplier());
    }

    /**
     * A box filter of {@link GeoIndex}: {@code p}, the size class {@code lvl} if given, and bounds
     * on the box's sides, in conditions and {@code $and}s ({@code $or}s and the rest only narrow
     * further and are left to the matcher). A box satisfying the bounds has {@code minX <= highX} and {@code maxX >= lowX}
     * with {@code highX} the least upper bound given for minX or maxX and {@code lowX} the
     * greatest lower bound (minX >= c implies maxX >= c); likewise for y.
     */
    private static Candidates box(GeoBoxIndex index, Document query) {
        Bounds bounds = new Bounds();
        bounds.collect(query);
        if (bounds.property == null) {
            return null;
        }
        return inexact(() -> index.intersecting(bounds.property, bounds.level, bounds.lowX, bounds.highX, bounds.lowY, bounds.highY));
    }

    private static final class Bounds {
        String property;
        Integer level;
        double lowX = Double.NEGATIVE_INFINITY;
        double highX = Double.POSITIVE_INFINITY;
        double lowY = Double.NEGATIVE_INFINITY;
        double highY = Double.POSITIVE_INFINITY;

        void collect(Document query) {
            query.forEach((key, condition) -> {
                if (key.equals("$and") && condition instanceof List<?> operands) {
                    operands.stream().filter(Document.class::isInstance).forEach(o -> collect((Document) o));
                } else if (key.equals(GeoIndex.PROPERTY)) {
                    Object p = isOperators(condition) ? ((Document) condition).get("$eq") : condition;
                    if (p instanceof String iri) {
                        property = iri;
                    }
                } else if (key.equals(GeoIndex.LEVEL) && condition instanceof Number n && n.doubleValue() == n.intValue()) {
                    level = n.intValue();
                } else if (key.equals(GeoIndex.MIN_X) || key.equals(GeoIndex.MAX_X)) {
                    bound(condition, true);
                } else if (key.equals(GeoIndex.MIN_Y) || key.equals(GeoIndex.MAX_Y)) {
                    bound(condition, false);
                }
            });
        }

        private void bound(Object condition, boolean x) {
            if (condition instanceof Number n) {
                lower(n, x);
                upper(n, x);
            } else if (isOperators(condition)) {
                ((Document) condition).forEach((operator, operand) -> {
                    if (operand instanceof Number n) {
                        switch (operator) {
                            case "$gt", "$gte" -> lower(n, x);
                            case "$lt", "$lte" -> upper(n, x);
                            case "$eq" -> {
                                lower(n, x);
                                upper(n, x);
                            }
                            default -> {
                                // not a bound
                            }
                        }
                    }
                });
            }
        }

        private void lower(Number n, boolean x) {
            if (x) {
                lowX = Math.max(lowX, n.doubleValue());
            } else {
                lowY = Math.max(lowY, n.doubleValue());
            }
        }

        private void upper(Number n, boolean x) {
            if (x) {
                highX = Math.min(highX, n.doubleValue());
            } else {
                highY = Math.min(highY, n.doubleValue());
            }
        }
    }

    private static boolean isOperators(Object condition) {
        return condition instanceof Document document && !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
    }

    private static Candidates inexact(Supplier<Set<Object>> positions) {
        return new Candidates(positions, false);
    }

    /** Adds the candidates if there are some; whether they are exact. */
    private static boolean add(List<Candidates> list, Candidates candidates) {
        if (candidates == null) {
            return false;
        }
        list.add(candidates);
        return candidates.exact();
    }

    /**
     * The positions in all: the smallest set, less those missing from another, in its order;
     * exact if each is and no condition was left out ({@code exact}).
     */
    private static Candidates intersection(List<Candidates> conjuncts, boolean exact) {
        if (conjuncts.isEmpty()) {
            return null;
        }
        if (conjuncts.size() == 1) {
            Candidates only = conjuncts.get(0);
            return new Candidates(only.supplier(), exact && only.exact());
        }
        return new Candidates(() -> {
            List<Set<Object>> sets = new ArrayList<>(conjuncts.size());
            conjuncts.forEach(c -> sets.add(c.positions()));
            sets.sort(Comparator.comparingInt(Set::size));
            Set<Object> result = new LinkedHashSet<>();
            candidates:
            for (Object position : sets.get(0)) {
                for (int i = 1; i < sets.size(); i++) {
                    if (!sets.get(i).contains(position)) {
                        continue candidates;
                    }
                }
                result.add(position);
            }
            return result;
        }, exact);
    }
}
