package city.tsunagu.adapters.provisioning;

/**
 * How one measure becomes an entity attribute ({@code attributes} of a config group or device):
 * the measure {@code objectId} as the device names it, the attribute {@code name} and
 * {@code type}, an optional JEXL {@code expression} computing the value, and an optional
 * {@code unitCode} (from the IoT Agents' {@code metadata.unitCode}).
 */
public record AttributeMapping(String objectId, String name, String type, String expression, String unitCode) {

    /** The key of the measure this attribute takes its value from. */
    public String measureKey() {
        return objectId != null ? objectId : name;
    }
}
