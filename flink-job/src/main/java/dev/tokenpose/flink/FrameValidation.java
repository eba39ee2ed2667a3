package dev.tokenpose.flink;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;

/**
 * Checks a decoded frame for contradictions and excess before any image work is spent on it. Each
 * problem is told in terms a producer can act on. Policy: a box that reaches past the frame's
 * edge is kept (the crop pads it, as for a person at the border); one that lies wholly outside
 * the frame is an error.
 */
final class FrameValidation {

    /** Largest frame side accepted (16K video). */
    static final int MAX_SIDE = 16384;

    private FrameValidation() {}

    /** @return what is wrong with the frame, or null if nothing is */
    static String problem(VideoFrame f, FrameLimits limits) {
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
        if (payload > limits.maxPayloadBytes()) {
            return "payload of " + payload + " bytes is over the limit of " + limits.maxPayloadBytes()
                    + " (max-frame-bytes)";
        }
        if (f.getEncoding() == FrameEncoding.RAW_BGR && (long) payload != (long) f.getWidth() * f.getHeight() * 3) {
            return "RAW_BGR payload of " + payload + " bytes does not fit " + f.getWidth() + "x" + f.getHeight() + "x3";
        }
        if (f.getBoxes() != null) {
            if (f.getBoxes().size() > limits.maxPersons()) {
                return f.getBoxes().size() + " boxes are more than the limit of " + limits.maxPersons()
                        + " persons per frame (max-persons)";
            }
            for (int i = 0; i < f.getBoxes().size(); i++) {
                String wrong = boxProblem(f.getBoxes().get(i), f.getWidth(), f.getHeight());
                if (wrong != null) {
                    return "box " + i + " " + wrong;
                }
            }
        }
        return null;
    }

    private static String boxProblem(Box b, int width, int height) {
        float x = b.getX();
        float y = b.getY();
        float w = b.getWidth();
        float h = b.getHeight();
        if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(w) || !Float.isFinite(h)) {
            return "(" + x + ", " + y + ", " + w + ", " + h + ") is not finite";
        }
        if (!(w > 0 && h > 0)) {
            return "(" + x + ", " + y + ", " + w + ", " + h + ") has no area: width and height must be positive";
        }
        if (x >= width || y >= height || x + w <= 0 || y + h <= 0) {
            return "(" + x + ", " + y + ", " + w + ", " + h + ") lies outside the " + width + "x" + height + " frame";
        }
        if (!(b.getScore() >= 0 && b.getScore() <= 1)) {
            return "score " + b.getScore() + " is outside 0..1";
        }
        return null;
    }
}
