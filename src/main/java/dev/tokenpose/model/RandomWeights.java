package dev.tokenpose.model;

import java.util.SplittableRandom;

/**
 * Seeded random weights for any configuration, for benchmarks and structural checks: weights
 * N(0, 1/fan_in), biases and norm shifts small, norm scales near 1, BatchNorm statistics neutral,
 * the sine table for sine position embeddings. Outputs are meaningless as poses.
 */
public final class RandomWeights implements WeightSource {

    private final ModelConfig config;
    private final SplittableRandom random;
    private long values;
    private int entries;

    public RandomWeights(ModelConfig config, long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] get(String key, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        entries++;
        if (!key.contains("running_")) {
            values += n;
        }
        float[] out = new float[n];
        if (key.endsWith("pos_embedding") && config.sinePositions()) {
            return SinePositionTable.create(config.gridHeight(), config.gridWidth(), config.dim());
        }
        if (key.endsWith("running_var")) {
            java.util.Arrays.fill(out, 1f);
            return out;
        }
        if (key.endsWith("running_mean")) {
            return out;
        }
        boolean matrix = shape.length >= 2 && !key.endsWith("keypoint_token") && !key.endsWith("pos_embedding");
        double std = matrix ? Math.sqrt(1.0 / (n / shape[0])) : key.endsWith(".bias") ? 0.02 : 0.1;
        double mean = !matrix && key.endsWith(".weight") ? 1.0 : 0.0;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * gaussian());
        }
        return out;
    }

    /** Entries handed out so far. */
    public int entries() {
        return entries;
    }

    /** Parameter values handed out so far (BatchNorm running statistics excluded). */
    public long parameters() {
        return values;
    }

    private double gaussian() {
        // Box–Muller on SplittableRandom keeps the sequence reproducible across JDKs.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
