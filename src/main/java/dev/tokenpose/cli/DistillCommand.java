package dev.tokenpose.cli;

import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.InitialWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.WeightSource;
import dev.tokenpose.teacher.FootageLabeller;
import dev.tokenpose.teacher.MoveNet;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.train.Augmentation;
import dev.tokenpose.train.LearningRate;
import dev.tokenpose.train.StudentTrainer;
import dev.tokenpose.train.TeacherAgreement;
import dev.tokenpose.train.TrainingSet;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose distill}: adapts a student to a user's own footage — detect, label with the
 * teacher, fine-tune, and measure on a held-out slice of that footage (the last
 * {@value TrainingSet#VALIDATION_PERCENT} % of each clip) before and after.
 */
@Command(
        name = "distill",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Fine-tune a TokenPose student on your own videos with MoveNet labels; report before/after on a held-out slice.")
final class DistillCommand implements Callable<Integer> {

    @Option(names = "--video", required = true, paramLabel = "VIDEO", description = "Footage to adapt to (repeatable).")
    List<Path> videos = new ArrayList<>();

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Labels, frames, the run and its model.pth + config.yaml.")
    Path out;

    @Option(
            names = "--config",
            defaultValue = BundledStudent.NAME,
            paramLabel = "YAML|VARIANT",
            description = "The student's configuration (default: ${DEFAULT-VALUE}, the bundled model's).")
    String config;

    @Option(
            names = "--from",
            paramLabel = "PTH|student|none",
            description = "The checkpoint to fine-tune, or 'none' to train from the official initialisation"
                    + " (default: 'student' with the bundled configuration, else 'none').")
    String fromOption;

    @Option(
            names = "--hours",
            defaultValue = "0.5",
            paramLabel = "H",
            description = "Training time (default: ${DEFAULT-VALUE}); a second call continues an unfinished run.")
    double hours;

    @Option(
            names = "--lr",
            defaultValue = "3e-4",
            paramLabel = "LR",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--every",
            defaultValue = "5",
            paramLabel = "K",
            description = "Label every K-th frame (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(
            names = "--detector",
            defaultValue = PersonDetectors.DEFAULT,
            paramLabel = "NAME",
            description = "Person detector (default: ${DEFAULT-VALUE}).")
    String detector;

    @Override
    public Integer call() throws Exception {
        ModelConfig c = ModelConfigs.resolve(config);
        for (Path v : videos) {
            if (!Files.isRegularFile(v)) {
                throw new NoSuchFileException(v.toString());
            }
        }
        Path from = startingCheckpoint();
        if (from != null && !Files.isRegularFile(from)) {
            throw new NoSuchFileException(from.toString());
        }
        Path data = out.resolve("data");
        Path labels = data.resolve("labels.jsonl");
        if (!Files.exists(labels)) {
            Files.createDirectories(data);
            Path partial = data.resolve("labels.jsonl.partial");
            try (MoveNet teacher = MoveNet.openBundled(MoveNet.Variant.THUNDER, 0);
                    PersonDetector det = PersonDetectors.open(detector);
                    BufferedWriter w = Files.newBufferedWriter(partial)) {
                FootageLabeller labeller = new FootageLabeller(teacher, det, 40, data, w);
                for (Path v : videos) {
                    labeller.labelVideo(v, data.resolve("frames"), every, 0, i -> {});
                }
                System.out.printf(Locale.ROOT, "LABELLED persons=%d%n", labeller.persons());
            }
            Files.move(partial, labels);
        }
        TrainingSet set = TrainingSet.load(data);
        if (set.validation().isEmpty() || set.train().isEmpty()) {
            throw new IllegalArgumentException("the footage gave " + set.train().size() + " training and "
                    + set.validation().size() + " held-out persons: give longer or more videos");
        }
        TfSessionSettings session = new TfSessionSettings(0, 0);
        TeacherAgreement.Result before = null;
        WeightSource initial;
        if (from != null) {
            try (TfHeatmapModel m =
                    TfHeatmapModel.create(c, new CheckpointWeights(PthReader.read(from)), "before", session)) {
                before = TeacherAgreement.measure(set.validation(), TeacherAgreement.of(m, set::image));
            }
            initial = new CheckpointWeights(PthReader.read(from));
        } else {
            initial = new InitialWeights(c, 1);
        }
        Path run = out.resolve("run");
        boolean resume = Files.exists(run.resolve(StudentTrainer.PROGRESS));
        Path yaml = Files.isRegularFile(Path.of(config))
                ? Path.of(config)
                : config.equals(BundledStudent.NAME) ? BundledStudent.configYaml() : null;
        var settings = new StudentTrainer.Settings(
                c,
                yaml,
                run,
                initial,
                16,
                new LearningRate(lr, 100, 0.01),
                hours,
                0,
                1,
                5,
                1e9,
                Augmentation.Settings.DEFAULT,
                session);
        if (resume) {
            System.out.println("resuming " + run);
        }
        var outcome = StudentTrainer.run(settings, set, System.out::println);
        TeacherAgreement.Result after = outcome.validation();
        System.out.printf(
                Locale.ROOT,
                "DISTILL persons=%d held_out=%d before_ap=%s after_ap=%.4f before_pck01=%s after_pck01=%.4f"
                        + " hours=%.3f model=%s config=%s%n",
                set.train().size(),
                set.validation().size(),
                before == null ? "-" : String.format(Locale.ROOT, "%.4f", before.ap()),
                after.ap(),
                before == null ? "-" : String.format(Locale.ROOT, "%.4f", before.pck()),
                after.pck(),
                outcome.trainingHours(),
                run.resolve(StudentTrainer.MODEL),
                yaml != null ? run.resolve(StudentTrainer.CONFIG) : config);
        return 0;
    }

    /** The checkpoint --from names, null to start from the official initialisation. */
    private Path startingCheckpoint() {
        String f = fromOption != null ? fromOption : config.equals(BundledStudent.NAME) ? BundledStudent.NAME : "none";
        if (f.equals("none")) {
            return null;
        }
        return BundledStudent.weightsFile(f);
    }
}
