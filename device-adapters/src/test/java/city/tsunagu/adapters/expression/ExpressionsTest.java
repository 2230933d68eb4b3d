package city.tsunagu.adapters.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IoT Agents' expression examples, with the results worked out by hand. */
class ExpressionsTest {
    private final Expressions expressions = new Expressions();

    private Object eval(String source, Map<String, ?> values) {
        return expressions.compile(source).evaluate(values);
    }

    @Test
    void arithmeticAsInJavaScript() {
        assertThat(eval("level/100", Map.of("level", 223))).isEqualTo(2.23);
        assertThat(eval("level/100", Map.of("level", 300))).isEqualTo(3);
        assertThat(eval("(6 + value) * 3", Map.of("value", 6))).isEqualTo(36);
        assertThat(eval("value * 5.2", Map.of("value", 6))).isEqualTo(31.200000000000003);
        assertThat(eval("(t - 32) * 5 / 9", Map.of("t", 212.0))).isEqualTo(100.0);
        // UltraLight values are text; arithmetic reads them as numbers
        assertThat(eval("t * 10", Map.of("t", "21.5"))).isEqualTo(215.0);
    }

    @Test
    void stringsAndTransforms() {
        assertThat(eval("name + ' value is ' + value", Map.of("name", "DevId629", "value", 6))).isEqualTo("DevId629 value is 6");
        assertThat(eval("spaces|trim", Map.of("spaces", "  foobar  "))).isEqualTo("foobar");
        assertThat(eval("name|length", Map.of("name", "DevId629"))).isEqualTo(8);
        assertThat(eval("name|indexOf('I')", Map.of("name", "DevId629"))).isEqualTo(3);
        assertThat(eval("name|substr(0,3)", Map.of("name", "DevId629"))).isEqualTo("Dev");
        assertThat(eval("name|substr(0, (name|indexOf('I')) + 1)", Map.of("name", "DevId629"))).isEqualTo("DevI");
        assertThat(eval("(s|parsefloat) * 2", Map.of("s", "1.25kg"))).isEqualTo(2.5);
        assertThat(eval("ts|toisodate", Map.of("ts", 1637245214901L))).isEqualTo("2021-11-18T14:20:14.901Z");
        assertThat(eval("s|replacestr('-', ':')", Map.of("s", "a-b-c"))).isEqualTo("a:b-c");
        assertThat(eval("s|split(',')", Map.of("s", "1,2"))).isEqualTo(List.of("1", "2"));
        assertThat(eval("level > 100 ? 'high' : 'low'", Map.of("level", 101))).isEqualTo("high");
    }

    @Test
    void buildsAGeoJsonPointFromLatitudeAndLongitude() {
        Object point = eval("{'type': 'Point', 'coordinates': [lon, lat]}", Map.of("lat", 36.5613, "lon", 136.6562));
        assertThat(point).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) point;
        assertThat(map.get("type")).isEqualTo("Point");
        assertThat(JexlValues.toList(map.get("coordinates"))).containsExactly(136.6562, 36.5613);
    }

    @Test
    void reportsTheVariablesAnExpressionReads() {
        assertThat(expressions.compile("{'type': 'Point', 'coordinates': [lon, lat]}").variables())
                .containsExactlyInAnyOrder("lon", "lat");
        assertThat(expressions.compile("name|substr(0,3) + (x|trim)").variables()).containsExactlyInAnyOrder("name", "x");
    }

    @Test
    void refusesWhatIsNotAnExpression() {
        assertThatThrownBy(() -> expressions.compile("while (true) {}")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> expressions.compile("x = 3")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> expressions.compile("new('java.io.File', '/etc/passwd')")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("''.getClass().forName('java.lang.Runtime')", Map.of())).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> expressions.compile("(1 + ")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("parsing error");
    }

    @Test
    void failsOnAMissingVariableWithAReason() {
        assertThatThrownBy(() -> eval("a + b", Map.of("a", 1))).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("b");
    }
}
