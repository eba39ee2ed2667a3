package dev.tokenpose.flink;

import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.ImageDecoder;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The image and the producer's boxes of a {@link VideoFrame}. */
final class FrameImages {

    private FrameImages() {}

    /**
     * @throws IOException if the payload is not an image of the stated encoding
     * @throws IllegalArgumentException if a raw payload does not fit the stated size
     */
    static BgrImage decode(VideoFrame frame) throws IOException {
        byte[] bytes = bytes(frame.getPayload());
        if (frame.getEncoding() == FrameEncoding.RAW_BGR) {
            return new BgrImage(frame.getWidth(), frame.getHeight(), bytes);
        }
        return ImageDecoder.decode(bytes);
    }

    /** A copy of a buffer's remaining bytes; the buffer's position is left alone. */
    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The producer's boxes as x, y, w, h, or null when the frame brought none. */
    static List<double[]> boxes(VideoFrame frame) {
        List<Box> boxes = frame.getBoxes();
        if (boxes == null || boxes.isEmpty()) {
            return null;
        }
        List<double[]> out = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            out.add(new double[] {b.getX(), b.getY(), b.getWidth(), b.getHeight()});
        }
        return out;
    }

    /** The scores of the producer's boxes, or null when the frame brought none. */
    static double[] boxScores(VideoFrame frame) {
        List<Box> boxes = frame.getBoxes();
        return boxes == null || boxes.isEmpty()
                ? null
                : boxes.stream().mapToDouble(Box::getScore).toArray();
    }
}
