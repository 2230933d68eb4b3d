package city.tsunagu.broker.query.language;

import java.util.List;

/**
 * One scope of the entity matches a scope pattern of scopeQ (4.19): {@code levels} are the
 * levels of the pattern, {@code "+"} matching any one level; with {@code descendants}
 * ({@code /a/#}) the scope may also lie below. {@code /#} alone (no levels) matches any scope.
 */
public record ScopeMatch(List<String> levels, boolean descendants) implements Condition {
    public static final String ANY_LEVEL = "+";

    public ScopeMatch {
        levels = List.copyOf(levels);
        if (levels.isEmpty() && !descendants) {
            throw new IllegalArgumentException("a scope pattern without levels must match descendants");
        }
    }

    /** Whether {@code scope} (e.g. "/Madrid/Gardens") matches this pattern. */
    public boolean matchesScope(String scope) {
        if (scope == null || scope.isEmpty()) {
            return false;
        }
        String[] parts = (scope.charAt(0) == '/' ? scope.substring(1) : scope).split("/", -1);
        if (parts.length < levels.size() || (!descendants && parts.length != levels.size())) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (!(ANY_LEVEL.equals(level) ? !parts[i].isEmpty() : level.equals(parts[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The pattern as written in scopeQ, e.g. "/Madrid/+/ParqueNorte/#". */
    public String text() {
        StringBuilder text = new StringBuilder();
        levels.forEach(level -> text.append('/').append(level));
        return descendants ? text.append("/#").toString() : text.toString();
    }
}
