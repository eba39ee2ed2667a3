package dev.tokenpose.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NumpyLogTest {

    @Test
    void specialValuesFollowNumpy() {
        assertThat(NumpyLog.log(0f)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(NumpyLog.log(-0f)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(NumpyLog.log(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(NumpyLog.log(-1f)).isNaN();
        assertThat(NumpyLog.log(Float.NaN)).isNaN();
        assertThat(NumpyLog.log(1f)).isZero();
    }

    @Test
    void staysWithinFourUlpOfTheTrueLogarithmIncludingSubnormals() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt(0x7f800000));
            if (x == 0f) {
                continue;
            }
            double exact = Math.log(x);
            float got = NumpyLog.log(x);
            assertThat(Math.abs(got - exact)).as("log(%s)", x).isLessThanOrEqualTo(4 * Math.ulp((float) exact));
        }
    }

    @Test
    void differsFromTheCorrectlyRoundedLogarithmForSomeInputs() {
        // The reason this class exists: DARK sees these last-bit differences.
        int differing = 0;
        for (int i = 1; i <= 10_000; i++) {
            float x = i * 1e-4f;
            if (NumpyLog.log(x) != (float) Math.log(x)) {
                differing++;
            }
        }
        assertThat(differing).isPositive();
    }
}
