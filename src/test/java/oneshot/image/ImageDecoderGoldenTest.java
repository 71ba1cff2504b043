package oneshot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import oneshot.SharedData;
import org.junit.jupiter.api.Test;

/** Decoded RGB bytes of real LFW JPEGs and bbt grey PNGs must have the CRC-32 the golden align.tsv lists. */
class ImageDecoderGoldenTest {

    @Test
    void lfwJpegsDecodeToGoldenBytes() throws Exception {
        check("lfw", "data/lfw");
    }

    @Test
    void bbtGreyPngsDecodeToGoldenBytes() throws Exception {
        check("bbt", "data/bbt");
    }

    private void check(String set, String dataDir) throws Exception {
        Path tsv = SharedData.require("golden/dlib-align/" + set + "/align.tsv");
        List<String> lines = Files.readAllLines(tsv);
        ImageDecoder decoder = new ImageDecoder();
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            RgbImage img = decoder.decode(SharedData.require(dataDir).resolve(f[0]));
            assertEquals(Integer.parseInt(f[150]), img.width(), f[0] + " width");
            assertEquals(Integer.parseInt(f[151]), img.height(), f[0] + " height");
            CRC32 crc = new CRC32();
            crc.update(img.rgb());
            assertEquals(Long.parseLong(f[154], 16), crc.getValue(), f[0] + " decoded bytes differ from the reference decoder");
            n++;
        }
        assertTrue(n >= 40, "too few rows: " + n);
    }
}
