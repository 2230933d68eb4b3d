package city.tsunagu.broker.query.geo;

import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;

/**
 * A longitude/latitude box in degrees, x = longitude, y = latitude: what the store keeps per
 * GeoProperty instance to narrow geo-queries (architecture decision 3).
 */
public record BoundingBox(double minX, double minY, double maxX, double maxY) {

    /** The box of a JTS geometry (its envelope). */
    public static BoundingBox of(Geometry geometry) {
        Envelope envelope = geometry.getEnvelopeInternal();
        return new BoundingBox(envelope.getMinX(), envelope.getMinY(), envelope.getMaxX(), envelope.getMaxY());
    }

    /**
     * The box of a GeoJSON geometry as stored in a GeoProperty; empty if it is no geometry this
     * broker can evaluate (then no geo-query matches it either).
     */
    public static Optional<BoundingBox> of(JsonNode geoJsonGeometry) {
        return GeoJson.read(geoJsonGeometry).filter(g -> !g.isEmpty()).map(BoundingBox::of);
    }

    public boolean intersects(BoundingBox other) {
        return minX <= other.maxX && maxX >= other.minX && minY <= other.maxY && maxY >= other.minY;
    }

    public boolean contains(BoundingBox other) {
        return minX <= other.minX && maxX >= other.maxX && minY <= other.minY && maxY >= other.maxY;
    }

    /** The smallest box holding both. */
    public BoundingBox union(BoundingBox other) {
        return new BoundingBox(Math.min(minX, other.minX), Math.min(minY, other.minY),
                Math.max(maxX, other.maxX), Math.max(maxY, other.maxY));
    }

    /** The larger of width and height, in degrees. */
    public double span() {
        return Math.max(maxX - minX, maxY - minY);
    }

    /**
     * A box holding every position within {@code metres} (geodesic, WGS84) of this box. The
     * latitude margin uses the smallest meridional radius of curvature, the longitude margin the
     * equatorial radius at the latitude farthest from the equator, so the box is never too small;
     * near a pole, or when it would pass the antimeridian, it spans all longitudes (±∞).
     */
    public BoundingBox expandedBy(double metres) {
        double dLat = Math.toDegrees(metres / Geodesy.MIN_MERIDIONAL_RADIUS) * (1 + 1e-6) + 1e-9;
        double south = minY - dLat;
        double north = maxY + dLat;
        double farthest = Math.max(Math.abs(south), Math.abs(north));
        if (farthest >= 89.9) {
            return new BoundingBox(Double.NEGATIVE_INFINITY, Math.max(-90, south), Double.POSITIVE_INFINITY, Math.min(90, north));
        }
        double dLon = Math.toDegrees(metres / (Geodesy.A * Math.cos(Math.toRadians(farthest)))) * (1 + 1e-6) + 1e-9;
        double west = minX - dLon;
        double east = maxX + dLon;
        if (west < -180 || east > 180) {
            west = Double.NEGATIVE_INFINITY;
            east = Double.POSITIVE_INFINITY;
        }
        return new BoundingBox(west, south, east, north);
    }
}
