package dev.tokenpose.preprocess;

/**
 * An 8-bit image in OpenCV's default channel order (BGR), interleaved row by row (HWC).
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param pixels {@code height · width · 3} bytes, B, G, R per pixel
 */
public record BgrImage(int width, int height, byte[] pixels) {

    /** Checks that the pixel buffer matches the size. */
    public BgrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR image needs "
                    + (long) width * height * 3 + " bytes, got " + pixels.length);
        }
    }
}
