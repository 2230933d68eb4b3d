package city.tsunagu.broker.query.language;

/** The comparison operators of the query language (4.9). */
public enum Operator {
    EQUAL("=="),
    UNEQUAL("!="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether this operator orders values (not allowed with lists, ranges, booleans, URIs). */
    public boolean isOrdering() {
        return this != EQUAL && this != UNEQUAL;
    }

    /** Whether a comparison result {@code cmp} (as of compareTo: target vs. value) satisfies this operator. */
    boolean accepts(int cmp) {
        return switch (this) {
            case EQUAL -> cmp == 0;
            case UNEQUAL -> cmp != 0;
            case GREATER -> cmp > 0;
            case GREATER_OR_EQUAL -> cmp >= 0;
            case LESS -> cmp < 0;
            case LESS_OR_EQUAL -> cmp <= 0;
        };
    }
}
