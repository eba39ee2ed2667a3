package dev.tokenpose.detect;

import dev.tokenpose.preprocess.BgrImage;
import java.util.List;

/**
 * Finds the people in video frames, giving the person boxes that a top-down pose model crops.
 *
 * <p>Implementations are created once, reused for every frame and hold native resources until
 * {@link #close()}. Every implementation in this package is safe to call from several threads at
 * once; {@link #close()} must not overlap a running {@link #detect(List)}.
 */
public interface PersonDetector extends AutoCloseable {

    /** A short name for logs and records, e.g. {@code nanodet}. */
    String name();

    /**
     * Detects the people in each frame (one frame after the other, unless an implementation can do better).
     *
     * @param frames the frames; their sizes may differ
     * @return for each frame, in the same order, its persons sorted by descending score
     *     (an empty list where there are none)
     */
    default List<List<Detection>> detect(List<BgrImage> frames) {
        List<List<Detection>> out = new java.util.ArrayList<>(frames.size());
        for (BgrImage frame : frames) {
            out.add(detect(frame));
        }
        return out;
    }

    /**
     * Detects the people in one frame.
     *
     * @param frame the frame
     * @return its persons sorted by descending score
     */
    List<Detection> detect(BgrImage frame);

    @Override
    void close();
}
