package city.tsunagu.broker.query.language;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Evaluates conditions on the expanded entity model with the semantics of 4.9:
 * <ul>
 * <li>the target of a path is the value of each instance (any datasetId) of the attribute or
 *     sub-attribute, the object of a Relationship, or the addressed member; a trailing path
 *     navigates into the value, an array on the way standing for each of its elements (as MongoDB
 *     reads dotted paths);</li>
 * <li>an array target matches when any element does; {@code !=} and {@code !~=} when the target
 *     exists and no element equals (matches);</li>
 * <li>a LanguageProperty without a language key compares the text of every language;</li>
 * <li>values compare only with values of the same type: numbers numerically, strings by code
 *     point (the order of MongoDB), DateTimes (canonical UTC strings, or {"@value": ...}) as
 *     instants; values of different types are unequal;</li>
 * <li>a Relationship's object matches only == and != (and ranges or lists after them).</li>
 * </ul>
 */
final class Evaluator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Evaluator() {
    }

    static boolean matches(Condition condition, Entity entity, LinkedEntities linked) {
        if (condition instanceof And and) {
            for (Condition operand : and.operands()) {
                if (!matches(operand, entity, linked)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Or or) {
            for (Condition operand : or.operands()) {
                if (matches(operand, entity, linked)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof TypeMatch type) {
            return entity.types().contains(type.type());
        }
        if (condition instanceof ScopeMatch scope) {
            for (String s : entity.scopes()) {
                if (scope.matchesScope(s)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof LinkedMatch link) {
            return linkedMatches(link, entity, linked);
        }
        if (condition instanceof Exists exists) {
            return !targets(entity, exists.path()).isEmpty();
        }
        if (condition instanceof NotExists notExists) {
            return targets(entity, notExists.path()).isEmpty();
        }
        if (condition instanceof Comparison comparison) {
            return anyTarget(entity, comparison.path(), comparison.operator().isOrdering(),
                    t -> compares(t, comparison.operator(), comparison.value()));
        }
        if (condition instanceof Range range) {
            return anyTarget(entity, range.path(), false, t -> inRange(t, range));
        }
        if (condition instanceof ValueList list) {
            return anyTarget(entity, list.path(), false, t -> inList(t, list));
        }
        if (condition instanceof PatternMatch pattern) {
            return anyTarget(entity, pattern.path(), true, t -> patternMatches(t, pattern));
        }
        throw new IllegalStateException("unknown condition " + condition);
    }

    // ---- targets

    /**
     * What one instance offers a path: the value nodes a trailing path reaches (one node
     * without keys), with the kind of their attribute; a string member (observedAt, unitCode,
     * datasetId: one text node); or a Date member (createdAt, modifiedAt: {@code instant} only).
     * All nodes of one instance form one target, so that {@code !=} means none of them equals.
     */
    private record Target(AttributeKind kind, List<JsonNode> nodes, Instant instant, boolean languageMap) {
        static Target member(JsonNode node, Instant instant) {
            return new Target(null, node == null ? List.of() : List.of(node), instant, false);
        }

        boolean isValue() {
            return kind != null;
        }

        boolean isDateMember() {
            return nodes.isEmpty();
        }
    }

    private interface TargetTest {
        boolean test(Target target);
    }

    private static boolean anyTarget(Entity entity, AttributePath path, boolean orderingOrPattern, TargetTest test) {
        for (Target target : targets(entity, path)) {
            if (orderingOrPattern && target.isValue() && target.kind().isRelationship()) {
                continue;
            }
            if (test.test(target)) {
                return true;
            }
        }
        return false;
    }

    /** See {@link QueryLanguage#firstValue}. */
    static Object firstValue(Entity entity, AttributePath path) {
        for (Target target : targets(entity, path)) {
            if (target.isDateMember() || (!target.isValue() && target.instant() != null)) {
                return target.instant(); // createdAt, modifiedAt, observedAt: as instants, whatever their notation
            }
            for (JsonNode scalar : scalars(target)) {
                if (!scalar.isNull()) {
                    return scalar;
                }
            }
        }
        return null;
    }

    private static List<Target> targets(Entity entity, AttributePath path) {
        List<Target> targets = new ArrayList<>();
        if (path.isEntityLevel()) {
            Instant instant = path.member() == Member.CREATED_AT ? entity.createdAt() : entity.modifiedAt();
            if (instant != null) {
                targets.add(Target.member(null, instant));
            }
            return targets;
        }
        List<Attribute> instances = entity.attributes().get(path.attribute());
        if (instances == null) {
            return targets;
        }
        for (Attribute instance : instances) {
            Attribute element = instance;
            for (int i = 1; i < path.attributes().size() && element != null; i++) {
                element = element.subAttributes().get(path.attributes().get(i));
            }
            if (element != null) {
                addTargets(element, path, targets);
            }
        }
        return targets;
    }

    private static void addTargets(Attribute attribute, AttributePath path, List<Target> targets) {
        switch (path.member()) {
            case VALUE -> {
                List<JsonNode> nodes = navigate(attribute.value(), path.keys());
                if (!nodes.isEmpty()) {
                    boolean languageMap = attribute.kind() == AttributeKind.LANGUAGE_PROPERTY && path.keys().isEmpty();
                    targets.add(new Target(attribute.kind(), nodes, null, languageMap));
                }
            }
            case OBSERVED_AT -> {
                if (attribute.observedAt() != null) {
                    targets.add(Target.member(NODES.stringNode(attribute.observedAt()),
                            Temporal.canonicalDateTime(attribute.observedAt())));
                }
            }
            case CREATED_AT -> {
                if (attribute.createdAt() != null) {
                    targets.add(Target.member(null, attribute.createdAt()));
                }
            }
            case MODIFIED_AT -> {
                if (attribute.modifiedAt() != null) {
                    targets.add(Target.member(null, attribute.modifiedAt()));
                }
            }
            case UNIT_CODE -> {
                if (attribute.unitCode() != null) {
                    targets.add(Target.member(NODES.stringNode(attribute.unitCode()), null));
                }
            }
            case DATASET_ID -> {
                if (attribute.datasetId() != null) {
                    targets.add(Target.member(NODES.stringNode(attribute.datasetId()), null));
                }
            }
        }
    }

    /**
     * Follows the keys into a value as MongoDB follows a dotted path: an object gives its member,
     * an array gives the member of each object element (and, for a numeric key, its element
     * at that index); {@code *} gives every member.
     */
    static List<JsonNode> navigate(JsonNode value, List<String> keys) {
        List<JsonNode> nodes = new ArrayList<>();
        nodes.add(value);
        for (String key : keys) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                if (node.isObject()) {
                    member(node, key, next);
                } else if (node.isArray()) {
                    int index = AttributePath.ANY_KEY.equals(key) ? -1 : arrayIndex(key);
                    if (index >= 0 && index < node.size()) {
                        next.add(node.get(index));
                    }
                    for (JsonNode element : node) {
                        if (element.isObject()) {
                            member(element, key, next);
                        }
                    }
                }
            }
            nodes = next;
            if (nodes.isEmpty()) {
                break;
            }
        }
        return nodes;
    }

    private static void member(JsonNode object, String key, List<JsonNode> out) {
        if (AttributePath.ANY_KEY.equals(key)) {
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                out.add(entry.getValue());
            }
        } else {
            JsonNode child = object.get(key);
            if (child != null) {
                out.add(child);
            }
        }
    }

    private static int arrayIndex(String key) {
        if (key.isEmpty() || key.length() > 9) {
            return -1;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return key.length() > 1 && key.charAt(0) == '0' ? -1 : Integer.parseInt(key);
    }

    /**
     * The values a target compares with: the elements of an array (one level), the texts of a
     * LanguageProperty's languageMap when no language was addressed, else the node itself.
     */
    private static List<JsonNode> scalars(Target target) {
        List<JsonNode> scalars = new ArrayList<>();
        for (JsonNode node : target.nodes()) {
            if (target.languageMap() && node.isObject()) {
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    addElements(entry.getValue(), scalars);
                }
            } else {
                addElements(node, scalars);
            }
        }
        return scalars;
    }

    private static void addElements(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
    }

    // ---- comparisons

    private static boolean compares(Target target, Operator operator, Value value) {
        if (target.isDateMember()) {
            Integer cmp = compareInstant(target.instant(), value);
            return cmp == null ? operator == Operator.UNEQUAL : operator.accepts(cmp);
        }
        if (!target.isValue() && target.instant() != null && value instanceof Value.DateTimeValue) {
            return operator.accepts(compareInstant(target.instant(), value));
        }
        List<JsonNode> scalars = scalars(target);
        if (operator == Operator.UNEQUAL) {
            for (JsonNode scalar : scalars) {
                Integer cmp = compare(scalar, value);
                if (cmp != null && cmp == 0) {
                    return false;
                }
            }
            return true;
        }
        for (JsonNode scalar : scalars) {
            Integer cmp = compare(scalar, value);
            if (cmp != null && operator.accepts(cmp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRange(Target target, Range range) {
        if (target.isDateMember() || (!target.isValue() && target.instant() != null && range.min() instanceof Value.DateTimeValue)) {
            Integer low = compareInstant(target.instant(), range.min());
            Integer high = compareInstant(target.instant(), range.max());
            boolean within = low != null && high != null && low >= 0 && high <= 0;
            return within != range.negated();
        }
        boolean any = false;
        for (JsonNode scalar : scalars(target)) {
            Integer low = compare(scalar, range.min());
            Integer high = compare(scalar, range.max());
            if (low != null && high != null && low >= 0 && high <= 0) {
                any = true;
                break;
            }
        }
        return any != range.negated();
    }

    private static boolean inList(Target target, ValueList list) {
        boolean any = false;
        for (Value value : list.values()) {
            if (compares(target, Operator.EQUAL, value)) {
                any = true;
                break;
            }
        }
        return any != list.negated();
    }

    private static boolean patternMatches(Target target, PatternMatch match) {
        if (target.isDateMember()) {
            return false;
        }
        boolean anyString = false;
        for (JsonNode scalar : scalars(target)) {
            if (!scalar.isString()) {
                continue;
            }
            anyString = true;
            if (find(match.pattern(), scalar.stringValue(), QueryLimits.DEFAULT.maxPatternSteps())) {
                return !match.negated();
            }
        }
        return match.negated() && anyString;
    }

    /** Compares a scalar with a value of the same type; null when the types differ. */
    static Integer compare(JsonNode scalar, Value value) {
        if (value instanceof Value.NumberValue number) {
            BigDecimal target = numeric(scalar);
            return target == null ? null : target.compareTo(number.number());
        }
        if (value instanceof Value.TextValue text) {
            return scalar.isString() ? compareCodePoints(scalar.stringValue(), text.text()) : null;
        }
        if (value instanceof Value.UriValue uri) {
            return scalar.isString() ? compareCodePoints(scalar.stringValue(), uri.uri()) : null;
        }
        if (value instanceof Value.BooleanValue bool) {
            return scalar.isBoolean() ? Boolean.compare(scalar.booleanValue(), bool.value()) : null;
        }
        String text = temporalText(scalar);
        if (text == null) {
            return null;
        }
        if (value instanceof Value.DateTimeValue dateTime) {
            Instant instant = Temporal.canonicalDateTime(text);
            return instant == null ? null : instant.compareTo(dateTime.instant());
        }
        if (value instanceof Value.DateValue date) {
            LocalDate target = Temporal.canonicalDate(text);
            return target == null ? null : target.compareTo(date.date());
        }
        if (value instanceof Value.TimeValue time) {
            LocalTime target = Temporal.canonicalTime(text);
            return target == null ? null : target.compareTo(time.time());
        }
        return null;
    }

    private static Integer compareInstant(Instant instant, Value value) {
        if (instant == null || !(value instanceof Value.DateTimeValue dateTime)) {
            return null;
        }
        return instant.compareTo(dateTime.instant());
    }

    /** The text of a temporal scalar: a string, or the "@value" of a typed literal object. */
    private static String temporalText(JsonNode scalar) {
        if (scalar.isString()) {
            return scalar.stringValue();
        }
        if (scalar.isObject()) {
            JsonNode literal = scalar.get("@value");
            return literal != null && literal.isString() ? literal.stringValue() : null;
        }
        return null;
    }

    /**
     * A JSON number as the store holds it: integers exactly, other numbers as the exact value of
     * their nearest double.
     */
    static BigDecimal numeric(JsonNode node) {
        if (!node.isNumber()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return new BigDecimal(node.bigIntegerValue());
        }
        if (node.isBigDecimal()) {
            BigDecimal decimal = node.decimalValue();
            if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
                return decimal;
            }
        }
        double d = node.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    /** Orders strings by code point, as MongoDB orders UTF-8 strings byte by byte. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- regular expressions

    /** find() with a bound on the characters read, so that a pathological pattern cannot stall the broker. */
    static boolean find(Pattern pattern, String text, long maxSteps) {
        try {
            return pattern.matcher(new BoundedCharSequence(text, new long[] {maxSteps})).find();
        } catch (BoundedCharSequence.Exhausted e) {
            throw new BadRequestDataException("q: the regular expression " + pattern.pattern()
                    + " takes too long to evaluate; simplify it");
        } catch (StackOverflowError e) {
            throw new BadRequestDataException("q: the regular expression " + pattern.pattern()
                    + " is too complex to evaluate; simplify it");
        }
    }

    // ---- Linked Entities

    private static boolean linkedMatches(LinkedMatch link, Entity entity, LinkedEntities linked) {
        List<Attribute> instances = entity.attributes().get(link.relationship());
        if (instances == null) {
            return false;
        }
        for (Attribute instance : instances) {
            if (!instance.kind().isRelationship()) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            JsonNode value = instance.value();
            if (value.isString()) {
                ids.add(value.stringValue());
            } else if (value.isArray()) {
                value.forEach(v -> {
                    if (v.isString()) {
                        ids.add(v.stringValue());
                    }
                });
            }
            for (String id : ids) {
                Optional<Entity> target = linked.find(id);
                if (target.isPresent() && hasAnyType(target.get(), link.typeHints())
                        && matches(link.condition(), target.get(), linked)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasAnyType(Entity entity, Collection<String> types) {
        return types.isEmpty() || types.stream().anyMatch(entity.types()::contains);
    }
}
