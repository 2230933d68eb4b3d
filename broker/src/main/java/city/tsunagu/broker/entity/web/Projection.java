package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A {@code pick} or {@code omit} projection (ETSI GS CIM 009 v1.9.1, 4.21): names separated by
 * ',' or '|', each optionally followed by a nested projection in braces that applies to the
 * entity a Relationship links to, e.g. {@code id,locatedAt{id,name}}. Names are expanded.
 */
public final class Projection {
    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "scope");

    private final Map<String, Projection> members;

    private Projection(Map<String, Projection> members) {
        this.members = Collections.unmodifiableMap(members);
    }

    /** Parses {@code text}, expanding attribute names with {@code expand}; BadRequestData on syntax errors. */
    public static Projection parse(String text, UnaryOperator<String> expand) {
        Parser parser = new Parser(text, expand);
        Projection projection = parser.list();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
        }
        return projection;
    }

    /** A flat projection of already expanded names. */
    public static Projection of(Set<String> names) {
        Map<String, Projection> members = new LinkedHashMap<>();
        names.forEach(n -> members.put(n, null));
        return new Projection(members);
    }

    public boolean contains(String name) {
        return members.containsKey(name);
    }

    /**
     * Whether an omit projection drops {@code name} itself: a name with a nested list stays and
     * the nested list applies to the entity it links to, e.g. {@code locatedAt{name}}.
     */
    public boolean drops(String name) {
        return members.containsKey(name) && members.get(name) == null;
    }

    /** The projection for the entity linked by {@code name}, or null if none was given. */
    public Projection nested(String name) {
        return members.get(name);
    }

    /** How many Relationships deep nested projections reach: 0 when flat (nesting is meaningful only with a join). */
    public int depth() {
        return members.values().stream().filter(java.util.Objects::nonNull).mapToInt(p -> 1 + p.depth()).max().orElse(0);
    }

    public Set<String> names() {
        return members.keySet();
    }

    private static final class Parser {
        private final String text;
        private final UnaryOperator<String> expand;
        private int pos;

        Parser(String text, UnaryOperator<String> expand) {
            this.text = text;
            this.expand = expand;
        }

        Projection list() {
            Map<String, Projection> members = new LinkedHashMap<>();
            do {
                String name = name();
                Projection nested = null;
                if (pos < text.length() && text.charAt(pos) == '{') {
                    pos++;
                    nested = list();
                    if (pos >= text.length() || text.charAt(pos) != '}') {
                        throw error("a '{' is not closed");
                    }
                    pos++;
                }
                members.put(ENTITY_MEMBERS.contains(name) ? name : expand.apply(name), nested);
            } while (separator());
            return new Projection(members);
        }

        private boolean separator() {
            if (pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == '|')) {
                pos++;
                return true;
            }
            return false;
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && "{},|".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (name.isEmpty()) {
                throw error("an attribute name is missing at position " + start);
            }
            return name;
        }

        BadRequestDataException error(String what) {
            return new BadRequestDataException("Projection '" + text + "' is malformed: " + what
                    + "; write names separated by ',' with optional {nested} lists, e.g. id,locatedAt{id,name}");
        }
    }
}
