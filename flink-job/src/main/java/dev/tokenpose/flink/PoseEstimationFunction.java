package dev.tokenpose.flink;

import dev.tokenpose.FramePoseEstimator.FrameInput;
import dev.tokenpose.pipeline.FrameResult;
import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.ImageDecoder;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The pose operator, keyed by stream: decodes the frame's image, finds its persons (the producer's
 * boxes, the detector every k-th frame, or boxes propagated from the previous keypoints), runs
 * TokenPose, tracks and smooths, and emits one {@link PoseFrame} per frame. The stream's tracks live
 * in keyed state, so ids survive failures and rescaling. A frame whose image cannot be decoded or
 * processed becomes a dead letter instead.
 */
public final class PoseEstimationFunction extends KeyedProcessFunction<String, FrameRecord, PoseFrame> {

    private static final long serialVersionUID = 1L;

    private final PipelineSpec spec;
    private final OutputTag<DeadLetter> deadLetters;
    private transient PersonPipeline pipeline;
    private transient ModelIdentity identity;
    private transient ValueState<byte[]> streamState;

    public PoseEstimationFunction(PipelineSpec spec, OutputTag<DeadLetter> deadLetters) {
        this.spec = spec;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        pipeline = spec.open();
        identity = PoseFrames.identity(pipeline.estimator().estimator().identity(), spec.model().placeholder());
        streamState = getRuntimeContext().getState(new ValueStateDescriptor<>("stream-state", byte[].class));
    }

    @Override
    public void processElement(FrameRecord record, Context ctx, Collector<PoseFrame> out) {
        VideoFrame frame = record.frame;
        BgrImage image;
        try {
            image = decodeImage(frame);
        } catch (IOException | IllegalArgumentException e) {
            ctx.output(deadLetters, dead(record, DeadLetterReason.UNDECODABLE_IMAGE, e.getMessage()));
            return;
        }
        if (image.width() != frame.getWidth() || image.height() != frame.getHeight()) {
            ctx.output(deadLetters, dead(record, DeadLetterReason.INVALID_FRAME, "image is " + image.width() + "x"
                    + image.height() + ", the frame says " + frame.getWidth() + "x" + frame.getHeight()));
            return;
        }
        FrameResult result;
        try {
            FrameInput given = givenBoxes(frame, image);
            StreamState state = StreamStateCodec.read(streamState.value());
            double time = frame.getCaptureTime().getEpochSecond() + frame.getCaptureTime().getNano() / 1e9;
            result = pipeline.process(state, image, given == null ? null : given.boxes(), given == null ? null : given.boxScores(), time);
            streamState.update(StreamStateCodec.write(result.state()));
        } catch (IOException | RuntimeException e) {
            ctx.output(deadLetters, dead(record, DeadLetterReason.PROCESSING_FAILED, String.valueOf(e)));
            return;
        }
        out.collect(PoseFrames.of(frame, record.ingestTimeMicros, identity, result.persons()));
    }

    static BgrImage decodeImage(VideoFrame frame) throws IOException {
        byte[] bytes = bytes(frame.getPayload());
        if (frame.getEncoding() == FrameEncoding.RAW_BGR) {
            return new BgrImage(frame.getWidth(), frame.getHeight(), bytes);
        }
        return ImageDecoder.decode(bytes);
    }

    /** The producer's boxes, or null when the frame brought none. */
    static FrameInput givenBoxes(VideoFrame frame, BgrImage image) {
        List<Box> boxes = frame.getBoxes();
        if (boxes == null || boxes.isEmpty()) {
            return null;
        }
        List<double[]> xywh = new ArrayList<>(boxes.size());
        double[] scores = new double[boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            xywh.add(new double[] {b.getX(), b.getY(), b.getWidth(), b.getHeight()});
            scores[i] = b.getScore();
        }
        return new FrameInput(image, xywh, scores);
    }

    private static DeadLetter dead(FrameRecord r, DeadLetterReason reason, String message) {
        VideoFrame f = r.frame;
        return DeadLetters.of(r.topic, r.partition, r.offset, f.getStreamId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                dev.tokenpose.schema.codec.AvroCodec.VIDEO_FRAME.encode(f), reason, message);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
