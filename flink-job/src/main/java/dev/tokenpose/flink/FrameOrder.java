package dev.tokenpose.flink;

import dev.tokenpose.schema.VideoFrame;
import java.time.Instant;

/**
 * A stream's frames must move forward: each accepted frame has a higher sequence number than the
 * last. A frame that repeats a sequence number or goes back is a duplicate or a replay, and goes
 * to the dead letters instead of being estimated (and tracked) a second time, unless it was also
 * captured later than the last accepted frame: then its producer started over (a restarted camera
 * process counts from 0 again), and the stream continues from it.
 */
final class FrameOrder {

    private FrameOrder() {}

    /**
     * @param last the last accepted frame's sequence and capture time (µs), or null for none
     * @return why the frame is out of order, or null to accept it
     */
    static String problem(long[] last, VideoFrame f) {
        if (last == null || f.getSequence() > last[0]) {
            return null;
        }
        if (captureMicros(f) > last[1]) {
            return null;
        }
        return "sequence " + f.getSequence() + (f.getSequence() == last[0] ? " repeats" : " goes back from " + last[0])
                + " and was not captured later: a duplicate or a replay of frames already processed";
    }

    /** What to remember of an accepted frame. */
    static long[] position(VideoFrame f) {
        return new long[] {f.getSequence(), captureMicros(f)};
    }

    private static long captureMicros(VideoFrame f) {
        Instant t = f.getCaptureTime();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
