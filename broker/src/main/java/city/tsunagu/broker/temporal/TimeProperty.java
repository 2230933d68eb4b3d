package city.tsunagu.broker.temporal;

import city.tsunagu.broker.common.error.BadRequestDataException;

/**
 * The {@code timeproperty} of a temporal query (4.11): which time of an instance the query is
 * about. observedAt is the default; an instance without observedAt counts at the time it was
 * recorded, so that histories written without observedAt are not invisible.
 */
public enum TimeProperty {
    OBSERVED_AT("observedAt"), CREATED_AT("createdAt"), MODIFIED_AT("modifiedAt");

    private final String parameter;

    TimeProperty(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    public static TimeProperty parse(String value) {
        if (value == null) {
            return OBSERVED_AT;
        }
        for (TimeProperty property : values()) {
            if (property.parameter.equals(value)) {
                return property;
            }
        }
        throw new BadRequestDataException("timeproperty must be observedAt, createdAt or modifiedAt, got '" + value + "'");
    }
}
