package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;

/**
 * A TokenPose network ready to run: a batch of normalised crops in, one heatmap per keypoint out.
 * Implementations are created once, reused for every batch, safe to call from several threads,
 * and hold native resources until {@link #close()}.
 */
public interface HeatmapModel extends AutoCloseable {

    /** The configuration the network was built from. */
    ModelConfig config();

    /** What produced the outputs: variant and weights digest, e.g. {@code S-v1@sha256:1a2b…}. */
    String identity();

    /**
     * Runs the network.
     *
     * @param input normalised RGB crops, NCHW float32 [batch, 3, H, W] in C order
     * @param batch number of crops
     * @return heatmaps, float32 [batch, K, Hh, Wh] in C order
     * @throws IllegalArgumentException if {@code input} does not hold {@code batch} crops of the model's size
     */
    float[] heatmaps(float[] input, int batch);

    @Override
    void close();
}
