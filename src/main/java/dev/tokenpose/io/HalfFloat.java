package dev.tokenpose.io;

/**
 * IEEE 754 binary16 ("half", float16) values, as PyTorch checkpoints and TensorFlow.js weights store
 * them: the one converter both read (and the TFJS quantiser writes) through. {@code
 * Float.float16ToFloat} and {@code Float.floatToFloat16} would do, but they need JDK 20.
 */
public final class HalfFloat {

    private HalfFloat() {}

    /**
     * Widens a half-precision value to float32, exactly: every half value is a float value, NaN
     * payloads and signed zeros included.
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

    /**
     * Rounds a float to the nearest half-precision value, ties to even: beyond 65504 (and past the
     * rounding) to infinity, from half the smallest subnormal down to a signed zero; every NaN to
     * the quiet NaN {@code 0x7e00}.
     *
     * @param f the value
     * @return the half's 16 bits
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (((bits >>> 23) & 0xff) == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        if (exp >= 31) {
            return (short) (sign | 0x7c00);
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }
}
