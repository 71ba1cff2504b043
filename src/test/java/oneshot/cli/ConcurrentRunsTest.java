package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a child run of {@code Train --concurrent-runs} is started with. */
class ConcurrentRunsTest {
    @Test
    void childKeepsTheParentsOptionsAndGetsItsOwnSplitDataAndOneRun() {
        List<String> parent = List.of("--epochs", "3", "--split", "a.json", "--split=b.json", "--data", "x",
                "--concurrent-runs=2", "--lr", "0.001", "--concurrent-runs", "2");
        assertEquals(List.of("--epochs", "3", "--lr", "0.001", "--split", "b.json", "--data", "data/aligned/lfw",
                        "--concurrent-runs", "1", "--exit-with-parent"),
                ConcurrentRuns.childArgs(parent, Path.of("b.json"), Path.of("data/aligned/lfw")));
    }

    @Test
    void aParentWithoutOptionsGivesTheChildOnlyWhatItSets() {
        assertEquals(List.of("--split", "s.json", "--data", "d", "--concurrent-runs", "1", "--exit-with-parent"),
                ConcurrentRuns.childArgs(List.of(), Path.of("s.json"), Path.of("d")));
    }
}
