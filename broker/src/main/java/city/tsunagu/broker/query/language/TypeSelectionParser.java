package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the entity type selection language of the {@code type} parameter (4.17):
 * <pre>
 * types   = or
 * or      = and *(("|" / ",") and)
 * and     = factor *(";" factor)
 * factor  = "(" or ")" / type             ; type: a name or IRI without , ; | ( ) or whitespace
 * </pre>
 * Like scopeQ, ";" is accepted without the parentheses the ABNF asks for.
 */
final class TypeSelectionParser {
    private static final String TYPE_STOP = ",;|()";

    private final Cursor in;
    private final LdContext ctx;
    private final QueryLimits limits;

    TypeSelectionParser(String type, LdContext ctx, QueryLimits limits) {
        this.in = new Cursor("type", type);
        this.ctx = ctx;
        this.limits = limits;
    }

    Condition parse() {
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
        int start = in.pos();
        while (!in.atEnd() && TYPE_STOP.indexOf(in.peek()) < 0 && !Cursor.isWhitespace(in.peek())) {
            in.next();
        }
        if (in.pos() == start) {
            throw in.unexpected("an entity type");
        }
        String name = in.substring(start);
        String iri = NgsiLd.isValidName(name) ? ctx.expand(name) : null;
        if (iri == null || iri.startsWith("@")) {
            throw in.error("'" + name + "' is not a valid entity type: use a name starting with a letter, or an IRI", start);
        }
        return new TypeMatch(iri);
    }
}
