package city.tsunagu.broker.entity.model;

import java.util.Optional;

/**
 * The NGSI-LD attribute types (ETSI GS CIM 009 v1.9.1, 4.5), each with the member that carries
 * its value in the normalized representation and the IRI its type expands to.
 */
public enum AttributeKind {
    PROPERTY("Property", "value"),
    RELATIONSHIP("Relationship", "object"),
    GEO_PROPERTY("GeoProperty", "value"),
    LANGUAGE_PROPERTY("LanguageProperty", "languageMap"),
    VOCAB_PROPERTY("VocabProperty", "vocab"),
    JSON_PROPERTY("JsonProperty", "json"),
    LIST_PROPERTY("ListProperty", "valueList"),
    LIST_RELATIONSHIP("ListRelationship", "objectList");

    private static final String NGSI_LD = "https://uri.etsi.org/ngsi-ld/";

    private final String typeName;
    private final String valueMember;

    AttributeKind(String typeName, String valueMember) {
        this.typeName = typeName;
        this.valueMember = valueMember;
    }

    /** The compact type name, e.g. "Property". */
    public String typeName() {
        return typeName;
    }

    /** The member holding the value, e.g. "object" for a Relationship. */
    public String valueMember() {
        return valueMember;
    }

    public String iri() {
        return NGSI_LD + typeName;
    }

    /** Accepts the compact name or the expanded IRI, as JSON-LD lets callers write either. */
    public static Optional<AttributeKind> fromType(String type) {
        String name = type.startsWith(NGSI_LD) ? type.substring(NGSI_LD.length()) : type;
        for (AttributeKind kind : values()) {
            if (kind.typeName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind a concise attribute implies by its value member (4.5.7), if any. */
    public static Optional<AttributeKind> fromValueMember(String member) {
        return switch (member) {
            case "object" -> Optional.of(RELATIONSHIP);
            case "languageMap" -> Optional.of(LANGUAGE_PROPERTY);
            case "vocab" -> Optional.of(VOCAB_PROPERTY);
            case "json" -> Optional.of(JSON_PROPERTY);
            case "valueList" -> Optional.of(LIST_PROPERTY);
            case "objectList" -> Optional.of(LIST_RELATIONSHIP);
            default -> Optional.empty();
        };
    }

    public boolean isRelationship() {
        return this == RELATIONSHIP || this == LIST_RELATIONSHIP;
    }
}
