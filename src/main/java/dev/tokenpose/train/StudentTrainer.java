package dev.tokenpose.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.checkpoint.PthWriter;
import dev.tokenpose.checkpoint.StateDict;
import dev.tokenpose.io.ProgressBars;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.WeightSource;
import dev.tokenpose.teacher.TeacherLabel;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TfSessionSettings;
import dev.tokenpose.tf.TokenPoseTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a TokenPose student on teacher labels, resumably: the run's folder holds a TensorFlow
 * checkpoint (parameters, BatchNorm statistics, Adam's moments, step), the step and training time so
 * far ({@value #PROGRESS}), a loss log ({@value #LOSS_LOG}), a validation log ({@value #VALIDATION_LOG})
 * and the latest model as an official checkpoint ({@value #MODEL}) with its config.
 *
 * <p>The schedule is measured in training time, not steps, so that it fits a budget on any machine.
 * A run ends when the schedule is done or the run's own time budget is spent, whichever is first;
 * the next run with the same folder continues where it stopped.
 */
public final class StudentTrainer {

    /** The official-format checkpoint of the latest parameters. */
    public static final String MODEL = "model.pth";
    /** The student's configuration, official YAML. */
    public static final String CONFIG = "config.yaml";
    /** Steps and training seconds so far. */
    public static final String PROGRESS = "progress.json";
    /** step, epoch, loss, lr, crops/s, training hours. */
    public static final String LOSS_LOG = "loss.csv";
    /** Loss and validation curves, redrawn at every validation. */
    public static final String CHART = "curves.png";
    /** The held-back persons, for {@code tokenpose agreement} (images relative to the data folder). */
    public static final String VALIDATION_LABELS = "validation.jsonl";
    /** step, training hours, persons, OKS-AP, mean OKS, PCK@0.1 against the teacher. */
    public static final String VALIDATION_LOG = "validation.csv";

    private static final Logger LOG = LoggerFactory.getLogger(StudentTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOG_EVERY = 25;
    /** The progress bar counts the schedule in thousandths. */
    private static final long PROGRESS_UNITS = 1000;

    /**
     * What to train and how long.
     *
     * @param config the student
     * @param configYaml its YAML, copied into the run's folder
     * @param out the run's folder
     * @param initial starting parameters when the folder holds no checkpoint yet
     * @param batch crops per step
     * @param schedule the learning rate per step
     * @param scheduleHours the schedule's length in training hours, over all runs: training ends there
     * @param hours this run's time budget (0: none)
     * @param seed data order and augmentation
     * @param checkpointMinutes how often to write a resumable checkpoint
     * @param validateMinutes how often to measure against the teacher (and export the model)
     * @param augmentation how crops are varied
     * @param session TensorFlow session settings
     */
    public record Settings(
            ModelConfig config,
            Path configYaml,
            Path out,
            WeightSource initial,
            int batch,
            LearningRate schedule,
            double scheduleHours,
            double hours,
            long seed,
            double checkpointMinutes,
            double validateMinutes,
            Augmentation.Settings augmentation,
            TfSessionSettings session) {}

    /** How a run ended. */
    public record Outcome(long steps, double trainingHours, TeacherAgreement.Result validation) {}

    private StudentTrainer() {}

    /**
     * Trains until the schedule ends or the time budget is spent.
     *
     * @param s settings
     * @param data the labelled persons
     * @param status receives one line per validation
     * @return the steps taken in total, training hours in total and the last validation
     * @throws IOException if the run's folder cannot be written
     */
    public static Outcome run(Settings s, TrainingSet data, Consumer<String> status) throws IOException {
        Files.createDirectories(s.out());
        Path ckpt = s.out().resolve("checkpoint").resolve("ckpt");
        Path progressFile = s.out().resolve(PROGRESS);
        boolean resume = Files.exists(progressFile) && Files.exists(Path.of(ckpt + ".index"));
        if (s.configYaml() != null
                && !s.configYaml()
                        .toAbsolutePath()
                        .equals(s.out().resolve(CONFIG).toAbsolutePath())) {
            Files.copy(s.configYaml(), s.out().resolve(CONFIG), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<TeacherLabel> train = data.train();
        try (java.io.BufferedWriter w = Files.newBufferedWriter(s.out().resolve(VALIDATION_LABELS))) {
            for (TeacherLabel l : data.validation()) {
                dev.tokenpose.teacher.TeacherLabels.write(w, data.relativeTo(s.out(), l));
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training persons in the data");
        }
        double trainedSeconds = resume
                ? JSON.readTree(progressFile.toFile()).path("training_seconds").asDouble()
                : 0;
        CropSampler sampler = new CropSampler(s.config());
        ModelConfig c = s.config();
        TeacherAgreement.Result last = null;
        double[] cumulative = samplingWeights(train);
        // The next batch is cut on its own thread while TensorFlow runs the current step.
        ExecutorService prep = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prep");
            t.setDaemon(true);
            return t;
        });
        try (TokenPoseTrainer trainer =
                TokenPoseTrainer.create(c, s.initial(), TokenPoseTrainer.Adam.DEFAULT, s.session())) {
            if (resume) {
                trainer.restore(ckpt);
                LOG.info(
                        "resumed at step {} ({} h trained)",
                        trainer.steps(),
                        String.format(Locale.ROOT, "%.2f", trainedSeconds / 3600));
            }
            long step = trainer.steps();
            long first = step;
            Future<Batch> next = prep.submit(() -> batch(s, data, train, cumulative, sampler, first));
            double budget = s.scheduleHours() * 3600;
            long runStart = System.nanoTime();
            long lastCheckpoint = runStart;
            long lastValidation = runStart;
            long windowStart = runStart;
            double windowLoss = 0;
            int windowSteps = 0;
            try (ProgressBar bar = ProgressBars.builder("train", PROGRESS_UNITS)
                    .continuousUpdate()
                    .setUnit(" ‰", 1)
                    .build()) {
                while (!outOfTime(s, runStart)) {
                    double progress = (trainedSeconds + (System.nanoTime() - runStart) / 1e9) / budget;
                    if (progress >= 1) {
                        break;
                    }
                    double lr = s.schedule().at(step, progress);
                    Batch batch = next.get();
                    long following = step + 1;
                    next = prep.submit(() -> batch(s, data, train, cumulative, sampler, following));
                    float loss = trainer.step(batch.input(), batch.targets(), batch.weights(), s.batch(), lr);
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException(
                                "the loss is " + loss + " at step " + step + ": lower the learning rate");
                    }
                    step++;
                    windowLoss += loss;
                    windowSteps++;
                    long now = System.nanoTime();
                    double seconds = trainedSeconds + (now - runStart) / 1e9;
                    bar.stepTo(Math.min(PROGRESS_UNITS, (long) (seconds / budget * PROGRESS_UNITS)));
                    if (windowSteps == LOG_EVERY) {
                        double secs = (now - windowStart) / 1e9;
                        double cropsPerSecond = windowSteps * s.batch() / secs;
                        bar.setExtraMessage(String.format(
                                Locale.ROOT,
                                " step %d  loss %.3e  %.1f crops/s",
                                step,
                                windowLoss / windowSteps,
                                cropsPerSecond));
                        append(
                                s.out().resolve(LOSS_LOG),
                                "step,epoch,loss,lr,crops_per_s,training_hours",
                                String.format(
                                        Locale.ROOT,
                                        "%d,%.3f,%.6e,%.3e,%.2f,%.4f",
                                        step,
                                        (double) step * s.batch() / train.size(),
                                        windowLoss / windowSteps,
                                        lr,
                                        cropsPerSecond,
                                        seconds / 3600));
                        windowStart = now;
                        windowLoss = 0;
                        windowSteps = 0;
                    }
                    if ((now - lastCheckpoint) / 6e10 >= s.checkpointMinutes()) {
                        checkpoint(trainer, ckpt, progressFile, seconds);
                        lastCheckpoint = now;
                    }
                    if ((now - lastValidation) / 6e10 >= s.validateMinutes()) {
                        last = validate(s, trainer, data, seconds, status);
                        lastValidation = System.nanoTime();
                    }
                }
            }
            double seconds = trainedSeconds + (System.nanoTime() - runStart) / 1e9;
            checkpoint(trainer, ckpt, progressFile, seconds);
            last = validate(s, trainer, data, seconds, status);
            return new Outcome(trainer.steps(), seconds / 3600, last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            prep.shutdownNow();
        }
    }

    /** One step's crops, targets and joint weights. */
    private record Batch(float[] input, float[] targets, float[] weights) {}

    private static boolean outOfTime(Settings s, long runStart) {
        return s.hours() > 0 && (System.nanoTime() - runStart) / 3.6e12 >= s.hours();
    }

    /**
     * The batch of a step, drawn from the seed and the step alone (so a resumed run continues the
     * same sequence): persons with probability ∝ 1/√(persons of their source), so that one long
     * clip does not drown the rest, each with fresh augmentation.
     */
    private static Batch batch(
            Settings s,
            TrainingSet data,
            List<TeacherLabel> train,
            double[] cumulative,
            CropSampler sampler,
            long step) {
        ModelConfig c = s.config();
        int k = c.numJoints();
        float[] input = new float[s.batch() * 3 * c.imageHeight() * c.imageWidth()];
        float[] targets = new float[s.batch() * k * c.heatmapHeight() * c.heatmapWidth()];
        float[] weights = new float[s.batch() * k];
        SplittableRandom r = new SplittableRandom(s.seed() * 1_000_003L + step);
        for (int i = 0; i < s.batch(); i++) {
            int at = java.util.Arrays.binarySearch(cumulative, r.nextDouble() * cumulative[cumulative.length - 1]);
            TeacherLabel l = train.get(Math.min(train.size() - 1, at >= 0 ? at : -at - 1));
            sampler.sample(
                    data.image(l),
                    l.box(),
                    l.keypoints(),
                    Augmentation.random(r, s.augmentation()),
                    input,
                    targets,
                    weights,
                    i);
        }
        return new Batch(input, targets, weights);
    }

    /** Cumulative sampling weights, 1/√(persons of the same source) each. */
    static double[] samplingWeights(List<TeacherLabel> train) {
        java.util.Map<String, Integer> perSource = new java.util.HashMap<>();
        train.forEach(l -> perSource.merge(l.source(), 1, Integer::sum));
        double[] cumulative = new double[train.size()];
        double sum = 0;
        for (int i = 0; i < train.size(); i++) {
            sum += 1 / Math.sqrt(perSource.get(train.get(i).source()));
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private static void checkpoint(TokenPoseTrainer trainer, Path ckpt, Path progressFile, double seconds)
            throws IOException {
        trainer.save(ckpt);
        ObjectNode p = JSON.createObjectNode().put("steps", trainer.steps()).put("training_seconds", seconds);
        Path tmp = progressFile.resolveSibling(PROGRESS + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), p);
        Files.move(
                tmp,
                progressFile,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static TeacherAgreement.Result validate(
            Settings s, TokenPoseTrainer trainer, TrainingSet data, double seconds, Consumer<String> status)
            throws IOException {
        Path model = s.out().resolve(MODEL);
        StateDict sd = trainer.exportStateDict(model.toString());
        PthWriter.write(model, sd); // written aside and moved into place: a reader never sees half a file
        TeacherAgreement.Result r;
        try (TfHeatmapModel m = TfHeatmapModel.create(s.config(), new CheckpointWeights(sd), "student", s.session())) {
            r = TeacherAgreement.measure(data.validation(), TeacherAgreement.of(m, data::image));
        }
        append(
                s.out().resolve(VALIDATION_LOG),
                "step,training_hours,persons,oks_ap,mean_oks,pck01",
                String.format(
                        Locale.ROOT,
                        "%d,%.4f,%d,%.4f,%.4f,%.4f",
                        trainer.steps(),
                        seconds / 3600,
                        r.persons(),
                        r.ap(),
                        r.meanOks(),
                        r.pck()));
        if (Files.exists(s.out().resolve(LOSS_LOG))) {
            LossChart.write(s.out(), s.out().resolve(CHART));
        }
        status.accept(String.format(
                Locale.ROOT,
                "VALIDATION step=%d hours=%.3f persons=%d oks_ap=%.4f mean_oks=%.4f pck01=%.4f",
                trainer.steps(),
                seconds / 3600,
                r.persons(),
                r.ap(),
                r.meanOks(),
                r.pck()));
        return r;
    }

    private static void append(Path file, String header, String line) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, header + System.lineSeparator());
        }
        Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.APPEND);
    }
}
