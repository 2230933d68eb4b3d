package city.tsunagu.broker.ld;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON with object members sorted, so that equal @contexts written differently get one identity. */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static String write(JsonNode node, JsonMapper json) {
        return json.writeValueAsString(sorted(node, json));
    }

    /** A stable local id for a @context value: 32 hex digits of the SHA-256 of its canonical JSON. */
    static String digest(JsonNode node, JsonMapper json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(write(node, json).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node, JsonMapper json) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> members = new TreeMap<>();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                members.put(member.getKey(), sorted(member.getValue(), json));
            }
            ObjectNode copy = json.createObjectNode();
            members.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = json.createArrayNode();
            for (JsonNode item : node) {
                copy.add(sorted(item, json));
            }
            return copy;
        }
        return node;
    }
}
