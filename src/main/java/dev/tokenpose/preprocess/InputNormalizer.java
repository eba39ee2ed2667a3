package dev.tokenpose.preprocess;

/**
 * The official tensor conversion: RGB uint8 crops (NHWC) to the float32 model input (NCHW),
 * {@code (x/255 − mean) / std} per channel with the ImageNet statistics.
 */
public final class InputNormalizer {

    /** Per-channel mean, RGB order. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    /** Per-channel standard deviation, RGB order. */
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private InputNormalizer() {}

    /**
     * Normalises a batch of RGB crops in float32 steps, as {@code ToTensor} + {@code Normalize} do.
     *
     * @param rgb crops as uint8 [n, height, width, 3], RGB
     * @param n number of crops
     * @param height crop height H
     * @param width crop width W
     * @return the model input [n, 3, height, width]
     */
    public static float[] normalize(byte[] rgb, int n, int height, int width) {
        int plane = height * width;
        if (rgb.length != (long) n * plane * 3) {
            throw new IllegalArgumentException("expected " + (long) n * plane * 3 + " bytes for [" + n + "," + height
                    + "," + width + ",3], got " + rgb.length);
        }
        // A lookup per channel: the same float32 expression for each of the 256 grey levels.
        float[][] lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = ((float) v / 255f - MEAN[c]) / STD[c];
            }
        }
        float[] out = new float[rgb.length];
        for (int i = 0; i < n; i++) {
            int src = i * plane * 3;
            int dst = i * plane * 3;
            for (int p = 0; p < plane; p++) {
                int s = src + p * 3;
                out[dst + p] = lut[0][rgb[s] & 0xff];
                out[dst + plane + p] = lut[1][rgb[s + 1] & 0xff];
                out[dst + 2 * plane + p] = lut[2][rgb[s + 2] & 0xff];
            }
        }
        return out;
    }
}
