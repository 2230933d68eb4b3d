package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.ld.LdContext;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point: parses {@code q} (ETSI GS CIM 009 v1.9.1, 4.9), {@code scopeQ} (4.19) and the
 * type selection of {@code type} (4.17) into {@link Condition}s. Every malformed expression is a
 * {@link city.tsunagu.broker.common.error.BadRequestDataException} (5.7.2.4) whose detail names
 * the parameter, the offending token and its position, e.g.
 * {@code q: unexpected ')' at position 14; expected a value}.
 */
public final class QueryLanguage {
    private QueryLanguage() {
    }

    /** Parses q; attribute names are expanded with {@code ctx}. */
    public static Condition parseQ(String q, LdContext ctx) {
        return parseQ(q, ctx, Set.of(), QueryLimits.DEFAULT);
    }

    /**
     * Parses q; the values of the attributes named in {@code expandValues} (compact names, as
     * the parameter expandValues gives them) are expanded with {@code ctx} too (4.9 example 12).
     */
    public static Condition parseQ(String q, LdContext ctx, Collection<String> expandValues) {
        return parseQ(q, ctx, expandValues, QueryLimits.DEFAULT);
    }

    public static Condition parseQ(String q, LdContext ctx, Collection<String> expandValues, QueryLimits limits) {
        Objects.requireNonNull(q, "q");
        Set<String> expanded = new LinkedHashSet<>();
        for (String name : expandValues) {
            expanded.add(ctx.expand(name));
        }
        return new QParser(q, ctx, expanded, limits).parse();
    }

    /**
     * Parses an attribute path as q writes it ({@code name}, {@code name.sub}, {@code name.observedAt},
     * {@code address[city]}, {@code createdAt}), for parameters such as orderBy whose errors name
     * {@code parameter}.
     */
    public static AttributePath parseAttributePath(String parameter, String path, LdContext ctx) {
        Objects.requireNonNull(path, "path");
        return new QParser(parameter, path, ctx, Set.of(), QueryLimits.DEFAULT).parseLocalPath();
    }

    /**
     * The first value a path reaches in an entity, in the order instances are stored (the default
     * instance first when written first): a scalar JsonNode (array elements and language texts
     * one by one) or an Instant for createdAt/modifiedAt; null when the entity has none.
     */
    public static Object firstValue(Entity entity, AttributePath path) {
        return Evaluator.firstValue(entity, path);
    }

    /** Compares strings by Unicode code point, as q compares them. */
    public static int compareCodePoints(String a, String b) {
        return Evaluator.compareCodePoints(a, b);
    }

    /**
     * Parses csf, the context source filter (5.7.2): the query language of q over the
     * information of context source registrations; errors name csf.
     */
    public static Condition parseCsf(String csf, LdContext ctx) {
        Objects.requireNonNull(csf, "csf");
        return new QParser("csf", csf, ctx, Set.of(), QueryLimits.DEFAULT).parse();
    }

    /** Parses scopeQ. */
    public static Condition parseScopeQ(String scopeQ) {
        return parseScopeQ(scopeQ, QueryLimits.DEFAULT);
    }

    public static Condition parseScopeQ(String scopeQ, QueryLimits limits) {
        Objects.requireNonNull(scopeQ, "scopeQ");
        return new ScopeQParser(scopeQ, limits).parse();
    }

    /** Parses the type parameter ({@code Building,House}, {@code (Home;Vehicle)|Motorhome}); names expanded with {@code ctx}. */
    public static Condition parseTypeSelection(String type, LdContext ctx) {
        return parseTypeSelection(type, ctx, QueryLimits.DEFAULT);
    }

    public static Condition parseTypeSelection(String type, LdContext ctx, QueryLimits limits) {
        Objects.requireNonNull(type, "type");
        return new TypeSelectionParser(type, ctx, limits).parse();
    }

    /**
     * The expanded names of the top-level attributes a condition reads on the entity itself
     * (for a Linked Entity condition: the Relationship), e.g. for a subscription index of
     * watched attributes, or to tell a q on system attributes only.
     */
    public static Set<String> attributes(Condition condition) {
        Set<String> names = new LinkedHashSet<>();
        collectAttributes(condition, names);
        return names;
    }

    private static void collectAttributes(Condition condition, Set<String> names) {
        if (condition instanceof And and) {
            and.operands().forEach(c -> collectAttributes(c, names));
        } else if (condition instanceof Or or) {
            or.operands().forEach(c -> collectAttributes(c, names));
        } else if (condition instanceof LinkedMatch linked) {
            names.add(linked.relationship());
        } else {
            AttributePath path = Conditions.pathOf(condition);
            if (path != null && !path.isEntityLevel()) {
                names.add(path.attribute());
            }
        }
    }

    /**
     * How many Relationships a condition follows at most: 0 without Linked Entity paths, 1 for
     * {@code rel{attr}}, 2 for {@code rel{rel2{attr}}}; to compare with joinLevel (5.7.2.4).
     */
    public static int linkedDepth(Condition condition) {
        if (condition instanceof And and) {
            return and.operands().stream().mapToInt(QueryLanguage::linkedDepth).max().orElse(0);
        }
        if (condition instanceof Or or) {
            return or.operands().stream().mapToInt(QueryLanguage::linkedDepth).max().orElse(0);
        }
        if (condition instanceof LinkedMatch linked) {
            return 1 + linkedDepth(linked.condition());
        }
        return 0;
    }
}
