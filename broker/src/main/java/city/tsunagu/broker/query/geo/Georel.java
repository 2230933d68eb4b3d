package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.common.error.BadRequestDataException;

/**
 * The geospatial relationship of a geo-query (ETSI GS CIM 009 v1.9.1, 4.10): {@code near} with a
 * distance in metres, or one of the Simple Features relations. Distances are null when absent;
 * {@code near} has at least one of them.
 *
 * @param relation    the relation between the entity's geometry and the reference geometry
 * @param maxDistance near: the entity is at most this many metres from the reference geometry
 * @param minDistance near: the entity is at least this many metres from the reference geometry
 */
public record Georel(Relation relation, Double maxDistance, Double minDistance) {

    /** The relations of 4.10, read as "the entity's geometry is {relation} the reference geometry". */
    public enum Relation {
        NEAR("near"),
        WITHIN("within"),
        CONTAINS("contains"),
        INTERSECTS("intersects"),
        EQUALS("equals"),
        DISJOINT("disjoint"),
        OVERLAPS("overlaps");

        private final String text;

        Relation(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final String KNOWN = "near;maxDistance==<metres>, near;minDistance==<metres>, within, contains, "
            + "intersects, equals, disjoint or overlaps";

    public Georel {
        if (relation == null) {
            throw new IllegalArgumentException("relation");
        }
        if (relation == Relation.NEAR && maxDistance == null && minDistance == null) {
            throw new BadRequestDataException("georel near needs maxDistance or minDistance, e.g. near;maxDistance==500");
        }
        if (relation != Relation.NEAR && (maxDistance != null || minDistance != null)) {
            throw new BadRequestDataException("georel " + relation.text + " takes no distance; only near has maxDistance or minDistance");
        }
        if (maxDistance != null && minDistance != null) {
            throw new BadRequestDataException("georel near takes one distance, maxDistance or minDistance, not both (4.10)");
        }
    }

    public static Georel near(Double maxDistance, Double minDistance) {
        return new Georel(Relation.NEAR, maxDistance, minDistance);
    }

    public static Georel of(Relation relation) {
        return new Georel(relation, null, null);
    }

    /**
     * Parses the georel grammar of 4.10: {@code near;maxDistance==500}, {@code near;minDistance==100}
     * (exactly one distance), or a relation name.
     */
    public static Georel parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestDataException("georel is empty; use " + KNOWN);
        }
        String[] parts = text.trim().split(";", -1);
        Relation relation = relation(parts[0].trim(), text);
        if (relation != Relation.NEAR) {
            if (parts.length > 1) {
                throw new BadRequestDataException("georel " + relation.text + " takes no modifiers; only near has "
                        + "maxDistance or minDistance, got '" + text + "'");
            }
            return of(relation);
        }
        Double max = null;
        Double min = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf("==");
            if (eq < 0) {
                throw new BadRequestDataException("georel near: modifier '" + part + "' must be written maxDistance==<metres> "
                        + "or minDistance==<metres>, e.g. near;maxDistance==500");
            }
            String name = part.substring(0, eq).trim();
            double distance = distance(name, part.substring(eq + 2).trim());
            switch (name) {
                case "maxDistance" -> {
                    if (max != null) {
                        throw new BadRequestDataException("georel near: maxDistance is given twice");
                    }
                    max = distance;
                }
                case "minDistance" -> {
                    if (min != null) {
                        throw new BadRequestDataException("georel near: minDistance is given twice");
                    }
                    min = distance;
                }
                default -> throw new BadRequestDataException("georel near: '" + name
                        + "' is not known; use maxDistance or minDistance, e.g. near;maxDistance==500");
            }
        }
        return near(max, min);
    }

    private static Relation relation(String name, String text) {
        for (Relation relation : Relation.values()) {
            if (relation.text.equals(name)) {
                return relation;
            }
        }
        for (Relation relation : Relation.values()) {
            if (relation.text.equalsIgnoreCase(name)) {
                throw new BadRequestDataException("georel '" + text + "': write " + relation.text + " in lower case");
            }
        }
        throw new BadRequestDataException("georel '" + text + "' is not known; use " + KNOWN);
    }

    private static double distance(String name, String value) {
        double distance;
        try {
            distance = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            distance = Double.NaN;
        }
        // 4.10 PositiveNumber: no sign, not 0
        if (Double.isNaN(distance) || Double.isInfinite(distance) || distance <= 0 || value.isEmpty()
                || !Character.isDigit(value.charAt(0)) || !Character.isDigit(value.charAt(value.length() - 1))) {
            throw new BadRequestDataException("georel near: " + name + " must be a positive number of metres, got '"
                    + value + "'");
        }
        return distance;
    }

    /** The georel as written in a query or a subscription's geoQ, e.g. {@code near;maxDistance==500}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(relation.text);
        if (minDistance != null) {
            text.append(";minDistance==").append(format(minDistance));
        }
        if (maxDistance != null) {
            text.append(";maxDistance==").append(format(maxDistance));
        }
        return text.toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
