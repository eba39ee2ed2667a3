package dev.tokenpose.postprocess;

/**
 * NumPy's float32 natural logarithm on x86-64 with AVX2/FMA3 or AVX-512 (NumPy 1.20–1.x): a
 * rational minimax approximation evaluated with fused multiply-adds. It is within 3.83 ULP of
 * the true logarithm, and DARK's finite differences of log values see those last bits, so the
 * official decoder is reproduced with this function rather than {@link Math#log}.
 */
final class NumpyLog {

    private static final float P0 = 0.0f;
    private static final float P1 = 9.999999999999998702752e-01f;
    private static final float P2 = 2.112677543073053063722e+00f;
    private static final float P3 = 1.480000633576506585156e+00f;
    private static final float P4 = 3.808837741388407920751e-01f;
    private static final float P5 = 2.589979117907922693523e-02f;
    private static final float Q0 = 1.0f;
    private static final float Q1 = 2.612677543073109236779e+00f;
    private static final float Q2 = 2.453006071784736363091e+00f;
    private static final float Q3 = 9.864942958519418960339e-01f;
    private static final float Q4 = 1.546476374983906719538e-01f;
    private static final float Q5 = 5.875095403124574342950e-03f;
    private static final float LN2 = 0.693147180559945309417232121458176568f;
    private static final float SQRT1_2 = 0.707106781186547524400844362104849039f;

    private NumpyLog() {}

    /**
     * {@code np.log} of one float32 value.
     *
     * @param in the argument
     * @return NaN for NaN or negative input, −∞ for ±0, +∞ for +∞, else the approximation
     */
    static float log(float in) {
        if (Float.isNaN(in) || in < 0f) {
            return Float.NaN;
        }
        if (in == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        if (in == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        float x = in;
        float exponentBias = 0f;
        if (x < Float.MIN_NORMAL) {
            // Subnormals are scaled by 2^100 first, as the vector code does.
            x *= Float.intBitsToFloat(0x71800000);
            exponentBias = 100f;
        }
        int bits = Float.floatToRawIntBits(x);
        // Split into mantissa in [0.5, 1) and exponent, then move the mantissa to [sqrt(1/2), sqrt(2)).
        float exponent = (float) ((bits >>> 23) - 126) - exponentBias;
        float m = Float.intBitsToFloat((bits & 0x7fffff) | (126 << 23));
        if (m <= SQRT1_2) {
            m = m + m;
            exponent = exponent - 1f;
        }
        m = m - 1f;
        float num = Math.fma(P5, m, P4);
        num = Math.fma(num, m, P3);
        num = Math.fma(num, m, P2);
        num = Math.fma(num, m, P1);
        num = Math.fma(num, m, P0);
        float den = Math.fma(Q5, m, Q4);
        den = Math.fma(den, m, Q3);
        den = Math.fma(den, m, Q2);
        den = Math.fma(den, m, Q1);
        den = Math.fma(den, m, Q0);
        return Math.fma(exponent, LN2, num / den);
    }
}
