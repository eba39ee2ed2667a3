package dev.tokenpose.train;

import java.util.SplittableRandom;

/**
 * How one training crop is varied: the official COCO geometry (scale, rotation, flip, half body)
 * plus colour jitter and an occluding rectangle, which matter more here than in the official
 * setting because the footage is scarce and correlated.
 *
 * @param scale factor on the box size (above 1 zooms out)
 * @param rotation degrees, counter-clockwise as in the official code
 * @param flip mirror the crop and swap left/right joints
 * @param halfBody crop around the upper or lower body joints only
 * @param upperBody with {@code halfBody}: which half
 * @param brightness multiplier on every channel
 * @param contrast multiplier on the distance from the crop's mean grey
 * @param saturation multiplier on the distance from each pixel's grey
 * @param occluder x, y, w, h as fractions of the crop, or null for none
 * @param occluderRgb the occluder's base colour, 0xRRGGBB
 * @param noiseSeed seed of the occluder's texture
 */
public record Augmentation(
        double scale,
        double rotation,
        boolean flip,
        boolean halfBody,
        boolean upperBody,
        float brightness,
        float contrast,
        float saturation,
        double[] occluder,
        int occluderRgb,
        long noiseSeed) {

    /** The crop as the model sees it at test time. */
    public static final Augmentation NONE = new Augmentation(1, 0, false, false, false, 1, 1, 1, null, 0, 0);

    /**
     * How strongly crops are varied.
     *
     * @param scaleFactor σ of the scale, clipped to ±1 σ (official 0.35)
     * @param rotationFactor σ of the rotation in degrees, clipped to ±2 σ (official 45)
     * @param rotationProbability chance of any rotation (official 0.6)
     * @param halfBodyProbability chance of a half-body crop when enough joints are labelled (official 0.3)
     * @param colourJitter largest relative change of brightness, contrast and saturation
     * @param occluderProbability chance of an occluding rectangle
     */
    public record Settings(
            double scaleFactor,
            double rotationFactor,
            double rotationProbability,
            double halfBodyProbability,
            double colourJitter,
            double occluderProbability) {

        /** The official geometry, with colour jitter ±30 % and an occluder on 40 % of crops. */
        public static final Settings DEFAULT = new Settings(0.35, 45, 0.6, 0.3, 0.3, 0.4);
    }

    /** Draws one crop's variation. */
    public static Augmentation random(SplittableRandom r, Settings s) {
        double scale = clamp(1 + gaussian(r) * s.scaleFactor(), 1 - s.scaleFactor(), 1 + s.scaleFactor());
        double rotation = r.nextDouble() < s.rotationProbability()
                ? clamp(gaussian(r) * s.rotationFactor(), -2 * s.rotationFactor(), 2 * s.rotationFactor())
                : 0;
        boolean flip = r.nextBoolean();
        boolean half = r.nextDouble() < s.halfBodyProbability();
        boolean upper = r.nextBoolean();
        float b = (float) (1 + (r.nextDouble() * 2 - 1) * s.colourJitter());
        float c = (float) (1 + (r.nextDouble() * 2 - 1) * s.colourJitter());
        float sat = (float) (1 + (r.nextDouble() * 2 - 1) * s.colourJitter());
        double[] occ = null;
        if (r.nextDouble() < s.occluderProbability()) {
            double w = 0.15 + 0.3 * r.nextDouble();
            double h = 0.1 + 0.3 * r.nextDouble();
            occ = new double[] {r.nextDouble() * (1 - w), r.nextDouble() * (1 - h), w, h};
        }
        return new Augmentation(scale, rotation, flip, half, upper, b, c, sat, occ, r.nextInt(1 << 24), r.nextLong());
    }

    /**
     * Applies the colour jitter and the occluder to an RGB crop in place.
     *
     * @param rgb uint8 [H, W, 3]
     */
    public void recolour(byte[] rgb, int height, int width) {
        int n = height * width;
        if (brightness != 1 || contrast != 1 || saturation != 1) {
            double mean = 0;
            for (int p = 0; p < n; p++) {
                mean += grey(rgb, 3 * p);
            }
            mean /= n;
            for (int p = 0; p < n; p++) {
                int i = 3 * p;
                double g = grey(rgb, i);
                for (int ch = 0; ch < 3; ch++) {
                    double v = (rgb[i + ch] & 0xff);
                    v = g + (v - g) * saturation;
                    v = mean + (v - mean) * contrast;
                    rgb[i + ch] = (byte) Math.max(0, Math.min(255, Math.round(v * brightness)));
                }
            }
        }
        if (occluder != null) {
            SplittableRandom noise = new SplittableRandom(noiseSeed);
            int x0 = (int) (occluder[0] * width);
            int y0 = (int) (occluder[1] * height);
            int x1 = Math.min(width, x0 + (int) Math.ceil(occluder[2] * width));
            int y1 = Math.min(height, y0 + (int) Math.ceil(occluder[3] * height));
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int i = 3 * (y * width + x);
                    int jitter = noise.nextInt(41) - 20;
                    for (int ch = 0; ch < 3; ch++) {
                        int base = (occluderRgb >> (16 - 8 * ch)) & 0xff;
                        rgb[i + ch] = (byte) Math.max(0, Math.min(255, base + jitter));
                    }
                }
            }
        }
    }

    private static double grey(byte[] rgb, int i) {
        return 0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
