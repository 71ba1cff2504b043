package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private static int run(ByteArrayOutputStream err, String... args) {
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setErr(new java.io.PrintWriter(new PrintStream(err), true));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Test
    void thePublishedModelsStepBudgetIsTheStepsUpToTheBestEpoch() {
        // the fresh-clone run's half model for folds 1-5: 48 steps an epoch, best at epoch 7 of 11
        oneshot.train.TrainingState s = new oneshot.train.TrainingState();
        for (int i = 0; i <= 11; i++) {
            oneshot.train.TrainingState.Epoch e = new oneshot.train.TrainingState.Epoch();
            e.epoch = i;
            e.steps = i == 0 ? 0 : 48;
            s.epochs.add(e);
        }
        s.bestEpoch = 7;
        assertEquals(336, TrainCommand.stepsToBest(s));
        s.bestEpoch = 0;
        assertEquals(0, TrainCommand.stepsToBest(s));
    }

    @Test
    void missingSplitFileIsNamedInTheError() throws Exception {
        Files.createDirectories(tmp.resolve("faces/ann"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "--data", tmp.resolve("faces").toString(), "--model", "any", "--split",
                tmp.resolve("nope.json").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("nope.json"), err.toString());
    }

    @Test
    void anUnknownLearningRateScheduleIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "--data", tmp.toString(), "--model", "m", "--split", "a.json", "--recipe", "triplet",
                "--lr-schedule", "linear");
        assertEquals(1, code);
        assertTrue(err.toString().contains("--lr-schedule") && err.toString().contains("constant, cosine"),
                err.toString());
    }

    @Test
    void concurrentRunsBelowOneIsAUsageErrorWithExitCode2() {
        assertEquals(2, Cli.run(new TrainCommand(), "--data", tmp.toString(), "--model", "m", "--split", "a.json",
                "--recipe", "triplet", "--concurrent-runs", "0"));
    }

    @Test
    void outWithSeveralSplitsIsRefused() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "--data", tmp.toString(), "--model", "m", "--out", "x", "--split", "a.json", "--split",
                "b.json");
        assertEquals(1, code);
        assertTrue(err.toString().contains("--out names one model"), err.toString());
    }

    @Test
    void theTeacherRecipeIsTheDefaultWhereTheAlignLandmarksAre() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Path aligned = Files.createDirectories(tmp.resolve("aligned"));
        Files.writeString(aligned.resolve("align.csv"), "path\n");
        assertEquals(oneshot.train.Recipe.TEACHER, TrainCommand.resolveRecipe("auto", aligned));
        assertEquals(oneshot.train.Recipe.TRIPLET, TrainCommand.resolveRecipe("auto", plain));
        assertEquals(oneshot.train.Recipe.TRIPLET, TrainCommand.resolveRecipe("triplet", aligned));
        oneshot.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(oneshot.UsageException.class,
                () -> TrainCommand.resolveRecipe("teacher", plain));
        assertTrue(e.getMessage().contains("align.csv") && e.getMessage().contains(plain.toString()), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(oneshot.UsageException.class,
                () -> TrainCommand.resolveRecipe("fastest", aligned));
        assertTrue(e.getMessage().contains("fastest") && e.getMessage().contains("triplet"), e.getMessage());
    }

    @Test
    void theWholeRecipeIsTheTenthRoundsMostAccurateCommandAndOptionsStillOverrideIt() {
        // docs/training.md, tenth round: --train-layers '.*' --max-minutes 0 --augment 4 --epochs 40 --lr-drops 1 on
        // the teacher recipe gave 0.9403 on LFW View 2; --recipe whole must be exactly that command
        TrainCommand whole = new TrainCommand();
        new picocli.CommandLine(whole).parseArgs("--recipe", "whole");
        TrainCommand spelledOut = new TrainCommand();
        new picocli.CommandLine(spelledOut).parseArgs("--recipe", "teacher", "--train-layers", ".*", "--max-minutes", "0",
                "--augment", "4", "--epochs", "40", "--lr-drops", "1");
        TrainCommand.Settings w = whole.settings(oneshot.train.Recipe.WHOLE);
        TrainCommand.Settings t = spelledOut.settings(oneshot.train.Recipe.TEACHER);
        assertEquals(t.describe(), w.describe());
        assertEquals(".*", w.layers());
        assertEquals(4, w.variants());
        assertEquals(1, w.lrDrops());
        assertEquals(0.0, w.maxMinutes());
        assertTrue(w.describe().contains("no time budget"), w.describe());
        oneshot.train.Recipe r = oneshot.train.Recipe.WHOLE;
        oneshot.train.Recipe teacher = oneshot.train.Recipe.TEACHER;
        assertEquals(List.of(teacher.teacher(), teacher.matchWeight(), teacher.singletons(), teacher.mineOnTeacher()),
                List.of(r.teacher(), r.matchWeight(), r.singletons(), r.mineOnTeacher()), "the same guidance");
        assertEquals("whole", r.modelTag(), "its own models and run folders, not the default's");
        assertFalse(r.tenFoldReport().equals(teacher.tenFoldReport()), "its own 10-fold report");

        TrainCommand overridden = new TrainCommand();
        new picocli.CommandLine(overridden).parseArgs("--recipe", "whole", "--max-minutes", "30", "--lr-drops", "0");
        TrainCommand.Settings o = overridden.settings(oneshot.train.Recipe.WHOLE);
        assertEquals(30.0, o.maxMinutes());
        assertEquals(0, o.lrDrops());
        TrainCommand plain = new TrainCommand();
        new picocli.CommandLine(plain).parseArgs();
        TrainCommand.Settings d = plain.settings(oneshot.train.Recipe.TEACHER);
        assertEquals(List.of(12, 0, 22.0, 2), List.of(d.epochs(), d.lrDrops(), d.maxMinutes(), d.variants()),
                "the default recipe as before");
    }

    @Test
    void negativeLearningRateDropsAreAUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("faces/ann"));
        assertEquals(Cli.USAGE, Cli.run(new TrainCommand(), "--lr-drops", "-1", "--data",
                tmp.resolve("faces").toString(), "--model", "any", "--split", tmp.resolve("nope.json").toString()));
    }

    @Test
    void anUnknownRecipeIsAUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("faces/ann"));
        assertEquals(Cli.USAGE, Cli.run(new TrainCommand(), "--recipe", "fastest", "--data", tmp.resolve("faces").toString(),
                "--model", "any", "--split", tmp.resolve("nope.json").toString()));
    }

    @Test
    void helpListsTheMinersAndTheLayerOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setOut(new java.io.PrintWriter(new PrintStream(out), true));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("--train-layers") && out.toString().contains("semi-hard"), out.toString());
    }

    @Test
    void aRunFolderThatIsNotAnEarlierRunIsNeverWrittenInto() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("reports/train/mine"));
        Path notes = Files.writeString(foreign.resolve("notes.txt"), "my notes");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TrainCommand.refuseForeignRunFolder(foreign, tmp.resolve("faces")));
        assertTrue(e.getMessage().contains(foreign.toString()), e.getMessage());
        assertEquals("my notes", Files.readString(notes));
        Path earlier = Files.createDirectories(tmp.resolve("reports/train/earlier/checkpoint"));
        TrainCommand.refuseForeignRunFolder(earlier.getParent(), tmp.resolve("faces")); // resumed
        Path withState = Files.createDirectories(tmp.resolve("reports/train/done"));
        Files.writeString(withState.resolve("state.json"), "{}");
        TrainCommand.refuseForeignRunFolder(withState, tmp.resolve("faces"));
        TrainCommand.refuseForeignRunFolder(tmp.resolve("reports/train/new"), tmp.resolve("faces"));
    }
}
