export * from './job-types.ts';
export * from './jobs-error.ts';
export { runDetectJob, type DetectSummary, type DetectJobContext } from './run-detect.ts';
export { openDetectInputs, type DetectInputs } from './detect-inputs.ts';
export { defaultMode, guessMode, type ModeGuess } from './default-mode.ts';
export { ensureJob, jobIdFor, runStoredJob, toJobRecord } from './job-runner.ts';
export { MU_M2 } from './write-outputs.ts';
