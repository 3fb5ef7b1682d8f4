package id.ntt110.reference;

/** A WGS84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("position out of range: lat " + lat + ", lon " + lon);
        }
    }
}
