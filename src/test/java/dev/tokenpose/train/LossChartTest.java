package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossChartTest {

    @Test
    void drawsTheLossAndValidationCurves(@TempDir Path run) throws IOException {
        Files.writeString(
                run.resolve(StudentTrainer.LOSS_LOG),
                "step,epoch,loss,lr,crops_per_s,training_hours\n25,0.2,1e-2,1e-4,20,0.01\n50,0.4,5e-3,2e-4,20,0.02\n75,0.6,4e-3,3e-4,20,0.03\n");
        Files.writeString(
                run.resolve(StudentTrainer.VALIDATION_LOG),
                "step,training_hours,persons,oks_ap,mean_oks,pck01\n75,0.03,10,0.5,0.6,0.7\n");
        Path png = run.resolve("c.png");
        LossChart.write(run, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(720);
        int blue = 0;
        int red = 0;
        for (int y = 40; y < img.getHeight() - 45; y++) {
            for (int x = 75; x < img.getWidth() - 60; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertThat(blue).as("loss line pixels").isGreaterThan(100);
        assertThat(red).as("AP marker pixels").isGreaterThan(5);
    }

    @Test
    void aRunWithoutLossIsAnError(@TempDir Path run) {
        assertThatThrownBy(() -> LossChart.write(run, run.resolve("c.png")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no loss logged");
    }
}
