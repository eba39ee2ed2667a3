package dev.tokenpose.flink;

import dev.tokenpose.pipeline.FrameResult;
import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PersonPipeline.FrameRequest;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of frames of different streams through a pose pipeline: decodes each image, checks it
 * against the size its record declares, and runs detection, the model and tracking on all of them
 * in one call. A frame that cannot be decoded, or on which the pipeline fails, gets a reason
 * instead of a result; the other frames of its batch still get theirs.
 */
final class FrameBatchEstimator {

    private static final Logger LOG = LoggerFactory.getLogger(FrameBatchEstimator.class);

    /** A frame's result, or why it has none. */
    record Outcome(FrameResult result, DeadLetterReason reason, String message) {
        static Outcome failed(DeadLetterReason reason, String message) {
            return new Outcome(null, reason, message);
        }
    }

    private record Prepared(int index, FrameRequest request) {}

    private final PersonPipeline pipeline;

    FrameBatchEstimator(PersonPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** One outcome per frame, in order; {@code states} are the frames' streams' tracker states. */
    List<Outcome> estimate(List<VideoFrame> frames, List<StreamState> states) {
        if (frames.size() != states.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + states.size() + " stream states");
        }
        Outcome[] outcomes = new Outcome[frames.size()];
        List<Prepared> prepared = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            BgrImage image;
            try {
                image = FrameImages.decode(f);
            } catch (IOException | IllegalArgumentException e) {
                outcomes[i] = Outcome.failed(DeadLetterReason.UNDECODABLE_IMAGE, e.getMessage());
                continue;
            }
            if (image.width() != f.getWidth() || image.height() != f.getHeight()) {
                outcomes[i] = Outcome.failed(
                        DeadLetterReason.INVALID_FRAME,
                        "image is " + image.width() + "x" + image.height() + ", the frame says " + f.getWidth() + "x"
                                + f.getHeight());
                continue;
            }
            double time =
                    f.getCaptureTime().getEpochSecond() + f.getCaptureTime().getNano() / 1e9;
            prepared.add(new Prepared(
                    i, new FrameRequest(states.get(i), image, FrameImages.boxes(f), FrameImages.boxScores(f), time)));
        }
        if (prepared.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        try {
            List<FrameResult> results =
                    pipeline.processAll(prepared.stream().map(Prepared::request).toList());
            for (int i = 0; i < results.size(); i++) {
                outcomes[prepared.get(i).index()] = new Outcome(results.get(i), null, null);
            }
        } catch (RuntimeException batchFailure) {
            LOG.warn(
                    "A batch of {} frames failed; retrying them one by one to find the failing frame",
                    prepared.size(),
                    batchFailure);
            for (Prepared p : prepared) {
                try {
                    outcomes[p.index()] = new Outcome(
                            pipeline.processAll(List.of(p.request())).get(0), null, null);
                } catch (RuntimeException e) {
                    outcomes[p.index()] = Outcome.failed(
                            DeadLetterReason.PROCESSING_FAILED, "pose estimation failed on this frame: " + e);
                }
            }
        }
        return Arrays.asList(outcomes);
    }
}
