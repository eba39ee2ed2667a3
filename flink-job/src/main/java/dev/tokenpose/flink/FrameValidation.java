package dev.tokenpose.flink;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;

/** Checks a decoded frame for contradictions before any image work is spent on it. */
final class FrameValidation {

    /** Largest frame side accepted (16K video). */
    static final int MAX_SIDE = 16384;

    private FrameValidation() {}

    /** @return what is wrong with the frame, or null if nothing is */
    static String problem(VideoFrame f) {
        if (f.getStreamId().isEmpty()) {
            return "empty streamId";
        }
        if (f.getSequence() < 0) {
            return "negative sequence " + f.getSequence();
        }
        if (f.getWidth() <= 0 || f.getHeight() <= 0 || f.getWidth() > MAX_SIDE || f.getHeight() > MAX_SIDE) {
            return "frame size " + f.getWidth() + "x" + f.getHeight() + " is out of range 1.." + MAX_SIDE;
        }
        int payload = f.getPayload().remaining();
        if (payload == 0) {
            return "empty payload";
        }
        if (f.getEncoding() == FrameEncoding.RAW_BGR && payload != f.getWidth() * f.getHeight() * 3) {
            return "RAW_BGR payload of " + payload + " bytes does not fit " + f.getWidth() + "x" + f.getHeight() + "x3";
        }
        if (f.getBoxes() != null) {
            for (Box b : f.getBoxes()) {
                if (!(b.getWidth() > 0 && b.getHeight() > 0) || !Float.isFinite(b.getX()) || !Float.isFinite(b.getY())) {
                    return "box " + b + " has no area or is not finite";
                }
            }
        }
        return null;
    }
}
