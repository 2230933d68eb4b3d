package city.tsunagu.adapters.simulator;

/** A named point of the city (WGS 84). */
record Place(String name, double lon, double lat) {

    /** Distance in metres (equirectangular; exact enough across a city). */
    double metresTo(Place other) {
        double meanLat = Math.toRadians((lat + other.lat) / 2);
        double dx = Math.toRadians(other.lon - lon) * Math.cos(meanLat);
        double dy = Math.toRadians(other.lat - lat);
        return Math.hypot(dx, dy) * 6_371_000;
    }

    /** The point {@code fraction} of the way to {@code other}. */
    Place towards(Place other, double fraction) {
        return new Place(name, lon + (other.lon - lon) * fraction, lat + (other.lat - lat) * fraction);
    }

    /** Heading to {@code other} in degrees clockwise from north, [0, 360). */
    double headingTo(Place other) {
        double meanLat = Math.toRadians((lat + other.lat) / 2);
        double dx = (other.lon - lon) * Math.cos(meanLat);
        double dy = other.lat - lat;
        double degrees = Math.toDegrees(Math.atan2(dx, dy));
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
