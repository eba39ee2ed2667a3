package dev.tokenpose.kafka.produce;

import java.util.Objects;

/**
 * How a {@link FrameProducer} reads its sources and encodes their frames.
 *
 * @param pacing how fast file sources are published
 * @param loop whether a file source starts again from its first frame at its end
 * @param maxFrames frames published per stream at most, or {@link #NO_LIMIT}
 * @param jpegQuality JPEG quality of the payloads, 1–100
 * @param maxWidth frames wider than this are scaled down (keeping the aspect ratio), or {@link #NO_LIMIT}
 * @param maxHeight frames taller than this are scaled down (keeping the aspect ratio), or {@link #NO_LIMIT}
 * @param progress whether to show a progress bar per file source when stderr is a terminal
 */
public record ProduceOptions(
        Pacing pacing, boolean loop, long maxFrames, int jpegQuality, int maxWidth, int maxHeight, boolean progress) {

    /** A {@code maxFrames}, {@code maxWidth} or {@code maxHeight} of 0 sets no limit. */
    public static final int NO_LIMIT = 0;

    /**
     * Real-time pacing, no looping, no frame limit, JPEG quality {@value FrameEncoder#DEFAULT_JPEG_QUALITY},
     * original size, no progress display.
     */
    public static final ProduceOptions DEFAULTS = new ProduceOptions(
            Pacing.REALTIME, false, NO_LIMIT, FrameEncoder.DEFAULT_JPEG_QUALITY, NO_LIMIT, NO_LIMIT, false);

    /** Checks the values. */
    public ProduceOptions {
        Objects.requireNonNull(pacing, "pacing");
        if (maxFrames < 0) {
            throw new IllegalArgumentException("max frames must not be negative");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be within 1..100, got " + jpegQuality);
        }
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("maximum width and height must not be negative");
        }
    }

    /** These options with another pacing. */
    public ProduceOptions withPacing(Pacing p) {
        return new ProduceOptions(p, loop, maxFrames, jpegQuality, maxWidth, maxHeight, progress);
    }

    /** These options with looping on or off. */
    public ProduceOptions withLoop(boolean l) {
        return new ProduceOptions(pacing, l, maxFrames, jpegQuality, maxWidth, maxHeight, progress);
    }

    /** These options with another frame limit per stream. */
    public ProduceOptions withMaxFrames(long n) {
        return new ProduceOptions(pacing, loop, n, jpegQuality, maxWidth, maxHeight, progress);
    }

    /** These options with another JPEG quality. */
    public ProduceOptions withJpegQuality(int q) {
        return new ProduceOptions(pacing, loop, maxFrames, q, maxWidth, maxHeight, progress);
    }

    /** These options with another maximum frame size. */
    public ProduceOptions withMaxSize(int width, int height) {
        return new ProduceOptions(pacing, loop, maxFrames, jpegQuality, width, height, progress);
    }

    /** These options with the progress display on or off. */
    public ProduceOptions withProgress(boolean p) {
        return new ProduceOptions(pacing, loop, maxFrames, jpegQuality, maxWidth, maxHeight, p);
    }

    /** A frame encoder for these options; one per stream, as encoders are not thread-safe. */
    public FrameEncoder encoder() {
        return new FrameEncoder(jpegQuality, maxWidth, maxHeight);
    }
}
