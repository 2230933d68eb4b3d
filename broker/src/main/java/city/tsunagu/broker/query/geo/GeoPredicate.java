package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A {@link GeoQuery} ready to test many entities (a query's candidates, a subscription's
 * notifications): the reference geometry is parsed and prepared once. Thread-safe.
 *
 * <p>The relations are those of Simple Features, read as "the entity's geometry is {relation}
 * the reference geometry" and computed by JTS on longitude/latitude as planar coordinates, as
 * GeoJSON and the NGSI-LD brokers do. {@code near} compares geodesic distances on the WGS84
 * ellipsoid in metres ({@link GeodesicDistance}). An entity matches when any instance of the
 * GeoProperty (any datasetId) does.
 */
public final class GeoPredicate implements Predicate<Entity> {
    private final GeoQuery query;
    private final Geometry reference;
    private final PreparedGeometry prepared;
    private final BoundingBox nearBox;

    private GeoPredicate(GeoQuery query) {
        this.query = query;
        this.reference = GeoJson.referenceGeometry(query.geometry(), query.coordinates());
        this.prepared = PreparedGeometryFactory.prepare(reference);
        Double max = query.georel().maxDistance();
        this.nearBox = max == null ? null : BoundingBox.of(reference).expandedBy(max);
    }

    public static GeoPredicate of(GeoQuery query) {
        return new GeoPredicate(query);
    }

    public GeoQuery query() {
        return query;
    }

    /** Whether any instance of the entity's geoproperty satisfies the query. */
    @Override
    public boolean test(Entity entity) {
        List<Attribute> instances = entity.attributes().get(query.geoproperty());
        if (instances == null) {
            return false;
        }
        for (Attribute instance : instances) {
            if (instance.kind() == AttributeKind.GEO_PROPERTY) {
                Optional<Geometry> geometry = GeoJson.read(instance.value());
                if (geometry.isPresent() && test(geometry.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether one geometry (longitude/latitude) satisfies the query. */
    public boolean test(Geometry geometry) {
        if (geometry.isEmpty()) {
            return false;
        }
        try {
            return relates(geometry);
        } catch (TopologyException | IllegalArgumentException e) {
            // a stored geometry JTS cannot relate as it is (e.g. a self-crossing ring): relate its repair
            Geometry repaired = GeoJson.valid(geometry);
            try {
                return repaired != geometry && relates(repaired);
            } catch (TopologyException | IllegalArgumentException again) {
                return false;
            }
        }
    }

    private boolean relates(Geometry geometry) {
        return switch (query.georel().relation()) {
            case NEAR -> near(geometry);
            case WITHIN -> prepared.contains(geometry);
            case CONTAINS -> prepared.within(geometry);
            case INTERSECTS -> prepared.intersects(geometry);
            case EQUALS -> GeoJson.valid(geometry).equalsTopo(reference); // both repaired alike if they cross themselves
            case DISJOINT -> prepared.disjoint(geometry);
            case OVERLAPS -> prepared.overlaps(geometry);
        };
    }

    private boolean near(Geometry geometry) {
        Double max = query.georel().maxDistance();
        Double min = query.georel().minDistance();
        if (nearBox != null && !nearBox.intersects(BoundingBox.of(geometry))) {
            return false;
        }
        double distance = GeodesicDistance.between(geometry, reference);
        return (max == null || distance <= max) && (min == null || distance >= min);
    }
}
