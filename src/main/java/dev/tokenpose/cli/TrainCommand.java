package dev.tokenpose.cli;

import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.InitialWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.WeightSource;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.train.Augmentation;
import dev.tokenpose.train.LearningRate;
import dev.tokenpose.train.StudentTrainer;
import dev.tokenpose.train.TrainingSet;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose train}: trains a TokenPose configuration on teacher labels, in TensorFlow Java,
 * resumably; writes an official checkpoint and config that every other command accepts.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Train a TokenPose model on teacher labels (see 'teacher'); resumable.")
final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            required = true,
            paramLabel = "YAML|VARIANT",
            description = "The student: official experiment YAML or a built-in variant.")
    String config;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Folder of *.jsonl teacher labels, images relative to it.")
    Path data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The run's folder: checkpoints, logs, model.pth, config.yaml.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out (parameters, optimizer state and step).")
    boolean resume;

    @Option(
            names = "--from",
            paramLabel = "PTH",
            description = "Start from this checkpoint (fine-tuning) instead of the official initialisation.")
    Path from;

    @Option(
            names = "--schedule-hours",
            defaultValue = "2",
            paramLabel = "H",
            description = "The whole schedule's length in training hours, over all runs (default: ${DEFAULT-VALUE}).")
    double scheduleHours;

    @Option(
            names = "--hours",
            defaultValue = "0",
            paramLabel = "H",
            description = "Stop this run after H hours (0: at the schedule's end); --resume continues.")
    double hours;

    @Option(
            names = "--batch",
            defaultValue = "16",
            paramLabel = "B",
            description = "Crops per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--lr",
            defaultValue = "1e-3",
            paramLabel = "LR",
            description = "Peak Adam learning rate, cosine decay (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--warmup",
            defaultValue = "500",
            paramLabel = "N",
            description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description = "Initialisation, data order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--checkpoint-minutes",
            defaultValue = "5",
            paramLabel = "M",
            description = "Resumable checkpoint interval (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(
            names = "--validate-minutes",
            defaultValue = "15",
            paramLabel = "M",
            description = "Validation and model export interval (default: ${DEFAULT-VALUE}).")
    double validateMinutes;

    @Mixin
    ThreadOptions threads;

    @Override
    public Integer call() throws Exception {
        ModelConfig c = ModelConfigs.resolve(config);
        boolean started = Files.exists(out.resolve(StudentTrainer.PROGRESS));
        if (started && !resume) {
            throw new FileAlreadyExistsException(out.toString(), null, "holds a run; add --resume to continue it");
        }
        if (resume && !started) {
            throw new NoSuchFileException(out.resolve(StudentTrainer.PROGRESS).toString(), null, "nothing to resume");
        }
        if (batch < 1 || !(scheduleHours > 0) || hours < 0) {
            throw new IllegalArgumentException("--batch and --schedule-hours must be positive, --hours not negative");
        }
        WeightSource initial = from != null ? new CheckpointWeights(PthReader.read(from)) : new InitialWeights(c, seed);
        TrainingSet set = TrainingSet.load(data);
        System.out.printf(
                Locale.ROOT,
                "TRAIN data=%s persons=%d validation=%d model=%s%n",
                data,
                set.train().size(),
                set.validation().size(),
                c.describe());
        Path yaml = Files.isRegularFile(Path.of(config)) ? Path.of(config) : null;
        var settings = new StudentTrainer.Settings(
                c,
                yaml,
                out,
                initial,
                batch,
                new LearningRate(lr, warmup, 0.01),
                scheduleHours,
                hours,
                seed,
                checkpointMinutes,
                validateMinutes,
                Augmentation.Settings.DEFAULT,
                new TfSessionSettings(threads.intraOpThreads, threads.interOpThreads));
        var outcome = StudentTrainer.run(settings, set, System.out::println);
        System.out.printf(
                Locale.ROOT,
                "TRAINED steps=%d hours=%.3f oks_ap=%.4f mean_oks=%.4f pck01=%.4f model=%s%n",
                outcome.steps(),
                outcome.trainingHours(),
                outcome.validation().ap(),
                outcome.validation().meanOks(),
                outcome.validation().pck(),
                out.resolve(StudentTrainer.MODEL));
        return 0;
    }
}
