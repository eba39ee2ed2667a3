package dev.tokenpose.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Half-precision widening against the binary16 definition, over all 65536 bit patterns, and
 * narrowing against hand-derived bit patterns (JDK 17 has no {@code Float.floatToFloat16} to compare with).
 */
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

    @Test
    void narrowingGivesTheBitPatternsOfTheEdgeValues() {
        assertThat(half(0f)).isEqualTo(0x0000);
        assertThat(half(-0f)).isEqualTo(0x8000);
        assertThat(half(1f)).isEqualTo(0x3c00);
        assertThat(half(-2f)).isEqualTo(0xc000);
        assertThat(half(65504f)).as("largest finite").isEqualTo(0x7bff);
        assertThat(half(0x1p-14f)).as("smallest normal").isEqualTo(0x0400);
        assertThat(half(0x1p-24f)).as("smallest subnormal").isEqualTo(0x0001);
        assertThat(half(0x3ffp-24f)).as("largest subnormal").isEqualTo(0x03ff);
        assertThat(half(-0x1p-24f)).isEqualTo(0x8001);
        assertThat(half(Float.POSITIVE_INFINITY)).isEqualTo(0x7c00);
        assertThat(half(Float.NEGATIVE_INFINITY)).isEqualTo(0xfc00);
        assertThat(half(Float.NaN)).isEqualTo(0x7e00);
        assertThat(half(Float.intBitsToFloat(0xff800001))).as("signalling NaN").isEqualTo(0x7e00);
    }

    @Test
    void narrowingRoundsToNearestTiesToEven() {
        assertThat(half(1f + 0x1p-11f)).as("tie, down to even").isEqualTo(0x3c00);
        assertThat(half(1f + 0x3p-11f)).as("tie, up to even").isEqualTo(0x3c02);
        assertThat(half(1f + 0x1p-11f + 0x1p-20f)).as("just above a tie").isEqualTo(0x3c01);
        assertThat(half(65519f)).as("below the overflow tie").isEqualTo(0x7bff);
        assertThat(half(65520f)).as("the overflow tie").isEqualTo(0x7c00);
        assertThat(half(Float.MAX_VALUE)).isEqualTo(0x7c00);
        assertThat(half(-Float.MAX_VALUE)).isEqualTo(0xfc00);
        assertThat(half(0x1p-25f))
                .as("half the smallest subnormal, a tie to zero")
                .isEqualTo(0x0000);
        assertThat(half(0x1.000002p-25f)).as("just above it").isEqualTo(0x0001);
        assertThat(half(-0x1p-30f)).as("underflow keeps the sign").isEqualTo(0x8000);
        assertThat(half(0x3ffp-24f + 0x1p-25f))
                .as("subnormal tie carries into the smallest normal")
                .isEqualTo(0x0400);
        assertThat(half(Float.MIN_VALUE)).isEqualTo(0x0000);
    }

    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloat.toFloat(bits);
            if (!Float.isNaN(f)) {
                assertThat(half(f)).as("0x%04x", bits).isEqualTo(bits);
            }
        }
    }

    private static int half(float f) {
        return HalfFloat.fromFloat(f) & 0xffff;
    }
}
