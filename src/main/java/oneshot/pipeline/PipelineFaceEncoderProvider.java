package oneshot.pipeline;

import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceEncoderProvider;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Registers {@link PipelineFaceEncoder} for the gallery commands (META-INF/services). */
public final class PipelineFaceEncoderProvider implements FaceEncoderProvider {
    @Override
    public FaceEncoder open(String model) {
        try {
            return PipelineFaceEncoder.open(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
