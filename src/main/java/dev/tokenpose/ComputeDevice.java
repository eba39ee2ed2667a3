package dev.tokenpose;

import java.io.Serializable;

/**
 * Where a model's TensorFlow session runs: wherever TensorFlow places it ({@link #DEFAULT}), on
 * the CPU only ({@link #CPU}, any GPU hidden from the session), or on one GPU ({@link #gpu}).
 *
 * @param kind which of the three
 * @param gpuIndex the GPU's index as the driver numbers it (the {@code index} of
 *     {@code nvidia-smi}); -1 unless {@code kind} is {@link Kind#GPU}
 */
public record ComputeDevice(Kind kind, int gpuIndex) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The three kinds of placement. */
    public enum Kind {
        /** TensorFlow's own choice: its first GPU if it sees one, else the CPU. */
        DEFAULT,
        /** The CPU, even where a GPU is visible. */
        CPU,
        /** One GPU, named by index. */
        GPU
    }

    /** TensorFlow's own placement. */
    public static final ComputeDevice DEFAULT = new ComputeDevice(Kind.DEFAULT, -1);

    /** The CPU only. */
    public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, -1);

    /** Checks that only a GPU has an index, and that it is not negative. */
    public ComputeDevice {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be given");
        }
        if (kind == Kind.GPU ? gpuIndex < 0 : gpuIndex != -1) {
            throw new IllegalArgumentException(
                    "a GPU needs an index >= 0 and other kinds none (-1); got " + kind + " with " + gpuIndex);
        }
    }

    /**
     * One GPU.
     *
     * @param index the GPU's index as the driver numbers it
     * @return the device
     * @throws IllegalArgumentException if the index is negative
     */
    public static ComputeDevice gpu(int index) {
        return new ComputeDevice(Kind.GPU, index);
    }

    /** Whether this is one GPU. */
    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu:" + gpuIndex : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
