import type { StageContext } from '../pipeline';

/** The scoring stage: scores findings and assets. Filled by the scoring issue. */
export async function scoreStage(_ctx: StageContext): Promise<void> {
  // No scoring model is wired yet.
}
