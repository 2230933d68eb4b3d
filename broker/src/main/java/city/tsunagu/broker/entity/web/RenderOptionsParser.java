package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.util.HashSet;
import java.util.Set;

/** Reads the representation parameters (options, format, pick, omit, attrs, lang) of a request. */
public final class RenderOptionsParser {
    private RenderOptionsParser() {
    }

    public static RenderOptions parse(QueryParameters params, LdContext ctx, Set<String> knownOptions) {
        Set<String> options = params.options(knownOptions);
        Format format = Format.of(params.get("format"), options);
        Set<String> pick = params.list("pick");
        Set<String> attrs = params.list("attrs");
        Set<String> omit = params.list("omit");
        if (!pick.isEmpty() && !omit.isEmpty()) {
            throw new BadRequestDataException("pick and omit cannot be used together");
        }
        Set<String> picked = null;
        if (!pick.isEmpty()) {
            picked = expandProjection(pick, ctx);
        } else if (!attrs.isEmpty()) {
            picked = expandProjection(attrs, ctx);
            picked.addAll(Set.of("id", "type", "scope"));
        }
        return new RenderOptions(format, options.contains("sysAttrs"), picked, expandProjection(omit, ctx), params.get("lang"));
    }

    private static Set<String> expandProjection(Set<String> names, LdContext ctx) {
        Set<String> expanded = new HashSet<>();
        for (String name : names) {
            expanded.add(NgsiLd.ENTITY_MEMBERS.contains(name) ? name : EntityParser.expandName(name, ctx));
        }
        return expanded;
    }

}
