package dev.tokenpose.flink;

import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PipelineSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Where the pose operator's batches run: a pose pipeline (detector and model) and the one thread
 * that calls it. Each operator subtask opens its own ({@link #open}), or the subtasks in one task
 * manager share one ({@link #shared}): one model in memory, and the batches of all its slots
 * queued on one thread, so the model never waits for a slot.
 */
final class InferenceSlot implements AutoCloseable {

    private static final Map<PipelineSpec, InferenceSlot> SHARED = new HashMap<>();

    private final PipelineSpec spec;
    private final PersonPipeline pipeline;
    private final ExecutorService executor;
    private final boolean shared;
    private int users = 1;

    private InferenceSlot(PipelineSpec spec, PersonPipeline pipeline, String threadName, boolean shared) {
        this.spec = spec;
        this.pipeline = pipeline;
        this.shared = shared;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** A pipeline and thread of one's own. */
    static InferenceSlot open(PipelineSpec spec, String threadName) throws IOException {
        return new InferenceSlot(spec, spec.open(), threadName, false);
    }

    /** The task manager's pipeline and thread for this spec, opened by the first user, closed by the last. */
    static InferenceSlot shared(PipelineSpec spec) throws IOException {
        synchronized (SHARED) {
            InferenceSlot slot = SHARED.get(spec);
            if (slot != null) {
                slot.users++;
                return slot;
            }
            slot = new InferenceSlot(spec, spec.open(), "pose-inference (shared)", true);
            SHARED.put(spec, slot);
            return slot;
        }
    }

    PipelineSpec spec() {
        return spec;
    }

    PersonPipeline pipeline() {
        return pipeline;
    }

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() throws InterruptedException {
        if (shared) {
            synchronized (SHARED) {
                if (--users > 0) {
                    return;
                }
                SHARED.remove(spec);
            }
        }
        executor.shutdownNow();
        executor.awaitTermination(1, TimeUnit.MINUTES); // the model must not be closed under a running call
        pipeline.close();
    }
}
