package dev.tokenpose.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a state dict, held as a C-contiguous array: floating-point tensors as
 * {@code float[]} (float64, float16 and bfloat16 converted), integer and bool tensors as
 * {@code long[]}.
 *
 * <p>The arrays are handed out without copying, since checkpoints can be large; callers must
 * treat them as read-only.
 */
public final class TensorData {

    private final String name;
    private final String dtype;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    TensorData(String name, String dtype, long[] shape, float[] floats, long[] longs) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        long n = numel(shape);
        long have = floats != null ? floats.length : longs.length;
        if (n != have) {
            throw new IllegalArgumentException(
                    name + ": shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + have);
        }
    }

    /**
     * A float32 tensor.
     *
     * @param name the state-dict key
     * @param shape the dimensions, outermost first ({@code []} for a scalar)
     * @param values the values in C order, used without copying
     * @return the tensor
     */
    public static TensorData ofFloats(String name, long[] shape, float[] values) {
        return new TensorData(name, "float32", shape, Objects.requireNonNull(values, "values"), null);
    }

    /**
     * An int64 tensor.
     *
     * @param name the state-dict key
     * @param shape the dimensions, outermost first ({@code []} for a scalar)
     * @param values the values in C order, used without copying
     * @return the tensor
     */
    public static TensorData ofLongs(String name, long[] shape, long[] values) {
        return new TensorData(name, "int64", shape, null, Objects.requireNonNull(values, "values"));
    }

    /**
     * Names the tensor.
     *
     * @return the state-dict key
     */
    public String name() {
        return name;
    }

    /**
     * Names the element type stored in the checkpoint.
     *
     * @return PyTorch's dtype name, such as {@code float32}, {@code float16} or {@code int64}
     */
    public String dtype() {
        return dtype;
    }

    /**
     * Gives the dimensions.
     *
     * @return a copy of the dimensions, outermost first; empty for a scalar
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Counts the dimensions.
     *
     * @return the rank, 0 for a scalar
     */
    public int rank() {
        return shape.length;
    }

    /**
     * Counts the elements.
     *
     * @return the product of the dimensions
     */
    public long numel() {
        return numel(shape);
    }

    /**
     * Tells whether the stored type is a floating-point one.
     *
     * @return true if the values are held as floats, false if they are held as longs
     */
    public boolean isFloatingPoint() {
        return floats != null;
    }

    /**
     * The values as float32 in C order.
     *
     * @return the backing array for floating-point tensors (do not modify), a converted copy for
     *     integer tensors
     */
    public float[] floats() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[longs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = longs[i];
        }
        return out;
    }

    /**
     * The values of an integer or bool tensor in C order.
     *
     * @return the backing array (do not modify)
     * @throws IllegalStateException if the tensor is floating-point
     */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException(name + " is " + dtype + ", not an integer tensor");
        }
        return longs;
    }

    TensorData withName(String newName) {
        return new TensorData(newName, dtype, shape, floats, longs);
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
