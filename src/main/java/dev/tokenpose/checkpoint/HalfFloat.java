package dev.tokenpose.checkpoint;

/** IEEE 754 binary16 ("half", float16) values, as checkpoints and TensorFlow.js weights store them. */
public final class HalfFloat {

    private HalfFloat() {}

    /**
     * Widens a half-precision value to float32, exactly: every half value is a float value, NaN
     * payloads and signed zeros included ({@code Float.float16ToFloat} needs JDK 20).
     *
     * @param bits the half's 16 bits in the low bits of an int (higher bits are ignored, so a
     *     sign-extended {@code short} works too)
     * @return the same number as a float
     */
    public static float toFloat(int bits) {
        int half = bits & 0xffff;
        int sign = (half & 0x8000) << 16;
        int exp = (half >>> 10) & 0x1f;
        int mant = half & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
