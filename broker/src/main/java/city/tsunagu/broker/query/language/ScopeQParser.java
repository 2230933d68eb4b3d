package city.tsunagu.broker.query.language;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the scope query language (4.19):
 * <pre>
 * scopeQ  = or
 * or      = and *(("|" / ",") and)
 * and     = factor *(";" factor)
 * factor  = "(" or ")" / "/#" / scope ["/#"]
 * scope   = 1*("/" level)                ; level: "+" or characters other than / # + ; | , ( ) and whitespace
 * </pre>
 * The ABNF asks for parentheses around conjunctions; as the conformance tests use
 * {@code /a;/b} bare, ";" is accepted anywhere and binds tighter than "|" and ",".
 */
final class ScopeQParser extends LogicalExpressionParser {
    private static final String LEVEL_STOP = "/#+;|,()";

    ScopeQParser(String scopeQ, QueryLimits limits) {
        super(new Cursor("scopeQ", scopeQ), limits);
    }

    @Override
    protected Condition term() {
        if (in.peek() != '/') {
            throw in.unexpected("a scope starting with '/', e.g. /Madrid/Gardens");
        }
        List<String> levels = new ArrayList<>();
        boolean descendants = false;
        while (in.peek() == '/') {
            in.next();
            int start = in.pos();
            if (in.peek() == '#') {
                in.next();
                descendants = true;
                if (in.peek() == '/' || (!in.atEnd() && !isDelimiter(in.peek()))) {
                    throw in.error("'#' must end the scope", start);
                }
                break;
            }
            if (in.peek() == '+') {
                in.next();
                if (!in.atEnd() && in.peek() != '/' && !isDelimiter(in.peek())) {
                    throw in.error("'+' must be a whole scope level", start);
                }
                levels.add(ScopeMatch.ANY_LEVEL);
                continue;
            }
            while (!in.atEnd() && LEVEL_STOP.indexOf(in.peek()) < 0 && !Cursor.isWhitespace(in.peek())) {
                if (Character.isISOControl(in.peek())) {
                    throw in.unexpected("a scope level");
                }
                in.next();
            }
            if (in.pos() == start) {
                throw in.unexpected("a scope level after '/'");
            }
            if (!in.atEnd() && (in.peek() == '#' || in.peek() == '+')) {
                throw in.error("'" + in.peek() + "' must be a whole scope level", in.pos());
            }
            levels.add(in.substring(start));
        }
        return new ScopeMatch(levels, descendants);
    }

    private static boolean isDelimiter(char c) {
        return c == ';' || c == '|' || c == ',' || c == ')' || Cursor.isWhitespace(c);
    }
}
