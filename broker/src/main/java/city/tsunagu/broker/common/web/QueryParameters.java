package city.tsunagu.broker.common.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.InvalidRequestException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** Checks and reads query parameters: an unknown parameter is a 400 InvalidRequest (6.3.8). */
public final class QueryParameters {
    private final MultiValueMap<String, String> params;

    private QueryParameters(MultiValueMap<String, String> params) {
        this.params = params;
    }

    public static QueryParameters of(MultiValueMap<String, String> params, Set<String> allowed) {
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidRequestException("Query parameter '" + name + "' is not known here; allowed: "
                        + String.join(", ", allowed));
            }
        }
        return new QueryParameters(params);
    }

    public String get(String name) {
        return params.getFirst(name);
    }

    /** A comma-separated list parameter, all occurrences joined. */
    public Set<String> list(String name) {
        Set<String> values = new LinkedHashSet<>();
        var all = params.get(name);
        if (all != null) {
            for (String value : all) {
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
            }
        }
        return values;
    }

    /** The {@code options} parameter, checked against the options the endpoint knows. */
    public Set<String> options(Set<String> known) {
        Set<String> options = list("options");
        for (String option : options) {
            if (!known.contains(option)) {
                throw new InvalidRequestException("options value '" + option + "' is not known here; allowed: "
                        + String.join(", ", known));
            }
        }
        return options;
    }

    public boolean flag(String name) {
        String value = get(name);
        if (value == null) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new BadRequestDataException("Query parameter " + name + " must be true or false, got '" + value + "'");
    }
}
