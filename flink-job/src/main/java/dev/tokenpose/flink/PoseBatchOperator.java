package dev.tokenpose.flink;

import dev.tokenpose.pipeline.FrameResult;
import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PersonPipeline.FrameRequest;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The pose operator, keyed by stream, with cross-stream micro-batching: frames of many streams are
 * gathered (at most one per stream, up to {@code maxFrames}, for at most {@code maxWaitMs}) and go
 * through detection and the pose model together, then each stream's tracker state is updated
 * under its own key. Every input frame becomes one {@link PoseFrame} or one dead letter.
 *
 * <p>The buffer is flushed before every checkpoint barrier and watermark, so it never needs to be
 * part of a checkpoint, and a full buffer is processed synchronously, which is what turns a slow
 * model into backpressure instead of unbounded buffering.
 */
public final class PoseBatchOperator extends AbstractStreamOperator<PoseFrame>
        implements OneInputStreamOperator<FrameRecord, PoseFrame> {

    private static final long serialVersionUID = 1L;

    private final PipelineSpec spec;
    private final OutputTag<DeadLetter> deadLetters;
    private final int maxFrames;
    private final long maxWaitMs;

    private transient PersonPipeline pipeline;
    private transient ModelIdentity identity;
    private transient ValueState<byte[]> streamState;
    /** Frames waiting for the next batch, by stream, in arrival order. */
    private transient Map<String, Pending> pending;
    private transient boolean timerSet;

    private record Pending(FrameRecord record, BgrImage image, long timestamp, boolean hasTimestamp) {}

    /**
     * @param maxFrames frames per batch (1: no batching)
     * @param maxWaitMs longest a frame waits for others to join its batch
     */
    public PoseBatchOperator(PipelineSpec spec, OutputTag<DeadLetter> deadLetters, int maxFrames, long maxWaitMs) {
        if (maxFrames < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException("batch limits must be >= 1 frame and >= 0 ms, got " + maxFrames + " and " + maxWaitMs);
        }
        this.spec = spec;
        this.deadLetters = deadLetters;
        this.maxFrames = maxFrames;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pipeline = spec.open();
        identity = PoseFrames.identity(pipeline.estimator().estimator().identity(), spec.model().placeholder());
        streamState = getKeyedStateStore().getState(new ValueStateDescriptor<>("stream-state", byte[].class));
        pending = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<FrameRecord> element) throws Exception {
        FrameRecord record = element.getValue();
        VideoFrame frame = record.frame;
        BgrImage image;
        try {
            image = FrameImages.decode(frame);
        } catch (IOException | IllegalArgumentException e) {
            dead(record, DeadLetterReason.UNDECODABLE_IMAGE, e.getMessage(), element);
            return;
        }
        if (image.width() != frame.getWidth() || image.height() != frame.getHeight()) {
            dead(record, DeadLetterReason.INVALID_FRAME, "image is " + image.width() + "x" + image.height()
                    + ", the frame says " + frame.getWidth() + "x" + frame.getHeight(), element);
            return;
        }
        // A stream's next frame needs this one's tracks: it waits for the next batch.
        if (pending.containsKey(frame.getStreamId())) {
            flush();
        }
        pending.put(frame.getStreamId(), new Pending(record, image, element.getTimestamp(), element.hasTimestamp()));
        if (pending.size() >= maxFrames || maxWaitMs == 0) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxWaitMs, t -> {
                timerSet = false;
                flush();
            });
        }
    }

    /** Runs the waiting frames as one batch and emits their results in arrival order. */
    private void flush() throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(pending.values());
        pending.clear();
        List<FrameRequest> requests = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            setCurrentKey(p.record().frame.getStreamId());
            requests.add(request(p, StreamStateCodec.read(streamState.value())));
        }
        List<FrameResult> results;
        try {
            results = pipeline.processAll(requests);
        } catch (RuntimeException batchFailure) {
            // Find the frame that fails on its own; the others still get their poses.
            results = new ArrayList<>(batch.size());
            for (FrameRequest r : requests) {
                try {
                    results.add(pipeline.processAll(List.of(r)).get(0));
                } catch (RuntimeException e) {
                    results.add(null);
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            StreamRecord<?> at = p.hasTimestamp() ? new StreamRecord<>(null, p.timestamp()) : new StreamRecord<>(null);
            FrameResult r = results.get(i);
            if (r == null) {
                dead(p.record(), DeadLetterReason.PROCESSING_FAILED, "pose estimation failed on this frame", at);
                continue;
            }
            setCurrentKey(p.record().frame.getStreamId());
            streamState.update(StreamStateCodec.write(r.state()));
            output.collect(at.replace(PoseFrames.of(p.record().frame, p.record().ingestTimeMicros, identity, r.persons())));
        }
    }

    private static FrameRequest request(Pending p, StreamState state) {
        VideoFrame f = p.record().frame;
        double time = f.getCaptureTime().getEpochSecond() + f.getCaptureTime().getNano() / 1e9;
        return new FrameRequest(state, p.image(), FrameImages.boxes(f), FrameImages.boxScores(f), time);
    }

    private void dead(FrameRecord r, DeadLetterReason reason, String message, StreamRecord<?> at) {
        VideoFrame f = r.frame;
        DeadLetter d = DeadLetters.of(r.topic, r.partition, r.offset, f.getStreamId().getBytes(StandardCharsets.UTF_8),
                AvroCodec.VIDEO_FRAME.encode(f), reason, message);
        output.collect(deadLetters, at.hasTimestamp() ? new StreamRecord<>(d, at.getTimestamp()) : new StreamRecord<>(d));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Results must not trail the watermark that follows their frames.
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            super.close();
        }
    }
}
