import type { DetectTileResult, DetectTileTask } from '../messages.ts';
import { changeTask } from './change-task.ts';
import { labelTask } from './label-task.ts';

/** Both steps of the detect pass for one tile: change codes over the label window, then cleanup + labels. */
export async function detectTileTask(task: DetectTileTask): Promise<DetectTileResult> {
  const change = await changeTask(task.change);
  const labelled = labelTask({ ...task.label, codes: change.codes, transitionCodes: change.transitionCodes, magnitude: change.magnitude });
  return { ...labelled, transitions: change.transitions, changeMs: change.ms };
}
