package city.tsunagu.broker.query.language;

import static city.tsunagu.broker.query.language.Fixtures.CORE;
import static city.tsunagu.broker.query.language.Fixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The semantics of 4.9, 4.17 and 4.19 by example, evaluated in memory on the fixture entities
 * (query/language/entities.jsonld). Expected results name entities by alias (V1 = bus-1, ...),
 * "-" for none. The same cases run against the store in {@link StoreAgreementTest}.
 */
class MatchesTest {

    @ParameterizedTest(name = "q={0} -> {1}")
    @CsvFileSource(resources = "/query/language/q-cases.csv", delimiterString = " => ", quoteCharacter = '`', numLinesToSkip = 0)
    void q(String q, String expected) {
        assertThat(matching(QueryLanguage.parseQ(q, CORE))).as(q).isEqualTo(Aliases.ids(expected));
    }

    @ParameterizedTest(name = "scopeQ={0} -> {1}")
    @CsvFileSource(resources = "/query/language/scope-cases.csv", delimiterString = " => ", quoteCharacter = '`')
    void scopeQ(String scopeQ, String expected) {
        assertThat(matching(QueryLanguage.parseScopeQ(scopeQ))).as(scopeQ).isEqualTo(Aliases.ids(expected));
    }

    @ParameterizedTest(name = "type={0} -> {1}")
    @CsvFileSource(resources = "/query/language/type-cases.csv", delimiterString = " => ", quoteCharacter = '`')
    void typeSelection(String type, String expected) {
        assertThat(matching(QueryLanguage.parseTypeSelection(type, CORE))).as(type).isEqualTo(Aliases.ids(expected));
    }

    @Test
    void expandValuesComparesTheExpandedTerm() {
        assertThat(matching(QueryLanguage.parseQ("category==commercial", CORE))).isEmpty();
        assertThat(matching(QueryLanguage.parseQ("category==commercial", CORE, List.of("category")))).isEqualTo(Aliases.ids("V1"));
    }

    @Test
    void conditionsCombine() {
        Condition combined = Condition.and(QueryLanguage.parseQ("height>100", CORE), null,
                QueryLanguage.parseScopeQ("/Madrid/#"), QueryLanguage.parseTypeSelection("Building", CORE));
        assertThat(matching(combined)).isEqualTo(Aliases.ids("B3"));
        assertThat(Condition.and((Condition) null)).isNull();
    }

    @Test
    void linkedEntitiesAreNotFollowedWithoutAFinder() {
        Condition linked = QueryLanguage.parseQ("managedBy{name}==\"Pisa Tower\"", CORE);
        assertThat(matching(linked)).isEqualTo(Aliases.ids("B1"));
        assertThat(linked.matches(Fixtures.entity(Aliases.IDS.get("B1")))).isFalse();
    }

    @Test
    void catastrophicPatternsAreStopped() {
        Condition evil = QueryLanguage.parseQ("name~=\"(.*a){20}\"", CORE);
        Entity entity = Fixtures.entity(Aliases.IDS.get("B1"));
        var attrs = entity.attributesCopy();
        attrs.put(Fixtures.iri("name"), List.of(new Attribute(AttributeKind.PROPERTY,
                JsonNodeFactory.instance.stringNode("a".repeat(30) + "!"), null, null, null, null, null, null, null)));
        Entity slow = entity.withAttributes(attrs);
        long start = System.nanoTime();
        assertThatThrownBy(() -> evil.matches(slow)).isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining("takes too long to evaluate");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "Madrid => scopeQ: unexpected 'M' at position 1; expected a scope starting with '/', e.g. /Madrid/Gardens",
            "/a/#/b => scopeQ: '#' must end the scope at position 4",
            "/a+ => scopeQ: '+' must be a whole scope level at position 3",
            "/+a => scopeQ: '+' must be a whole scope level at position 2",
            "/a//b => scopeQ: unexpected '/' at position 4; expected a scope level after '/'",
            "(/a => scopeQ: '(' is not closed at position 1",
            "/a; => scopeQ: unexpected end of the expression; expected a scope starting with '/', e.g. /Madrid/Gardens",
            "/a) => scopeQ: unexpected ')' without a matching '(' at position 3",
            "/a b => scopeQ: unexpected 'b' at position 4; expected ';', '|', ',' or the end of the expression",
    })
    void malformedScopeQ(String scopeQ, String detail) {
        assertThatThrownBy(() -> QueryLanguage.parseScopeQ(scopeQ)).isInstanceOf(BadRequestDataException.class).hasMessage(detail);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "Building, => type: unexpected end of the expression; expected an entity type",
            "(Building => type: '(' is not closed at position 1",
            "1abc => type: '1abc' is not a valid entity type: use a name starting with a letter, or an IRI at position 1",
            "Vehicle;;Bus => type: unexpected ';' at position 9; expected an entity type",
            "Vehicle) => type: unexpected ')' without a matching '(' at position 8",
    })
    void malformedTypeSelection(String type, String detail) {
        assertThatThrownBy(() -> QueryLanguage.parseTypeSelection(type, CORE)).isInstanceOf(BadRequestDataException.class)
                .hasMessage(detail);
    }
}
