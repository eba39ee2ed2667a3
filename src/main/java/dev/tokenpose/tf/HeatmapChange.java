package dev.tokenpose.tf;

/** How far one batch of heatmaps moved from another, relative to each reference map's own range. */
final class HeatmapChange {

    private HeatmapChange() {}

    /**
     * The largest change of any map, as a fraction of that map's range in {@code reference}; a NaN
     * or infinite value in {@code other} counts as an infinite change.
     *
     * @param reference maps laid out one after another, {@code mapSize} values each
     * @param other the same maps computed another way
     * @param mapSize values per map
     * @return the largest |other − reference| / range over all maps (0 for maps of zero range that did not move)
     */
    static double largestRelative(float[] reference, float[] other, int mapSize) {
        if (reference.length != other.length || mapSize <= 0 || reference.length % mapSize != 0) {
            throw new IllegalArgumentException(
                    "maps of " + mapSize + " values: " + reference.length + " against " + other.length + " values");
        }
        double worst = 0;
        for (int start = 0; start < reference.length; start += mapSize) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double diff = 0;
            for (int i = start; i < start + mapSize; i++) {
                min = Math.min(min, reference[i]);
                max = Math.max(max, reference[i]);
                double d = Math.abs((double) other[i] - reference[i]);
                diff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(diff, d);
            }
            double range = max - min;
            worst = Math.max(worst, diff == 0 ? 0 : range > 0 ? diff / range : Double.POSITIVE_INFINITY);
        }
        return worst;
    }
}
