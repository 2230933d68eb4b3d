package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.query.geo.Georel.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeorelTest {

    @Test
    void nearWithMaxDistance() {
        Georel georel = Georel.parse("near;maxDistance==500");
        assertThat(georel).isEqualTo(Georel.near(500.0, null));
        assertThat(georel).hasToString("near;maxDistance==500");
    }

    @Test
    void nearWithMinDistanceAndFractions() {
        assertThat(Georel.parse("near;minDistance==100.5")).isEqualTo(Georel.near(null, 100.5));
        assertThat(Georel.parse("near;minDistance==100.5")).hasToString("near;minDistance==100.5");
    }

    @Test
    void nearAllowsSpacesAroundTheParts() {
        assertThat(Georel.parse(" near ; maxDistance==500 ")).isEqualTo(Georel.near(500.0, null));
    }

    @ParameterizedTest
    @CsvSource({"within,WITHIN", "contains,CONTAINS", "intersects,INTERSECTS", "equals,EQUALS", "disjoint,DISJOINT",
            "overlaps,OVERLAPS"})
    void relations(String text, Relation relation) {
        assertThat(Georel.parse(text)).isEqualTo(Georel.of(relation));
        assertThat(Georel.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "near|georel near needs maxDistance or minDistance",
            "near;|modifier '' must be written maxDistance==<metres>",
            "near;maxDistance:500|must be written maxDistance==<metres> or minDistance==<metres>",
            "near;maxDistance==|maxDistance must be a positive number of metres, got ''",
            "near;maxDistance==-5|maxDistance must be a positive number of metres, got '-5'",
            "near;maxDistance==abc|maxDistance must be a positive number of metres, got 'abc'",
            "near;maxDistance==NaN|positive number of metres",
            "near;maxDistance==Infinity|positive number of metres",
            "near;maxDistance==1e400|positive number of metres",
            "near;distance==5|distance' is not known; use maxDistance or minDistance",
            "near;maxDistance==5;maxDistance==6|maxDistance is given twice",
            "near;maxDistance==100;minDistance==20|takes one distance, maxDistance or minDistance, not both",
            "near;maxDistance==0|maxDistance must be a positive number of metres, got '0'",
            "near;minDistance==0.0|minDistance must be a positive number of metres, got '0.0'",
            "near;maxDistance==+5|maxDistance must be a positive number of metres, got '+5'",
            "within;maxDistance==5|georel within takes no modifiers",
            "Within|write within in lower case",
            "inside|georel 'inside' is not known; use near;maxDistance==<metres>",
            "coveredBy|is not known"})
    void badGeorels(String text, String detail) {
        assertThatThrownBy(() -> Georel.parse(text))
                .isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining(detail);
    }

    @Test
    void emptyGeorel() {
        assertThatThrownBy(() -> Georel.parse(" ")).isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining("georel is empty");
    }
}
