/**
 * Image to aligned faces: {@link oneshot.pipeline.FacePipeline} (MTCNN, dlib box map, dlib 68 landmarks, OpenFace warp;
 * or the {@link oneshot.pipeline.FivePointAligner} fallback, reported as {@link oneshot.pipeline.AlignmentKind}), the
 * resumable {@link oneshot.pipeline.AlignJob} behind the {@code Align} launcher, the golden comparison with real dlib
 * ({@link oneshot.pipeline.GoldenComparison}) and the {@link oneshot.pipeline.PipelineBenchmark}.
 */
package oneshot.pipeline;
