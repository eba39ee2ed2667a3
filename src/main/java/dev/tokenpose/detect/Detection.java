package dev.tokenpose.detect;

/**
 * One detected person: an axis-aligned box in image pixels and the detector's confidence.
 *
 * @param x left edge (pixels from the image's left border)
 * @param y top edge (pixels from the image's top border)
 * @param w box width in pixels
 * @param h box height in pixels
 * @param score confidence, higher is surer; its scale depends on the detector (NanoDet: a probability
 *     in [0, 1]; HOG: the SVM margin)
 */
public record Detection(double x, double y, double w, double h, double score) {

    /** Checks that the box is not degenerate. */
    public Detection {
        if (!(w > 0) || !(h > 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException(
                    "a box needs a finite position and a positive size, got " + x + "," + y + " " + w + "x" + h);
        }
    }

    /** Box area in square pixels. */
    public double area() {
        return w * h;
    }

    /**
     * Intersection over union with another box.
     *
     * @param o the other box
     * @return the overlap, 0 (disjoint) to 1 (identical)
     */
    public double iou(Detection o) {
        double iw = Math.min(x + w, o.x + o.w) - Math.max(x, o.x);
        double ih = Math.min(y + h, o.y + o.h) - Math.max(y, o.y);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + o.area() - inter);
    }
}
