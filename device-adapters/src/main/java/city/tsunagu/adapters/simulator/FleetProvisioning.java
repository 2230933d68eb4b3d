package city.tsunagu.adapters.simulator;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config groups of the fleet, one per kind of device, mapping the devices' short measure
 * names to FIWARE Smart Data Models attributes (Vehicle, BikeHireDockingStation,
 * AirQualityObserved) with UN/CEFACT unit codes. {@code explicitAttrs}: nothing else reaches the entity.
 */
final class FleetProvisioning {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FleetProvisioning() {
    }

    /** The body of {@code POST /iot/groups}. */
    static ObjectNode groups() {
        ObjectNode body = NODES.objectNode();
        ArrayNode groups = body.putArray("groups");

        ObjectNode bus = group(groups, Bus.APIKEY, "Vehicle");
        ArrayNode busAttributes = bus.putArray("attributes");
        busAttributes.add(measure("spd", "speed", "Number", "KMH"));
        busAttributes.add(measure("hdg", "heading", "Number", null));
        // passengerCount: a Transportation term (its @context), not yet in the Vehicle schema
        busAttributes.add(measure("pax", "passengerCount", "Integer", null));
        busAttributes.addObject().put("name", "location").put("type", "geo:json")
                .put("expression", "{'type': 'Point', 'coordinates': [lon, lat]}");
        ArrayNode busStatics = bus.putArray("static_attributes");
        busStatics.addObject().put("name", "vehicleType").put("type", "Text").put("value", "bus");

        ObjectNode dock = group(groups, BikeDock.APIKEY, "BikeHireDockingStation");
        ArrayNode dockAttributes = dock.putArray("attributes");
        dockAttributes.add(measure("bikes", "availableBikeNumber", "Integer", null));
        dockAttributes.add(measure("free", "freeSlotNumber", "Integer", null));

        ObjectNode air = group(groups, AirQualityStation.APIKEY, "AirQualityObserved");
        ArrayNode airAttributes = air.putArray("attributes");
        airAttributes.add(measure("no2", "no2", "Number", "GQ"));
        airAttributes.add(measure("pm25", "pm25", "Number", "GQ"));
        airAttributes.add(measure("t", "temperature", "Number", "CEL"));
        airAttributes.add(measure("h", "relativeHumidity", "Number", "C62"));
        return body;
    }

    private static ObjectNode group(ArrayNode groups, String apikey, String entityType) {
        return groups.addObject()
                .put("apikey", apikey)
                .put("resource", "")
                .put("entity_type", entityType)
                .put("explicitAttrs", true);
    }

    private static ObjectNode measure(String objectId, String name, String type, String unitCode) {
        ObjectNode attribute = NODES.objectNode().put("object_id", objectId).put("name", name).put("type", type);
        if (unitCode != null) {
            attribute.putObject("metadata").putObject("unitCode").put("type", "Text").put("value", unitCode);
        }
        return attribute;
    }

    /** A static {@code location} GeoProperty. */
    static ObjectNode location(Place place) {
        ObjectNode attribute = NODES.objectNode().put("name", "location").put("type", "geo:json");
        ObjectNode point = attribute.putObject("value").put("type", "Point");
        point.putArray("coordinates").add(Bus.round(place.lon(), 6)).add(Bus.round(place.lat(), 6));
        return attribute;
    }
}
