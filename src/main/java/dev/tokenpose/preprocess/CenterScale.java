package dev.tokenpose.preprocess;

/**
 * A person box in the official center/scale form: the box center in image pixels and its size in
 * units of 200 pixels, already padded by 1.25 and widened to the model's aspect ratio.
 *
 * <p>Both pairs are float32 because the official code keeps them in float32 arrays; every later
 * step (crop matrix, back-projection) starts from these rounded values.
 *
 * @param centerX box center x, image pixels
 * @param centerY box center y, image pixels
 * @param scaleX box width / 200
 * @param scaleY box height / 200
 */
public record CenterScale(float centerX, float centerY, float scaleX, float scaleY) {

    /** The official {@code pixel_std}: scale is measured in units of this many pixels. */
    public static final double PIXEL_STD = 200.0;

    /** The padding factor applied to every box. */
    public static final float PADDING = 1.25f;

    /**
     * Converts a COCO box (x, y, w, h) to center/scale like the official {@code _xywh2cs}.
     *
     * @param x left edge, image pixels
     * @param y top edge, image pixels
     * @param w box width, image pixels
     * @param h box height, image pixels
     * @param modelWidth model input width W
     * @param modelHeight model input height H
     * @return the center and padded scale for a W×H crop
     */
    public static CenterScale fromBox(double x, double y, double w, double h, int modelWidth, int modelHeight) {
        if (modelWidth <= 0 || modelHeight <= 0) {
            throw new IllegalArgumentException("model size must be positive: " + modelWidth + "x" + modelHeight);
        }
        double aspectRatio = modelWidth * 1.0 / modelHeight;
        // The center and aspect fix-up run in double (Python floats); the results are stored in float32.
        float cx = (float) (x + (w - 1) * 0.5);
        float cy = (float) (y + (h - 1) * 0.5);
        if (w > aspectRatio * h) {
            h = w * 1.0 / aspectRatio;
        } else if (w < aspectRatio * h) {
            w = h * aspectRatio;
        }
        float sx = (float) (w * 1.0 / PIXEL_STD);
        float sy = (float) (h * 1.0 / PIXEL_STD);
        // The official code pads unless center.x == -1 (its marker for "no box"); the product is float32.
        if (cx != -1f) {
            sx *= PADDING;
            sy *= PADDING;
        }
        return new CenterScale(cx, cy, sx, sy);
    }

    /**
     * The source-window width in image pixels, {@code scale.x · 200} in float32 as the official code has it.
     *
     * @return the width of the image region that maps onto the crop
     */
    public float sourceWidth() {
        return scaleX * (float) PIXEL_STD;
    }
}
