package dev.tokenpose.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.preprocess.BgrImage;
import java.io.FileNotFoundException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonDetectorsTest {

    /** A class loader that sees no resources at all, as if the model were left out of the jar. */
    private static final ClassLoader WITHOUT_MODEL = new URLClassLoader(new URL[0], null);

    private static BgrImage grey() {
        byte[] px = new byte[64 * 48 * 3];
        java.util.Arrays.fill(px, (byte) 128);
        return new BgrImage(64, 48, px);
    }

    @Test
    void defaultIsNanoDetWhenItsModelIsBundled() throws Exception {
        assertThat(NanoDetPersonDetector.bundledModelPresent()).isTrue();
        assertThat(PersonDetectors.defaultName()).isEqualTo(PersonDetectors.NANODET);
        try (PersonDetector d = PersonDetectors.open("default")) {
            assertThat(d).isInstanceOf(NanoDetPersonDetector.class);
            assertThat(d.name()).isEqualTo("nanodet");
        }
    }

    @Test
    void defaultFallsBackToHogWithoutTheModel() throws Exception {
        try (PersonDetector d = PersonDetectors.open("default", WITHOUT_MODEL)) {
            assertThat(d).isInstanceOf(HogPersonDetector.class);
        }
    }

    @Test
    void nanoDetWithoutItsModelFailsNamingTheMissingResource() {
        assertThatThrownBy(() -> PersonDetectors.open("nanodet", WITHOUT_MODEL))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(NanoDetPersonDetector.BUNDLED_JSON)
                .hasMessageContaining("'hog'");
    }

    @Test
    void nanoDetFromAMissingFileFailsNamingThePath() {
        Path missing = Path.of("no-such-dir", "nanodet.json");
        assertThatThrownBy(() -> NanoDetPersonDetector.open(missing, NanoDetPersonDetector.Options.DEFAULT))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nanodet.json");
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownOnesAreListedInTheError() throws Exception {
        try (PersonDetector d = PersonDetectors.open(" HOG ")) {
            assertThat(d).isInstanceOf(HogPersonDetector.class);
        }
        assertThatThrownBy(() -> PersonDetectors.open("yolo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yolo")
                .hasMessageContaining("nanodet")
                .hasMessageContaining("none");
    }

    @Test
    void noneFindsTheWholeFrameAsOnePersonInEveryFrame() throws Exception {
        try (PersonDetector d = PersonDetectors.open(" None ")) {
            assertThat(d).isInstanceOf(WholeFrameDetector.class);
            assertThat(d.name()).isEqualTo(PersonDetectors.NONE);
            Detection whole = new Detection(0, 0, 64, 48, 1);
            assertThat(d.detect(List.of(grey(), grey()))).containsExactly(List.of(whole), List.of(whole));
        }
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> new NanoDetPersonDetector.Options(1.5, 0.5, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HogPersonDetector.Options(0.5, 1.1, 0, 2, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
