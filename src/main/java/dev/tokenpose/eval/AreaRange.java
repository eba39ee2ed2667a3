package dev.tokenpose.eval;

/** The object-area ranges of COCO keypoint evaluation, in square pixels, bounds included. */
public enum AreaRange {
    /** Every object: [0², 1e5²]. */
    ALL("all", 0, 1e10),
    /** [32², 96²]. Keypoint evaluation has no small range: people under 32² count only in {@link #ALL}. */
    MEDIUM("medium", 32 * 32, 96 * 96),
    /** [96², 1e5²]. */
    LARGE("large", 96 * 96, 1e10);

    private final String label;
    private final double min;
    private final double max;

    AreaRange(String label, double min, double max) {
        this.label = label;
        this.min = min;
        this.max = max;
    }

    /** @return pycocotools' label: all, medium or large */
    public String label() {
        return label;
    }

    /**
     * Whether an area falls outside the range, written as pycocotools writes it so that a NaN area
     * counts as inside.
     *
     * @param area object area in square pixels
     * @return true if {@code area < min or area > max}
     */
    public boolean excludes(double area) {
        return area < min || area > max;
    }
}
