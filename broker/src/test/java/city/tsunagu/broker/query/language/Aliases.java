package city.tsunagu.broker.query.language;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Short names for the fixture entities in expected results: "V1 B2" is bus-1 and building b2. */
final class Aliases {
    static final Map<String, String> IDS = Map.of(
            "V1", "urn:ngsi-ld:Vehicle:bus-1",
            "V2", "urn:ngsi-ld:Vehicle:bus-2",
            "B1", "urn:ngsi-ld:Building:b1",
            "B2", "urn:ngsi-ld:Building:b2",
            "B3", "urn:ngsi-ld:Building:b3",
            "S1", "urn:ngsi-ld:Sensor:s1");

    private Aliases() {
    }

    static Set<String> ids(String aliases) {
        Set<String> ids = new TreeSet<>();
        if (aliases == null || aliases.isBlank() || aliases.equals("-")) {
            return ids;
        }
        Arrays.stream(aliases.trim().split("\\s+")).forEach(a -> ids.add(IDS.get(a)));
        return ids;
    }
}
