package city.tsunagu.broker.entity.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Names, reserved members and syntax checks of NGSI-LD (ETSI GS CIM 009 v1.9.1, 4.6 and 4.5). */
public final class NgsiLd {
    public static final String CORE = "https://uri.etsi.org/ngsi-ld/";
    public static final String NULL = "urn:ngsi-ld:null";
    public static final String CREATED_AT = "createdAt";
    public static final String MODIFIED_AT = "modifiedAt";
    public static final int MAX_ID_LENGTH = 1024;
    public static final int MAX_NAME_LENGTH = 512;

    /** Entity members that are not attributes. */
    public static final Set<String> ENTITY_MEMBERS = Set.of("id", "@id", "type", "@type", "scope", "@context",
            CREATED_AT, MODIFIED_AT, "deletedAt");

    /** Names an attribute may not have: they are members of attributes (4.6.2). */
    public static final Set<String> RESERVED_ATTRIBUTE_NAMES = Set.of("datasetId", "instanceId", "observedAt",
            "unitCode", "value", "object", "languageMap", "vocab", "json", "valueList", "objectList", "@type", "@id");

    /** Attribute members that are not sub-attributes. */
    public static final Set<String> ATTRIBUTE_MEMBERS = Set.of("type", "@type", "value", "object", "languageMap",
            "vocab", "json", "valueList", "objectList", "datasetId", "observedAt", "unitCode", "objectType",
            CREATED_AT, MODIFIED_AT, "deletedAt", "lang", "@context", "instanceId", "previousValue",
            "previousObject", "previousLanguageMap", "previousVocab", "previousJson", "previousValueList",
            "previousObjectList", "entity", "objectListType", "valueType");

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");
    /** Characters NGSI-LD forbids in names (4.6.2): control characters, whitespace and these. */
    private static final Pattern FORBIDDEN_NAME_CHARS = Pattern.compile("[\\p{Cntrl}\\s<>\"'=;()\\\\]");
    private static final Pattern SCOPE = Pattern.compile("/[^/#+\\s]+(/[^/#+\\s]+)*");

    private NgsiLd() {
    }

    /** Whether {@code id} is an absolute URI as NGSI-LD requires for entity ids (4.5.1). */
    public static boolean isUri(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !SCHEME.matcher(id).matches()
                || hasInvisibleOrUnsafe(id) || NULL.equals(id)) {
            return false;
        }
        try {
            return new URI(id).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Whether {@code name} may name an attribute or entity type: an IRI, or a term that starts
     * with a letter and holds no forbidden character (4.6.2).
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH
                || FORBIDDEN_NAME_CHARS.matcher(name).find() || hasInvisibleOrUnsafe(name)) {
            return false;
        }
        return name.indexOf(':') > 0 || Character.isLetter(name.codePointAt(0));
    }

    /**
     * Characters that make an identifier look like another one or cannot be displayed: format
     * and control characters, separators, private-use and unassigned code points,
     * noncharacters, fillers and blanks (the ETSI suite's "invisible character" ids).
     */
    public static boolean hasInvisibleOrUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.CONTROL || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.NON_SPACING_MARK && isVariationSelector(cp)
                    || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE
                    || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800
                    || cp == '<' || cp == '>' || cp == '"' || cp == ' ') {
                return true;
            }
        }
        return false;
    }

    private static boolean isVariationSelector(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    public static boolean isValidScope(String scope) {
        return scope != null && scope.length() <= MAX_NAME_LENGTH && SCOPE.matcher(scope).matches();
    }

    /** Whether {@code value} is an NGSI-LD DateTime: ISO 8601 in UTC, e.g. 2026-04-01T08:00:00Z. */
    public static boolean isDateTime(String value) {
        if (value == null || !value.endsWith("Z")) {
            return false;
        }
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
