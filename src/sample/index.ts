/** Public surface of the sample room. */
export { generateSample, SAMPLE_FILES } from './generate-sample.ts';
export { buildScene } from './build-scene.ts';
export { renderTile, allocSampleTile, type SampleTile } from './render-tile.ts';
export { transitionCode } from './transition-code.ts';
export { RULES } from './expected-rules.ts';
export { SampleError, SAMPLE_CODES } from './sample-error.ts';
export type { SampleOptions, SampleResult, SampleManifest, ManifestChange, Scene, RuleId } from './sample-types.ts';
