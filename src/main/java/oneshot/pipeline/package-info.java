/**
 * Image to aligned faces: {@link oneshot.pipeline.FacePipeline} (MTCNN, dlib box map, dlib 68 landmarks, then the
 * {@link oneshot.pipeline.FaceAligner} chosen at build time: OpenFace's 96x96 warp or dlib's 150x150 chip; or the
 * {@link oneshot.pipeline.FivePointAligner} fallback; every crop labelled with its {@link oneshot.pipeline.AlignmentKind}),
 * the resumable {@link oneshot.pipeline.AlignJob} behind the {@code Align} launcher, the golden comparison with real dlib
 * ({@link oneshot.pipeline.GoldenComparison}) and the {@link oneshot.pipeline.PipelineBenchmark}.
 */
package oneshot.pipeline;
