package dev.tokenpose.model;

/**
 * Supplies the parameters of a network by their official state-dict name, in PyTorch layout
 * (conv weights [out, in, kh, kw], linear weights [out, in]).
 */
public interface WeightSource {

    /**
     * The values of one entry.
     *
     * @param key official state-dict key, e.g. {@code features.layer1.0.conv1.weight}
     * @param shape the shape the network needs, PyTorch layout
     * @return values in C order, {@code product(shape)} of them
     */
    float[] get(String key, int... shape);

    /**
     * Called once the network has asked for every entry it needs; a checkpoint-backed source
     * reports here, all at once, every missing, unexpected or mis-shaped entry.
     */
    default void finish() {}
}
