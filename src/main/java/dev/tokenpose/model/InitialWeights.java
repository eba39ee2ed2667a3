package dev.tokenpose.model;

import java.util.SplittableRandom;

/**
 * The official initialisation for training from scratch (spec §4.5): linear weights and keypoint
 * tokens truncated-normal σ 0.02, biases 0, LayerNorm and BatchNorm scale 1 and shift 0, BatchNorm
 * statistics neutral, the fixed sine table for sine position embeddings, a learnable position table
 * truncated-normal σ 0.02. Convolutions take He (fan-out) initialisation, as torchvision's ResNets:
 * the official N(0, 0.001) only works with its ImageNet-pretrained stem, which is not available.
 */
public final class InitialWeights implements WeightSource {

    private static final double STD = 0.02;

    private final ModelConfig config;
    private final SplittableRandom random;

    /**
     * @param config the network
     * @param seed makes the initialisation reproducible
     */
    public InitialWeights(ModelConfig config, long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] get(String key, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] out = new float[n];
        if (key.endsWith("pos_embedding") && config.sinePositions()) {
            return SinePositionTable.create(config.gridHeight(), config.gridWidth(), config.dim());
        }
        if (key.endsWith("running_var")) {
            java.util.Arrays.fill(out, 1f);
        } else if (key.endsWith("keypoint_token")
                || key.endsWith("pos_embedding")
                || (key.endsWith(".weight") && shape.length == 2)) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) truncatedNormal(STD);
            }
        } else if (key.endsWith(".weight") && shape.length == 4) {
            double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
            for (int i = 0; i < n; i++) {
                out[i] = (float) (std * gaussian());
            }
        } else if (key.endsWith(".weight")) {
            java.util.Arrays.fill(out, 1f); // LayerNorm and BatchNorm scales
        }
        return out;
    }

    /** PyTorch's {@code trunc_normal_(std=σ)}: cut at ±2 in absolute value, which at σ 0.02 lies 100σ out. */
    private double truncatedNormal(double std) {
        double v;
        do {
            v = gaussian() * std;
        } while (Math.abs(v) > 2);
        return v;
    }

    private double gaussian() {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
