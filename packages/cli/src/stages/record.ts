import type { StageContext } from '../pipeline';

/** The record stage: appends the run to the posture record. Filled by the posture-record issue. */
export async function recordStage(_ctx: StageContext): Promise<void> {
  // No posture record is wired yet.
}
