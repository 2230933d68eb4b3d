package city.tsunagu.broker.query.language;

import java.util.List;
import java.util.Objects;

/**
 * What a query term addresses (4.9, production rule Attribute): an attribute, optionally
 * sub-attributes of it ({@code attr.sub}), optionally a member ({@code attr.observedAt}), and
 * optionally a trailing path of keys into the value ({@code attr[key.sub]}; for a
 * LanguageProperty the first key is the language, {@code *} any language or any member).
 *
 * @param attributes expanded IRIs of the attribute and its sub-attributes; empty for the
 *                   entity's own createdAt/modifiedAt
 * @param member     the addressed member; {@link Member#VALUE} for the value
 * @param keys       JSON member names into the value, not expanded; {@value #ANY_KEY} only last
 * @param text       the path as written in the request, for messages (not part of equality)
 */
public record AttributePath(List<String> attributes, Member member, List<String> keys, String text) {
    /** The trailing-path key that stands for any member (any language of a LanguageProperty). */
    public static final String ANY_KEY = "*";

    public AttributePath {
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(member, "member");
        keys = List.copyOf(keys);
        if (attributes.isEmpty() && member != Member.CREATED_AT && member != Member.MODIFIED_AT) {
            throw new IllegalArgumentException("an entity-level path addresses createdAt or modifiedAt");
        }
        if (!keys.isEmpty() && member != Member.VALUE) {
            throw new IllegalArgumentException("keys address the value only");
        }
        int wildcard = keys.indexOf(ANY_KEY);
        if (wildcard >= 0 && wildcard != keys.size() - 1) {
            throw new IllegalArgumentException("'*' may only be the last key");
        }
    }

    /** A path to the value of an attribute (expanded IRI). */
    public static AttributePath of(String attribute) {
        return new AttributePath(List.of(attribute), Member.VALUE, List.of(), attribute);
    }

    /** Whether the path addresses the entity's own createdAt or modifiedAt. */
    public boolean isEntityLevel() {
        return attributes.isEmpty();
    }

    /** The expanded name of the top-level attribute; null for entity-level paths. */
    public String attribute() {
        return attributes.isEmpty() ? null : attributes.get(0);
    }

    /** Equal when addressing the same target, however it was written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AttributePath that && attributes.equals(that.attributes) && member == that.member
                && keys.equals(that.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attributes, member, keys);
    }

    /** Whether the trailing path ends with {@value #ANY_KEY}. */
    public boolean endsWithAnyKey() {
        return !keys.isEmpty() && ANY_KEY.equals(keys.get(keys.size() - 1));
    }
}
