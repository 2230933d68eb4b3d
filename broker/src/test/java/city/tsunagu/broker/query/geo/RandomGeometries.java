package city.tsunagu.broker.query.geo;

import java.util.Random;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded random GeoJSON geometries around Kanazawa (136.65 E, 36.57 N, about 10 km × 11 km):
 * points, short lines, star-shaped (so always simple) polygons from a few metres to a few
 * kilometres across, and their multi forms.
 */
final class RandomGeometries {
    static final double LON = 136.65;
    static final double LAT = 36.57;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    RandomGeometries(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    ObjectNode any() {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return geometry("Point", position(randomLon(), randomLat()));
        }
        if (pick < 70) {
            return geometry("LineString", line(randomLon(), randomLat()));
        }
        if (pick < 85) {
            return geometry("Polygon", polygon(randomLon(), randomLat(), size()));
        }
        if (pick < 90) {
            ArrayNode points = NODES.arrayNode();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                points.add(position(randomLon(), randomLat()));
            }
            return geometry("MultiPoint", points);
        }
        if (pick < 95) {
            ArrayNode lines = NODES.arrayNode();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                lines.add(line(randomLon(), randomLat()));
            }
            return geometry("MultiLineString", lines);
        }
        // two polygons far enough apart not to overlap: a valid MultiPolygon
        double size = Math.min(size(), 0.004);
        double lon = randomLon();
        double lat = randomLat();
        ArrayNode polygons = NODES.arrayNode();
        polygons.add(polygon(lon, lat, size));
        polygons.add(polygon(lon + 3 * size + 0.001, lat + random.nextDouble() * size, size));
        return geometry("MultiPolygon", polygons);
    }

    static ObjectNode geometry(String type, ArrayNode coordinates) {
        ObjectNode geometry = NODES.objectNode();
        geometry.put("type", type);
        geometry.set("coordinates", coordinates);
        return geometry;
    }

    double randomLon() {
        return LON + (random.nextDouble() - 0.5) * 0.12;
    }

    double randomLat() {
        return LAT + (random.nextDouble() - 0.5) * 0.1;
    }

    /** Radius in degrees: mostly tens to hundreds of metres, now and then kilometres. */
    private double size() {
        double r = random.nextDouble();
        return r < 0.7 ? 0.0002 + random.nextDouble() * 0.003 : r < 0.95 ? 0.003 + random.nextDouble() * 0.01
                : 0.01 + random.nextDouble() * 0.03;
    }

    private ArrayNode line(double lon, double lat) {
        ArrayNode line = NODES.arrayNode();
        line.add(position(lon, lat));
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            lon += (random.nextDouble() - 0.5) * 0.01;
            lat += (random.nextDouble() - 0.5) * 0.01;
            line.add(position(lon, lat));
        }
        return line;
    }

    /** A star-shaped ring: vertices at increasing angles around the centre, so it never crosses itself. */
    ArrayNode polygon(double lon, double lat, double radius) {
        int vertices = 3 + random.nextInt(6);
        double[] angles = new double[vertices];
        for (int i = 0; i < vertices; i++) {
            angles[i] = (i + 0.2 + 0.6 * random.nextDouble()) * 2 * Math.PI / vertices;
        }
        ArrayNode ring = NODES.arrayNode();
        for (double angle : angles) {
            double r = radius * (0.4 + 0.6 * random.nextDouble());
            ring.add(position(lon + r * Math.cos(angle) * 1.25, lat + r * Math.sin(angle)));
        }
        ring.add(ring.get(0).deepCopy());
        ArrayNode rings = NODES.arrayNode();
        rings.add(ring);
        return rings;
    }

    static ArrayNode position(double lon, double lat) {
        ArrayNode position = NODES.arrayNode();
        position.add(Math.round(lon * 1e7) / 1e7);
        position.add(Math.round(lat * 1e7) / 1e7);
        return position;
    }
}
