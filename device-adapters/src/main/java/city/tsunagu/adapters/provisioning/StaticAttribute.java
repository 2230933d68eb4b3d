package city.tsunagu.adapters.provisioning;

import tools.jackson.databind.JsonNode;

/** An attribute sent with every reading of a device, e.g. the location of a fixed station. */
public record StaticAttribute(String name, String type, JsonNode value, String unitCode) {
}
