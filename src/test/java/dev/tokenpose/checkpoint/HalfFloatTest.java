package dev.tokenpose.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Half-precision widening against the binary16 definition, over all 65536 bit patterns. */
class HalfFloatTest {

    /** The value binary16 defines for these bits, computed the long way. */
    private static double reference(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            return sign * Math.scalb(mant / 1024.0, -14);
        }
        return sign * Math.scalb(1 + mant / 1024.0, exp - 15);
    }

    @Test
    void everyFiniteHalfWidensToTheSameNumber() {
        for (int bits = 0; bits < 0x10000; bits++) {
            if (((bits >>> 10) & 0x1f) == 0x1f) {
                continue;
            }
            float f = HalfFloat.toFloat(bits);
            assertThat((double) f).as("0x%04x", bits).isEqualTo(reference(bits));
            assertThat(Math.copySign(1f, f)).as("sign of 0x%04x", bits).isEqualTo((bits & 0x8000) != 0 ? -1f : 1f);
        }
    }

    @Test
    void infinitiesAndNaNsKeepTheirKindAndSign() {
        assertThat(HalfFloat.toFloat(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.toFloat(0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float.floatToRawIntBits(HalfFloat.toFloat(0x7e01))).isEqualTo(0x7fc02000);
        assertThat(HalfFloat.toFloat(0xfe00)).isNaN();
    }

    @Test
    void aSignExtendedShortReadsLikeItsSixteenBits() {
        assertThat(HalfFloat.toFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(HalfFloat.toFloat(0x3c00)).isEqualTo(1f);
        assertThat(HalfFloat.toFloat(0x7bff)).isEqualTo(65504f);
        assertThat(HalfFloat.toFloat(0x0001)).isEqualTo(0x1p-24f);
    }
}
