package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;

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
final class TypeSelectionParser extends LogicalExpressionParser {
    private static final String TYPE_STOP = ",;|()";

    private final LdContext ctx;

    TypeSelectionParser(String type, LdContext ctx, QueryLimits limits) {
        super(new Cursor("type", type), limits);
        this.ctx = ctx;
    }

    @Override
    protected Condition term() {
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
