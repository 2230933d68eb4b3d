package city.tsunagu.broker.query.language;

import static city.tsunagu.broker.query.language.Fixtures.CORE;
import static city.tsunagu.broker.query.language.Fixtures.DEFAULT;
import static city.tsunagu.broker.query.language.Fixtures.iri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.query.language.Value.BooleanValue;
import city.tsunagu.broker.query.language.Value.DateTimeValue;
import city.tsunagu.broker.query.language.Value.DateValue;
import city.tsunagu.broker.query.language.Value.NumberValue;
import city.tsunagu.broker.query.language.Value.TextValue;
import city.tsunagu.broker.query.language.Value.TimeValue;
import city.tsunagu.broker.query.language.Value.UriValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query language of q (4.9) by example: what each expression parses to, and how errors read. */
class QueryLanguageTest {

    static Condition q(String q) {
        return QueryLanguage.parseQ(q, CORE);
    }

    static AttributePath path(String... names) {
        return new AttributePath(Arrays.stream(names).map(Fixtures::iri).toList(), Member.VALUE, List.of(), "");
    }

    static AttributePath member(Member member, String... names) {
        return new AttributePath(Arrays.stream(names).map(Fixtures::iri).toList(), member, List.of(), "");
    }

    static AttributePath keys(String name, String... keys) {
        return new AttributePath(List.of(iri(name)), Member.VALUE, List.of(keys), "");
    }

    /** A number as the parser keeps it: integers exactly, others as the nearest double. */
    static Value number(String n) {
        BigDecimal exact = new BigDecimal(n);
        try {
            return new NumberValue(BigDecimal.valueOf(exact.longValueExact()));
        } catch (ArithmeticException notALong) {
            return new NumberValue(new BigDecimal(Double.parseDouble(n)));
        }
    }

    static Value text(String s) {
        return new TextValue(s);
    }

    static Condition cmp(String name, Operator op, Value value) {
        return new Comparison(path(name), op, value);
    }

    static Condition exists(String name) {
        return new Exists(path(name));
    }

    @Nested
    class Terms {
        @Test
        void existenceIsABarePath() {
            assertThat(q("temperature")).isEqualTo(exists("temperature"));
            assertThat(q("isMonitoredBy")).isEqualTo(exists("isMonitoredBy"));
        }

        @Test
        void namesAreExpandedWithTheContext() {
            assertThat(iri("speed")).isEqualTo(DEFAULT + "speed");
            assertThat(((Exists) q("speed")).path().attributes()).containsExactly(DEFAULT + "speed");
            assertThat(((Exists) q("location")).path().attributes()).containsExactly("https://uri.etsi.org/ngsi-ld/location");
        }

        @ParameterizedTest
        @CsvSource({"speed==50, EQUAL", "speed!=50, UNEQUAL", "speed>50, GREATER", "speed>=50, GREATER_OR_EQUAL",
                "speed<50, LESS", "speed<=50, LESS_OR_EQUAL"})
        void eachComparisonOperator(String expression, Operator operator) {
            assertThat(q(expression)).isEqualTo(cmp("speed", operator, number("50")));
        }

        @Test
        void notExistsIsAnExtension() {
            assertThat(q("!heading;speed>25")).isEqualTo(new And(List.of(new NotExists(path("heading")),
                    cmp("speed", Operator.GREATER, number("25")))));
        }

        @Test
        void whitespaceBetweenTokensIsIgnored() {
            assertThat(q(" speed > 50 ; brandName != \"Mercedes\" ")).isEqualTo(q("speed>50;brandName!=\"Mercedes\""));
        }
    }

    @Nested
    class Values {
        @Test
        void numbers() {
            assertThat(((Comparison) q("a==-1.5e3")).value()).isEqualTo(number("-1500"));
            assertThat(((Comparison) q("a==1.0")).value()).isEqualTo(number("1"));
            assertThat(((Comparison) q("a==0")).value()).isEqualTo(number("0"));
            assertThat(((NumberValue) ((Comparison) q("a==0.1")).value()).number()).isEqualTo(new BigDecimal(0.1));
            assertThat(((NumberValue) ((Comparison) q("a==1e19")).value()).number()).isEqualTo(new BigDecimal(1e19));
            assertThat(((NumberValue) ((Comparison) q("a==9007199254740993")).value()).number())
                    .isEqualTo(new BigDecimal("9007199254740993"));
        }

        @Test
        void quotedStringsWithJsonEscapes() {
            assertThat(((Comparison) q("name==\"Bus One\"")).value()).isEqualTo(text("Bus One"));
            assertThat(((Comparison) q("name==\"a\\\"b\\\\c\\u00e9\\n\\/;|)\"")).value()).isEqualTo(text("a\"b\\cé\n/;|)"));
            assertThat(((Comparison) q("name==\"\"")).value()).isEqualTo(text(""));
        }

        @Test
        void booleans() {
            assertThat(q("almostFull==false")).isEqualTo(cmp("almostFull", Operator.EQUAL, new BooleanValue(false)));
            assertThat(q("almostFull!=true")).isEqualTo(cmp("almostFull", Operator.UNEQUAL, new BooleanValue(true)));
        }

        @Test
        void uris() {
            assertThat(q("onRoute==urn:ngsi-ld:Route:1")).isEqualTo(cmp("onRoute", Operator.EQUAL, new UriValue("urn:ngsi-ld:Route:1")));
            assertThat(q("(onRoute==urn:ngsi-ld:Route:1)")).isEqualTo(q("onRoute==urn:ngsi-ld:Route:1"));
            assertThat(((Comparison) q("site==https://example.org/a?b=c#d")).value()).isEqualTo(new UriValue("https://example.org/a?b=c#d"));
            assertThat(q("onRoute==\"urn:ngsi-ld:Route:1\"")).isEqualTo(cmp("onRoute", Operator.EQUAL, text("urn:ngsi-ld:Route:1")));
        }

        @Test
        void dateTimesDatesAndTimes() {
            assertThat(((Comparison) q("a>2026-01-01T09:00:00+09:00")).value())
                    .isEqualTo(new DateTimeValue(Instant.parse("2026-01-01T00:00:00Z")));
            assertThat(((DateTimeValue) ((Comparison) q("a<2026-01-01T00:00:00.250Z")).value()).instant())
                    .isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z"));
            assertThat(((Comparison) q("a>=2026-04-01")).value()).isEqualTo(new DateValue(LocalDate.of(2026, 4, 1)));
            assertThat(((TimeValue) ((Comparison) q("a<08:30:00Z")).value()).time()).isEqualTo(LocalTime.of(8, 30));
        }

        @Test
        void aQuotedDateTimeOnATemporalMemberIsADateTime() {
            assertThat(q("modifiedAt>\"2020-01-01T00:00:00Z\"")).isEqualTo(new Comparison(
                    new AttributePath(List.of(), Member.MODIFIED_AT, List.of(), ""), Operator.GREATER,
                    new DateTimeValue(Instant.parse("2020-01-01T00:00:00Z"))));
            assertThat(((Comparison) q("name==\"2020-01-01T00:00:00Z\"")).value()).isEqualTo(text("2020-01-01T00:00:00Z"));
        }

        @Test
        void bareTermsAreStringsAndExpandedWhenExpandValuesNamesTheAttribute() {
            assertThat(((Comparison) q("category==commercial")).value()).isEqualTo(text("commercial"));
            Condition expanded = QueryLanguage.parseQ("category==commercial;name==commercial", CORE, List.of("category"));
            assertThat(expanded).isEqualTo(new And(List.of(cmp("category", Operator.EQUAL, text(DEFAULT + "commercial")),
                    cmp("name", Operator.EQUAL, text("commercial")))));
        }

        @Test
        void ranges() {
            assertThat(q("airQualityLevel==4..5")).isEqualTo(new Range(path("airQualityLevel"), false, number("4"), number("5")));
            assertThat(q("airQualityLevel!=4..5")).isEqualTo(new Range(path("airQualityLevel"), true, number("4"), number("5")));
            assertThat(q("name==\"A\"..\"C\"")).isEqualTo(new Range(path("name"), false, text("A"), text("C")));
            assertThat(q("t==2026-01-01T00:00:00Z..2026-01-02T00:00:00.5Z")).isInstanceOf(Range.class);
            assertThat(q("d==2026-01-01..2026-12-31")).isInstanceOf(Range.class);
            assertThat(q("x==1.5..2.5")).isEqualTo(new Range(path("x"), false, number("1.5"), number("2.5")));
        }

        @Test
        void valueLists() {
            assertThat(q("name==\"Eiffel Tower\",\"Pisa Tower\"")).isEqualTo(
                    new ValueList(path("name"), false, List.of(text("Eiffel Tower"), text("Pisa Tower"))));
            assertThat(q("route!=\"550\",551,true")).isEqualTo(
                    new ValueList(path("route"), true, List.of(text("550"), number("551"), new BooleanValue(true))));
            assertThat(q("onRoute==urn:a:1,urn:a:2")).isEqualTo(
                    new ValueList(path("onRoute"), false, List.of(new UriValue("urn:a:1"), new UriValue("urn:a:2"))));
        }

        @Test
        void patterns() {
            assertThat(((PatternMatch) q("name~=\"^Eif\"")).regex()).isEqualTo("^Eif");
            assertThat(((PatternMatch) q("name!~=\"^Eif\"")).negated()).isTrue();
            assertThat(((PatternMatch) q("name~=(?i)eif.*")).regex()).isEqualTo("(?i)eif.*");
            assertThat(((PatternMatch) q("name~=(bus|tram)[a-z|;]+\\)")).regex()).isEqualTo("(bus|tram)[a-z|;]+\\)");
            // unquoted, '|' outside parentheses ends the pattern
            assertThat(q("name~=bus|tram")).isEqualTo(new Or(List.of(
                    new PatternMatch(path("name"), false, java.util.regex.Pattern.compile("bus", java.util.regex.Pattern.UNIX_LINES)),
                    exists("tram"))));
            assertThat(q("(name~=^B)")).isInstanceOf(PatternMatch.class);
        }
    }

    @Nested
    class Logic {
        @Test
        void andBindsTighterThanOr() {
            Condition a = exists("a");
            Condition b = exists("b");
            Condition c = exists("c");
            assertThat(q("a;b|c")).isEqualTo(new Or(List.of(new And(List.of(a, b)), c)));
            assertThat(q("a|b;c")).isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
            assertThat(q("a;b;c")).isEqualTo(new And(List.of(a, b, c)));
        }

        @Test
        void parenthesesGroup() {
            Condition a = exists("a");
            Condition b = exists("b");
            Condition c = exists("c");
            assertThat(q("(a|b);c")).isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
            assertThat(q("a;(b;c)")).isEqualTo(new And(List.of(a, b, c)));
            assertThat(q("((a))")).isEqualTo(a);
        }

        @Test
        void specExamples() {
            assertThat(q("((speed>50|rpm>3000);brandName==\"Mercedes\")")).isEqualTo(new And(List.of(
                    new Or(List.of(cmp("speed", Operator.GREATER, number("50")), cmp("rpm", Operator.GREATER, number("3000")))),
                    cmp("brandName", Operator.EQUAL, text("Mercedes")))));
            assertThat(q("(temperature>=20;temperature<=25)|capacity<=10")).isEqualTo(new Or(List.of(
                    new And(List.of(cmp("temperature", Operator.GREATER_OR_EQUAL, number("20")),
                            cmp("temperature", Operator.LESS_OR_EQUAL, number("25")))),
                    cmp("capacity", Operator.LESS_OR_EQUAL, number("10")))));
        }
    }

    @Nested
    class Paths {
        @Test
        void subAttributesAndMembers() {
            assertThat(q("speed.accuracy>0.1")).isEqualTo(new Comparison(path("speed", "accuracy"), Operator.GREATER, number("0.1")));
            assertThat(q("temperature.observedAt>=2017-12-24T12:00:00Z")).isEqualTo(new Comparison(
                    member(Member.OBSERVED_AT, "temperature"), Operator.GREATER_OR_EQUAL,
                    new DateTimeValue(Instant.parse("2017-12-24T12:00:00Z"))));
            assertThat(((Comparison) q("a.b.modifiedAt<2026-01-01T00:00:00Z")).path())
                    .isEqualTo(member(Member.MODIFIED_AT, "a", "b"));
            assertThat(((Comparison) q("speed.unitCode==\"KMH\"")).path()).isEqualTo(member(Member.UNIT_CODE, "speed"));
            assertThat(((Exists) q("speed.datasetId")).path()).isEqualTo(member(Member.DATASET_ID, "speed"));
            assertThat(((Exists) q("createdAt")).path()).isEqualTo(new AttributePath(List.of(), Member.CREATED_AT, List.of(), ""));
        }

        @Test
        void trailingPathsIntoTheValue() {
            assertThat(q("address[city]==\"Berlin\"")).isEqualTo(new Comparison(keys("address", "city"), Operator.EQUAL, text("Berlin")));
            assertThat(((Comparison) q("sensor.rawdata[airquality.particulate]==40")).path()).isEqualTo(
                    new AttributePath(List.of(iri("sensor"), iri("rawdata")), Member.VALUE, List.of("airquality", "particulate"), ""));
            assertThat(((Comparison) q("color[*]==\"red\"")).path()).isEqualTo(keys("color", "*"));
            assertThat(((Comparison) q("color[en]==\"red\"")).path()).isEqualTo(keys("color", "en"));
            assertThat(((Comparison) q("x[a b-c:d$]==1")).path()).isEqualTo(keys("x", "a b-c:d$"));
        }

        @Test
        void fullIrisRunThroughDots() {
            assertThat(((Comparison) q("https://example.org/speed.observedAt>2026-01-01T00:00:00Z")).path()).isEqualTo(
                    new AttributePath(List.of("https://example.org/speed"), Member.OBSERVED_AT, List.of(), ""));
            assertThat(((Exists) q("https://ngsi-ld-test-suite/context#airQualityLevel")).path().attributes())
                    .containsExactly("https://ngsi-ld-test-suite/context#airQualityLevel");
        }

        @Test
        void linkedEntityPaths() {
            assertThat(q("sensor{humidity}==40")).isEqualTo(new LinkedMatch(iri("sensor"), List.of(),
                    cmp("humidity", Operator.EQUAL, number("40"))));
            assertThat(q("sensor{Device:humidity}==40")).isEqualTo(new LinkedMatch(iri("sensor"), List.of(iri("Device")),
                    cmp("humidity", Operator.EQUAL, number("40"))));
            Condition nested = q("owner{Person,Company:works{name}}==\"x\"");
            assertThat(nested).isEqualTo(new LinkedMatch(iri("owner"), List.of(iri("Person"), iri("Company")),
                    new LinkedMatch(iri("works"), List.of(), cmp("name", Operator.EQUAL, text("x")))));
            assertThat(QueryLanguage.linkedDepth(nested)).isEqualTo(2);
            assertThat(QueryLanguage.linkedDepth(q("a;b{c}"))).isEqualTo(1);
        }

        @Test
        void attributesNamesTheTopLevelAttributesRead() {
            assertThat(QueryLanguage.attributes(q("speed>5;(name==\"x\"|address[city]);sensor{humidity};createdAt")))
                    .containsExactly(iri("speed"), iri("name"), iri("address"), iri("sensor"));
        }
    }

    @Nested
    class Errors {
        @ParameterizedTest
        @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
                "speed> => q: unexpected end of the expression; expected a value",
                "(speed>50 => q: '(' is not closed at position 1",
                "speed>50) => q: unexpected ')' without a matching '(' at position 9",
                "(speed>50)) => q: unexpected ')' without a matching '(' at position 11",
                "speed=50 => q: unexpected '='; compare with '==' at position 6",
                "speed>4..5 => q: a range (..) can only follow == or !=, not > at position 8",
                "speed<=1,2 => q: a list of values can only follow == or !=, not <= at position 9",
                "onRoute>urn:a:b => q: > compares numbers, strings, DateTimes, Dates and Times; the value is a URI at position 9",
                "almostFull<true => q: < compares numbers, strings, DateTimes, Dates and Times; the value is a boolean at position 12",
                "`name==\"abc` => q: the string starting with '\"' is not closed at position 7",
                "`name==\"a\\x\"` => q: invalid escape '\\x' in a string; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX at position 9",
                "speed==null => q: null is not a value of the query language; to select entities without an attribute write !attribute at position 8",
                "`speed==abc def` => q: unexpected 'd' at position 12; expected ';', '|' or the end of the expression",
                ";speed => q: unexpected ';' at position 1; expected an attribute name",
                "speed||x => q: unexpected '|' at position 7; expected an attribute name",
                "!speed==5 => q: '!' negates the existence of an attribute and takes no operator; write e.g. !speed at position 1",
                "observedAt>1 => q: 'observedAt' is a member of attributes; write attribute.observedAt at position 1",
                "speed.observedAt.x => q: 'observedAt' is a member and must end the path at position 7",
                "address[city => q: '[' is not closed at position 8",
                "address[]==1 => q: unexpected ']' at position 9; expected a key inside [...]",
                "a[*.b] => q: '*' may only be the last key at position 3",
                "a==1e400 => q: the number 1e400 is out of range at position 4",
                "a==2..9007199251e-4004740993 => q: the number 9007199251e-4004740993 is out of range at position 7",
                "a==2026-13-01 => q: '2026-13-01' is not a valid Date (e.g. 2026-04-01) at position 4",
                "a==2026-01-01T25:00:00Z => q: '2026-01-01T25:00:00Z' is not a valid DateTime (e.g. 2026-04-01T08:00:00Z) at position 4",
                "a==12:61 => q: '12:61' is not a valid Time (e.g. 08:30:00Z) at position 4",
                "a==01x => q: '01x' is not a valid number, DateTime, Date or Time at position 4",
                "value==1 => q: 'value' cannot be queried with q; a path names attributes, sub-attributes and the members observedAt, createdAt, modifiedAt, unitCode, datasetId at position 1",
                "type==\"Building\" => q: 'type' cannot be queried with q; a path names attributes, sub-attributes and the members observedAt, createdAt, modifiedAt, unitCode, datasetId at position 1",
                "a b => q: unexpected 'b' at position 3; expected an operator (==, !=, >, >=, <, <=, ~=, !~=), ';', '|' or ')'",
                "a~b => q: unexpected '~' at position 2; expected an operator (==, !=, >, >=, <, <=, ~=, !~=)",
                "`name~=\"(\"` => q: invalid regular expression: Unclosed group at position 7",
                "name~= => q: expected a regular expression after ~= or !~= at position 7",
                "sensor{humidity==1 => q: unexpected '=' at position 16; expected '}'",
                "sensor{humidity => q: '{' is not closed at position 7",
                "sensor{:humidity} => q: unexpected ':' at position 8; expected an attribute or entity type name after '{'",
                "!s{h} => q: '!' cannot be used with a Linked Entity path at position 1",
                "a==<b => q: '<b' is not a value; write strings in double quotes, e.g. \"text\" at position 4",
                "a==;b => q: unexpected ';' at position 4; expected a value",
                "a=={x} => q: '{x}' is not a value; write strings in double quotes, e.g. \"text\" at position 4",
        })
        void malformedExpressionsNameTheTokenAndPosition(String expression, String detail) {
            assertThatThrownBy(() -> q(expression)).isInstanceOf(BadRequestDataException.class).hasMessage(detail);
        }

        @Test
        void emptyExpressions() {
            for (String blank : List.of("", "   ")) {
                assertThatThrownBy(() -> q(blank)).isInstanceOf(BadRequestDataException.class)
                        .hasMessage("q: the expression is empty");
            }
        }

        @Test
        void lengthAndDepthAreBounded() {
            assertThatThrownBy(() -> q("a".repeat(2001))).isInstanceOf(BadRequestDataException.class)
                    .hasMessage("q: the expression has 2001 characters; at most 2000 are accepted");
            assertThat(q("(".repeat(16) + "a" + ")".repeat(16))).isEqualTo(exists("a"));
            assertThatThrownBy(() -> q("(".repeat(17) + "a" + ")".repeat(17))).isInstanceOf(BadRequestDataException.class)
                    .hasMessage("q: parentheses nested deeper than 16 levels at position 17");
            assertThatThrownBy(() -> q("a{".repeat(17) + "b" + "}".repeat(17))).isInstanceOf(BadRequestDataException.class)
                    .hasMessageStartingWith("q: Linked Entity paths nested deeper than 16 levels");
            assertThatThrownBy(() -> q("a~=\"" + "x".repeat(513) + "\"")).isInstanceOf(BadRequestDataException.class)
                    .hasMessage("q: the regular expression has 513 characters; at most 512 are accepted at position 4");
        }

        @Test
        void customLimits() {
            QueryLimits tight = new QueryLimits(10, 1, 4, 100);
            assertThatThrownBy(() -> QueryLanguage.parseQ("((a))", CORE, Set.of(), tight)).isInstanceOf(BadRequestDataException.class)
                    .hasMessage("q: parentheses nested deeper than 1 levels at position 2");
        }
    }
}
