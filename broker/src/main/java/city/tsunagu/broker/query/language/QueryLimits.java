package city.tsunagu.broker.query.language;

/**
 * Bounds that protect the broker from expensive expressions.
 *
 * @param maxLength        characters in one q, scopeQ or type expression
 * @param maxDepth         nesting of parentheses and of Linked Entity paths
 * @param maxPatternLength characters in one regular expression
 * @param maxPatternSteps  characters a regular expression may read while matching one value
 *                         (guards against catastrophic backtracking)
 */
public record QueryLimits(int maxLength, int maxDepth, int maxPatternLength, long maxPatternSteps) {
    public static final QueryLimits DEFAULT = new QueryLimits(2000, 16, 512, 1_000_000);

    public QueryLimits {
        if (maxLength <= 0 || maxDepth <= 0 || maxPatternLength <= 0 || maxPatternSteps <= 0) {
            throw new IllegalArgumentException("query limits must be positive");
        }
    }
}
