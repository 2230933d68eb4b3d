package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads the representation parameters (options, format, pick, omit, attrs, lang, datasetId) of a request. */
public final class RenderOptionsParser {
    private RenderOptionsParser() {
    }

    public static RenderOptions parse(QueryParameters params, LdContext ctx, Set<String> knownOptions) {
        Set<String> options = params.options(knownOptions);
        Format format = Format.of(params.get("format"), options);
        String pick = params.get("pick");
        String omit = params.get("omit");
        Set<String> attrs = params.list("attrs");
        if ((pick != null || omit != null) && !attrs.isEmpty()) {
            throw new BadRequestDataException("attrs cannot be combined with pick or omit; use pick alone");
        }
        Projection picked = null;
        if (pick != null) {
            picked = Projection.parse(pick, name -> EntityParser.expandName(name, ctx));
        } else if (!attrs.isEmpty()) {
            Set<String> names = new LinkedHashSet<>(Set.of("id", "type", "scope"));
            attrs.forEach(a -> names.add(EntityParser.expandName(a, ctx)));
            picked = Projection.of(names);
        }
        Projection omitted = omit == null ? Projection.of(Set.of()) : Projection.parse(omit, name -> EntityParser.expandName(name, ctx));
        if (picked != null && omit != null) {
            for (String name : omitted.names()) {
                if (picked.contains(name) && omitted.drops(name)) {
                    throw new BadRequestDataException("'" + name + "' is both picked and omitted");
                }
            }
        }
        return new RenderOptions(format, options.contains("sysAttrs"), picked, omitted, params.get("lang"), datasetIds(params));
    }

    /** The datasetId parameter (4.5.5): URIs of the instances to show, "@none" for the default instance. */
    private static Set<String> datasetIds(QueryParameters params) {
        Set<String> ids = params.list("datasetId");
        if (ids.isEmpty()) {
            return null;
        }
        for (String id : ids) {
            if (!RenderOptions.DEFAULT_INSTANCE.equals(id) && !NgsiLd.isUri(id)) {
                throw new BadRequestDataException("datasetId must list URIs or @none (the default instance), got '" + id + "'");
            }
        }
        return Set.copyOf(ids);
    }
}
