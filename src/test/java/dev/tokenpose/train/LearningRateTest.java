package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateTest {

    @Test
    void warmsUpLinearlyThenFollowsTheCosineToTheFloor() {
        LearningRate lr = new LearningRate(1e-3, 10, 0.01);
        assertThat(lr.at(0, 0)).isCloseTo(1e-4, within(1e-12));
        assertThat(lr.at(9, 0.001))
                .isCloseTo(1e-3 * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * 0.001))), within(1e-12));
        assertThat(lr.at(10, 0)).isCloseTo(1e-3, within(1e-12));
        // Half way: floor + (1 - floor) / 2.
        assertThat(lr.at(500, 0.5)).isCloseTo(1e-3 * (0.01 + 0.99 * 0.5), within(1e-12));
        assertThat(lr.at(900, 1)).isCloseTo(1e-5, within(1e-12));
        assertThat(lr.at(5000, 3)).isCloseTo(1e-5, within(1e-12));
    }

    @Test
    void aWarmUpLongerThanTheScheduleNeverExceedsTheCosine() {
        LearningRate lr = new LearningRate(1e-3, 1000, 0);
        assertThat(lr.at(999, 1)).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new LearningRate(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRate(1e-3, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRate(1e-3, 0, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
