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
 * @param datasetIds the {@code datasetId} parameter (4.5.5): the attribute instances to show, {@value #DEFAULT_INSTANCE}
 *                 for the default instance; null = all
 */
public record RenderOptions(Format format, boolean sysAttrs, Projection pick, Projection omit, String lang,
                            Set<String> datasetIds) {
    public static final String DEFAULT_INSTANCE = "@none";
    public static final RenderOptions DEFAULT = new RenderOptions(Format.NORMALIZED, false, null, Projection.of(Set.of()), null,
            null);

    public boolean includes(String name) {
        return (pick == null || pick.contains(name)) && !omit.drops(name);
    }

    /** How many Relationships deep the nested pick and omit lists reach (4.21). */
    public int projectionDepth() {
        return Math.max(pick == null ? 0 : pick.depth(), omit.depth());
    }

    /** Whether an attribute instance with this datasetId (null = the default instance) is shown. */
    public boolean includesInstance(String datasetId) {
        return datasetIds == null || datasetIds.contains(datasetId == null ? DEFAULT_INSTANCE : datasetId);
    }

    /** The options for an entity linked through {@code relationship}: the nested projections, if any. */
    public RenderOptions forLinked(String relationship) {
        Projection nestedPick = pick == null ? null : pick.nested(relationship);
        Projection nestedOmit = omit.nested(relationship);
        return new RenderOptions(format, sysAttrs, nestedPick, nestedOmit == null ? Projection.of(Set.of()) : nestedOmit, lang,
                datasetIds);
    }
}
