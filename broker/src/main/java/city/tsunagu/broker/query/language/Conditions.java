package city.tsunagu.broker.query.language;

/** Small helpers over the AST. */
final class Conditions {
    private Conditions() {
    }

    /** The attribute path of a query term; null for logical, scope, type and Linked Entity conditions. */
    static AttributePath pathOf(Condition condition) {
        if (condition instanceof Exists c) {
            return c.path();
        }
        if (condition instanceof NotExists c) {
            return c.path();
        }
        if (condition instanceof Comparison c) {
            return c.path();
        }
        if (condition instanceof Range c) {
            return c.path();
        }
        if (condition instanceof ValueList c) {
            return c.path();
        }
        if (condition instanceof PatternMatch c) {
            return c.path();
        }
        return null;
    }
}
