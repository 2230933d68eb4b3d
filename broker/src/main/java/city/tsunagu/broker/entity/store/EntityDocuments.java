package city.tsunagu.broker.entity.store;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.query.geo.GeoIndex;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps entities to MongoDB documents and back. Layout (one document per entity):
 * <pre>
 * { _id: id, type: [typeIri], scope: [..], createdAt: Date, modifiedAt: Date, version: n,
 *   attrs: { encodedAttrIri: [ { type, value, datasetId?, observedAt?, unitCode?, objectType?,
 *                               createdAt, modifiedAt, sub: { encodedIri: {...} } } ] },
 *   geo: [ { p: geoPropertyIri, lvl, minX, minY, maxX, maxY } ] }
 * </pre>
 * Values are stored as native BSON (numbers stay numbers) so the store can filter on them.
 */
public final class EntityDocuments {
    public static final String ID = "_id";
    public static final String TYPE = "type";
    public static final String SCOPE = "scope";
    public static final String ATTRS = "attrs";
    public static final String VERSION = "version";
    public static final String CREATED_AT = "createdAt";
    public static final String MODIFIED_AT = "modifiedAt";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EntityDocuments() {
    }

    public static Document toDocument(Entity entity, long version) {
        Document attrs = new Document();
        entity.attributes().forEach((name, instances) -> {
            List<Document> docs = new ArrayList<>(instances.size());
            instances.forEach(i -> docs.add(attributeDocument(i)));
            attrs.put(KeyCodec.encode(name), docs);
        });
        Document doc = new Document(ID, entity.id())
                .append(TYPE, entity.types())
                .append(CREATED_AT, toDate(entity.createdAt()))
                .append(MODIFIED_AT, toDate(entity.modifiedAt()))
                .append(VERSION, version)
                .append(ATTRS, attrs);
        if (!entity.scopes().isEmpty()) {
            doc.append(SCOPE, entity.scopes());
        }
        // bounding boxes of the GeoProperties: the store narrows geo-queries on them
        List<Document> geo = GeoIndex.entries(entity.attributes());
        if (!geo.isEmpty()) {
            doc.append(GeoIndex.FIELD, geo);
        }
        return doc;
    }

    /** One attribute instance as stored (also in the history's buckets). */
    public static Document attributeDocument(Attribute attribute) {
        Document doc = new Document(TYPE, attribute.kind().typeName()).append("value", toBson(attribute.value()));
        putIfPresent(doc, "datasetId", attribute.datasetId());
        putIfPresent(doc, "observedAt", attribute.observedAt());
        putIfPresent(doc, "unitCode", attribute.unitCode());
        putIfPresent(doc, "objectType", attribute.objectType());
        putIfPresent(doc, CREATED_AT, toDate(attribute.createdAt()));
        putIfPresent(doc, MODIFIED_AT, toDate(attribute.modifiedAt()));
        if (!attribute.subAttributes().isEmpty()) {
            Document subs = new Document();
            attribute.subAttributes().forEach((name, sub) -> subs.put(KeyCodec.encode(name), attributeDocument(sub)));
            doc.append("sub", subs);
        }
        return doc;
    }

    @SuppressWarnings("unchecked")
    public static Entity toEntity(Document doc) {
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        Document attrs = doc.get(ATTRS, Document.class);
        if (attrs != null) {
            attrs.forEach((key, value) -> {
                List<Attribute> instances = new ArrayList<>();
                for (Object instance : (List<Object>) value) {
                    instances.add(toAttribute((Document) instance));
                }
                attributes.put(KeyCodec.decode(key), instances);
            });
        }
        return new Entity(doc.getString(ID), (List<String>) doc.get(TYPE), (List<String>) doc.get(SCOPE), attributes,
                toInstant(doc.getDate(CREATED_AT)), toInstant(doc.getDate(MODIFIED_AT)));
    }

    public static long version(Document doc) {
        Object v = doc.get(VERSION);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    public static Attribute toAttribute(Document doc) {
        AttributeKind kind = AttributeKind.fromType(doc.getString(TYPE)).orElse(AttributeKind.PROPERTY);
        Map<String, Attribute> subs = new LinkedHashMap<>();
        Document subDocs = doc.get("sub", Document.class);
        if (subDocs != null) {
            subDocs.forEach((key, value) -> subs.put(KeyCodec.decode(key), toAttribute((Document) value)));
        }
        return new Attribute(kind, toJson(doc.get("value")), doc.getString("datasetId"), doc.getString("observedAt"),
                doc.getString("unitCode"), doc.getString("objectType"), subs,
                toInstant(doc.getDate(CREATED_AT)), toInstant(doc.getDate(MODIFIED_AT)));
    }

    /** JSON to native BSON: objects to documents with encoded keys, numbers to int/long/double. */
    public static Object toBson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Document doc = new Document();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                doc.put(KeyCodec.encode(e.getKey()), toBson(e.getValue()));
            }
            return doc;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(e -> list.add(toBson(e)));
            return list;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            BigInteger big = node.bigIntegerValue();
            return new Decimal128(new BigDecimal(big));
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.toString();
    }

    @SuppressWarnings("unchecked")
    public static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Document doc) {
            ObjectNode object = NODES.objectNode();
            doc.forEach((k, v) -> object.set(KeyCodec.decode(k), toJson(v)));
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            ((Map<String, Object>) map).forEach((k, v) -> object.set(KeyCodec.decode(k), toJson(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(e -> array.add(toJson(e)));
            return array;
        }
        if (value instanceof String s) {
            return NODES.stringNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Decimal128 d) {
            return NODES.numberNode(d.bigDecimalValue());
        }
        if (value instanceof Date d) {
            return NODES.stringNode(d.toInstant().toString());
        }
        return NODES.stringNode(value.toString());
    }

    private static void putIfPresent(Document doc, String key, Object value) {
        if (value != null) {
            doc.append(key, value);
        }
    }

    private static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
