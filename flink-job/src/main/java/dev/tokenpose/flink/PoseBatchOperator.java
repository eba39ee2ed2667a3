package dev.tokenpose.flink;

import dev.tokenpose.flink.FrameBatchEstimator.Outcome;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The pose operator, keyed by stream, with cross-stream micro-batching: frames of many streams
 * wait in a {@link BatchBuffer} until {@code maxFrames} streams have one, or the oldest has
 * waited {@code maxWaitMs}; then the oldest frame of each stream goes through image decoding,
 * detection and the pose model in one call, and each stream's tracker state is updated under its
 * own key. Every input frame becomes one {@link PoseFrame} or one dead letter.
 *
 * <p>The model call runs on an inference thread, one batch at a time, while the task thread goes
 * on reading input into the buffer and writing the previous batch's results: the next batch is
 * full when the model is free, and the model does not wait for Kafka or Avro. The buffer holds at
 * most {@value #BUFFERED_BATCHES} batches' worth of encoded frames (and {@value #BUFFERED_BYTES}
 * bytes); when it is full the task thread waits for the model, which is what turns a slow model
 * into backpressure instead of unbounded buffering. At a checkpoint the waiting frames and those
 * of the batch in flight go into keyed state rather than being flushed, so barriers neither cut
 * batches short nor stall the model; a watermark is held back until every frame that arrived
 * before it has its result.
 *
 * <p>A stream's keyed state (tracker state, last activity) lives as long as the stream sends
 * frames: one processing-time timer per stream fires {@code streamIdleMs} after its last frame
 * and clears it, so a fleet whose stream ids churn does not grow checkpoints without bound. A
 * stream that comes back after that starts with fresh tracks.
 *
 * <p>The model runs on the GPU that Flink's external-resource framework assigned to the task
 * manager, or on the CPU when there is none ({@link GpuAssignment}).
 */
public final class PoseBatchOperator extends AbstractStreamOperator<PoseFrame>
        implements OneInputStreamOperator<FrameRecord, PoseFrame>, Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** Accumulators (job-wide sums): model calls, frames and persons that went through them. */
    public static final String BATCHES = "pose-batches";

    public static final String BATCHED_FRAMES = "pose-batch-frames";
    public static final String BATCHED_PERSONS = "pose-batch-persons";

    /** The buffer holds this many full batches at most; it goes into every checkpoint. */
    static final int BUFFERED_BATCHES = 16;
    /** ... and this many bytes of encoded frames, so that large raw frames cannot fill the heap. */
    static final long BUFFERED_BYTES = 32L << 20;

    private final PipelineSpec spec;
    private final OutputTag<DeadLetter> deadLetters;
    private final int maxFrames;
    private final long maxWaitMs;
    private final boolean shareModel;
    private final long streamIdleMs;

    private transient MailboxExecutor mailbox;
    private transient InferenceSlot slot;
    private transient FrameBatchEstimator estimator;
    private transient ModelIdentity identity;
    private transient ValueState<byte[]> streamState;
    /** Per stream, the processing time of its last result; its idle timer is due this plus {@link #streamIdleMs}. */
    private transient ValueState<Long> lastActive;
    /** The last accepted frame's sequence and capture time, see {@link FrameOrder}. */
    private transient ValueState<long[]> lastFrame;

    private transient InternalTimerService<VoidNamespace> idleTimers;
    /** Per stream, the frames that were waiting at the last checkpoint. */
    private transient ListState<byte[]> waitingState;
    /** Streams with frames in {@link #waitingState}, to clear them once those frames are done. */
    private transient Set<String> streamsInWaitingState;

    private transient BatchBuffer<WaitingFrame> buffer;
    /** The batch the model is working on, or null. */
    private transient InFlight inFlight;
    /** Watermarks held back, each with the arrival number of the first frame after it. */
    private transient ArrayDeque<HeldWatermark> heldWatermarks;

    private transient boolean timerSet;
    /** In {@link #finish}: the input has ended and timers can no longer be registered. */
    private transient boolean finishing;

    private transient LongCounter batches;
    private transient LongCounter batchedFrames;
    private transient LongCounter batchedPersons;

    private record HeldWatermark(Watermark mark, long nextArrival) {}

    /** A batch on the inference thread: its frames, the first one's arrival number and, when done, one outcome per frame. */
    private record InFlight(List<WaitingFrame> frames, long firstArrival, CompletableFuture<List<Outcome>> outcomes) {}

    /**
     * @param maxFrames frames per batch (1: no batching)
     * @param maxWaitMs longest a frame waits for others to join its batch
     * @param shareModel one model per task manager for all its subtasks, instead of one per subtask
     * @param streamIdleMs a stream's state is dropped this long after its last frame
     */
    public PoseBatchOperator(
            PipelineSpec spec,
            OutputTag<DeadLetter> deadLetters,
            int maxFrames,
            long maxWaitMs,
            boolean shareModel,
            long streamIdleMs) {
        if (maxFrames < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException(
                    "batch limits must be >= 1 frame and >= 0 ms, got " + maxFrames + " and " + maxWaitMs);
        }
        if (streamIdleMs <= 0) {
            throw new IllegalArgumentException("the stream idle time must be > 0 ms, got " + streamIdleMs);
        }
        this.streamIdleMs = streamIdleMs;
        this.spec = spec;
        this.deadLetters = deadLetters;
        this.maxFrames = maxFrames;
        this.maxWaitMs = maxWaitMs;
        this.shareModel = shareModel;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        super.setMailboxExecutor(mailboxExecutor);
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        streamState = getKeyedStateStore().getState(new ValueStateDescriptor<>("stream-state", byte[].class));
        waitingState = getKeyedStateStore().getListState(new ListStateDescriptor<>("waiting-frames", byte[].class));
        lastActive = getKeyedStateStore().getState(new ValueStateDescriptor<>("last-active", Long.class));
        lastFrame = getKeyedStateStore().getState(new ValueStateDescriptor<>("last-frame", long[].class));
        buffer = new BatchBuffer<>(
                WaitingFrame::streamId, w -> w.record().frame.getPayload().remaining());
        heldWatermarks = new ArrayDeque<>();
        streamsInWaitingState = new HashSet<>();
        if (context.isRestored()) {
            List<String> streams = getKeyedStateBackend()
                    .<VoidNamespace>getKeys("waiting-frames", VoidNamespace.INSTANCE)
                    .map(Object::toString)
                    .toList();
            for (String stream : streams) {
                setCurrentKey(stream);
                for (byte[] bytes : waitingState.get()) {
                    buffer.add(WaitingFrame.fromBytes(bytes), now());
                }
                streamsInWaitingState.add(stream);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (mailbox == null) {
            throw new IllegalStateException("the pose operator needs the task's mailbox executor");
        }
        String task = getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
        PipelineSpec onDevice = spec.onDevice(
                GpuAssignment.choose(getRuntimeContext().getExternalResourceInfos(GpuAssignment.RESOURCE), task));
        slot = shareModel ? InferenceSlot.shared(onDevice) : InferenceSlot.open(onDevice, "pose-inference " + task);
        estimator = new FrameBatchEstimator(slot.pipeline());
        idleTimers = getInternalTimerService("stream-idle", VoidNamespaceSerializer.INSTANCE, this);
        identity = PoseFrames.identity(
                slot.pipeline().estimator().estimator().identity(), spec.model().placeholder());
        batches = getRuntimeContext().getLongCounter(BATCHES);
        batchedFrames = getRuntimeContext().getLongCounter(BATCHED_FRAMES);
        batchedPersons = getRuntimeContext().getLongCounter(BATCHED_PERSONS);
        startOrWait();
    }

    /** The pipeline as opened on this subtask, on the device it was given; null before {@link #open}. */
    PipelineSpec openedSpec() {
        return slot == null ? null : slot.spec();
    }

    @Override
    public void processElement(StreamRecord<FrameRecord> element) throws Exception {
        WaitingFrame frame = new WaitingFrame(element.getValue(), element.getTimestamp(), element.hasTimestamp());
        String outOfOrder = FrameOrder.problem(lastFrame.value(), frame.record().frame);
        if (outOfOrder != null) {
            dead(frame, DeadLetterReason.INVALID_FRAME, outOfOrder);
            return;
        }
        lastFrame.update(FrameOrder.position(frame.record().frame));
        buffer.add(frame, now());
        while (bufferFull()) {
            if (inFlight == null) {
                startBatch();
            } else {
                mailbox.yield(); // backpressure: the model's next result frees room
            }
        }
        startOrWait();
    }

    private boolean bufferFull() {
        return buffer.size() >= BUFFERED_BATCHES * maxFrames || buffer.bytes() > BUFFERED_BYTES;
    }

    /** Starts the next batch if the model is free and the batch is full or due; else sets a timer. */
    private void startOrWait() throws Exception {
        if (inFlight != null || buffer.isEmpty()) {
            return;
        }
        if (buffer.streams() >= maxFrames || buffer.oldest().arrivedAtMs() + maxWaitMs <= now()) {
            startBatch();
        } else if (!timerSet) {
            timerSet = true;
            getProcessingTimeService().registerTimer(buffer.oldest().arrivedAtMs() + maxWaitMs, t -> {
                timerSet = false;
                startOrWait();
            });
        }
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    /** Takes the next batch, reads its streams' tracker states, and hands it to the inference thread. */
    private void startBatch() throws Exception {
        List<BatchBuffer.Entry<WaitingFrame>> entries = buffer.takeBatch(maxFrames);
        List<WaitingFrame> frames =
                entries.stream().map(BatchBuffer.Entry::item).toList();
        List<StreamState> states = new ArrayList<>(frames.size());
        for (WaitingFrame w : frames) {
            setCurrentKey(w.streamId());
            states.add(StreamStateCodec.read(streamState.value()));
        }
        InFlight batch = new InFlight(
                frames,
                entries.get(0).arrival(),
                CompletableFuture.supplyAsync(
                        () -> estimator.estimate(
                                frames.stream().map(w -> w.record().frame).toList(), states),
                        slot.executor()));
        inFlight = batch;
        batch.outcomes()
                .whenComplete((outcomes, error) -> mailbox.execute(() -> finishBatch(batch), "pose batch results"));
    }

    /**
     * On the task thread: updates tracker states, starts the next batch, then emits this one's
     * results in arrival order while the model works on the next.
     */
    private void finishBatch(InFlight batch) throws Exception {
        List<Outcome> outcomes =
                batch.outcomes().join(); // completed; an Error on the inference thread fails the task here
        inFlight = null;
        batches.add(1L);
        batchedFrames.add((long) batch.frames().size());
        for (int i = 0; i < batch.frames().size(); i++) {
            if (outcomes.get(i).result() != null) {
                setCurrentKey(batch.frames().get(i).streamId());
                streamState.update(
                        StreamStateCodec.write(outcomes.get(i).result().state()));
                markActive();
            }
        }
        startOrWait();
        for (int i = 0; i < batch.frames().size(); i++) {
            WaitingFrame w = batch.frames().get(i);
            Outcome o = outcomes.get(i);
            if (o.result() == null) {
                dead(w, o.reason(), o.message());
            } else {
                batchedPersons.add((long) o.result().persons().size());
                output.collect(at(
                        w,
                        PoseFrames.of(
                                w.record().frame,
                                w.record().ingestTimeMicros,
                                identity,
                                o.result().persons())));
            }
        }
        releaseWatermarks();
    }

    /** Records the current stream's activity; its first result starts its one idle timer. */
    private void markActive() throws IOException {
        long now = now();
        if (lastActive.value() == null && !finishing) {
            idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + streamIdleMs);
        }
        lastActive.update(now);
    }

    /** A stream's idle timer: drops its state if it stayed idle, else waits for its new due time. */
    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Long last = lastActive.value();
        if (last == null) {
            return;
        }
        String stream = timer.getKey();
        boolean pending = buffer.holds(stream)
                || (inFlight != null
                        && inFlight.frames().stream().anyMatch(w -> w.streamId().equals(stream)));
        long due = last + streamIdleMs;
        if (timer.getTimestamp() >= due && !pending) {
            streamState.clear();
            lastActive.clear();
            lastFrame.clear();
        } else {
            idleTimers.registerProcessingTimeTimer(
                    VoidNamespace.INSTANCE, Math.max(due, timer.getTimestamp() + streamIdleMs / 10 + 1));
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // No event-time timers: idleness is wall-clock time.
    }

    private void dead(WaitingFrame w, DeadLetterReason reason, String message) {
        FrameRecord r = w.record();
        VideoFrame f = r.frame;
        DeadLetter d = DeadLetters.of(
                r.topic,
                r.partition,
                r.offset,
                f.getStreamId().getBytes(StandardCharsets.UTF_8),
                AvroCodec.VIDEO_FRAME.encode(f),
                reason,
                message);
        output.collect(deadLetters, at(w, d));
    }

    private static <T> StreamRecord<T> at(WaitingFrame w, T value) {
        return w.hasTimestamp() ? new StreamRecord<>(value, w.timestamp()) : new StreamRecord<>(value);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Results must not trail the watermark that follows their frames.
        heldWatermarks.add(new HeldWatermark(mark, buffer.nextArrival()));
        releaseWatermarks();
    }

    private void releaseWatermarks() throws Exception {
        while (!heldWatermarks.isEmpty()
                && (inFlight == null
                        || inFlight.firstArrival() >= heldWatermarks.peek().nextArrival())
                && (buffer.isEmpty()
                        || buffer.oldest().arrival() >= heldWatermarks.peek().nextArrival())) {
            super.processWatermark(heldWatermarks.poll().mark());
        }
    }

    /**
     * Stores the waiting frames, those of the batch in flight first, in their streams' keyed
     * state. The batch in flight is not waited for: its results and tracker updates go out after
     * the barrier, in the next checkpoint's epoch, and a restore from this checkpoint runs it again.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        Map<String, List<byte[]>> waiting = new LinkedHashMap<>();
        List<WaitingFrame> frames = new ArrayList<>(inFlight == null ? List.of() : inFlight.frames());
        frames.addAll(buffer.items());
        for (WaitingFrame w : frames) {
            waiting.computeIfAbsent(w.streamId(), s -> new ArrayList<>()).add(w.toBytes());
        }
        for (String stream : streamsInWaitingState) {
            if (!waiting.containsKey(stream)) {
                setCurrentKey(stream);
                waitingState.clear();
            }
        }
        for (Map.Entry<String, List<byte[]>> e : waiting.entrySet()) {
            setCurrentKey(e.getKey());
            waitingState.update(e.getValue());
        }
        streamsInWaitingState = new HashSet<>(waiting.keySet());
    }

    @Override
    public void finish() throws Exception {
        finishing = true;
        while (!buffer.isEmpty() || inFlight != null) {
            if (inFlight == null) {
                startBatch();
            } else {
                mailbox.yield();
            }
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (slot != null) {
                slot.close();
            }
        } finally {
            super.close();
        }
    }
}
