package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser of the NGSI-LD query language (4.9):
 * <pre>
 * query   = or
 * or      = and *("|" and)
 * and     = factor *(";" factor)          ; ";" binds tighter than "|"
 * factor  = "(" or ")" / term
 * term    = ["!"] path [operator value]   ; "!" (not exists) only without operator
 * path    = name "{" [types ":"] path "}" / name *("." name) ["[" key *("." key) "]"]
 * value   = single / single ".." single / single 1*("," single)    ; ranges and lists after == and != only
 * single  = "quoted" / number / true / false / dateTime / date / time / URI / bare term
 * </pre>
 * Whitespace between tokens is ignored. Names are expanded with the request's @context.
 */
final class QParser {
    /** Characters that end an attribute name. */
    private static final String NAME_STOP = ".[]{}();|,=!<>~\"'";
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern DATE_START = Pattern.compile("[+-]?\\d{4,}-.*");
    private static final Pattern TIME_START = Pattern.compile("\\d{2}:.*");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Attribute members that cannot name a (sub-)attribute and are not addressable members. */
    private static final Set<String> NOT_ADDRESSABLE = Set.of("value", "object", "languageMap", "vocab", "json",
            "valueList", "objectList", "instanceId", "type", "id", "@type", "@id");

    private final Cursor in;
    private final LdContext ctx;
    private final Set<String> expandValues;
    private final QueryLimits limits;

    QParser(String q, LdContext ctx, Set<String> expandValues, QueryLimits limits) {
        this("q", q, ctx, expandValues, limits);
    }

    /** A parser whose errors name {@code parameter} (e.g. orderBy, which uses the attribute paths of q). */
    QParser(String parameter, String text, LdContext ctx, Set<String> expandValues, QueryLimits limits) {
        this.in = new Cursor(parameter, text);
        this.ctx = ctx;
        this.expandValues = expandValues;
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
            throw in.unexpected("';', '|' or the end of the expression");
        }
        return condition;
    }

    /** Parses the whole text as one attribute path of the entity itself (no Linked Entity hops). */
    AttributePath parseLocalPath() {
        in.checkSize(limits.maxLength());
        PathSpec spec = parsePath(0, false);
        if (!spec.hops().isEmpty()) {
            throw in.error("paths into linked entities are not allowed here", 0);
        }
        if (!in.atEnd()) {
            throw in.unexpected("the end of the attribute path");
        }
        return spec.path();
    }

    private Condition parseOr(int depth) {
        List<Condition> operands = new ArrayList<>();
        operands.add(parseAnd(depth));
        in.skipWhitespace();
        while (in.peek() == '|') {
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
        if (in.peek() != '(') {
            return parseTerm(depth);
        }
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
            throw in.unexpected("';', '|' or ')'");
        }
        in.next();
        return inner;
    }

    private Condition parseTerm(int depth) {
        in.skipWhitespace();
        int start = in.pos();
        boolean absent = false;
        if (in.peek() == '!') {
            absent = true;
            in.next();
        }
        PathSpec spec = parsePath(depth, false);
        in.skipWhitespace();
        int opPos = in.pos();
        String op = readOperator();
        Condition leaf;
        if (op == null) {
            leaf = absent ? new NotExists(spec.path) : new Exists(spec.path);
        } else {
            if (absent) {
                throw in.error("'!' negates the existence of an attribute and takes no operator; write e.g. !speed", start);
            }
            leaf = parseValueTerm(spec.path, op, opPos);
        }
        if (absent && !spec.hops.isEmpty()) {
            throw in.error("'!' cannot be used with a Linked Entity path", start);
        }
        for (int i = spec.hops.size() - 1; i >= 0; i--) {
            Hop hop = spec.hops.get(i);
            leaf = new LinkedMatch(hop.relationship, hop.typeHints, leaf);
        }
        return leaf;
    }

    /** Reads an operator, or returns null when the term ends (existence). */
    private String readOperator() {
        char c = in.peek();
        switch (c) {
            case '=' -> {
                if (in.peek(1) == '=') {
                    in.skip(2);
                    return "==";
                }
                throw in.error("unexpected '='; compare with '=='", in.pos());
            }
            case '!' -> {
                if (in.peek(1) == '=') {
                    in.skip(2);
                    return "!=";
                }
                if (in.peek(1) == '~' && in.peek(2) == '=') {
                    in.skip(3);
                    return "!~=";
                }
                throw in.unexpected("an operator (==, !=, >, >=, <, <=, ~=, !~=)");
            }
            case '~' -> {
                if (in.peek(1) == '=') {
                    in.skip(2);
                    return "~=";
                }
                throw in.unexpected("an operator (==, !=, >, >=, <, <=, ~=, !~=)");
            }
            case '>', '<' -> {
                in.next();
                if (in.peek() == '=') {
                    in.next();
                    return c + "=";
                }
                return String.valueOf(c);
            }
            case ';', '|', ')', 0 -> {
                return null;
            }
            default -> throw in.unexpected("an operator (==, !=, >, >=, <, <=, ~=, !~=), ';', '|' or ')'");
        }
    }

    // ---- attribute paths

    private record Hop(String relationship, List<String> typeHints) {
    }

    private record PathSpec(List<Hop> hops, AttributePath path) {
    }

    private PathSpec parsePath(int depth, boolean inLink) {
        int start = in.pos();
        String first = readName(inLink, "an attribute name");
        if (in.peek() == '{') {
            return parseLinked(depth, first, start);
        }
        List<String> names = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        names.add(first);
        positions.add(start);
        while (in.peek() == '.' && in.peek(1) != '.') {
            in.next();
            positions.add(in.pos());
            names.add(readName(inLink, "a sub-attribute or member name after '.'"));
        }
        splitIriMember(names, positions);
        Member member = Member.VALUE;
        List<String> attributes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int at = positions.get(i);
            Member named = Member.ofName(name);
            boolean last = i == names.size() - 1;
            if (named != null && (i > 0 || named == Member.CREATED_AT || named == Member.MODIFIED_AT)) {
                if (!last) {
                    throw in.error("'" + name + "' is a member and must end the path", at);
                }
                member = named;
            } else if (named != null) {
                throw in.error("'" + name + "' is a member of attributes; write attribute." + name, at);
            } else {
                attributes.add(expandName(name, at));
            }
        }
        List<String> keys = List.of();
        if (in.peek() == '[') {
            if (member != Member.VALUE) {
                throw in.error("'[' follows " + member.memberName() + ", which has no members", in.pos());
            }
            keys = readKeys();
        }
        return new PathSpec(new ArrayList<>(), new AttributePath(attributes, member, keys, in.substring(start)));
    }

    /** {@code rel{[Type1,Type2:]path}}: the rest of the path applies to the entities rel points to. */
    private PathSpec parseLinked(int depth, String relationship, int start) {
        int open = in.pos();
        if (depth >= limits.maxDepth()) {
            throw in.error("Linked Entity paths nested deeper than " + limits.maxDepth() + " levels", open);
        }
        String relationshipIri = expandName(relationship, start);
        in.next();
        int hintStart = in.pos();
        String candidate = readName(true, "an attribute or entity type name after '{'");
        List<String> hints = new ArrayList<>();
        if (in.peek() == ',' || in.peek() == ':') {
            hints.add(expandType(candidate, hintStart));
            while (in.peek() == ',') {
                in.next();
                int at = in.pos();
                hints.add(expandType(readName(true, "an entity type name after ','"), at));
            }
            if (in.peek() != ':') {
                throw in.unexpected("':' after the entity types");
            }
            in.next();
        } else {
            in.reset(hintStart);
        }
        PathSpec inner = parsePath(depth + 1, true);
        if (in.peek() != '}') {
            if (in.atEnd()) {
                throw in.error("'{' is not closed", open);
            }
            throw in.unexpected("'}'");
        }
        in.next();
        List<Hop> hops = new ArrayList<>();
        hops.add(new Hop(relationshipIri, hints));
        hops.addAll(inner.hops);
        return new PathSpec(hops, inner.path);
    }

    /**
     * Reads a name: up to a character of {@link #NAME_STOP}, whitespace, and in Linked Entity
     * paths ':'. A name holding "://" is a full IRI and runs on through dots.
     */
    private String readName(boolean inLink, String expected) {
        int start = in.pos();
        while (!in.atEnd()) {
            char c = in.peek();
            if (Cursor.isWhitespace(c) || (inLink && c == ':')) {
                break;
            }
            if (NAME_STOP.indexOf(c) >= 0 && !(c == '.' && in.peek(1) != '.' && in.substring(start).contains("://"))) {
                break;
            }
            in.next();
        }
        if (in.pos() == start) {
            throw in.unexpected(expected);
        }
        return in.substring(start);
    }

    /** "http://example.org/speed.observedAt" read as one IRI: split off a trailing member. */
    private static void splitIriMember(List<String> names, List<Integer> positions) {
        String last = names.get(names.size() - 1);
        int dot = last.lastIndexOf('.');
        if (!last.contains("://") || dot < 0) {
            return;
        }
        String tail = last.substring(dot + 1);
        if (Member.ofName(tail) != null) {
            names.set(names.size() - 1, last.substring(0, dot));
            names.add(tail);
            positions.add(positions.get(positions.size() - 1) + dot + 1);
        }
    }

    private String expandName(String name, int at) {
        if (NOT_ADDRESSABLE.contains(name)) {
            throw in.error("'" + name + "' cannot be queried with q; a path names attributes, sub-attributes and the members "
                    + "observedAt, createdAt, modifiedAt, unitCode, datasetId", at);
        }
        if (!NgsiLd.isValidName(name)) {
            throw in.error("'" + name + "' is not a valid attribute name", at);
        }
        String iri = ctx.expand(name);
        if (iri == null || iri.startsWith("@")) {
            throw in.error("'" + name + "' cannot be queried with q", at);
        }
        return iri;
    }

    private String expandType(String name, int at) {
        if (!NgsiLd.isValidName(name)) {
            throw in.error("'" + name + "' is not a valid entity type", at);
        }
        String iri = ctx.expand(name);
        if (iri == null || iri.startsWith("@")) {
            throw in.error("'" + name + "' is not a valid entity type", at);
        }
        return iri;
    }

    /** {@code [key.key]}: JSON member names into the value; any character but '.', '[', ']' and controls. */
    private List<String> readKeys() {
        int open = in.pos();
        in.next();
        List<String> keys = new ArrayList<>();
        while (true) {
            int start = in.pos();
            while (!in.atEnd() && in.peek() != '.' && in.peek() != ']' && in.peek() != '[' && !Character.isISOControl(in.peek())) {
                in.next();
            }
            if (in.pos() == start) {
                if (in.atEnd()) {
                    throw in.error("'[' is not closed", open);
                }
                throw in.unexpected("a key inside [...]");
            }
            String key = in.substring(start);
            if (!keys.isEmpty() && AttributePath.ANY_KEY.equals(keys.get(keys.size() - 1))) {
                throw in.error("'*' may only be the last key", start - 2);
            }
            keys.add(key);
            if (in.peek() == '.') {
                in.next();
                continue;
            }
            if (in.peek() == ']') {
                in.next();
                return keys;
            }
            if (in.atEnd()) {
                throw in.error("'[' is not closed", open);
            }
            throw in.unexpected("'.' or ']'");
        }
    }

    // ---- values

    private Condition parseValueTerm(AttributePath path, String op, int opPos) {
        if (op.equals("~=") || op.equals("!~=")) {
            return new PatternMatch(path, op.equals("!~="), readRegex());
        }
        Operator operator = switch (op) {
            case "==" -> Operator.EQUAL;
            case "!=" -> Operator.UNEQUAL;
            case ">" -> Operator.GREATER;
            case ">=" -> Operator.GREATER_OR_EQUAL;
            case "<" -> Operator.LESS;
            default -> Operator.LESS_OR_EQUAL;
        };
        in.skipWhitespace();
        int valuePos = in.pos();
        Value value = readValue(path);
        in.skipWhitespace();
        if (in.startsWith("..")) {
            if (operator.isOrdering()) {
                throw in.error("a range (..) can only follow == or !=, not " + op, in.pos());
            }
            in.skip(2);
            in.skipWhitespace();
            int maxPos = in.pos();
            Value max = readValue(path);
            checkRangeBound(value, valuePos);
            checkRangeBound(max, maxPos);
            if (value.getClass() != max.getClass()) {
                throw in.error("the bounds of a range must be of the same kind (numbers, strings, DateTimes, Dates or Times)", maxPos);
            }
            return new Range(path, operator == Operator.UNEQUAL, value, max);
        }
        if (in.peek() == ',') {
            if (operator.isOrdering()) {
                throw in.error("a list of values can only follow == or !=, not " + op, in.pos());
            }
            List<Value> values = new ArrayList<>();
            values.add(value);
            while (in.peek() == ',') {
                in.next();
                in.skipWhitespace();
                values.add(readValue(path));
                in.skipWhitespace();
            }
            return new ValueList(path, operator == Operator.UNEQUAL, values);
        }
        if (operator.isOrdering() && !value.isComparable()) {
            throw in.error(op + " compares numbers, strings, DateTimes, Dates and Times; the value is "
                    + (value instanceof Value.UriValue ? "a URI" : "a boolean"), valuePos);
        }
        return new Comparison(path, operator, value);
    }

    private void checkRangeBound(Value bound, int at) {
        if (!bound.isComparable()) {
            throw in.error("a range bound must be a number, string, DateTime, Date or Time", at);
        }
    }

    private Value readValue(AttributePath path) {
        in.skipWhitespace();
        int start = in.pos();
        if (in.peek() == '"') {
            String text = in.readJsonString();
            if (isTemporal(path)) {
                Instant instant = Temporal.parseDateTime(text);
                if (instant != null) {
                    return new Value.DateTimeValue(instant);
                }
            }
            return new Value.TextValue(expandsValues(path) && NgsiLd.isValidName(text) ? ctx.expand(text) : text);
        }
        String token = readBareToken();
        if (token.isEmpty()) {
            throw in.unexpected("a value");
        }
        return classify(token, start, path);
    }

    /** A bare value runs to whitespace, ';', '|', ',', '"', '..' or an unbalanced ')'. */
    private String readBareToken() {
        int start = in.pos();
        int depth = 0;
        while (!in.atEnd()) {
            char c = in.peek();
            if (Cursor.isWhitespace(c) || c == ';' || c == '|' || c == ',' || c == '"' || (c == '.' && in.peek(1) == '.')) {
                break;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
            in.next();
        }
        return in.substring(start);
    }

    private Value classify(String token, int at, AttributePath path) {
        switch (token) {
            case "true" -> {
                return new Value.BooleanValue(true);
            }
            case "false" -> {
                return new Value.BooleanValue(false);
            }
            case "null" -> throw in.error("null is not a value of the query language; to select entities without an "
                    + "attribute write !attribute", at);
            default -> {
            }
        }
        if (NUMBER.matcher(token).matches()) {
            return number(token, at);
        }
        if (DATE_START.matcher(token).matches()) {
            if (token.indexOf('T') > 0 || token.indexOf('t') > 0) {
                Instant instant = Temporal.parseDateTime(token.replace('t', 'T').replace('z', 'Z'));
                if (instant == null) {
                    throw in.error("'" + token + "' is not a valid DateTime (e.g. 2026-04-01T08:00:00Z)", at);
                }
                return new Value.DateTimeValue(instant);
            }
            LocalDate date = Temporal.parseDate(token);
            if (date == null) {
                throw in.error("'" + token + "' is not a valid Date (e.g. 2026-04-01)", at);
            }
            return new Value.DateValue(date);
        }
        if (TIME_START.matcher(token).matches()) {
            LocalTime time = Temporal.parseTime(token);
            if (time == null) {
                throw in.error("'" + token + "' is not a valid Time (e.g. 08:30:00Z)", at);
            }
            return new Value.TimeValue(time);
        }
        if (expandsValues(path) && NgsiLd.isValidName(token)) {
            return new Value.TextValue(ctx.expand(token));
        }
        if (token.indexOf(':') > 0 && NgsiLd.isUri(token)) {
            return new Value.UriValue(token);
        }
        char first = token.charAt(0);
        if (first == '-' || first == '+' || first == '.' || Character.isDigit(first)) {
            throw in.error("'" + token + "' is not a valid number, DateTime, Date or Time", at);
        }
        if (Character.isLetter(token.codePointAt(0)) && NgsiLd.isValidName(token)) {
            return new Value.TextValue(token);
        }
        throw in.error("'" + token + "' is not a value; write strings in double quotes, e.g. \"text\"", at);
    }

    /**
     * A number as the store compares it: integers within the long range exactly, every other
     * number as the nearest double (the store keeps JSON numbers as int, long or double).
     */
    private Value number(String token, int at) {
        BigDecimal literal;
        try {
            literal = new BigDecimal(token);
        } catch (NumberFormatException | ArithmeticException e) {
            throw in.error("the number " + token + " is out of range", at);
        }
        if (Math.abs((long) literal.precision() - literal.scale()) > 400 || literal.scale() > 400) {
            throw in.error("the number " + token + " is out of range", at);
        }
        BigDecimal stripped = literal.signum() == 0 ? BigDecimal.ZERO : literal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return new Value.NumberValue(stripped.setScale(0));
        }
        double d = literal.doubleValue();
        if (Double.isInfinite(d) || (d == 0.0 && literal.signum() != 0)) {
            throw in.error("the number " + token + " is out of range", at);
        }
        return new Value.NumberValue(new BigDecimal(d));
    }

    private static boolean isTemporal(AttributePath path) {
        return path.member().isTemporal();
    }

    private boolean expandsValues(AttributePath path) {
        return !path.isEntityLevel() && path.member() == Member.VALUE && expandValues.contains(path.attribute());
    }

    /**
     * A regular expression: a quoted string, or unquoted up to ';', '|' or an unbalanced ')'
     * outside brackets and parentheses ({@code name~=(?i)bus(es)?}; write "a|b" or (a|b) for
     * alternatives).
     */
    private Pattern readRegex() {
        in.skipWhitespace();
        int start = in.pos();
        String regex;
        if (in.peek() == '"') {
            regex = in.readJsonString();
        } else {
            int depth = 0;
            boolean inClass = false;
            while (!in.atEnd()) {
                char c = in.peek();
                if (c == '\\') {
                    in.skip(2);
                    continue;
                }
                if (inClass) {
                    if (c == ']') {
                        inClass = false;
                    }
                    in.next();
                    continue;
                }
                if (c == '[') {
                    inClass = true;
                    in.next();
                    if (in.peek() == '^') {
                        in.next();
                    }
                    if (in.peek() == ']') {
                        in.next();
                    }
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if ((c == ';' || c == '|') && depth == 0) {
                    break;
                }
                in.next();
            }
            regex = in.substring(start);
        }
        if (regex.isEmpty()) {
            throw in.error("expected a regular expression after ~= or !~=", start);
        }
        if (regex.length() > limits.maxPatternLength()) {
            throw in.error("the regular expression has " + regex.length() + " characters; at most "
                    + limits.maxPatternLength() + " are accepted", start);
        }
        try {
            return Pattern.compile(regex, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw in.error("invalid regular expression: " + e.getDescription(), start);
        } catch (RuntimeException | StackOverflowError e) {
            throw in.error("invalid regular expression", start);
        }
    }
}
