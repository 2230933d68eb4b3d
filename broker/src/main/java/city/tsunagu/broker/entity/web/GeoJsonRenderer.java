package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.ld.LdContext;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The GeoJSON representation of entities (4.5.16): a Feature whose geometry is one GeoProperty. */
public final class GeoJsonRenderer {
    public static final String DEFAULT_GEOMETRY = "https://uri.etsi.org/ngsi-ld/location";

    private final EntityRenderer renderer;

    public GeoJsonRenderer(EntityRenderer renderer) {
        this.renderer = renderer;
    }

    /** @param geometryProperty expanded name of the GeoProperty to use as geometry */
    public ObjectNode feature(Entity entity, LdContext ctx, RenderOptions options, String geometryProperty) {
        ObjectNode properties = renderer.render(entity, ctx, options);
        properties.remove("id");
        ObjectNode feature = JsonNodeFactory.instance.objectNode();
        feature.put("id", entity.id());
        feature.put("type", "Feature");
        // the default instance (no datasetId) gives the geometry, else the first instance
        List<Attribute> geo = entity.attributes().getOrDefault(geometryProperty, List.of());
        Attribute chosen = geo.stream().filter(a -> a.datasetId() == null).findFirst()
                .orElse(geo.isEmpty() ? null : geo.get(0));
        if (chosen != null && chosen.kind() == AttributeKind.GEO_PROPERTY) {
            feature.set("geometry", chosen.value());
        } else {
            feature.putNull("geometry");
        }
        feature.set("properties", properties);
        return feature;
    }
}
