/**
 * Image to aligned faces: {@link oneshot.pipeline.FacePipeline} (MTCNN, dlib box map, dlib 68 landmarks, then the
 * {@link oneshot.pipeline.FaceAligner} chosen at build time: OpenFace's 96x96 warp or dlib's 150x150 chip; or the
 * {@link oneshot.pipeline.FivePointAligner} fallback; every crop labelled with its {@link oneshot.pipeline.AlignmentKind}),
 * and the resumable {@link oneshot.pipeline.AlignJob} behind the {@code Align} launcher. The golden comparison with real
 * dlib ({@code GoldenComparison}) and {@code PipelineBenchmark} are tools of this package in src/tools/java.
 */
package oneshot.pipeline;
