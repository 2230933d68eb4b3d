package city.tsunagu.broker.query.language;

import java.util.List;
import java.util.Random;

/**
 * Random q, scopeQ and type expressions over the vocabulary of the fixture entities: valid ones
 * (to compare the store with {@code matches}) and broken ones (token soup, mutations) for the
 * parser's fuzz test. Seeded, so that a failure can be replayed.
 */
final class RandomQueries {
    static final List<String> PATHS = List.of("speed", "name", "tags", "seats", "almostFull", "airQualityLevel", "height",
            "ratio", "big", "tiny", "count", "isParked", "onRoute", "locatedIn", "locatedIn.since", "locatedIn.providedBy",
            "address", "address[city]", "address[zip]", "address[*]", "items", "items[id]", "items[kind]", "items[0.kind]",
            "items[1]", "color", "color[en]", "color[fr]", "color[*]", "category", "config[value]", "config", "readings",
            "lastService", "lastService[@value]", "serviceDate", "departure", "speed.observedAt", "speed.unitCode",
            "speed.datasetId", "speed.accuracy", "airQualityLevel.observedAt", "airQualityLevel.observedBy", "createdAt",
            "modifiedAt", "speed.createdAt", "name.modifiedAt", "locatedIn.since.createdAt", "emptyList", "nested",
            "nullish", "nullish[k]", "ending", "description", "humidity", "rawdata[airquality.particulate]",
            "rawdata[airquality]", "missing", "missing[x]", "managedBy", "note");
    static final List<String> LINKED = List.of("managedBy{name}", "managedBy{Building:airQualityLevel}",
            "managedBy{Vehicle:name}", "managedBy{managedBy{height}}", "airQualityLevel{x}", "locatedIn{humidity}");
    static final List<String> NUMBERS = List.of("0", "4", "5", "5.0", "6", "20", "25", "40", "50", "80", "0.1", "0.3",
            "0.30000000000000004", "1889", "9007199254740993", "9007199254740992", "-1", "1e-7", "324.5", "9200031", "1",
            "2", "3", "85");
    static final List<String> STRINGS = List.of("red", "rouge", "dark", "Bus One", "Eiffel Tower", "Pisa Tower", "Kanazawa",
            "Tokyo", "a", "z", "P", "false", "5", "KMH", "commercial", "x", "Overstay 60 minutes", "2025", "赤", "end",
            "urn:ngsi-ld:Route:1", "https://uri.etsi.org/ngsi-ld/default-context/commercial", "2025-12-24T12:00:00Z",
            "2026-01-01T08:00:00Z", "tour", "", "end\r", "Ginza");
    static final List<String> URIS = List.of("urn:ngsi-ld:Route:1", "urn:ngsi-ld:Route:2", "urn:ngsi-ld:City:Paris",
            "urn:ngsi-ld:City:Pisa", "urn:ngsi-ld:Dataset:gps", "urn:ngsi-ld:Person:Gustave", "urn:ngsi-ld:Sensor:s1",
            "urn:ngsi-ld:Building:b2", "urn:ngsi-ld:OffStreetParking:Downtown1");
    static final List<String> DATE_TIMES = List.of("2026-01-01T00:00:00Z", "2026-01-01T08:00:00Z", "2026-01-01T08:00:00.5Z",
            "2026-01-01T02:00:00.002Z", "2026-01-01T02:00:00.0021Z", "2025-12-24T12:00:00Z", "2026-01-01T00:00:00.250Z",
            "2026-01-01T07:59:59.999999Z", "2026-01-01T00:00:01Z", "2026-01-01T00:01:00.007Z", "2026-01-01T03:01:00.010Z",
            "2026-01-01T01:00:00.001Z", "2025-06-01T00:00:00Z", "2026-01-01T08:00:00.000Z", "2026-01-01T09:00:00+01:00",
            "2026-01-01T05:00:05.005Z", "2026-01-01T05:01:05.012Z", "1999-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
    static final List<String> DATES = List.of("2025-12-24", "2026-01-01", "2025-01-01", "2027-01-01");
    static final List<String> TIMES = List.of("08:30:00Z", "23:59:59Z", "12:00", "08:30", "00:00:00Z");
    static final List<String> REGEXES = List.of("^B", "Tower$", "(?i)^bus", "o", "^[A-Z]", "\\d", "end$", "ro", "^K",
            "(?i)RED", ".*", "a|e", "KMH", "\\.5", "^urn:", "[^a-z ]", "^.{3}$", "(?:ou)+", "T[a-o]", "\\w+ \\w+",
            "^$", "(?<!x)y", "\\p{L}+", "[[:alpha:]]", "e{2,}", "^2026-01-01T0[0-7]", "n\\b");
    static final List<String> OPERATORS = List.of("==", "!=", ">", ">=", "<", "<=");
    static final List<String> SCOPES = List.of("/Madrid/Gardens", "/Madrid/Gardens/#", "/Madrid/+/ParqueNorte", "/Madrid/+",
            "/Madrid/+/#", "/#", "/+", "/+/+", "/Kanazawa/Station", "/CompanyA/#", "/Kanazawa/Korinbo",
            "/Madrid/Gardens/ParqueSur/+", "/CompanyA/OrganizationB/UnitC", "/Nowhere", "/+/+/#", "/Madrid");
    static final List<String> TYPES = List.of("Vehicle", "Bus", "Building", "House", "Sensor", "Unknown",
            "https://uri.etsi.org/ngsi-ld/default-context/Sensor");

    private final Random random;

    RandomQueries(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A random valid q expression, nested up to {@code depth} levels. */
    String q(int depth) {
        int roll = random.nextInt(10);
        if (depth > 0 && roll < 2) {
            return "(" + q(depth - 1) + ")";
        }
        if (depth > 0 && roll < 4) {
            return q(depth - 1) + ";" + q(depth - 1);
        }
        if (depth > 0 && roll < 5) {
            return q(depth - 1) + "|" + q(depth - 1);
        }
        return term();
    }

    String term() {
        String path = random.nextInt(12) == 0 ? pick(LINKED) : pick(PATHS);
        int roll = random.nextInt(20);
        if (roll == 0) {
            return path;
        }
        if (roll == 1 && !path.contains("{")) {
            return "!" + path;
        }
        if (roll < 4) {
            return path + (random.nextBoolean() ? "~=" : "!~=") + quote(pick(REGEXES));
        }
        if (roll < 7) {
            String kind = pick(List.of("number", "plain", "dateTime", "date", "time"));
            return path + (random.nextBoolean() ? "==" : "!=") + bound(kind) + ".." + bound(kind);
        }
        if (roll < 10) {
            StringBuilder list = new StringBuilder(path).append(random.nextBoolean() ? "==" : "!=").append(value());
            int more = 1 + random.nextInt(3);
            for (int i = 0; i < more; i++) {
                list.append(',').append(value());
            }
            return list.toString();
        }
        String op = pick(OPERATORS);
        if (op.equals("==") || op.equals("!=")) {
            return path + op + value();
        }
        return path + op + comparable(pick(List.of("number", "number", "string", "string", "dateTime", "date", "time")));
    }

    String value() {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return random.nextBoolean() ? "true" : "false";
        }
        if (roll == 1) {
            return pick(URIS);
        }
        return comparable(pick(List.of("number", "number", "string", "string", "string", "dateTime", "date", "time")));
    }

    String comparable(String kind) {
        return switch (kind) {
            case "number" -> pick(NUMBERS);
            case "string" -> quote(pick(STRINGS));
            case "dateTime" -> random.nextInt(4) == 0 ? quote(pick(DATE_TIMES)) : pick(DATE_TIMES);
            case "date" -> pick(DATES);
            default -> pick(TIMES);
        };
    }

    /** A range bound: of one kind whatever the path (no quoted DateTimes, which temporal paths read as DateTimes). */
    String bound(String kind) {
        return switch (kind) {
            case "plain" -> quote(pick(STRINGS.stream().filter(s -> !s.matches("\\d{4}-.*")).toList()));
            case "dateTime" -> pick(DATE_TIMES);
            default -> comparable(kind);
        };
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A random valid scopeQ. */
    String scopeQ(int depth) {
        int roll = random.nextInt(10);
        if (depth > 0 && roll < 2) {
            return "(" + scopeQ(depth - 1) + ")";
        }
        if (depth > 0 && roll < 4) {
            return scopeQ(depth - 1) + ";" + scopeQ(depth - 1);
        }
        if (depth > 0 && roll < 6) {
            return scopeQ(depth - 1) + (random.nextBoolean() ? "|" : ",") + scopeQ(depth - 1);
        }
        return pick(SCOPES);
    }

    /** A random valid type selection. */
    String types(int depth) {
        int roll = random.nextInt(10);
        if (depth > 0 && roll < 2) {
            return "(" + types(depth - 1) + ")";
        }
        if (depth > 0 && roll < 4) {
            return types(depth - 1) + ";" + types(depth - 1);
        }
        if (depth > 0 && roll < 6) {
            return types(depth - 1) + (random.nextBoolean() ? "|" : ",") + types(depth - 1);
        }
        return pick(TYPES);
    }

    static final List<String> SOUP = List.of("(", ")", ";", "|", ",", "==", "!=", ">", ">=", "<", "<=", "~=", "!~=", "..",
            ".", "\"", "\"abc\"", "\"a\\\"b\"", "\"\\u12\"", "\"\\q\"", "[", "]", "{", "}", "!", "=", "~", "\\", "\u0000",
            "\u2028", "é", "赤", "😀", "\uD800", "null", "true", "false", "1e400", "1e-400", "-", "+", "speed", "name",
            "address", "color", "*", "#", "/", ":", "0", "42", "-3.5", "01", "1.", ".5", "2026-01-01T00:00:00Z",
            "2026-13-01", "12:00", "25:61", "urn:ngsi-ld:X:1", "http://a.b/c", "observedAt", "createdAt", "value", "type",
            " ", "\t", "a".repeat(600), "(?i)", "[a-", "(a+)+", "Device:", "/Madrid", "/+", "/#", "@id", "$where", "'");

    /** Token soup: mostly broken, sometimes valid. */
    String soup() {
        StringBuilder out = new StringBuilder();
        int tokens = 1 + random.nextInt(12);
        for (int i = 0; i < tokens; i++) {
            out.append(pick(SOUP));
        }
        return out.toString();
    }

    /** A valid expression with one character deleted, replaced or inserted. */
    String mutation(String valid) {
        StringBuilder out = new StringBuilder(valid);
        int edits = 1 + random.nextInt(2);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            String token = pick(SOUP);
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.replace(at, at + 1, token.isEmpty() ? "" : token.substring(0, 1));
                default -> out.insert(at, token);
            }
        }
        return out.toString();
    }
}
