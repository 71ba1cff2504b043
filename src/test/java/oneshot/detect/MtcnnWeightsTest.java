package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtcnnWeightsTest {
    @Test
    void readsEveryTensorOfTheShard() {
        MtcnnWeights w = MtcnnWeights.load(SharedData.require("weights/mtcnn"));
        assertEquals(50, w.size());
        assertEquals(495_850, w.parameterCount()); // SOURCE.md: 495,850 float32 values
        assertEquals(List.of(1152, 256), List.of(w.get("onet/fc1/weights").shape()[0], w.get("onet/fc1/weights").shape()[1]));
    }

    @Test
    void truncatedOrPaddedShardsAreRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path src = SharedData.require("weights/mtcnn");
        Files.copy(src.resolve(MtcnnWeights.MANIFEST), tmp.resolve(MtcnnWeights.MANIFEST));
        byte[] shard = Files.readAllBytes(src.resolve(MtcnnWeights.SHARD));
        Files.write(tmp.resolve(MtcnnWeights.SHARD), java.util.Arrays.copyOf(shard, shard.length - 8));
        var e = assertThrows(IllegalArgumentException.class, () -> MtcnnWeights.load(tmp));
        assertTrue(e.getMessage().contains(MtcnnWeights.SHARD) && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(tmp.resolve(MtcnnWeights.SHARD), java.util.Arrays.copyOf(shard, shard.length + 4));
        e = assertThrows(IllegalArgumentException.class, () -> MtcnnWeights.load(tmp));
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
        Files.delete(tmp.resolve(MtcnnWeights.SHARD));
        e = assertThrows(IllegalArgumentException.class, () -> MtcnnWeights.load(tmp));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }
}
