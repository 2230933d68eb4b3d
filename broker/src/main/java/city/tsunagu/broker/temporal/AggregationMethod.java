package city.tsunagu.broker.temporal;

import city.tsunagu.broker.common.error.BadRequestDataException;
import java.util.EnumSet;
import java.util.Set;

/** The aggregation functions of the aggregated temporal representation (4.5.19, {@code aggrMethods}). */
public enum AggregationMethod {
    TOTAL_COUNT("totalCount"), DISTINCT_COUNT("distinctCount"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max"),
    STDDEV("stddev"), SUMSQ("sumsq");

    private final String parameter;

    AggregationMethod(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    public static Set<AggregationMethod> parse(Set<String> names) {
        if (names.isEmpty()) {
            throw new BadRequestDataException("The aggregated representation needs aggrMethods: totalCount, distinctCount, sum,"
                    + " avg, min, max, stddev or sumsq");
        }
        Set<AggregationMethod> methods = EnumSet.noneOf(AggregationMethod.class);
        for (String name : names) {
            methods.add(of(name));
        }
        return methods;
    }

    private static AggregationMethod of(String name) {
        for (AggregationMethod method : values()) {
            if (method.parameter.equals(name)) {
                return method;
            }
        }
        throw new BadRequestDataException("aggrMethods: '" + name + "' is not one of totalCount, distinctCount, sum, avg, min,"
                + " max, stddev, sumsq");
    }
}
