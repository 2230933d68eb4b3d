package city.tsunagu.broker.entity.web;

import java.util.Set;

/**
 * How to render entities for one request.
 *
 * @param format   normalized, concise or simplified
 * @param sysAttrs whether to include createdAt/modifiedAt
 * @param pick     expanded attribute names to keep (null = all); may include "id", "type", "scope"
 * @param omit     expanded attribute names to drop; may include "id", "type", "scope"
 * @param lang     preferred language for LanguageProperty values (null = keep the languageMap)
 */
public record RenderOptions(Format format, boolean sysAttrs, Set<String> pick, Set<String> omit, String lang) {
    public static final RenderOptions DEFAULT = new RenderOptions(Format.NORMALIZED, false, null, Set.of(), null);

    public boolean includes(String name) {
        return (pick == null || pick.contains(name)) && !omit.contains(name);
    }
}
