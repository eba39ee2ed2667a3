package dev.tokenpose.detect;

import dev.tokenpose.preprocess.BgrImage;
import java.util.List;

/**
 * The detector named {@value PersonDetectors#NONE}: no detection at all, the whole frame is the one
 * person (score 1). For footage framed on one person, and for streams whose frames bring their own
 * boxes. The pose pipeline recognises it: frames without boxes of their own are cropped whole, on
 * every frame, with no detection interval and no boxes carried over from the previous frame.
 */
public final class WholeFrameDetector implements PersonDetector {

    @Override
    public String name() {
        return PersonDetectors.NONE;
    }

    @Override
    public List<Detection> detect(BgrImage frame) {
        return List.of(wholeFrame(frame));
    }

    /**
     * The whole frame as a detection.
     *
     * @param frame the frame
     * @return a box from the origin to the frame's size, with score 1
     */
    public static Detection wholeFrame(BgrImage frame) {
        return new Detection(0, 0, frame.width(), frame.height(), 1);
    }

    @Override
    public void close() {}
}
