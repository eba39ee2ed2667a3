package dev.tokenpose.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.testing.CpuInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Recall and precision of both detectors on the hand-labelled frames of
 * {@code src/test/resources/detection/} (see its README); the floors are the measured values
 * minus a small margin, so a regression in decoding, pre-processing or the bundled model fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorEvaluationTest {

    // Measured: NanoDet 39 hits, 1 false positive, 5 misses; HOG 39, 5, 5 (44 labelled people in 10 frames).
    private static final double NANODET_RECALL = 39.0 / 44;
    private static final double NANODET_PRECISION = 39.0 / 40;
    private static final double HOG_RECALL = 39.0 / 44;
    private static final double HOG_PRECISION = 39.0 / 44;
    // One person or one false positive more or less is noise; two is a regression.
    private static final double MARGIN = 0.04;

    private List<LabelledFrames.Frame> frames;
    private NanoDetPersonDetector nanodet;
    private HogPersonDetector hog;

    @BeforeAll
    void load() throws IOException {
        frames = LabelledFrames.load();
        nanodet = NanoDetPersonDetector.openBundled(NanoDetPersonDetector.Options.DEFAULT);
        hog = new HogPersonDetector();
    }

    @AfterAll
    void close() {
        nanodet.close();
        hog.close();
    }

    @Test
    void labelsCoverTenFramesWithPeopleAndOneWithout() {
        assertThat(frames).hasSize(10);
        assertThat(frames.stream().mapToInt(f -> f.persons().size()).sum()).isEqualTo(44);
        assertThat(frames)
                .filteredOn(f -> f.persons().isEmpty())
                .extracting(LabelledFrames.Frame::file)
                .containsExactly("lake.jpg");
    }

    @Test
    void nanoDetKeepsItsMeasuredRecallAndPrecision() {
        LabelledFrames.Evaluation e = LabelledFrames.evaluate(nanodet, frames);
        report("nanodet (bundled uint8, score >= 0.4)", e);
        assertThat(e.counts().recall()).isGreaterThanOrEqualTo(NANODET_RECALL - MARGIN);
        assertThat(e.counts().precision()).isGreaterThanOrEqualTo(NANODET_PRECISION - MARGIN);
    }

    @Test
    void hogKeepsItsMeasuredRecallAndPrecision() {
        LabelledFrames.Evaluation e = LabelledFrames.evaluate(hog, frames);
        report("hog (x2 upscale, step 1.1, hit 0, group 2)", e);
        assertThat(e.counts().recall()).isGreaterThanOrEqualTo(HOG_RECALL - MARGIN);
        assertThat(e.counts().precision()).isGreaterThanOrEqualTo(HOG_PRECISION - MARGIN);
    }

    @Test
    void uniformGreyFrameAndPeoplelessLakeYieldNoPersons() throws IOException {
        byte[] px = new byte[640 * 480 * 3];
        Arrays.fill(px, (byte) 128);
        BgrImage grey = new BgrImage(640, 480, px);
        BgrImage lake = LabelledFrames.image("lake.jpg");
        for (PersonDetector d : List.of(nanodet, hog)) {
            assertThat(d.detect(List.of(grey, lake))).as(d.name()).containsExactly(List.of(), List.of());
        }
    }

    @Test
    void realFrameWithPeopleYieldsBoxesCoveringEachOfThem() {
        LabelledFrames.Frame frame = frames.stream()
                .filter(f -> f.file().equals("vtest-300.jpg"))
                .findFirst()
                .orElseThrow();
        List<Detection> found = nanodet.detect(frame.image());
        for (Detection person : frame.persons()) {
            assertThat(found)
                    .as("a box on the person at %s", person)
                    .anySatisfy(d -> assertThat(d.iou(person)).isGreaterThanOrEqualTo(LabelledFrames.MATCH_IOU));
        }
        assertThat(found).allSatisfy(d -> {
            assertThat(d.score()).isBetween(0.4, 1.0);
            assertThat(d.x() + d.w()).isLessThanOrEqualTo(frame.image().width());
            assertThat(d.y() + d.h()).isLessThanOrEqualTo(frame.image().height());
        });
    }

    @Test
    void batchesGiveTheSameBoxesAsSingleFrames() {
        List<BgrImage> images =
                frames.stream().limit(3).map(LabelledFrames.Frame::image).toList();
        List<List<Detection>> batch = nanodet.detect(images);
        for (int i = 0; i < images.size(); i++) {
            assertSameBoxes(batch.get(i), nanodet.detect(images.get(i)));
        }
    }

    @Test
    void concurrentCallsGiveTheSameBoxesAsSequentialOnes() throws Exception {
        List<BgrImage> images =
                frames.stream().limit(4).map(LabelledFrames.Frame::image).toList();
        List<List<Detection>> expected = nanodet.detect(images);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (BgrImage image : images) {
                futures.add(pool.submit(() -> nanodet.detect(image)));
            }
            for (int i = 0; i < images.size(); i++) {
                assertSameBoxes(futures.get(i).get(), expected.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The same boxes up to float32 rounding: a batch of another size may run other kernels (oneDNN
     * or Eigen, blocked by CPU and cache sizes), which sum in another order.
     */
    private static void assertSameBoxes(List<Detection> actual, List<Detection> expected) {
        assertThat(actual).as(CpuInfo.describe()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Detection a = actual.get(i);
            Detection e = expected.get(i);
            assertThat(new double[] {a.x(), a.y(), a.w(), a.h()})
                    .as("box %d of %s; %s", i, expected, CpuInfo.describe())
                    .containsExactly(new double[] {e.x(), e.y(), e.w(), e.h()}, within(1e-3));
            assertThat(a.score())
                    .as("score %d of %s; %s", i, expected, CpuInfo.describe())
                    .isCloseTo(e.score(), within(1e-5));
        }
    }

    private static void report(String name, LabelledFrames.Evaluation e) {
        LabelledFrames.Counts c = e.counts();
        System.out.printf(
                Locale.ROOT,
                "detector %-45s recall %.3f (%d/%d)  precision %.3f (%d/%d)  %.0f ms/frame%n",
                name,
                c.recall(),
                c.hits(),
                c.hits() + c.misses(),
                c.precision(),
                c.hits(),
                c.hits() + c.falsePositives(),
                e.msPerFrame());
    }
}
