package id.ntt110.routing.locate;

/** Great-circle distances on the WGS84 mean sphere: enough for "within 25 km of the coast". */
public final class GeoDistance {

    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final double KM_PER_DEGREE_LAT = 111.2;

    private GeoDistance() {
    }

    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Degrees of latitude spanning {@code km}. */
    public static double latDegrees(double km) {
        return km / KM_PER_DEGREE_LAT;
    }

    /** Degrees of longitude spanning {@code km} at latitude {@code lat} (generous near the poles). */
    public static double lonDegrees(double km, double lat) {
        return km / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos(Math.toRadians(lat))));
    }
}
