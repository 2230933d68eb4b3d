package city.tsunagu.broker.entity.web;

import java.util.Set;

/**
 * How to render entities for one request.
 *
 * @param format   normalized, concise or simplified
 * @param sysAttrs whether to include createdAt/modifiedAt
 * @param pick     members to keep (null = all): expanded attribute names and id, type, scope
 * @param omit     members to drop
 * @param lang     the {@code lang} parameter: preferred languages for LanguageProperty values, or null
 */
public record RenderOptions(Format format, boolean sysAttrs, Projection pick, Projection omit, String lang) {
    public static final RenderOptions DEFAULT = new RenderOptions(Format.NORMALIZED, false, null, Projection.of(Set.of()), null);

    public boolean includes(String name) {
        return (pick == null || pick.contains(name)) && !omit.drops(name);
    }

    /** The options for an entity linked through {@code relationship}: the nested projections, if any. */
    public RenderOptions forLinked(String relationship) {
        Projection nestedPick = pick == null ? null : pick.nested(relationship);
        Projection nestedOmit = omit.nested(relationship);
        return new RenderOptions(format, sysAttrs, nestedPick, nestedOmit == null ? Projection.of(Set.of()) : nestedOmit, lang);
    }
}
