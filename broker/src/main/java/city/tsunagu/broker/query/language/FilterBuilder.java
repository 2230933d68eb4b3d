package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.KeyCodec;
import com.mongodb.client.model.Filters;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Builds {@link EntityFilter}s. Each query term becomes an {@code $elemMatch} on the instances
 * of its attribute ({@code attrs.<encoded IRI>}), so that all parts of one term hold on one
 * instance, as {@link Evaluator} reads "any instance".
 */
final class FilterBuilder {
    private static final String LANGUAGE_PROPERTY = AttributeKind.LANGUAGE_PROPERTY.typeName();
    private static final List<String> RELATIONSHIPS = List.of(AttributeKind.RELATIONSHIP.typeName(),
            AttributeKind.LIST_RELATIONSHIP.typeName());
    /** Sorts after ':' and 'Z', the characters that may follow the minute in a canonical DateTime or Time. */
    private static final String AFTER_MINUTE = "~";
    private static final Bson NOTHING = Filters.exists(EntityDocuments.ID, false);
    private static final Bson EVERYTHING = new BsonDocument();
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Instant EARLIEST_DATE = Instant.parse("-100000-01-01T00:00:00Z");
    private static final Instant LATEST_DATE = Instant.parse("+100000-01-01T00:00:00Z");

    private FilterBuilder() {
    }

    static EntityFilter build(Condition condition) {
        if (condition instanceof And and) {
            List<Bson> parts = new ArrayList<>();
            boolean exact = true;
            for (Condition operand : and.operands()) {
                EntityFilter part = build(operand);
                parts.add(part.bson());
                exact &= part.exact();
            }
            return new EntityFilter(Filters.and(parts), exact);
        }
        if (condition instanceof Or or) {
            if (or.operands().stream().allMatch(TypeMatch.class::isInstance)) {
                return new EntityFilter(Filters.in(EntityDocuments.TYPE,
                        or.operands().stream().map(c -> ((TypeMatch) c).type()).toList()), true);
            }
            List<Bson> parts = new ArrayList<>();
            boolean exact = true;
            for (Condition operand : or.operands()) {
                EntityFilter part = build(operand);
                parts.add(part.bson());
                exact &= part.exact();
            }
            return new EntityFilter(Filters.or(parts), exact);
        }
        if (condition instanceof TypeMatch type) {
            return new EntityFilter(Filters.eq(EntityDocuments.TYPE, type.type()), true);
        }
        if (condition instanceof ScopeMatch scope) {
            return new EntityFilter(scope(scope), true);
        }
        if (condition instanceof LinkedMatch link) {
            return new EntityFilter(Filters.elemMatch(attributeField(link.relationship()),
                    Filters.in(EntityDocuments.TYPE, RELATIONSHIPS)), false);
        }
        if (condition instanceof Exists exists) {
            return exists(exists.path());
        }
        if (condition instanceof NotExists notExists) {
            return notExists(notExists.path());
        }
        AttributePath path = Conditions.pathOf(condition);
        if (path != null && path.endsWithAnyKey()) {
            // the store cannot address "any member": only the part of the path before '*'
            return term(path, targetExists(Field.of(path)));
        }
        if (condition instanceof Comparison comparison) {
            return term(comparison.path(), comparison(Field.of(comparison.path()), comparison.operator(), comparison.value()));
        }
        if (condition instanceof Range range) {
            return term(range.path(), range(Field.of(range.path()), range));
        }
        if (condition instanceof ValueList list) {
            return term(list.path(), list(Field.of(list.path()), list));
        }
        if (condition instanceof PatternMatch pattern) {
            return term(pattern.path(), pattern(Field.of(pattern.path()), pattern));
        }
        throw new IllegalStateException("unknown condition " + condition);
    }

    // ---- fields

    private static String attributeField(String iri) {
        return EntityDocuments.ATTRS + "." + KeyCodec.encode(iri);
    }

    /**
     * Where a path's target lies: {@code target} and {@code type} relative to the instance
     * document of the top-level attribute (or absolute for entity-level paths).
     */
    private record Field(AttributePath path, String base, String target) {
        static Field of(AttributePath path) {
            if (path.isEntityLevel()) {
                return new Field(path, "", path.member().memberName());
            }
            StringBuilder base = new StringBuilder();
            for (int i = 1; i < path.attributes().size(); i++) {
                base.append("sub.").append(KeyCodec.encode(path.attributes().get(i))).append('.');
            }
            StringBuilder target = new StringBuilder(base);
            if (path.member() == Member.VALUE) {
                target.append("value");
                for (String key : path.keys()) {
                    if (AttributePath.ANY_KEY.equals(key)) {
                        break;
                    }
                    target.append('.').append(KeyCodec.encode(key));
                }
            } else {
                target.append(path.member().memberName());
            }
            return new Field(path, base.toString(), target.toString());
        }

        String type() {
            return base + EntityDocuments.TYPE;
        }

        boolean isValue() {
            return path.member() == Member.VALUE;
        }

        /** Whether a LanguageProperty at this target would compare all its texts (no language key). */
        boolean mayBeLanguageMap() {
            return isValue() && path.keys().isEmpty();
        }

        boolean isDate() {
            return path.member().isStoredAsDate();
        }
    }

    /** The condition on one instance of the attribute, wrapped in $elemMatch (entity-level: as is). */
    private static EntityFilter term(AttributePath path, EntityFilter onInstance) {
        if (path.isEntityLevel() || onInstance.bson() == NOTHING) {
            return onInstance;
        }
        return new EntityFilter(Filters.elemMatch(attributeField(path.attribute()), onInstance.bson()), onInstance.exact());
    }

    // ---- existence

    private static EntityFilter exists(AttributePath path) {
        Field field = Field.of(path);
        String target = path.member() == Member.VALUE && path.keys().isEmpty() ? field.type() : field.target();
        return term(path, new EntityFilter(Filters.exists(target), !path.endsWithAnyKey()));
    }

    /**
     * No instance has the target: $nor of the existence filter. (A dotted path with
     * {@code $exists: false} would do on MongoDB, but mongo-java-server reads it through arrays
     * as "some instance lacks it".)
     */
    private static EntityFilter notExists(AttributePath path) {
        if (path.endsWithAnyKey()) {
            return new EntityFilter(EVERYTHING, false);
        }
        return new EntityFilter(Filters.nor(exists(path).bson()), true);
    }

    /** The target exists: the superset of conditions the store cannot decide. */
    private static EntityFilter targetExists(Field field) {
        return new EntityFilter(Filters.exists(field.target()), false);
    }

    // ---- comparisons

    private static EntityFilter comparison(Field field, Operator op, Value value) {
        if (field.isDate()) {
            return new EntityFilter(value instanceof Value.DateTimeValue dt ? date(field.target(), op, dt.instant())
                    : op == Operator.UNEQUAL ? Filters.exists(field.target()) : NOTHING, true);
        }
        EntityFilter filter;
        if (value instanceof Value.DateTimeValue || value instanceof Value.DateValue || value instanceof Value.TimeValue) {
            filter = temporal(field, op, value);
        } else {
            Object bson = simple(value);
            String f = field.target();
            Bson condition = switch (op) {
                case EQUAL -> Filters.eq(f, bson);
                case UNEQUAL -> Filters.and(Filters.ne(f, bson), Filters.exists(f));
                case GREATER -> Filters.gt(f, bson);
                case GREATER_OR_EQUAL -> Filters.gte(f, bson);
                case LESS -> Filters.lt(f, bson);
                case LESS_OR_EQUAL -> Filters.lte(f, bson);
            };
            filter = new EntityFilter(condition, true);
        }
        filter = orLanguageMap(field, value, filter);
        return op.isOrdering() ? notRelationship(field, filter) : filter;
    }

    private static EntityFilter range(Field field, Range range) {
        if (range.negated()) {
            return targetExists(field);
        }
        if (field.isDate()) {
            if (range.min() instanceof Value.DateTimeValue min && range.max() instanceof Value.DateTimeValue max) {
                return new EntityFilter(Filters.and(date(field.target(), Operator.GREATER_OR_EQUAL, min.instant()),
                        date(field.target(), Operator.LESS_OR_EQUAL, max.instant())), true);
            }
            return new EntityFilter(NOTHING, true);
        }
        String f = field.target();
        EntityFilter filter;
        if (range.min() instanceof Value.NumberValue || range.min() instanceof Value.TextValue) {
            Object min = simple(range.min());
            Object max = simple(range.max());
            Bson within = Filters.and(Filters.gte(f, min), Filters.lte(f, max));
            if (field.isValue() && field.path().keys().isEmpty()) {
                // one element of an array value must lie within, not one above min and another below max
                filter = new EntityFilter(Filters.or(elementWithin(f, min, max),
                        Filters.and(within, Filters.exists(f + ".0", false))), true);
            } else {
                filter = new EntityFilter(within, !field.isValue());
            }
        } else {
            filter = temporalRange(field, range.min(), range.max());
        }
        return orLanguageMap(field, range.min(), filter);
    }

    /** {f: {$elemMatch: {$gte: min, $lte: max}}}: some element of an array value within. */
    private static Bson elementWithin(String f, Object min, Object max) {
        return new Document(f, new Document("$elemMatch", new Document("$gte", min).append("$lte", max)));
    }

    private static EntityFilter list(Field field, ValueList list) {
        List<Object> simple = new ArrayList<>();
        List<Value> temporal = new ArrayList<>();
        for (Value value : list.values()) {
            if (value instanceof Value.DateTimeValue || value instanceof Value.DateValue || value instanceof Value.TimeValue) {
                temporal.add(value);
            } else {
                simple.add(simple(value));
            }
        }
        String f = field.target();
        if (field.isDate()) {
            List<Object> dates = new ArrayList<>();
            for (Value value : temporal) {
                Date date = value instanceof Value.DateTimeValue dt ? exactDate(dt.instant()) : null;
                if (date != null) {
                    dates.add(date);
                }
            }
            Bson condition = list.negated() ? Filters.and(Filters.nin(f, dates), Filters.exists(f)) : Filters.in(f, dates);
            return new EntityFilter(condition, true);
        }
        EntityFilter filter;
        if (list.negated()) {
            if (!temporal.isEmpty()) {
                return targetExists(field);
            }
            filter = new EntityFilter(Filters.and(Filters.nin(f, simple), Filters.exists(f)), true);
        } else {
            List<Bson> alternatives = new ArrayList<>();
            boolean exact = true;
            if (!simple.isEmpty()) {
                alternatives.add(Filters.in(f, simple));
            }
            for (Value value : temporal) {
                EntityFilter part = temporal(field, Operator.EQUAL, value);
                alternatives.add(part.bson());
                exact &= part.exact();
            }
            filter = new EntityFilter(alternatives.size() == 1 ? alternatives.get(0) : Filters.or(alternatives), exact);
        }
        for (Value value : list.values()) {
            if (!(value instanceof Value.NumberValue) && !(value instanceof Value.BooleanValue)) {
                return orLanguageMap(field, value, filter);
            }
        }
        return filter;
    }

    private static EntityFilter pattern(Field field, PatternMatch match) {
        if (field.isDate()) {
            return new EntityFilter(NOTHING, true);
        }
        String translated = match.negated() ? null : MongoRegex.translate(match.regex());
        // exact only on members, always strings: mongo-java-server also applies $regex to numbers
        EntityFilter filter = translated == null ? targetExists(field)
                : new EntityFilter(Filters.regex(field.target(), translated),
                        !field.isValue() && !MongoRegex.isCaseInsensitive(match.regex()));
        if (field.mayBeLanguageMap()) {
            filter = new EntityFilter(Filters.or(filter.bson(), Filters.eq(field.type(), LANGUAGE_PROPERTY)), false);
        }
        return notRelationship(field, filter);
    }

    // ---- helpers

    /**
     * A LanguageProperty without a language key compares the texts of all languages, which the
     * store cannot address: let every LanguageProperty through, for strings and temporal values.
     */
    private static EntityFilter orLanguageMap(Field field, Value value, EntityFilter filter) {
        if (!field.mayBeLanguageMap() || value instanceof Value.NumberValue || value instanceof Value.BooleanValue) {
            return filter;
        }
        return new EntityFilter(Filters.or(filter.bson(), Filters.eq(field.type(), LANGUAGE_PROPERTY)), false);
    }

    /** Ordering operators and patterns never match the object of a Relationship (4.9). */
    private static EntityFilter notRelationship(Field field, EntityFilter filter) {
        if (!field.isValue()) {
            return filter;
        }
        return new EntityFilter(Filters.and(filter.bson(), Filters.nin(field.type(), RELATIONSHIPS)), filter.exact());
    }

    /** Numbers, strings, booleans and URIs as the store holds them. */
    private static Object simple(Value value) {
        if (value instanceof Value.NumberValue number) {
            BigDecimal n = number.number();
            boolean integral = n.signum() == 0 || n.stripTrailingZeros().scale() <= 0;
            if (integral && n.compareTo(LONG_MIN) >= 0 && n.compareTo(LONG_MAX) <= 0) {
                return n.longValue();
            }
            return n.doubleValue();
        }
        if (value instanceof Value.TextValue text) {
            return text.text();
        }
        if (value instanceof Value.UriValue uri) {
            return uri.uri();
        }
        if (value instanceof Value.BooleanValue bool) {
            return bool.value();
        }
        throw new IllegalArgumentException("not a simple value: " + value);
    }

    /**
     * A DateTime, Date or Time compared with strings (values and observedAt): the store narrows
     * on the fixed-width minute (or date) prefix of canonical strings; values also as typed
     * literals ({"@value": ...}). Never exact.
     */
    private static EntityFilter temporal(Field field, Operator op, Value value) {
        if (op == Operator.UNEQUAL) {
            return targetExists(field);
        }
        String low;
        String high;
        if (value instanceof Value.DateValue date) {
            String d = canonicalDate(date.date());
            if (d == null) {
                return targetExists(field);
            }
            return onStringAndLiteral(field, f -> switch (op) {
                case EQUAL -> Filters.eq(f, d);
                case GREATER -> Filters.gt(f, d);
                case GREATER_OR_EQUAL -> Filters.gte(f, d);
                case LESS -> Filters.lt(f, d);
                default -> Filters.lte(f, d);
            });
        }
        String prefix = value instanceof Value.DateTimeValue dt ? Temporal.minutePrefix(dt.instant())
                : Temporal.minutePrefix(((Value.TimeValue) value).time());
        if (prefix == null) {
            return targetExists(field);
        }
        low = op == Operator.LESS || op == Operator.LESS_OR_EQUAL ? null : prefix;
        high = op == Operator.GREATER || op == Operator.GREATER_OR_EQUAL ? null : prefix + AFTER_MINUTE;
        return onStringAndLiteral(field, f -> between(f, low, high));
    }

    private static EntityFilter temporalRange(Field field, Value min, Value max) {
        String low;
        String high;
        if (min instanceof Value.DateValue from && max instanceof Value.DateValue to) {
            low = canonicalDate(from.date());
            String end = canonicalDate(to.date());
            if (low == null || end == null) {
                return targetExists(field);
            }
            return onStringAndLiteral(field, f -> Filters.and(Filters.gte(f, low), Filters.lte(f, end)));
        }
        if (min instanceof Value.DateTimeValue from && max instanceof Value.DateTimeValue to) {
            low = Temporal.minutePrefix(from.instant());
            high = Temporal.minutePrefix(to.instant());
        } else {
            low = Temporal.minutePrefix(((Value.TimeValue) min).time());
            high = Temporal.minutePrefix(((Value.TimeValue) max).time());
        }
        if (low == null || high == null) {
            return targetExists(field);
        }
        return onStringAndLiteral(field, f -> between(f, low, high + AFTER_MINUTE));
    }

    private static Bson between(String f, String low, String highExclusive) {
        if (low == null) {
            return Filters.lt(f, highExclusive);
        }
        if (highExclusive == null) {
            return Filters.gte(f, low);
        }
        return Filters.and(Filters.gte(f, low), Filters.lt(f, highExclusive));
    }

    private interface StringCondition {
        Bson on(String field);
    }

    private static EntityFilter onStringAndLiteral(Field field, StringCondition condition) {
        Bson onString = condition.on(field.target());
        if (!field.isValue()) {
            return new EntityFilter(onString, false);
        }
        return new EntityFilter(Filters.or(onString, condition.on(field.target() + ".@value")), false);
    }

    private static String canonicalDate(LocalDate date) {
        return date.getYear() < 0 || date.getYear() > 9999 ? null : date.toString();
    }

    /**
     * A comparison with a BSON Date (createdAt, modifiedAt), which holds milliseconds: a DateTime
     * with a finer fraction is compared as the instants the store can hold would compare with it.
     */
    private static Bson date(String f, Operator op, Instant instant) {
        Instant clamped = instant.isBefore(EARLIEST_DATE) ? EARLIEST_DATE : instant.isAfter(LATEST_DATE) ? LATEST_DATE : instant;
        Instant floor = clamped.truncatedTo(ChronoUnit.MILLIS);
        boolean finer = !floor.equals(instant);
        Date date = Date.from(floor);
        return switch (op) {
            case EQUAL -> finer ? NOTHING : Filters.eq(f, date);
            case UNEQUAL -> finer ? Filters.exists(f) : Filters.and(Filters.ne(f, date), Filters.exists(f));
            case GREATER -> Filters.gt(f, date);
            case GREATER_OR_EQUAL -> finer ? Filters.gt(f, date) : Filters.gte(f, date);
            case LESS -> finer ? Filters.lte(f, date) : Filters.lt(f, date);
            case LESS_OR_EQUAL -> Filters.lte(f, date);
        };
    }

    /** The Date equal to an instant, or null when the store cannot hold that instant exactly. */
    private static Date exactDate(Instant instant) {
        if (instant.isBefore(EARLIEST_DATE) || instant.isAfter(LATEST_DATE) || instant.getNano() % 1_000_000 != 0) {
            return null;
        }
        return Date.from(instant);
    }

    // ---- scopes

    private static Bson scope(ScopeMatch scope) {
        if (scope.levels().isEmpty()) {
            return Filters.regex(EntityDocuments.SCOPE, "^[\\s\\S]");
        }
        boolean wildcard = scope.levels().contains(ScopeMatch.ANY_LEVEL);
        String exact = "/" + String.join("/", scope.levels());
        if (!wildcard && !scope.descendants()) {
            return Filters.eq(EntityDocuments.SCOPE, exact);
        }
        if (!wildcard) {
            return Filters.or(Filters.eq(EntityDocuments.SCOPE, exact),
                    Filters.regex(EntityDocuments.SCOPE, "^" + quote(exact + "/")));
        }
        StringBuilder regex = new StringBuilder("^");
        for (String level : scope.levels()) {
            regex.append('/').append(ScopeMatch.ANY_LEVEL.equals(level) ? "[^/]+" : quote(level));
        }
        if (scope.descendants()) {
            regex.append("(?:/[\\s\\S]*)?");
        }
        return Filters.regex(EntityDocuments.SCOPE, regex.append("\\z").toString());
    }

    /** Escapes ASCII punctuation with a backslash, which PCRE and java.util.regex both read as the literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
