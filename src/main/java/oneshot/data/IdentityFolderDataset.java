package oneshot.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;

/**
 * An {@link IdentityFolder} as a DJL dataset: item i is the decoded image (HWC uint8 RGB, like DJL's
 * {@code ImageFolder}) with its identity label as a scalar. Pair it with {@link PkSampler} for P x K batches; the
 * builder's pipeline (e.g. {@code ToTensor}) runs on each batch.
 */
public final class IdentityFolderDataset extends RandomAccessDataset {
    private final IdentityFolder folder;

    private IdentityFolderDataset(Builder builder) {
        super(builder);
        this.folder = builder.folder;
    }

    public static Builder builder(IdentityFolder folder) {
        return new Builder(folder);
    }

    public IdentityFolder folder() { return folder; }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        int i = Math.toIntExact(index);
        Image img;
        try {
            img = ImageFactory.getInstance().fromFile(folder.image(i));
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot decode image " + folder.image(i) + ": " + e.getMessage(), e);
        }
        NDArray data = img.toNDArray(manager, Image.Flag.COLOR);
        NDArray label = manager.create(folder.label(i));
        return new Record(new NDList(data), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return folder.size();
    }

    @Override
    public void prepare(Progress progress) {
        // The folder was scanned when the builder got it: nothing to download or index.
    }

    /** Builder; the sampler defaults to nothing, so set a {@link PkSampler} with {@code setSampling}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final IdentityFolder folder;

        private Builder(IdentityFolder folder) {
            this.folder = folder;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public IdentityFolderDataset build() {
            return new IdentityFolderDataset(this);
        }
    }
}
