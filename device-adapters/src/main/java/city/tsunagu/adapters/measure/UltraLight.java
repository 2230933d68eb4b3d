package city.tsunagu.adapters.measure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UltraLight 2.0 measures: {@code t|21.5|h|40}, readings separated by {@code #}, each optionally
 * starting with its ISO 8601 time ({@code 2026-04-01T09:30:00Z|t|21.5}). Values are text, as in
 * the IoT Agent UL; the attribute type of a mapping turns them into numbers or booleans.
 */
public final class UltraLight {
    private UltraLight() {
    }

    public static List<Reading> decode(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new MeasureException("malformed", "the UltraLight payload is empty");
        }
        List<Reading> readings = new ArrayList<>();
        for (String group : text.split("#", -1)) {
            readings.add(reading(group.strip()));
        }
        return readings;
    }

    private static Reading reading(String group) {
        if (group.isEmpty()) {
            throw new MeasureException("malformed", "an UltraLight payload has an empty measure group (two '#' in a row"
                    + " or one at an end)");
        }
        String[] fields = group.split("\\|", -1);
        int first = 0;
        Instant observedAt = null;
        if (fields.length % 2 == 1) {
            if (!TimeInstants.looksLikeOne(fields[0])) {
                throw new MeasureException("malformed", "UltraLight measure group '" + group
                        + "' has a key without a value (an odd number of fields that does not start with a time)");
            }
            observedAt = TimeInstants.parse(fields[0]);
            first = 1;
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        for (int i = first; i < fields.length; i += 2) {
            String key = fields[i].strip();
            if (key.isEmpty()) {
                throw new MeasureException("malformed", "UltraLight measure group '" + group + "' has an empty key");
            }
            if (key.equals(Reading.TIME_INSTANT)) {
                observedAt = TimeInstants.parse(fields[i + 1]);
            } else {
                measures.put(key, fields[i + 1]);
            }
        }
        if (measures.isEmpty()) {
            throw new MeasureException("malformed", "UltraLight measure group '" + group + "' holds no measure");
        }
        return new Reading(measures, observedAt);
    }
}
