package dev.tokenpose.checkpoint;

import dev.tokenpose.io.HalfFloat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Decoding of raw storage bytes and the copy of (possibly strided) tensor views out of them. */
final class Storages {

    private Storages() {}

    /**
     * Decodes {@code count} elements: floating-point types to {@code float[]}, the others to
     * {@code long[]}.
     */
    static Object decode(byte[] bytes, ScalarType type, ByteOrder order, int count) {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, count * type.size).order(order);
        switch (type) {
            case FLOAT32 -> {
                float[] out = new float[count];
                buf.asFloatBuffer().get(out);
                return out;
            }
            case FLOAT64 -> {
                float[] out = new float[count];
                var src = buf.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = (float) src.get(i);
                }
                return out;
            }
            case FLOAT16 -> {
                float[] out = new float[count];
                var src = buf.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloat.toFloat(src.get(i));
                }
                return out;
            }
            case BFLOAT16 -> {
                float[] out = new float[count];
                var src = buf.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((src.get(i) & 0xffff) << 16);
                }
                return out;
            }
            case INT64 -> {
                long[] out = new long[count];
                buf.asLongBuffer().get(out);
                return out;
            }
            case INT32 -> {
                long[] out = new long[count];
                var src = buf.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = src.get(i);
                }
                return out;
            }
            case INT16 -> {
                long[] out = new long[count];
                var src = buf.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[i] = src.get(i);
                }
                return out;
            }
            case INT8 -> {
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = bytes[i];
                }
                return out;
            }
            case UINT8, BOOL -> {
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = bytes[i] & 0xff;
                }
                return out;
            }
            default -> throw new IllegalArgumentException("no decoder for " + type);
        }
    }

    /** Whether a view with these strides reads consecutive elements in C order. */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The largest element index a non-empty view touches, relative to its offset. */
    static long extent(long[] shape, long[] stride) {
        long max = 0;
        for (int d = 0; d < shape.length; d++) {
            max += (shape[d] - 1) * stride[d];
        }
        return max;
    }

    /**
     * Copies a view into a new C-contiguous array ({@code src} is a {@code float[]} or
     * {@code long[]}); a contiguous view of the whole storage is returned as is.
     */
    static Object gather(Object src, long offset, long[] shape, long[] stride, int numel) {
        int length = src instanceof float[] f ? f.length : ((long[]) src).length;
        if (isContiguous(shape, stride)) {
            if (offset == 0 && numel == length) {
                return src;
            }
            int from = Math.toIntExact(offset);
            return src instanceof float[] f
                    ? Arrays.copyOfRange(f, from, from + numel)
                    : Arrays.copyOfRange((long[]) src, from, from + numel);
        }
        Object dst = src instanceof float[] ? new float[numel] : new long[numel];
        if (numel == 0) {
            return dst;
        }
        int rank = shape.length;
        int inner = (int) shape[rank - 1];
        long innerStride = stride[rank - 1];
        long[] index = new long[rank];
        long base = offset;
        for (int out = 0; out < numel; out += inner) {
            long s = base;
            if (src instanceof float[] f) {
                float[] d = (float[]) dst;
                for (int i = 0; i < inner; i++, s += innerStride) {
                    d[out + i] = f[(int) s];
                }
            } else {
                long[] l = (long[]) src;
                long[] d = (long[]) dst;
                for (int i = 0; i < inner; i++, s += innerStride) {
                    d[out + i] = l[(int) s];
                }
            }
            // Advance the outer dimensions like an odometer.
            for (int dim = rank - 2; dim >= 0; dim--) {
                index[dim]++;
                base += stride[dim];
                if (index[dim] < shape[dim]) {
                    break;
                }
                base -= stride[dim] * shape[dim];
                index[dim] = 0;
            }
        }
        return dst;
    }
}
