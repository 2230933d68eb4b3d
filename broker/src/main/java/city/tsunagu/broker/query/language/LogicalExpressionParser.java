package city.tsunagu.broker.query.language;

import java.util.ArrayList;
import java.util.List;

/**
 * The logic shared by the scopeQ and type-selection languages: terms joined by ";" (and, binding
 * tighter) and "|" or "," (or), grouped by parentheses:
 * <pre>
 * or      = and *(("|" / ",") and)
 * and     = factor *(";" factor)
 * factor  = "(" or ")" / term
 * </pre>
 * Subclasses read the terms.
 */
abstract class LogicalExpressionParser {
    protected final Cursor in;
    protected final QueryLimits limits;

    protected LogicalExpressionParser(Cursor in, QueryLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Reads one term at the cursor. */
    protected abstract Condition term();

    final Condition parse() {
        in.checkSize(limits.maxLength());
        Condition condition = parseOr(0);
        in.skipWhitespace();
        if (!in.atEnd()) {
            if (in.peek() == ')') {
                throw in.error("unexpected ')' without a matching '('", in.pos());
            }
            throw in.unexpected("';', '|', ',' or the end of the expression");
        }
        return condition;
    }

    private Condition parseOr(int depth) {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseAnd(depth));
        in.skipWhitespace();
        while (in.peek() == '|' || in.peek() == ',') {
            in.next();
            operands.add(parseAnd(depth));
            in.skipWhitespace();
        }
        return Or.of(operands);
    }

    private Condition parseAnd(int depth) {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseFactor(depth));
        in.skipWhitespace();
        while (in.peek() == ';') {
            in.next();
            operands.add(parseFactor(depth));
            in.skipWhitespace();
        }
        return And.of(operands);
    }

    private Condition parseFactor(int depth) {
        in.skipWhitespace();
        if (in.peek() == '(') {
            int open = in.pos();
            if (depth >= limits.maxDepth()) {
                throw in.error("parentheses nested deeper than " + limits.maxDepth() + " levels", open);
            }
            in.next();
            Condition inner = parseOr(depth + 1);
            in.skipWhitespace();
            if (in.peek() != ')') {
                if (in.atEnd()) {
                    throw in.error("'(' is not closed", open);
                }
                throw in.unexpected("';', '|', ',' or ')'");
            }
            in.next();
            return inner;
        }
        return term();
    }
}
