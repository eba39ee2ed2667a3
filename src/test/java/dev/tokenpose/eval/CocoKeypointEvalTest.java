package dev.tokenpose.eval;

import static dev.tokenpose.eval.CocoCase.grid;
import static dev.tokenpose.eval.CocoCase.shifted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived cases for each rule of pycocotools' keypoint evaluation. Comments give the
 * derivation; every expected value changes if the rule it names is implemented differently.
 *
 * <p>Layout conventions: people are {@link CocoCase#grid} poses 1000 px or more apart, so the OKS
 * between a detection and anyone but its own person is 0 to double precision; a "perfect"
 * detection repeats its person's keypoints and has OKS exactly 1.
 */
class CocoKeypointEvalTest {

    static final double EPS = 1e-12;

    private static void assertStats(
            KeypointStats s,
            double ap,
            double ap50,
            double ap75,
            double apM,
            double apL,
            double ar,
            double ar50,
            double ar75,
            double arM,
            double arL) {
        double[] expected = {ap, ap50, ap75, apM, apL, ar, ar50, ar75, arM, arL};
        for (int i = 0; i < expected.length; i++) {
            assertThat(s.values()[i]).as(KeypointStats.NAMES.get(i)).isCloseTo(expected[i], within(EPS));
        }
    }

    @Test
    void shouldScorePerfectDetectionsOne() {
        CocoCase c = new CocoCase().image(1).image(2);
        // Areas: 2000 is medium (32² = 1024 .. 96² = 9216), 20000 and 50000 are large.
        double[] a = grid(0, 0, 10);
        double[] b = grid(1000, 0, 30);
        double[] d = grid(0, 0, 40);
        c.person(1, a, 2000);
        c.person(1, b, 20000);
        c.person(2, d, 50000);
        c.result(1, a, 0.9).result(1, b, 0.8).result(2, d, 0.7);

        // OKS 1 passes every threshold (matching needs OKS >= min(t, 1 - 1e-10)): precision 1 at every recall point.
        assertStats(c.stats(), 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void shouldPassOnlyTheThresholdsBelowTheOksOfShiftedKeypoints() {
        // All 17 keypoints 4 px off, area 10000 (large): e_j = 16 / (2σ_j)² / 10000 / 2, exp(-e_j) is
        // nose .7439, eyes .7261, ears .8494, shoulders .9685, elbows .9622, wrists .9493,
        // hips .9827, knees .9739, ankles .9751; their mean is OKS = 0.91283.
        // It passes .50 … .85 and 0.8999999999999999 (9 thresholds) and fails .95:
        // AP = 9/10 (each passing threshold has precision 1 everywhere, the failing one 0), AR likewise.
        CocoCase all = new CocoCase().image(1);
        double[] p = grid(100, 100, 30);
        all.person(1, p, 10000);
        all.result(1, shifted(p, 4, 0), 0.9);
        assertStats(all.stats(), 0.9, 1, 1, -1, 0.9, 0.9, 1, 1, -1, 0.9);

        // Only the nose labelled (σ = .026): OKS = exp(-16 / (8 · .026² · 10000)) = exp(-16 / 54.08) = 0.74389,
        // the mean over the one labelled keypoint. It passes .50, .55, .60, .65, .70 and fails .75 on:
        // AP = AR = 5/10, AP .75 = AR .75 = 0.
        CocoCase nose = new CocoCase().image(1);
        double[] q = grid(100, 100, 30);
        for (int j = 1; j < 17; j++) {
            q[3 * j + 2] = 0;
        }
        nose.person(1, q, 10000);
        nose.result(1, shifted(q, 4, 0), 0.9);
        assertStats(nose.stats(), 0.5, 1, 0, -1, 0.5, 0.5, 1, 0, -1, 0.5);
    }

    @Test
    void shouldInterpolatePrecisionAtTheRecallPointsReachedWhenPeopleAreMissed() {
        // 4 people, 3 found perfectly: recall .25, .50, .75 at precision 1. The 101-point curve is 1 at
        // recall points 0.00 … 0.75 (76 points) and 0 beyond: AP = 76/101, AR = 3/4.
        CocoCase c = new CocoCase().image(1);
        for (int i = 0; i < 4; i++) {
            double[] p = grid(1000 * i, 0, 20);
            c.person(1, p, 20000);
            if (i < 3) {
                c.result(1, p, 0.9 - 0.1 * i);
            }
        }
        assertStats(c.stats(), 76.0 / 101, 76.0 / 101, 76.0 / 101, -1, 76.0 / 101, 0.75, 0.75, 0.75, -1, 0.75);
    }

    @Test
    void shouldCountADuplicateDetectionAsAFalsePositive() {
        // Two people; detections by score: A (.9) on person 1, B (.8) again on person 1, C (.7) on person 2.
        // B cannot take person 1 a second time: TP, FP, TP. Recall .5, .5, 1; precision 1, 1/2, 2/3,
        // made monotone from the right: 1, 2/3, 2/3. Recall points 0.00 … 0.50 (51) read index 0 (1),
        // 0.51 … 1.00 (50) read index 2 (2/3): AP = (51 + 50 · 2/3) / 101 = 253/303, AR = 1.
        // (Detections span 12 · 30² = 10800 so that the unmatched B is inside the large range too.)
        CocoCase c = new CocoCase().image(1);
        double[] p1 = grid(0, 0, 30);
        double[] p2 = grid(1000, 0, 30);
        c.person(1, p1, 20000);
        c.person(1, p2, 20000);
        c.result(1, p1, 0.9).result(1, p1, 0.8).result(1, p2, 0.7);
        double ap = 253.0 / 303;
        assertStats(c.stats(), ap, ap, ap, -1, ap, 1, 1, 1, -1, 1);
    }

    @Test
    void shouldLetACrowdAbsorbAnyNumberOfDetectionsWithoutFalsePositives() {
        // A person and a crowd region (no labelled keypoints: OKS by the box rule, box 200 × 200 at
        // (2000, 0), so x in [1800, 2400], y in [-200, 400] counts as inside and gives OKS 1).
        // Two detections in the crowd score higher (.95, .9) than the perfect one on the person (.8).
        // Both match the crowd (a crowd may be matched again) and are ignored, so the curve has
        // one TP at precision 1: AP = AR = 1. Were they false positives, AP would be 1/3;
        // were only the first absorbed, 1/2.
        CocoCase c = new CocoCase().image(1);
        double[] person = grid(0, 0, 20);
        long pid = c.person(1, person, 20000);
        long crowd = c.object(1, new double[51], 0, 40000, new double[] {2000, 0, 200, 200}, true);
        c.result(1, grid(2000, 0, 20), 0.95).result(1, grid(2100, 100, 20), 0.9).result(1, person, 0.8);

        assertStats(c.stats(), 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);
        ImageEvaluation e = c.evaluation().evaluateImage(1, 1, AreaRange.ALL);
        for (int t = 0; t < 10; t++) {
            assertThat(e.dtMatches()[t]).containsExactly(crowd, crowd, pid);
            assertThat(e.dtIgnore()[t]).containsExactly(true, true, false);
        }
    }

    @Test
    void shouldPreferAPersonOverABetterMatchingCrowd() {
        // The person has only the nose labelled and the detection is 4 px off: OKS 0.74389 with the
        // person, OKS 1 with the crowd around it. At .50 … .70 the person is matched (once a real
        // match is found, ignored objects, sorted last, are not considered): TP, precision 1.
        // At .75 … .95 only the crowd matches: the detection is ignored, precision 0.
        // AP = AR = 5/10. Taking the best OKS regardless would ignore it everywhere: AP = AR = 0.
        CocoCase c = new CocoCase().image(1);
        double[] q = grid(100, 100, 30);
        for (int j = 1; j < 17; j++) {
            q[3 * j + 2] = 0;
        }
        c.person(1, q, 10000);
        c.object(1, new double[51], 0, 90000, new double[] {0, 0, 300, 300}, true);
        c.result(1, shifted(q, 4, 0), 0.9);
        assertStats(c.stats(), 0.5, 1, 0, -1, 0.5, 0.5, 1, 0, -1, 0.5);
    }

    @Test
    void shouldIgnorePeopleWithoutKeypoints() {
        // A labelled person and an object with num_keypoints 0 (area 20000, not a crowd).
        // Only the person is found: recall is 1/1, not 1/2, so AR = 1 (it would be 0.5 if counted).
        CocoCase c = new CocoCase().image(1);
        double[] person = grid(0, 0, 20);
        c.person(1, person, 20000);
        long empty = c.object(1, new double[51], 0, 20000, new double[] {2000, 0, 200, 100}, false);
        c.result(1, person, 0.8);
        assertStats(c.stats(), 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);

        // A higher-scored detection inside the empty object's box (box rule: OKS 1) matches it and
        // is ignored, not a false positive: AP stays 1 (0.5 if it counted as FP before the TP).
        c.result(1, grid(2010, 10, 20), 0.9);
        assertStats(c.stats(), 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);
        ImageEvaluation e = c.evaluation().evaluateImage(1, 1, AreaRange.ALL);
        assertThat(e.dtMatches()[0][0]).isEqualTo(empty);
        assertThat(e.dtIgnore()[0]).containsExactly(true, false);
        assertThat(e.gtIgnore()).containsExactly(false, true);
    }

    @Test
    void shouldDisregardAnIgnoreFieldAsPycocotoolsDoes() {
        // _prepare overwrites gt['ignore'] with iscrowd before use, so a person marked "ignore": 1
        // still counts: missing it leaves AR at 1/2 (1 if the field were honoured).
        CocoCase c = new CocoCase().image(1);
        double[] p = grid(0, 0, 20);
        c.person(1, p, 20000);
        c.person(1, grid(1000, 0, 20), 20000);
        ((ObjectNode) c.annotations.get(1)).put("ignore", 1);
        c.result(1, p, 0.9);
        assertThat(c.stats().get("AR")).isCloseTo(0.5, within(EPS));
    }

    @Test
    void shouldCountEachPersonOnlyInItsAreaRange() {
        // Image 1: small person S (area 500), large person L (20000); image 2: medium person M (2000).
        // Detections: FP far from everyone (.95, keypoint extent 12 · 3² = 108), perfect on L (.9),
        // perfect on M (.8); S is missed.
        // all:    3 people; FP, TP, TP: recall 0, 1/3, 2/3, precision 0, 1/2, 2/3 -> envelope 2/3 at
        //         recall points 0.00 … 0.66 (67): AP = 67 · (2/3) / 101 = 134/303, AR = 2/3.
        // medium: only M counts. The FP (area 108 outside the range, unmatched) and the detection of
        //         L (matched to a person ignored here) are ignored: AP = AR = 1. S would make AR 1/2.
        // large:  only L counts; the FP and M's detection are ignored likewise: AP = AR = 1
        //         (1/2 if an unmatched detection outside the range were a false positive).
        CocoCase c = new CocoCase().image(1).image(2);
        double[] s = grid(0, 0, 5);
        double[] l = grid(1000, 0, 30);
        double[] m = grid(0, 0, 10);
        c.person(1, s, 500);
        c.person(1, l, 20000);
        c.person(2, m, 2000);
        c.result(1, grid(5000, 5000, 3), 0.95).result(1, l, 0.9).result(2, m, 0.8);
        double ap = 134.0 / 303;
        assertStats(c.stats(), ap, ap, ap, 1, 1, 2.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1);
    }

    @Test
    void shouldBreakScoreTiesByFileOrderWithinAnImage() {
        // One person, two detections with the same score: the perfect one and one far off.
        // The stable sort keeps file order. Perfect first: TP, FP -> precision 1 at recall 1: AP = 1.
        // Far one first: FP, TP -> precision 1/2 at recall 1: AP = 1/2.
        double[] p = grid(0, 0, 20);
        CocoCase perfectFirst = new CocoCase().image(1);
        perfectFirst.person(1, p, 20000);
        perfectFirst.result(1, p, 0.5).result(1, grid(3000, 0, 20), 0.5);
        assertThat(perfectFirst.stats().get("AP")).isCloseTo(1, within(EPS));

        CocoCase farFirst = new CocoCase().image(1);
        farFirst.person(1, p, 20000);
        farFirst.result(1, grid(3000, 0, 20), 0.5).result(1, p, 0.5);
        assertThat(farFirst.stats().get("AP")).isCloseTo(0.5, within(EPS));
        assertThat(farFirst.stats().get("AR")).isCloseTo(1, within(EPS));
    }

    @Test
    void shouldBreakScoreTiesAcrossImagesByImageId() {
        // Images listed as 2, 1; image 1 holds a perfect detection, image 2 a miss, both scored .5, and
        // the results file lists image 2's first. COCOeval concatenates images in ascending id order
        // and sorts stably: TP, FP -> recall .5, .5, precision 1, 1/2: recall points 0.00 … 0.50
        // read 1: AP = 51/101. Results-file order (FP, TP) would give precision 1/2: AP = 25.5/101.
        CocoCase c = new CocoCase().image(2).image(1);
        double[] p1 = grid(0, 0, 20);
        double[] p2 = grid(0, 0, 20);
        c.person(1, p1, 20000);
        c.person(2, p2, 20000);
        c.result(2, grid(3000, 0, 20), 0.5).result(1, p1, 0.5);
        assertThat(c.stats().get("AP")).isCloseTo(51.0 / 101, within(EPS));
        assertThat(c.stats().get("AR")).isCloseTo(0.5, within(EPS));
    }

    @Test
    void shouldReadRecallPointsAtNumpysLinspaceValues() {
        // 10 people; detections: 7 perfect, one miss, one more perfect (scores descending).
        // recall .1 … .7, .7, .8; precision 1 ×7, 7/8, 8/9 -> envelope 1 ×7, 8/9, 8/9.
        // np.linspace makes recall point 70 0.7000000000000001, above 7/10: it reads index 8 (8/9)
        // instead of index 6 (1). Points 0 … 69 read 1, 70 … 80 read 8/9, 81 … 100 read 0:
        // AP = (70 + 11 · 8/9) / 101 = 718/909 (719/909 with an exact 0.70).
        CocoCase c = new CocoCase().image(1);
        double score = 0.99;
        for (int i = 0; i < 10; i++) {
            double[] p = grid(1000 * i, 0, 20);
            c.person(1, p, 20000);
            if (i < 7) {
                c.result(1, p, score -= 0.01);
            }
        }
        c.result(1, grid(0, 5000, 20), score -= 0.01);
        c.result(1, grid(7000, 0, 20), score - 0.01);
        assertThat(c.stats().get("AP")).isCloseTo(718.0 / 909, within(EPS));
        assertThat(c.stats().get("AR")).isCloseTo(0.8, within(EPS));
    }

    @Test
    void shouldDropDetectionsBeyondTheTwentyBestOfAnImage() {
        // 20 misses outscore the one perfect detection; only the 20 best count: recall 0, AP = AR = 0
        // (with all 21, AR would be 1).
        CocoCase c = new CocoCase().image(1);
        double[] p = grid(0, 0, 20);
        c.person(1, p, 20000);
        for (int i = 0; i < 20; i++) {
            c.result(1, grid(5000 + 1000 * i, 0, 20), 0.9 - 0.01 * i);
        }
        c.result(1, p, 0.1);
        assertStats(c.stats(), 0, 0, 0, -1, 0, 0, 0, 0, -1, 0);
    }

    @Test
    void shouldTreatAMatchToObjectIdZeroAsNoMatchAsPycocotoolsDoes() {
        // COCOeval records a match as the object's id and tests it for truth, so a detection matched to
        // id 0 counts as a false positive and the person stays unfound: AP = AR = 0 (1 with id 1).
        CocoCase c = new CocoCase().image(1);
        double[] p = grid(0, 0, 20);
        c.object(0, 1, p, 17, 20000, new double[] {0, 0, 80, 60}, false);
        c.result(1, p, 0.9);
        assertStats(c.stats(), 0, 0, 0, -1, 0, 0, 0, 0, -1, 0);
    }

    @Test
    void shouldReportMinusOneWhenNoPersonCanBeMeasured() {
        // Only a crowd: no unignored person in any range, so every number is -1.
        CocoCase c = new CocoCase().image(1);
        c.object(1, new double[51], 0, 40000, new double[] {0, 0, 200, 200}, true);
        c.result(1, grid(10, 10, 20), 0.9);
        assertStats(c.stats(), -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    }
}
