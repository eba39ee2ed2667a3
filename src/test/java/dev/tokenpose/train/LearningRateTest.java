package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateTest {

    @Test
    void warmsUpLinearlyThenFollowsTheCosineToTheFloor() {
        LearningRate lr = new LearningRate(1e-3, 10, 110, 0.01);
        assertThat(lr.at(0)).isCloseTo(1e-4, within(1e-12));
        assertThat(lr.at(9)).isCloseTo(1e-3, within(1e-12));
        assertThat(lr.at(10)).isCloseTo(1e-3, within(1e-12));
        // Half way through the decay: floor + (1 - floor) / 2.
        assertThat(lr.at(60)).isCloseTo(1e-3 * (0.01 + 0.99 * 0.5), within(1e-12));
        assertThat(lr.at(110)).isCloseTo(1e-5, within(1e-12));
        assertThat(lr.at(500)).isCloseTo(1e-5, within(1e-12));
    }

    @Test
    void rejectsASchedulesThatEndsBeforeItsWarmUp() {
        assertThatThrownBy(() -> new LearningRate(1e-3, 10, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRate(0, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
