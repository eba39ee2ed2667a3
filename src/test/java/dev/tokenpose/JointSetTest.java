package dev.tokenpose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.postprocess.FlipPairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The skeletons: names, bones and flip pairs describe the same joints. */
class JointSetTest {

    @ParameterizedTest
    @EnumSource(JointSet.class)
    void flipPairsSwapEachLeftJointWithItsRightTwin(JointSet set) {
        assertThat(set.flipPairs().numJoints()).isEqualTo(set.names().size());
        for (int[] p : set.flipPairs().pairs()) {
            String a = set.names().get(p[0]);
            String b = set.names().get(p[1]);
            assertThat(a.replaceFirst("^(left|right)_", "")).isEqualTo(b.replaceFirst("^(left|right)_", ""));
            assertThat(a).isNotEqualTo(b);
        }
    }

    @ParameterizedTest
    @EnumSource(JointSet.class)
    void bonesJoinJointsOfTheSet(JointSet set) {
        for (int[] e : set.edges()) {
            assertThat(e[0]).isBetween(0, set.names().size() - 1);
            assertThat(e[1]).isBetween(0, set.names().size() - 1);
        }
    }

    @Test
    void theFlipTestUsesTheJointSetOfTheModelsJointCount() {
        assertThat(JointSet.forJoints(17)).isEqualTo(JointSet.COCO);
        assertThat(FlipTestHeatmapModel.defaultPairs(17)).isEqualTo(FlipPairs.COCO);
        assertThat(FlipTestHeatmapModel.defaultPairs(16)).isEqualTo(FlipPairs.MPII);
        assertThat(JointSet.COCO.names()).first().isEqualTo("nose");
        assertThat(JointSet.MPII.names()).first().isEqualTo("right_ankle");
        assertThatThrownBy(() -> FlipTestHeatmapModel.defaultPairs(14))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("14");
    }
}
