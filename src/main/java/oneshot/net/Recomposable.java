package oneshot.net;

import ai.djl.nn.Block;

import java.util.List;

/**
 * A block with its own forward over child blocks (not a DJL SequentialBlock or ParallelBlock) that can be rebuilt
 * around other children: how an inference view puts wrappers around the same layers without the definition knowing
 * what they do.
 */
public interface Recomposable {
    /** The same computation over {@code children} (one per child of this block, in order), sharing nothing else. */
    Block withChildren(List<Block> children);
}
