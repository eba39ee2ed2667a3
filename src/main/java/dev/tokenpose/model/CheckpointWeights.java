package dev.tokenpose.model;

import dev.tokenpose.checkpoint.StateDict;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights from an official checkpoint. Entries the network asks for but the checkpoint lacks (or
 * holds in another shape) read as zeros while the graph is built, and {@link #finish()} then
 * rejects the checkpoint naming every missing, unexpected and mis-shaped key, so nothing is ever
 * silently left at a placeholder value.
 */
public final class CheckpointWeights implements WeightSource {

    private final StateDict stateDict;
    private final Map<String, long[]> requested = new LinkedHashMap<>();

    public CheckpointWeights(StateDict stateDict) {
        this.stateDict = stateDict;
    }

    @Override
    public float[] get(String key, int... shape) {
        long[] want = Arrays.stream(shape).asLongStream().toArray();
        requested.put(key, want);
        if (stateDict.contains(key) && Arrays.equals(stateDict.shape(key), want)) {
            return stateDict.floats(key);
        }
        return new float[(int) Arrays.stream(want).reduce(1, (a, b) -> a * b)];
    }

    @Override
    public void finish() {
        stateDict.validate(requested);
    }
}
