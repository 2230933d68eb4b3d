package city.tsunagu.broker.query.geo;

/**
 * Distances on the WGS84 ellipsoid, in metres, between longitude/latitude positions in degrees.
 *
 * <p>{@link #distance} is Vincenty's inverse formula (Survey Review 23, 1975): accurate to well
 * under a millimetre on the ellipsoid wherever it converges, which is everywhere except between
 * nearly antipodal points, where it falls back to the great circle on a sphere of the mean
 * radius. The great circle ({@link #haversine}) alone is not good enough for {@code near}: the
 * Earth's radius of curvature at Kanazawa's latitude differs from the mean radius by 0.2 %
 * north-south and 0.2 % east-west, so a 500 m haversine distance is up to a metre off.
 */
public final class Geodesy {
    /** WGS84 semi-major axis, metres. */
    public static final double A = 6_378_137.0;
    /** WGS84 flattening. */
    public static final double F = 1 / 298.257223563;
    /** WGS84 semi-minor axis, metres. */
    public static final double B = A * (1 - F);
    /** Square of the first eccentricity. */
    public static final double E2 = F * (2 - F);
    /** IUGG mean radius (2a + b) / 3, metres: the sphere of {@link #haversine}. */
    public static final double MEAN_RADIUS = 6_371_008.8;
    /** The smallest meridional radius of curvature (at the equator), metres: a(1 - e²). */
    public static final double MIN_MERIDIONAL_RADIUS = A * (1 - E2);

    private Geodesy() {
    }

    /** Geodesic distance on the WGS84 ellipsoid, in metres. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        if (lon1 == lon2 && lat1 == lat2) {
            return 0;
        }
        double l = Math.toRadians(lon2 - lon1);
        double u1 = Math.atan((1 - F) * Math.tan(Math.toRadians(lat1)));
        double u2 = Math.atan((1 - F) * Math.tan(Math.toRadians(lat2)));
        double sinU1 = Math.sin(u1);
        double cosU1 = Math.cos(u1);
        double sinU2 = Math.sin(u2);
        double cosU2 = Math.cos(u2);
        double lambda = l;
        for (int i = 0; i < 200; i++) {
            double sinLambda = Math.sin(lambda);
            double cosLambda = Math.cos(lambda);
            double sinSigma = Math.sqrt(Math.pow(cosU2 * sinLambda, 2)
                    + Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
            if (sinSigma == 0) {
                return 0;
            }
            double cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            double sigma = Math.atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            double cos2Alpha = 1 - sinAlpha * sinAlpha;
            double cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
            double c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
            double previous = lambda;
            lambda = l + (1 - c) * F * sinAlpha
                    * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.abs(lambda - previous) < 1e-12) {
                double uSq = cos2Alpha * (A * A - B * B) / (B * B);
                double bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
                double bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
                double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                        - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return B * bigA * (sigma - deltaSigma);
            }
        }
        return haversine(lon1, lat1, lon2, lat2);
    }

    /** Great-circle distance on the sphere of {@link #MEAN_RADIUS}, in metres (error up to 0.5 %). */
    public static double haversine(double lon1, double lat1, double lon2, double lat2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinDPhi = Math.sin((phi2 - phi1) / 2);
        double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * MEAN_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Metres per degree of latitude at {@code lat} (the meridional radius of curvature M, per degree). */
    public static double metresPerDegreeLatitude(double lat) {
        double s = Math.sin(Math.toRadians(lat));
        double w = 1 - E2 * s * s;
        return Math.toRadians(A * (1 - E2) / (w * Math.sqrt(w)));
    }

    /** Metres per degree of longitude at {@code lat} (N cos φ, per degree). */
    public static double metresPerDegreeLongitude(double lat) {
        double phi = Math.toRadians(lat);
        double s = Math.sin(phi);
        return Math.toRadians(A / Math.sqrt(1 - E2 * s * s) * Math.cos(phi));
    }
}
